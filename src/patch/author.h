/* Who wrote a message: the patch author from the body, else the real sender. */
#ifndef LISTDIGEST_AUTHOR_H
#define LISTDIGEST_AUTHOR_H

#include "../message/address.h"
#include "../message/mail.h"
#include "inbody.h"

enum author_source {
	AUTHOR_UNKNOWN,        /* no parsable address anywhere */
	AUTHOR_INBODY_FROM,    /* the From: of git's in-body header */
	AUTHOR_ORIGINAL_FROM,  /* X-Original-From of a "via B4 Relay" message */
	AUTHOR_REPLY_TO,       /* Reply-To of a message whose sender the list rewrote */
	AUTHOR_HEADER_FROM,
};

/*
 * Attributes mail to its author, given its in-body header (see inbody.h).
 * On return mb holds the name (possibly empty) and the address as the
 * message wrote it, or NULLs for AUTHOR_UNKNOWN.
 */
enum author_source author_attribute(const struct mail *mail, const struct inbody_header *inbody,
				    struct mailbox *mb);

/*
 * True when a header From was rewritten by a mailing list (Mailman's DMARC
 * mitigation): its name ends in " via <list name>" and its address is the
 * list's posting address, from List-Post (compared in any case).
 */
bool author_from_is_list_rewrite(const struct mailbox *from, const char *list_post);

#endif
