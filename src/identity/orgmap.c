/*
 * The EmailMap of gitdm (the kernel's tool for "who wrote this release"),
 * read strictly: a line that does not parse is an error, not skipped, so
 * that a typo cannot silently move a company's people to "their domain".
 */
#include "orgmap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ascii.h"
#include "../common/date.h"
#include "../common/file.h"
#include "../common/strmap.h"
#include "../common/utf8.h"

/* An undated entry: in force for ever. */
#define NO_END INT64_MAX

struct orgmap_entry {
	int64_t end;       /* first second it no longer applies; NO_END */
	size_t org;        /* index into orgs */
};

/* All entries of one key, by end time (undated last); on equal ends the first line wins. */
struct orgmap_key {
	struct orgmap_entry *entries;
	size_t count;
};

struct orgmap {
	struct strmap index;     /* key -> index into keys */
	struct orgmap_key *keys; /* owned */
	size_t key_count, key_alloc;
	char **orgs;             /* owned: organisation names, clean UTF-8 */
	size_t org_count, org_alloc;
	struct strmap org_index; /* name -> index into orgs */
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* [user@]domain: one '@' at most, neither side empty, no brackets or blanks. */
static bool key_is_valid(const char *key, size_t len)
{
	const char *at = memchr(key, '@', len);
	if (at && (at == key || at == key + len - 1 || memchr(at + 1, '@', len - (size_t)(at - key) - 1)))
		return false;
	for (size_t i = 0; i < len; i++)
		if (key[i] == '<' || key[i] == '>' || key[i] == '"' || (unsigned char)key[i] < 0x20)
			return false;
	return true;
}

static size_t intern_org(struct orgmap *om, const char *name, size_t len)
{
	char *clean = utf8_clean_dup(name, len);
	size_t pos;
	if (!strmap_put_if_absent(&om->org_index, clean, om->org_count, &pos)) {
		if (om->org_count == om->org_alloc) {
			om->org_alloc = om->org_alloc ? om->org_alloc * 2 : 32;
			om->orgs = xrealloc(om->orgs, om->org_alloc * sizeof(*om->orgs));
		}
		om->orgs[om->org_count++] = clean;
	} else {
		free(clean);
	}
	return pos;
}

static void add_entry(struct orgmap *om, const char *key, int64_t end, size_t org)
{
	size_t pos;
	if (!strmap_put_if_absent(&om->index, key, om->key_count, &pos)) {
		if (om->key_count == om->key_alloc) {
			om->key_alloc = om->key_alloc ? om->key_alloc * 2 : 64;
			om->keys = xrealloc(om->keys, om->key_alloc * sizeof(*om->keys));
		}
		om->keys[pos].entries = NULL;
		om->keys[pos].count = 0;
		om->key_count++;
	}
	struct orgmap_key *k = &om->keys[pos];
	size_t at = k->count;
	while (at > 0 && k->entries[at - 1].end > end)
		at--;
	if (at > 0 && k->entries[at - 1].end == end)
		return; /* the same key and end twice: the first line wins, as in gitdm */
	k->entries = xrealloc(k->entries, (k->count + 1) * sizeof(*k->entries));
	memmove(k->entries + at + 1, k->entries + at, (k->count - at) * sizeof(*k->entries));
	k->entries[at].end = end;
	k->entries[at].org = org;
	k->count++;
}

#define LINE_FORM "expected \"[user@]domain  Organisation  [< YYYY-MM-DD]\""

/* One line, its comment already cut; 0 or -1 with the reason in why. */
static int parse_line(struct orgmap *om, const char *p, const char *end, struct strbuf *why)
{
	while (p < end && is_blank(*p))
		p++;
	while (end > p && is_blank(end[-1]))
		end--;
	if (p == end)
		return 0; /* blank or comment only */

	const char *key = p;
	while (p < end && !is_blank(*p))
		p++;
	size_t key_len = (size_t)(p - key);
	while (p < end && is_blank(*p))
		p++;
	const char *org = p;
	const char *lt = memchr(p, '<', (size_t)(end - p));
	const char *org_end = lt ? lt : end;
	while (org_end > org && is_blank(org_end[-1]))
		org_end--;
	if (org == org_end) {
		strbuf_addf(why, "no organisation after '%.*s': " LINE_FORM, (int)key_len, key);
		return -1;
	}
	if (!key_is_valid(key, key_len)) {
		strbuf_addf(why, "'%.*s' is not an address or a domain: " LINE_FORM, (int)key_len, key);
		return -1;
	}
	int64_t until = NO_END;
	if (lt) {
		const char *d = lt + 1;
		while (d < end && is_blank(*d))
			d++;
		if (date_parse_day(&until, d, (size_t)(end - d)) < 0) {
			strbuf_addf(why, "'%.*s' is not an end date YYYY-MM-DD: " LINE_FORM,
				    (int)(end - d), d);
			return -1;
		}
	}
	char *lower_key = ascii_lower(xmemdupz(key, key_len));
	add_entry(om, lower_key, until, intern_org(om, org, (size_t)(org_end - org)));
	free(lower_key);
	return 0;
}

int orgmap_from_buffer(struct orgmap **out, const char *name, const char *buf, size_t len,
		       struct strbuf *err)
{
	struct orgmap *om = xcalloc(1, sizeof(*om));
	struct strbuf why;
	size_t number = 0;

