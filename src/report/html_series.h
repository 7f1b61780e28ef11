/* The HTML of the sections on the life of series: status, waiting list, busiest threads. */
#ifndef LISTDIGEST_HTML_SERIES_H
#define LISTDIGEST_HTML_SERIES_H

#include "../common/strbuf.h"
#include "../series/series.h"
#include "report.h"

/*
 * Appends m's subject as text, inside a link to the message's lore page
 * when it has one (series_link with list_id).
 */
void html_linked_subject(struct strbuf *out, const struct report_run *run, const struct message_facts *m,
			 const char *list_id);

/* Appends a person as the text formats write them ("Name <addr>"), escaped. */
void html_person(struct strbuf *out, const char *name, const char *address);

/* The series sections of run->series. */
void html_series_status(struct strbuf *out, const struct report_run *run);
void html_waiting(struct strbuf *out, const struct report_run *run);
void html_threads(struct strbuf *out, const struct report_run *run);

#endif
