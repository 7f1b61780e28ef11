/*
 * The digest as CommonMark, with GitHub's tables for the counts: every
 * string from a message escaped so that it renders as the same text and
 * never as markup.
 */
#ifndef LISTDIGEST_MARKDOWN_H
#define LISTDIGEST_MARKDOWN_H

#include "report.h"

int report_markdown_write(struct strbuf *out, const struct report_run *run, struct strbuf *err);

/*
 * Appends s as inline text that renders as s: every ASCII punctuation
 * character backslash-escaped (so no emphasis, code, link, image, HTML,
 * entity, autolink, table cell break, or block marker at a line start),
 * line breaks as spaces, and spaces or tabs at either end as numeric
 * character references, which a renderer does not trim.
 */
void markdown_add_text(struct strbuf *out, const char *s);

/*
 * Appends a fenced code block holding body as it is: a fence of
 * backticks one longer than the longest run of backticks in body (at
 * least three), with no info string.
 */
void markdown_add_code_block(struct strbuf *out, const char *body);

/* Appends [url](url): the text escaped, the destination percent-escaped where markdown needs it. */
void markdown_add_link(struct strbuf *out, const char *url);

#endif
