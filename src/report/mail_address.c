#include "mail_address.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../common/utf8.h"

/* RFC 5321's limit on a whole path; longer is not an address anyone sends to. */
#define ADDRESS_MAX 254

/* atext of RFC 5322: what a dot-atom's parts are made of. */
static bool is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static bool is_label_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/* Dot-separated non-empty runs of chars that ok() takes. */
static bool is_dotted(const char *s, size_t len, bool (*ok)(unsigned char))
{
	if (!len || s[0] == '.' || s[len - 1] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return false;
		} else if (!ok((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

static bool is_addr_spec(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	if (!at || len > ADDRESS_MAX)
		return false;
	size_t local = (size_t)(at - s);
	return is_dotted(s, local, is_atext) && is_dotted(at + 1, len - local - 1, is_label_char);
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static void trim(const char **start, const char **end)
{
	while (*start < *end && (**start == ' ' || **start == '\t'))
		(*start)++;
	while (*end > *start && ((*end)[-1] == ' ' || (*end)[-1] == '\t'))
		(*end)--;
}

/* A display name as text: a quoted-string loses its quotes and backslashes. */
static char *name_text(const char *s, const char *end)
{
	struct strbuf raw;
	strbuf_init(&raw, (size_t)(end - s));
	if (end - s >= 2 && *s == '"' && end[-1] == '"') {
		for (s++, end--; s < end; s++) {
			if (*s == '\\' && s + 1 < end)
				s++;
			strbuf_addch(&raw, *s);
		}
	} else {
		strbuf_add(&raw, s, (size_t)(end - s));
	}
	char *name = utf8_clean_dup(raw.buf, raw.len);
	strbuf_release(&raw);
	return name;
}

int mail_address_parse(struct mail_address *out, const char *value, struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	if (has_control(value)) {
		strbuf_addstr(err, "must not hold control characters such as CR or LF");
		return -1;
	}
	const char *start = value, *end = value + strlen(value);
	trim(&start, &end);
	const char *open = NULL;
	for (const char *p = start; p < end; p++)
		if (*p == '<')
			open = p;
	const char *addr = start, *addr_end = end;
	if (open) {
		if (end[-1] != '>') {
			strbuf_addf(err, "'%s' has text after its <address>", value);
			return -1;
		}
		addr = open + 1;
		addr_end = end - 1;
	}
	if (!is_addr_spec(addr, (size_t)(addr_end - addr))) {
		strbuf_addf(err, "'%s' holds no address (give Name <user@example.org> or user@example.org)",
			    value);
		return -1;
	}
	out->addr = xmemdupz(addr, (size_t)(addr_end - addr));
	if (open) {
		const char *name_end = open;
		trim(&start, &name_end);
		if (name_end > start)
			out->name = name_text(start, name_end);
	}
	return 0;
}

int mail_address_from_list_id(struct mail_address *out, const char *list_id, struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	const char *start = strrchr(list_id, '<');
	const char *end = start ? strchr(start, '>') : NULL;
	if (start && end) {
		start++;
	} else {
		start = list_id;
		end = list_id + strlen(list_id);
	}
	trim(&start, &end);
	const char *dot = memchr(start, '.', (size_t)(end - start));
	struct strbuf addr;
	strbuf_init(&addr, (size_t)(end - start) + 1);
	if (dot) {
		strbuf_add(&addr, start, (size_t)(dot - start));
		strbuf_addch(&addr, '@');
		strbuf_add(&addr, dot + 1, (size_t)(end - dot - 1));
	}
	if (!dot || !is_addr_spec(addr.buf, addr.len)) {
		strbuf_addf(err, "the List-Id '%s' names no posting address; give --mail-to ADDR", list_id);
		strbuf_release(&addr);
		return -1;
	}
	out->addr = strbuf_detach(&addr, NULL);
	return 0;
}

const char *mail_address_domain(const struct mail_address *a)
{
	const char *at = strchr(a->addr, '@');
	return at ? at + 1 : a->addr;
}

void mail_address_release(struct mail_address *a)
{
	free(a->name);
	free(a->addr);
	memset(a, 0, sizeof(*a));
}
