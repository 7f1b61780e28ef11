/*
 * Where messages come from, behind one interface: a public-inbox v2 epoch,
 * a whole v2 inbox (its epochs in order), an mbox, a Maildir. A source lists
 * its messages once, when it is opened, each with an arrival time; the
 * pipeline narrows the list (source_select) and reads message i from worker
 * threads through cursors. Nothing past this header knows the kind.
 */
#ifndef LISTDIGEST_SOURCE_H
#define LISTDIGEST_SOURCE_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/strbuf.h"

enum source_kind { SOURCE_EPOCH, SOURCE_INBOX, SOURCE_MBOX, SOURCE_MAILDIR };

/* What an index already holds of a git source: the newest commit it read of an epoch. */
struct source_known_tip {
	unsigned long epoch;  /* N of git/N.git; 0 for a lone epoch */
	git_oid commit;
};

struct source_options {
	const char *path;   /* borrowed; "-" is an mbox on standard input */
	const char *range;  /* borrowed; a git revision range, NULL for all history */
	/*
	 * Only without a range: a git source then lists only the commits
	 * after `known` (borrowed), each in its epoch, and records each
	 * epoch's HEAD (source_part); an epoch without a known commit, or
	 * whose history no longer holds it (public-inbox rewrites history to
	 * purge a message), is listed whole, the latter marked relisted.
	 */
	bool after_known;
	const struct source_known_tip *known;
	size_t known_count;
	/*
	 * An inbox's epoch that cannot be opened or listed is left out, its
	 * "<what>: <why>" kept (source_skipped), instead of failing the open;
	 * unless every epoch is.
	 */
	bool skip_unreadable_epochs;
};

#define SOURCE_OPTIONS_INIT {NULL, NULL, false, NULL, 0, false}

struct source;

/*
 * Detects the kind of opts->path and lists its messages, newest first
 * (index 0 is the newest). Returns 0, or -1 with "<what>: <why>" in err.
 */
int source_open(struct source **out, const struct source_options *opts, struct strbuf *err);
void source_close(struct source *src);

/*
 * Frees what src holds of each message, its list and the kind's own
 * (a git source's commits and trees), once they have all been read: its
 * parts, name, stamp and what it skipped stay. It lists none after.
 */
void source_forget_messages(struct source *src);

enum source_kind source_kind(const struct source *src);
size_t source_count(const struct source *src);

/*
 * Seconds since 1970 UTC: for git sources the committer time (public-inbox
 * commits a message when the list delivers it), for mbox and Maildir the
 * Date header, 0 when it has none that parses.
 */
int64_t source_arrival(const struct source *src, size_t i);

/* Keeps the messages whose keep[i] is true (source_count() entries), in their order. */
void source_select(struct source *src, const bool *keep);

/*
 * The name of message i in the heading: the first 9 hex digits of its
 * commit for git sources, its arrival as "YYYY-MM-DD HH:MM" UTC otherwise.
 */
void source_label(const struct source *src, size_t i, struct strbuf *out);

/* The labels of an explicit A and of B of an A..B range; NULL when there is none. */
const char *source_range_start_label(const struct source *src);
const char *source_range_end_label(const struct source *src);

/*
 * Where message i sits, for an index: its part (the epoch's number; 0 for
 * a lone epoch, an mbox or a Maildir) and, for git sources, its commit.
 */
struct source_key {
	unsigned long part;
	bool has_commit;
	git_oid commit;
};
void source_key(const struct source *src, size_t i, struct source_key *key);

/* The parts of a source, as listed: for git, each epoch and its HEAD. */
struct source_part {
	unsigned long number;
	bool has_head;      /* git: the epoch has a commit */
	git_oid head;
	bool relisted;      /* its known tip was not in its history: listed whole */
};
size_t source_part_count(const struct source *src);
void source_part(const struct source *src, size_t k, struct source_part *part);

/*
 * What changes when a file source's content changes, for a cache: the
 * mbox's size and modification time, the modification times of a
 * Maildir's cur/ and new/. False for git sources (their commits tell)
 * and for standard input (nothing to compare with).
 */
bool source_stamp(const struct source *src, struct strbuf *out);

/*
 * What a cache of the source is named by: "<kind prefix><absolute path>"
 * ("mboxo:/home/me/kvm.mbox", "/srv/lore/kvm"), and in *name the readable
 * start of its file name ("kvm"). NULL for standard input, which cannot be
 * read twice and has nothing to compare with, and for a path that names
 * nothing. Both owned by the caller.
 */
char *source_cache_id(const char *path, char **name);

/* The epochs left out by skip_unreadable_epochs: "<epoch>: <why>" each, in number order. */
size_t source_skipped_count(const struct source *src);
const char *source_skipped(const struct source *src, size_t k);

/* What names the list when no message says: the directory or file name ("kvm"). */
const char *source_name(const struct source *src);

/* One message as read. */
struct source_blob {
	const char *data;   /* the raw message; NULL for a removal record (git's `d`) */
	size_t len;
	bool has_blob_id;
	git_oid blob_id;    /* git sources: the blob `m` */
};

/* Reading: one cursor per thread; a source may have several at once. */
struct source_cursor;
int source_cursor_open(struct source *src, struct source_cursor **out, struct strbuf *err);

/*
 * Reads message i. The blob stays valid until the next read on the same
 * cursor or its close. Returns 0, or -1 with "<what>: <why>" in err.
 */
int source_read(struct source_cursor *cur, size_t i, struct source_blob *blob, struct strbuf *err);
void source_cursor_close(struct source_cursor *cur);

/* Once per process, before any source is opened: libgit2 and its tuning. */
void source_library_init(void);
void source_library_shutdown(void);

#endif
