/*
 * Command-line dates. The forms and their meaning follow git's approxidate
 * (date.c) under TZ=UTC, form by form, so that a period selects the same
 * commits as `git rev-list --since-as-filter=X --until=Y`; anything else is
 * refused rather than guessed.
 */
#include "date.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ascii.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* At most max_digits digits (at least one) into *out; advances *p. */
static bool take_number(const char **p, int max_digits, int64_t *out)
{
	const char *s = *p;
	int64_t v = 0;
	int n = 0;
	while (is_digit(*s)) {
		if (++n > max_digits)
			return false;
		v = v * 10 + (*s++ - '0');
	}
	if (!n)
		return false;
	*p = s;
	*out = v;
	return true;
}

/* Exactly n digits, whatever follows. */
static bool take_digits(const char **p, int n, int64_t *out)
{
	int64_t v = 0;
	for (int i = 0; i < n; i++) {
		if (!is_digit((*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool take_char(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

static const char *skip_blanks(const char *s)
{
	while (ascii_is_wsp(*s))
		s++;
	return s;
}

static bool is_leap(int64_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int64_t year, int64_t month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

static struct tm utc_tm(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	return tm;
}

/* hh:mm[:ss] */
static bool take_time(const char **p, struct tm *tm)
{
	int64_t h, m, s = 0;
	if (!take_number(p, 2, &h) || !take_char(p, ':') || !take_digits(p, 2, &m))
		return false;
	if (**p == ':' && (++*p, !take_digits(p, 2, &s)))
		return false;
	if (h > 23 || m > 59 || s > 59)
		return false;
	tm->tm_hour = (int)h;
	tm->tm_min = (int)m;
	tm->tm_sec = (int)s;
	return true;
}

/* Z, +hh, +hhmm or +hh:mm, in seconds east of UTC. */
static bool take_zone(const char **p, int64_t *offset)
{
	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		*offset = 0;
		return true;
	}
	int sign = **p == '+' ? 1 : **p == '-' ? -1 : 0;
	if (!sign)
		return false;
	(*p)++;
	int64_t h, m = 0;
	if (!take_digits(p, 2, &h))
		return false;
	if (**p == ':') {
		(*p)++;
		if (!take_digits(p, 2, &m))
			return false;
	} else if (is_digit(**p) && !take_digits(p, 2, &m)) {
		return false;
	}
	if (h > 23 || m > 59)
		return false;
	*offset = sign * (h * 3600 + m * 60);
	return true;
}

/*
 * YYYY-MM-DD, then maybe a time and a zone. Without a time, git keeps the
 * time of day of now; without a zone, the date is UTC (git under TZ=UTC).
 */
static bool parse_calendar(const char *s, int64_t now, int64_t *out)
{
	int64_t y, mo, d;
	if (!take_digits(&s, 4, &y) || !take_char(&s, '-') || !take_number(&s, 2, &mo) ||
	    !take_char(&s, '-') || !take_number(&s, 2, &d))
		return false;
	/* git's own calendar arithmetic stops at these years */
	if (y < 1970 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return false;

	struct tm tm = utc_tm(now);
	tm.tm_year = (int)(y - 1900);
	tm.tm_mon = (int)(mo - 1);
	tm.tm_mday = (int)d;
	int64_t offset = 0;
	if (*s == 'T' || *s == 't' || ascii_is_wsp(*s)) {
		s = *s == 'T' || *s == 't' ? s + 1 : skip_blanks(s);
		if (!take_time(&s, &tm))
			return false;
		const char *z = skip_blanks(s);
		if (*z && !take_zone(&z, &offset))
			return false;
		s = z;
	}
	if (*s)
		return false;
	*out = (int64_t)timegm(&tm) - offset;
	return true;
}

/* The word at *p, up to a blank or a dot; true when it is one of names. */
static bool take_word(const char **p, const char *const *names)
{
	size_t len = 0;
	while ((*p)[len] && !ascii_is_wsp((*p)[len]) && (*p)[len] != '.')
		len++;
	for (; *names; names++) {
		if (strlen(*names) == len && !strncasecmp(*p, *names, len)) {
			*p += len;
			return true;
		}
	}
	return false;
}

/* Blanks or dots between the words of "N days ago"; at least one. */
static bool take_separator(const char **p)
{
	const char *s = *p;
	while (ascii_is_wsp(*s) || *s == '.')
		s++;
	if (s == *p)
		return false;
	*p = s;
	return true;
}

enum unit { SECONDS, MINUTES, HOURS, DAYS, WEEKS, MONTHS, YEARS };

static bool take_unit(const char **p, enum unit *unit)
{
	static const char *const names[][3] = {
		[SECONDS] = {"second", "seconds", NULL},
		[MINUTES] = {"minute", "minutes", NULL},
		[HOURS] = {"hour", "hours", NULL},
		[DAYS] = {"day", "days", NULL},
		[WEEKS] = {"week", "weeks", NULL},
		[MONTHS] = {"month", "months", NULL},
		[YEARS] = {"year", "years", NULL},
	};
	for (size_t u = 0; u < sizeof(names) / sizeof(names[0]); u++) {
		if (take_word(p, names[u])) {
			*unit = (enum unit)u;
			return true;
		}
	}
	return false;
}

/*
 * N units ago. Fixed units are subtracted as seconds; months and years
 * move the calendar fields and let the overflow roll over (March 31 less
 * one month is March 3, or 2 in a leap year), as git does with mktime.
 */
static bool parse_ago(const char *s, int64_t now, int64_t *out)
{
	static const char *const ago[] = {"ago", NULL};
	static const int64_t seconds[] = {
		[SECONDS] = 1, [MINUTES] = 60, [HOURS] = 3600, [DAYS] = 86400, [WEEKS] = 7 * 86400,
	};
	int64_t n;
	enum unit unit;
	/* Nine digits keep every product below far from overflow. */
	if (!take_number(&s, 9, &n) || !take_separator(&s) || !take_unit(&s, &unit) ||
	    !take_separator(&s) || !take_word(&s, ago) || *s)
		return false;
	if (unit == MONTHS || unit == YEARS) {
		struct tm tm = utc_tm(now);
		int64_t months = (int64_t)tm.tm_year * 12 + tm.tm_mon - (unit == MONTHS ? n : n * 12);
		int64_t year = months >= 0 ? months / 12 : -((-months + 11) / 12);
		tm.tm_year = (int)year;
		tm.tm_mon = (int)(months - year * 12);
		*out = (int64_t)timegm(&tm);
		return true;
	}
	*out = now - n * seconds[unit];
	return true;
}

int date_parse(int64_t *out, const char *text, int64_t now)
{
	const char *s = skip_blanks(text);
	size_t len = strlen(s);
	while (len && ascii_is_wsp(s[len - 1]))
		len--;
	char buf[128];
	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	s = buf;

	int64_t t;
	if (*s == '@') {
		s++;
		/* Up to 12 digits: every date until the year 33658. */
		if (!take_number(&s, 12, &t) || *s)
			return -1;
	} else if (strlen(s) > 4 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
		   is_digit(s[3]) && s[4] == '-') {
		if (!parse_calendar(s, now, &t))
			return -1;
	} else if (is_digit(*s)) {
		if (!parse_ago(s, now, &t))
			return -1;
	} else if (!strcasecmp(s, "yesterday")) {
		t = now - 86400;
	} else if (!strcasecmp(s, "today") || !strcasecmp(s, "now")) {
		t = now; /* git knows no "today": an unknown word leaves now */
	} else {
		return -1;
	}
	*out = t;
	return 0;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int date_parse_day(int64_t *out, const char *s, size_t len)
{
	int64_t y, m, d;
	const char *p = s;
	if (len != 10 || !take_digits(&p, 4, &y) || !take_char(&p, '-') || !take_digits(&p, 2, &m) ||
	    !take_char(&p, '-') || !take_digits(&p, 2, &d))
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*out = days_from_civil(y, m, d) * 86400;
	return 0;
}
