/* What index.c (the database and its safety) and rows.c (the rows) share. */
#ifndef LISTDIGEST_INDEX_INTERNAL_H
#define LISTDIGEST_INDEX_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>

#include "../common/strbuf.h"

struct msg_index {
	sqlite3 *db;
	char *path;          /* the file, or ":memory:" */
	bool in_memory;
	bool in_update;
	int lock_fd;         /* <path>.lock, flock'd shared while open; -1 in memory */
	/* prepared once, reused (rows.c) */
	sqlite3_stmt *add;
	sqlite3_stmt *load_one;
	sqlite3_stmt *find_commit;
};

/* "<what>: <SQLite's message>" into err; returns -1. */
int index_sql_error(struct msg_index *idx, const char *what, struct strbuf *err);

/* rows.c: prepares and finalises the statements of the rows. */
int rows_prepare(struct msg_index *idx);
void rows_finalize(struct msg_index *idx);

#endif