	*out = NULL;
	strmap_init(&om->index);
	strmap_init(&om->org_index);
	strbuf_init(&why, 0);
	for (const char *line = buf, *end = buf + len; line < end;) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		const char *stop = eol ? eol : end;
		const char *hash = memchr(line, '#', (size_t)(stop - line));
		number++;
		if (memchr(line, '\0', (size_t)(stop - line)))
			strbuf_addstr(&why, "holds a NUL byte");
		else
			parse_line(om, line, hash ? hash : stop, &why);
		if (why.len) {
			strbuf_addf(err, "%s:%zu: %s", name, number, why.buf);
			strbuf_release(&why);
			orgmap_free(om);
			return -1;
		}
		line = stop + 1;
	}
	strbuf_release(&why);
	*out = om;
	return 0;
}

int orgmap_load(struct orgmap **out, const char *path, struct strbuf *err)
{
	struct strbuf text;
	strbuf_init(&text, 0);
	int rc = file_read_all(&text, path, err);
	if (!rc)
		rc = orgmap_from_buffer(out, path, text.buf, text.len, err);
	strbuf_release(&text);
	return rc;
}

void orgmap_free(struct orgmap *om)
{
	if (!om)
		return;
	for (size_t i = 0; i < om->key_count; i++)
		free(om->keys[i].entries);
	free(om->keys);
	for (size_t i = 0; i < om->org_count; i++)
		free(om->orgs[i]);
	free(om->orgs);
	strmap_release(&om->index);
	strmap_release(&om->org_index);
	free(om);
}

/* The organisation of key at when; NULL when it has no entry in force. */
static const char *lookup_key(const struct orgmap *om, const char *key, int64_t when)
{
	size_t pos;
	if (!strmap_get(&om->index, key, &pos))
		return NULL;
	const struct orgmap_key *k = &om->keys[pos];
	for (size_t i = 0; i < k->count; i++)
		if (when < k->entries[i].end)
			return om->orgs[k->entries[i].org];
	return NULL;
}

const char *orgmap_lookup(const struct orgmap *om, const char *addr, int64_t when)
{
	if (!om || !addr)
		return NULL;
	const char *org = lookup_key(om, addr, when);
	if (org)
		return org;
	const char *at = strrchr(addr, '@');
	const char *domain = at ? at + 1 : NULL;
	/* A domain, then its parents while two labels remain: a TLD alone is no organisation. */
	while (domain && *domain) {
		if ((org = lookup_key(om, domain, when)))
			return org;
		const char *dot = strchr(domain, '.');
		if (!dot || !strchr(dot + 1, '.'))
			break;
		domain = dot + 1;
	}
	return NULL;
}
