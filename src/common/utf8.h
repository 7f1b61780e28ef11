/* Making text safe for the output: valid UTF-8, no control characters. */
#ifndef LISTDIGEST_UTF8_H
#define LISTDIGEST_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/*
 * Appends data to out as valid UTF-8: each invalid sequence becomes U+FFFD,
 * and control characters (C0 but tab and newline, DEL, C1) are dropped, so
 * CR of CRLF line ends disappears too.
 */
void utf8_clean_append(struct strbuf *out, const char *data, size_t len);

/* The cleaned copy as a new string. */
char *utf8_clean_dup(const char *data, size_t len);

/*
 * True for the charsets whose bytes are taken as UTF-8 as they stand
 * (UTF-8 itself and US-ASCII, in their usual spellings, any case).
 */
bool utf8_charset_is_compatible(const char *charset);

/* True when data is valid UTF-8 without any character utf8_clean drops. */
bool utf8_is_clean(const char *data, size_t len);

#endif
