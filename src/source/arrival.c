/* The Date header of a raw message as its arrival time; see arrival.h. */
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../common/strbuf.h"
#include "../message/header.h"
#include "arrival.h"

/* A line holding nothing but its line end (LF or CRLF). */
static int is_empty_line(const char *p, const char *end)
{
	return *p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n');
}

size_t arrival_header_end(const char *msg, size_t len)
{
	const char *p = msg, *end = msg + len;

	while (p < end) {
		if (is_empty_line(p, end))
			return (size_t)(p - msg);
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		p = nl + 1;
	}
	return len;
}

int64_t arrival_from_header(const char *msg, size_t len)
{
	const char *end = msg + arrival_header_end(msg, len), *p = msg;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl + 1 : end;
		if ((size_t)(end - p) >= 5 && !strncasecmp(p, "date:", 5)) {
			/* The value runs on over the continuation lines (starting with blanks). */
			const char *v = p + 5, *q = eol;
			while (q < end && (*q == ' ' || *q == '\t')) {
				const char *n2 = memchr(q, '\n', (size_t)(end - q));
				q = n2 ? n2 + 1 : end;
			}
			char *value = header_unfold(v, (size_t)(q - v));
			GDateTime *dt = g_mime_utils_header_decode_date(value);
			int64_t t = 0;
			if (dt) {
				t = g_date_time_to_unix(dt);
				g_date_time_unref(dt);
			}
			free(value);
			return t;
		}
		p = eol;
	}
	return 0;
}

void arrival_label(int64_t t, struct strbuf *out)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[64];

	if (!gmtime_r(&tt, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M", &tm))
		snprintf(buf, sizeof(buf), "@%lld", (long long)t);
	strbuf_addstr(out, buf);
}
