/* Reading every message of a source, on several threads. */
#ifndef LISTDIGEST_READER_H
#define LISTDIGEST_READER_H

#include <stddef.h>

#include "../common/strbuf.h"
#include "source.h"

/*
 * With a consumer, the workers read at most READER_READ_AHEAD messages
 * ahead of it: the rows waiting to be consumed are then bounded, however
 * much faster reading is than consuming (a million messages otherwise
 * waited in memory for their turn to be added to the index).
 *
 * A consumer's rows in flight: between a message's read and its consumer
 * call, at most READER_WINDOW messages are, so a consumer can keep what
 * the workers hand it in a ring of READER_WINDOW entries, at the reading
 * place modulo READER_WINDOW.
 */
#define READER_READ_AHEAD 2048 /* how far the workers read ahead of the consumer */
#define READER_BATCH 32        /* work is handed out in batches: even load, little contention */
#define READER_WINDOW (READER_READ_AHEAD + READER_BATCH)

/*
 * Called once per message from a worker thread, with the message as read
 * (blob->data NULL for a removal record) and its place in the reading
 * order. Calls for different indices run concurrently; each index is
 * visited once.
 */
typedef void (*reader_message_fn)(size_t index, size_t place, const struct source_blob *blob,
				  void *ctx);

/*
 * Draws progress: done of count messages read, from the calling thread
 * only; the last call, done == count or not, is after all the reading.
 */
typedef void (*reader_progress_fn)(size_t done, size_t count, void *ctx);

/*
 * Called, from a worker thread, for a message the source cannot read,
 * with the source's "<what>: <why>"; reading then goes on.
 */
typedef void (*reader_unreadable_fn)(size_t index, size_t place, const char *why, void *ctx);

/*
 * Called from the calling thread for each message, in the reading order,
 * once its reader_message_fn (or reader_unreadable_fn) has returned, while
 * the workers read the next ones: work that must stay on one thread, such
 * as adding rows to a database. Returns 0, or -1 to stop the reading.
 */
typedef int (*reader_consume_fn)(size_t index, size_t place, void *ctx);

struct reader_options {
	struct source *source;        /* borrowed */
	int threads;                  /* workers; 1 reads in the calling thread */
	reader_progress_fn progress;  /* NULL: none */
	void *progress_ctx;
	reader_unreadable_fn unreadable; /* NULL: the first message that cannot be read stops all */
	/* the order to read in: a permutation of 0 .. count - 1 (borrowed); NULL: 0, 1, ... */
	const uint32_t *order;
	reader_consume_fn consume;    /* NULL: none */
	void *consume_ctx;
};

#define READER_OPTIONS_INIT {NULL, 1, NULL, NULL, NULL, NULL, NULL, NULL}

/*
 * Reads every message of opts->source. Returns 0, or -1 with a message in
 * err (but when the consumer failed: its message is its own to give).
 */
int reader_run(const struct reader_options *opts, reader_message_fn fn, void *ctx,
	       struct strbuf *err);

#endif
