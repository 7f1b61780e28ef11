/* The part of a message body an entry shows: the commit message or cover text. */
#ifndef LISTDIGEST_BODY_H
#define LISTDIGEST_BODY_H

#include <stdbool.h>
#include <stddef.h>

#include "inbody.h"

/*
 * Cuts a decoded body for an entry and returns it as clean UTF-8 (CR and
 * other control characters gone). The lines of a present in-body header
 * are left out (inbody may be NULL). The text ends with the first diffstat
 * summary line, unless a diff ("diff -", "Index: ") starts above the "---"
 * line over that diffstat; else before the first diff line or the
 * signature separator "-- ". Trailing blank lines go.
 */
char *body_excerpt(const char *body, size_t len, const struct inbody_header *inbody);

/* True for " 2 files changed, 1 insertion(+), 3 deletions(-)" and its kin. */
bool line_is_diffstat_summary(const char *line, size_t len);

#endif
