#include "html_escape.h"

#include <string.h>

/* The entity of a character that must not stand as itself; NULL for the others. */
static const char *entity_of(char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

void html_add_escaped_len(struct strbuf *out, const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *ref = entity_of(s[i]);
		if (!ref)
			continue;
		strbuf_add(out, s + start, i - start);
		strbuf_addstr(out, ref);
		start = i + 1;
	}
	strbuf_add(out, s + start, len - start);
}

void html_add_escaped(struct strbuf *out, const char *s)
{
	/* strcspn finds the next special character many bytes at a time: bodies are most of a page */
	for (;;) {
		size_t n = strcspn(s, "&<>\"'");
		strbuf_add(out, s, n);
		if (!s[n])
			return;
		strbuf_addstr(out, entity_of(s[n]));
		s += n + 1;
	}
}

void html_add_escaped_cut(struct strbuf *out, const char *s, size_t max)
{
	size_t chars = 0, i = 0, cut = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue; /* a continuation byte: still the same character */
		if (chars == max - 1)
			cut = i; /* where "…" goes if one more character follows */
		if (chars++ == max) {
			html_add_escaped_len(out, s, cut);
			strbuf_addstr(out, "\xE2\x80\xA6");
			return;
		}
	}
	html_add_escaped_len(out, s, i);
}
