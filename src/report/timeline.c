#include "timeline.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"

#define DAY 86400

/* Division rounding down, for arrivals before 1970 too. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/*
 * A bin's key: hours or days since the epoch; weeks since the Monday
 * before it (1970-01-01 was a Thursday, three days after a Monday);
 * months as year * 12 + month; years.
 */
static int64_t bin_key(enum timeline_unit unit, int64_t when)
{
	switch (unit) {
	case TIMELINE_HOUR: return floor_div(when, 3600);
	case TIMELINE_DAY: return floor_div(when, DAY);
	case TIMELINE_WEEK: return floor_div(floor_div(when, DAY) + 3, 7);
	case TIMELINE_MONTH:
	case TIMELINE_YEAR: break;
	}
	time_t t = (time_t)when;
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return 0;
	int64_t year = (int64_t)tm.tm_year + 1900;
	return unit == TIMELINE_MONTH ? year * 12 + tm.tm_mon : year;
}

void timeline_build(struct timeline *t, const struct message_facts *facts, size_t count,
		    int64_t first, int64_t last)
{
	memset(t, 0, sizeof(*t));
	if (last < first)
		return;
	/* per hour under two days; per day, unless that makes too many bars to see */
	t->unit = last - first < 2 * DAY ? TIMELINE_HOUR : TIMELINE_DAY;
	while (t->unit != TIMELINE_YEAR && t->unit != TIMELINE_HOUR &&
	       bin_key(t->unit, last) - bin_key(t->unit, first) >= TIMELINE_MAX_BINS)
		t->unit++;
	t->first = bin_key(t->unit, first);
	t->count = (size_t)(bin_key(t->unit, last) - t->first) + 1;
	t->bins = xcalloc(t->count, sizeof(*t->bins));
	for (size_t i = 0; i < count; i++) {
		const struct message_facts *f = &facts[i];
		if (!f->present || f->arrival < first || f->arrival > last)
			continue;
		struct timeline_bin *b = &t->bins[bin_key(t->unit, f->arrival) - t->first];
		if (facts_is_patch(f))
			b->patches++;
		else
			b->other++;
	}
	for (size_t i = 0; i < t->count; i++)
		if (t->bins[i].patches + t->bins[i].other > t->most)
			t->most = t->bins[i].patches + t->bins[i].other;
}

void timeline_release(struct timeline *t)
{
	free(t->bins);
	memset(t, 0, sizeof(*t));
}

void timeline_add_label(struct strbuf *out, const struct timeline *t, size_t bin)
{
	int64_t key = t->first + (int64_t)bin;
	switch (t->unit) {
	case TIMELINE_HOUR:
		report_add_date(out, key * 3600);
		strbuf_addf(out, " %02d:00", (int)(key - floor_div(key, 24) * 24));
		return;
	case TIMELINE_DAY:
		report_add_date(out, key * DAY);
		return;
	case TIMELINE_WEEK:
		strbuf_addstr(out, "week of ");
		report_add_date(out, (key * 7 - 3) * DAY);
		return;
	case TIMELINE_MONTH:
		strbuf_addf(out, "%04lld-%02d", (long long)floor_div(key, 12),
			    (int)(key - floor_div(key, 12) * 12) + 1);
		return;
	case TIMELINE_YEAR:
		strbuf_addf(out, "%04lld", (long long)key);
		return;
	}
}

const char *timeline_unit_name(enum timeline_unit unit)
{
	static const char *const names[] = {"hour", "day", "week", "month", "year"};
	return names[unit];
}
