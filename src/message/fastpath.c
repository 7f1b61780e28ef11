/*
 * The fast path: a small, exact reader for the single-part text/plain
 * messages that make up most list traffic. It finds the few fields the
 * digest needs; a 7bit/8bit body in US-ASCII or UTF-8 is taken as it
 * stands, with no copy, and base64, quoted-printable and the single-byte
 * charsets lists carry are decoded by decode.c. Anything else is left to
 * GMime (mime.c); the real-archive test checks that both agree on every
 * message of the shared archives.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/ascii.h"
#include "charset.h"
#include "decode.h"
#include "fields.h"
#include "header.h"
#include "mail.h"

struct span {
	const char *start;
	size_t len;
	int seen;
};

/*
 * The fields looked up: the message's (fields.h), then those of its MIME
 * structure, which only decide whether the fast path applies.
 */
enum field {
	F_CONTENT_TYPE = MAIL_FIELD_COUNT, F_CONTENT_TRANSFER_ENCODING, F_CONTENT_DISPOSITION, F_COUNT
};

#define NAME(name) {name, sizeof(name) - 1}
#define MAIL_FIELD_NAME(id, member, name) NAME(name),
static const struct mail_field_name field_names[F_COUNT] = {
	MAIL_FIELDS(MAIL_FIELD_NAME)
	NAME("Content-Type"), NAME("Content-Transfer-Encoding"), NAME("Content-Disposition"),
};
#undef MAIL_FIELD_NAME
#undef NAME

/*
 * Most header lines of a message are none of these, and a lookup runs for
 * each line: the fields are found by their length and first letter (its
 * low five bits, the same in both cases), and only a field that matches
 * both is compared in full. Fields that share a bucket are chained.
 */
enum { BUCKET_LENGTHS = 64, BUCKET_LETTERS = 32 };
static signed char bucket_first[BUCKET_LENGTHS][BUCKET_LETTERS];
static signed char bucket_next[F_COUNT];
static pthread_once_t buckets_once = PTHREAD_ONCE_INIT;
#define FITS_A_BUCKET(id, member, name) \
	_Static_assert(sizeof(name) - 1 < BUCKET_LENGTHS, "the field name " name " is longer than the buckets");
MAIL_FIELDS(FITS_A_BUCKET)
#undef FITS_A_BUCKET
_Static_assert(F_COUNT <= 127, "field indexes must fit a signed char");

static void buckets_fill(void)
{
	memset(bucket_first, -1, sizeof(bucket_first));
	for (int f = F_COUNT - 1; f >= 0; f--) { /* backwards, so each chain is in table order */
		signed char *head = &bucket_first[field_names[f].len][field_names[f].name[0] & 31];
		bucket_next[f] = *head;
		*head = (signed char)f;
	}
}

static int field_lookup(const char *name, size_t len)
{
	if (len >= BUCKET_LENGTHS)
		return -1;
	for (int f = bucket_first[len][name[0] & 31]; f >= 0; f = bucket_next[f])
		if (!strncasecmp(name, field_names[f].name, len))
			return f;
	return -1;
}

/* Copies a span, trimmed of white space and lower-cased, into buf. */
static void span_token(const struct span *s, size_t from, size_t to, char *buf, size_t size)
{
	while (from < to && (ascii_is_wsp(s->start[from]) || s->start[from] == '\r' || s->start[from] == '\n'))
		from++;
	while (to > from && (ascii_is_wsp(s->start[to - 1]) || s->start[to - 1] == '\r' || s->start[to - 1] == '\n'))
		to--;
	size_t n = 0;
	for (size_t i = from; i < to && n + 1 < size; i++)
		buf[n++] = (char)((s->start[i] >= 'A' && s->start[i] <= 'Z') ? s->start[i] + 32 : s->start[i]);
	buf[n] = '\0';
	if (to - from >= size)
		buf[0] = '\0'; /* too long to be a value we accept: poison it */
}

/* Where the value or parameter starting at from ends: the next ';' or the end. */
static size_t span_param_end(const struct span *s, size_t from)
{
	const char *semi = memchr(s->start + from, ';', s->len - from);
	return semi ? (size_t)(semi - s->start) : s->len;
}

/*
 * Content-Type absent, or text/plain with a charset the fast path reads
 * (charset.c): *table is its table, NULL for bytes taken as they stand.
 * Any other parameter is fine (format=flowed is not undone by either
 * path); comments, RFC 2231 parameters (charset*=), a repeated charset, a
 * parameter without '=' or other odd syntax send the message to GMime.
 */
static int content_type_read(const struct span *ct, const struct charset_table **table)
{
	char token[64];
	size_t i = 0, start;
	int charsets = 0;

	*table = NULL;
	if (!ct->seen)
		return 0;
	if (memchr(ct->start, '(', ct->len))
		return -1; /* RFC 822 comments: leave them to GMime */
	i = span_param_end(ct, 0);
	span_token(ct, 0, i, token, sizeof(token));
	if (strcmp(token, "text/plain"))
		return -1;
	while (i < ct->len) {
		start = i + 1;
		i = span_param_end(ct, start);
		size_t quotes = 0;
		for (size_t q = start; q < i; q++)
			quotes += ct->start[q] == '"';
		if (quotes % 2)
			return -1; /* a ';' inside quotes: the parameters are not what they seem */
		const char *eq = memchr(ct->start + start, '=', i - start);
		if (!eq) {
			span_token(ct, start, i, token, sizeof(token));
			if (token[0] || i - start >= sizeof(token))
				return -1; /* GMime drops the parameters from a malformed one on */
			continue; /* an empty one, as a trailing ';' makes */
		}
		size_t eqpos = (size_t)(eq - ct->start);
		span_token(ct, start, eqpos, token, sizeof(token));
		if (!strncmp(token, "charset*", 8))
			return -1;
		if (strcmp(token, "charset"))
			continue;
		span_token(ct, eqpos + 1, i, token, sizeof(token));
		size_t n = strlen(token);
		char *value = token;
		if (n >= 2 && token[0] == '"' && token[n - 1] == '"') {
			token[n - 1] = '\0';
			value++;
		}
		if (++charsets > 1 || !charset_find(value, table))
			return -1;
	}
	return 0;
}

