/*
 * The rows of a load by position, for what reads a message back one at a
 * time (the report's subjects, ids and entry bodies). Rows that go down
 * one seq at a time within a part, as index_list lists them, are held as
 * runs: a whole index is a run an epoch, where an array took 8 bytes a
 * message (8 MB at a million). Rows of many short runs stay an array.
 */
#ifndef LISTDIGEST_ROW_LIST_H
#define LISTDIGEST_ROW_LIST_H

#include <stddef.h>
#include <stdint.h>

struct row_list {
	int64_t *rows;           /* count rows; NULL when they are in runs */
	struct row_run {
		size_t start;    /* the position of its first row */
		int64_t first;   /* that row; the next position's is the next lower seq */
	} *runs;
	size_t run_count;
	size_t count;
};

/* Takes rows[0..count) (malloc'd, or NULL when count is 0): kept, or freed for runs when they save room. */
void row_list_take(struct row_list *list, int64_t *rows, size_t count);
/* The row at position, below list->count. */
int64_t row_list_at(const struct row_list *list, size_t position);
void row_list_release(struct row_list *list);

#endif
