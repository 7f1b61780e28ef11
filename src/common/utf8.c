#include "utf8.h"

#include <string.h>

/*
 * Length of the valid UTF-8 sequence at s (1..4), or 0 when the bytes there
 * do not start one (overlong forms, surrogates and values past U+10FFFF are
 * invalid). *cp receives the code point.
 */
static size_t utf8_sequence(const unsigned char *s, size_t avail, unsigned *cp)
{
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n;
	unsigned min;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2; min = 0x80; c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3; min = 0x800; c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4; min = 0x10000; c &= 0x07;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

static bool is_dropped_control(unsigned cp)
{
	if (cp == '\t' || cp == '\n')
		return false;
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

void utf8_clean_append(struct strbuf *out, const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0, run = 0; /* run: start of the pending clean stretch */

	strbuf_grow(out, len);
	while (i < len) {
		unsigned cp;
		/* Printable ASCII is the common case: extend the run cheaply. */
		if (s[i] >= 0x20 && s[i] < 0x7F) {
			i++;
			continue;
		}
		size_t n = utf8_sequence(s + i, len - i, &cp);
		if (n && !is_dropped_control(cp)) {
			i += n;
			continue;
		}
		strbuf_add(out, s + run, i - run);
		if (!n) {
			strbuf_add(out, "\xEF\xBF\xBD", 3);
			n = 1;
		}
		i += n;
		run = i;
	}
	strbuf_add(out, s + run, i - run);
}

char *utf8_clean_dup(const char *data, size_t len)
{
	struct strbuf sb;
	strbuf_init(&sb, len);
	utf8_clean_append(&sb, data, len);
	return strbuf_detach(&sb, NULL);
}

bool utf8_is_clean(const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	for (size_t i = 0; i < len;) {
		unsigned cp;
		size_t n = utf8_sequence(s + i, len - i, &cp);
		if (!n || is_dropped_control(cp))
			return false;
		i += n;
	}
	return true;
}
