/* Patch tags in subjects: which messages are patches, and their place in a series. */
#include "harness.h"

#include <stdlib.h>

#include "../../src/common/strbuf.h"
#include "../../src/patch/subject.h"

void test_subject(void);

/* title: the expected text at title_offset; version's minor is 0 here. */
static void check_tag_v(const char *subject, bool is_patch, int major, int minor, int number, int total,
			const char *title)
{
	struct patch_tag tag;
	memset(&tag, 0x5a, sizeof(tag)); /* every field must be written */
	size_t title_offset = patch_tag_parse(subject, &tag);
	CHECK(tag.is_patch == is_patch, "\"%s\": is_patch %d", subject, (int)tag.is_patch);
	CHECK(tag.version.major == major && tag.version.minor == minor, "\"%s\": version %d.%d, want %d.%d",
	      subject, tag.version.major, tag.version.minor, major, minor);
	CHECK(tag.number == number && tag.total == total, "\"%s\": %d/%d, want %d/%d", subject,
	      tag.number, tag.total, number, total);
	CHECK(title_offset <= strlen(subject) && patch_title_offset(subject) == title_offset,
	      "\"%s\": title_offset in range, and patch_title_offset's", subject);
	if (title_offset <= strlen(subject))
		CHECK_STR(subject + title_offset, title, "\"%s\": title", subject);
	CHECK(patch_tag_is_standalone(&tag) == (number < 0), "\"%s\": standalone %d", subject,
	      (int)patch_tag_is_standalone(&tag));
}

static void check_tag(const char *subject, bool is_patch, int version, int number, int total,
		      const char *title)
{
	check_tag_v(subject, is_patch, version, 0, number, total, title);
}

/* Numbers beyond PATCH_NUMBER_MAX read as it: what the facts' bits hold. */
static void test_number_bound(void)
{
	check_tag_v("[PATCH v8388607.8388607 8388607/8388607] x", true, PATCH_NUMBER_MAX, PATCH_NUMBER_MAX,
		    PATCH_NUMBER_MAX, PATCH_NUMBER_MAX, "x");
	check_tag_v("[PATCH v8388608.99999999999 12345678/99999999999999999999] x", true, PATCH_NUMBER_MAX,
		    PATCH_NUMBER_MAX, PATCH_NUMBER_MAX, PATCH_NUMBER_MAX, "x");
	check_tag("[PATCH v8388606 8388606/8388606] x", true, PATCH_NUMBER_MAX - 1, PATCH_NUMBER_MAX - 1,
		  PATCH_NUMBER_MAX - 1, "x");
}

/* Rule: PATCH joined to another word by a hyphen is still the word. */
static void test_joined_words(void)
{
	check_tag("[PATCH-next 00/23] x: y", true, 1, 0, 23, "x: y");
	check_tag("[RFC-PATCH] x: y", true, 1, -1, -1, "x: y");
	check_tag("[PATCH-v2 1/3] x: y", true, 2, 1, 3, "x: y");
	check_tag("[PATCH-RFC v3 2/4] x: y", true, 3, 2, 4, "x: y");
	check_tag("[net-next,PATCH,v4,1/2] x: y", true, 4, 1, 2, "x: y");
	check_tag("[PATCH v2-RESEND 1/2] x: y", true, 2, 1, 2, "x: y");
	check_tag("[PATCHv12 3/5] x: y", true, 12, 3, 5, "x: y");
	check_tag("[PATCHv12-next 3/5] x: y", true, 12, 3, 5, "x: y");
	check_tag("[rfc-patch] lower case", true, 1, -1, -1, "lower case");

	check_tag("[PATCHSET] not the word", false, 1, -1, -1, "not the word");
	check_tag("[PATCH_v2 1/3] underscore joins", false, 1, -1, -1, "underscore joins");
	check_tag("[XPATCH-next 1/2] not the word", false, 1, -1, -1, "not the word");
	check_tag("[PATCHES-next] not the word", false, 1, -1, -1, "not the word");
	check_tag("[GIT-PULL] not a patch", false, 1, -1, -1, "not a patch");
	check_tag("[PATCHv] no version digits", false, 1, -1, -1, "no version digits");
}

