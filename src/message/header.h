/* Header field values: unfolding, RFC 2047 decoding, message ids. */
#ifndef LISTDIGEST_HEADER_H
#define LISTDIGEST_HEADER_H

#include <stddef.h>

/*
 * A raw field value (what follows "Name:") unfolded: line breaks before
 * white space are removed, the white space stays, the value's leading white
 * space and final line break go. Other white space, a trailing blank
 * included, is kept. NUL bytes are dropped, so the result is a C string
 * holding all the rest.
 */
char *header_unfold(const char *raw, size_t len);

/*
 * An unfolded value with its RFC 2047 encoded words decoded, as clean UTF-8;
 * raw 8-bit bytes that are not UTF-8 are read as Latin-1.
 */
char *header_decode_text(const char *unfolded);

/* The first <id> of a value, without brackets; NULL when there is none. */
char *header_first_msgid(const char *value);

/*
 * Every <id> of a value (References), in order, each without brackets and
 * cleaned as header_first_msgid cleans it, so that they compare with the
 * ids of other messages. At most max ids are kept (max >= 2): a hostile
 * header of a million ids must not cost a million strings. When there are
 * more, the first (the thread's root) and the newest max - 1 (the closest
 * ancestors) stay. Sets *count; NULL when there is none.
 */
char **header_msgids(const char *value, size_t max, size_t *count);

/*
 * A message's own id, read from its Message-ID value as public-inbox reads
 * it: the first <id> without brackets or, where the sender wrote none, the
 * whole value trimmed of white space. NULL when the value is blank.
 */
char *header_message_id(const char *value);

/* A copy of a raw value in UTF-8: its 8-bit bytes read as Latin-1 unless they are valid UTF-8. */
char *header_utf8_dup(const char *value);

#endif
