#include "subject.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Reads digits at *p into *value (saturating), returns how many there were. */
static size_t read_number(const char *p, size_t len, int *value)
{
	size_t i = 0;
	long v = 0;
	while (i < len && isdigit((unsigned char)p[i])) {
		if (v < 1000000)
			v = v * 10 + (p[i] - '0');
		i++;
	}
	*value = (int)v;
	return i;
}

/* "v3" (any case), whole token; returns the version, or -1 when it is none. */
static int token_version(const char *t, size_t len)
{
	int v;
	if (len < 2 || (t[0] != 'v' && t[0] != 'V'))
		return -1;
	if (read_number(t + 1, len - 1, &v) != len - 1)
		return -1;
	return v;
}

/* One whitespace- or comma-separated token inside a group. */
static void read_token(const char *t, size_t len, struct patch_tag *tag, bool *has_word)
{
	int a, b, v;
	size_t n;

	if ((len == 5 && !strncasecmp(t, "PATCH", 5)) || (len == 3 && !strncasecmp(t, "RFC", 3))) {
		*has_word = true;
		return;
	}
	/* The old "PATCHv2" spelling. */
	if (len > 5 && !strncasecmp(t, "PATCH", 5) && (v = token_version(t + 5, len - 5)) >= 0) {
		*has_word = true;
		tag->version = v;
		return;
	}
	if ((v = token_version(t, len)) >= 0) {
		tag->version = v;
		return;
	}
	n = read_number(t, len, &a);
	if (n && n < len && t[n] == '/') {
		size_t m = read_number(t + n + 1, len - n - 1, &b);
		if (m && n + 1 + m == len) {
			tag->number = a;
			tag->total = b;
		}
	}
}

void patch_tag_parse(const char *subject, struct patch_tag *tag)
{
	const char *p = subject;
	bool has_word = false;

	tag->is_patch = false;
	tag->version = 1;
	tag->number = -1;
	tag->total = -1;
	tag->title_offset = 0;

	while (is_blank(*p))
		p++;
	while (*p == '[') {
		const char *close = strchr(p, ']');
		if (!close)
			break;
		for (const char *t = p + 1; t < close;) {
			while (t < close && (is_blank(*t) || *t == ','))
				t++;
			const char *end = t;
			while (end < close && !is_blank(*end) && *end != ',')
				end++;
			if (end > t)
				read_token(t, (size_t)(end - t), tag, &has_word);
			t = end;
		}
		p = close + 1;
		while (is_blank(*p))
			p++;
		tag->title_offset = (size_t)(p - subject);
	}
	tag->is_patch = has_word;
	if (!has_word) {
		tag->version = 1;
		tag->number = tag->total = -1;
	}
}
