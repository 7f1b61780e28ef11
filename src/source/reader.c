#include "reader.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Work is handed out in small batches: even load, little contention. */
#define BATCH 32

struct reader {
	struct source *source;
	size_t count;
	reader_message_fn fn;
	reader_unreadable_fn unreadable;
	void *ctx;
	atomic_size_t next;
	atomic_size_t done;
	atomic_int failed;
	pthread_mutex_t err_lock;
	struct strbuf *err;
};

/* Keeps the first error of any worker. */
static void reader_fail(struct reader *r, const struct strbuf *why)
{
	pthread_mutex_lock(&r->err_lock);
	if (!atomic_load(&r->failed)) {
		strbuf_addstr(r->err, why->len ? why->buf : "cannot read a message");
		atomic_store(&r->failed, 1);
	}
	pthread_mutex_unlock(&r->err_lock);
}

static void *worker(void *arg)
{
	struct reader *r = arg;
	struct source_cursor *cur = NULL;
	struct source_blob blob;
	struct strbuf why;

	strbuf_init(&why, 0);
	if (source_cursor_open(r->source, &cur, &why) < 0) {
		reader_fail(r, &why);
		strbuf_release(&why);
		return NULL;
	}
	for (;;) {
		size_t start = atomic_fetch_add(&r->next, BATCH);
		if (start >= r->count || atomic_load(&r->failed))
			break;
		size_t end = start + BATCH < r->count ? start + BATCH : r->count;
		for (size_t i = start; i < end; i++) {
			if (source_read(cur, i, &blob, &why) < 0) {
				if (r->unreadable) {
					r->unreadable(i, why.len ? why.buf : "cannot read the message", r->ctx);
					strbuf_reset(&why);
					continue;
				}
				reader_fail(r, &why);
				break;
			}
			r->fn(i, &blob, r->ctx);
		}
		atomic_fetch_add(&r->done, end - start);
	}
	source_cursor_close(cur);
	strbuf_release(&why);
	return NULL;
}

int reader_run(const struct reader_options *opts, reader_message_fn fn, void *ctx,
	       struct strbuf *err)
{
	size_t count = source_count(opts->source);
	struct reader r = {
		.source = opts->source, .count = count, .fn = fn, .unreadable = opts->unreadable,
		.ctx = ctx, .err = err,
	};
	int threads = opts->threads > 0 ? opts->threads : 1;
	pthread_t *ids = xcalloc((size_t)threads, sizeof(*ids));
	int started = 0;

	if (!count) {
		free(ids);
		return 0;
	}
	atomic_init(&r.next, 0);
	atomic_init(&r.done, 0);
	atomic_init(&r.failed, 0);
	pthread_mutex_init(&r.err_lock, NULL);
	if (threads > 1) {
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		/* GMime recurses into nested multiparts: give it room. */
		pthread_attr_setstacksize(&attr, 64u << 20);
		for (; started < threads; started++)
			if (pthread_create(&ids[started], &attr, worker, &r))
				break;
		pthread_attr_destroy(&attr);
	}
	if (!started) {
		worker(&r); /* one thread, or threads could not start: do it here */
	} else if (opts->progress) {
		struct timespec tick = {0, 100 * 1000 * 1000};
		size_t done;
		while ((done = atomic_load(&r.done)) < count && !atomic_load(&r.failed)) {
			opts->progress(done, count, opts->progress_ctx);
			nanosleep(&tick, NULL);
		}
	}
	for (int i = 0; i < started; i++)
		pthread_join(ids[i], NULL);
	if (opts->progress)
		opts->progress(atomic_load(&r.done), count, opts->progress_ctx);
	free(ids);
	pthread_mutex_destroy(&r.err_lock);
	return atomic_load(&r.failed) ? -1 : 0;
}
