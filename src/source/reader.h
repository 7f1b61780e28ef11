/* Reading the message blob of each commit, on several threads. */
#ifndef LISTDIGEST_READER_H
#define LISTDIGEST_READER_H

#include <git2.h>
#include <stddef.h>

#include "../common/strbuf.h"

/*
 * Called once per commit from a worker thread, with the raw bytes of the
 * commit's blob `m`, or blob NULL when its tree has no `m` (a removal).
 * Calls for different indices run concurrently; each index is visited once.
 */
typedef void (*reader_message_fn)(size_t index, const char *blob, size_t len, void *ctx);

struct reader_options {
	const char *repo_path;   /* borrowed: each worker opens its own handle */
	const git_oid *commits;  /* borrowed: the commits to read, count of them */
	const git_oid *trees;    /* borrowed: their trees, saving a read; NULL when unknown */
	size_t count;
	int threads;             /* workers; 1 reads in the calling thread */
	int progress;            /* draw a counter on stderr */
};

#define READER_OPTIONS_INIT {NULL, NULL, NULL, 0, 1, 0}

/*
 * Reads the commits' blobs with opts->threads workers. Returns 0, or -1
 * with a message in err (an unreadable object).
 */
int reader_run(const struct reader_options *opts, reader_message_fn fn, void *ctx,
	       struct strbuf *err);

#endif
