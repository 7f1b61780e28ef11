#include "row_list.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"
#include "../index/index.h"

static bool follows(int64_t row, int64_t previous)
{
	return index_row_part(row) == index_row_part(previous) && index_row_seq(row) + 1 == index_row_seq(previous);
}

void row_list_take(struct row_list *list, int64_t *rows, size_t count)
{
	size_t runs = 0;
	memset(list, 0, sizeof(*list));
	list->count = count;
	for (size_t i = 0; i < count; i++)
		runs += i == 0 || !follows(rows[i], rows[i - 1]);
	/* a run takes two rows' room */
	if (runs * 2 > count) {
		list->rows = rows;
		return;
	}
	list->runs = xmalloc((runs ? runs : 1) * sizeof(*list->runs));
	for (size_t i = 0; i < count; i++)
		if (i == 0 || !follows(rows[i], rows[i - 1]))
			list->runs[list->run_count++] = (struct row_run){i, rows[i]};
	free(rows);
}

int64_t row_list_at(const struct row_list *list, size_t position)
{
	if (list->rows)
		return list->rows[position];
	/* the last run that starts at or before position */
	size_t low = 0, high = list->run_count;
	while (high - low > 1) {
		size_t middle = low + (high - low) / 2;
		if (list->runs[middle].start <= position)
			low = middle;
		else
			high = middle;
	}
	const struct row_run *run = &list->runs[low];
	int64_t first = run->first;
	return index_row_id(index_row_part(first), index_row_seq(first) - (int64_t)(position - run->start));
}

void row_list_release(struct row_list *list)
{
	free(list->rows);
	free(list->runs);
	memset(list, 0, sizeof(*list));
}
