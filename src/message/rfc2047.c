#include "rfc2047.h"

#include "../common/utf8.h"

#include <glib.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

struct word {
	const char *charset;  /* not NUL-terminated */
	size_t charset_len;
	char encoding;        /* 'B' or 'Q' */
	const char *text;
	size_t text_len;
	size_t len;           /* of the whole "=?...?=" */
};

/* Reads "=?charset?X?text?=" at p; false when it is not a whole word. */
static bool word_read(const char *p, struct word *w)
{
	if (p[0] != '=' || p[1] != '?')
		return false;
	const char *cs = p + 2, *q = cs;
	while (*q && *q != '?' && *q != ' ' && *q != '\t')
		q++;
	if (*q != '?' || q == cs)
		return false;
	char enc = q[1];
	if (!(enc == 'B' || enc == 'b' || enc == 'Q' || enc == 'q') || q[2] != '?')
		return false;
	const char *text = q + 3;
	const char *end = strchr(text, '?');
	/* Lenient like mail readers: blanks inside the text are tolerated. */
	if (!end || end[1] != '=')
		return false;
	w->charset = cs;
	w->charset_len = (size_t)(q - cs);
	/* RFC 2231 adds "*language" to the charset. */
	const char *star = memchr(cs, '*', w->charset_len);
	if (star)
		w->charset_len = (size_t)(star - cs);
	w->encoding = (char)(enc & ~0x20);
	w->text = text;
	w->text_len = (size_t)(end - text);
	w->len = (size_t)(end + 2 - p);
	return true;
}

static int base64_value(char c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+') return 62;
	if (c == '/') return 63;
	return -1;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

/* The word's payload bytes appended to out; false (out unchanged) when broken. */
static bool word_decode(const struct word *w, struct strbuf *out)
{
	size_t start = out->len;
	if (w->encoding == 'B') {
		size_t n = w->text_len;
		while (n && w->text[n - 1] == '=')
			n--;
		unsigned acc = 0;
		int bits = 0;
		for (size_t i = 0; i < n; i++) {
			int v = base64_value(w->text[i]);
			if (v < 0) {
				strbuf_setlen(out, start);
				return false;
			}
			acc = (acc << 6) | (unsigned)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				strbuf_addch(out, (char)((acc >> bits) & 0xFF));
			}
		}
		return true;
	}
	for (size_t i = 0; i < w->text_len; i++) {
		char c = w->text[i];
		int hi, lo;
		if (c == '_') {
			strbuf_addch(out, ' ');
		} else if (c == '=' && i + 2 < w->text_len && (hi = hex_value(w->text[i + 1])) >= 0 &&
			   (lo = hex_value(w->text[i + 2])) >= 0) {
			strbuf_addch(out, (char)(hi * 16 + lo));
			i += 2;
		} else {
			strbuf_addch(out, c);
		}
	}
	return true;
}

/* Converts a run's bytes from its charset to UTF-8 and appends them. */
static void run_flush(struct strbuf *out, const char *charset, struct strbuf *bytes)
{
	char *converted = NULL;
	const char *text = bytes->buf;
	size_t len = bytes->len;

	if (!utf8_charset_is_compatible(charset)) {
		gsize written = 0;
		converted = g_convert(bytes->buf, (gssize)bytes->len, "UTF-8", charset, NULL,
				      &written, NULL);
		if (converted) {
			text = converted;
			len = written;
		}
		/* unknown charset or bytes it does not have: read as UTF-8 */
	}
	strbuf_add(out, text, len);
	g_free(converted);
	strbuf_reset(bytes);
}

void rfc2047_decode(struct strbuf *out, const char *value)
{
	struct strbuf bytes, word_bytes, gap;
	char charset[64] = "";
	bool in_run = false;
	const char *p = value;
	struct word w;

	strbuf_init(&bytes, 0);
	strbuf_init(&word_bytes, 0);
	strbuf_init(&gap, 0);
	while (*p) {
		strbuf_reset(&word_bytes);
		if (word_read(p, &w) && w.charset_len < sizeof(charset) && word_decode(&w, &word_bytes)) {
			if (!in_run) {
				strbuf_add(out, gap.buf, gap.len);
				in_run = true;
			} else if (strncasecmp(charset, w.charset, w.charset_len) ||
				   charset[w.charset_len]) {
				/* same run, new charset: convert what came before */
				run_flush(out, charset, &bytes);
			}
			/* white space between adjacent words is not text */
			strbuf_reset(&gap);
			memcpy(charset, w.charset, w.charset_len);
			charset[w.charset_len] = '\0';
			strbuf_add(&bytes, word_bytes.buf, word_bytes.len);
			p += w.len;
			continue;
		}
		/* Blanks after a word may separate it from the next: hold them. */
		if (in_run && (*p == ' ' || *p == '\t')) {
			strbuf_addch(&gap, *p++);
			continue;
		}
		if (in_run) {
			run_flush(out, charset, &bytes);
			in_run = false;
		}
		strbuf_add(out, gap.buf, gap.len);
		strbuf_reset(&gap);
		strbuf_addch(out, *p++);
	}
	if (in_run)
		run_flush(out, charset, &bytes);
	strbuf_add(out, gap.buf, gap.len);
	strbuf_release(&bytes);
	strbuf_release(&word_bytes);
	strbuf_release(&gap);
}
