/*
 * The selection by date and count. Arrival times are not in order (git
 * commit times are delivery times, and a Date header is what the sender's
 * clock said), so every message is tested: the period never assumes that
 * an older position means an older time.
 */
#include "select.h"

bool selection_is_all(const struct selection *sel)
{
	return !sel->has_since && !sel->has_until && !sel->last;
}

size_t selection_mark(bool *keep, const int64_t *arrival, size_t count,
		      const struct selection *sel)
{
	size_t kept = 0;
	for (size_t i = 0; i < count; i++) {
		bool in = (!sel->has_since || arrival[i] >= sel->since) &&
			  (!sel->has_until || arrival[i] < sel->until) &&
			  (!sel->last || kept < sel->last);
		keep[i] = in;
		kept += in;
	}
	return kept;
}
