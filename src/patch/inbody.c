#include "inbody.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/ascii.h"
#include "../common/strbuf.h"
#include "../message/header.h"

struct line {
	const char *text;
	size_t len;   /* without the line end and a CR before it */
	size_t next;  /* offset of the next line */
};

static bool read_line(const char *body, size_t len, size_t pos, struct line *l)
{
	if (pos >= len)
		return false;
	const char *nl = memchr(body + pos, '\n', len - pos);
	size_t end = nl ? (size_t)(nl - body) : len;
	l->text = body + pos;
	l->len = end - pos;
	l->next = nl ? end + 1 : len;
	if (l->len && l->text[l->len - 1] == '\r')
		l->len--;
	return true;
}

static bool line_is_blank(const struct line *l)
{
	return ascii_is_blank_line(l->text, l->len);
}

/* "Name:" at the start of the line, any case; the value's offset in the line, or 0. */
static size_t field_value(const struct line *l, const char *name)
{
	size_t n = strlen(name);
	if (l->len > n && !strncasecmp(l->text, name, n) && l->text[n] == ':')
		return n + 1;
	return 0;
}

/*
 * One field, its first line at pos, with the continuation lines under it:
 * its value (from the first line's offset skip) spans [*value, *value_end)
 * of the body, and *pos moves past it.
 */
static void read_field(const char *body, size_t len, size_t *pos, size_t skip,
		       const char **value, size_t *value_len)
{
	struct line l;
	read_line(body, len, *pos, &l);
	*value = l.text + skip;
	size_t end = (size_t)(l.text - body) + l.len;
	*pos = l.next;
	while (read_line(body, len, *pos, &l) && l.len && (l.text[0] == ' ' || l.text[0] == '\t') &&
	       !line_is_blank(&l)) {
		end = (size_t)(l.text - body) + l.len;
		*pos = l.next;
	}
	*value_len = (size_t)(body + end - *value);
}

void inbody_parse(struct inbody_header *h, const char *body, size_t len)
{
	struct line l;
	size_t pos = 0, skip;
	const char *from;
	size_t from_len;

	memset(h, 0, sizeof(*h));
	if (!body)
		return;
	while (read_line(body, len, pos, &l) && line_is_blank(&l))
		pos = l.next;
	if (pos >= len || !(skip = field_value(&l, "From")))
		return;
	h->start = pos;
	read_field(body, len, &pos, skip, &from, &from_len);
	for (;;) {
		if (!read_line(body, len, pos, &l) || line_is_blank(&l))
			break; /* the blank line, or the end, that closes the header */
		if (!h->date && (skip = field_value(&l, "Date")))
			read_field(body, len, &pos, skip, &h->date, &h->date_len);
		else if (!h->subject && (skip = field_value(&l, "Subject")))
			read_field(body, len, &pos, skip, &h->subject, &h->subject_len);
		else
			goto none; /* "Sent:", "To:", text: a quoted header or prose */
	}
	h->end = pos;
	char *value = header_unfold(from, from_len);
	h->present = mailbox_parse_alone(value, &h->from) == 0;
	free(value);
	if (h->present)
		return;
none:
	memset(h, 0, sizeof(*h));
}

void inbody_release(struct inbody_header *h)
{
	mailbox_release(&h->from);
	memset(h, 0, sizeof(*h));
}
