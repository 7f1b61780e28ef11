/*
 * Organisations of addresses and domains, in gitdm's EmailMap format:
 *
 *     [user@]domain   Organisation   [< YYYY-MM-DD]
 *
 * one mapping a line, fields apart by blanks (spaces or tabs), '#' starting
 * a comment, the optional date being when the mapping ends.
 */
#ifndef LISTDIGEST_ORGMAP_H
#define LISTDIGEST_ORGMAP_H

#include <stddef.h>
#include <stdint.h>

#include "../common/strbuf.h"

struct orgmap;

/*
 * Returns 0, or -1 with "<path>: <why>" in err, or "<path>:<line>: <why>"
 * for a line that does not parse.
 */
int orgmap_load(struct orgmap **out, const char *path, struct strbuf *err);

/* The same from text in memory; name is what err calls it. */
int orgmap_from_buffer(struct orgmap **out, const char *name, const char *buf, size_t len,
		       struct strbuf *err);

void orgmap_free(struct orgmap *om);

/*
 * The organisation of addr (lower-case) at time when (seconds since 1970,
 * UTC), or NULL when no entry maps it. Tried in turn: the address, its
 * domain, then the domain without its first label, and so on while two
 * labels remain; the first of these keys that has an entry in force at
 * when decides. An entry is in force before its end date (00:00 UTC of
 * that day); an entry without one always is. Borrowed from om.
 */
const char *orgmap_lookup(const struct orgmap *om, const char *addr, int64_t when);

#endif
