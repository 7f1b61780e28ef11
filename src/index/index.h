/*
 * The index: an SQLite database that keeps one row of facts per message of
 * a whole source, so that a run reads only the messages that arrived since
 * the last one. The archive is the truth; the index is only a cache, and
 * anything wrong with it (a directory that cannot be written, a corrupt or
 * outdated file) costs a warning and a rebuild or an in-memory index, never
 * a failure.
 *
 * A source is made of parts: the epochs of a public-inbox inbox (part = the
 * epoch's number), or part 0 for a single epoch, an mbox or a Maildir. The
 * messages of a part are numbered by seq, oldest first (0 = the oldest).
 * Each part has a state (the last indexed commit and/or a stamp string) that
 * the caller compares with the source to know what is left to index.
 *
 * Rows are written inside an update (index_update_begin .. _commit): one
 * write transaction, so a second run waits for the first and then sees its
 * work, and a run killed in the middle leaves the previous state.
 *
 * Functions returning int give 0 (or 1 for "found"), or -1 with
 * "<what>: <why>" in err. A msg_index is used by one thread at a time, and
 * never across a fork (SQLite's rule): a child process opens its own.
 */
#ifndef LISTDIGEST_INDEX_H
#define LISTDIGEST_INDEX_H

#include <git2/oid.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../common/arena.h"
#include "../common/strbuf.h"
#include "../patch/facts.h"

struct index_options {
	/* --cache DIR; NULL: $XDG_CACHE_HOME/listdigest, else $HOME/.cache/listdigest */
	const char *cache_dir;
	/* --no-cache: an in-memory index, for this run only */
	bool no_cache;
	/* the readable start of the file's name, e.g. source_name(): "kvm"; NULL: "source" */
	const char *name;
	/* where warnings go; NULL: stderr */
	FILE *warnings;
	/*
	 * Loads leave the facts' patch_id (message_rare) NULL (each record's
	 * is still checked): only the applied check reads one, as it looks
	 * for its patch (index_load_patch).
	 */
	bool skip_patch_ids;
	/*
	 * Loads leave the facts' subject (message_rare) NULL, for
	 * index_load_subject_and_id to read as each is wanted: most are shown
	 * once, if at all, and a million messages' subjects took 38 MB at
	 * the digest's peak.
	 */
	bool skip_subjects;
};

#define INDEX_OPTIONS_INIT {NULL, false, NULL, NULL, false, false}

struct msg_index;

/*
 * Opens (creating it when needed) the index of the source that source_id
 * names: a string that changes whenever the source is another one (its
 * absolute path and its epochs' root commits). For an mbox or a Maildir,
 * its absolute path will do: its size and mtime belong in part 0's stamp,
 * so that a changed file is re-indexed in the same database rather than
 * leaving old ones behind. The file is
 * <cache dir>/<name>-<16 hex digits of a hash of source_id>.sqlite, with
 * <file>.lock beside it (see index.c) and, while open, SQLite's -wal and
 * -shm files.
 *
 * Falls back to an in-memory index, with the warning
 *   listdigest: warning: <path>: <why>; using an in-memory index
 * when the directory or the file cannot be made or opened; rebuilds, with
 *   listdigest: warning: <path>: rebuilding the index: <why>
 * a file that is not a database or has another schema version. Returns -1
 * only when not even an in-memory database can be had.
 */
int index_open(struct msg_index **out, const struct index_options *opts, const char *source_id,
	       struct strbuf *err);
void index_close(struct msg_index *idx);

/*
 * True when the last error came from a corrupt file (SQLite found it
 * malformed, or a row does not decode): the caller then rebuilds it, with
 * index_rebuild, and starts its update again.
 */
bool index_is_corrupt(const struct msg_index *idx);

/*
 * Empties the index: its file is deleted and made again (with the warning
 * "<path>: rebuilding the index: <why>"), once no other process has it
 * open; an in-memory index is made again. Any update under way is lost.
 * On failure the index goes in memory, with a warning, as index_open does.
 */
int index_rebuild(struct msg_index *idx, const char *why, struct strbuf *err);

/* The database file of source_id, as index_open would use it (opts->no_cache ignored). */
int index_file_path(const struct index_options *opts, const char *source_id, struct strbuf *out,
		    struct strbuf *err);

