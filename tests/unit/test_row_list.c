/* row_list: the rows of a load by position, in runs where they make them. */
#include "harness.h"

#include <stdint.h>
#include <stdlib.h>

#include "../../src/common/strbuf.h"
#include "../../src/index/index.h"
#include "../../src/run/row_list.h"

void test_row_list(void);

static int64_t *copy_of(const int64_t *rows, size_t n)
{
	int64_t *copy = xmalloc((n ? n : 1) * sizeof(*copy));
	for (size_t i = 0; i < n; i++)
		copy[i] = rows[i];
	return copy;
}

/* Every position reads back its row. */
static bool reads_back(const struct row_list *list, const int64_t *rows, size_t n)
{
	if (list->count != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (row_list_at(list, i) != rows[i])
			return false;
	return true;
}

void test_row_list(void)
{
	enum { N = 3000 };
	static int64_t rows[N];
	struct row_list list;

	/* index_list's order: parts newest first, seqs down; one part with a gap, a seq 0 */
	size_t n = 0;
	for (int64_t seq = 1000; seq > 0; seq--)
		rows[n++] = index_row_id(3, seq);
	for (int64_t seq = 999; seq >= 0; seq--)
		if (seq != 500)
			rows[n++] = index_row_id(2, seq);
	for (int64_t seq = 1000; seq > 0; seq--)
		rows[n++] = index_row_id(0, seq);
	row_list_take(&list, copy_of(rows, n), n);
	CHECK(!list.rows && list.run_count == 4 && reads_back(&list, rows, n),
	      "row_list: a part a run, a gap a run more (%zu runs), every position read back", list.run_count);
	row_list_release(&list);

	/* the same seq in the next part is no run: the part changes */
	int64_t across[4] = {index_row_id(1, 1), index_row_id(0, 0), index_row_id(1, 0), index_row_id(0, 1)};
	row_list_take(&list, copy_of(across, 4), 4);
	CHECK(list.rows && reads_back(&list, across, 4), "row_list: rows of no runs stay an array");
	row_list_release(&list);

	/* one run that ends where the next part's seq would follow */
	int64_t edge[3] = {index_row_id(2, 1), index_row_id(2, 0), index_row_id(1, INDEX_SEQ_MAX)};
	row_list_take(&list, copy_of(edge, 3), 3);
	CHECK(reads_back(&list, edge, 3), "row_list: seq 0 of a part and the largest seq of the part before");
	row_list_release(&list);

	row_list_take(&list, copy_of(rows, 0), 0);
	CHECK(list.count == 0, "row_list: no rows");
	row_list_release(&list);
	CHECK(!list.rows && !list.runs && !list.count, "row_list: released");
}
