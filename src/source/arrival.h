/*
 * The arrival time of a message read from a file (mbox, Maildir): its Date
 * header, since a file keeps no delivery time of its own that survives a copy.
 */
#ifndef LISTDIGEST_ARRIVAL_H
#define LISTDIGEST_ARRIVAL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Seconds since 1970 (UTC) of the first Date field of the raw message's
 * header block (up to its first empty line; LF or CRLF line ends; NUL
 * bytes allowed), as GMime reads it; 0 when there is none or it does not parse.
 */
int64_t arrival_from_header(const char *msg, size_t len);

/* Where the header block ends: the offset of its empty line, or len. */
size_t arrival_header_end(const char *msg, size_t len);

/* The heading's name of a file message: its arrival as "YYYY-MM-DD HH:MM", UTC. */
struct strbuf;
void arrival_label(int64_t t, struct strbuf *out);

#endif
