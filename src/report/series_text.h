/* The text of the sections on the life of series: status, waiting list, busiest threads. */
#ifndef LISTDIGEST_SERIES_TEXT_H
#define LISTDIGEST_SERIES_TEXT_H

#include <stdbool.h>

#include "../common/strbuf.h"
#include "../series/series.h"
#include "report.h"

/*
 * Appends a message's link: run->lore_base (a '/' added when it lacks one), or
 * "https://lore.kernel.org/<list>/" where <list> is the lower-cased first
 * label of the message's List-Id, else of list_id (the archive's newest);
 * then the message-id escaped as public-inbox does, and '/'. Appends
 * nothing and returns false when there is no message-id, or no list
 * without lore_base: no link rather than a broken one. The message-id
 * is report_message_id's: the subject of m stays valid.
 */
struct report_run;
bool series_link(struct strbuf *out, const struct report_run *run, const struct message_facts *m,
		 const char *list_id);

/* Every byte outside A-Za-z0-9-._~!$&'()*+,;=:@ as %XX (public-inbox's mid_escape). */
void series_escape_id(struct strbuf *out, const char *id);

/* The lines of a revision's block under its subject, as kinds for the formats that mark them. */
enum series_line {
	SERIES_LINE_REVISION,  /* "v2, 3 patches, by Name <addr>, 2025-06-02" */
	SERIES_LINE_EARLIER,   /* "earlier: v1 2025-05-01 (2 patches)" */
	SERIES_LINE_REPLIES,   /* "replies: 4 from 2 people" */
	SERIES_LINE_TRAILERS,  /* "Reviewed-by: Name <addr> (all) (sent by x@y)", one a kind */
	SERIES_LINE_APPLIED,   /* "applied: 2 of 3 in tree: 0123abcde (1), ..." */
	SERIES_LINE_STATE,     /* "state: " then the state: the value is at text + SERIES_STATE_PREFIX_LEN */
};
#define SERIES_STATE_PREFIX "state: "
#define SERIES_STATE_PREFIX_LEN (sizeof(SERIES_STATE_PREFIX) - 1)

/*
 * Calls line(ctx, kind, text) for each line of the block, in order, with
 * the text format's words and no indent; the text holds names from the
 * messages, so a format escapes it whole. The link line is left to each
 * format (series_link).
 */
typedef void (*series_line_fn)(void *ctx, enum series_line kind, const char *text);
void series_block_lines(const struct series_block *b, const struct series_report *r,
			series_line_fn line, void *ctx);

/* The text format's series sections, below their headings (which text.c writes), of run->series. */
void report_series_status(struct strbuf *out, const struct report_run *run);
void report_waiting(struct strbuf *out, const struct report_run *run);
void report_threads(struct strbuf *out, const struct report_run *run);

#endif
