/*
 * The life of each series, as of the end of a selection: revisions linked
 * into series, the replies and review trailers each revision received,
 * its applied patches and its state; the revisions waiting for review; the
 * busiest threads. Everything is computed in memory from the facts of the
 * whole archive up to the end of the selection (the "universe").
 */
#ifndef LISTDIGEST_SERIES_H
#define LISTDIGEST_SERIES_H

#include <git2/oid.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../digest/digest.h"
#include "../identity/identity.h"
#include "../patch/facts.h"

/*
 * The commit a patch message was applied as, or NULL (see applied.h): a
 * callback, so that this module does not depend on how it is found.
 */
typedef const git_oid *(*series_applied_fn)(const void *ctx, const struct message_facts *patch);

struct series_options {
	const struct message_facts *universe; /* every message that arrived by `end`, newest first */
	const bool *selected;       /* count entries: the message is in the selection */
	size_t count;
	int64_t end;                /* the newest arrival among the selected */
	const struct identity *identity; /* applied to the universe's authors already; for trailers */
	series_applied_fn applied_find;  /* NULL without --applied-in */
	const void *applied_ctx;
	const char *applied_tree;   /* the tree's name in "applied: ... in <tree>" */
	int waiting_days;           /* --waiting-days */
	size_t top;                 /* --top: busiest threads shown */
	struct facts_reader reader; /* what the universe's load left in the index; zero: nothing */
	/*
	 * The digest of this very universe (every message selected), whose
	 * series of patches are the revisions: they are then not numbered
	 * again, which would take as much memory as the digest's numbering
	 * at the series' peak. NULL: numbered here.
	 */
	const struct digest *patch_list;
	/*
	 * Called once the universe's ids (facts_forget_ids) are no longer
	 * read: the caller may free them then. That is before the blocks are
	 * made, or after them with applied_find, which reads the ids. NULL: none.
	 */
	void (*ids_done)(void *ctx);
	void *ids_done_ctx;
};

enum series_state {
	SERIES_SUPERSEDED,
	SERIES_APPLIED,
	SERIES_PARTLY_APPLIED,
	SERIES_NACKED,
	SERIES_REVIEWED,
	SERIES_PARTLY_REVIEWED,
	SERIES_DISCUSSED,
	SERIES_WAITING,
};

/* A revision as another one's `earlier:` or `superseded by` names it. */
struct series_revision_ref {
	struct patch_version version;
	int64_t first_arrival;
	int patches;
};

/* One person of a trailer line: "Name <addr> (1,3) (sent by x@y)". */
struct series_reviewer {
	const char *person;     /* borrowed: as their first trailer wrote them */
	const char *address;    /* borrowed: that trailer's address, lower-cased */
	int *numbers;           /* owned: the patches covered, ascending, when not all */
	char **senders;         /* owned: other senders of their trailers, lower-cased, in order;
				   NULL for a sender without an address */
	uint32_t number_count;
	uint32_t sender_count;
	bool all;               /* covers every patch */
};

struct series_applied_patch {
	int number;
	git_oid commit;
};

/*
 * One revision's block: a million messages have some 150,000, so the
 * counts, far below 2^32, are 32-bit, and the block is 120 bytes.
 */
struct series_block {
	const struct message_facts *head; /* borrowed from the universe */
	int64_t first_arrival;
	struct patch_version version;
	struct series_revision_ref *earlier; /* owned; newest first */
	/*
	 * In the report's pool (series_report.reviewer_pool), kind after kind
	 * (reviewer_count), each kind's in order of first trailer: read with
	 * series_block_reviewers. Their numbers and senders are the block's.
	 */
	struct series_reviewer *reviewers;
	struct series_applied_patch *applied; /* owned, by number */
	struct series_revision_ref superseded_by; /* valid for SERIES_SUPERSEDED */
	int patches;                      /* N of M/N; 1 for a standalone patch */
	uint32_t earlier_count;
	uint32_t replies;
	uint32_t repliers;                /* distinct authors of the replies */
	uint32_t reviewer_count[TRAILER_KIND_COUNT];
	uint32_t applied_count;
	enum series_state state;
	bool has_applied;                 /* the applied: line is wanted (--applied-in) */
};

struct series_waiting {
	const struct message_facts *head; /* borrowed */
	int64_t days;
};

struct series_thread {
	const struct message_facts *named; /* borrowed: the root, else the oldest message */
	size_t messages;                   /* in the selection */
	size_t people;
};

struct series_report {
	struct series_block *blocks;       /* in the order of the digest's patch list */
	size_t block_count;
	struct series_waiting *waiting;    /* oldest first */
	size_t waiting_count;
	struct series_thread *threads;     /* busiest first */
	size_t thread_count;
	const char *applied_tree;          /* borrowed from the options */
	const char *archive_list_id;       /* borrowed: newest List-Id of the universe; NULL when none */
	struct series_reviewer *reviewer_pool; /* owned: every block's reviewers */
};

/* The block's reviewers of one kind (reviewer_count[kind] of them). */
static inline const struct series_reviewer *series_block_reviewers(const struct series_block *b,
								   enum trailer_kind kind)
{
	size_t start = 0;
	for (int k = 0; k < (int)kind; k++)
		start += b->reviewer_count[k];
	return b->reviewers + start;
}

/* Fills out from opts. Returns 0 (nothing can fail but memory, which aborts). */
int series_compute(struct series_report *out, const struct series_options *opts);
void series_report_release(struct series_report *report);

/*
 * The "RESEND" word among the subject's leading bracketed groups
 * ("[PATCH RESEND v2 1/3]", "[RESEND][PATCH]"), which lets a revision
 * follow one of the same version.
 */
bool series_subject_is_resend(const char *subject, size_t title_offset);


#endif
