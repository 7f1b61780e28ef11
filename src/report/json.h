/*
 * The JSON format: one object holding every section the text holds, as
 * raw values (counts as numbers, times as ISO 8601 UTC, names and
 * addresses apart); doc/listdigest.schema.json describes it.
 */
#ifndef LISTDIGEST_REPORT_JSON_H
#define LISTDIGEST_REPORT_JSON_H

#include "report.h"

int report_json_write(struct strbuf *out, const struct report_run *run, struct strbuf *err);

/*
 * Appends s as a JSON string literal: '"' and '\' escaped, control
 * characters as \n, \t or \u00XX, '<', '>', '&', U+2028 and U+2029 as
 * \uXXXX (so that the JSON can sit inside an HTML <script> or be read as
 * JavaScript), an invalid UTF-8 sequence as \ufffd; other text as it is.
 */
void json_add_string(struct strbuf *out, const char *s);

#endif
