/*
 * applied: a tree built here with git. Patches are sent from one clone
 * (format-patch) and applied to another (git am): as they were sent, after
 * a change in review, retitled with a Message-ID: or a Link: line, with
 * renames, by an old address of their author, or never. Every commit's
 * patch-id is compared with git's, each rule is checked alone and in its
 * order, and then ranges, the default range's limit, and bad input.
 */
#include "harness.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../src/common/strbuf.h"
#include "../../src/common/strmap.h"
#include "../../src/message/mail.h"
#include "../../src/patch/facts.h"
#include "../../src/series/applied.h"

void test_applied(void);

/* sh SCRIPT DIR: the scripts below take the scratch directory as $1. */
static const char build_tree[] =
	"set -e\n"
	"cd \"$1\"\n"
	"export HOME=\"$PWD\" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C\n"
	"git config --global user.name 'Mia Maintainer'\n"
	"git config --global user.email 'mia@maintainers.example.net'\n"
	"git config --global init.defaultBranch master\n"
	"t=1700000000\n"
	"tick() { t=$((t + 60)); export GIT_COMMITTER_DATE=\"@$t +0000\" GIT_AUTHOR_DATE=\"@$t +0000\"; }\n"
	"as() { export GIT_AUTHOR_NAME=\"$1\" GIT_AUTHOR_EMAIL=\"$2\"; }\n"
	"lines() { i=1; while [ $i -le \"$2\" ]; do echo \"$1 line $i\"; i=$((i + 1)); done; }\n"
	"# post ID FILE: the last commit as a message with that Message-ID\n"
	"post() { git format-patch -1 --stdout | sed \"2i Message-ID: <$1>\" > \"../$2.eml\"; }\n"
	"\n"
	"git init -q sender && cd sender\n"
	"mkdir old\n"
	"lines foo 40 > foo.c; lines bar 40 > bar.c; lines name 20 > old/name.txt; lines moved 20 > moved.txt; lines guide 20 > guide.txt\n"
	"printf 'one\\ntwo\\n\\n# ----\\nold block\\n' > notes.txt; printf 'logo\\000one\\001\\n' > logo.bin\n"
	"as 'Mia Maintainer' mia@maintainers.example.net; tick\n"
	"git add -A && git commit -qm 'base'\n"
	"cd .. && git clone -q sender linux && cd sender\n"
	"base=$(git rev-parse HEAD)\n"
	"\n"
	"# a: applied as it was sent (rule 1)\n"
	"as 'Alice Example' alice@example.org; tick\n"
	"sed -i 's/^foo line 5$/foo line five/' foo.c && git commit -qam 'foo: fix the frobnicator' && post a1@example.org a\n"
	"# b: applied, then changed after review (rule 2)\n"
	"git reset -q --hard $base; as 'Bob Sender' Bob.Sender@Example.COM; tick\n"
	"sed -i 's/^bar line 10$/bar line ten/' bar.c && git commit -qam 'bar: count  the widgets twice' && post b1@example.com b\n"
	"# c: applied with its Message-ID, then retitled and changed (rule 3, Message-ID:)\n"
	"git reset -q --hard $base; as 'Carol Writer' carol@example.org; tick\n"
	"sed -i 's/^name line 3$/name line three/' old/name.txt && git commit -qam 'docs: say what the frobnicator does' && post c1@example.org c\n"
	"# d: retitled and changed, with a Link: (rule 3, URL with %XX and /T/#u)\n"
	"git reset -q --hard $base; as 'Dave Porter' dave@example.net; tick\n"
	"sed -i 's/^foo line 30$/foo line thirty/' foo.c && git commit -qam 'foo: make the frobnicator faster' && post 'd1+x/y@example.net' d\n"
	"# e: a rename with an edit (its similarity index, which the patch-id covers, is\n"
	"# the same in the tree only when no other change touched the file); f: a rename alone (rule 1 through a rename diff)\n"
	"git reset -q --hard $base; as 'Erin Mover' erin@example.org; tick\n"
	"mkdir new && git mv guide.txt new/guide.txt && sed -i 's/^guide line 15$/guide line fifteen/' new/guide.txt\n"
	"git commit -qam 'docs: move the guide' && post e1@example.org e\n"
	"git reset -q --hard $base; tick\n"
	"git mv moved.txt renamed.txt && git commit -qm 'rename the moved file' && post f1@example.org f\n"
	"# g: never applied\n"
	"git reset -q --hard $base; as 'Frank Never' frank@example.org; tick\n"
	"sed -i 's/^bar line 20$/bar line twenty/' bar.c && git commit -qam 'bar: remove the widgets' && post g1@example.org g\n"
	"# h: the order of the rules: an older commit has h's Link:, a newer one its\n"
	"# title and author, the newest its diff\n"
	"git reset -q --hard $base; as 'Alice Example' alice@example.org; tick\n"
	"sed -i 's/^bar line 30$/bar line thirty/' bar.c && git commit -qam 'bar: add a frob counter' && post h1@example.org h\n"
	"# k: a binary file changed (rule 1 through libgit2's id of a binary diff)\n"
	"git reset -q --hard $base; as 'Kim Binary' kim@example.org; tick\n"
	"printf 'logo\\000two\\001\\n' > logo.bin && git commit -qam 'logo: a new logo' && post k1@example.org k\n"
	"# m: by an old address of Alice's, applied after review (rule 2 after a mailmap)\n"
	"git reset -q --hard $base; as 'Alice Example' alice@example.org; tick\n"
	"sed -i 's/^foo line 35$/foo line thirty-five/' foo.c && git commit -qam 'foo: count the frobs' && post m1@example.org m\n"
	"\n"
	"cd ../linux\n"
	"# where git's indent heuristic moves the hunk: the new block starts at its \"# ----\"\n"
	"tick; printf 'one\\ntwo\\n\\n# ----\\nnew block\\nmore\\n\\n# ----\\nold block\\n' > notes.txt\n"
	"git commit -qam 'notes: a new block'\n"
	"tick; git am -q ../k.eml\n"
	"tick; git am -q ../a.eml\n"
	"tick; git am -q ../b.eml; sed -i 's/^bar line 11$/bar line eleven/' bar.c; tick; git commit -qa --amend --no-edit\n"
	"tick; git am -q --message-id ../c.eml\n"
	"sed -i 's/^name line 4$/name line four/' old/name.txt; tick\n"
	"git commit -qa --amend -m \"Documentation: describe the frobnicator\n"
	"\n"
	"$(git log -1 --format=%b)\"\n"
	"tick; git am -q ../d.eml; sed -i 's/^foo line 31$/foo line thirty-one/' foo.c; tick\n"
	"git commit -qa --amend -m 'foo: a faster frobnicator\n"
	"\n"
	"Link: https://lore.example.org/all/d1%2Bx%2Fy@example.net/T/#u'\n"
	"tick; git am -q ../e.eml\n"
	"tick; git am -q ../f.eml\n"
	"as 'Ned Other' ned@example.org; tick\n"
	"echo other > other.txt && git add other.txt && git commit -qm 'other: a change that links h\n"
	"\n"
	"Link: https://lore.example.org/r/h1@example.org'\n"
	"as 'Alice Example' alice@example.org; tick\n"
	"echo counter > counter.txt && git add counter.txt && git commit -qm 'bar: add a frob counter'\n"
	"tick; git am -q ../h.eml\n"
	"as 'Alice Example' alice@old.example.org; tick\n"
	"sed -i 's/^foo line 35$/foo line thirty-five (reviewed)/' foo.c && git commit -qam 'foo: count the frobs'\n"
	"tick; git commit -q --allow-empty -m 'an empty commit'\n"
	"# every commit's patch-id as git gives it, and each message's\n"
	"# (but for those with a binary file: see tests/tools/applied_check.c)\n"
	"for c in $(git rev-list HEAD); do\n"
	"	git show --numstat --format= $c | grep -q '^-\t-\t' || git show --no-renames $c | git patch-id --stable\n"
	"done > ../commits.pid\n"
	"for m in a b c d e f g h k m; do git patch-id --stable < ../$m.eml | cut -c1-40 > ../$m.pid; done\n"
	"git log --format='%H %s' > ../commits.log\n"
	"git clone -q --bare . '../with:colon.git'\n";

