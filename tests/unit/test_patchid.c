/*
 * patchid_of_diff against the real `git patch-id --stable` of the same
 * text, on patches written here: the value must be git's, not a copy of it.
 */
#include "harness.h"

#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../src/common/strbuf.h"
#include "../../src/patch/patchid.h"

void test_patchid(void);

/* git's patch-id of text, or NULL when git gives none (or cannot run). */
static char *git_patch_id(const char *text)
{
	char path[] = "/tmp/listdigest-patchid-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	size_t len = strlen(text);
	bool written = write(fd, text, len) == (ssize_t)len;
	close(fd);
	char *id = NULL;
	if (written) {
		struct strbuf cmd;
		strbuf_init(&cmd, 0);
		strbuf_addf(&cmd, "git patch-id --stable < '%s' 2>/dev/null", path);
		FILE *p = popen(cmd.buf, "r");
		char line[256];
		if (p && fgets(line, sizeof(line), p) && strlen(line) > 40 && line[40] == ' ')
			id = xmemdupz(line, 40);
		if (p)
			pclose(p);
		strbuf_release(&cmd);
	}
	unlink(path);
	return id;
}

static const char modify[] =
	"diff --git a/src/hello.c b/src/hello.c\n"
	"index 3b18e51..a8d4c2f 100644\n"
	"--- a/src/hello.c\n"
	"+++ b/src/hello.c\n"
	"@@ -1,5 +1,6 @@\n"
	" #include <stdio.h>\n"
	"+#include <stdlib.h>\n"
	" \n"
	" int main(void)\n"
	" {\n"
	"-\treturn 0;\n"
	"+\treturn EXIT_SUCCESS;\n";

/* The same change with other blanks inside its lines: git ignores them. */
static const char modify_reindented[] =
	"diff --git a/src/hello.c b/src/hello.c\n"
	"index 3b18e51..a8d4c2f 100644\n"
	"--- a/src/hello.c\n"
	"+++ b/src/hello.c\n"
	"@@ -1,5 +1,6 @@\n"
	" #include <stdio.h>\n"
	"+#include  <stdlib.h>\n"
	" \n"
	" int main(void)\n"
	" {\n"
	"-\treturn 0;\n"
	"+    return EXIT_SUCCESS;\n";

static const char added[] =
	"diff --git a/docs/notes.txt b/docs/notes.txt\n"
	"new file mode 100644\n"
	"index 0000000..9a1b2c3\n"
	"--- /dev/null\n"
	"+++ b/docs/notes.txt\n"
	"@@ -0,0 +1,2 @@\n"
	"+first line\n"
	"+second line\n";

static const char deleted[] =
	"diff --git a/old.txt b/old.txt\n"
	"deleted file mode 100644\n"
	"index 1234567..0000000\n"
	"--- a/old.txt\n"
	"+++ /dev/null\n"
	"@@ -1 +0,0 @@\n"
	"-gone\n";

static const char two_hunks[] =
	"diff --git a/lib/list.c b/lib/list.c\n"
	"index 1111111..2222222 100644\n"
	"--- a/lib/list.c\n"
	"+++ b/lib/list.c\n"
	"@@ -10,3 +10,3 @@ void list_add(struct list *l)\n"
	" \tl->count++;\n"
	"-\tl->dirty = 1;\n"
	"+\tl->dirty = true;\n"
	" }\n"
	"@@ -40,2 +40,3 @@ void list_del(struct list *l)\n"
	" \tl->count--;\n"
	"+\tl->dirty = true;\n"
	" }\n";

static void check_like_git(const char *text, const char *what)
{
	char *ours = patchid_of_diff(text, strlen(text));
	char *git = git_patch_id(text);
	CHECK(git != NULL, "patch-id: %s: git gives one", what);
	CHECK_STR(ours, git, "patch-id: %s: as git patch-id --stable", what);
	bool hex = ours && strlen(ours) == 40 && strspn(ours, "0123456789abcdef") == 40;
	CHECK(hex, "patch-id: %s: 40 lower-case hex digits", what);
	free(ours);
	free(git);
}

