/* What a subject line says about a patch: its tag, version, number, title. */
#ifndef LISTDIGEST_SUBJECT_H
#define LISTDIGEST_SUBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "v8.1" is {8, 1}; "v8" is {8, 0}; compare with patch_version_compare. */
struct patch_version {
	int major;
	int minor;
};

/*
 * The largest number a tag holds: a larger one in a subject reads as it.
 * 2^23 - 1, so that a message's facts keep a tag in a few bits
 * (facts_tag); no series has that many patches or versions.
 */
#define PATCH_NUMBER_MAX 8388607

struct patch_tag {
	struct patch_version version; /* vN or vN.M inside the tag, else 1 */
	int number;      /* M of M/N; -1 for a standalone patch */
	int total;       /* N of M/N; -1 for a standalone patch */
	bool is_patch;   /* leading bracketed groups hold PATCH or RFC */
};

/* <0, 0, >0 as a is an older, the same or a newer version than b: 8 < 8.1 < 9 < 10. */
int patch_version_compare(const struct patch_version *a, const struct patch_version *b);

/*
 * Reads the leading bracketed groups of a decoded subject. A group holds
 * the word PATCH when one of its tokens, split at blanks, commas and
 * hyphens, is PATCH or RFC (any case), or PATCH followed by a version
 * ("PATCHv12"). A subject that opens with Re:/Fwd: (a reply or forward)
 * is never a patch. Returns where the title starts, after the groups and
 * the blanks that follow them (0 when there are no groups).
 */
size_t patch_tag_parse(const char *subject, struct patch_tag *tag);

/* Where the title of subject starts (patch_tag_parse's result). */
size_t patch_title_offset(const char *subject);

struct strbuf;
/*
 * Appends the title that revisions of one series share: the subject
 * without its leading groups, ASCII letters lower-cased (a title's other
 * letters are rarely retyped in another case between revisions, and
 * ASCII needs no locale), every run of white space one blank, trimmed.
 * Returns where the title starts in subject (patch_title_offset), which
 * a caller may want too: one parse for both.
 */
size_t patch_title_add(struct strbuf *out, const char *subject);

/*
 * Appends text as patch_title_add writes a title: ASCII letters
 * lower-cased, runs of white space one blank, none at the ends. For a
 * commit's summary, which has no tag.
 */
void title_normalise_add(struct strbuf *out, const char *text);

static inline bool patch_tag_is_standalone(const struct patch_tag *tag)
{
	return tag->number < 0;
}

#endif
