/* Patch tags in subjects: which messages are patches, and their place in a series. */
#include "harness.h"

#include "../../src/patch/subject.h"

void test_subject(void);

/* title: the expected text at title_offset. */
static void check_tag(const char *subject, bool is_patch, int version, int number, int total,
		      const char *title)
{
	struct patch_tag tag;
	memset(&tag, 0x5a, sizeof(tag)); /* every field must be written */
	patch_tag_parse(subject, &tag);
	CHECK(tag.is_patch == is_patch, "\"%s\": is_patch %d", subject, (int)tag.is_patch);
	CHECK(tag.version == version, "\"%s\": version %d, want %d", subject, tag.version, version);
	CHECK(tag.number == number && tag.total == total, "\"%s\": %d/%d, want %d/%d", subject,
	      tag.number, tag.total, number, total);
	CHECK(tag.title_offset <= strlen(subject), "\"%s\": title_offset in range", subject);
	if (tag.title_offset <= strlen(subject))
		CHECK_STR(subject + tag.title_offset, title, "\"%s\": title", subject);
	CHECK(patch_tag_is_standalone(&tag) == (number < 0), "\"%s\": standalone %d", subject,
	      (int)patch_tag_is_standalone(&tag));
}

void test_subject(void)
{
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
}
