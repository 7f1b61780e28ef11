/*
 * What a decoded text body says about the life of a series, read in one
 * pass: b4's change-id, the review trailers of a reply, the message-ids
 * its links name, and where its diff is (for patchid.h).
 */
#ifndef LISTDIGEST_REVIEW_H
#define LISTDIGEST_REVIEW_H

#include <stddef.h>

#include "facts.h"

/* More trailers than this in one body are dropped: no reviewer writes them, a hostile body could. */
#define REVIEW_TRAILERS_MAX 256

struct review {
	/*
	 * The first line "change-id: ID" as b4 writes it, anywhere in the
	 * body (b4 puts it below the diff of a single patch). Case matters:
	 * b4 writes it lower-case, while "Change-Id:" is Gerrit's trailer,
	 * an id of one commit, not of a series. "prerequisite-change-id:"
	 * does not match: the name starts the line.
	 */
	char *change_id;
	/*
	 * Lines above the first "-- " signature line and above the diff, of
	 * the form "Reviewed-by: VALUE" (or Acked, Tested, Nacked; any case)
	 * whose value holds an address (address.h). As b4 reads them, blanks
	 * may precede the name; a quoted line ("> Acked-by:") never counts;
	 * a value wrapped before its "<address>" is joined to the next line;
	 * a value holding a web link is not a person.
	 */
	struct review_trailer *trailers;
	size_t trailer_count;
	char **linked_ids;   /* links.h; unique, in order */
	size_t linked_id_count;
	/*
	 * From the first line starting with "diff --git " up to the next "-- "
	 * line or the end; NULL when the body has no such line. Points into
	 * the body.
	 */
	const char *diff;
	size_t diff_len;
};

/* Reads a body (any bytes, LF or CRLF line ends). Fills every field. */
void review_read(struct review *out, const char *body, size_t len);

/* Frees what review_read allocated and the facts did not take. */
void review_release(struct review *review);

#endif
