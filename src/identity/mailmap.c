/*
 * libgit2 reads the mailmap (git_mailmap_from_buffer) and matches an
 * identity against it (git_mailmap_resolve); nothing here parses the
 * format. Two differences from git are bridged:
 *
 * - git matches addresses and names ignoring ASCII case; libgit2 compares
 *   bytes. So every line is also handed to libgit2 with its ASCII letters
 *   lower-cased, and queried with a lower-cased identity. The canonical
 *   name and address it answers are then taken, in their own case, from
 *   the same bytes of the original line (lower-casing ASCII keeps every
 *   byte in its place).
 * - git merges the entries of one key (a later line gives the address, an
 *   earlier one the name); libgit2 keeps only the last. So each line is a
 *   map of its own, and the lines that match are merged as git does: the
 *   entries for the address and this name win over those for the address
 *   alone, and within them each of name and address comes from the last
 *   line that gives it.
 */
#include "mailmap.h"

#include <git2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ascii.h"
#include "../common/file.h"
#include "../common/strmap.h"

struct mailmap_line {
	char *text;       /* owned: the line as written */
	char *lower;      /* owned: the same, ASCII letters lower-cased */
	git_mailmap *map; /* owned: libgit2's reading of lower */
};

/* What an identity resolved to: NULL for a field the map leaves as written. */
struct mailmap_answer {
	char *name;  /* owned */
	char *addr;  /* owned */
};

struct mailmap {
	git_mailmap *whole;          /* owned: all of it, lower-cased: a quick "no entry" */
	struct mailmap_line *lines;  /* owned: the lines that can hold an entry */
	size_t count;
	/*
	 * Answers by lower-cased "name\x1faddress": a list has a few thousand
	 * people for tens of thousands of messages, and a line scan per
	 * message would cost as much as reading them.
	 */
	struct strmap cache;
	struct mailmap_answer *answers; /* owned */
	size_t answer_count, answer_alloc;
};

static int libgit2_error(struct strbuf *err, const char *name)
{
	const git_error *e = git_error_last();
	strbuf_addf(err, "%s: %s", name, e && e->message ? e->message : "cannot be read as a mailmap");
	return -1;
}

/*
 * Whether libgit2 would read the line as an entry for the empty address:
 * what precedes a comment ends, blanks aside, in "<>". No message has
 * that address, and libgit2 1.5 fails the whole map on such an entry
 * (leaking it), where git takes the line and nothing ever matches it.
 */
static bool maps_empty_address(const char *line, size_t n)
{
	const char *hash = memchr(line, '#', n);
	size_t end = hash ? (size_t)(hash - line) : n;
	while (end && ascii_is_space(line[end - 1]))
		end--;
	return end >= 2 && line[end - 2] == '<' && line[end - 1] == '>';
}

/* A copy of buf for libgit2: ASCII lower-cased, the lines for the empty address blanked. */
static char *libgit2_text(const char *buf, size_t len)
{
	char *text = ascii_lower(xmemdupz(buf, len));
	for (char *line = text, *end = text + len; line < end;) {
		char *eol = memchr(line, '\n', (size_t)(end - line));
		size_t n = eol ? (size_t)(eol - line) : (size_t)(end - line);
		if (maps_empty_address(line, n))
			memset(line, ' ', n);
		line += n + 1;
	}
	return text;
}

int mailmap_from_buffer(struct mailmap **out, const char *name, const char *buf, size_t len,
			struct strbuf *err)
{
	*out = NULL;
	if (memchr(buf, '\0', len)) {
		strbuf_addf(err, "%s: holds a NUL byte: not a mailmap", name);
		return -1;
	}
	/* libgit2 counts its initialisations: this one ends in mailmap_free. */
	git_libgit2_init();
	struct mailmap *mm = xcalloc(1, sizeof(*mm));
	strmap_init(&mm->cache);
	char *lower = libgit2_text(buf, len);
	int rc = git_mailmap_from_buffer(&mm->whole, lower, len);
	free(lower);
	if (rc < 0) {
		libgit2_error(err, name);
		mailmap_free(mm);
		return -1;
	}

	size_t alloc = 0;
	for (const char *line = buf, *end = buf + len; line < end;) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		size_t n = eol ? (size_t)(eol - line) : (size_t)(end - line);
		/* An entry needs an address: a line without '<' holds none. */
		if (memchr(line, '<', n) && !maps_empty_address(line, n)) {
			struct mailmap_line l;
			l.text = xmemdupz(line, n);
			l.lower = ascii_lower(xmemdupz(line, n));
			if (git_mailmap_from_buffer(&l.map, l.lower, n) < 0) {
				free(l.text);
				free(l.lower);
				libgit2_error(err, name);
				mailmap_free(mm);
				return -1;
			}
			if (mm->count == alloc) {
				alloc = alloc ? alloc * 2 : 16;
				mm->lines = xrealloc(mm->lines, alloc * sizeof(*mm->lines));
			}
			mm->lines[mm->count++] = l;
		}
		line += n + 1;
	}
	*out = mm;
	return 0;
}

