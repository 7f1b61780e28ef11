#include "utf8.h"

#include <string.h>
#include <strings.h>

/*
 * Reads the UTF-8 sequence at s. Returns its length (1..4) with *cp set,
 * or 0 when it is invalid, with *bad set to the length of its maximal
 * subpart: the bytes that one U+FFFD replaces (Unicode's recommended
 * practice, as Python and browsers do).
 */
static size_t utf8_sequence(const unsigned char *s, size_t avail, unsigned *cp, size_t *bad)
{
	unsigned c = s[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xBF; /* the range allowed for the second byte */

	*bad = 1;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2; c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3; c &= 0x0F;
		if (s[0] == 0xE0) lo = 0xA0;      /* no overlong forms */
		if (s[0] == 0xED) hi = 0x9F;      /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4; c &= 0x07;
		if (s[0] == 0xF0) lo = 0x90;
		if (s[0] == 0xF4) hi = 0x8F;      /* nothing past U+10FFFF */
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if (i >= avail || s[i] < lo || s[i] > hi) {
			*bad = i;
			return 0;
		}
		c = (c << 6) | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
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
		size_t bad;
		size_t n = utf8_sequence(s + i, len - i, &cp, &bad);
		if (n && !is_dropped_control(cp)) {
			i += n;
			continue;
		}
		strbuf_add(out, s + run, i - run);
		if (!n) {
			strbuf_add(out, "\xEF\xBF\xBD", 3);
			n = bad;
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
		size_t bad;
		size_t n = utf8_sequence(s + i, len - i, &cp, &bad);
		if (!n || is_dropped_control(cp))
			return false;
		i += n;
	}
	return true;
}

bool utf8_charset_is_compatible(const char *charset)
{
	return !strcasecmp(charset, "utf-8") || !strcasecmp(charset, "utf8") ||
	       !strcasecmp(charset, "us-ascii") || !strcasecmp(charset, "ascii");
}
