/*
 * The git sources against git itself, on small repositories built with
 * git: a linear epoch (read by the walk that reads each commit once), one
 * with a merge (libgit2's revwalk), and an inbox of two epochs numbered
 * with a gap. What is listed must be what `git rev-list` lists, with the
 * committer times git gives and the blobs `m` git finds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/source/source.h"
#include "harness.h"

/* Runs a shell command in dir; its output, lines joined by spaces, in out. */
static void sh(char *out, size_t size, const char *dir, const char *cmd)
{
	char full[4096];
	snprintf(full, sizeof(full),
		 "cd '%s' && export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null "
		 "GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME=C "
		 "GIT_COMMITTER_EMAIL=c@example.org && { %s; } | tr '\\n' ' '", dir, cmd);
	out[0] = '\0';
	FILE *p = popen(full, "r");
	if (!p)
		return;
	size_t n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	pclose(p);
}

/* What the source lists for path and range: "label:time:blob-of-m " for each message. */
static int listed(char *out, size_t size, const char *path, const char *range, struct strbuf *err)
{
	struct source_options opts = SOURCE_OPTIONS_INIT;
	struct source *src = NULL;
	struct source_cursor *cur = NULL;
	struct strbuf sb;

	opts.path = path;
	opts.range = range;
	strbuf_init(&sb, 0);
	if (source_open(&src, &opts, err) < 0 || source_cursor_open(src, &cur, err) < 0) {
		source_close(src);
		strbuf_release(&sb);
		return -1;
	}
	for (size_t i = 0; i < source_count(src); i++) {
		struct source_blob blob;
		char hex[GIT_OID_HEXSZ + 1] = "-";
		if (source_read(cur, i, &blob, err) < 0)
			break;
		if (blob.has_blob_id)
			git_oid_tostr(hex, sizeof(hex), &blob.blob_id);
		source_label(src, i, &sb);
		strbuf_addf(&sb, ":%lld:%s ", (long long)source_arrival(src, i), hex);
	}
	source_cursor_close(cur);
	source_close(src);
	snprintf(out, size, "%s", sb.buf);
	strbuf_release(&sb);
	return err->len ? -1 : 0;
}

/* The same from git: every commit of `revs` (run in dir), newest first. */
static void expected(char *out, size_t size, const char *dir, const char *revs)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd),
		 "for c in $(git rev-list --topo-order %s); do "
		 "printf '%%s:%%s:%%s\\n' $(git rev-parse --short=9 $c) $(git log -1 --format=%%ct $c) "
		 "$(git rev-parse -q --verify $c:m || echo -); done", revs);
	sh(out, size, dir, cmd);
}

static void check_list(const char *path, const char *range, const char *dir, const char *revs,
		       const char *what)
{
	char got[8192], want[8192];
	struct strbuf err;
	strbuf_init(&err, 0);
	if (listed(got, sizeof(got), path, range, &err) < 0) {
		CHECK(0, "%s: %s", what, err.buf);
	} else {
		expected(want, sizeof(want), dir, revs);
		CHECK_STR(got, want, "%s", what);
	}
	strbuf_release(&err);
}

/* Commits n messages (m = i) at increasing committer times; "rm" commits a removal. */
#define COMMITS(from, to, start) \
	"for i in $(seq " #from " " #to "); do echo $i > m && git add m && " \
	"GIT_COMMITTER_DATE=\"@$((" #start " + i * 60)) +0000\" GIT_AUTHOR_DATE=\"@1700000000 +0000\" " \
	"git commit -qm m$i; done"

/* The commit `rev` of the repository at dir. */
static void rev_oid(git_oid *oid, const char *dir, const char *rev)
{
	char hex[128], cmd[160];
	snprintf(cmd, sizeof(cmd), "git rev-parse %s", rev);
	sh(hex, sizeof(hex), dir, cmd);
	hex[strcspn(hex, " ")] = '\0';
	if (git_oid_fromstr(oid, hex) < 0)
		memset(oid, 0, sizeof(*oid));
}

