/* Dates as people type them on the command line (--since, --until). */
#ifndef LISTDIGEST_DATE_H
#define LISTDIGEST_DATE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parses one of these forms (words in any case, blanks around allowed):
 *
 *   2025-08-04                   that day, at the time of day of now
 *   2025-08-04 13:00[:05]        that minute (or second); also with 'T'
 *   2025-08-04T13:00:00+02:00    with a zone: Z, +hh, +hhmm or +hh:mm
 *   yesterday, today, now        now less one day; now; now
 *   N days ago                   also seconds, minutes, hours, weeks,
 *                                months, years; singular or plural; the
 *                                blanks may be dots (2.weeks.ago)
 *   @SECONDS                     seconds since 1970-01-01 00:00 UTC
 *
 * A date without a zone is UTC. Each form gives the timestamp that git's
 * approxidate gives under TZ=UTC (so `git rev-list --since` agrees with
 * us), which is why a bare day keeps the time of day of now, and why
 * "today" is now. A calendar date that does not exist is refused.
 *
 * now is seconds since 1970, UTC. Returns 0 and the date in *out, or -1
 * when text is none of the forms.
 */
int date_parse(int64_t *out, const char *text, int64_t now);

/*
 * Exactly YYYY-MM-DD (len 10, any year of four digits), a day that exists:
 * 0 and its 00:00 UTC in *out, or -1. For the dates of files, such as an
 * orgmap's end dates, not for the command line.
 */
int date_parse_day(int64_t *out, const char *s, size_t len);

#endif
