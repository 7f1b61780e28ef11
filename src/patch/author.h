/* Who wrote a message: the patch author from the body, else the sender. */
#ifndef LISTDIGEST_AUTHOR_H
#define LISTDIGEST_AUTHOR_H

#include "../message/header.h"
#include "../message/mail.h"

enum author_source {
	AUTHOR_UNKNOWN,        /* no parsable address anywhere */
	AUTHOR_INBODY_FROM,    /* "From:" as the first non-blank body line */
	AUTHOR_ORIGINAL_FROM,  /* X-Original-From of a "via B4 Relay" message */
	AUTHOR_HEADER_FROM,
};

/*
 * Attributes mail to its author. On return mb holds the name (possibly
 * empty) and the lower-cased address, or NULLs for AUTHOR_UNKNOWN.
 */
enum author_source author_attribute(const struct mail *mail, struct mailbox *mb);

/*
 * The first non-blank line of a body (blank: only spaces, tabs, CR), as a
 * pointer and length without the line end; NULL when there is none.
 */
const char *body_first_line(const char *body, size_t len, size_t *line_len);

#endif
