/*
 * What each kind of source implements (epoch.c, mbox.c, maildir.c), and
 * the parts of a source they share. Only src/source/ includes this.
 */
#ifndef LISTDIGEST_SOURCE_KIND_H
#define LISTDIGEST_SOURCE_KIND_H

#include "source.h"

struct source_type {
	const char *name;
	/* Frees src->data. */
	void (*close)(struct source *src);
	/* The heading's name of the kind's message `slot`; NULL: its arrival, as a date. */
	void (*label)(const struct source *src, size_t slot, struct strbuf *out);
	/* A cursor whose first member is a struct source_cursor. */
	int (*cursor_open)(struct source *src, struct source_cursor **out, struct strbuf *err);
	int (*read)(struct source_cursor *cur, size_t slot, struct source_blob *blob, struct strbuf *err);
	void (*cursor_close)(struct source_cursor *cur);
	/* The key of the kind's message `slot`; NULL: part 0, no commit. */
	void (*key)(const struct source *src, size_t slot, struct source_key *key);
	/* Frees the kind's own of each message (source_forget_messages); NULL: it keeps little. */
	void (*forget_messages)(struct source *src);
};

struct source {
	const struct source_type *type;
	enum source_kind kind;
	size_t count;             /* listed messages, after any selection */
	size_t alloc;
	int64_t *arrival;         /* owned; count entries, newest first */
	uint32_t *slot;           /* owned; count entries: the kind's own number of each message */
	char *name;               /* owned; see source_name() */
	char *range_start_label;  /* owned; NULL when there is none */
	char *range_end_label;    /* owned; NULL when there is none */
	struct source_part *parts; /* owned; NULL: one part, number 0 */
	size_t part_count;
	char *stamp;              /* owned; see source_stamp(); NULL: none */
	char **skipped;           /* owned; skipped_count strings: see source_skipped() */
	size_t skipped_count;
	void *data;               /* owned by the kind */
};

struct source_cursor {
	struct source *src;       /* borrowed */
};

/*
 * The last component of path, trailing slashes skipped; then each of
 * `suffixes` (NULL-terminated, tried in order) is cut off when the name
 * ends with it and something is left: {".gz", ".mbox"} makes "kvm" of
 * "lists/kvm.mbox.gz", {".git"} makes "kvm" of "kvm.git/".
 */
char *source_base_name(const char *path, const char *const *suffixes);

/* "<size> <mtime> <inode>" of path, with `what` before it, into *stamp; nothing when stat fails. */
void source_stamp_file(char **stamp, const char *what, const char *path);

/* Keeps why a part was left out (skip_unreadable_epochs). */
void source_add_skipped(struct source *src, const char *why);

/* Appends one message to the list; a kind lists newest first. */
void source_append(struct source *src, int64_t arrival, size_t slot);

/* The kinds' open functions: fill type, data, name and the list. */
int source_open_git(struct source *src, const struct source_options *opts, struct strbuf *err);
int source_open_mbox(struct source *src, const struct source_options *opts, struct strbuf *err);
int source_open_maildir(struct source *src, const struct source_options *opts, struct strbuf *err);

#endif