/* 20,001 commits, each with a Link: to "<N>@example.org", N = 1 the oldest. */
static const char build_many[] =
	"set -e\n"
	"cd \"$1\"\n"
	"export HOME=\"$PWD\" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C\n"
	"git init -q --bare many.git\n"
	"i=1\n"
	"while [ $i -le 20001 ]; do\n"
	"	printf 'commit refs/heads/master\\ncommitter C <c@example.org> %d +0000\\ndata <<END\\nchange %d\\n\\nLink: https://lore.example.org/r/%d@example.org/\\nEND\\n\\n' $((1700000000 + i)) $i $i\n"
	"	i=$((i + 1))\n"
	"done | git -C many.git fast-import --quiet\n";

static char scratch[600];

static int run_script(const char *script)
{
	struct strbuf cmd;
	strbuf_init(&cmd, 64);
	strbuf_addf(&cmd, "%s/script.sh", scratch);
	FILE *f = fopen(cmd.buf, "w");
	if (!f) {
		strbuf_release(&cmd);
		return -1;
	}
	fputs(script, f);
	fclose(f);
	strbuf_reset(&cmd);
	strbuf_addf(&cmd, "sh '%s/script.sh' '%s' >'%s/script.log' 2>&1", scratch, scratch, scratch);
	int rc = system(cmd.buf);
	strbuf_release(&cmd);
	return rc;
}

