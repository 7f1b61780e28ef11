/* The plain-text digest, in the reference's layout. */
#ifndef LISTDIGEST_TEXT_H
#define LISTDIGEST_TEXT_H

#include <stddef.h>

#include "../common/strbuf.h"
#include "../digest/digest.h"

struct report_header {
	const char *list_name;
	const char *from;   /* the oldest message: 9 hex digits of its commit, or its date */
	const char *to;     /* the newest, likewise */
	size_t top;         /* lines in each list */
};

void report_text(struct strbuf *out, const struct report_header *header, const struct digest *digest);

#endif