/* The transfer encoding, or -1 for one the fast path does not decode. */
static int encoding_read(const struct span *cte)
{
	char token[32];
	if (!cte->seen)
		return TRANSFER_IDENTITY;
	span_token(cte, 0, cte->len, token, sizeof(token));
	if (!strcmp(token, "7bit") || !strcmp(token, "8bit") || !strcmp(token, "binary"))
		return TRANSFER_IDENTITY;
	if (!strcmp(token, "base64"))
		return TRANSFER_BASE64;
	if (!strcmp(token, "quoted-printable"))
		return TRANSFER_QUOTED_PRINTABLE;
	return -1;
}

static int disposition_is_inline(const struct span *cd)
{
	char token[64];
	if (!cd->seen)
		return 1;
	span_token(cd, 0, span_param_end(cd, 0), token, sizeof(token));
	return strcmp(token, "attachment") != 0;
}

/*
 * Whether a field holds a byte GMime reads it without: a NUL (mime.c drops
 * them from the header) or a carriage return that ends no line. GMime
 * reads "cha\0rset" or "cha\rrset" as a charset, "attach\rment" as an
 * attachment, where a word of the fast path would keep the byte.
 */
static bool span_has_dropped_byte(const struct span *s)
{
	if (!s->seen)
		return false;
	if (memchr(s->start, '\0', s->len))
		return true;
	for (const char *p = memchr(s->start, '\r', s->len); p;
	     p = memchr(p + 1, '\r', s->len - (size_t)(p + 1 - s->start)))
		if ((size_t)(p + 1 - s->start) == s->len || p[1] != '\n')
			return true;
	return false;
}

static char *span_unfold(const struct span *s)
{
	return s->seen ? header_unfold(s->start, s->len) : NULL;
}

int mail_parse_fast(struct mail *mail, const char *blob, size_t len)
{
	struct span fields[F_COUNT] = {{0}};
	struct span *current = NULL;
	size_t pos = 0, body_start = len;
	int saw_header = 0;

	pthread_once(&buckets_once, buckets_fill);
	while (pos < len) {
		const char *line = blob + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t line_len = nl ? (size_t)(nl - line) : len - pos;
		size_t next = nl ? pos + line_len + 1 : len;

		if (line_len == 0 || (line_len == 1 && line[0] == '\r')) {
			body_start = next;
			break;
		}
		if (ascii_is_wsp(line[0])) {
			if (!saw_header)
				return -1; /* a continuation line with nothing to continue */
			if (current)
				current->len = (size_t)(blob + next - current->start);
		} else {
			const char *colon = memchr(line, ':', line_len);
			if (!colon || colon == line)
				return -1;
			for (const char *p = line; p < colon; p++)
				if (*p <= ' ' || *p > '~')
					return -1; /* not a field name: GMime decides */
			int f = field_lookup(line, (size_t)(colon - line));
			current = NULL;
			/* GMime takes the last of repeated MIME fields, this the first: */
			if (f >= F_CONTENT_TYPE && fields[f].seen)
				return -1; /* a message that repeats one goes to GMime */
			if (f >= 0 && !fields[f].seen) {
				current = &fields[f];
				current->seen = 1;
				current->start = colon + 1;
				current->len = (size_t)(blob + next - current->start);
			}
			saw_header = 1;
		}
		pos = next;
	}
	if (!saw_header)
		return -1;
	const struct charset_table *table;
	int encoding = encoding_read(&fields[F_CONTENT_TRANSFER_ENCODING]);
	if (span_has_dropped_byte(&fields[F_CONTENT_TYPE]) ||
	    span_has_dropped_byte(&fields[F_CONTENT_TRANSFER_ENCODING]) ||
	    span_has_dropped_byte(&fields[F_CONTENT_DISPOSITION]))
		return -1;
	if (encoding < 0 || content_type_read(&fields[F_CONTENT_TYPE], &table) < 0 ||
	    !disposition_is_inline(&fields[F_CONTENT_DISPOSITION]))
		return -1;
	if (encoding == TRANSFER_IDENTITY && !table) {
		mail->body = blob + body_start; /* no copy: the body as it stands */
		mail->body_len = len - body_start;
	} else if (decode_body(&mail->body_owned, &mail->body_len, blob + body_start, len - body_start,
			       (enum transfer_encoding)encoding, table) == 0) {
		mail->body = mail->body_owned;
	} else {
		return -1;
	}

	for (int f = 0; f < MAIL_FIELD_COUNT; f++)
		mail->field[f] = span_unfold(&fields[f]);
	mail->via_fast_path = true;
	return 0;
}