/* Rule: v8.1 is version 8.1, apart from 8 and ordered as a number. */
static void test_minor_versions(void)
{
	check_tag_v("[PATCH v8.1] x: y", true, 8, 1, -1, -1, "x: y");
	check_tag_v("[PATCH v2.1 3/5] x: y", true, 2, 1, 3, 5, "x: y");
	check_tag_v("[PATCH V10.12 0/2] x: y", true, 10, 12, 0, 2, "x: y");
	check_tag_v("[PATCHv5.5 01/30] x: y", true, 5, 5, 1, 30, "x: y");
	check_tag_v("[PATCH-v3.2 1/2] x: y", true, 3, 2, 1, 2, "x: y");
	check_tag_v("[PATCH v8 1/2] x: y", true, 8, 0, 1, 2, "x: y");
	/* Not versions: the tag stays a patch of version 1. */
	check_tag_v("[PATCH v1.2.3 1/2] x: y", true, 1, 0, 1, 2, "x: y");
	check_tag_v("[PATCH v8. 1/2] x: y", true, 1, 0, 1, 2, "x: y");
	check_tag_v("[PATCH v.1 1/2] x: y", true, 1, 0, 1, 2, "x: y");
	check_tag_v("[PATCH v8.1a 1/2] x: y", true, 1, 0, 1, 2, "x: y");
	check_tag_v("[PATCH 6.1 1/2] stable x.y without v", true, 1, 0, 1, 2, "stable x.y without v");

	struct patch_version v8 = {8, 0}, v8_1 = {8, 1}, v9 = {9, 0}, v10 = {10, 0}, v8_10 = {8, 10};
	CHECK(patch_version_compare(&v8, &v8_1) < 0, "8 before 8.1");
	CHECK(patch_version_compare(&v8_1, &v9) < 0, "8.1 before 9");
	CHECK(patch_version_compare(&v9, &v10) < 0, "9 before 10: as numbers, not text");
	CHECK(patch_version_compare(&v8_10, &v8_1) > 0, "8.10 after 8.1");
	CHECK(patch_version_compare(&v10, &v9) > 0, "10 after 9");
	CHECK(patch_version_compare(&v8_1, &v8_1) == 0, "8.1 equals 8.1");
}

static void check_title(const char *subject, const char *want, const char *what)
{
	struct strbuf got;
	strbuf_init(&got, 0);
	strbuf_addstr(&got, "kept\x1f"); /* what is in the buffer already stays, and bounds the trimming */
	size_t title_at = patch_title_add(&got, subject);
	CHECK(!strncmp(got.buf, "kept\x1f", 5), "patch_title_add: %s: the buffer's start kept", what);
	CHECK_STR(got.buf + 5, want, "patch_title_add: %s", what);
	CHECK(title_at == patch_title_offset(subject), "patch_title_add: %s: where the title starts", what);
	strbuf_release(&got);
}

/* The title that revisions of one series share. */
static void test_title_normalise(void)
{
	check_title("[PATCH v3 2/5] KVM: arm64: Fix The Thing", "kvm: arm64: fix the thing", "tags gone, lower-cased");
	check_title("[RFC][PATCH v2]   KVM:\tarm64:  fix   it  ", "kvm: arm64: fix it",
		    "several groups; blank runs one blank; trimmed");
	check_title("[PATCH RESEND] x: y", "x: y", "RESEND is a tag");
	check_title("KVM: no tag", "kvm: no tag", "no groups");
	check_title("Re: [PATCH] x: y", "re: [patch] x: y", "a reply keeps its words: it is no patch");
	check_title("[PATCH] Caf\xC3\xA9 \xC3\x89T\xC3\x89", "caf\xC3\xA9 \xC3\x89t\xC3\x89",
		    "ASCII letters only lowered");
	check_title("[PATCH]", "", "only a tag");
	check_title("", "", "empty");
	check_title("[PATCH] ", "", "a tag and a blank");
}

