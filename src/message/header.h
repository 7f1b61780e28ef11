/* Header field values: unfolding, RFC 2047 decoding, message ids, addresses. */
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

/* A mailbox: display name (may be empty) and addr-spec; NULL fields when absent. */
struct mailbox {
	char *name;
	char *addr;
};

/*
 * Parses the first mailbox of an address value. Returns 0 and fills mb when
 * it holds an addr-spec with an '@'; -1 otherwise (mb left with NULL fields).
 * The name is decoded, unquoted, white space collapsed, clean UTF-8.
 */
int mailbox_parse(const char *value, struct mailbox *mb);
void mailbox_release(struct mailbox *mb);

#endif
