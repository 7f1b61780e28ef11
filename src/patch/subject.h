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

/* The largest title_offset: groups beyond it leave the rest as the title. */
#define PATCH_TITLE_OFFSET_MAX 0x7fffffffu

/*
 * 20 bytes: every message of a digest has one. The flag shares the
 * offset's word, which no subject of a message's size fills (2 GB).
 */
struct patch_tag {
	struct patch_version version; /* vN or vN.M inside the tag, else 1 */
	int number;      /* M of M/N; -1 for a standalone patch */
	int total;       /* N of M/N; -1 for a standalone patch */
	uint32_t title_offset : 31; /* where the title starts, after the groups and blanks */
	bool is_patch : 1; /* leading bracketed groups hold PATCH or RFC */
};

/* <0, 0, >0 as a is an older, the same or a newer version than b: 8 < 8.1 < 9 < 10. */
int patch_version_compare(const struct patch_version *a, const struct patch_version *b);

/*
 * Reads the leading bracketed groups of a decoded subject. A group holds
 * the word PATCH when one of its tokens, split at blanks, commas and
 * hyphens, is PATCH or RFC (any case), or PATCH followed by a version
 * ("PATCHv12"). A subject that opens with Re:/Fwd: (a reply or forward)
 * is never a patch. title_offset is set for every subject (0 when there
 * are no groups).
 */
void patch_tag_parse(const char *subject, struct patch_tag *tag);

/*
 * The title that revisions of one series share: the subject without its
 * leading groups (tag->title_offset, from patch_tag_parse of the same
 * subject), ASCII letters lower-cased (a title's other letters are rarely
 * retyped in another case between revisions, and ASCII needs no locale),
 * every run of white space one blank, trimmed. A new string.
 */
char *patch_title_normalise(const char *subject, const struct patch_tag *tag);

/*
 * Appends text as patch_title_normalise writes a title: ASCII letters
 * lower-cased, runs of white space one blank, none at the ends. For a
 * commit's summary, which has no tag.
 */
struct strbuf;
void title_normalise_add(struct strbuf *out, const char *text);

static inline bool patch_tag_is_standalone(const struct patch_tag *tag)
{
	return tag->number < 0;
}

#endif