static void test_against_git(void)
{
	struct strbuf all;
	check_like_git(modify, "a modified file");
	check_like_git(added, "a new file");
	check_like_git(deleted, "a deleted file");
	check_like_git(two_hunks, "two hunks with function context");
	strbuf_init(&all, 0);
	strbuf_addf(&all, "%s%s%s%s", two_hunks, modify, added, deleted);
	check_like_git(all.buf, "four files");
	strbuf_release(&all);

	char *a = patchid_of_diff(modify, strlen(modify));
	char *b = patchid_of_diff(modify_reindented, strlen(modify_reindented));
	CHECK(a && b && !strcmp(a, b), "patch-id: blanks inside lines do not count, as in git");
	free(b);
	/* --stable: the order of the files does not matter */
	struct strbuf one, other;
	strbuf_init(&one, 0);
	strbuf_init(&other, 0);
	strbuf_addf(&one, "%s%s", modify, added);
	strbuf_addf(&other, "%s%s", added, modify);
	char *x = patchid_of_diff(one.buf, one.len), *y = patchid_of_diff(other.buf, other.len);
	CHECK(x && y && !strcmp(x, y), "patch-id: the files' order does not matter (--stable)");
	free(x);
	free(y);
	strbuf_release(&one);
	strbuf_release(&other);

	/* A mail with CRLF line ends: the patch git am applies, so the same id. */
	struct strbuf crlf;
	strbuf_init(&crlf, 0);
	for (const char *p = modify; *p; p++) {
		if (*p == '\n')
			strbuf_addch(&crlf, '\r');
		strbuf_addch(&crlf, *p);
	}
	char *c = patchid_of_diff(crlf.buf, crlf.len);
	CHECK(a && c && !strcmp(a, c), "patch-id: CRLF line ends read as LF");
	free(c);
	free(a);
	strbuf_release(&crlf);
}

static void test_none(void)
{
	/* git finds no patch in these, and nor do we */
	static const char *const no_patch[] = {"", "just some text\n", "--- a/f\n+++ b/f\n"};
	for (size_t i = 0; i < sizeof(no_patch) / sizeof(no_patch[0]); i++) {
		char *id = patchid_of_diff(no_patch[i], strlen(no_patch[i]));
		char *git = git_patch_id(no_patch[i]);
		CHECK(!id && !git, "patch-id: none where git finds none (case %zu): %s", i, id ? id : "NULL");
		free(id);
		free(git);
	}
	/*
	 * git hashes whatever diff lines it meets; libgit2 rejects a diff that
	 * could not apply. A broken diff gets no id rather than an id of
	 * something no tree holds.
	 */
	static const char *const broken[] = {
		"diff --git a/f b/f\n",
		"diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n-a\n+b\n",
		"diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ garbage @@\n-a\n",
	};
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		char *id = patchid_of_diff(broken[i], strlen(broken[i]));
		CHECK(id == NULL, "patch-id: a broken diff has none (case %zu): %s", i, id ? id : "NULL");
		free(id);
	}
	check_like_git("diff --git a/f b/f\nindex 1111111..2222222 100644\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-caf\xE9 \xFF\xFE\n+caf\xC3\xA9 \x80\n",
		       "bytes that are not UTF-8");
	static const char with_nul[] = "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\0b\n+c\n";
	char *id = patchid_of_diff(with_nul, sizeof(with_nul) - 1);
	CHECK(id == NULL, "patch-id: a diff holding a NUL byte has none (and libgit2 never sees it)");
	free(id);
	CHECK(patchid_of_diff(NULL, 0) == NULL, "patch-id: NULL text");
}

/*
 * Where the hand-written path takes a diff, its id is libgit2's; where it
 * declines, libgit2 decides. Each case says which it expects, so that a
 * change sending everything to libgit2 fails too.
 */
static void check_by_hand(const char *text, bool taken, const char *what)
{
	size_t len = strlen(text);
	char *ours = patchid_of_diff(text, len);
	char *reference = patchid_by_libgit2(text, len);
	CHECK(patchid_by_hand_takes(text, len) == taken, "patch-id by hand: %s: %s", what,
	      taken ? "taken" : "left to libgit2");
	CHECK(reference != NULL, "patch-id by hand: %s: libgit2 gives one", what);
	CHECK_STR(ours, reference, "patch-id by hand: %s: libgit2's id", what);
	free(ours);
	free(reference);
}

