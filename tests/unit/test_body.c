/* Cutting bodies for entries: the commit message or cover text, up to the diffstat. */
#include "harness.h"

#include <stdlib.h>

#include "../../src/common/utf8.h"
#include "../../src/patch/body.h"

void test_body(void);

/* drop: read the body's in-body header and leave it out, as for an entry. */
static void check_excerpt(const char *body, bool drop, const char *want, const char *what)
{
	struct inbody_header inbody;
	inbody_parse(&inbody, body, strlen(body));
	char *got = body_excerpt(body, strlen(body), drop ? &inbody : NULL);
	CHECK_STR(got, want, "body_excerpt: %s", what);
	free(got);
	inbody_release(&inbody);
}

static void test_diffstat_cut(void)
{
	check_excerpt(
		"Fix the frobnicator.\n"
		"\n"
		"Signed-off-by: A <a@b.example>\n"
		"---\n"
		" drivers/frob.c | 4 +++-\n"
		" drivers/new.c  | 1 +\n"
		" 2 files changed, 4 insertions(+), 1 deletion(-)\n"
		" create mode 100644 drivers/new.c\n"
		"\n"
		"diff --git a/drivers/frob.c b/drivers/frob.c\n"
		"--- a/drivers/frob.c\n"
		"+++ b/drivers/frob.c\n"
		"-- \n"
		"2.44.0\n",
		false,
		"Fix the frobnicator.\n"
		"\n"
		"Signed-off-by: A <a@b.example>\n"
		"---\n"
		" drivers/frob.c | 4 +++-\n"
		" drivers/new.c  | 1 +\n"
		" 2 files changed, 4 insertions(+), 1 deletion(-)",
		"ends with the diffstat summary; create mode and the diff left out");
	check_excerpt(
		"Cover text.\n"
		"\n"
		"Ann (2):\n"
		"  frob: a\n"
		"  frob: b\n"
		"\n"
		" frob.c | 2 +-\n"
		" 1 file changed, 1 insertion(+), 1 deletion(-)\n"
		"\n"
		"base-commit: 0123456789abcdef0123456789abcdef01234567\n"
		"prerequisite-patch-id: fedcba9876543210fedcba9876543210fedcba98\n"
		"-- \n"
		"2.44.0\n",
		false,
		"Cover text.\n\nAnn (2):\n  frob: a\n  frob: b\n\n frob.c | 2 +-\n"
		" 1 file changed, 1 insertion(+), 1 deletion(-)",
		"cover letter: base-commit and prerequisite-patch-id left out");
	check_excerpt("Msg\n---\n a | 1 +\n 1 file changed, 1 insertion(+)\n\ndiff --git a/a b/a\n", false,
		      "Msg\n---\n a | 1 +\n 1 file changed, 1 insertion(+)", "singular insertion");
	check_excerpt("Drop it.\n---\n a | 9 ---------\n 1 file changed, 9 deletions(-)\n delete mode 100644 a\n",
		      false, "Drop it.\n---\n a | 9 ---------\n 1 file changed, 9 deletions(-)",
		      "deletion-only summary");
	check_excerpt("Mode.\n---\n a | 0\n 1 file changed\n mode change 100644 => 100755 a\n", false,
		      "Mode.\n---\n a | 0\n 1 file changed", "summary without counts");
	check_excerpt("Prose mentions\n 2 files changed in the last release\nmore\n\ndiff --git a/x b/x\n", false,
		      "Prose mentions\n 2 files changed in the last release\nmore",
		      "prose like a summary does not cut; the diff does");
	check_excerpt("Text\n 1 file changed, 1 insertion(+)\n\n\n", false,
		      "Text\n 1 file changed, 1 insertion(+)", "summary as the last line");
}

