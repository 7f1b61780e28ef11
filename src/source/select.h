/* Choosing a source's messages by arrival time and by count. */
#ifndef LISTDIGEST_SELECT_H
#define LISTDIGEST_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct selection {
	bool has_since;
	int64_t since;  /* seconds since 1970, UTC: the first second kept */
	bool has_until;
	int64_t until;  /* the first second no longer kept */
	size_t last;    /* keep the newest this many of the rest; 0: no limit */
};
#define SELECTION_INIT {false, 0, false, 0, 0}

/* True when the selection keeps every message. */
bool selection_is_all(const struct selection *sel);

/*
 * Sets keep[i] for each of the count messages whose arrival times are
 * given newest first: first those that arrived in [since, until), then,
 * with last, only the newest last of those. Returns how many are kept.
 */
size_t selection_mark(bool *keep, const int64_t *arrival, size_t count,
		      const struct selection *sel);

#endif
