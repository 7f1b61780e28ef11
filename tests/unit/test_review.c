/* What a body says about a review: b4's change-id, review trailers, linked message-ids, the diff. */
#include "harness.h"

#include <stdlib.h>

#include "../../src/common/strbuf.h"
#include "../../src/patch/links.h"
#include "../../src/patch/review.h"

void test_review(void);

static void read_text(struct review *r, const char *body)
{
	review_read(r, body, strlen(body));
}

/* Exactly one trailer, of this kind, person and address. */
static void check_one_trailer(const char *body, enum trailer_kind kind, const char *person, const char *addr,
			      const char *what)
{
	struct review r;
	read_text(&r, body);
	CHECK(r.trailer_count == 1, "trailers: %s: one trailer (got %zu)", what, r.trailer_count);
	if (r.trailer_count == 1) {
		CHECK(r.trailers[0].kind == kind, "trailers: %s: kind %d", what, (int)r.trailers[0].kind);
		CHECK_STR(r.trailers[0].person, person, "trailers: %s: person as written", what);
		CHECK_STR(r.trailers[0].addr, addr, "trailers: %s: address", what);
	}
	review_release(&r);
}

static void check_no_trailer(const char *body, const char *what)
{
	struct review r;
	read_text(&r, body);
	CHECK(r.trailer_count == 0 && !r.trailers, "trailers: %s: none (got %zu)", what, r.trailer_count);
	review_release(&r);
}

