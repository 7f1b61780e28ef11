/*
 * A small reader of RFC 5322 address lists, enough to find the first
 * mailbox and to say what surrounds it. Written here rather than taken from
 * GMime because GMime drops a comment at the end of a display name
 * ("Name (Org) <a@b>" gives "Name", where git am keeps "Name (Org)") and
 * cannot say whether text follows the address, which the in-body From rule
 * needs. Encoded words are decoded after the split, so that a decoded
 * comma or bracket cannot split the list.
 */
#include "address.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "header.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Characters that end a word: the specials the reader acts on, and blanks. */
static bool ends_word(char c)
{
	return !c || is_blank(c) || strchr("\"(<,;:", c);
}

/* One element of the list, up to a top-level ',' or ';' or the end. */
struct item {
	struct strbuf phrase;   /* words, quoted strings and comments before '<' */
	struct strbuf comments; /* the comments' text, for the "a@b (Name)" form */
	struct strbuf angle;    /* inside <>, once has_angle */
	struct strbuf word;     /* the last bare word outside <> */
	bool has_angle;
	int words;              /* words and quoted strings outside <> */
	bool after;             /* a word, quoted string or <> after the <> */
};

static void item_init(struct item *it)
{
	memset(it, 0, sizeof(*it));
	strbuf_init(&it->phrase, 0);
	strbuf_init(&it->comments, 0);
	strbuf_init(&it->angle, 0);
	strbuf_init(&it->word, 0);
}

static void item_reset(struct item *it)
{
	strbuf_reset(&it->phrase);
	strbuf_reset(&it->comments);
	strbuf_reset(&it->angle);
	strbuf_reset(&it->word);
	it->has_angle = false;
	it->words = 0;
	it->after = false;
}

static void item_release(struct item *it)
{
	strbuf_release(&it->phrase);
	strbuf_release(&it->comments);
	strbuf_release(&it->angle);
	strbuf_release(&it->word);
}

/* Adds a piece of the display name, one blank before it when blanks were there. */
static void phrase_add(struct item *it, const char *s, size_t len, bool gap)
{
	if (it->has_angle)
		return; /* the name is what stands before the address */
	if (gap && it->phrase.len)
		strbuf_addch(&it->phrase, ' ');
	strbuf_add(&it->phrase, s, len);
}

/* A quoted string at p (on the '"'); its text, unescaped, goes to out. */
static const char *read_quoted(const char *p, struct strbuf *out)
{
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		strbuf_addch(out, *p);
	}
	return *p ? p + 1 : p;
}

/* A comment at p (on the '('), nested ones included, as written without its escapes. */
static const char *read_comment(const char *p, struct strbuf *out)
{
	int depth = 0;
	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			strbuf_addch(out, *++p);
			continue;
		}
		if (*p == '(')
			depth++;
		strbuf_addch(out, *p);
		if (*p == ')' && --depth == 0)
			return p + 1;
	}
	return p;
}

static void trim_copy(struct strbuf *out, const char *s, size_t len)
{
	while (len && is_blank(*s)) {
		s++;
		len--;
	}
	while (len && is_blank(s[len - 1]))
		len--;
	strbuf_add(out, s, len);
}

/*
 * A display name as shown: decoded, runs of white space folded to one
 * blank, trimmed, one pair of surrounding quotes gone (quotes that were
 * inside an encoded word, or doubled), clean UTF-8; "" when it holds '@'.
 */
static char *name_tidy(const char *raw)
{
	char *decoded = header_decode_text(raw);
	struct strbuf sb;
	bool pending_space = false;

	strbuf_init(&sb, strlen(decoded));
	for (const char *p = decoded; *p; p++) {
		if (is_blank(*p) || *p == '\v' || *p == '\f') {
			pending_space = sb.len > 0;
			continue;
		}
		if (pending_space)
			strbuf_addch(&sb, ' ');
		pending_space = false;
		strbuf_addch(&sb, *p);
	}
	free(decoded);
	const char *start = sb.buf;
	size_t len = sb.len;
	if (len >= 2 && start[0] == '"' && start[len - 1] == '"') {
		start++;
		len -= 2;
		while (len && *start == ' ') {
			start++;
			len--;
		}
		while (len && start[len - 1] == ' ')
			len--;
	}
	char *name = memchr(start, '@', len) ? xstrdup("") : xmemdupz(start, len);
	strbuf_release(&sb);
	return name;
}