static char *read_file(const char *name, size_t *len)
{
	struct strbuf path, data;
	strbuf_init(&path, 64);
	strbuf_init(&data, 4096);
	strbuf_addf(&path, "%s/%s", scratch, name);
	FILE *f = fopen(path.buf, "r");
	strbuf_release(&path);
	if (!f) {
		strbuf_release(&data);
		return NULL;
	}
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&data, buf, n);
	fclose(f);
	if (len)
		*len = data.len;
	return strbuf_detach(&data, NULL);
}

/* The commits of the tree, newest first, as `git log` gave them. */
static char commit_hex[14][41];

enum { C_EMPTY, C_M, C_H_DIFF, C_H_TITLE, C_H_LINK, C_F, C_E, C_D, C_C, C_B, C_A, C_K, C_NOTES, C_BASE };

static bool is_commit(const git_oid *got, int which)
{
	char hex[GIT_OID_HEXSZ + 1];
	if (!got)
		return false;
	git_oid_tostr(hex, sizeof(hex), got);
	return !strcmp(hex, commit_hex[which]);
}

static const char *hex_of(const git_oid *got, char *buf)
{
	if (!got)
		return "(none)";
	return git_oid_tostr(buf, GIT_OID_HEXSZ + 1, got);
}

/*
 * The facts of one sent patch, as the digest has them: the message parsed,
 * and its patch-id the one libgit2 gives of its diff (what patch/ computes).
 */
static struct message_facts patch_facts(const char *name)
{
	struct message_facts f = {0};
	struct strbuf file;
	size_t len;
	strbuf_init(&file, 16);
	strbuf_addf(&file, "%s.eml", name);
	char *raw = read_file(file.buf, &len);
	strbuf_release(&file);
	if (!raw) {
		facts_rare_mut(&f)->subject = xstrdup("");
		return f;
	}
	/* format-patch's "From <commit> <date>" line is mbox's, not the message's */
	const char *msg = raw;
	if (!strncmp(msg, "From ", 5) && strchr(msg, '\n'))
		msg = strchr(msg, '\n') + 1;
	struct mail mail;
	mail_parse(&mail, msg, len - (size_t)(msg - raw), MAIL_PARSER_AUTO);
	facts_from_mail(&f, &mail);
	mail_release(&mail);

	git_diff *diff;
	git_oid id;
	const char *diff_start = strstr(msg, "\ndiff --git ");
	if (!f.rare->patch_id && diff_start &&
	    git_diff_from_buffer(&diff, diff_start + 1, strlen(diff_start + 1)) == 0) {
		if (git_diff_patchid(&id, diff, NULL) == 0) {
			f.rare->patch_id = xmalloc(sizeof(id));
			*f.rare->patch_id = id;
		}
		git_diff_free(diff);
	}
	free(raw);
	return f;
}

static char *first_line(const char *name)
{
	char *s = read_file(name, NULL);
	if (s && strchr(s, '\n'))
		*strchr(s, '\n') = '\0';
	return s;
}

