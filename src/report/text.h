/* The plain-text digest, in the reference's layout. */
#ifndef LISTDIGEST_TEXT_H
#define LISTDIGEST_TEXT_H

#include <stddef.h>

#include "../common/strbuf.h"
#include "../digest/digest.h"
#include "../series/series.h"

/* The sections, in the order they are written (--sections). */
enum report_section {
	SECTION_DOMAINS = 1 << 0,
	SECTION_ORGS = 1 << 1,          /* only with an orgmap */
	SECTION_CONTRIBUTORS = 1 << 2,
	SECTION_PATCHES = 1 << 3,
	SECTION_ENTRIES = 1 << 4,
	SECTION_SERIES = 1 << 5,
	SECTION_WAITING = 1 << 6,
	SECTION_THREADS = 1 << 7,
};
#define SECTIONS_SEED (SECTION_DOMAINS | SECTION_ORGS | SECTION_CONTRIBUTORS | SECTION_PATCHES | SECTION_ENTRIES)
#define SECTIONS_SERIES (SECTION_SERIES | SECTION_WAITING | SECTION_THREADS)
#define SECTIONS_ALL (SECTIONS_SEED | SECTIONS_SERIES)

/*
 * Parses --sections: names of the sections separated by commas, or
 * "seed" for the first five. Returns the bits, or 0 with the offending
 * name in err.
 */
unsigned report_sections_parse(const char *list, struct strbuf *err);

struct report_header {
	const char *list_name;
	const char *from;   /* the oldest message: 9 hex digits of its commit, or its date */
	const char *to;     /* the newest, likewise */
	size_t top;         /* lines in each list */
	unsigned sections;  /* enum report_section bits */
	const struct series_report *series; /* for SECTIONS_SERIES; NULL when none is wanted */
	const char *lore_base;              /* --lore-base; NULL for lore.kernel.org */
};

void report_text(struct strbuf *out, const struct report_header *header, const struct digest *digest);

#endif