static void test_other_ends(void)
{
	check_excerpt("Message.\n\nSigned-off-by: X <x@y.z>\n\ndiff --git a/f b/f\nindex 1..2\n", false,
		      "Message.\n\nSigned-off-by: X <x@y.z>", "no diffstat: ends before diff --git");
	check_excerpt("Old style.\n\ndiff -urN a/f b/f\n--- a/f\n", false, "Old style.",
		      "ends before diff -u");
	check_excerpt("Svn style.\n\nIndex: foo/bar.c\n=====\n", false, "Svn style.", "ends before Index:");
	check_excerpt("See Index: in the text\nand diff --git in prose\nend\n", false,
		      "See Index: in the text\nand diff --git in prose\nend",
		      "markers inside a line do not cut");
	check_excerpt("Thanks,\nAnn\n\n-- \nAnn's signature\n", false, "Thanks,\nAnn",
		      "ends before the signature separator");
	check_excerpt("a\n--\nb\n-- x\nc\n---\nd\n", false, "a\n--\nb\n-- x\nc\n---\nd",
		      "only \"-- \" exactly is the signature separator");
	check_excerpt("diff --git a/x b/x\n+code\n", false, "", "diff on the first line: empty");
	check_excerpt("", false, "", "empty body");
	check_excerpt("\n\n \n\t\n", false, "", "only blank lines");
	check_excerpt("a\n\n  \n\t\n\n", false, "a", "trailing blank lines removed");
	check_excerpt("no line end", false, "no line end", "last line without a line end");
	/* With a diffstat the text runs to its summary line, whatever comes before it. */
	check_excerpt("Text\n-- \n 1 file changed, 1 insertion(+)\n", false,
		      "Text\n-- \n 1 file changed, 1 insertion(+)",
		      "with a diffstat, a signature before it does not end the text");
	check_excerpt("Cover text quoting a diff:\n\ndiff --git a/x b/x\n-old\n+new\n\nMore text.\n\n"
		      "Ann Dev (1):\n  x: fix\n\n x | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\n"
		      "base-commit: 0123456789abcdef\n",
		      false,
		      "Cover text quoting a diff:\n\ndiff --git a/x b/x\n-old\n+new\n\nMore text.\n\n"
		      "Ann Dev (1):\n  x: fix\n\n x | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)",
		      "a cover letter quoting a diff keeps its text up to the diffstat");
}

static void test_inbody_from(void)
{
	const char *patch =
		"From: Kenji Watanabe <kenji@example.com>\n"
		"Date: Mon, 4 Mar 2024 10:15:02 +0530\n"
		"\n"
		"Let the user choose.\n"
		"---\n"
		" f.c | 1 +\n"
		" 1 file changed, 1 insertion(+)\n";
	check_excerpt(patch, true,
		      "\nLet the user choose.\n---\n f.c | 1 +\n 1 file changed, 1 insertion(+)",
		      "in-body From and Date dropped, the blank line after them kept");
	check_excerpt(patch, false,
		      "From: Kenji Watanabe <kenji@example.com>\nDate: Mon, 4 Mar 2024 10:15:02 +0530\n"
		      "\nLet the user choose.\n---\n f.c | 1 +\n 1 file changed, 1 insertion(+)",
		      "in-body From kept when not asked to drop it");
	check_excerpt("From: A <a@b.c>\n\nText\n", true, "\nText", "in-body From alone dropped");
	check_excerpt("From: A <a@b.c>\nSubject: [PATCH] real subject\n\nText\n", true, "\nText",
		      "Subject line after the in-body From dropped");
	check_excerpt("From: A <a@b.c>\n\nDate: a line of the message\n", true,
		      "\nDate: a line of the message", "Date after the blank line is text");
	check_excerpt("From: A <a@b.c>\n", true, "", "nothing but the in-body From");
	check_excerpt("From: A <a@b.c>\nSubject: [PATCH] a long\n title\n\nText\n", true, "\nText",
		      "folded in-body Subject dropped whole");
	check_excerpt("\nFrom: A <a@b.c>\nSent: Monday\n\nText\n", true, "\nFrom: A <a@b.c>\nSent: Monday\n\nText",
		      "an Outlook block is not an in-body header: kept");
}

/* A diff above the diffstat's "---" line: the cut falls before the diff. */
static void test_diff_before_diffstat(void)
{
	const char *pasted =
		"Fix the frobnicator.\n"
		"\n"
		"diff --git a/f.c b/f.c\n"
		"--- a/f.c\n"
		"+++ b/f.c\n"
		"@@ -1 +1 @@\n"
		"-old\n"
		"+new\n"
		"Signed-off-by: A <a@b.example>\n"
		"---\n"
		" f.c | 2 +-\n"
		" 1 file changed, 1 insertion(+), 1 deletion(-)\n"
		"\n"
		"diff --git a/f.c b/f.c\n"
		"--- a/f.c\n";
	check_excerpt(pasted, false, "Fix the frobnicator.", "diff, ---, diffstat, diff again: cut before the first diff");
	check_excerpt("Old style.\n\nIndex: f.c\n====\n---\n f.c | 1 +\n 1 file changed, 1 insertion(+)\n",
		      false, "Old style.", "an Index: diff above the --- line counts too");
	check_excerpt("Text.\n\ndiff -u a b\n---\n f | 1 +\n 1 file changed, 1 insertion(+)\n-- \nsig\n", false,
		      "Text.", "diff -u above the --- line");
	check_excerpt("Text.\n---\ndiff --git a/x b/x\n---\n x | 1 +\n 1 file changed, 1 insertion(+)\n", false,
		      "Text.\n---", "the --- line over the diffstat is the last one above it");

	/* No diff above the --- line: the diffstat cut stands. */
	check_excerpt("Text.\n---\nv2: quote diff --git in prose\n x | 1 +\n 1 file changed, 1 insertion(+)\n", false,
		      "Text.\n---\nv2: quote diff --git in prose\n x | 1 +\n 1 file changed, 1 insertion(+)",
		      "diff named inside a line is not a diff");
	check_excerpt("Cover.\n\n---\nAnn (1):\n  x: y\n\ndiff --git a/x b/x\n x | 1 +\n 1 file changed, 1 insertion(+)\n",
		      false, "Cover.\n\n---\nAnn (1):\n  x: y\n\ndiff --git a/x b/x\n x | 1 +\n"
		      " 1 file changed, 1 insertion(+)", "a diff between --- and the summary does not count");
	check_excerpt("Text.\n---  \r\n x | 1 +\r\n 1 file changed, 1 insertion(+)\r\n\r\ndiff --git a/x b/x\n", false,
		      "Text.\n---  \n x | 1 +\n 1 file changed, 1 insertion(+)", "--- with trailing blanks and CR");
	check_excerpt("Text.\n--- a/x\n x | 1 +\n 1 file changed, 1 insertion(+)\n", false,
		      "Text.\n--- a/x\n x | 1 +\n 1 file changed, 1 insertion(+)", "\"--- a/x\" is not the --- line");
}

