#include "review.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/ascii.h"
#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "../message/address.h"
#include "links.h"

static const struct {
	const char *name;
	enum trailer_kind kind;
} trailer_names[] = {
	{"reviewed-by:", TRAILER_REVIEWED},
	{"acked-by:", TRAILER_ACKED},
	{"tested-by:", TRAILER_TESTED},
	{"nacked-by:", TRAILER_NACKED},
};

/* One line of the body, without its LF and a CR before it. */
struct line {
	const char *s;
	size_t len;
};

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Perl's \s, which the rules' regular expressions use. */
static bool is_regex_space(char c)
{
	return ascii_is_space(c);
}

static bool starts_with(const struct line *l, const char *prefix)
{
	size_t n = strlen(prefix);
	return l->len >= n && !memcmp(l->s, prefix, n);
}

static bool is_signature_line(const struct line *l)
{
	return l->len == 3 && !memcmp(l->s, "-- ", 3);
}

/* "change-id:\s*(\S+)\s*$": the id, or NULL. */
static char *change_id_of(const struct line *l)
{
	static const char name[] = "change-id:";
	if (!starts_with(l, name))
		return NULL;
	size_t i = sizeof(name) - 1, end = l->len;
	while (i < end && is_regex_space(l->s[i]))
		i++;
	while (end > i && is_regex_space(l->s[end - 1]))
		end--;
	size_t start = i;
	while (i < end && !is_regex_space(l->s[i]))
		i++;
	if (i == start || i != end)
		return NULL; /* no id, or more than one word */
	return utf8_clean_dup(l->s + start, end - start);
}

/* The kind of trailer a line names and where its value starts; false when it is none. */
static bool trailer_name(const struct line *l, enum trailer_kind *kind, size_t *value_at)
{
	size_t i = 0;
	while (i < l->len && ascii_is_wsp(l->s[i]))
		i++;
	if (i == l->len || !is_letter(l->s[i]))
		return false; /* a quoted line, among others */
	char first = (char)(l->s[i] | 0x20); /* a letter, lower-cased */
	for (size_t k = 0; k < sizeof(trailer_names) / sizeof(trailer_names[0]); k++) {
		/* the names' first letters differ: one comparison at most, on every line of prose */
		if (trailer_names[k].name[0] != first)
			continue;
		size_t n = strlen(trailer_names[k].name);
		if (l->len - i >= n && !strncasecmp(l->s + i, trailer_names[k].name, n)) {
			*kind = trailer_names[k].kind;
			*value_at = i + n;
			return true;
		}
	}
	return false;
}

/* A line that is only "<...>": the address of a trailer wrapped before it. */
static bool is_wrapped_address(const struct line *l)
{
	return l->len >= 3 && l->s[0] == '<' && l->s[l->len - 1] == '>' &&
	       !memchr(l->s + 1, '>', l->len - 2);
}

static bool has_web_link(const char *value)
{
	return strstr(value, "http://") || strstr(value, "https://");
}

/* The line from s to its LF (or end), without the LF and a CR before it. */
static struct line line_at(const char *s, const char *end, const char **after)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	const char *stop = nl ? nl : end;
	*after = nl ? nl + 1 : end;
	if (stop > s && stop[-1] == '\r')
		stop--;
	return (struct line){s, (size_t)(stop - s)};
}

/*
 * Adds the trailer of a line if it counts, with the next line (from
 * after up to end) when that one holds the address the line wrapped.
 */
static void add_trailer(struct review *out, const struct line *l, const char *after, const char *body_end)
{
	enum trailer_kind kind;
	size_t at;
	struct strbuf value;
	struct mailbox mb;

	if (out->trailer_count >= REVIEW_TRAILERS_MAX || !trailer_name(l, &kind, &at))
		return;
	size_t end = l->len;
	while (at < end && is_regex_space(l->s[at]))
		at++;
	while (end > at && is_regex_space(l->s[end - 1]))
		end--;
	if (at == end)
		return;
	strbuf_init(&value, end - at + 1);
	strbuf_add(&value, l->s + at, end - at);
	if (!memchr(value.buf, '<', value.len) && after < body_end) {
		const char *next_after;
		struct line next = line_at(after, body_end, &next_after);
		if (is_wrapped_address(&next)) {
			strbuf_addch(&value, ' ');
			strbuf_add(&value, next.s, next.len);
		}
	}
	if (!memchr(value.buf, '\0', value.len) && !has_web_link(value.buf) && mailbox_parse(value.buf, &mb) == 0) {
		out->trailers = xrealloc(out->trailers, (out->trailer_count + 1) * sizeof(*out->trailers));
		struct review_trailer *t = &out->trailers[out->trailer_count++];
		t->kind = kind;
		t->person = utf8_clean_dup(value.buf, value.len);
		t->addr = ascii_lower(mb.addr);
		mb.addr = NULL;
		mailbox_release(&mb);
	}
	strbuf_release(&value);
}

void review_read(struct review *out, const char *body, size_t len)
{
	bool in_trailer_part = true; /* above the signature and the diff */

	memset(out, 0, sizeof(*out));
	if (!body)
		return;
	const char *p = body, *end = body + len, *after;
	links_collect(body, len, &out->linked_ids, &out->linked_id_count);
	for (; p < end; p = after) {
		struct line l = line_at(p, end, &after);
		/* The first byte tells what a line can be: most lines are none of these. */
		char c = l.len ? l.s[0] : '\0';
		if (c == '-') {
			if (!is_signature_line(&l))
				continue;
			in_trailer_part = false;
			if (out->diff && !out->diff_len)
				out->diff_len = (size_t)(l.s - out->diff);
		} else if (c == 'd') {
			if (!out->diff && starts_with(&l, "diff --git ")) {
				out->diff = l.s;
				in_trailer_part = false;
			}
		} else if (c == 'c') {
			if (!out->change_id)
				out->change_id = change_id_of(&l);
		} else if (in_trailer_part && (is_letter(c) || ascii_is_wsp(c))) {
			add_trailer(out, &l, after, end);
		}
	}
	if (out->diff && !out->diff_len)
		out->diff_len = (size_t)(end - out->diff);
}

void review_release(struct review *review)
{
	free(review->change_id);
	for (size_t i = 0; i < review->trailer_count; i++) {
		free(review->trailers[i].person);
		free(review->trailers[i].addr);
	}
	free(review->trailers);
	for (size_t i = 0; i < review->linked_id_count; i++)
		free(review->linked_ids[i]);
	free(review->linked_ids);
	memset(review, 0, sizeof(*review));
}