/* libgit2's patch-id of every commit is git's (the oldest commit of an id is the one found). */
static void check_every_commit(const struct applied *a)
{
	char *log = read_file("commits.pid", NULL);
	CHECK(log != NULL, "applied: git patch-id of the commits");
	if (!log)
		return;
	struct strmap oldest;
	strmap_init(&oldest);
	char pid[64][41], commit[64][41];
	size_t n = 0, agree = 0;
	for (char *line = strtok(log, "\n"); line && n < 64; line = strtok(NULL, "\n"))
		if (sscanf(line, "%40s %40s", pid[n], commit[n]) == 2)
			n++;
	for (size_t i = n; i-- > 0;) {
		size_t found;
		strmap_put_if_absent(&oldest, pid[i], i, &found);
	}
	for (size_t i = 0; i < n; i++) {
		size_t want;
		git_oid id;
		struct message_rare rare = {.subject = "", .patch_id = &id};
		struct message_facts f = {.rare = &rare};
		CHECK(git_oid_fromstr(&id, pid[i]) == 0, "applied: git's patch-id %s is 40 hex digits", pid[i]);
		strmap_get(&oldest, pid[i], &want);
		char hex[GIT_OID_HEXSZ + 1];
		const char *got = hex_of(applied_find(a, &f), hex);
		if (!strcmp(got, commit[want]))
			agree++;
		else
			printf("# commit %s: patch-id %s finds %s\n", commit[i], pid[i], got);
	}
	/* every commit but the empty one and the two with a binary file */
	CHECK(n == 11 && agree == n, "applied: the patch-id of each of the %zu commits is git's", n);
	strmap_release(&oldest);
	free(log);
}

/* What rule 1 alone finds for the patch. */
static const git_oid *find_by_patch_id(const struct applied *a, const struct message_facts *patch)
{
	struct message_rare rare = {.subject = "", .patch_id = facts_rare(patch)->patch_id};
	struct message_facts only = {.rare = &rare};
	return applied_find(a, &only);
}

static void check_rules(struct applied *a)
{
	const char *names[] = {"a", "b", "c", "d", "e", "f", "g", "h", "m", "k"};
	struct message_facts f[10];
	char hex[GIT_OID_HEXSZ + 1];
	for (size_t i = 0; i < 10; i++)
		f[i] = patch_facts(names[i]);

	/* Rule 1's premise: libgit2's patch-id of a message is git's (renames and binaries aside). */
	for (size_t i = 0; i < 10; i++) {
		if (strchr("efk", names[i][0]))
			continue;
		struct strbuf pid_file;
		strbuf_init(&pid_file, 16);
		strbuf_addf(&pid_file, "%s.pid", names[i]);
		char *git_id = first_line(pid_file.buf);
		char ours[GIT_OID_HEXSZ + 1] = "(none)";
		if (facts_rare(&f[i])->patch_id)
			git_oid_tostr(ours, sizeof(ours), facts_rare(&f[i])->patch_id);
		CHECK_STR(ours, git_id, "applied: message %s: libgit2's patch-id is git patch-id --stable's",
			  names[i]);
		free(git_id);
		strbuf_release(&pid_file);
	}

	CHECK(is_commit(applied_find(a, &f[0]), C_A), "applied: a patch applied as sent (%s)",
	      hex_of(applied_find(a, &f[0]), hex));
	CHECK(is_commit(find_by_patch_id(a, &f[0]), C_A), "applied: ... by rule 1 alone");
	CHECK(is_commit(applied_find(a, &f[1]), C_B),
	      "applied: rule 2: changed in review, found by its title (blanks collapsed) and author");
	CHECK(is_commit(applied_find(a, &f[2]), C_C), "applied: rule 3: retitled, found by its Message-ID: line");
	CHECK(is_commit(applied_find(a, &f[3]), C_D),
	      "applied: rule 3: retitled, found by its Link: (percent-encoded, /T/#u after the id)");
	CHECK(is_commit(find_by_patch_id(a, &f[4]), C_E), "applied: rule 1: a rename with an edit");
	CHECK(is_commit(find_by_patch_id(a, &f[5]), C_F), "applied: rule 1: a rename alone");
	CHECK(find_by_patch_id(a, &f[1]) == NULL, "applied: a patch changed in review has another patch-id");
	CHECK(is_commit(find_by_patch_id(a, &f[9]), C_K), "applied: rule 1: a binary file");
	CHECK(applied_find(a, &f[6]) == NULL, "applied: a patch never applied is not found");

	/* The rules' order: h's diff is the newest commit's, its title an older one's, its Link: the oldest's. */
	struct message_facts *h = &f[7];
	CHECK(is_commit(applied_find(a, h), C_H_DIFF), "applied: rule 1 comes before rules 2 and 3");
	git_oid *saved_id = h->rare->patch_id;
	h->rare->patch_id = NULL;
	CHECK(is_commit(applied_find(a, h), C_H_TITLE), "applied: without a patch-id, rule 2 comes before rule 3");
	char *saved_subject = h->rare->subject;
	h->rare->subject = "[PATCH] bar: a title no commit has";
	CHECK(is_commit(applied_find(a, h), C_H_LINK), "applied: with neither, rule 3");
	h->rare->subject = saved_subject;
	facts_read_tag(h, h->rare->subject);
	const struct message_author *saved_author = h->author;
	struct message_author else_author = *saved_author;
	else_author.key = (char *)"someone.else@example.org";
	h->author = &else_author;
	CHECK(is_commit(applied_find(a, h), C_H_LINK), "applied: rule 2 wants the same author too");
	h->author = saved_author;
	h->rare->patch_id = saved_id;

	/* Rule 2 sees through a mailmap, as the patches' authors do. */
	struct message_facts *m = &f[8];
	CHECK(applied_find(a, m) == NULL, "applied: an old address of the author, without a mailmap");
	struct mailmap *mm;
	struct strbuf err;
	strbuf_init(&err, 64);
	const char map[] = "Alice Example <alice@example.org> <alice@old.example.org>\n";
	if (mailmap_from_buffer(&mm, "test mailmap", map, strlen(map), &err) == 0) {
		applied_map_authors(a, mm);
		CHECK(is_commit(applied_find(a, m), C_M), "applied: the same with the mailmap");
		CHECK(is_commit(applied_find(a, &f[1]), C_B), "applied: other authors are still found after it");
		applied_map_authors(a, NULL);
		mailmap_free(mm);
	} else {
		CHECK(0, "applied: mailmap: %s", err.buf);
	}
	strbuf_release(&err);
	for (size_t i = 0; i < 10; i++)
		facts_release(&f[i]);
}

