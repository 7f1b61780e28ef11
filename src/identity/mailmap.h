/*
 * One identity per person: git's .mailmap format and rules, read by
 * libgit2. libgit2 compares names and addresses byte for byte where git
 * ignores the case of ASCII letters, and lets a later entry for the same
 * address replace an earlier one where git merges them; this module gives
 * git's results while libgit2 still does all the parsing (see mailmap.c).
 */
#ifndef LISTDIGEST_MAILMAP_H
#define LISTDIGEST_MAILMAP_H

#include <stddef.h>

#include "../common/strbuf.h"

struct mailmap;

/* Returns 0, or -1 with "<path>: <why>" in err. */
int mailmap_load(struct mailmap **out, const char *path, struct strbuf *err);

/* The same from text in memory; name is what err calls it. */
int mailmap_from_buffer(struct mailmap **out, const char *name, const char *buf, size_t len,
			struct strbuf *err);

void mailmap_free(struct mailmap *mm);

/*
 * The canonical name and address of (name, addr), as `git check-mailmap`
 * gives them: *out_name and *out_addr are new strings, each a copy of the
 * input when the map does not change it. name may be NULL (no name) and
 * then *out_name is NULL unless an entry gives a name. Answers are kept
 * for the identities seen again: not for two threads at once.
 */
void mailmap_resolve(struct mailmap *mm, const char *name, const char *addr,
		     char **out_name, char **out_addr);

#endif