/* What an index's update lists: "part:label " of each message, then each part's state. */
static int listed_after(char *out, size_t size, const char *path,
			const struct source_known_tip *known, size_t known_count, struct strbuf *err)
{
	struct source_options opts = SOURCE_OPTIONS_INIT;
	struct source *src = NULL;
	struct strbuf sb;

	opts.path = path;
	opts.after_known = true;
	opts.known = known;
	opts.known_count = known_count;
	if (source_open(&src, &opts, err) < 0)
		return -1;
	strbuf_init(&sb, 0);
	for (size_t i = 0; i < source_count(src); i++) {
		struct source_key key;
		char hex[GIT_OID_HEXSZ + 1];
		source_key(src, i, &key);
		git_oid_tostr(hex, 10, &key.commit);
		strbuf_addf(&sb, "%lu:%s ", key.part, key.has_commit ? hex : "-");
	}
	for (size_t k = 0; k < source_part_count(src); k++) {
		struct source_part part;
		char hex[GIT_OID_HEXSZ + 1];
		source_part(src, k, &part);
		git_oid_tostr(hex, 10, &part.head);
		strbuf_addf(&sb, "[%lu %s%s]", part.number, part.has_head ? hex : "-",
			    part.relisted ? " relisted" : "");
	}
	source_close(src);
	snprintf(out, size, "%s", sb.buf);
	strbuf_release(&sb);
	return 0;
}

/* Lines "E:LABEL " for the commits `revs` of epoch E at dir, newest first. */
static void expected_keys(struct strbuf *out, const char *dir, unsigned long epoch, const char *revs)
{
	char cmd[256], got[4096];
	snprintf(cmd, sizeof(cmd), "git rev-list --topo-order %s | cut -c1-9 | sed 's/^/%lu:/'", revs, epoch);
	sh(got, sizeof(got), dir, cmd);
	strbuf_addstr(out, got);
}

/*
 * Listing for an index: only what follows each epoch's known commit; an
 * epoch without one, whole; an epoch whose known commit is not in its
 * history (rewritten), whole and marked.
 */
static void check_after_known(const char *inbox, const char *e0, const char *e2)
{
	struct source_known_tip known[2];
	struct strbuf want, err;
	char got[8192], head0[64], head2[64];

	strbuf_init(&want, 0);
	strbuf_init(&err, 0);
	sh(head0, sizeof(head0), e0, "git rev-parse --short=9 HEAD");
	sh(head2, sizeof(head2), e2, "git rev-parse --short=9 HEAD");
	head0[strcspn(head0, " ")] = head2[strcspn(head2, " ")] = '\0';

	known[0].epoch = 0;
	rev_oid(&known[0].commit, e0, "HEAD~1");
	known[1].epoch = 2;
	rev_oid(&known[1].commit, e2, "HEAD~2");
	int rc = listed_after(got, sizeof(got), inbox, known, 2, &err);
	expected_keys(&want, e2, 2, "HEAD~2..HEAD");
	expected_keys(&want, e0, 0, "HEAD~1..HEAD");
	strbuf_addf(&want, "[0 %s][2 %s]", head0, head2);
	CHECK(rc == 0, "listing after known commits: %s", err.buf);
	CHECK_STR(got, want.buf, "each epoch lists what follows its known commit, with its HEAD");

	strbuf_reset(&want);
	rc = listed_after(got, sizeof(got), inbox, known + 1, 1, &err);
	expected_keys(&want, e2, 2, "HEAD~2..HEAD");
	expected_keys(&want, e0, 0, "HEAD");
	strbuf_addf(&want, "[0 %s][2 %s]", head0, head2);
	CHECK(rc == 0 && !strcmp(got, want.buf), "an epoch without a known commit is listed whole [%s]", got);

	/* A commit of epoch 0 that its history does not hold: as after a purge. */
	char cmd[512], made[128];
	snprintf(cmd, sizeof(cmd), "git commit-tree -m purged $(git rev-parse HEAD^{tree}) </dev/null");
	sh(made, sizeof(made), e0, cmd);
	made[strcspn(made, " ")] = '\0';
	rc = git_oid_fromstr(&known[0].commit, made);
	CHECK(rc == 0, "an unreachable commit is made [%s]", made);
	strbuf_reset(&want);
	rc = listed_after(got, sizeof(got), inbox, known, 2, &err);
	expected_keys(&want, e2, 2, "HEAD~2..HEAD");
	expected_keys(&want, e0, 0, "HEAD");
	strbuf_addf(&want, "[0 %s relisted][2 %s]", head0, head2);
	CHECK(rc == 0 && !strcmp(got, want.buf),
	      "an epoch whose known commit left its history is listed whole, marked [%s] [%s]", got, want.buf);

	/* Known HEADs: nothing is new. */
	rev_oid(&known[0].commit, e0, "HEAD");
	rev_oid(&known[1].commit, e2, "HEAD");
	strbuf_reset(&want);
	rc = listed_after(got, sizeof(got), inbox, known, 2, &err);
	strbuf_addf(&want, "[0 %s][2 %s]", head0, head2);
	CHECK(rc == 0 && !strcmp(got, want.buf), "nothing after the HEADs [%s]", got);
	strbuf_release(&want);
	strbuf_release(&err);
}

