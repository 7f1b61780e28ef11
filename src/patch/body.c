#include "body.h"

#include <ctype.h>
#include <string.h>

#include "../common/ascii.h"
#include "../common/strbuf.h"
#include "../common/utf8.h"

static bool starts_with(const char *line, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len >= n && !memcmp(line, prefix, n);
}

/* Matches "<digits> <word>" at *p and moves past it. */
static bool eat_count(const char **p, const char *end, const char *singular, const char *plural)
{
	const char *s = *p;
	if (s >= end || !isdigit((unsigned char)*s))
		return false;
	while (s < end && isdigit((unsigned char)*s))
		s++;
	if (s >= end || *s++ != ' ')
		return false;
	size_t pl = strlen(plural), sl = strlen(singular);
	if ((size_t)(end - s) >= pl && !memcmp(s, plural, pl))
		s += pl;
	else if ((size_t)(end - s) >= sl && !memcmp(s, singular, sl))
		s += sl;
	else
		return false;
	*p = s;
	return true;
}

bool line_is_diffstat_summary(const char *line, size_t len)
{
	const char *p = line, *end = line + len;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	if (p >= end || *p++ != ' ')
		return false;
	if (!eat_count(&p, end, "file changed", "files changed"))
		return false;
	/* then ", N insertions(+)" and ", N deletions(-)", each optional */
	if (end - p > 2 && p[0] == ',' && p[1] == ' ') {
		const char *q = p + 2;
		if (eat_count(&q, end, "insertion(+)", "insertions(+)"))
			p = q;
	}
	if (end - p > 2 && p[0] == ',' && p[1] == ' ') {
		const char *q = p + 2;
		if (eat_count(&q, end, "deletion(-)", "deletions(-)"))
			p = q;
	}
	return p == end;
}

static bool line_starts_diff(const char *line, size_t len)
{
	return starts_with(line, len, "diff -") || starts_with(line, len, "Index: ");
}

static bool line_ends_text(const char *line, size_t len)
{
	if (len && line[len - 1] == '\r')
		len--;
	return line_starts_diff(line, len) || (len == 3 && !memcmp(line, "-- ", 3));
}

/* "---" alone, as format-patch writes it above the diffstat. */
static bool line_is_separator(const char *line, size_t len)
{
	return len >= 3 && !memcmp(line, "---", 3) && ascii_is_blank_line(line + 3, len - 3);
}

/*
 * Where the text ends at the diffstat: just after the first summary line,
 * or 0 when there is none or a diff starts above the "---" line over it
 * (a mail that pastes the diff above its diffstat: the cut falls before
 * the diff instead). Without a "---" line, as under a format-patch cover
 * letter's shortlog, the summary line is the end.
 */
static size_t diffstat_end(const char *body, size_t len)
{
	size_t pos = 0, first_diff = len, separator = len;
	bool seen_diff = false;
	while (pos < len) {
		const char *nl = memchr(body + pos, '\n', len - pos);
		size_t line_len = nl ? (size_t)(nl - body) - pos : len - pos;
		size_t next = nl ? pos + line_len + 1 : len;
		const char *line = body + pos;
		if (line_is_diffstat_summary(line, line_len)) {
			bool diff_above = seen_diff && separator != len && first_diff < separator;
			return diff_above ? 0 : next;
		}
		if (!seen_diff && line_starts_diff(line, line_len)) {
			seen_diff = true;
			first_diff = pos;
		}
		if (line_is_separator(line, line_len))
			separator = pos;
		pos = next;
	}
	return 0;
}

char *body_excerpt(const char *body, size_t len, const struct inbody_header *inbody)
{
	size_t pos = 0, keep_end = 0;
	size_t skip_start = 0, skip_end = 0;
	struct strbuf kept;

	size_t stat_end = body ? diffstat_end(body, len) : 0;
	size_t limit = stat_end ? stat_end : len;

	if (inbody && inbody->present) {
		skip_start = inbody->start;
		skip_end = inbody->end;
	}
	strbuf_init(&kept, 0);
	while (pos < limit) {
		const char *line = body + pos;
		const char *nl = memchr(line, '\n', limit - pos);
		size_t line_len = nl ? (size_t)(nl - line) : limit - pos;
		size_t next = nl ? pos + line_len + 1 : limit;

		if (pos >= skip_start && pos < skip_end) {
			pos = next; /* the in-body header: its blank line stays */
			continue;
		}
		if (!stat_end && line_ends_text(line, line_len))
			break;
		utf8_clean_append(&kept, line, line_len);
		strbuf_addch(&kept, '\n');
		if (!ascii_is_blank_line(line, line_len))
			keep_end = kept.len;
		pos = next;
	}
	/* Trailing blank lines go, and so does the last line's newline. */
	if (keep_end)
		strbuf_setlen(&kept, keep_end - 1);
	else
		strbuf_reset(&kept);
	return strbuf_detach(&kept, NULL);
}
