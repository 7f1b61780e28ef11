#include "header.h"

#include <gmime/gmime.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../common/ascii.h"
#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "rfc2047.h"

char *header_unfold(const char *raw, size_t len)
{
	struct strbuf sb;
	size_t i = 0;

	/* leading blanks go, also when the value starts on a folded line or after NUL bytes */
	while (i < len && (ascii_is_wsp(raw[i]) || raw[i] == '\r' || raw[i] == '\n' || !raw[i]))
		i++;
	strbuf_init(&sb, len - i);
	/* Copy the runs between line ends: folds and the final break vanish. */
	while (i < len) {
		const char *nl = memchr(raw + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - raw) : len;
		size_t run_end = end;
		while (nl && run_end > i && !raw[run_end - 1])
			run_end--; /* NUL bytes go, so a CR before them ends the line */
		if (nl && run_end > i && raw[run_end - 1] == '\r')
			run_end--; /* the CR of a CRLF goes with its LF */
		/* NUL bytes go here: later steps see C strings */
		for (const char *run = raw + i, *stop = raw + run_end; run < stop;) {
			const char *nul = memchr(run, '\0', (size_t)(stop - run));
			const char *piece_end = nul ? nul : stop;
			strbuf_add(&sb, run, (size_t)(piece_end - run));
			run = nul ? nul + 1 : stop;
		}
		i = end + 1;
	}
	return strbuf_detach(&sb, NULL);
}

/*
 * Raw 8-bit bytes in a header are meant as UTF-8 where they are valid
 * UTF-8; otherwise they are most likely Latin-1 (as GMime also guesses).
 * A Latin-1 byte is its own code point, so the conversion is done here,
 * two bytes for each byte from 0x80 (test_header checks it against
 * iconv's): iconv, opened and closed for each value, took a third of a
 * second under the sanitizers for a message of 600 trailers.
 */
static char *header_to_utf8(const char *value)
{
	if (g_utf8_validate(value, -1, NULL))
		return NULL;
	size_t len = strlen(value);
	if (len > (SIZE_MAX - 1) / 2)
		die_out_of_memory();
	char *out = g_malloc(2 * len + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (*p < 0x80) {
			*o++ = (char)*p;
		} else {
			*o++ = (char)(0xc0 | (*p >> 6));
			*o++ = (char)(0x80 | (*p & 0x3f));
		}
	}
	*o = '\0';
	return out;
}

char *header_decode_text(const char *unfolded)
{
	struct strbuf decoded;
	char *utf8 = header_to_utf8(unfolded);
	strbuf_init(&decoded, strlen(unfolded));
	rfc2047_decode(&decoded, utf8 ? utf8 : unfolded);
	g_free(utf8);
	char *clean = utf8_clean_dup(decoded.buf, decoded.len);
	strbuf_release(&decoded);
	/* An encoded newline must not break the one-line layout of a subject. */
	for (char *p = clean; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return clean;
}

char *header_first_msgid(const char *value)
{
	const char *open = strchr(value, '<');
	if (!open)
		return NULL;
	const char *close = strchr(open + 1, '>');
	if (!close || close == open + 1)
		return NULL;
	return utf8_clean_dup(open + 1, (size_t)(close - open - 1));
}

/* The next <id> at or after *p: its text and length; advances *p past it. */
static bool next_msgid(const char **p, const char **id, size_t *len)
{
	for (;;) {
		const char *open = strchr(*p, '<');
		if (!open)
			return false;
		const char *close = strchr(open + 1, '>');
		if (!close)
			return false;
		*p = close + 1;
		if (close > open + 1) {
			*id = open + 1;
			*len = (size_t)(close - open - 1);
			return true;
		}
	}
}

char **header_msgids(const char *value, size_t max, size_t *count)
{
	const char *p = value, *id;
	size_t len, total = 0, kept = 0;

	*count = 0;
	while (next_msgid(&p, &id, &len))
		total++;
	if (!total)
		return NULL;
	/* Which to keep: all, or the first and the newest max - 1. */
	size_t keep = total <= max ? total : max;
	size_t skip_from = 1, skip_to = total - (keep - 1);
	char **ids = xmalloc(keep * sizeof(*ids));
	p = value;
	for (size_t i = 0; next_msgid(&p, &id, &len); i++) {
		if (keep < total && i >= skip_from && i < skip_to)
			continue;
		ids[kept++] = utf8_clean_dup(id, len);
	}
	*count = kept;
	return ids;
}

char *header_message_id(const char *value)
{
	char *id = header_first_msgid(value);
	if (id)
		return id;
	size_t start = 0, end = strlen(value);
	while (start < end && ascii_is_wsp(value[start]))
		start++;
	while (end > start && ascii_is_wsp(value[end - 1]))
		end--;
	return end > start ? utf8_clean_dup(value + start, end - start) : NULL;
}

char *header_utf8_dup(const char *value)
{
	char *utf8 = header_to_utf8(value);
	char *copy = xstrdup(utf8 ? utf8 : value);
	g_free(utf8);
	return copy;
}
