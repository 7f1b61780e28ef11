/*
 * The HTML format: one self-contained page (no script, no external
 * asset), its charts drawn as inline SVG, its styles inline and following
 * the reader's colour scheme.
 */
#ifndef LISTDIGEST_HTML_H
#define LISTDIGEST_HTML_H

#include "report.h"

int report_html_write(struct strbuf *out, const struct report_run *run, struct strbuf *err);

#endif
