#include "reader.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct reader {
	struct source *source;
	size_t count;
	const uint32_t *order;   /* the messages in the order handed out; NULL: 0, 1, ... */
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
	/* and how far it has come; 0 read_ahead: no bound (one thread reads all first) */
	atomic_size_t consumed;
	size_t read_ahead;
	pthread_cond_t room_cond;     /* under ready_lock: the consumer moved on */
};

/* Waits until the batch at start is within read_ahead of the consumer; false when reading failed. */
static bool wait_room(struct reader *r, size_t start)
{
	if (!r->read_ahead || start < atomic_load(&r->consumed) + r->read_ahead)
		return !atomic_load(&r->failed);
	pthread_mutex_lock(&r->ready_lock);
	while (start >= atomic_load(&r->consumed) + r->read_ahead && !atomic_load(&r->failed))
		pthread_cond_wait(&r->room_cond, &r->ready_lock);
	pthread_mutex_unlock(&r->ready_lock);
	return !atomic_load(&r->failed);
}

/* Wakes whoever waits on cond (under ready_lock). */
static void broadcast(struct reader *r, pthread_cond_t *cond)
{
	pthread_mutex_lock(&r->ready_lock);
	pthread_cond_broadcast(cond);
	pthread_mutex_unlock(&r->ready_lock);
}

/* Wakes the workers waiting for room: the consumer moved on, or failed. */
static void signal_room(struct reader *r)
{
	broadcast(r, &r->room_cond);
}

/* Keeps the first error of any worker. */
static void reader_fail(struct reader *r, const struct strbuf *why)
{
	pthread_mutex_lock(&r->err_lock);
	if (!atomic_load(&r->failed)) {
		strbuf_addstr(r->err, why->len ? why->buf : "cannot read a message");
		atomic_store(&r->failed, 1);
	}
	pthread_mutex_unlock(&r->err_lock);
	if (r->read_ahead) /* the workers waiting for room stop */
		signal_room(r);
}

/*
 * Reads the next batch of messages with cur. False when there is none
 * left, or reading failed.
 */
static bool read_next_batch(struct reader *r, struct source_cursor *cur, struct strbuf *why)
{
	struct source_blob blob;
	size_t start = atomic_fetch_add(&r->next, READER_BATCH);
	if (start >= r->count || !wait_room(r, start))
		return false;
	size_t end = start + READER_BATCH < r->count ? start + READER_BATCH : r->count;
	for (size_t k = start; k < end; k++) {
		size_t i = r->order ? r->order[k] : k;
		if (source_read(cur, i, &blob, why) < 0) {
			if (!r->unreadable) {
				reader_fail(r, why);
				break;
			}
			r->unreadable(i, k, why->len ? why->buf : "cannot read the message", r->ctx);
			strbuf_reset(why);
		} else {
			r->fn(i, k, &blob, r->ctx);
		}
		if (r->ready)
			atomic_store_explicit(&r->ready[i], 1, memory_order_release);
	}
	atomic_fetch_add(&r->done, end - start);
	if (r->ready) /* the consumer may be waiting for one of these */
		broadcast(r, &r->ready_cond);
	return !atomic_load(&r->failed);
}

static void *worker(void *arg)
{
	struct reader *r = arg;
	struct source_cursor *cur = NULL;
	struct strbuf why;

	strbuf_init(&why, 0);
	if (source_cursor_open(r->source, &cur, &why) < 0) {
		reader_fail(r, &why);
	} else {
		while (read_next_batch(r, cur, &why))
			;
	}
	if (r->ready) /* a failed worker wakes the consumer too */
		broadcast(r, &r->ready_cond);
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
 * soon as it is read, drawing progress on the way. With cur, there are no
 * workers: this thread reads each batch before consuming it. Returns 0,
 * or -1 when the consumer failed (the workers then stop) or reading did.
 */
static int consume_all(struct reader *r, const struct reader_options *opts,
		       struct source_cursor *cur, struct strbuf *why)
{
	int64_t drawn = now_ms();
	for (size_t k = 0; k < r->count; k++) {
		size_t i = r->order ? r->order[k] : k;
		while (cur && !atomic_load(&r->ready[i]) && read_next_batch(r, cur, why))
			;
		if (!wait_ready(r, i))
			return -1;
		if (opts->consume(i, k, opts->consume_ctx) < 0) {
			atomic_store(&r->failed, 1);
			if (r->read_ahead)
				signal_room(r);
			return -1;
		}
		atomic_store(&r->consumed, k + 1);
		if (r->read_ahead && (k + 1) % READER_BATCH == 0)
			signal_room(r);
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
	atomic_init(&r.consumed, 0);
	pthread_mutex_init(&r.err_lock, NULL);
	if (opts->consume) {
		r.ready = xcalloc(count, sizeof(*r.ready));
		pthread_mutex_init(&r.ready_lock, NULL);
		pthread_cond_init(&r.ready_cond, NULL);
		pthread_cond_init(&r.room_cond, NULL);
		r.read_ahead = threads > 1 ? READER_READ_AHEAD : 0;
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
	if (!started && opts->consume) {
		/* one thread, or threads could not start: each batch read here, then consumed */
		struct source_cursor *cur = NULL;
		struct strbuf why;
		strbuf_init(&why, 0);
		r.read_ahead = 0;
		if (source_cursor_open(r.source, &cur, &why) < 0)
			reader_fail(&r, &why);
		else
			consumed = consume_all(&r, opts, cur, &why);
		source_cursor_close(cur);
		strbuf_release(&why);
	} else if (!started) {
		worker(&r);
	} else if (opts->consume) {
		consumed = consume_all(&r, opts, NULL, NULL);
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
		pthread_cond_destroy(&r.room_cond);
	}
	return consumed < 0 || atomic_load(&r.failed) ? -1 : 0;
}