static void test_trailers(void)
{
	check_one_trailer("Looks good.\n\nReviewed-by: Ann Example <ann@example.org>\n", TRAILER_REVIEWED,
			  "Ann Example <ann@example.org>", "ann@example.org", "Reviewed-by");
	check_one_trailer("Acked-by: Bo <bo@example.com>\n", TRAILER_ACKED, "Bo <bo@example.com>", "bo@example.com",
			  "Acked-by");
	check_one_trailer("Tested-by: Cy <cy@example.net> # on a test board\n", TRAILER_TESTED,
			  "Cy <cy@example.net> # on a test board", "cy@example.net", "Tested-by, a comment after it");
	check_one_trailer("No, this breaks the build.\nNacked-by: Di <di@example.org>\n", TRAILER_NACKED,
			  "Di <di@example.org>", "di@example.org", "Nacked-by");
	check_one_trailer("REVIEWED-BY: Ed <Ed.Smith@Example.ORG>\n", TRAILER_REVIEWED, "Ed <Ed.Smith@Example.ORG>",
			  "ed.smith@example.org", "any case; the address lower-cased, the person as written");
	check_one_trailer("acked-by:fi@example.org\n", TRAILER_ACKED, "fi@example.org", "fi@example.org",
			  "a bare address, no blank after the colon");
	check_one_trailer("  Reviewed-by: Gu <gu@example.org>  \n", TRAILER_REVIEWED, "Gu <gu@example.org>",
			  "gu@example.org", "blanks before it, as b4 accepts, and after it trimmed");
	check_one_trailer("Thanks!\r\n\r\nReviewed-by: Hal <hal@example.org>\r\n-- \r\nHal\r\n", TRAILER_REVIEWED,
			  "Hal <hal@example.org>", "hal@example.org", "CRLF line ends, CRLF signature line");
	check_one_trailer("Reviewed-by: A Very Long Name Indeed\n<long@example.org>\n", TRAILER_REVIEWED,
			  "A Very Long Name Indeed <long@example.org>", "long@example.org",
			  "the address wrapped onto the next line, as b4 joins it");
	check_one_trailer("Reviewed-by: Jos\xE9 Caf\xC3\xA9 <jose@example.org>\n", TRAILER_REVIEWED,
			  "Jos\xEF\xBF\xBD Caf\xC3\xA9 <jose@example.org>", "jose@example.org",
			  "a byte that is not UTF-8 replaced in the person");

	check_no_trailer("> Reviewed-by: Ann <ann@example.org>\n", "quoted");
	check_no_trailer(">Reviewed-by: Ann <ann@example.org>\n", "quoted without a blank");
	check_no_trailer("  > > Acked-by: Ann <ann@example.org>\n", "quoted twice, after blanks");
	check_no_trailer("Thanks\n-- \nReviewed-by: Ann <ann@example.org>\n", "below the signature line");
	check_no_trailer("Reviewed-by: Ann Example\n", "a value without an address");
	check_no_trailer("Reviewed-by: Ann <ann at example.org>\n", "an address without '@'");
	check_no_trailer("Reviewed-by:\n", "no value");
	check_no_trailer("Reviewed-by:    \n", "a blank value");
	check_no_trailer("Signed-off-by: Ann <ann@example.org>\nReported-by: Bo <bo@example.org>\n",
			 "other trailers");
	check_no_trailer("Unreviewed-by: Ann <ann@example.org>\nxAcked-by: Bo <bo@example.org>\n",
			 "the name inside a longer word");
	check_no_trailer("Reviewed-by: https://review.example.org/c/123 <ann@example.org>\n",
			 "a value with a web link is not a person (b4)");
	check_no_trailer("Patch:\n\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n"
			 " Reviewed-by: Ann <ann@example.org>\n",
			 "a context line of a diff");

	/* "-- " is the signature line only as the whole line. */
	struct review r;
	read_text(&r, "--\nReviewed-by: Ann <ann@example.org>\n-- x\nAcked-by: Bo <bo@example.org>\n"
		      "-- \nTested-by: Cy <cy@example.org>\n");
	CHECK(r.trailer_count == 2 && r.trailers[0].kind == TRAILER_REVIEWED && r.trailers[1].kind == TRAILER_ACKED,
	      "trailers: \"--\" and \"-- x\" are not the signature line; \"-- \" is (%zu trailers)", r.trailer_count);
	review_release(&r);

	read_text(&r, "Reviewed-by: Ann <ann@example.org>\nAcked-by: Ann <ann@example.org>\n"
		      "Reviewed-by: Bo <bo@example.org>\n");
	CHECK(r.trailer_count == 3 && !strcmp(r.trailers[2].addr, "bo@example.org"),
	      "trailers: all kept, in order (%zu)", r.trailer_count);
	review_release(&r);

	/* A hostile body cannot make an unbounded list. */
	struct strbuf many;
	strbuf_init(&many, 0);
	for (int i = 0; i < REVIEW_TRAILERS_MAX + 50; i++)
		strbuf_addf(&many, "Acked-by: P%d <p%d@example.org>\n", i, i);
	review_read(&r, many.buf, many.len);
	CHECK(r.trailer_count == REVIEW_TRAILERS_MAX, "trailers: at most %d kept (%zu)", REVIEW_TRAILERS_MAX,
	      r.trailer_count);
	review_release(&r);
	strbuf_release(&many);

	/* NUL bytes and a body without a final newline. */
	static const char with_nul[] = "x\0y\nReviewed-by: Ann <ann@example.org>";
	review_read(&r, with_nul, sizeof(with_nul) - 1);
	CHECK(r.trailer_count == 1, "trailers: a NUL byte before, no final newline");
	review_release(&r);
	static const char nul_in_value[] = "Reviewed-by: Ann\0 <ann@example.org>\n";
	review_read(&r, nul_in_value, sizeof(nul_in_value) - 1);
	CHECK(r.trailer_count == 0, "trailers: a NUL byte in the value: not a person");
	review_release(&r);
	review_read(&r, NULL, 0);
	CHECK(!r.trailer_count && !r.change_id && !r.linked_id_count && !r.diff, "review: no body");
	review_release(&r);
}

static void check_change_id(const char *body, const char *want, const char *what)
{
	struct review r;
	read_text(&r, body);
	CHECK_STR(r.change_id, want, "change-id: %s", what);
	review_release(&r);
}

