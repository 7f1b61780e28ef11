/*
 * Who a message's author really is: one identity per person (--mailmap)
 * and the organisation they wrote for (--orgmap). Applied to the facts of
 * every message after they are read and before anything is counted.
 */
#ifndef LISTDIGEST_IDENTITY_H
#define LISTDIGEST_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/arena.h"
#include "../common/strbuf.h"
#include "../patch/facts.h"
#include "mailmap.h"
#include "orgmap.h"

struct identity_options {
	const char *mailmap_path; /* borrowed; NULL for none */
	const char *orgmap_path;  /* borrowed; NULL for none */
};
#define IDENTITY_OPTIONS_INIT {NULL, NULL}

struct identity {
	struct mailmap *mailmap;  /* owned; NULL without --mailmap */
	struct orgmap *orgmap;    /* owned; NULL without --orgmap */
};

/* Reads both files. Returns 0, or -1 with "<what>: <why>" in err and id empty. */
int identity_load(struct identity *id, const struct identity_options *opts, struct strbuf *err);
void identity_release(struct identity *id);

/* True when the digest is to count organisations (an orgmap was given). */
bool identity_has_organisations(const struct identity *id);

/*
 * For each present message with an author address: its name and address
 * become the canonical ones of the mailmap (author_key follows).
 */
void identity_apply(const struct identity *id, struct message_facts *facts, size_t count);
/* identity_apply on facts whose author lives in arena (as the index loads them): the new one goes there too. */
void identity_apply_in(const struct identity *id, struct message_facts *facts, size_t count,
		       struct arena *arena);

/*
 * The organisation of a present message with an author address: the
 * orgmap's for its author_key (canonical once identity_apply ran) at its
 * arrival time, borrowed from id; NULL when no entry maps it or no orgmap
 * was given. Looked up when asked, not kept in the facts: a digest holds
 * facts for every message, and counts organisations once.
 */
const char *identity_organisation(const struct identity *id, const struct message_facts *facts);

/*
 * The canonical address of (name, addr) after the mailmap, lower-cased:
 * what a person is compared by (a review trailer's signer against the
 * reply's author). name may be NULL. A new string.
 */
char *identity_canonical_addr(const struct identity *id, const char *name, const char *addr);

#endif