static void test_cleaning(void)
{
	check_excerpt("Line one\r\n\r\nLine two\r\n---\r\n f | 1 +\r\n 1 file changed, 1 insertion(+)\r\n"
		      "\r\ndiff --git a/f b/f\r\n",
		      false, "Line one\n\nLine two\n---\n f | 1 +\n 1 file changed, 1 insertion(+)",
		      "CRLF body: CRs gone, summary still found");
	check_excerpt("Thanks\r\n\r\n-- \r\nsig\r\n", false, "Thanks", "CRLF signature separator");
	check_excerpt("Text\r\n\r\n\r\n", false, "Text", "CRLF trailing blank lines removed");
	check_excerpt("From: A <a@b.c>\r\nDate: x\r\n\r\nText\r\n", true, "\nText", "CRLF in-body From dropped");
	check_excerpt("bad \xFF byte\x1b[0m and caf\xC3\xA9\tok", false,
		      "bad \xEF\xBF\xBD byte[0m and caf\xC3\xA9\tok", "invalid bytes replaced, controls dropped");

	/* NUL bytes inside the body do not end it */
	char *got = body_excerpt("a\0b\nc\n", 6, NULL);
	CHECK_STR(got, "ab\nc", "body_excerpt: NUL bytes dropped, text after them kept");
	free(got);
	got = body_excerpt("keep\ndiff --git", 4, NULL);
	CHECK_STR(got, "keep", "body_excerpt honours len");
	free(got);
}

static void check_summary(const char *line, bool want)
{
	CHECK(line_is_diffstat_summary(line, strlen(line)) == want, "line_is_diffstat_summary(\"%s\") is %s",
	      line, want ? "true" : "false");
}

static void test_summary_lines(void)
{
	check_summary(" 2 files changed, 1 insertion(+), 3 deletions(-)", true);
	check_summary(" 1 file changed, 1 insertion(+)", true);
	check_summary(" 1 file changed, 1 deletion(-)", true);
	check_summary(" 3 files changed, 10 deletions(-)", true);
	check_summary(" 1 file changed, 1 insertion(+), 1 deletion(-)", true);
	check_summary(" 1234 files changed, 56789 insertions(+), 12 deletions(-)", true);
	check_summary(" 1 file changed", true);
	check_summary(" 2 files changed, 1 insertion(+)\r", true);
	check_summary(" 2 files changed, 1 insertion(+)  ", true);

	check_summary(" 2 files changed in the last release", false);
	check_summary(" 2 files changed, and more prose", false);
	check_summary(" 2 files changed, 1 insertion(+), 3 deletions(-), really", false);
	check_summary("2 files changed, 1 insertion(+)", false);
	check_summary(" files changed, 1 insertion(+)", false);
	check_summary(" two files changed", false);
	check_summary(" 2 files  changed", false);
	check_summary(" 2 files changed 1 insertion(+)", false);
	check_summary(" 2 filet changed", false);
	check_summary(" f.c | 2 +-", false);
	check_summary("", false);
	check_summary(" ", false);
	check_summary(" 2", false);

	/* only len bytes are the line */
	const char *s = " 1 file changed, 1 insertion(+)XYZ";
	CHECK(line_is_diffstat_summary(s, strlen(s) - 3), "line_is_diffstat_summary stops at len");
	CHECK(!line_is_diffstat_summary(s, strlen(s)), "line_is_diffstat_summary sees what follows within len");
}

void test_body(void)
{
	test_diffstat_cut();
	test_other_ends();
	test_inbody_from();
	test_diff_before_diffstat();
	test_cleaning();
	test_summary_lines();
}