/* Opens spec (relative to the scratch directory) and returns its commit count; -1 on failure. */
static long open_count(const char *spec, struct applied **out, struct strbuf *err)
{
	struct strbuf full;
	strbuf_init(&full, 128);
	strbuf_addf(&full, "%s/%s", scratch, spec);
	strbuf_reset(err);
	int rc = applied_open(out, full.buf, err);
	strbuf_release(&full);
	return rc < 0 ? -1 : (long)applied_commit_count(*out);
}

static void check_ranges(void)
{
	struct applied *a = NULL;
	struct strbuf err, want;
	struct message_facts f_a = patch_facts("a"), f_m = patch_facts("m");
	strbuf_init(&err, 128);
	strbuf_init(&want, 128);

	CHECK(open_count("linux:", &a, &err) == 14, "applied: an empty range is the default: all 14 commits");
	applied_close(a);
	CHECK(open_count("linux:HEAD~3..HEAD", &a, &err) == 3, "applied: A..B: %s", err.buf);
	if (a) {
		CHECK(applied_find(a, &f_a) == NULL, "applied: a patch applied before the range is not found");
		applied_close(a);
	}
	CHECK(open_count("linux:HEAD~3..", &a, &err) == 3, "applied: A.. ends at HEAD");
	applied_close(a);
	CHECK(open_count("linux:HEAD..HEAD", &a, &err) == 0, "applied: an empty range");
	if (a) {
		CHECK(applied_find(a, &f_a) == NULL, "applied: ... finds nothing");
		applied_close(a);
	}
	CHECK(open_count("linux:HEAD~10", &a, &err) == 4, "applied: one revision: what it reaches");
	if (a) {
		CHECK(is_commit(applied_find(a, &f_a), C_A), "applied: ... and its commits are found");
		CHECK(applied_find(a, &f_m) == NULL, "applied: ... and none after it");
		applied_close(a);
	}
	CHECK(open_count("linux/.git:HEAD~1", &a, &err) == 13, "applied: a .git directory and a revision");
	if (a) {
		CHECK_STR(applied_tree_name(a), "linux", "applied: the tree of linux/.git is named linux");
		applied_close(a);
	}
	CHECK(open_count("with:colon.git", &a, &err) == 14, "applied: a path with a colon opens whole");
	if (a) {
		CHECK_STR(applied_tree_name(a), "with:colon", "applied: a bare with:colon.git is named with:colon");
		applied_close(a);
	}
	CHECK(open_count("with:colon.git:HEAD~1", &a, &err) == 13,
	      "applied: a path with a colon and a range split at the last colon");
	applied_close(a);

	a = (struct applied *)1;
	CHECK(open_count("nowhere", &a, &err) == -1 && a == NULL, "applied: a directory that is no repository");
	strbuf_addf(&want, "%s/nowhere: not a git repository", scratch);
	CHECK_STR(err.buf, want.buf, "applied: ... is one line of error");
	CHECK(open_count("nowhere:HEAD~1..", &a, &err) == -1, "applied: the same with a range");
	CHECK_STR(err.buf, want.buf, "applied: ... names the directory");
	CHECK(open_count("linux:v9..v10", &a, &err) == -1 && a == NULL, "applied: a range of unknown revisions");
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/linux: bad revision 'v9': ", scratch);
	CHECK(!strncmp(err.buf, want.buf, want.len) && !strchr(err.buf, '\n'), "applied: ... one line: %s",
	      err.buf);
	CHECK(open_count("linux:HEAD~1...HEAD", &a, &err) == -1 && strstr(err.buf, "symmetric"),
	      "applied: a symmetric range is refused: %s", err.buf);
	strbuf_release(&err);
	strbuf_release(&want);
	facts_release(&f_a);
	facts_release(&f_m);
}

