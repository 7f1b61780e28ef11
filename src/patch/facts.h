/* Everything the digest needs to know of one message, computed in a worker thread. */
#ifndef LISTDIGEST_FACTS_H
#define LISTDIGEST_FACTS_H

#include <git2/oid.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "author.h"
#include "subject.h"

/* The review trailers that count, in the order of their kinds in the series report. */
enum trailer_kind { TRAILER_REVIEWED, TRAILER_ACKED, TRAILER_TESTED, TRAILER_NACKED, TRAILER_KIND_COUNT };

/* One "Reviewed-by: Name <addr>" line of a body (see patch/review.h for the rules). */
struct review_trailer {
	enum trailer_kind kind;
	char *person;  /* the value as the line wrote it, trimmed, clean UTF-8 */
	char *addr;    /* the address the value holds, lower-cased */
};

/*
 * What few messages have: a review's lines, an entry's excerpt, a read
 * error. They live apart, behind one pointer, so that the many messages
 * without them pay 8 bytes a message rather than 80. So do the subject
 * and the patch-id: a message read from its mail has them, but a load of
 * the index leaves them there (index_options.skip_subjects and
 * skip_patch_ids), for what reads them to read one message at a time.
 */
struct message_rare {
	char *subject;         /* decoded, clean UTF-8; NULL when a load left it in the index (facts_subject) */
	git_oid *patch_id;     /* `git patch-id --stable` of its diff, 20 bytes (not 41 of hex); NULL when none */
	char *entry_body;      /* excerpt, only for messages that get an entry */
	char *change_id;       /* b4's "change-id:" line of the body; NULL when none */
	struct review_trailer *trailers; /* review trailers of the body, in order (trailer_count) */
	char **linked_ids;     /* message-ids that URLs of the body end in, in order, unique (linked_id_count) */
	char *read_error;      /* why the source could not read it ("commit X: cannot read its ..."); NULL when read */
	char *thread_root;     /* the thread root when no other id of the message is it (THREAD_ROOT_OWN) */
	char *in_reply_to;     /* In-Reply-To when it is not the last reference (IN_REPLY_TO_OWN) */
	/* a message's lists are far below 2^32 items: its bytes bound them */
	uint32_t trailer_count;
	uint32_t linked_id_count;
};

/*
 * Who wrote a message, as the digest counts them, and the list it came
 * through, which a person's messages share as well. A load of the index
 * shares one among the messages of a person on a list
 * (message_author_share): 8 bytes a message rather than 32. Read through
 * facts_author_name, _addr, _key and facts_list_id. A message of an
 * unknown author that has a List-Id has one whose name, addr and key are
 * NULL.
 */
struct message_author {
	char *name;            /* may be ""; NULL when the author is unknown */
	char *addr;            /* as the message wrote it; NULL when unknown */
	char *key;             /* the address lower-cased: the contributor; NULL when unknown */
	char *list_id;         /* raw List-Id value, NULL when absent */
};

/*
 * References kept of one message: the root and the closest ancestors are
 * what threading needs; a header of thousands of ids is an attack, not a
 * thread.
 */
#define FACTS_REFERENCES_MAX 256

/*
 * Which id a message's thread root is. Nearly always one it holds
 * already: a code then, rather than a pointer of 8 bytes a message.
 */
enum thread_root_from {
	THREAD_ROOT_NONE,       /* the message has no ids */
	THREAD_ROOT_MESSAGE_ID,
	THREAD_ROOT_FIRST_REF,
	THREAD_ROOT_IN_REPLY_TO,
	THREAD_ROOT_OWN,        /* none of those: the rare block holds it */
};

/*
 * Which id In-Reply-To is. Nearly always the last of References, as
 * RFC 5322 has it: a code then, rather than a pointer a message.
 */
enum in_reply_to_from {
	IN_REPLY_TO_NONE,       /* the message has no In-Reply-To */
	IN_REPLY_TO_LAST_REF,
	IN_REPLY_TO_OWN,        /* another id: the rare block holds it */
};

/*
 * A digest holds one for every message up to the end of its selection:
 * the pointers first and the narrow fields packed at the end, 48 bytes.
 * (The organisation is not among them: identity_organisation finds it.)
 */
struct message_facts {
	/* NULL when unknown and without a List-Id; owned, unless in an arena (shared) */
	const struct message_author *author;
	/*
	 * The message's own id and the ids of References, which the life of
	 * a series needs (the index keeps them; see series/), in one block
	 * that facts_set_ids makes: the id's bytes and a NUL ("" when it has
	 * none), then reference_count pointers, unaligned, to the ids of
	 * References, oldest first. Or, when ids_elsewhere is set, a pointer
	 * to the id (a copy held already) in place of its bytes. One pointer
	 * a message rather than two, and no padding between a string and a
	 * list: 8 MB and more of a million messages. NULL when it has no ids.
	 * Read with facts_own_message_id and facts_reference.
	 */
	char *ids;
	struct message_rare *rare; /* NULL when each of its fields would be empty: read with facts_rare */

