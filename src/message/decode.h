/*
 * The fast path's body decoding: base64 or quoted-printable, then a
 * single-byte charset to UTF-8, in one pass into a new buffer. It gives
 * exactly GMime's bytes (gmime-encodings.c and its charset filter) for the
 * shapes it takes, and declines the rest: anything a sender might have got
 * wrong, whose reading then stays GMime's.
 */
#ifndef LISTDIGEST_DECODE_H
#define LISTDIGEST_DECODE_H

#include <stddef.h>

#include "charset.h"

enum transfer_encoding {
	TRANSFER_IDENTITY, /* 7bit, 8bit, binary, or none */
	TRANSFER_BASE64,
	TRANSFER_QUOTED_PRINTABLE,
};

/*
 * Decodes the body in[0..len) and converts it with table (NULL: bytes as
 * they stand). On success returns 0 with *out a new NUL-terminated buffer
 * (owned by the caller) of *out_len bytes. Returns -1, with nothing
 * allocated, for input the fast path leaves to GMime:
 * - base64: a character outside the alphabet other than CR, LF, space and
 *   tab; padding anywhere but in the last quartet, or other than "xx==" or
 *   "xxx="; anything but white space after it; a last quartet cut short;
 * - quoted-printable: '=' followed by anything but two hex digits (either
 *   case), LF or CRLF, except a lone '=' as the very last byte, which GMime
 *   drops.
 */
int decode_body(char **out, size_t *out_len, const char *in, size_t len,
		enum transfer_encoding encoding, const struct charset_table *table);

#endif
