/* The plain-text digest, in the reference's layout. */
#ifndef LISTDIGEST_TEXT_H
#define LISTDIGEST_TEXT_H

#include "report.h"

int report_text_write(struct strbuf *out, const struct report_run *run, struct strbuf *err);

#endif