	/*
	 * Where and when the message came from: the source knows, the message
	 * does not. facts_from_mail leaves it zero; the caller sets it.
	 */
	int64_t arrival;       /* seconds since the epoch: commit time, or Date for mbox and Maildir */
	/*
	 * The subject's tag (read with facts_tag, set with facts_set_tag),
	 * the count and the codes, in the bits they need: a tag's numbers
	 * are at most PATCH_NUMBER_MAX, 23 bits. 16 bytes, where a struct
	 * patch_tag and the rest took 24.
	 */
	unsigned tag_major : 23;
	unsigned reference_count : 9; /* at most FACTS_REFERENCES_MAX */
	unsigned tag_minor : 23;
	enum author_source author_source : 3;
	enum thread_root_from thread_root_from : 3; /* read with facts_thread_root */
	enum in_reply_to_from in_reply_to_from : 2; /* read with facts_in_reply_to */
	bool present : 1;      /* false for a removal commit: not a message */
	signed int tag_number : 24; /* -1 to PATCH_NUMBER_MAX */
	bool tag_is_patch : 1;
	bool ids_elsewhere : 1; /* the block of ids points to the message-id */
	signed int tag_total : 24;
};
_Static_assert(sizeof(struct message_facts) == 48, "the facts of a million messages take 48 MB");

/* The subject's tag (patch_tag_parse). */
static inline struct patch_tag facts_tag(const struct message_facts *facts)
{
	struct patch_tag tag = {{(int)facts->tag_major, (int)facts->tag_minor}, facts->tag_number,
				facts->tag_total, facts->tag_is_patch};
	return tag;
}

static inline bool facts_is_patch(const struct message_facts *facts)
{
	return facts->tag_is_patch;
}

/* A patch without M/N (patch_tag_is_standalone). */
static inline bool facts_is_standalone(const struct message_facts *facts)
{
	return facts->tag_number < 0;
}

/*
 * Sets the tag, as patch_tag_parse gives it: numbers from -1 to
 * PATCH_NUMBER_MAX; one beyond is kept as the nearest of those.
 */
void facts_set_tag(struct message_facts *facts, const struct patch_tag *tag);
/* Sets the tag that subject has (patch_tag_parse). */
void facts_read_tag(struct message_facts *facts, const char *subject);

/* The facts' rare fields; all empty (never NULL) when the message has none. */
static inline const struct message_rare *facts_rare(const struct message_facts *facts)
{
	static const struct message_rare none;
	return facts->rare ? facts->rare : &none;
}

/* The id the block of ids holds at where (unaligned). */
static inline const char *facts_id_at(const char *where)
{
	const char *id;
	memcpy(&id, where, sizeof(id));
	return id;
}

/* The message's own id, without brackets; NULL when it has none (absent or blank). */
static inline const char *facts_own_message_id(const struct message_facts *facts)
{
	if (facts->ids && facts->ids_elsewhere)
		return facts_id_at(facts->ids);
	return facts->ids && *facts->ids ? facts->ids : NULL;
}

/* The i-th id of References (i < reference_count), oldest first. */
static inline const char *facts_reference(const struct message_facts *facts, size_t i)
{
	const char *list = facts->ids + (facts->ids_elsewhere ? sizeof(char *) : strlen(facts->ids) + 1);
	return facts_id_at(list + i * sizeof(char *));
}

struct arena;
/*
 * Sets the message-id (NULL or "" for none) and the count ids of
 * References (at most FACTS_REFERENCES_MAX) as the block of facts->ids.
 * In arena, the references are pointed to where they are (shared, as
 * arena_share's, for arena's life), and so is the message-id when
 * arena_share holds a copy already (a reply read first names it); else
 * the block holds it, and arena_share gives it for equal strings from
 * then on. With no arena, one malloc'd block holds them all, the old one
 * freed.
 */
void facts_set_ids(struct message_facts *facts, struct arena *arena, const char *message_id,
		   const char *const *references, size_t count);

static inline const char *facts_author_name(const struct message_facts *facts)
{
	return facts->author ? facts->author->name : NULL;
}

static inline const char *facts_author_addr(const struct message_facts *facts)
{
	return facts->author ? facts->author->addr : NULL;
}

static inline const char *facts_author_key(const struct message_facts *facts)
{
	return facts->author ? facts->author->key : NULL;
}

static inline const char *facts_list_id(const struct message_facts *facts)
{
	return facts->author ? facts->author->list_id : NULL;
}

