/*
 * The single-byte charsets the fast path converts itself (ISO-8859-1,
 * ISO-8859-15, windows-1252): a byte-to-UTF-8 table for each, built once
 * from iconv, the converter GMime uses, so that both paths give the same
 * bytes.
 */
#ifndef LISTDIGEST_CHARSET_H
#define LISTDIGEST_CHARSET_H

#include <stdbool.h>

/* What one byte becomes in UTF-8: len bytes (0 when iconv rejects it). */
struct charset_seq {
	unsigned char bytes[3];
	unsigned char len;
};

/* Bytes 0x00-0x7F map to themselves in every table (checked when built). */
struct charset_table {
	struct charset_seq seq[256];
};

/* Builds the tables; once per process, before any thread parses mail. */
void charset_tables_init(void);

/*
 * Looks up a charset name (a Content-Type parameter, unquoted and trimmed).
 * Returns true when the fast path can decode it, with *table set to its
 * table, or to NULL for charsets whose bytes are taken as UTF-8 as they
 * stand (utf8_charset_is_compatible). Returns false for any other name,
 * for spellings whose mapping by GMime is not certain, and for a charset
 * whose table iconv could not build.
 */
bool charset_find(const char *name, const struct charset_table **table);

#endif
