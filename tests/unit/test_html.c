/* The HTML format's parts: escaping, the timeline's bins, the SVG charts. */
#include "harness.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/strbuf.h"
#include "../../src/report/html_escape.h"
#include "../../src/report/svg.h"
#include "../../src/report/timeline.h"

void test_html(void);

static void test_escape(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	html_add_escaped(&sb, "a&b<c>d\"e'f");
	CHECK_STR(sb.buf, "a&amp;b&lt;c&gt;d&quot;e&#39;f", "the five characters become references");
	strbuf_reset(&sb);
	html_add_escaped(&sb, "José 日本 plain");
	CHECK_STR(sb.buf, "José 日本 plain", "other text, UTF-8 included, is kept as it is");
	strbuf_reset(&sb);
	html_add_escaped(&sb, "&amp;");
	CHECK_STR(sb.buf, "&amp;amp;", "a reference in the text is escaped again: it shows as written");

	strbuf_reset(&sb);
	html_add_escaped_cut(&sb, "abcdef", 6);
	CHECK_STR(sb.buf, "abcdef", "cut: a string of exactly max characters is whole");
	strbuf_reset(&sb);
	html_add_escaped_cut(&sb, "abcdefg", 6);
	CHECK_STR(sb.buf, "abcde\xE2\x80\xA6", "cut: one more character gives max-1 and an ellipsis");
	strbuf_reset(&sb);
	html_add_escaped_cut(&sb, "日本語のテキスト", 4);
	CHECK_STR(sb.buf, "日本語\xE2\x80\xA6", "cut: at a character boundary, not inside one");
	strbuf_reset(&sb);
	html_add_escaped_cut(&sb, "<<<<<<<<", 4);
	CHECK_STR(sb.buf, "&lt;&lt;&lt;\xE2\x80\xA6", "cut: counts characters before escaping");
	strbuf_release(&sb);
}

/* Facts of count messages, arriving at the given times; every third a patch. */
static struct message_facts *facts_at(const int64_t *when, size_t count)
{
	struct message_facts *f = calloc(count, sizeof(*f));
	for (size_t i = 0; i < count; i++) {
		f[i].present = true;
		f[i].arrival = when[i];
		f[i].tag_is_patch = i % 3 == 0;
	}
	return f;
}

static void label(struct strbuf *sb, const struct timeline *t, size_t bin)
{
	strbuf_reset(sb);
	timeline_add_label(sb, t, bin);
}

static void test_timeline(void)
{
	struct strbuf sb;
	struct timeline t;
	strbuf_init(&sb, 0);
	const int64_t day = 86400, t0 = 1751360400; /* 2025-07-01 09:00:00 UTC, a Tuesday */

	int64_t hours[] = {t0, t0 + 600, t0 + 3600, t0 + 2 * day - 1};
	struct message_facts *f = facts_at(hours, 4);
	timeline_build(&t, f, 4, t0, t0 + 2 * day - 1);
	CHECK(t.unit == TIMELINE_HOUR && t.count == 48, "under two days: 48 hour bins (unit %d, %zu)",
	      (int)t.unit, t.count);
	CHECK(t.bins[0].patches == 1 && t.bins[0].other == 1 && t.bins[1].other == 1 &&
	      t.bins[47].patches == 1 && t.most == 2, "hours: each message in its bin, patches apart");
	label(&sb, &t, 0);
	CHECK_STR(sb.buf, "2025-07-01 09:00", "hour label");
	label(&sb, &t, 47);
	CHECK_STR(sb.buf, "2025-07-03 08:00", "the last hour label");
	timeline_release(&t);
	free(f);

	int64_t days[] = {t0, t0 + 2 * day};
	f = facts_at(days, 2);
	f[1].present = false; /* a removal record: not a message */
	timeline_build(&t, f, 2, t0, t0 + 2 * day);
	CHECK(t.unit == TIMELINE_DAY && t.count == 3, "two days exactly: 3 day bins (unit %d, %zu)",
	      (int)t.unit, t.count);
	CHECK(t.bins[2].patches + t.bins[2].other == 0 && t.most == 1, "a removal record is not counted");
	label(&sb, &t, 2);
	CHECK_STR(sb.buf, "2025-07-03", "day label");
	timeline_release(&t);
	free(f);

	int64_t weeks[] = {t0, t0 + 500 * day};
	f = facts_at(weeks, 2);
	timeline_build(&t, f, 2, t0, t0 + 500 * day);
	CHECK(t.unit == TIMELINE_WEEK && t.count <= TIMELINE_MAX_BINS, "500 days: per week (unit %d, %zu bins)",
	      (int)t.unit, t.count);
	label(&sb, &t, 0);
	CHECK_STR(sb.buf, "week of 2025-06-30", "a week starts on the Monday before");
	timeline_release(&t);
	free(f);

	int64_t months[] = {t0, t0 + 4000 * day};
	f = facts_at(months, 2);
	timeline_build(&t, f, 2, t0, t0 + 4000 * day);
	label(&sb, &t, 0);
	CHECK(t.unit == TIMELINE_MONTH && t.count <= TIMELINE_MAX_BINS, "11 years: per month (unit %d, %zu bins)",
	      (int)t.unit, t.count);
	CHECK_STR(sb.buf, "2025-07", "month label");
	label(&sb, &t, t.count - 1);
	CHECK_STR(sb.buf, "2036-06", "the last month label");
	timeline_release(&t);
	free(f);

	/* a Date header of year 9999 in an mbox: bounded all the same */
	int64_t years[] = {-86400, 253402300799};
	f = facts_at(years, 2);
	timeline_build(&t, f, 2, years[0], years[1]);
	label(&sb, &t, 0);
	CHECK(t.unit == TIMELINE_YEAR && t.count == 10000 - 1969, "1969 to 9999: per year (%zu bins)", t.count);
	CHECK_STR(sb.buf, "1969", "year label, before 1970 too");
	CHECK(t.bins[0].patches == 1 && t.bins[t.count - 1].other == 1, "years: both ends counted");
	timeline_release(&t);
	free(f);
	strbuf_release(&sb);
}

static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_svg(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	struct svg_bar bars[] = {{"<b>x</b>", 10}, {"y\"z", 3}, {"w", 1}};
	svg_hbars(&sb, "contributors", "Top & co", bars, 3);
	CHECK(occurrences(sb.buf, "<rect class=\"bar\"") == 3, "one bar per item");
	CHECK(!strstr(sb.buf, "<b>") && strstr(sb.buf, "&lt;b&gt;x&lt;/b&gt;") && strstr(sb.buf, "y&quot;z"),
	      "labels are escaped");
	CHECK(strstr(sb.buf, "<title>Top &amp; co</title>") != NULL, "the chart's title, escaped");
	CHECK(strstr(sb.buf, "width=\"400\"") && strstr(sb.buf, "width=\"120\"") && strstr(sb.buf, "width=\"40\""),
	      "bars as long as their values");
	CHECK(strstr(sb.buf, ">10</text>") && strstr(sb.buf, ">3</text>"), "the values as text");

	strbuf_reset(&sb);
	struct svg_segment segs[] = {{"applied", "st-applied", 1}, {"waiting", "st-waiting", 2}};
	svg_segments(&sb, "states", "States", segs, 2);
	CHECK(occurrences(sb.buf, "<rect class=\"seg ") == 2 && strstr(sb.buf, "x=\"160\" y=\"0\" width=\"320\""),
	      "segments share the width by value");
	strbuf_release(&sb);
}

void test_html(void)
{
	test_escape();
	test_timeline();
	test_svg();
}
