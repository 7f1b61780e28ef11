/*
 * A message's facts as one byte string, the index's row (see rows.c): exact
 * for any bytes, NULL kept apart from "", and small: a field that repeats
 * another field of the same message is a one-byte code.
 */
#ifndef LISTDIGEST_INDEX_RECORD_H
#define LISTDIGEST_INDEX_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/arena.h"
#include "../common/strbuf.h"
#include "../patch/facts.h"

/*
 * Appends f's record to out: every field but arrival (a column of its own),
 * entry_body (idem) and organisation. A list_id_value > 0 stands for the
 * List-Id (an id of the value table) in place of its text.
 */
void record_encode(struct strbuf *out, const struct message_facts *f, int64_t list_id_value);

/*
 * record_encode in three steps, so that a thread without the value table
 * encodes all but the List-Id, which the table's owner puts in between.
 */
void record_encode_head(struct strbuf *out, const struct message_facts *f);
void record_encode_list_id(struct strbuf *out, const char *list_id, int64_t list_id_value);
void record_encode_tail(struct strbuf *out, const struct message_facts *f);

/*
 * Fills f (zeroed first) from a record; *list_id_value is set > 0 when the
 * record holds a value id for the List-Id (then facts_list_id(f) is NULL).
 * False when the record is malformed; f then holds what was read, to release.
 */
bool record_decode(const void *data, size_t len, struct message_facts *f, int64_t *list_id_value);
/*
 * record_decode with its strings and lists in arena, the author's too:
 * such facts are freed with the arena, never with facts_release, and
 * identity_apply_in replaces their author with the same arena. The
 * strings that repeat from record to record (ids, subjects, people) are
 * shared (arena_share): one copy stands for many, and none may be changed.
 */
bool record_decode_in(const void *data, size_t len, struct message_facts *f, int64_t *list_id_value,
		      struct arena *arena);

/* What a decode may leave out of the facts, though it still checks it. */
enum record_skip {
	RECORD_SKIP_NONE = 0,
	RECORD_SKIP_PATCH_ID = 1, /* patch_id stays NULL */
	RECORD_SKIP_SUBJECT = 2,  /* subject stays NULL: record_subject_and_id reads it when it is wanted */
};
/* record_decode_in (arena may be NULL, as for record_decode), leaving out what skip says. */
bool record_decode_skipping(const void *data, size_t len, struct message_facts *f,
			    int64_t *list_id_value, struct arena *arena, enum record_skip skip);

/*
 * record_decode_skipping with the ids (message-id, References,
 * In-Reply-To, thread root, linked ids: strings and lists) in ids_arena,
 * apart from the rest, which go to arena: the ids can then be freed
 * first (facts_forget_ids). arena NULL: both malloc'd; ids_arena NULL: arena.
 */
bool record_decode_apart(const void *data, size_t len, struct message_facts *f, int64_t *list_id_value,
			 struct arena *arena, struct arena *ids_arena, enum record_skip skip);

/*
 * The subject and the message-id of a record, where they lie in data
 * (NULL for one it has none of); false when the record is malformed
 * before their end.
 */
bool record_subject_and_id(const void *data, size_t len, const char **subject, const char **message_id);

/* The varints the record is made of, for the index's other byte strings. */
void record_put_varint(struct strbuf *sb, uint64_t v);
/* Reads a varint at *p (before end), moving *p; false when it does not fit. */
bool record_get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v);

#endif
