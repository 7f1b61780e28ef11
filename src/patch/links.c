#include "links.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"
#include "../common/utf8.h"

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Where a URL stops in running text. */
static bool ends_url(unsigned char c)
{
	return c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"';
}

/* The punctuation of the sentence around a URL, not part of it. */
static bool is_trailing_punct(char c)
{
	return c && strchr(".,;:!?)]}'*", c);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The pages public-inbox serves below a message's own URL. */
static bool is_message_page(const char *s, size_t len)
{
	static const char *const pages[] = {"T", "t", "raw", "t.mbox.gz", "t.atom"};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		if (strlen(pages[i]) == len && !memcmp(pages[i], s, len))
			return true;
	return false;
}

/* The id a path component names, decoded and cleaned; NULL when it holds no '@'. */
static char *component_id(const char *s, size_t len)
{
	struct strbuf raw;
	char *id = NULL;

	strbuf_init(&raw, len);
	for (size_t i = 0; i < len; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < len && (hi = hex_value(s[i + 1])) >= 0 && (lo = hex_value(s[i + 2])) >= 0) {
			strbuf_addch(&raw, (char)(hi * 16 + lo));
			i += 2;
		} else {
			strbuf_addch(&raw, s[i]);
		}
	}
	if (memchr(raw.buf, '@', raw.len))
		id = utf8_clean_dup(raw.buf, raw.len);
	strbuf_release(&raw);
	return id;
}

/* The message-id of the URL whose text after "://" is url[0..len); NULL when none. */
static char *url_id(const char *url, size_t len)
{
	const char *path = memchr(url, '/', len);
	if (!path)
		return NULL; /* only a host */
	const char *end = url + len;
	/* The query and the fragment say how to show the page, not which. */
	for (const char *p = path; p < end; p++)
		if (*p == '?' || *p == '#') {
			end = p;
			break;
		}
	while (end > path && is_trailing_punct(end[-1]))
		end--;
	if (end > path && end[-1] == '/')
		end--;
	for (int step = 0; step < 2; step++) {
		const char *start = end;
		while (start > path && start[-1] != '/')
			start--;
		if (start == end || start == path)
			return NULL; /* an empty component, or the host */
		if (step == 0 && is_message_page(start, (size_t)(end - start))) {
			end = start - 1; /* the id is the component before */
			continue;
		}
		return component_id(start, (size_t)(end - start));
	}
	return NULL;
}

static bool already_there(char **ids, size_t count, const char *id)
{
	for (size_t i = 0; i < count; i++)
		if (!strcmp(ids[i], id))
			return true;
	return false;
}

/* Where the scheme of a URL whose "://" is at colon starts, when it is http or https; else NULL. */
static const char *web_scheme(const char *text, const char *colon)
{
	const char *s = colon;
	if (s - text >= 1 && s[-1] == 's')
		s--;
	if (s - text < 4 || memcmp(s - 4, "http", 4))
		return NULL;
	s -= 4;
	if (s > text && is_alnum(s[-1]))
		return NULL; /* inside a word */
	return s;
}

/* ASCII case-insensitive: does s[0..len) hold word (lower case) at a word's start? */
static bool has_word(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);
	for (size_t i = 0; i + n <= len; i++) {
		if (i && is_alnum(s[i - 1]))
			continue;
		size_t k = 0;
		while (k < n && (s[i + k] | 0x20) == word[k])
			k++;
		if (k == n)
			return true;
	}
	return false;
}

/* "v2", "V10", "v8.1" as a word of s[0..len). */
static bool has_version(const char *s, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if ((s[i] | 0x20) == 'v' && (!i || !is_alnum(s[i - 1])) && s[i + 1] >= '0' && s[i + 1] <= '9')
			return true;
	return false;
}

/*
 * Whether the URLs on the line starting at line are given as an earlier
 * revision: that line, or the line above it, names a version ("Link to
 * v2:", "v1:", "[v3]") or says "version", "previous", "prior", "earlier"
 * or "resend". A URL given as a reference ("[3] https://...", "based on
 * https://...") names another series the patches depend on, not one
 * they revise.
 */
static bool line_names_revision(const char *text, const char *line, const char *end)
{
	static const char *const words[] = {"version", "previous", "prior", "earlier", "resend"};
	const char *line_end = memchr(line, '\n', (size_t)(end - line));
	if (!line_end)
		line_end = end;
	const char *above = line;
	if (above > text) {
		above--;
		while (above > text && above[-1] != '\n')
			above--;
	}
	size_t len = (size_t)(line_end - above);
	if (has_version(above, len))
		return true;
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (has_word(above, len, words[i]))
			return true;
	return false;
}

void links_collect(const char *text, size_t len, char ***ids, size_t *count)
{
	const char *p = text, *end = text + len;
	/*
	 * Every URL of a line gets the same answer, so each line is judged
	 * once: judged afresh for each URL, a line of many URLs cost URLs
	 * times its length (a fuzzer's 19 KB message took seconds).
	 */
	const char *line = text, *seen_to = text, *judged_line = NULL;
	bool judged_names_revision = false;

	/* memchr for ':' is much cheaper than memmem, and ':' is rare in text */
	while (*count < LINKS_MAX) {
		const char *colon = memchr(p, ':', (size_t)(end - p));
		if (!colon)
			break;
		p = colon + 1;
		if (end - colon < 3 || colon[1] != '/' || colon[2] != '/' || !web_scheme(text, colon))
			continue;
		const char *url = colon + 3;
		for (p = url; p < end && !ends_url((unsigned char)*p); p++)
			;
		char *id = url_id(url, (size_t)(p - url));
		if (!id)
			continue;
		/* the line's start, looked for only in what no URL has passed yet */
		for (const char *q = url; q > seen_to; q--)
			if (q[-1] == '\n') {
				line = q;
				break;
			}
		seen_to = url;
		if (line != judged_line) {
			judged_line = line;
			judged_names_revision = line_names_revision(text, line, end);
		}
		if (!judged_names_revision) {
			free(id);
			continue;
		}
		if (already_there(*ids, *count, id)) {
			free(id);
			continue;
		}
		*ids = xrealloc(*ids, (*count + 1) * sizeof(**ids));
		(*ids)[(*count)++] = id;
	}
}
