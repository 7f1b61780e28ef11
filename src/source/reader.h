/* Reading every message of a source, on several threads. */
#ifndef LISTDIGEST_READER_H
#define LISTDIGEST_READER_H

#include <stddef.h>

#include "../common/strbuf.h"
#include "source.h"

/*
 * Called once per message from a worker thread, with the message as read
 * (blob->data NULL for a removal record). Calls for different indices run
 * concurrently; each index is visited once.
 */
typedef void (*reader_message_fn)(size_t index, const struct source_blob *blob, void *ctx);

/*
 * Draws progress: done of count messages read, from the calling thread
 * only; the last call, done == count or not, is after all the reading.
 */
typedef void (*reader_progress_fn)(size_t done, size_t count, void *ctx);

/*
 * Called, from a worker thread, for a message the source cannot read,
 * with the source's "<what>: <why>"; reading then goes on.
 */
typedef void (*reader_unreadable_fn)(size_t index, const char *why, void *ctx);

struct reader_options {
	struct source *source;        /* borrowed */
	int threads;                  /* workers; 1 reads in the calling thread */
	reader_progress_fn progress;  /* NULL: none */
	void *progress_ctx;
	reader_unreadable_fn unreadable; /* NULL: the first message that cannot be read stops all */
};

#define READER_OPTIONS_INIT {NULL, 1, NULL, NULL, NULL}

/* Reads every message of opts->source. Returns 0, or -1 with a message in err. */
int reader_run(const struct reader_options *opts, reader_message_fn fn, void *ctx,
	       struct strbuf *err);

#endif