/* The mailbox an item makes, if any: 0 and mb filled, or -1. */
static int item_mailbox(const struct item *it, struct mailbox *mb)
{
	const char *addr, *name;
	struct strbuf route_free;

	if (it->has_angle) {
		/* an obsolete route, "<@relay:a@b>", is not part of the address */
		addr = it->angle.buf;
		if (*addr == '@' && strchr(addr, ':'))
			addr = strrchr(addr, ':') + 1;
		name = it->phrase.buf;
	} else if (it->words == 1 && it->word.len) {
		addr = it->word.buf;
		name = it->comments.buf;
	} else {
		return -1;
	}
	strbuf_init(&route_free, 0);
	trim_copy(&route_free, addr, strlen(addr));
	int rc = -1;
	if (strchr(route_free.buf, '@')) {
		mb->addr = utf8_clean_dup(route_free.buf, route_free.len);
		mb->name = name_tidy(name);
		rc = 0;
	}
	strbuf_release(&route_free);
	return rc;
}

/*
 * Reads items until one makes a mailbox. With alone, only the first item
 * is looked at, and it must be the whole value but for blanks and comments.
 */
static int parse(const char *value, struct mailbox *mb, bool alone)
{
	struct item it;
	struct strbuf piece;
	int rc = -1;
	bool gap = false, in_group = false;
	const char *p;

	mb->name = mb->addr = NULL;
	if (!value)
		return -1;
	char *text = header_utf8_dup(value);
	item_init(&it);
	strbuf_init(&piece, 0);
	for (p = text;;) {
		if (is_blank(*p)) {
			gap = true;
			p++;
			continue;
		}
		char c = *p;
		if (!c || c == ',' || c == ';' || (c == ':' && !it.has_angle)) {
			if (c == ':') {
				/* a group's name: its members follow */
				in_group = true;
				item_reset(&it);
				if (alone)
					break;
				p++;
				continue;
			}
			rc = item_mailbox(&it, mb);
			if (alone) {
				if (rc == 0 && (c || it.after || in_group)) {
					mailbox_release(mb);
					rc = -1;
				}
				break;
			}
			if (rc == 0 || !c)
				break;
			item_reset(&it);
			p++;
			gap = false;
			continue;
		}
		strbuf_reset(&piece);
		if (c == '"') {
			p = read_quoted(p, &piece);
			phrase_add(&it, piece.buf, piece.len, gap);
			it.after |= it.has_angle;
			it.words++;
		} else if (c == '(') {
			p = read_comment(p, &piece);
			phrase_add(&it, piece.buf, piece.len, gap);
			if (it.comments.len)
				strbuf_addch(&it.comments, ' ');
			/* the text without the outer parentheses */
			if (piece.len >= 2 && piece.buf[piece.len - 1] == ')')
				strbuf_add(&it.comments, piece.buf + 1, piece.len - 2);
			else if (piece.len)
				strbuf_add(&it.comments, piece.buf + 1, piece.len - 1);
		} else if (c == '<') {
			const char *close = strchr(p + 1, '>');
			size_t len = close ? (size_t)(close - p - 1) : strlen(p + 1);
			if (it.has_angle) {
				it.after = true;
			} else {
				it.has_angle = true;
				strbuf_add(&it.angle, p + 1, len);
			}
			p += 1 + len + (close ? 1 : 0);
		} else {
			/* a word; ':' after an address and stray '>' or ')' are text */
			const char *start = p++;
			while (!ends_word(*p) || (*p == ':' && it.has_angle))
				p++;
			phrase_add(&it, start, (size_t)(p - start), gap);
			it.after |= it.has_angle;
			if (!it.has_angle) {
				it.words++;
				strbuf_reset(&it.word);
				strbuf_add(&it.word, start, (size_t)(p - start));
			}
		}
		gap = false;
	}
	strbuf_release(&piece);
	item_release(&it);
	free(text);
	return rc;
}

int mailbox_parse(const char *value, struct mailbox *mb)
{
	return parse(value, mb, false);
}

int mailbox_parse_alone(const char *value, struct mailbox *mb)
{
	return parse(value, mb, true);
}

void mailbox_release(struct mailbox *mb)
{
	free(mb->name);
	free(mb->addr);
	mb->name = NULL;
	mb->addr = NULL;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *address_list_post(const char *value)
{
	const char *p = value;
	struct strbuf addr;

	if (!value)
		return NULL;
	while (*p && strncasecmp(p, "mailto:", 7))
		p++;
	if (!*p)
		return NULL;
	strbuf_init(&addr, 0);
	for (p += 7; *p && !strchr("?>,;\"", *p) && !isspace((unsigned char)*p); p++) {
		int hi, lo;
		if (*p == '%' && (hi = hex_value(p[1])) >= 0 && (lo = hex_value(p[2])) >= 0) {
			strbuf_addch(&addr, (char)(hi * 16 + lo));
			p += 2;
		} else {
			strbuf_addch(&addr, *p);
		}
	}
	if (!strchr(addr.buf, '@')) {
		strbuf_release(&addr);
		return NULL;
	}
	char *clean = utf8_clean_dup(addr.buf, addr.len);
	strbuf_release(&addr);
	return clean;
}