static const char mode_change[] =
	"diff --git a/tools/run.sh b/tools/run.sh\n"
	"old mode 100644\n"
	"new mode 100755\n"
	"index 5d1e2f3..6a7b8c9\n"
	"--- a/tools/run.sh\n"
	"+++ b/tools/run.sh\n"
	"@@ -1,2 +1,2 @@\n"
	" #!/bin/sh\n"
	"-exec ./old\n"
	"+exec ./new\n";

/* No newline at the end of the old file, then of the new one. */
static const char no_newline[] =
	"diff --git a/VERSION b/VERSION\n"
	"index 0a1b2c3..4d5e6f7 100644\n"
	"--- a/VERSION\n"
	"+++ b/VERSION\n"
	"@@ -1,2 +1,3 @@\n"
	" 1.0\n"
	"-1.1\n"
	"\\ No newline at end of file\n"
	"+1.1\n"
	"+1.2\n"
	"\\ No newline at end of file\n";

/* A blank context line that lost its space, and text between two files. */
static const char blank_and_text[] =
	"diff --git a/a.c b/a.c\n"
	"index 1111111..2222222 100644\n"
	"--- a/a.c\n"
	"+++ b/a.c\n"
	"@@ -1,3 +1,3 @@\n"
	" int a;\n"
	"\n"
	"-int b;\n"
	"+long b;\n"
	"some words a mailer left here\n"
	"diff --git a/b.c b/b.c\n"
	"index 3333333..4444444 100644\n"
	"--- a/b.c\n"
	"+++ b/b.c\n"
	"@@ -7 +7 @@ static int c;\n"
	"-\tc = 1;\n"
	"+\tc = 2;\n"
	"thanks\n";

static const char renamed[] =
	"diff --git a/old/name.c b/new/name.c\n"
	"similarity index 90%\n"
	"rename from old/name.c\n"
	"rename to new/name.c\n"
	"index 1111111..2222222 100644\n"
	"--- a/old/name.c\n"
	"+++ b/new/name.c\n"
	"@@ -1 +1 @@\n"
	"-x\n"
	"+y\n";

static const char no_index_line[] =
	"diff --git a/f.txt b/f.txt\n"
	"--- a/f.txt\n"
	"+++ b/f.txt\n"
	"@@ -1 +1 @@\n"
	"-x\n"
	"+y\n";

static const char quoted_path[] =
	"diff --git \"a/caf\\303\\251.txt\" \"b/caf\\303\\251.txt\"\n"
	"index 1111111..2222222 100644\n"
	"--- \"a/caf\\303\\251.txt\"\n"
	"+++ \"b/caf\\303\\251.txt\"\n"
	"@@ -1 +1 @@\n"
	"-x\n"
	"+y\n";

static void test_by_hand(void)
{
	check_by_hand(modify, true, "a modified file");
	check_by_hand(added, true, "a new file");
	check_by_hand(deleted, true, "a deleted file");
	check_by_hand(two_hunks, true, "two hunks");
	check_by_hand(mode_change, true, "a mode change");
	check_by_hand(no_newline, true, "no newline at the end");
	check_by_hand(blank_and_text, true, "a bare blank context line, text between files");
	/* a line of 40 bytes: the 16-byte packing and its masked tail */
	check_by_hand("diff --git a/w b/w\nindex 1111111..2222222 100644\n--- a/w\n+++ b/w\n"
		      "@@ -1 +1 @@\n-\t\tif (x)  \t{ y = z; }\n+ \t \tif (x) { y\v=\fz; }   \t \t \n",
		      true, "every kind of whitespace, in runs");
	check_by_hand(renamed, false, "a rename");
	check_by_hand(no_index_line, false, "no index line");
	check_by_hand(quoted_path, false, "a quoted path");
	char *x = patchid_of_diff(renamed, strlen(renamed));
	char *y = patchid_of_diff(modify, strlen(modify));
	CHECK(x && y && strcmp(x, y), "patch-id by hand: different changes, different ids");
	free(x);
	free(y);
}

void test_patchid(void)
{
	test_against_git();
	test_none();
	test_by_hand();
}