/*
 * Sets the author, whose strings (malloc'd, each may be NULL) the facts
 * own from now on; the old author is freed, its List-Id kept. All three
 * NULL, and no List-Id: none.
 */
void facts_set_author(struct message_facts *facts, char *name, char *addr, char *key);

/* Sets the List-Id (malloc'd, or NULL), which the facts own from now on; the old one is freed. */
void facts_set_list_id(struct message_facts *facts, char *list_id);

/*
 * An author equal to author (whose strings may be anybody's), in arena:
 * one it made before, when it still remembers it (arena_shared_block),
 * else a new one of shared strings (arena_share). It must not be changed.
 */
const struct message_author *message_author_share(struct arena *arena, const struct message_author *author);

/*
 * Where the strings that a load left in the index are read, one message
 * at a time: its subject (index_options.skip_subjects) and its message-id
 * (facts_forget_ids). Each returns f's, valid until a call for another
 * message, or NULL when it has none or it cannot be read (ctx keeps why,
 * for the run to report).
 */
struct facts_reader {
	const char *(*subject)(void *ctx, const struct message_facts *f);
	const char *(*message_id)(void *ctx, const struct message_facts *f);
	void *ctx;
};

/* f's subject: its own, else what reader reads (reader may be NULL), else "". */
static inline const char *facts_subject(const struct message_facts *f, const struct facts_reader *reader)
{
	const char *subject = facts_rare(f)->subject;
	if (!subject && reader && reader->subject)
		subject = reader->subject(reader->ctx, f);
	return subject ? subject : "";
}

/* f's message-id: its own, else what reader reads (reader may be NULL); NULL when none. */
static inline const char *facts_message_id(const struct message_facts *f, const struct facts_reader *reader)
{
	const char *id = facts_own_message_id(f);
	if (id || !reader || !reader->message_id)
		return id;
	return reader->message_id(reader->ctx, f);
}

/*
 * Leaves the ids of facts[0..count) (message-id, References, In-Reply-To,
 * thread root, linked ids) NULL and empty, for facts whose ids were in an
 * arena of their own that is freed next: what reads them later reads the
 * message-id through a facts_reader.
 */
void facts_forget_ids(struct message_facts *facts, size_t count);

/* The oldest and the newest id of References; NULL when it has none. */
static inline const char *facts_first_reference(const struct message_facts *facts)
{
	return facts->reference_count ? facts_reference(facts, 0) : NULL;
}

static inline const char *facts_last_reference(const struct message_facts *facts)
{
	return facts->reference_count ? facts_reference(facts, facts->reference_count - 1u) : NULL;
}

/* The first id of In-Reply-To, without brackets; NULL when none. */
static inline const char *facts_in_reply_to(const struct message_facts *facts)
{
	switch (facts->in_reply_to_from) {
	case IN_REPLY_TO_LAST_REF:
		return facts_last_reference(facts);
	case IN_REPLY_TO_OWN:
		return facts_rare(facts)->in_reply_to;
	case IN_REPLY_TO_NONE:
		break;
	}
	return NULL;
}

/*
 * Sets In-Reply-To, which the facts own (malloc'd; NULL for none): a code
 * when the last reference (set before) is it, and id is freed; else it
 * goes to the rare block.
 */
void facts_set_in_reply_to(struct message_facts *facts, char *id);

/*
 * The first id of References, else In-Reply-To, else the message's own:
 * the series key's part, and the thread's; NULL when the message has no ids.
 */
static inline const char *facts_thread_root(const struct message_facts *facts)
{
	switch (facts->thread_root_from) {
	case THREAD_ROOT_MESSAGE_ID:
		return facts_own_message_id(facts);
	case THREAD_ROOT_FIRST_REF:
		return facts_first_reference(facts);
	case THREAD_ROOT_IN_REPLY_TO:
		return facts_in_reply_to(facts);
	case THREAD_ROOT_OWN:
		return facts_rare(facts)->thread_root;
	case THREAD_ROOT_NONE:
		break;
	}
	return NULL;
}

/*
 * Sets the thread root, which the facts own (malloc'd; NULL for none): a
 * code when one of the message's ids (set before, In-Reply-To too) is it,
 * and root is freed; else it goes to the rare block.
 */
void facts_set_thread_root(struct message_facts *facts, char *root);

/* The rare fields to fill, allocated (zeroed) when the facts had none; facts_release frees them. */
struct message_rare *facts_rare_mut(struct message_facts *facts);

/* True when each field of rare is empty: such facts need none. */
bool message_rare_is_empty(const struct message_rare *rare);

/* Entries are shown for cover letters, first patches and standalone patches. */
bool facts_wants_entry(const struct message_facts *facts);

/* The facts the message itself holds; arrival is left for the caller. */
void facts_from_mail(struct message_facts *facts, const struct mail *mail);
void facts_release(struct message_facts *facts);

#endif
