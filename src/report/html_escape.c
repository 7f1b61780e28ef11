#include "html_escape.h"

#include <string.h>

void html_add_escaped_len(struct strbuf *out, const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *ref;
		switch (s[i]) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '"': ref = "&quot;"; break;
		case '\'': ref = "&#39;"; break;
		default: continue;
		}
		strbuf_add(out, s + start, i - start);
		strbuf_addstr(out, ref);
		start = i + 1;
	}
	strbuf_add(out, s + start, len - start);
}

void html_add_escaped(struct strbuf *out, const char *s)
{
	html_add_escaped_len(out, s, strlen(s));
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