void test_subject(void)
{
	test_title_normalise();
	/* The forms the spec lists. */
	check_tag("[PATCH v3 2/5] KVM: x86: fix it", true, 3, 2, 5, "KVM: x86: fix it");
	check_tag("[PATCH v0 1/2] x: early draft", true, 0, 1, 2, "x: early draft");
	check_tag("[RFC PATCH 0/9] vfio: Introduce mmap maple tree", true, 1, 0, 9,
		  "vfio: Introduce mmap maple tree");
	check_tag("[PATCH net-next v2 1/3] net: foo", true, 2, 1, 3, "net: foo");
	check_tag("[kvm-unit-tests PATCH 4/7] x86: bar", true, 1, 4, 7, "x86: bar");
	check_tag("[RFC][PATCH] mm: baz", true, 1, -1, -1, "mm: baz");
	check_tag("[PATCHv2 1/3] old style", true, 2, 1, 3, "old style");
	check_tag("[PATCH 01/10] zero padded", true, 1, 1, 10, "zero padded");
	check_tag("[PATCH 00/10] zero padded cover", true, 1, 0, 10, "zero padded cover");
	check_tag("[patch] lower case", true, 1, -1, -1, "lower case");
	check_tag("[Patch V4 2/2] mixed case", true, 4, 2, 2, "mixed case");
	check_tag("[rfc] lower-case rfc", true, 1, -1, -1, "lower-case rfc");
	check_tag("[RFC] only rfc", true, 1, -1, -1, "only rfc");
	check_tag("[PATCH] title with trailing space ", true, 1, -1, -1, "title with trailing space ");
	check_tag("[PATCH v2] standalone v2", true, 2, -1, -1, "standalone v2");
	check_tag("[PATCH RFC v4 03/12] rfc after patch", true, 4, 3, 12, "rfc after patch");
	check_tag("[PATCH 1/3 v2] version last", true, 2, 1, 3, "version last");
	check_tag("[PATCH v2 0/3]  \tblanks after the tag", true, 2, 0, 3, "blanks after the tag");
	check_tag("  [PATCH] leading blanks", true, 1, -1, -1, "leading blanks");
	check_tag("[RFC v2][PATCH 3/4] split groups", true, 2, 3, 4, "split groups");
	check_tag("[net] [PATCH 1/2] later group holds the word", true, 1, 1, 2,
		  "later group holds the word");
	check_tag("[PATCH] Re: a patch about a reply", true, 1, -1, -1, "Re: a patch about a reply");
	check_tag("[PATCH]", true, 1, -1, -1, "");

	/* Replies and forwards are never patches. */
	check_tag("Re: [PATCH v2 1/3] net: foo", false, 1, -1, -1, "Re: [PATCH v2 1/3] net: foo");
	check_tag("RE: [PATCH] x", false, 1, -1, -1, "RE: [PATCH] x");
	check_tag("re: [PATCH] x", false, 1, -1, -1, "re: [PATCH] x");
	check_tag("Fwd: [PATCH 0/2] x", false, 1, -1, -1, "Fwd: [PATCH 0/2] x");
	check_tag("Re: Re: [RFC PATCH] x", false, 1, -1, -1, "Re: Re: [RFC PATCH] x");

	/* Groups without the word, and no groups at all. */
	check_tag("[GIT PULL] KVM changes for 6.9", false, 1, -1, -1, "KVM changes for 6.9");
	check_tag("[GIT PULL v2 1/2] not a patch", false, 1, -1, -1, "not a patch");
	check_tag("[ANNOUNCE] v6.8", false, 1, -1, -1, "v6.8");
	check_tag("no groups at all", false, 1, -1, -1, "no groups at all");
	check_tag("a [PATCH] later in the line", false, 1, -1, -1, "a [PATCH] later in the line");
	check_tag("", false, 1, -1, -1, "");
	check_tag("[PATCH 1/2 unterminated", false, 1, -1, -1, "[PATCH 1/2 unterminated");
	check_tag("[PATCHES] not the word", false, 1, -1, -1, "not the word");
	check_tag("[XPATCH 1/2] not the word", false, 1, -1, -1, "not the word");

	test_joined_words();
	test_number_bound();
	test_minor_versions();
}