static void test_change_id(void)
{
	check_change_id("Cover text.\n\n---\nbase-commit: 0123abcd\nchange-id: 20240304-topic-v1-abc123\n\nBest regards,\n",
			"20240304-topic-v1-abc123", "b4's cover letter");
	check_change_id("change-id:   20240304-topic-abc123  \r\n", "20240304-topic-abc123",
			"blanks around it, CRLF");
	check_change_id("change-id:20240304-x\n", "20240304-x", "no blank after the colon");
	check_change_id("prerequisite-change-id: 20240101-base-1\n", NULL, "prerequisite-change-id does not match");
	check_change_id("prerequisite-change-id: 20240101-base-1\nchange-id: 20240304-mine\n", "20240304-mine",
			"the own change-id after a prerequisite one");
	check_change_id("Change-Id: I0123456789abcdef0123456789abcdef01234567\n", NULL,
			"Gerrit's Change-Id is not b4's");
	check_change_id("  change-id: 20240304-x\n", NULL, "not at the line's start");
	check_change_id("> change-id: 20240304-x\n", NULL, "quoted");
	check_change_id("change-id: two words\n", NULL, "more than one word");
	check_change_id("change-id:\n", NULL, "no id");
	check_change_id("change-id: first-1\nchange-id: second-2\n", "first-1", "only the first");
	check_change_id("Fix it.\n---\n f | 2 +-\n\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n---\n"
			"base-commit: 0123\nchange-id: 20240304-single-9\n\nBest regards,\n-- \nAnn\n",
			"20240304-single-9", "after the diff of a single patch, where b4 puts it");
}

/* The linked ids of a body, joined with blanks ("" for none). */
static void check_links(const char *body, const char *want, const char *what)
{
	struct review r;
	struct strbuf got;
	read_text(&r, body);
	strbuf_init(&got, 0);
	for (size_t i = 0; i < r.linked_id_count; i++)
		strbuf_addf(&got, "%s%s", i ? " " : "", r.linked_ids[i]);
	CHECK_STR(got.buf, want, "links: %s", what);
	strbuf_release(&got);
	review_release(&r);
}

