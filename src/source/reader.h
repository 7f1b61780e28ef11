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

/*
 * Reads the commits' blobs with `threads` workers, each with its own
 * repository handle. When progress is true, a counter is drawn on stderr.
 * Returns 0, or -1 with a message in err (an unreadable object).
 */
int reader_run(const char *repo_path, const git_oid *commits, size_t count, int threads,
	       int progress, reader_message_fn fn, void *ctx, struct strbuf *err);

#endif
