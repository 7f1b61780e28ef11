/*
 * applied-check SPEC: reads `git log -p RANGE | git patch-id --stable`
 * (lines "PATCH-ID COMMIT", newest commit first) on standard input and
 * checks that applied_find, given a patch with only that patch-id, finds
 * the oldest commit of the input with that id: libgit2's patch-id of every
 * commit is git's. Prints one line per disagreement and a summary; exits 1
 * on any, and when the input is empty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/strbuf.h"
#include "../../src/common/strmap.h"
#include "../../src/series/applied.h"

struct pair {
	char patch_id[41];
	char commit[41];
};

int main(int argc, char **argv)
{
	struct strbuf err;
	struct applied *a;
	struct pair *pairs = NULL;
	size_t count = 0, alloc = 0, bad = 0;
	char line[256];

	if (argc != 2) {
		fprintf(stderr, "usage: applied-check GITDIR[:RANGE] < patch-ids\n");
		return 2;
	}
	strbuf_init(&err, 128);
	if (applied_open(&a, argv[1], &err) < 0) {
		fprintf(stderr, "applied-check: %s\n", err.buf);
		return 2;
	}
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
		struct message_facts patch = {.present = true, .subject = "", .patch_id = pairs[i].patch_id};
		size_t want;
		strmap_get(&oldest, pairs[i].patch_id, &want);
		const git_oid *got = applied_find(a, &patch);
		char hex[41] = "(none)";
		if (got)
			git_oid_tostr(hex, sizeof(hex), got);
		if (strcmp(hex, pairs[want].commit)) {
			printf("commit %s: patch-id %s finds %s, not %s\n", pairs[i].commit,
			       pairs[i].patch_id, hex, pairs[want].commit);
			bad++;
		}
	}
	printf("%zu commits in the range, %zu patch-ids from git, %zu disagree\n",
	       applied_commit_count(a), count, bad);
	strmap_release(&oldest);
	free(pairs);
	applied_close(a);
	strbuf_release(&err);
	return bad || !count ? 1 : 0;
}
