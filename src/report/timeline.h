/*
 * When the selection's messages arrived: their count per hour, day, week,
 * month or year, patches apart from the other mail, for the HTML
 * format's histogram.
 */
#ifndef LISTDIGEST_TIMELINE_H
#define LISTDIGEST_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "../common/strbuf.h"
#include "../patch/facts.h"

/* Bins per hour under two days of arrivals, else per day; coarser past this many. */
#define TIMELINE_MAX_BINS 400

enum timeline_unit { TIMELINE_HOUR, TIMELINE_DAY, TIMELINE_WEEK, TIMELINE_MONTH, TIMELINE_YEAR };

struct timeline_bin {
	size_t patches;
	size_t other;
};

struct timeline {
	enum timeline_unit unit;
	int64_t first;              /* the key of the first bin (see timeline.c) */
	struct timeline_bin *bins;  /* owned: every bin from the first arrival's to the last's */
	size_t count;
	size_t most;                /* the largest patches + other of a bin */
};

/*
 * Counts the present messages of facts, which arrived between first and
 * last (the selection's bounds), into t. Every message falls in a bin.
 */
void timeline_build(struct timeline *t, const struct message_facts *facts, size_t count,
		    int64_t first, int64_t last);
void timeline_release(struct timeline *t);

/* "2025-07-01 09:00", "2025-07-01", "week of 2025-06-30", "2025-07", "2025". */
void timeline_add_label(struct strbuf *out, const struct timeline *t, size_t bin);

/* "hour", "day", "week", "month", "year". */
const char *timeline_unit_name(enum timeline_unit unit);

#endif
