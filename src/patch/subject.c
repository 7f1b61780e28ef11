#include "subject.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "../common/ascii.h"
#include "../common/strbuf.h"

/* Reads digits at *p into *value (saturating at PATCH_NUMBER_MAX), returns how many there were. */
static size_t read_number(const char *p, size_t len, int *value)
{
	size_t i = 0;
	long v = 0;
	while (i < len && isdigit((unsigned char)p[i])) {
		v = v * 10 + (p[i] - '0');
		if (v > PATCH_NUMBER_MAX)
			v = PATCH_NUMBER_MAX;
		i++;
	}
	*value = (int)v;
	return i;
}

/*
 * "v3" or "v8.1" (any case), the whole token; false when it is not a
 * version. A token like "v1.2.3" is not one.
 */
static bool token_version(const char *t, size_t len, struct patch_version *v)
{
	size_t n, m;
	if (len < 2 || (t[0] != 'v' && t[0] != 'V'))
		return false;
	n = read_number(t + 1, len - 1, &v->major);
	if (!n)
		return false;
	v->minor = 0;
	if (1 + n == len)
		return true;
	if (t[1 + n] != '.')
		return false;
	m = read_number(t + 2 + n, len - 2 - n, &v->minor);
	return m && 2 + n + m == len;
}

/* One token of a group: split at blanks, commas and hyphens. */
static void read_token(const char *t, size_t len, struct patch_tag *tag, bool *has_word)
{
	int a, b;
	size_t n;
	struct patch_version v;

	if ((len == 5 && !strncasecmp(t, "PATCH", 5)) || (len == 3 && !strncasecmp(t, "RFC", 3))) {
		*has_word = true;
		return;
	}
	/* The old "PATCHv2" spelling. */
	if (len > 5 && !strncasecmp(t, "PATCH", 5) && token_version(t + 5, len - 5, &v)) {
		*has_word = true;
		tag->version = v;
		return;
	}
	if (token_version(t, len, &v)) {
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

static bool is_separator(char c)
{
	return ascii_is_wsp(c) || c == ',' || c == '-';
}

int patch_version_compare(const struct patch_version *a, const struct patch_version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	return 0;
}

size_t patch_tag_parse(const char *subject, struct patch_tag *tag)
{
	const char *p = subject;
	bool has_word = false;
	size_t title_offset = 0;

	tag->is_patch = false;
	tag->version = (struct patch_version){1, 0};
	tag->number = -1;
	tag->total = -1;

	while (ascii_is_wsp(*p))
		p++;
	while (*p == '[') {
		const char *close = strchr(p, ']');
		if (!close)
			break;
		for (const char *t = p + 1; t < close;) {
			while (t < close && is_separator(*t))
				t++;
			const char *end = t;
			while (end < close && !is_separator(*end))
				end++;
			if (end > t)
				read_token(t, (size_t)(end - t), tag, &has_word);
			t = end;
		}
		p = close + 1;
		while (ascii_is_wsp(*p))
			p++;
		if ((size_t)(p - subject) > UINT32_MAX)
			break; /* groups of over 4 GB: the rest is the title, and the index's 32 bits hold where */
		title_offset = (size_t)(p - subject);
	}
	tag->is_patch = has_word;
	if (!has_word) {
		tag->version = (struct patch_version){1, 0};
		tag->number = tag->total = -1;
	}
	return title_offset;
}

size_t patch_title_offset(const char *subject)
{
	struct patch_tag tag;
	return patch_tag_parse(subject, &tag);
}

void title_normalise_add(struct strbuf *out, const char *text)
{
	size_t start = out->len;
	bool gap = false;

	for (const char *p = text; *p; p++) {
		if (ascii_is_space(*p)) {
			gap = out->len > start;
			continue;
		}
		if (gap)
			strbuf_addch(out, ' ');
		gap = false;
		strbuf_addch(out, *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p);
	}
}

size_t patch_title_add(struct strbuf *out, const char *subject)
{
	size_t title_at = patch_title_offset(subject);
	title_normalise_add(out, subject + title_at);
	return title_at;
}
