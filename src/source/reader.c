#include "reader.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Work is handed out in small batches: even load, little contention. */
#define BATCH 32

struct reader {
	const char *repo_path;
	const git_oid *commits;
	const git_oid *trees;
	size_t count;
	reader_message_fn fn;
	void *ctx;
	atomic_size_t next;
	atomic_size_t done;
	atomic_int failed;
	pthread_mutex_t err_lock;
	struct strbuf *err;
};

static void reader_fail(struct reader *r, const char *what, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	const git_error *e = git_error_last();

	pthread_mutex_lock(&r->err_lock);
	if (!atomic_load(&r->failed)) {
		git_oid_tostr(hex, sizeof(hex), id);
		strbuf_addf(r->err, "%s %s: %s", what, hex, e && e->message ? e->message : "cannot read");
		atomic_store(&r->failed, 1);
	}
	pthread_mutex_unlock(&r->err_lock);
}

/* The id of the entry "m" in a raw tree object, if there is one. */
static int tree_find_m(const unsigned char *data, size_t len, git_oid *out)
{
	size_t pos = 0;
	while (pos < len) {
		const unsigned char *nul = memchr(data + pos, '\0', len - pos);
		if (!nul || (size_t)(nul - data) + 1 + GIT_OID_RAWSZ > len)
			return -1;
		const unsigned char *space = memchr(data + pos, ' ', (size_t)(nul - data) - pos);
		if (space && nul - space == 2 && space[1] == 'm') {
			git_oid_fromraw(out, nul + 1);
			return 0;
		}
		pos = (size_t)(nul - data) + 1 + GIT_OID_RAWSZ;
	}
	return -1;
}

/*
 * One commit: raw commit -> its tree -> blob m. Raw odb reads skip the
 * object parsing and caching that git_commit_lookup() would do for
 * objects read only once; the commit itself is skipped when the walk
 * already read it and knows its tree.
 */
static void read_one(struct reader *r, git_odb *odb, size_t index)
{
	const git_oid *id = &r->commits[index];
	git_odb_object *commit = NULL, *tree = NULL, *blob = NULL;
	git_oid tree_id, blob_id;

	if (r->trees) {
		git_oid_cpy(&tree_id, &r->trees[index]);
	} else {
		if (git_odb_read(&commit, odb, id) < 0) {
			reader_fail(r, "reading commit", id);
			return;
		}
		const char *data = git_odb_object_data(commit);
		size_t len = git_odb_object_size(commit);
		if (len < 5 + GIT_OID_HEXSZ || memcmp(data, "tree ", 5) ||
		    git_oid_fromstrn(&tree_id, data + 5, GIT_OID_HEXSZ) < 0) {
			reader_fail(r, "parsing commit", id);
			goto out;
		}
	}
	if (git_odb_read(&tree, odb, &tree_id) < 0) {
		reader_fail(r, "reading the tree of commit", id);
		goto out;
	}
	if (tree_find_m(git_odb_object_data(tree), git_odb_object_size(tree), &blob_id) < 0) {
		r->fn(index, NULL, 0, r->ctx);
		goto out;
	}
	if (git_odb_read(&blob, odb, &blob_id) < 0) {
		reader_fail(r, "reading the message of commit", id);
		goto out;
	}
	r->fn(index, git_odb_object_data(blob), git_odb_object_size(blob), r->ctx);
out:
	git_odb_object_free(blob);
	git_odb_object_free(tree);
	git_odb_object_free(commit);
}

static void *worker(void *arg)
{
	struct reader *r = arg;
	git_repository *repo = NULL;
	git_odb *odb = NULL;

	if (git_repository_open_ext(&repo, r->repo_path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0 ||
	    git_repository_odb(&odb, repo) < 0) {
		reader_fail(r, "opening repository for", &r->commits[0]);
		git_repository_free(repo);
		return NULL;
	}
	for (;;) {
		size_t start = atomic_fetch_add(&r->next, BATCH);
		if (start >= r->count || atomic_load(&r->failed))
			break;
		size_t end = start + BATCH < r->count ? start + BATCH : r->count;
		for (size_t i = start; i < end; i++)
			read_one(r, odb, i);
		atomic_fetch_add(&r->done, end - start);
	}
	git_odb_free(odb);
	git_repository_free(repo);
	return NULL;
}

static void draw_progress(size_t done, size_t count)
{
	fprintf(stderr, "\rReading messages: %3d%% (%zu/%zu)", count ? (int)(done * 100 / count) : 100,
		done, count);
	fflush(stderr);
}

int reader_run(const struct reader_options *opts, reader_message_fn fn, void *ctx,
	       struct strbuf *err)
{
	struct reader r = {
		.repo_path = opts->repo_path, .commits = opts->commits, .trees = opts->trees,
		.count = opts->count, .fn = fn, .ctx = ctx, .err = err,
	};
	size_t count = opts->count;
	int threads = opts->threads, progress = opts->progress;
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
	} else if (progress) {
		struct timespec tick = {0, 100 * 1000 * 1000};
		while (atomic_load(&r.done) < count && !atomic_load(&r.failed)) {
			draw_progress(atomic_load(&r.done), count);
			nanosleep(&tick, NULL);
		}
	}
	for (int i = 0; i < started; i++)
		pthread_join(ids[i], NULL);
	if (progress) {
		draw_progress(atomic_load(&r.done), count);
		fputs(", done.\n", stderr);
	}
	free(ids);
	pthread_mutex_destroy(&r.err_lock);
	return atomic_load(&r.failed) ? -1 : 0;
}
