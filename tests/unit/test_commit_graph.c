/*
 * commit_graph: a repository built here with git (times out of order,
 * one past 2106 that needs the 34th bit, a merge), its graph written by
 * git, and every commit read back and compared with `git log`; then a
 * missing, a truncated and a damaged file.
 */
#include "harness.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/strbuf.h"
#include "../../src/source/commit_graph.h"

void test_commit_graph(void);

static int sh(const char *fmt, const char *dir)
{
	struct strbuf cmd;
	strbuf_init(&cmd, 512);
	strbuf_addf(&cmd, fmt, dir, dir, dir);
	int rc = system(cmd.buf);
	strbuf_release(&cmd);
	return rc;
}

/* Commits with these committer times, newest last; then a merge. */
static const char build_repo[] =
	"set -e; cd '%s'; git init -q --bare r.git; export GIT_DIR=r.git\n"
	"export GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME=C GIT_COMMITTER_EMAIL=c@example.org\n"
	"t=$(git mktree </dev/null); p=\n"
	"for d in 1700000000 1700000500 1699999000 5000000000 1700000600; do\n"
	"  c=$(GIT_COMMITTER_DATE=\"@$d +0000\" GIT_AUTHOR_DATE=\"@1 +0000\" git commit-tree $t $p -m m$d)\n"
	"  p=\"-p $c\"; last=$c\n"
	"done\n"
	"side=$(GIT_COMMITTER_DATE='@1700000700 +0200' git commit-tree $t -m side)\n"
	"m=$(GIT_COMMITTER_DATE='@1700000800 +0000' git commit-tree $t -p $last -p $side -m merge)\n"
	"git update-ref refs/heads/master $m\n"
	"git -c commitGraph.generationVersion=2 commit-graph write --reachable\n"
	"git log --format='%%H %%T %%P %%ct' --all > '%s/log'\n";

static void check_against_log(const struct commit_graph *g, const char *dir)
{
	struct strbuf path;
	strbuf_init(&path, 64);
	strbuf_addf(&path, "%s/log", dir);
	FILE *f = fopen(path.buf, "r");
	strbuf_release(&path);
	CHECK(f != NULL, "commit-graph: git log of the test repository");
	if (!f)
		return;
	char line[512];
	size_t n = 0;
	while (fgets(line, sizeof(line), f)) {
		char id_hex[41], tree_hex[41], rest[300];
		long long ct;
		/* "%H %T %P %ct": the parents may be none, one or two */
		if (sscanf(line, "%40s %40s %299[^\n]", id_hex, tree_hex, rest) != 3)
			continue;
		char *last = strrchr(rest, ' ');
		ct = atoll(last ? last + 1 : rest);
		unsigned parents = 0;
		char first_parent[41] = "";
		if (last) {
			*last = '\0';
			parents = 1 + (strchr(rest, ' ') != NULL);
			memcpy(first_parent, rest, 40);
			first_parent[40] = '\0';
		}
		git_oid id, tree, parent_id, read_id;
		struct commit_graph_commit c;
		uint32_t pos;
		git_oid_fromstr(&id, id_hex);
		git_oid_fromstr(&tree, tree_hex);
		bool found = commit_graph_find(g, &id, &pos);
		CHECK(found, "commit-graph: finds %.9s", id_hex);
		if (!found)
			continue;
		int read = commit_graph_read(g, pos, &read_id, &c);
		CHECK(read == 0 && git_oid_equal(&read_id, &id), "commit-graph: reads %.9s", id_hex);
		CHECK(git_oid_equal(&c.tree, &tree), "commit-graph: tree of %.9s", id_hex);
		CHECK(c.time == ct, "commit-graph: time of %.9s is %lld (got %" PRId64 ")", id_hex,
		      ct, c.time);
		CHECK(c.parents == parents, "commit-graph: %.9s has %u parents", id_hex, parents);
		if (parents) {
			struct commit_graph_commit pc;
			git_oid_fromstr(&parent_id, first_parent);
			read = commit_graph_read(g, c.parent, &read_id, &pc);
			CHECK(read == 0 && git_oid_equal(&read_id, &parent_id),
			      "commit-graph: first parent of %.9s", id_hex);
		}
		n++;
	}
	fclose(f);
	CHECK(n == 7 && commit_graph_count(g) == 7, "commit-graph: 7 commits, all in the graph");
	git_oid absent;
	uint32_t pos;
	git_oid_fromstr(&absent, "0123456789abcdef0123456789abcdef01234567");
	CHECK(!commit_graph_find(g, &absent, &pos), "commit-graph: an id it does not hold");
	CHECK(commit_graph_read(g, 7, &absent, &(struct commit_graph_commit){0}) == -1,
	      "commit-graph: a position past the end is refused");
}

