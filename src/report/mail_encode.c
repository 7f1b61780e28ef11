#include "mail_encode.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LINE_MAX_HEADER 78   /* RFC 5322's recommended limit, folded */
#define ENCODED_WORD_MAX 75  /* RFC 2047 */
#define QP_LINE_MAX 76       /* RFC 2045 */
#define EW_OPEN "=?UTF-8?Q?"
#define EW_CLOSE "?="

static const char hex_digits[] = "0123456789ABCDEF";

static void add_hex_escape(struct strbuf *out, unsigned char c)
{
	strbuf_addch(out, '=');
	strbuf_addch(out, hex_digits[c >> 4]);
	strbuf_addch(out, hex_digits[c & 15]);
}

/* A header being written, and the column its last line has reached. */
struct header {
	struct strbuf *out;
	size_t col;
};

/* Writes " text", folding before it when it would pass the limit. */
static void add_folded(struct header *h, const char *text, size_t len)
{
	if (h->col + 1 + len > LINE_MAX_HEADER && h->col > 0) {
		strbuf_addch(h->out, '\n');
		h->col = 0;
	}
	strbuf_addch(h->out, ' ');
	strbuf_add(h->out, text, len);
	h->col += 1 + len;
}

/*
 * Bytes of the UTF-8 character at s (the text is valid UTF-8 already;
 * a stray byte counts alone).
 */
static size_t char_length(const unsigned char *s, size_t left)
{
	size_t n = *s < 0xC0 ? 1 : *s < 0xE0 ? 2 : *s < 0xF0 ? 3 : 4;
	return n < left ? n : left;
}

/* RFC 2047 5(3): the only characters a Q word may hold as they are in a phrase. */
static bool q_literal(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '!' || c == '*' || c == '+' || c == '-' || c == '/';
}

static size_t q_length(const unsigned char *s, size_t n)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += q_literal(s[i]) || s[i] == ' ' ? 1 : 3;
	return len;
}

/*
 * The text as encoded words, each of whole characters, at most 75 bytes
 * and on a line of at most 78; the blanks between words are in them, as
 * '_', since a decoder drops the folding between two encoded words.
 */
static void add_encoded_words(struct header *h, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t len = strlen(text), i = 0;
	const size_t frame = strlen(EW_OPEN) + strlen(EW_CLOSE);
	while (i < len || i == 0) {
		if (h->col > 0 && h->col + 1 + frame + 12 > LINE_MAX_HEADER) {
			/* too little room left for a word: a line of its own */
			strbuf_addch(h->out, '\n');
			h->col = 0;
		}
		size_t room = LINE_MAX_HEADER - h->col - 1;
		if (room > ENCODED_WORD_MAX)
			room = ENCODED_WORD_MAX;
		struct strbuf word;
		strbuf_init(&word, ENCODED_WORD_MAX);
		strbuf_addstr(&word, EW_OPEN);
		size_t payload = 0;
		while (i < len) {
			size_t n = char_length(s + i, len - i);
			size_t q = q_length(s + i, n);
			if (payload > 0 && frame + payload + q > room)
				break;
			for (size_t k = 0; k < n; k++) {
				if (q_literal(s[i + k]))
					strbuf_addch(&word, (char)s[i + k]);
				else if (s[i + k] == ' ')
					strbuf_addch(&word, '_');
				else
					add_hex_escape(&word, s[i + k]);
			}
			payload += q;
			i += n;
		}
		strbuf_addstr(&word, EW_CLOSE);
		add_folded(h, word.buf, word.len);
		strbuf_release(&word);
		if (!len)
			break;
	}
}

/* True when text can stand as it is: printable ASCII, no "=?", single blanks between words of foldable size. */
static bool is_plain(const char *text, bool (*ok)(unsigned char))
{
	size_t word = 0;
	if (!*text || *text == ' ')
		return false;
	for (const char *p = text; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ') {
			if (p[1] == ' ' || !p[1])
				return false;
			word = 0;
			continue;
		}
		if (!ok(c) || (c == '=' && p[1] == '?') || ++word > LINE_MAX_HEADER - 12)
			return false;
	}
	return true;
}

static bool is_printable_ascii(unsigned char c)
{
	return c > 0x20 && c < 0x7f;
}

/* Anything but a control character or a blank, for a word's length and spacing. */
static bool is_printable_or_high(unsigned char c)
{
	return c > 0x20 && c != 0x7f;
}

/* RFC 5322 atext: a display name of such words needs no quotes. */
static bool is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* Writes the words of a plain text, each with the blank before it. */
static void add_plain_words(struct header *h, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, " ");
		add_folded(h, text, n);
		text += n;
		text += *text == ' ';
	}
}

void mail_add_text_header(struct strbuf *out, const char *name, const char *value)
{
	struct header h = {out, strlen(name) + 1};
	strbuf_addf(out, "%s:", name);
	if (is_plain(value, is_printable_ascii))
		add_plain_words(&h, value);
	else
		add_encoded_words(&h, value);
	strbuf_addch(out, '\n');
}