void test_source(void);
void test_source(void)
{
	char dir[] = "/tmp/listdigest-source-test.XXXXXX", out[8192], path[256];
	if (!mkdtemp(dir)) {
		CHECK(0, "mkdtemp");
		return;
	}
	git_libgit2_init();

	/* One epoch: m1 - m2 - m3 - m4 on main, a side branch from m2 merged, then m5. */
	sh(out, sizeof(out), dir,
	   "git init -q -b main e && cd e && " COMMITS(1, 2, 1700000000) " && git branch side && "
	   COMMITS(3, 4, 1700000000) " && git checkout -q side && echo s > s && git add s && "
	   "git commit -qm s1 && git checkout -q main && "
	   "GIT_COMMITTER_DATE='@1700009000 +0000' git merge -q --no-edit side && "
	   "git rm -q m && GIT_COMMITTER_DATE='@1700009100 +0000' git commit -qm removal && "
	   COMMITS(5, 5, 1700009000) " && echo built");
	CHECK_STR(out, "built ", "an epoch with a merge and a removal is built");
	snprintf(path, sizeof(path), "%s/e", dir);
	/* main~2 is the merge, main~3 is m4 */
	check_list(path, "main~3", path, "main~3", "a line of history: every commit, its time, its m");
	check_list(path, "main~5..main~3", path, "main~5..main~3", "A..B on one line");
	check_list(path, "main~3..main~3", path, "main~3..main~3", "A..A lists nothing");
	check_list(path, NULL, path, "HEAD", "all history, with a merge, through libgit2's walk");
	check_list(path, "main~3..", path, "main~3..HEAD", "A.. is A..HEAD, across the merge");
	check_list(path, "main~2..main", path, "main~2..main", "above the merge: a removal has no m");
	check_list(path, "side..main~3", path, "side..main~3", "A off B's line");
	check_list(path, "main..main~3", path, "main..main~3", "A above B lists nothing");

	/* An inbox: epochs 0 and 2 (a gap), independent histories; 2 is the newer. */
	sh(out, sizeof(out), dir,
	   "mkdir -p inbox/git && git init -q --bare -b main inbox/git/0.git && git init -q --bare -b main inbox/git/2.git && "
	   "git init -q -b main w0 && cd w0 && " COMMITS(1, 3, 1700100000) " && git push -q ../inbox/git/0.git main && "
	   "cd .. && git init -q -b main w2 && cd w2 && " COMMITS(4, 6, 1700200000) " && "
	   "git push -q ../inbox/git/2.git main && echo built");
	CHECK_STR(out, "built ", "an inbox of two epochs is built");
	snprintf(path, sizeof(path), "%s/inbox", dir);
	char e0[256], e2[256], all[8192], want[8192], got[8192];
	snprintf(e0, sizeof(e0), "%s/inbox/git/0.git", dir);
	snprintf(e2, sizeof(e2), "%s/inbox/git/2.git", dir);

	expected(all, sizeof(all), e2, "HEAD");
	expected(want, sizeof(want), e0, "HEAD");
	strncat(all, want, sizeof(all) - strlen(all) - 1);
	struct strbuf err;
	strbuf_init(&err, 0);
	CHECK(listed(got, sizeof(got), path, NULL, &err) == 0, "the inbox is listed: %s", err.buf);
	CHECK_STR(got, all, "an inbox lists its epochs newest first, as one history");

	/* HEAD~1 of the inbox is in the newest epoch; a revision of epoch 0 resolves there. */
	char a[64], b[64], range[160];
	sh(a, sizeof(a), e0, "git rev-parse --short=12 HEAD~1");
	sh(b, sizeof(b), e2, "git rev-parse --short=12 HEAD~1");
	a[strcspn(a, " ")] = b[strcspn(b, " ")] = '\0';
	snprintf(range, sizeof(range), "%s..%s", a, b);
	strbuf_reset(&err);
	CHECK(listed(got, sizeof(got), path, range, &err) == 0, "a range across epochs: %s", err.buf);
	expected(all, sizeof(all), e2, "HEAD~1");
	expected(want, sizeof(want), e0, "HEAD~1..HEAD");
	strncat(all, want, sizeof(all) - strlen(all) - 1);
	CHECK_STR(got, all, "A in epoch 0, B in epoch 2: the rest of 0 and 2 up to B");

	snprintf(range, sizeof(range), "%s..%s", b, a);
	strbuf_reset(&err);
	CHECK(listed(got, sizeof(got), path, range, &err) == 0 && !strcmp(got, ""),
	      "A in a later epoch than B lists nothing [%s]", got);

	strbuf_reset(&err);
	CHECK(listed(got, sizeof(got), path, a, &err) == 0, "B alone in epoch 0: %s", err.buf);
	expected(want, sizeof(want), e0, "HEAD~1");
	CHECK_STR(got, want, "B alone in an older epoch: that epoch up to B, nothing newer");

	/* CHECK evaluates its condition twice: open first. */
	struct source *src = NULL;
	struct source_options opts = SOURCE_OPTIONS_INIT;
	opts.path = e0;
	strbuf_reset(&err);
	int opened = source_open(&src, &opts, &err) == 0;
	CHECK(opened && !strcmp(source_name(src), "inbox"),
	      "an epoch laid out in an inbox is named for the inbox [%s]", opened ? source_name(src) : err.buf);
	source_close(src);
	src = NULL;
	opts.path = path;
	opened = source_open(&src, &opts, &err) == 0;
	CHECK(opened && !strcmp(source_name(src), "inbox"),
	      "an inbox is named for its directory [%s]", opened ? source_name(src) : err.buf);
	source_close(src);

	strbuf_reset(&err);
	CHECK(listed(got, sizeof(got), path, "nope..HEAD", &err) < 0 && strstr(err.buf, "nope"),
	      "an unknown revision is an error naming it [%s]", err.buf);

	check_after_known(path, e0, e2);

	sh(out, sizeof(out), dir, "mkdir -p empty/git && echo built");
	snprintf(path, sizeof(path), "%s/empty", dir);
	strbuf_reset(&err);
	CHECK(listed(got, sizeof(got), path, NULL, &err) < 0 && strstr(err.buf, "no epoch"),
	      "an inbox directory with no epoch is an error [%s]", err.buf);
	strbuf_release(&err);

	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		CHECK(0, "removing %s", dir);
	git_libgit2_shutdown();
}