void test_commit_graph(void)
{
	char dir[] = "/tmp/listdigest-graph.XXXXXX";
	if (!mkdtemp(dir)) {
		CHECK(0, "commit-graph: scratch directory");
		return;
	}
	struct strbuf git_dir;
	strbuf_init(&git_dir, 64);
	strbuf_addf(&git_dir, "%s/r.git", dir);

	/* CHECK evaluates its condition twice: each step runs once, before it. */
	struct commit_graph *g = (struct commit_graph *)1;
	int rc = sh("mkdir '%s/none.git'", dir);
	CHECK(rc == 0, "commit-graph: empty directory");
	strbuf_reset(&git_dir);
	strbuf_addf(&git_dir, "%s/none.git", dir);
	rc = commit_graph_open(&g, git_dir.buf);
	CHECK(rc == -1 && !g, "commit-graph: none there, none used");

	rc = sh(build_repo, dir);
	CHECK(rc == 0, "commit-graph: build a repository and its graph with git");
	strbuf_reset(&git_dir);
	strbuf_addf(&git_dir, "%s/r.git", dir);
	rc = commit_graph_open(&g, git_dir.buf);
	CHECK(rc == 0 && g, "commit-graph: opens git's file");
	if (g) {
		check_against_log(g, dir);
		commit_graph_close(g);
	}

	/* Damage: cut short, then a parent position out of range. */
	rc = sh("cd '%s/r.git/objects/info' && cp commit-graph good && chmod u+w commit-graph && "
		"head -c 100 good > commit-graph", dir);
	CHECK(rc == 0, "commit-graph: truncate a copy");
	rc = commit_graph_open(&g, git_dir.buf);
	CHECK(rc == -1 && !g, "commit-graph: a truncated file is not used");
	rc = sh("cd '%s/r.git/objects/info' && python3 -c \"import sys\n"
		 "b = bytearray(open('good','rb').read()); n = b[6]\n"
		 "for i in range(n):\n"
		 "    e = 8 + 12 * i\n"
		 "    if b[e:e+4] == b'CDAT': at = int.from_bytes(b[e+4:e+12], 'big')\n"
		 "for k in range(7):\n"
		 "    p = at + 36 * k + 20\n"
		 "    if b[p:p+4] != bytes.fromhex('70000000'): b[p:p+4] = (999).to_bytes(4, 'big')\n"
		 "open('commit-graph','wb').write(b)\"", dir);
	CHECK(rc == 0, "commit-graph: damage the parents");
	rc = commit_graph_open(&g, git_dir.buf);
	CHECK(rc == 0 && g, "commit-graph: the damaged file opens");
	if (g) {
		int refused = 0;
		struct commit_graph_commit c;
		for (uint32_t i = 0; i < commit_graph_count(g); i++)
			refused += commit_graph_read(g, i, NULL, &c) == -1;
		CHECK(refused == 5, "commit-graph: each entry with a parent out of range is refused (%d)", refused);
		commit_graph_close(g);
	}
	rc = sh("rm -rf '%s'", dir);
	CHECK(rc == 0, "commit-graph: remove the scratch directory");
	strbuf_release(&git_dir);
}
