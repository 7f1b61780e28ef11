/* The text of the sections on the life of series: status, waiting list, busiest threads. */
#ifndef LISTDIGEST_SERIES_TEXT_H
#define LISTDIGEST_SERIES_TEXT_H

#include <stdbool.h>

#include "../common/strbuf.h"
#include "../series/series.h"

/*
 * Appends a message's link: lore_base (a '/' added when it lacks one), or
 * "https://lore.kernel.org/<list>/" where <list> is the lower-cased first
 * label of the message's List-Id, else of list_id (the archive's newest);
 * then the message-id escaped as public-inbox does, and '/'. Appends
 * nothing and returns false when there is no message-id, or no list
 * without lore_base: no link rather than a broken one.
 */
bool series_link(struct strbuf *out, const struct message_facts *m, const char *list_id,
		 const char *lore_base);

/* Every byte outside A-Za-z0-9-._~!$&'()*+,;=:@ as %XX (public-inbox's mid_escape). */
void series_escape_id(struct strbuf *out, const char *id);

void report_series_status(struct strbuf *out, const struct series_report *report, const char *lore_base);
void report_waiting(struct strbuf *out, const struct series_report *report, const char *lore_base);
void report_threads(struct strbuf *out, const struct series_report *report, const char *lore_base);

#endif