/* A quoted-string fits printable ASCII that is not atoms: "Doe, Jane". */
static bool is_quotable(const char *text)
{
	for (const char *p = text; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f || (p[0] == '=' && p[1] == '?'))
			return false;
	return strlen(text) < LINE_MAX_HEADER - 12;
}

/* A word of a name that can stay an atom: atext, and not the start of an encoded word. */
static bool is_atom(const char *word, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_atext((unsigned char)word[i]) || (word[i] == '=' && i + 1 < len && word[i + 1] == '?'))
			return false;
	return len > 0;
}

/*
 * A display name that needs encoding: its atoms as they are, each run of
 * the other words as encoded words. A decoder joins adjacent encoded
 * words without the blank between them, and some (Python's) put one
 * there: kept apart by atoms, or in one word, they read alike in both.
 */
static void add_phrase_words(struct header *h, const char *name)
{
	if (!is_plain(name, is_printable_or_high)) { /* odd blanks: one run keeps them */
		add_encoded_words(h, name);
		return;
	}
	const char *p = name;
	while (*p) {
		size_t n = strcspn(p, " ");
		if (is_atom(p, n)) {
			add_folded(h, p, n);
		} else {
			const char *run_end = p + n;
			while (*run_end == ' ') {
				size_t next = strcspn(run_end + 1, " ");
				if (is_atom(run_end + 1, next))
					break;
				run_end += 1 + next;
			}
			char *run = xmemdupz(p, (size_t)(run_end - p));
			add_encoded_words(h, run);
			free(run);
			n = (size_t)(run_end - p);
		}
		p += n;
		p += *p == ' ';
	}
}

void mail_add_address_header(struct strbuf *out, const char *name, const struct mail_address *a)
{
	struct header h = {out, strlen(name) + 1};
	strbuf_addf(out, "%s:", name);
	if (a->name && *a->name) {
		if (is_plain(a->name, is_atext)) {
			add_plain_words(&h, a->name);
		} else if (is_quotable(a->name)) {
			struct strbuf quoted;
			strbuf_init(&quoted, strlen(a->name) + 2);
			strbuf_addch(&quoted, '"');
			for (const char *p = a->name; *p; p++) {
				if (*p == '"' || *p == '\\')
					strbuf_addch(&quoted, '\\');
				strbuf_addch(&quoted, *p);
			}
			strbuf_addch(&quoted, '"');
			add_folded(&h, quoted.buf, quoted.len);
			strbuf_release(&quoted);
		} else {
			add_phrase_words(&h, a->name);
		}
		struct strbuf angle;
		strbuf_init(&angle, strlen(a->addr) + 2);
		strbuf_addf(&angle, "<%s>", a->addr);
		add_folded(&h, angle.buf, angle.len);
		strbuf_release(&angle);
	} else {
		add_folded(&h, a->addr, strlen(a->addr));
	}
	strbuf_addch(out, '\n');
}

void mail_add_date_header(struct strbuf *out, const char *name, int64_t when)
{
	static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = (time_t)when;
	struct tm tm;
	if (!gmtime_r(&t, &tm)) {
		t = 0;
		gmtime_r(&t, &tm);
	}
	strbuf_addf(out, "%s: %s, %d %s %04d %02d:%02d:%02d +0000\n", name, days[tm.tm_wday],
		    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* One line of the body, without its newline, as quoted-printable lines. */
static void add_qp_line(struct strbuf *out, const unsigned char *s, size_t len)
{
	size_t col = 0;
	size_t i = 0;
	while (i < len) {
		/* a character's bytes stay on one line: no soft break splits it */
		size_t n = s[i] < 0x80 ? 1 : char_length(s + i, len - i);
		bool last = i + n == len;
		bool encode[4];
		size_t width = 0;
		for (size_t k = 0; k < n; k++) {
			unsigned char c = s[i + k];
			if (c == ' ' || c == '\t') /* blanks only where they would end a line */
				encode[k] = last;
			else
				encode[k] = c == '=' || c < 0x20 || c >= 0x7f;
			width += encode[k] ? 3 : 1;
		}
		/* room for the '=' of a soft break, unless the line ends here */
		if (col + width > (last ? QP_LINE_MAX : QP_LINE_MAX - 1)) {
			strbuf_addstr(out, "=\n");
			col = 0;
		}
		if (col == 0 && n == 1 && !encode[0] &&
		    (s[i] == '.' || (s[i] == 'F' && len - i >= 5 && !memcmp(s + i, "From ", 5)))) {
			encode[0] = true;
			width = 3;
		}
		for (size_t k = 0; k < n; k++) {
			if (encode[k])
				add_hex_escape(out, s[i + k]);
			else
				strbuf_addch(out, (char)s[i + k]);
		}
		col += width;
		i += n;
	}
}

void mail_add_quoted_printable(struct strbuf *out, const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t start = 0;
	while (start < len) {
		const unsigned char *nl = memchr(s + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - s) : len;
		add_qp_line(out, s + start, end - start);
		strbuf_addch(out, '\n');
		start = end + 1;
	}
}
