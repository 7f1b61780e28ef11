/* What index.c (the database and its safety) and rows.c (the rows) share. */
#ifndef LISTDIGEST_INDEX_INTERNAL_H
#define LISTDIGEST_INDEX_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>

#include "../common/strbuf.h"

/* The values stored once in the value table (list ids), as far as they have been met. */
struct value_cache {
	char **values;
	int64_t *ids;
	size_t count;
};

struct msg_index {
	sqlite3 *db;
	char *path;          /* the file, or ":memory:" */
	char *source_id;
	FILE *warnings;
	bool corrupt;        /* the last error was the file's corruption */
	bool in_memory;
	bool in_update;
	bool in_read;        /* between index_read_begin and index_read_end */
	bool skip_patch_ids; /* index_options.skip_patch_ids */
	bool skip_subjects;  /* index_options.skip_subjects */
	int lock_fd;         /* <path>.lock, flock'd shared while open; -1 in memory */
	/* prepared once, reused (rows.c) */
	sqlite3_stmt *add;
	sqlite3_stmt *load_one, *load_body, *load_record;
	sqlite3_stmt *find_commit;
	sqlite3_stmt *value_find, *value_add, *value_get;
	struct value_cache values;
};

/* "<what>: <SQLite's message>" into err; returns -1. */
int index_sql_error(struct msg_index *idx, const char *what, struct strbuf *err);

/* rows.c: prepares and finalises the statements of the rows. */
int rows_prepare(struct msg_index *idx);
void rows_finalize(struct msg_index *idx);

/* values.c: a value's id in the value table, adding it (inside an update); 0 when it is kept inline. */
int values_id(struct msg_index *idx, const char *value, int64_t *id);
/* The value of an id, NULL when there is none; owned by the cache. */
const char *values_get(struct msg_index *idx, int64_t id);
/* After a rollback the ids learned may be gone: forget them. */
void values_forget(struct msg_index *idx);

#endif
