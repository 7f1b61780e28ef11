/*
 * The encodings of a mail that any MTA or mbox carries unharmed: headers
 * in printable ASCII, RFC 2047 encoded words where the text needs them,
 * folded at 78 columns; bodies in quoted-printable.
 */
#ifndef LISTDIGEST_MAIL_ENCODE_H
#define LISTDIGEST_MAIL_ENCODE_H

#include <stddef.h>
#include <stdint.h>

#include "../common/strbuf.h"
#include "mail_address.h"

/*
 * "Name: value\n" for an unstructured header (Subject). value is UTF-8
 * text; when it is all printable ASCII, holds no "=?" and no word too
 * long to fold, it is written as it is, folded at blanks; else as
 * encoded words of UTF-8 in Q, each of whole characters and at most 75
 * bytes, one a line.
 */
void mail_add_text_header(struct strbuf *out, const char *name, const char *value);

/*
 * "Name: display-name <addr>\n" (From, To): the display name as atoms,
 * a quoted-string or encoded words, whichever it needs; the address
 * never encoded.
 */
void mail_add_address_header(struct strbuf *out, const char *name, const struct mail_address *a);

/* "Name: Tue, 14 Nov 2023 22:13:20 +0000\n": when, in UTC. */
void mail_add_date_header(struct strbuf *out, const char *name, int64_t when);

/*
 * data as quoted-printable: lines of at most 76 characters, soft breaks
 * "=\n"; '=', control characters, bytes over 0x7f and whitespace before
 * a line end encoded; so are the 'F' of a line that starts "From " (an
 * mbox would add '>') and a '.' that starts a line (sendmail without -i
 * takes a lone "." for the end of the mail). Never writes "=_", which
 * makes "=_..." a multipart boundary that cannot appear in a part.
 * Ends with a newline.
 */
void mail_add_quoted_printable(struct strbuf *out, const char *data, size_t len);

#endif
