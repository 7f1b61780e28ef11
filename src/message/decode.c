#include "decode.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"

/*
 * A base64 character's value with B64_DIGIT set; 0 for a byte outside the
 * alphabet. CR, LF, space and tab are skipped (GMime skips every byte
 * outside the alphabet; the others are taken as a sign of damage and
 * declined).
 */
enum { B64_DIGIT = 0x80, B64_SKIP = 0x40, B64_PAD = 0x41 };
#define D(v) (B64_DIGIT | (v))
static const unsigned char base64_value[256] = {
	['\t'] = B64_SKIP, ['\n'] = B64_SKIP, ['\r'] = B64_SKIP, [' '] = B64_SKIP, ['='] = B64_PAD,
	['A'] = D(0), D(1), D(2), D(3), D(4), D(5), D(6), D(7), D(8), D(9), D(10), D(11), D(12),
	D(13), D(14), D(15), D(16), D(17), D(18), D(19), D(20), D(21), D(22), D(23), D(24), D(25),
	['a'] = D(26), D(27), D(28), D(29), D(30), D(31), D(32), D(33), D(34), D(35), D(36), D(37),
	D(38), D(39), D(40), D(41), D(42), D(43), D(44), D(45), D(46), D(47), D(48), D(49), D(50), D(51),
	['0'] = D(52), D(53), D(54), D(55), D(56), D(57), D(58), D(59), D(60), D(61),
	['+'] = D(62), ['/'] = D(63),
};
#undef D

/* A hex digit's value plus one; 0 for any other byte. */
static const unsigned char hex_value[256] = {
	['0'] = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	['A'] = 11, 12, 13, 14, 15, 16,
	['a'] = 11, 12, 13, 14, 15, 16,
};

/* Writes one decoded byte, converted; the buffer has 3 bytes of slack. */
static inline unsigned char *put_byte(unsigned char *o, unsigned char c, const struct charset_table *t)
{
	if (!t || c < 0x80) {
		*o = c;
		return o + 1;
	}
	/* c is an unsigned char, so below 256: cppcheck misreads the bound of seq[256] */
	// cppcheck-suppress arrayIndexOutOfBoundsCond
	memcpy(o, t->seq[c].bytes, 3);
	// cppcheck-suppress arrayIndexOutOfBoundsCond
	return o + t->seq[c].len;
}

static inline unsigned char *put_run(unsigned char *o, const unsigned char *s, size_t n,
				     const struct charset_table *t)
{
	size_t i = 0;
	while (t && i < n) {
		/* ASCII maps to itself: copy its stretches, eight bytes a step. */
		size_t j = i;
		uint64_t w;
		while (j + 8 <= n && (memcpy(&w, s + j, 8), !(w & 0x8080808080808080u)))
			j += 8;
		while (j < n && s[j] < 0x80)
			j++;
		memcpy(o, s + i, j - i);
		o += j - i;
		for (i = j; i < n && s[i] >= 0x80; i++)
			o = put_byte(o, s[i], t);
	}
	if (!t) {
		memcpy(o, s, n);
		o += n;
	}
	return o;
}

static int is_blank_tail(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (base64_value[s[i]] != B64_SKIP)
			return 0;
	return 1;
}

static unsigned char *base64_decode(unsigned char *o, const unsigned char *s, size_t n,
				    const struct charset_table *t)
{
	uint32_t acc = 0;
	int k = 0; /* sextets in acc */
	size_t i = 0;

	while (i < n) {
		/* Whole quartets of digits, the bulk of every line, four at a time. */
		if (k == 0 && i + 4 <= n) {
			unsigned a = base64_value[s[i]], b = base64_value[s[i + 1]];
			unsigned c = base64_value[s[i + 2]], d = base64_value[s[i + 3]];
			if (a & b & c & d & B64_DIGIT) {
				uint32_t v = (a & 63) << 18 | (b & 63) << 12 | (c & 63) << 6 | (d & 63);
				if (!t) {
					o[0] = (unsigned char)(v >> 16);
					o[1] = (unsigned char)(v >> 8);
					o[2] = (unsigned char)v;
					o += 3;
				} else {
					o = put_byte(o, (unsigned char)(v >> 16), t);
					o = put_byte(o, (unsigned char)(v >> 8), t);
					o = put_byte(o, (unsigned char)v, t);
				}
				i += 4;
				continue;
			}
		}
		unsigned v = base64_value[s[i]];
		if (v & B64_DIGIT) {
			acc = acc << 6 | (v & 63);
			if (++k == 4) {
				o = put_byte(o, (unsigned char)(acc >> 16), t);
				o = put_byte(o, (unsigned char)(acc >> 8), t);
				o = put_byte(o, (unsigned char)acc, t);
				acc = 0;
				k = 0;
			}
			i++;
			continue;
		}
		if (v == B64_SKIP) {
			i++;
			continue;
		}
		if (v != B64_PAD)
			return NULL;
		/* Padding: "xx==" gives one byte, "xxx=" two; then only white space. */
		if (k == 2) {
			size_t j = i + 1;
			while (j < n && base64_value[s[j]] == B64_SKIP)
				j++;
			if (j == n || s[j] != '=')
				return NULL;
			i = j;
			o = put_byte(o, (unsigned char)(acc >> 4), t);
		} else if (k == 3) {
			o = put_byte(o, (unsigned char)(acc >> 10), t);
			o = put_byte(o, (unsigned char)(acc >> 2), t);
		} else {
			return NULL;
		}
		return is_blank_tail(s + i + 1, n - i - 1) ? o : NULL;
	}
	return k == 0 ? o : NULL;
}

static unsigned char *quoted_printable_decode(unsigned char *o, const unsigned char *s, size_t n,
					      const struct charset_table *t)
{
	size_t i = 0;

	while (i < n) {
		const unsigned char *eq = memchr(s + i, '=', n - i);
		size_t run = eq ? (size_t)(eq - (s + i)) : n - i;
		o = put_run(o, s + i, run, t);
		i += run;
		if (!eq)
			break;
		if (i + 1 == n)
			break; /* a lone '=' at the very end: GMime drops it */
		unsigned char c1 = s[i + 1];
		if (c1 == '\n') {
			i += 2; /* soft line break */
			continue;
		}
		if (i + 2 == n)
			return NULL;
		unsigned char c2 = s[i + 2];
		if (c1 == '\r' && c2 == '\n') {
			i += 3; /* soft line break, CRLF */
			continue;
		}
		if (!hex_value[c1] || !hex_value[c2])
			return NULL;
		o = put_byte(o, (unsigned char)((hex_value[c1] - 1) << 4 | (hex_value[c2] - 1)), t);
		i += 3;
	}
	return o;
}

int decode_body(char **out, size_t *out_len, const char *in, size_t len,
		enum transfer_encoding encoding, const struct charset_table *table)
{
	const unsigned char *s = (const unsigned char *)in;
	/* Neither transfer decoding makes the text longer; a table may triple it. */
	size_t size = (table ? 3 * len : len) + 4;
	unsigned char *buf = xmalloc(size), *end;

	switch (encoding) {
	case TRANSFER_BASE64:
		end = base64_decode(buf, s, len, table);
		break;
	case TRANSFER_QUOTED_PRINTABLE:
		end = quoted_printable_decode(buf, s, len, table);
		break;
	default:
		end = put_run(buf, s, len, table);
		break;
	}
	if (!end) {
		free(buf);
		return -1;
	}
	*end = '\0';
	*out = (char *)buf;
	*out_len = (size_t)(end - buf);
	return 0;
}
