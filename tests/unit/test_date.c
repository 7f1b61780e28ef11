/*
 * date_parse: the forms of listdigest(1), each checked against git itself
 * (`git rev-parse --since=X` under TZ=UTC, with git's fixed reference time
 * GIT_TEST_DATE_NOW), at reference times chosen for their awkward calendars,
 * and against values worked out by hand; and the text it must refuse.
 */
#include "harness.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../src/common/date.h"
#include "../../src/common/strbuf.h"

void test_date(void);

/* The forms people type, and some spellings git also takes. */
static const char *const git_forms[] = {
	"2025-08-04", "2025-8-4", "2024-02-29", "1970-01-01", "2099-12-31",
	"2025-08-04 13:00", "2025-08-04 13:00:05", "2025-08-04  7:05", "2025-08-04T13:00",
	"2025-08-04T13:00:00+02:00", "2025-08-04T13:00:00-05:30", "2025-08-04T13:00:00Z",
	"2025-08-04T23:59:59+0100", "2025-08-04 13:00 +0200", "2025-08-04T00:30:00+02",
	"  2025-08-04 13:00  ",
	"yesterday", "Yesterday", "today", "now",
	"1 day ago", "3 days ago", "3.days.ago", "2.weeks.ago", "2 weeks ago", "1 week ago",
	"0 days ago", "365 days ago", "1 month ago", "3 months ago", "13 months ago",
	"25 months ago", "1 year ago", "4 years ago", "12 hours ago", "90 minutes ago",
	"30 seconds ago", "1.month.ago", "2 Days Ago",
	"@1754312400", "@100000000", "@2000000000",
	NULL,
};

/* Text that is none of the forms: refused, never guessed. */
static const char *const refused[] = {
	"", "   ", "garbage", "2025", "2025-08", "2025-13-01", "2025-02-30", "2023-02-29",
	"2025-00-10", "2025-08-00", "1969-12-31", "2100-01-01", "2025-08-04 24:00",
	"2025-08-04 13:60", "2025-08-04 13", "2025-08-04T", "2025-08-04 13:00 +2400",
	"2025-08-04 13:00 junk", "2025-08-04x", "3 days", "days ago", "3 fortnights ago",
	"-3 days ago", "3 days ago now", "@", "@12abc", "@-5", "tomorrow", "yesterday 13:00",
	"1234567890 days ago",
	NULL,
};

/* Reference times: an ordinary day, a month's end, a leap day, New Year. */
static const int64_t nows[] = {
	1754312400 + 4321,  /* 2025-08-04 14:12:01 */
	1743424496,         /* 2025-03-31 12:34:56 */
	1709208000 + 59,    /* 2024-02-29 12:00:59 */
	1735689600 + 5,     /* 2025-01-01 00:00:05 */
	1767225599,         /* 2025-12-31 23:59:59 */
};

/* What git says each of git_forms means at now, one line per form. */
static int git_answers(const char *git_dir, int64_t now, int64_t *answers, size_t n)
{
	struct strbuf cmd;
	strbuf_init(&cmd, 256);
	strbuf_addf(&cmd, "GIT_TEST_DATE_NOW=%" PRId64 " TZ=UTC git --git-dir='%s' rev-parse",
		    now, git_dir);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&cmd, " --since='%s'", git_forms[i]);
	FILE *f = popen(cmd.buf, "r");
	strbuf_release(&cmd);
	if (!f)
		return -1;
	size_t got = 0;
	char line[128];
	long long v;
	while (got < n && fgets(line, sizeof(line), f) && sscanf(line, "--max-age=%lld", &v) == 1)
		answers[got++] = v;
	return pclose(f) == 0 && got == n ? 0 : -1;
}

static void test_against_git(void)
{
	char dir[] = "/tmp/listdigest-date.XXXXXX";
	struct strbuf git_dir, cmd;
	strbuf_init(&git_dir, 64);
	strbuf_init(&cmd, 128);
	if (!mkdtemp(dir)) {
		CHECK(0, "date: make a scratch directory for git");
		return;
	}
	strbuf_addf(&git_dir, "%s/empty.git", dir);
	strbuf_addf(&cmd, "git init -q --bare '%s'", git_dir.buf);
	int rc = system(cmd.buf); /* CHECK evaluates its condition twice */
	CHECK(rc == 0, "date: git init for rev-parse");

	size_t n = 0;
	while (git_forms[n])
		n++;
	int64_t answers[64];
	for (size_t k = 0; k < sizeof(nows) / sizeof(nows[0]); k++) {
		if (git_answers(git_dir.buf, nows[k], answers, n)) {
			CHECK(0, "date: git rev-parse --since at %" PRId64, nows[k]);
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			int64_t t = -1;
			rc = date_parse(&t, git_forms[i], nows[k]);
			CHECK(rc == 0 && t == answers[i], "date: '%s' at %" PRId64 " is git's %" PRId64,
			      git_forms[i], nows[k], answers[i]);
			if (rc || t != answers[i])
				printf("# rc %d, got %" PRId64 "\n", rc, t);
		}
	}
	strbuf_reset(&cmd);
	strbuf_addf(&cmd, "rm -rf '%s'", dir);
	rc = system(cmd.buf);
	CHECK(rc == 0, "date: remove the scratch directory");
	strbuf_release(&cmd);
	strbuf_release(&git_dir);
}

/* Values worked out by hand, so that a change in git would show too. */
static void test_by_hand(void)
{
	const int64_t now = 1743424496; /* 2025-03-31 12:34:56 UTC */
	static const struct {
		const char *text;
		int64_t want;
	} cases[] = {
		{"2025-08-04 13:00", 1754312400},
		{"2025-08-04T13:00:00+02:00", 1754312400 - 7200},
		{"2025-08-04T13:00:00-05:30", 1754312400 + 5 * 3600 + 1800},
		{"2025-08-04", 1754265600 + 12 * 3600 + 34 * 60 + 56},  /* now's time of day */
		{"yesterday", 1743424496 - 86400},
		{"today", 1743424496},
		{"2.weeks.ago", 1743424496 - 14 * 86400},
		{"1 month ago", 1740960000 + 12 * 3600 + 34 * 60 + 56}, /* Feb 31 is Mar 3 */
		{"@0", 0},
		{"@1754312400", 1754312400},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t t = -1;
		int rc = date_parse(&t, cases[i].text, now);
		CHECK(rc == 0 && t == cases[i].want, "date: '%s' is %" PRId64, cases[i].text,
		      cases[i].want);
		if (rc || t != cases[i].want)
			printf("# rc %d, got %" PRId64 "\n", rc, t);
	}
}

static void test_refused(void)
{
	for (size_t i = 0; refused[i]; i++) {
		int64_t t = 12345;
		int rc = date_parse(&t, refused[i], 1743424496);
		CHECK(rc == -1 && t == 12345,
		      "date: '%s' is refused and leaves the output alone", refused[i]);
	}
}

void test_date(void)
{
	test_by_hand();
	test_refused();
	test_against_git();
}
