/* Text from a message, made safe to stand in HTML or SVG, as text or as an attribute's value. */
#ifndef LISTDIGEST_HTML_ESCAPE_H
#define LISTDIGEST_HTML_ESCAPE_H

#include <stddef.h>

#include "../common/strbuf.h"

/*
 * Appends s with &, <, >, " and ' as character references: valid in text,
 * in a quoted attribute and in SVG alike, so one function serves them all
 * and no caller has to know which context it writes in.
 */
void html_add_escaped(struct strbuf *out, const char *s);
void html_add_escaped_len(struct strbuf *out, const char *s, size_t len);

/*
 * Appends at most max characters of s, escaped; a longer s is cut at a
 * character boundary and ends in "…". For labels drawn in a fixed width.
 */
void html_add_escaped_cut(struct strbuf *out, const char *s, size_t max);

#endif
