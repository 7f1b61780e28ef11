/*
 * archive_list_commits against `git rev-list` on small repositories built
 * with git: a linear history (the walk that reads each commit once, and
 * gives its tree) and one with a merge (libgit2's revwalk).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/source/archive.h"
#include "harness.h"

/* Runs a shell command in dir; returns its first line of output, or "". */
static void sh(char *out, size_t size, const char *dir, const char *cmd)
{
	char full[2048];
	snprintf(full, sizeof(full),
		 "cd '%s' && GIT_AUTHOR_DATE='@1700000000 +0000' GIT_COMMITTER_DATE='@1700000000 +0000' "
		 "GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null %s", dir, cmd);
	out[0] = '\0';
	FILE *p = popen(full, "r");
	if (!p)
		return;
	if (!fgets(out, (int)size, p))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	pclose(p);
}

/* All of rev-list's ids for a range, one per line, as one string. */
static void rev_list(char *out, size_t size, const char *dir, const char *range)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "git rev-list --topo-order %s | tr '\\n' ' '", range);
	sh(out, size, dir, cmd);
}

static void listed(char *out, size_t size, const struct archive_commits *c)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < c->count && n + GIT_OID_HEXSZ + 2 < size; i++) {
		git_oid_tostr(out + n, GIT_OID_HEXSZ + 1, &c->ids[i]);
		n += GIT_OID_HEXSZ;
		out[n++] = ' ';
		out[n] = '\0';
	}
}

/* Lists RANGE in the repository at dir; compares with rev-list; returns the trees' presence. */
static int check_range(const char *dir, const char *range)
{
	git_repository *repo = NULL;
	struct archive_range r;
	struct archive_commits c = {0};
	struct strbuf err;
	char want[4096], got[4096];
	int has_trees = -1;

	strbuf_init(&err, 0);
	rev_list(want, sizeof(want), dir, range);
	if (archive_open(&repo, dir, &err) == 0 && archive_resolve_range(repo, range, &r, &err) == 0 &&
	    archive_list_commits(repo, &r, &c, &err) == 0) {
		listed(got, sizeof(got), &c);
		CHECK_STR(got, want, "archive_list_commits %s lists what git rev-list lists", range);
		has_trees = c.trees != NULL;
		for (size_t i = 0; c.trees && i < c.count; i++) {
			char cmd[128], tree[64], hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof(hex), &c.ids[i]);
			snprintf(cmd, sizeof(cmd), "git rev-parse %s^{tree}", hex);
			sh(tree, sizeof(tree), dir, cmd);
			git_oid_tostr(hex, sizeof(hex), &c.trees[i]);
			CHECK_STR(hex, tree, "archive_list_commits %s: tree of commit %zu", range, i);
		}
	} else {
		CHECK(0, "archive_list_commits %s: %s", range, err.buf);
	}
	archive_commits_release(&c);
	git_repository_free(repo);
	strbuf_release(&err);
	return has_trees;
}

void test_archive(void);
void test_archive(void)
{
	char dir[] = "/tmp/listdigest-archive-test.XXXXXX", out[256];
	int trees;
	if (!mkdtemp(dir)) {
		CHECK(0, "mkdtemp");
		return;
	}
	git_libgit2_init();
	/* m1 - m2 - m3 - m4 on main; a side branch from m2 merged after m4 */
	sh(out, sizeof(out), dir,
	   "git init -q -b main . && for i in 1 2; do echo $i > m && git add m && "
	   "git commit -qm m$i; done && git branch side && for i in 3 4; do echo $i > m && "
	   "git commit -qam m$i; done && git checkout -q side && echo s > s && git add s && "
	   "git commit -qm s1 && git checkout -q main && git merge -q --no-edit side && "
	   "echo 5 > m && git commit -qam m5 && echo done");
	CHECK_STR(out, "done", "a test repository with a merge is built");

	/* main~1 is the merge; main~2 is m4 */
	trees = check_range(dir, "main~2");
	CHECK(trees == 1, "a linear range is walked with its trees");
	trees = check_range(dir, "main~4..main~2");
	CHECK(trees == 1, "A..B on one line is walked with its trees");
	trees = check_range(dir, "main~2..main~2");
	CHECK(trees >= 0, "A..A is listed without error");
	trees = check_range(dir, "main");
	CHECK(trees == 0, "a range with a merge goes to libgit2's walk");
	trees = check_range(dir, "main~2..main");
	CHECK(trees == 0, "A..B across a merge goes to libgit2's walk");
	trees = check_range(dir, "main~1..main");
	CHECK(trees == 1, "a range above the merge stays linear");
	trees = check_range(dir, "side..main~2");
	CHECK(trees == 0, "A off B's line goes to libgit2's walk");
	trees = check_range(dir, "main..main~2");
	CHECK(trees == 0, "A above B gives what rev-list gives");

	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		CHECK(0, "removing %s", dir);
	git_libgit2_shutdown();
}
