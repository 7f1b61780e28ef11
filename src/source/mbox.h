/*
 * The mbox source: one file (plain, gzip-compressed, or standard input) of
 * messages behind From_ separator lines, mboxrd or mboxo. These are its
 * parts, apart for unit tests; the source itself is source_open_mbox().
 */
#ifndef LISTDIGEST_MBOX_H
#define LISTDIGEST_MBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/strbuf.h"

enum mbox_variant {
	MBOX_RD,  /* ">From " lines quoted with one more '>': take one '>' off ">+From " */
	MBOX_O,   /* "From " lines quoted as ">From ": take the '>' off ">From " only */
};

/* One message of the file: its bytes without the separator line and the blank line that ends it. */
struct mbox_part {
	size_t off, len;
	bool quoted;  /* holds a line that the variant unquotes */
};

/* Whether line (len bytes, without its LF) is a From_ separator line. */
bool mbox_is_separator(const char *line, size_t len);

/*
 * The messages of buf, in file order; *count of them in *parts (owned by
 * the caller; NULL when there is none). A separator line starts each; what
 * comes before the first separator is one more message unless it is only
 * blank lines, so a file without any separator is one message.
 */
void mbox_split(const char *buf, size_t len, enum mbox_variant variant,
		struct mbox_part **parts, size_t *count);

/* Appends msg to out with the variant's quoting of From lines taken off. */
void mbox_unquote(struct strbuf *out, const char *msg, size_t len, enum mbox_variant variant);

/*
 * The bytes of an mbox file, read once: a regular file is mapped; a gzip
 * file (known by its magic bytes) and standard input ("-") are streamed
 * into an unlinked temporary file, decompressing on the way, which is then
 * mapped. Memory stays bounded whatever the size: the bytes live in the
 * page cache, not on the heap, and mbox_file_release_below lets a reader
 * that goes front to back drop the pages it has passed, which would
 * otherwise count as the process's own.
 */
struct mbox_file {
	const char *data;  /* size bytes; NULL when size is 0 */
	size_t size;
	bool gzip;         /* was gzip-compressed */
	bool truncated;    /* a gzip stream that stops before its end: data holds what it gave */
	void *map;         /* owned mapping, NULL when none */
	size_t map_len;
	int fd;            /* the mapped file, open for pread; -1 when none */
	size_t released;   /* the pages below this offset were dropped */
};

/* Opens path ("-" for standard input). Returns 0, or -1 with "<path>: <why>" in err. */
int mbox_file_open(struct mbox_file *f, const char *path, struct strbuf *err);
void mbox_file_close(struct mbox_file *f);

/*
 * Drops the mapping's pages below off, in steps of some megabytes: f->data
 * still reads the same (a page is read again from the file when touched).
 */
void mbox_file_release_below(struct mbox_file *f, size_t off);

/*
 * Reads f's bytes [off, off + len) into out (replacing what it held) with
 * pread, leaving the mapping untouched. Returns 0, or -1 with
 * "<path>: <why>" in err.
 */
int mbox_file_read(const struct mbox_file *f, size_t off, size_t len, struct strbuf *out,
		   const char *path, struct strbuf *err);

/*
 * The file of a source path and its variant: "mboxo:FILE" and
 * "mboxrd:FILE" (lei's spelling) name the variant, when no file has that
 * very name; a bare FILE is read as mboxrd.
 */
const char *mbox_path_variant(const char *path, enum mbox_variant *variant);

#endif
