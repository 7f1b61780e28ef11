/*
 * index-fill: fills an index with the facts of every message of a source,
 * through listdigest's own update (index_update_source), and loads it back; for measuring
 * the index's size and its load time on a real archive.
 *
 *   index-fill fill CACHE_DIR SOURCE   index every message, print rows and bytes
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
#include "../../src/index/update.h"
#include "../../src/message/mail.h"
#include "../../src/source/source.h"

/* Indexes the source as listdigest does (index_update_source), then tells what the rows hold. */
static int fill(struct msg_index *idx, const char *path, struct strbuf *err)
{
	struct index_update_options uo = INDEX_UPDATE_OPTIONS_INIT;
	struct index_update_result result;
	struct index_listing all = {0};
	struct index_rows rows = {0};
	size_t bodies = 0, commits = 0;

	uo.path = path;
	uo.threads = 2;
	int rc = index_update_source(idx, &uo, &result, err);
	if (!rc)
		rc = index_list(idx, &all, err);
	for (size_t i = 0; !rc && i < all.count; i++) {
		git_oid commit;
		int has = index_row_commit(idx, all.rows[i], &commit, err);
		if (has < 0)
			rc = -1;
		commits += has == 1;
	}
	if (!rc)
		rc = index_load_through(idx, INT64_MAX, &rows, err);
	struct strbuf body;
	strbuf_init(&body, 0);
	for (size_t i = 0; !rc && i < rows.count; i++) {
		int has = index_load_entry_body(idx, rows.rows[i], &body, err);
		if (has < 0)
			rc = -1;
		bodies += has == 1;
	}
	strbuf_release(&body);
	if (!rc)
		printf("rows: %zu (%zu with an entry body, commit ids: %s)\n", result.added, bodies,
		       commits == all.count && all.count ? "yes" : "no");
	index_rows_release(&rows);
	index_listing_release(&all);
	index_update_result_release(&result);
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
		rc = index_load_through(idx, INT64_MAX, &rows, &err);
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
