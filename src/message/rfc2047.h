/*
 * RFC 2047 encoded words. Written here rather than taken from GMime
 * because GMime 3.2 joins the base64 text of adjacent encoded words before
 * decoding, so "=?UTF-8?B?YQ==?= =?UTF-8?B?IGI=?=" loses everything after
 * the first word's padding: long non-ASCII names and subjects come out cut.
 */
#ifndef LISTDIGEST_RFC2047_H
#define LISTDIGEST_RFC2047_H

#include "../common/strbuf.h"

/*
 * Appends value to out with its encoded words decoded to UTF-8. White
 * space between adjacent words goes, and adjacent words in one charset are
 * converted together, so a character split across two words survives.
 * A malformed word stays as it is; an unknown charset is read as UTF-8.
 * The result may hold invalid UTF-8 from the input: clean it after.
 */
void rfc2047_decode(struct strbuf *out, const char *value);

#endif
