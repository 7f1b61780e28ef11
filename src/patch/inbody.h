/*
 * git's in-body header: the "From:" line, and any "Date:" and "Subject:"
 * lines after it, that git send-email and b4 write above a patch's commit
 * message when the sender is not its author.
 */
#ifndef LISTDIGEST_INBODY_H
#define LISTDIGEST_INBODY_H

#include <stdbool.h>
#include <stddef.h>

#include "../message/address.h"

struct inbody_header {
	bool present;          /* the body opens with an in-body header */
	struct mailbox from;   /* owned; NULL fields when !present */
	const char *date;      /* raw value, borrowed from the body; NULL when absent */
	size_t date_len;
	const char *subject;   /* likewise */
	size_t subject_len;
	size_t start;          /* offset of its first line */
	size_t end;            /* offset of the blank line after it, or the body's length */
};

/*
 * Reads the in-body header at the top of a decoded body. It is there when
 * the first non-blank line is "From:" holding one mailbox with an address
 * and nothing after it but comments, followed by at most one "Date:" and
 * one "Subject:" line in any order, and then a blank line or the end of
 * the body. Field names are matched in any case, as git does; a line that
 * starts with a blank continues the field above it. Anything else, such
 * as Outlook's "Sent:", "To:" and "Cc:" under a quoted "From:", means
 * there is none.
 */
void inbody_parse(struct inbody_header *h, const char *body, size_t len);
void inbody_release(struct inbody_header *h);

#endif