static void check_default_limit(void)
{
	struct applied *a = NULL;
	struct strbuf err;
	strbuf_init(&err, 128);
	int rc = run_script(build_many);
	CHECK(rc == 0, "applied: a tree of 20,001 commits");
	if (rc)
		return;
	CHECK(open_count("many.git", &a, &err) == APPLIED_DEFAULT_COMMITS,
	      "applied: the default range reads the newest 20,000 commits of HEAD");
	if (a) {
		struct message_rare rare = {.subject = ""};
		struct message_facts f = {.rare = &rare};
		facts_set_ids(&f, NULL, "20001@example.org", NULL, 0);
		CHECK(applied_find(a, &f) != NULL, "applied: ... the newest is there");
		facts_set_ids(&f, NULL, "2@example.org", NULL, 0);
		CHECK(applied_find(a, &f) != NULL, "applied: ... the 20,000th");
		facts_set_ids(&f, NULL, "1@example.org", NULL, 0);
		CHECK(applied_find(a, &f) == NULL, "applied: ... not the oldest");
		CHECK_STR(applied_tree_name(a), "many", "applied: a bare many.git is named many");
		/* the commits change no file: none has a patch-id, whatever the threads */
		applied_set_jobs(a, 3);
		git_oid some_id;
		git_oid_fromstr(&some_id, "0123456789abcdef0123456789abcdef01234567");
		rare.patch_id = &some_id;
		CHECK(applied_find(a, &f) == NULL, "applied: no patch-id in a tree of empty commits (3 threads)");
		facts_set_ids(&f, NULL, "20000@example.org", NULL, 0);
		CHECK(applied_find(a, &f) != NULL, "applied: ... and rule 3 after it");
		free(f.ids);
		applied_close(a);
	}
	CHECK(open_count("many.git:HEAD~20000..", &a, &err) == 20000, "applied: a range has no limit");
	applied_close(a);
	strbuf_release(&err);
}

void test_applied(void)
{
	const char *base = getenv("BUILD_DIR");
	snprintf(scratch, sizeof(scratch), "%s/unit-applied.XXXXXX", base && *base ? base : "/tmp");
	if (base && *base)
		mkdir(base, 0700);
	if (!mkdtemp(scratch)) {
		CHECK(0, "applied: mkdtemp %s", scratch);
		return;
	}
	mail_library_init();
	git_libgit2_init();
	int rc = run_script(build_tree);
	CHECK(rc == 0, "applied: the test tree is built (%s/script.log)", scratch);
	if (rc)
		return;
	char *log = read_file("commits.log", NULL);
	size_t n = 0;
	for (char *line = log ? strtok(log, "\n") : NULL; line && n < 14; line = strtok(NULL, "\n"))
		snprintf(commit_hex[n++], sizeof(commit_hex[0]), "%.40s", line);
	free(log);
	CHECK(n == 14, "applied: the test tree has 14 commits");

	struct applied *a = NULL;
	struct strbuf err;
	strbuf_init(&err, 128);
	CHECK(open_count("linux", &a, &err) == 14, "applied: a work tree opens: %s", err.buf);
	if (a) {
		CHECK_STR(applied_tree_name(a), "linux", "applied: the tree is named linux");
		check_every_commit(a);
		check_rules(a);
		applied_close(a);
	}
	strbuf_release(&err);
	check_ranges();
	check_default_limit();
	git_libgit2_shutdown();
}