/* The file in use, or ":memory:" for an in-memory index. */
const char *index_path(const struct msg_index *idx);
bool index_is_in_memory(const struct msg_index *idx);

/* ---- parts and their state */

/* The largest part and seq a key can hold. */
#define INDEX_PART_MAX 0x3fffffu
#define INDEX_SEQ_MAX ((INT64_C(1) << 40) - 1)

struct index_part_state {
	bool has_commit;
	git_oid commit;    /* git: the newest commit indexed */
	char *stamp;       /* files: e.g. "size mtime"; NULL when none */
};

/* 1 and *out filled (release it) when the part has a state, 0 when it has none. */
int index_part_get(struct msg_index *idx, uint32_t part, struct index_part_state *out,
		   struct strbuf *err);
int index_part_set(struct msg_index *idx, uint32_t part, const struct index_part_state *state,
		   struct strbuf *err);
/* Deletes the part's rows and its state: the part is then indexed from scratch. */
int index_part_clear(struct msg_index *idx, uint32_t part, struct strbuf *err);
/* The seq the next message of the part gets: 1 + its newest seq, 0 when it has none. */
int index_part_next_seq(struct msg_index *idx, uint32_t part, int64_t *out, struct strbuf *err);
/* The parts that have rows or a state, ascending. */
int index_parts(struct msg_index *idx, uint32_t **parts, size_t *count, struct strbuf *err);
void index_part_state_release(struct index_part_state *state);

/* ---- updates */

/* Takes the write lock (waiting up to 10 minutes for another run's update). */
int index_update_begin(struct msg_index *idx, struct strbuf *err);
int index_update_commit(struct msg_index *idx, struct strbuf *err);
/*
 * Around the adding of many rows to an index that has few (a first
 * update), inside an update: the index of commits is dropped, then made
 * again from all the rows at once, which is faster than growing it row
 * by row. A failure between them is rolled back with the update.
 */
int index_bulk_begin(struct msg_index *idx, struct strbuf *err);
int index_bulk_end(struct msg_index *idx, struct strbuf *err);
/* Drops everything since index_update_begin; harmless when there is no update. */
void index_update_abort(struct msg_index *idx);

struct index_key {
	uint32_t part;         /* <= INDEX_PART_MAX */
	int64_t seq;           /* 0 .. INDEX_SEQ_MAX: the message's place in its part, oldest first */
	const git_oid *commit; /* git: the message's commit; NULL for files */
};

/*
 * Adds (or replaces) the row of key: every field of f except organisation,
 * which identity_apply sets after loading. A removal record (f->present
 * false) is a row too. Only inside an update. Rows added oldest first
 * (ascending seq) fill the file's pages; newest first leaves them half
 * empty.
 */
int index_add(struct msg_index *idx, const struct index_key *key, const struct message_facts *f,
	      struct strbuf *err);

/*
 * index_add in two steps, so that the costly half runs beside the reading:
 * index_row_encode (any thread) turns facts into a ready row, which
 * index_put (the update's thread) adds as index_add would.
 */
struct index_ready_row {
	struct strbuf record;   /* the record, the List-Id left out */
	size_t list_id_at;      /* where it goes */
	char *list_id;
	struct strbuf body;     /* the entry body: its text, or its length and deflated text */
	bool has_body;
	bool body_deflated;     /* a long body, deflated (see rows.c) */
	char *read_error;
	int64_t arrival;
};

/* Fills out from f, which it leaves as it was. */
void index_row_encode(struct index_ready_row *out, const struct message_facts *f);
int index_put(struct msg_index *idx, const struct index_key *key, const struct index_ready_row *row,
	      struct strbuf *err);
void index_ready_row_release(struct index_ready_row *row);

/* ---- reading */

/*
 * One read transaction around many reads: they all see the same state,
 * and SQLite takes its locks once rather than once a statement (a load of
 * the whole archive row by row spent more time locking than reading).
 * Not inside an update; index_read_end is harmless without one.
 */
int index_read_begin(struct msg_index *idx, struct strbuf *err);
void index_read_end(struct msg_index *idx);

/* The row id of a key, for a loaded list: ordered as (part, seq). */
int64_t index_row_id(uint32_t part, int64_t seq);
uint32_t index_row_part(int64_t row);
int64_t index_row_seq(int64_t row);

