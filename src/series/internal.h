/* What the modules of src/series/ share; nothing outside includes this. */
#ifndef LISTDIGEST_SERIES_INTERNAL_H
#define LISTDIGEST_SERIES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/strmap.h"
#include "series.h"

#define SERIES_NONE ((size_t)-1)

/*
 * "None" in the arrays of 32-bit indices that hold one item per message
 * (half the memory of size_t's at a million messages); the universe's
 * size is below 2^32 (id_table_build).
 */
#define SERIES_NONE32 UINT32_MAX

/* The key of an author without an address where people are counted: no address can be it. */
#define SERIES_NO_ADDRESS_KEY "\x1f"

/*
 * A revision: (thread root, version, total) with its cover letter and
 * patches. Universe indices are 32-bit, as everywhere here (below).
 */
struct revision {
	const uint32_t *members; /* in the set's pool or the digest's: cover letter first, then by number, newest first */
	int64_t first_arrival;  /* of its earliest message */
	struct patch_version version;
	uint32_t count;
	uint32_t head;          /* cover letter, else 1/N, else the lowest-numbered patch */
	int patches;            /* N; 1 for a standalone patch */
	uint32_t first_index;   /* universe index of that message (ties of arrival: the larger is older) */
	uint32_t first_selected; /* smallest universe index of a selected member; SERIES_NONE32 */
};

/* Message-id -> universe index (ids.c): the newest message with each id. */
struct id_table {
	const struct message_facts *universe; /* borrowed: the ids are its */
	uint32_t *starts;        /* per bucket, and one past the last: where its ids start */
	uint8_t *tags;           /* per id, by bucket: a byte of its hash */
	uint32_t *messages;      /* per id, by bucket: its message, newest first */
	size_t buckets;
};
void id_table_build(struct id_table *t, const struct message_facts *universe, size_t count);
/* The universe index of the newest message with id, or SERIES_NONE (also for a NULL id). */
size_t id_table_find(const struct id_table *t, const char *id);
void id_table_release(struct id_table *t);

struct revision_set {
	const struct message_facts *universe; /* borrowed */
	size_t message_count;
	struct revision *items; /* NULL until revisions_make */
	size_t count;
	const uint32_t *revision_of; /* per message: its revision, or SERIES_NONE32; the digest's with patch_list */
	uint32_t *own_revision_of;   /* revision_of when it is the set's own */
	uint32_t *heads;        /* per revision: its head, until revisions_make (then revision.head) */
	uint32_t *parent;       /* per revision, union-find: the series it belongs to (revision_series) */
	uint32_t *member_pool;  /* every revision's members, revision after revision; NULL with patch_list */
	const struct digest *patch_list; /* borrowed: when the revisions are its series, their members too */
	struct id_table ids;
	const struct facts_reader *reader; /* borrowed: series_options.reader */
};

/* A revision's member: a patch message, as the digest's patch list counts one. */
static inline bool revision_member(const struct message_facts *f)
{
	return f->present && facts_is_patch(f);
}

/*
 * Starts set on the universe with the table of its ids, which the replies
 * (replies_resolve) and rules 2 and 3 look up: before any revision is
 * made, so that the revisions are never held with the replies' work.
 */
void revisions_begin(struct revision_set *set, const struct message_facts *universe, size_t count);
/*
 * Numbers the revisions: the revision members of set's universe grouped
 * as the digest groups a series (revision_of), and each one's head. Enough
 * for rules 2 and 3 (revisions_link_by_ids), which run before the
 * revisions are made, while the ids are loaded. patch_list, when not
 * NULL, is the digest of the same universe: its series are taken as
 * they are (series_options.patch_list).
 */
void revisions_number(struct revision_set *set, const struct digest *patch_list);
/* Makes the numbered revisions (items, their members in the pool). */
void revisions_make(struct revision_set *set, const bool *selected);
void revisions_release(struct revision_set *set);

/*
 * Join revisions into series by the four link rules (union-find), in
 * either order: the result does not depend on the order of joins. By ids
 * (rules 2 and 3: the head names a message of another revision), through
 * set->ids; by text (rule 1, the change-id, and rule 4, author and
 * title), which does not read the ids.
 */
void revisions_link_by_ids(struct revision_set *set);
void revisions_link_by_text(struct revision_set *set);
size_t revision_series(struct revision_set *set, size_t r);

/* True when revision a came before b: first arrival, then the order of the archive. */
bool revision_before(const struct revision *a, const struct revision *b);

/* The universe index a message's id names, or SERIES_NONE. */
size_t revision_message(const struct revision_set *set, const char *id);

/*
 * For every message: the patch or cover letter it replies to (through
 * In-Reply-To, then References newest to oldest, and through the replies
 * in between), SERIES_NONE32 when none; patch messages (revision_member)
 * name themselves. It needs set's ids alone (revisions_begin).
 */
uint32_t *replies_resolve(const struct revision_set *set);

/* Fills replies, repliers and reviewers of each block; reviewed/nacked facts in the flags. */
struct review_summary {
	bool nacked;
	bool discussed;         /* a reply from someone other than the author */
	bool any_review;        /* some patch has a Reviewed-by or Acked-by */
	bool all_reviewed;      /* every patch has one */
};
struct series_reviewer *replies_collect(struct series_block *blocks, struct review_summary *summary,
					const struct revision_set *set, const uint32_t *target,
					const struct identity *identity);

/*
 * A message's group (a revision, a thread) and its author: a group's
 * people are its distinct pairs. Both are indices below the universe's
 * size, which is below 2^32 (id_table_build): one pair per message, 8 bytes.
 */
struct group_person {
	uint32_t group, person;
};

/* Sorts pairs[0..count) and keeps each distinct pair once, at the front; returns how many. */
size_t group_person_distinct(struct group_person *pairs, size_t count);

/* The busiest threads of the selection. */
void threads_rank(struct series_report *out, const struct message_facts *universe, size_t count,
		  const bool *selected,
		  size_t top);

#endif