static void test_links(void)
{
	check_links("Link to v2: https://lore.kernel.org/r/20240304-topic-v2-1-abc@example.org\n",
		    "20240304-topic-v2-1-abc@example.org", "lore's /r/ID");
	check_links("v1: https://lore.kernel.org/all/1234.5678-1-ann@example.org/\n", "1234.5678-1-ann@example.org",
		    "/all/ID/ with its trailing /");
	check_links("v1: <https://lore.kernel.org/kvm/a1@example.org/>\n", "a1@example.org", "in angle brackets");
	check_links("v1 (see https://lore.kernel.org/kvm/a2@example.org).\n", "a2@example.org",
		    "in parentheses, before a full stop");
	check_links("v1: https://lore.kernel.org/kvm/a3@example.org/, https://lore.kernel.org/kvm/a4@example.org.\n",
		    "a3@example.org a4@example.org", "comma and full stop after");
	check_links("v1: http://inbox.example.org/list/a5@example.org\n", "a5@example.org", "http, another archive");
	check_links("v1: https://lore.kernel.org/kvm/20240304%2Fodd%25id%3Cx%3E@example.org/\n",
		    "20240304/odd%id<x>@example.org", "percent-escapes decoded");
	check_links("v1: https://lore.kernel.org/kvm/caf%E9@example.org/\n", "caf\xEF\xBF\xBD@example.org",
		    "an escaped byte that is not UTF-8 replaced");
	check_links("v1: https://lore.kernel.org/kvm/bad%zz%4@example.org/\n", "bad%zz%4@example.org",
		    "broken escapes kept as written");
	check_links("v1: https://lore.kernel.org/kvm/a6@example.org/T/#u\n", "a6@example.org", "the thread page /T/#u");
	check_links("v1: https://lore.kernel.org/kvm/a7@example.org/raw\n", "a7@example.org", "the raw message");
	check_links("v1: https://lore.kernel.org/kvm/a8@example.org/?q=x\n", "a8@example.org", "a query");
	check_links("v1: https://lore.kernel.org/r/a9@example.org\nhttps://lore.kernel.org/all/a9@example.org/\n"
		    "v2: https://lore.kernel.org/r/b1@example.org\n",
		    "a9@example.org b1@example.org", "each id once, in order");
	check_links("v1: https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=0123abcd\n"
		    "v1: https://example.org/\nv1: https://ann@example.org\nv1: https://\n", "",
		    "no message-id: a commit page, a bare host, user@host, nothing");
	check_links("v1: xhttps://lore.kernel.org/r/c1@example.org\nv1: mailto:c2@example.org\n", "",
		    "inside a word; not a web link");
	check_links("> v1: https://lore.kernel.org/r/c3@example.org\n", "c3@example.org",
		    "in a quoted line too: links are not votes");
	check_links("Link to v3: https://lore.kernel.org/r/c4@example.org\r\n", "c4@example.org", "before a CR");
	check_links("v1: https://lore.kernel.org/r/c5@example.org\"\n", "c5@example.org", "before a quote");

	/* given as an earlier revision, or as a reference */
	check_links("Changes in v3:\n- Link to v2: https://lore.kernel.org/r/d1@example.org\n", "d1@example.org",
		    "b4's changelog line");
	check_links("v1:\n  https://lore.kernel.org/kvm/d2@example.org/\n", "d2@example.org",
		    "the version on the line above");
	check_links("Previous posting: https://lore.kernel.org/kvm/d3@example.org/\n", "d3@example.org",
		    "previous, in any case");
	check_links("See https://lore.kernel.org/kvm/d4@example.org/ for the first VERSION.\n", "d4@example.org",
		    "the word after the URL");
	check_links("This is based on Ann's series [3].\n\n[3] https://lore.kernel.org/kvm/d5@example.org/\n", "",
		    "a reference: another series, not an earlier revision");
	check_links("Depends on https://lore.kernel.org/kvm/d6@example.org/\n", "", "a dependency");
	check_links("kvmv2: https://lore.kernel.org/kvm/d7@example.org/\n", "", "v and a digit inside a word");
	check_links("[v8.1] https://lore.kernel.org/kvm/d8@example.org/\n", "d8@example.org", "a minor version");

	/* each line judged once, whatever the number of links on it */
	check_links("v1: https://lore.kernel.org/r/e1@example.org https://lore.kernel.org/r/e2@example.org\n\n"
		    "see https://lore.kernel.org/r/e3@example.org https://lore.kernel.org/r/e4@example.org\n"
		    "v2: https://lore.kernel.org/r/e5@example.org https://example.org/ https://lore.kernel.org/r/e6@example.org\n",
		    "e1@example.org e2@example.org e5@example.org e6@example.org",
		    "every link of a line, and a new line judged afresh");
	check_links("https://lore.kernel.org/r/f1@example.org https://lore.kernel.org/r/f2@example.org was v1\n",
		    "f1@example.org f2@example.org", "a line whose version comes after its links");

	struct strbuf many;
	struct review r;
	strbuf_init(&many, 0);
	for (int i = 0; i < LINKS_MAX + 20; i++)
		strbuf_addf(&many, "v1: https://lore.kernel.org/r/%d@example.org\n", i);
	review_read(&r, many.buf, many.len);
	CHECK(r.linked_id_count == LINKS_MAX && !strcmp(r.linked_ids[0], "0@example.org"),
	      "links: at most %d, the first ones (%zu)", LINKS_MAX, r.linked_id_count);
	review_release(&r);
	strbuf_release(&many);
}

static void check_diff(const char *body, const char *want, const char *what)
{
	struct review r;
	read_text(&r, body);
	char *got = r.diff ? xmemdupz(r.diff, r.diff_len) : NULL;
	CHECK_STR(got, want, "diff: %s", what);
	free(got);
	review_release(&r);
}

static void test_diff_span(void)
{
	check_diff("Fix.\n---\n f | 2 +-\n\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n-- \n2.40.0\n",
		   "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n", "up to the signature line");
	check_diff("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b",
		   "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b", "at the start, to the end");
	check_diff("Hi\n-- \nsig\ndiff --git a/f b/f\n+x\n-- \nmore\n", "diff --git a/f b/f\n+x\n",
		   "to the signature line after it");
	check_diff("> diff --git a/f b/f\n> --- a/f\n", NULL, "quoted: none");
	check_diff("see diff --git a/f b/f\n", NULL, "not at a line's start: none");
	check_diff("diff --gitx\n", NULL, "not the line");
}

void test_review(void)
{
	test_trailers();
	test_change_id();
	test_links();
	test_diff_span();
}
