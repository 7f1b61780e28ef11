/* The part of a message body an entry shows: the commit message or cover text. */
#ifndef LISTDIGEST_BODY_H
#define LISTDIGEST_BODY_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Cuts a decoded body for an entry and returns it as clean UTF-8 (CR and
 * other control characters gone). When drop_inbody_from, the in-body
 * "From:" line is removed with any "Date:"/"Subject:" lines right after it.
 * The text ends with the diffstat's summary line when there is one (even
 * when a diff is quoted before it), else before the first "diff -" or
 * "Index: " line or the signature separator "-- "; trailing blank lines go.
 */
char *body_excerpt(const char *body, size_t len, bool drop_inbody_from);

/* True for " 2 files changed, 1 insertion(+), 3 deletions(-)" and its kin. */
bool line_is_diffstat_summary(const char *line, size_t len);

#endif
