/*
 * index-fill: fills an index with the facts of every message of a source,
 * as listdigest's pipeline computes them, and loads it back; for measuring
 * the index's size and its load time on a real archive.
 *
 *   index-fill fill CACHE_DIR SOURCE   index every message (part 0), print rows and bytes
 *   index-fill load CACHE_DIR SOURCE   load every row (no entry bodies), print the count
 *
 * Measure a load with: perf stat -e instructions index-fill load DIR SOURCE
 * (a run of `fill` first).
 */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../../src/index/index.h"
#include "../../src/message/mail.h"
#include "../../src/patch/facts.h"
#include "../../src/source/reader.h"
#include "../../src/source/source.h"

struct reading {
	const struct source *source;
	struct message_facts *facts;
};

/* As src/run/run.c reads a message. */
static void read_message(size_t i, const struct source_blob *blob, void *ctx)
{
	struct reading *r = ctx;
	struct message_facts *f = &r->facts[i];
	struct mail mail;

	f->arrival = source_arrival(r->source, i);
	if (!blob->data)
		return;
	mail_parse(&mail, blob->data, blob->len, MAIL_PARSER_AUTO);
	facts_from_mail(f, &mail);
	mail_release(&mail);
	f->arrival = source_arrival(r->source, i);
	f->has_blob_id = blob->has_blob_id;
	if (blob->has_blob_id)
		git_oid_cpy(&f->blob_id, &blob->blob_id);
}

/* The commits of a one-epoch repository, newest first, as the source lists them. */
static git_oid *list_commits(const char *path, size_t want)
{
	git_repository *repo = NULL;
	git_revwalk *walk = NULL;
	git_oid *oids = NULL, oid;
	size_t n = 0;

	if (git_repository_open_bare(&repo, path) < 0 || git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_push_head(walk) < 0)
		goto out;
	git_revwalk_simplify_first_parent(walk);
	oids = calloc(want ? want : 1, sizeof(*oids));
	while (git_revwalk_next(&oid, walk) == 0) {
		if (n == want) {
			n++;
			break;
		}
		git_oid_cpy(&oids[n++], &oid);
	}
out:
	git_revwalk_free(walk);
	git_repository_free(repo);
	if (n != want) { /* not one epoch: no commit ids */
		free(oids);
		oids = NULL;
	}
	return oids;
}

static int fill(struct msg_index *idx, const char *path, struct strbuf *err)
{
	struct source_options so = SOURCE_OPTIONS_INIT;
	struct source *src = NULL;
	so.path = path;
	if (source_open(&src, &so, err) < 0)
		return -1;
	size_t count = source_count(src);
	struct message_facts *facts = calloc(count ? count : 1, sizeof(*facts));
	struct reading reading = {src, facts};
	struct reader_options ro = READER_OPTIONS_INIT;
	ro.source = src;
	ro.threads = 2;
	int rc = reader_run(&ro, read_message, &reading, err);
	git_oid *commits = rc ? NULL : list_commits(path, count);
	if (!rc)
		rc = index_update_begin(idx, err);
	/* oldest first, as updates append: source index 0 is the newest, seq 0 the oldest */
	for (size_t seq = 0; !rc && seq < count; seq++) {
		size_t i = count - 1 - seq;
		struct index_key key = {0, (int64_t)seq, commits ? &commits[i] : NULL};
		rc = index_add(idx, &key, &facts[i], err);
	}
	if (!rc)
		rc = index_update_commit(idx, err);
	size_t bodies = 0;
	for (size_t i = 0; i < count; i++) {
		bodies += facts[i].entry_body != NULL;
		facts_release(&facts[i]);
	}
	printf("rows: %zu (%zu with an entry body, commit ids: %s)\n", count, bodies, commits ? "yes" : "no");
	free(commits);
	free(facts);
	source_close(src);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 4 || (strcmp(argv[1], "fill") && strcmp(argv[1], "load"))) {
		fprintf(stderr, "usage: index-fill fill|load CACHE_DIR SOURCE\n");
		return 2;
	}
	struct index_options opts = INDEX_OPTIONS_INIT;
	struct msg_index *idx = NULL;
	struct strbuf err;
	int rc;

	strbuf_init(&err, 0);
	source_library_init();
	mail_library_init();
	opts.cache_dir = argv[2];
	opts.name = "fill";
	if (index_open(&idx, &opts, argv[3], &err) < 0) {
		fprintf(stderr, "index-fill: %s\n", err.buf);
		return 1;
	}
	if (!strcmp(argv[1], "fill")) {
		rc = fill(idx, argv[3], &err);
		char *path = strdup(index_path(idx));
		index_close(idx); /* checkpoints the WAL into the file */
		idx = NULL;
		struct stat st;
		if (!rc && stat(path, &st) == 0)
			printf("bytes: %lld\n", (long long)st.st_size);
		free(path);
	} else {
		struct index_rows rows;
		struct timespec t0, t1, c0, c1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
		rc = index_load_through(idx, INT64_MAX, 0, &rows, &err);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		/* one rough timing, for information: the machine may be busy */
		if (!rc)
			printf("loaded: %zu rows in %.1f ms (%.1f ms of CPU)\n", rows.count,
			       (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
			       (double)(c1.tv_sec - c0.tv_sec) * 1e3 + (double)(c1.tv_nsec - c0.tv_nsec) / 1e6);
		index_rows_release(&rows);
	}
	index_close(idx);
	if (rc)
		fprintf(stderr, "index-fill: %s\n", err.buf);
	strbuf_release(&err);
	source_library_shutdown();
	return rc ? 1 : 0;
}
