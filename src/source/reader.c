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
	const size_t *order;     /* the messages in the order handed out; NULL: 0, 1, ... */
	reader_message_fn fn;
	reader_unreadable_fn unreadable;
	void *ctx;
	atomic_size_t next;      /* the next place in order */
	atomic_size_t done;
	atomic_int failed;
	pthread_mutex_t err_lock;
	struct strbuf *err;
	/* with a consumer: which messages are read, and a signal for each batch */
	atomic_uchar *ready;
	pthread_mutex_t ready_lock;
	pthread_cond_t ready_cond;
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
		for (size_t k = start; k < end; k++) {
			size_t i = r->order ? r->order[k] : k;
			if (source_read(cur, i, &blob, &why) < 0) {
				if (!r->unreadable) {
					reader_fail(r, &why);
					break;
				}
				r->unreadable(i, why.len ? why.buf : "cannot read the message", r->ctx);
				strbuf_reset(&why);
			} else {
				r->fn(i, &blob, r->ctx);
			}
			if (r->ready)
				atomic_store_explicit(&r->ready[i], 1, memory_order_release);
		}
		atomic_fetch_add(&r->done, end - start);
		if (r->ready) { /* the consumer may be waiting for one of these */
			pthread_mutex_lock(&r->ready_lock);
			pthread_cond_broadcast(&r->ready_cond);
			pthread_mutex_unlock(&r->ready_lock);
		}
	}
	if (r->ready) { /* a failed worker wakes the consumer too */
		pthread_mutex_lock(&r->ready_lock);
		pthread_cond_broadcast(&r->ready_cond);
		pthread_mutex_unlock(&r->ready_lock);
	}
	source_cursor_close(cur);
	strbuf_release(&why);
	return NULL;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until message i is read; false when reading failed first. */
static bool wait_ready(struct reader *r, size_t i)
{
	if (atomic_load_explicit(&r->ready[i], memory_order_acquire))
		return true;
	pthread_mutex_lock(&r->ready_lock);
	while (!atomic_load_explicit(&r->ready[i], memory_order_acquire) && !atomic_load(&r->failed))
		pthread_cond_wait(&r->ready_cond, &r->ready_lock);
	pthread_mutex_unlock(&r->ready_lock);
	return atomic_load_explicit(&r->ready[i], memory_order_acquire);
}

/*
 * The calling thread's part: each message to the consumer, in order, as
 * soon as it is read, drawing progress on the way. Returns 0, or -1 when
 * the consumer failed (the workers then stop) or reading did.
 */
static int consume_all(struct reader *r, const struct reader_options *opts)
{
	int64_t drawn = now_ms();
	for (size_t k = 0; k < r->count; k++) {
		size_t i = r->order ? r->order[k] : k;
		if (!wait_ready(r, i))
			return -1;
		if (opts->consume(i, opts->consume_ctx) < 0) {
			atomic_store(&r->failed, 1);
			return -1;
		}
		if (opts->progress && (k & 63) == 0 && now_ms() - drawn >= 100) {
			opts->progress(atomic_load(&r->done), r->count, opts->progress_ctx);
			drawn = now_ms();
		}
	}
	return 0;
}

int reader_run(const struct reader_options *opts, reader_message_fn fn, void *ctx,
	       struct strbuf *err)
{
	size_t count = source_count(opts->source);
	struct reader r = {
		.source = opts->source, .count = count, .order = opts->order, .fn = fn,
		.unreadable = opts->unreadable, .ctx = ctx, .err = err,
	};
	int consumed = 0;
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
	if (opts->consume) {
		r.ready = xcalloc(count, sizeof(*r.ready));
		pthread_mutex_init(&r.ready_lock, NULL);
		pthread_cond_init(&r.ready_cond, NULL);
	}
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
		if (opts->consume && !atomic_load(&r.failed))
			consumed = consume_all(&r, opts);
	} else if (opts->consume) {
		consumed = consume_all(&r, opts);
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
	if (opts->consume) {
		free(r.ready);
		pthread_mutex_destroy(&r.ready_lock);
		pthread_cond_destroy(&r.ready_cond);
	}
	return consumed < 0 || atomic_load(&r.failed) ? -1 : 0;
}
