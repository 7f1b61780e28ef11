/* Aggregating the facts of a range's messages into what the report shows. */
#ifndef LISTDIGEST_DIGEST_H
#define LISTDIGEST_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/strbuf.h"
#include "../identity/identity.h"
#include "../patch/facts.h"

/*
 * One line of a count list, as data: the formats write it. A NULL name of
 * a domain or an organisation, or a NULL address of a contributor, stands
 * for the messages whose author has no address.
 */
struct tally {
	char *name;     /* the domain, the organisation, or the contributor's name (NULL: none) */
	char *address;  /* contributors only: their address */
	size_t count;
};

struct series {
	uint32_t *members; /* indices into facts, in the digest's pool: cover letter first, then by number */
	size_t count;
};

struct digest {
	const struct message_facts *facts; /* borrowed; index 0 is the newest */
	size_t fact_count;                 /* entries of facts, removal records included */
	size_t messages;                   /* present messages counted */
	struct tally *domains;             /* sorted: count down, label bytes down */
	size_t domain_count;
	struct tally *organisations;       /* sorted likewise; NULL until digest_count_organisations */
	size_t organisation_count;
	bool has_organisations;            /* digest_count_organisations ran */
	struct tally *contributors;        /* sorted likewise */
	size_t contributor_count;
	struct series *series;             /* newest series first */
	size_t series_count;
	uint32_t *member_pool;             /* every series' members, series after series */
	uint32_t *series_of;               /* per fact: its series, or DIGEST_NO_GROUP */
	uint32_t *entries;                 /* indices of messages with an entry, newest first */
	size_t entry_count;
	const char *list_id;               /* of the newest message that has one, or NULL */
};

void digest_build(struct digest *digest, const struct message_facts *facts, size_t count);

/*
 * Numbers the series of the patch messages of facts[0..count) (present,
 * tagged PATCH) in the order their first messages come: a patch belongs
 * to the series of the patches before it with the same thread root,
 * version and total, unless it is a series of its own (a standalone
 * patch, or one without any message-id). series_of[i] gets each patch's
 * number, DIGEST_NO_GROUP for the other messages; *first_of (malloc'd)
 * each series' first message. Returns how many series there are.
 */
size_t digest_number_series(const struct message_facts *facts, size_t count, uint32_t *series_of,
			    uint32_t **first_of);

/*
 * Orders a series' members (indices into facts) as the patch list shows
 * them: by patch number, the cover letter (0) first; of two messages with
 * one number, the newest (lower index) first.
 */
void digest_sort_members(uint32_t *members, size_t count, const struct message_facts *facts);

/* "No group" in digest_pool_members' group_of. */
#define DIGEST_NO_GROUP UINT32_MAX

/*
 * The members of groups gathered into one pool, rather than an array of
 * each group's own: group_of[i] is item i's group, below group_count, or
 * DIGEST_NO_GROUP. Each group's items are in ascending order, from
 * pool + offsets[g] to pool + offsets[g + 1]; offsets has group_count + 1
 * entries. count is below 2^32. The pool is the caller's to free.
 */
uint32_t *digest_pool_members(const uint32_t *group_of, size_t count, size_t group_count,
			      uint32_t *offsets);

/*
 * The list's name in the heading: the first label of the newest List-Id
 * upper-cased ("<kvm.vger.kernel.org>" gives "KVM"), else `fallback` (the
 * source's directory or file name) upper-cased. Clean UTF-8; owned by the caller.
 */
char *digest_list_name(const struct digest *digest, const char *fallback);
void digest_release(struct digest *digest);

/*
 * Adds the organisations list to a built digest (only with an orgmap): a
 * message counts for its organisation (identity_organisation), or for its
 * domain when it has none.
 */
void digest_count_organisations(struct digest *digest, const struct message_facts *facts,
				size_t count, const struct identity *identity);

/*
 * The order of every list: count descending, then the line's text in
 * descending byte order, where the text is the domain or organisation,
 * or for a contributor digest_person_text's; a line without an address
 * orders as its text "(unknown)" would.
 */
#define DIGEST_NO_ADDRESS_TEXT "(unknown)"

/*
 * How the text formats write a person: "Name <address>", the bare address
 * when there is no name, "(unknown)" when there is no address.
 */
void digest_person_text(struct strbuf *out, const char *name, const char *address);

/* Sorts a list in that order; people: the lines are contributors. */
void digest_sort_tallies(struct tally *items, size_t count, bool people);

#endif