/* Every row, newest first (part descending, then seq descending). */
struct index_listing {
	int64_t *rows;
	int64_t *arrival;
	size_t count;
};

int index_list(struct msg_index *idx, struct index_listing *out, struct strbuf *err);
void index_listing_release(struct index_listing *listing);

/* 1 and *row when a row has that commit, 0 when none has. */
int index_find_commit(struct msg_index *idx, const git_oid *commit, int64_t *row, struct strbuf *err);

/* 1 and *commit when the row is a git message's, 0 when it has no commit (or no row). */
int index_row_commit(struct msg_index *idx, int64_t row, git_oid *commit, struct strbuf *err);

/*
 * 1 when the part has a row of a message its source could not read (see
 * message_facts.read_error), 0 when not. Such a part is indexed again by
 * every update, so that a repaired archive is read as it now is.
 */
int index_part_has_unreadable(struct msg_index *idx, uint32_t part, struct strbuf *err);

/*
 * The facts of rows[0..count), into facts[0..count) in that order (release
 * each with facts_release). A row that does not exist is an error. The
 * entry_body is left NULL: index_load_entry_body reads it.
 */
int index_load(struct msg_index *idx, const int64_t *rows, size_t count, struct message_facts *facts,
	       struct strbuf *err);
/*
 * index_load with the facts' strings and lists in arena (when not NULL),
 * the author's too (identity_apply_in replaces them in the same arena);
 * release them all with index_facts_release, never one by one with
 * facts_release. Rows loaded together share the strings they repeat
 * (record_decode_in, arena_share); the table that finds them is freed at
 * the end. On failure the arena is released.
 */
int index_load_into(struct msg_index *idx, const int64_t *rows, size_t count, struct message_facts *facts,
		    struct arena *arena, struct strbuf *err);
/*
 * index_load_into with the ids of the facts (record_decode_apart) in
 * ids_arena, apart from the rest: freed with it once they are no longer
 * read (facts_forget_ids first). On failure both arenas are released.
 */
int index_load_apart(struct msg_index *idx, const int64_t *rows, size_t count, struct message_facts *facts,
		     struct arena *arena, struct arena *ids_arena, struct strbuf *err);
/*
 * The entry_body of row into body, emptied first: 1 when it has one, 0
 * when not, -1 with err. One at a time, as a report writes them: the
 * quarter of a million entries of a million messages need not all be in
 * memory at once.
 */
int index_load_entry_body(struct msg_index *idx, int64_t row, struct strbuf *body, struct strbuf *err);
/*
 * The subject and the message-id of row, into subject and message_id,
 * emptied first (the subject empty when it has none): 1 when it has a
 * message-id, 0 when not, -1 with err. For loads that left them out
 * (skip_subjects, facts_forget_ids), one message at a time as they are
 * shown.
 */
int index_load_subject_and_id(struct msg_index *idx, int64_t row, struct strbuf *subject,
			      struct strbuf *message_id, struct strbuf *err);
/*
 * The subject and the patch-id of row, into subject (emptied first) and
 * patch_id: 1 when it has a patch-id, 0 when not, -1 with err. For the
 * applied check, which reads a patch's when it looks for it, where a load
 * left both out (skip_subjects, skip_patch_ids).
 */
int index_load_patch(struct msg_index *idx, int64_t row, struct strbuf *subject, git_oid *patch_id,
		     struct strbuf *err);
/* Releases facts[0..count) as loaded with arena (NULL: each with facts_release), zeroing them. */
void index_facts_release(struct message_facts *facts, size_t count, struct arena *arena);

/*
 * Rows loaded in bulk, newest first; release with index_rows_release. Their
 * strings and lists live in arena (identity_apply_in replaces their
 * author there), but for their ids, in ids: never facts_release one of
 * these facts. The ids may go first: facts_forget_ids, then release ids.
 */
struct index_rows {
	int64_t *rows;
	struct message_facts *facts;
	size_t count;
	struct arena arena;
	struct arena ids;  /* the facts' ids (record_decode_apart) */
};

/*
 * Every row whose arrival is <= end (INT64_MAX: all), newest first, in one
 * scan: what the life of a series needs as its "universe".
 */
int index_load_through(struct msg_index *idx, int64_t end, struct index_rows *out, struct strbuf *err);
void index_rows_release(struct index_rows *rows);

#endif