int mailmap_load(struct mailmap **out, const char *path, struct strbuf *err)
{
	struct strbuf text;
	strbuf_init(&text, 0);
	int rc = file_read_all(&text, path, err);
	if (!rc)
		rc = mailmap_from_buffer(out, path, text.buf, text.len, err);
	strbuf_release(&text);
	return rc;
}

void mailmap_free(struct mailmap *mm)
{
	if (!mm)
		return;
	git_mailmap_free(mm->whole);
	for (size_t i = 0; i < mm->count; i++) {
		free(mm->lines[i].text);
		free(mm->lines[i].lower);
		git_mailmap_free(mm->lines[i].map);
	}
	free(mm->lines);
	for (size_t i = 0; i < mm->answer_count; i++) {
		free(mm->answers[i].name);
		free(mm->answers[i].addr);
	}
	free(mm->answers);
	strmap_release(&mm->cache);
	free(mm);
	git_libgit2_shutdown();
}

/* The original-case copy of the lower-cased text found (with its brackets when asked) in line. */
static char *original_case(const struct mailmap_line *line, const char *found, bool bracketed)
{
	const char *at;
	if (bracketed) {
		struct strbuf needle;
		strbuf_init(&needle, 0);
		strbuf_addf(&needle, "<%s>", found);
		at = strstr(line->lower, needle.buf);
		strbuf_release(&needle);
		at = at ? at + 1 : NULL;
	} else {
		at = strstr(line->lower, found);
	}
	/* Not found cannot happen (libgit2 copied it from this line); keep its case then. */
	return at ? xmemdupz(line->text + (at - line->lower), strlen(found)) : xstrdup(found);
}

/*
 * A name no entry can hold ('<' ends a name in the format): an entry that
 * still matches with it is one for the address alone.
 */
static const char no_such_name[] = "<";

/* The answer for a lower-cased identity, from the lines (see the top of this file). */
static struct mailmap_answer find_answer(const struct mailmap *mm, const char *lname, const char *laddr)
{
	struct mailmap_answer answer = {NULL, NULL};
	const char *rname, *raddr;
	git_mailmap_resolve(&rname, &raddr, mm->whole, lname, laddr);
	if (rname == lname && raddr == laddr)
		return answer; /* no entry for it */

	/* From the last line back: per class, the first line to give each field wins. */
	char *got[2][2] = {{NULL, NULL}, {NULL, NULL}}; /* [specific][name, addr] */
	for (size_t i = mm->count; i-- > 0;) {
		const struct mailmap_line *line = &mm->lines[i];
		if (!strstr(line->lower, laddr))
			continue;
		git_mailmap_resolve(&rname, &raddr, line->map, lname, laddr);
		if (rname == lname && raddr == laddr)
			continue;
		const char *probe_name, *probe_addr;
		git_mailmap_resolve(&probe_name, &probe_addr, line->map, no_such_name, laddr);
		int specific = probe_name == no_such_name && probe_addr == laddr;
		if (rname != lname && !got[specific][0])
			got[specific][0] = original_case(line, rname, false);
		if (raddr != laddr && !got[specific][1])
			got[specific][1] = original_case(line, raddr, true);
	}
	int use = got[1][0] || got[1][1];
	answer.name = got[use][0];
	answer.addr = got[use][1];
	free(got[!use][0]);
	free(got[!use][1]);
	return answer;
}

void mailmap_resolve(struct mailmap *mm, const char *name, const char *addr,
		     char **out_name, char **out_addr)
{
	*out_name = name ? xstrdup(name) : NULL;
	*out_addr = addr ? xstrdup(addr) : NULL;
	if (!mm || !addr)
		return;

	struct strbuf key;
	strbuf_init(&key, 0);
	strbuf_addf(&key, "%s\x1f%s", name ? name : "", addr);
	ascii_lower(key.buf);
	size_t pos;
	if (!strmap_put_if_absent(&mm->cache, key.buf, mm->answer_count, &pos)) {
		char *sep = key.buf + (name ? strlen(name) : 0); /* the \x1f */
		*sep = '\0';
		if (mm->answer_count == mm->answer_alloc) {
			mm->answer_alloc = mm->answer_alloc ? mm->answer_alloc * 2 : 64;
			mm->answers = xrealloc(mm->answers, mm->answer_alloc * sizeof(*mm->answers));
		}
		mm->answers[mm->answer_count++] = find_answer(mm, key.buf, sep + 1);
	}
	strbuf_release(&key);
	const struct mailmap_answer *answer = &mm->answers[pos];
	if (answer->name) {
		free(*out_name);
		*out_name = xstrdup(answer->name);
	}
	if (answer->addr) {
		free(*out_addr);
		*out_addr = xstrdup(answer->addr);
	}
}
