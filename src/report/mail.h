/*
 * The digest as a mail ready to send (sendmail -t, git send-email): the
 * text format as a quoted-printable text/plain body, or with the HTML
 * format beside it as multipart/alternative.
 */
#ifndef LISTDIGEST_REPORT_MAIL_H
#define LISTDIGEST_REPORT_MAIL_H

#include "report.h"

int report_mail_write(struct strbuf *out, const struct report_run *run, struct strbuf *err);

#endif
