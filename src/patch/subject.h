/* What a subject line says about a patch: its tag, version, number, title. */
#ifndef LISTDIGEST_SUBJECT_H
#define LISTDIGEST_SUBJECT_H

#include <stdbool.h>
#include <stddef.h>

struct patch_tag {
	bool is_patch;   /* leading bracketed groups hold PATCH or RFC */
	int version;     /* vN inside the tag, else 1 */
	int number;      /* M of M/N; -1 for a standalone patch */
	int total;       /* N of M/N; -1 for a standalone patch */
	size_t title_offset; /* where the title starts, after the groups and blanks */
};

/*
 * Reads the leading bracketed groups of a decoded subject. A subject that
 * opens with Re:/Fwd: (a reply or forward) is never a patch. title_offset
 * is set for every subject (0 when there are no groups).
 */
void patch_tag_parse(const char *subject, struct patch_tag *tag);

static inline bool patch_tag_is_standalone(const struct patch_tag *tag)
{
	return tag->number < 0;
}

#endif
