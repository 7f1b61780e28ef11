/*
 * applied-check [-j JOBS] GITDIR[:RANGE]: reads `git log -p --no-renames
 * RANGE | git patch-id --stable` (lines "PATCH-ID COMMIT", newest commit
 * first) on standard input and checks that applied_find, given a patch
 * with only that patch-id, finds the oldest commit of the input with that
 * id: libgit2's patch-id of every commit is git's. A commit with a binary
 * file is counted apart: git hashes its "Binary files differ" line one way
 * and format-patch's "GIT binary patch" another, where libgit2 gives both
 * the same id (see series/applied.c). Prints one line per disagreement and
 * a summary; exits 1 on any, and when the input is empty.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../src/common/strbuf.h"
#include "../../src/common/strmap.h"
#include "../../src/series/applied.h"

struct pair {
	char patch_id[41];
	char commit[41];
};

/* git's numstat says "-<TAB>-" for a binary file. */
static bool has_binary_file(const char *spec, const char *commit)
{
	struct strbuf cmd;
	struct stat st;
	strbuf_init(&cmd, 256);
	/* the GITDIR of the spec, split as applied_open does */
	const char *colon = strrchr(spec, ':');
	size_t len = stat(spec, &st) == 0 || !colon ? strlen(spec) : (size_t)(colon - spec);
	strbuf_addstr(&cmd, "git -C '");
	strbuf_add(&cmd, spec, len);
	strbuf_addf(&cmd, "' show --numstat --format= %s | grep -q '^-\t-\t'", commit);
	int rc = system(cmd.buf);
	strbuf_release(&cmd);
	return rc == 0;
}

int main(int argc, char **argv)
{
	struct strbuf err;
	struct applied *a;
	struct pair *pairs = NULL;
	size_t count = 0, alloc = 0, bad = 0, binary = 0;
	char line[256];

	int jobs = 0;
	if (argc == 4 && !strcmp(argv[1], "-j")) {
		jobs = atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: applied-check [-j JOBS] GITDIR[:RANGE] < patch-ids\n");
		return 2;
	}
	const char *spec = argv[1];
	strbuf_init(&err, 128);
	if (applied_open(&a, spec, &err) < 0) {
		fprintf(stderr, "applied-check: %s\n", err.buf);
		return 2;
	}
	if (jobs > 0)
		applied_set_jobs(a, jobs);
	while (fgets(line, sizeof(line), stdin)) {
		if (count == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			pairs = xrealloc(pairs, alloc * sizeof(*pairs));
		}
		if (sscanf(line, "%40s %40s", pairs[count].patch_id, pairs[count].commit) == 2)
			count++;
	}
	/* the oldest commit of each id: the input is newest first */
	struct strmap oldest;
	strmap_init(&oldest);
	for (size_t i = count; i-- > 0;) {
		size_t found;
		strmap_put_if_absent(&oldest, pairs[i].patch_id, i, &found);
	}
	for (size_t i = 0; i < count; i++) {
		git_oid patch_id;
		if (git_oid_fromstr(&patch_id, pairs[i].patch_id) < 0) {
			printf("commit %s: patch-id %s is not 40 hex digits\n", pairs[i].commit, pairs[i].patch_id);
			bad++;
			continue;
		}
		struct message_rare rare = {.subject = "", .patch_id = &patch_id};
		struct message_facts patch = {.present = true, .rare = &rare};
		size_t want;
		strmap_get(&oldest, pairs[i].patch_id, &want);
		const git_oid *got = applied_find(a, &patch);
		char hex[41] = "(none)";
		if (got)
			git_oid_tostr(hex, sizeof(hex), got);
		if (strcmp(hex, pairs[want].commit) && has_binary_file(spec, pairs[i].commit)) {
			binary++;
		} else if (strcmp(hex, pairs[want].commit)) {
			printf("commit %s: patch-id %s finds %s, not %s\n", pairs[i].commit,
			       pairs[i].patch_id, hex, pairs[want].commit);
			bad++;
		}
	}
	printf("%zu commits in the range, %zu patch-ids from git, %zu disagree, %zu with a binary file apart\n",
	       applied_commit_count(a), count, bad, binary);
	strmap_release(&oldest);
	free(pairs);
	applied_close(a);
	strbuf_release(&err);
	return bad || !count ? 1 : 0;
}
