/*
 * The "similarity index" git writes for a renamed file: how much of the
 * new content was copied from the old, by git's own estimate (diffcore's
 * spans of up to 64 bytes, ending at a newline). A patch-id hashes the
 * header line that holds it, so a commit's diff must carry git's number,
 * not libgit2's, to get the patch-id of the patch that git sent.
 */
#ifndef LISTDIGEST_SIMILARITY_H
#define LISTDIGEST_SIMILARITY_H

#include <stddef.h>

/* 0 to 100, as git prints it; 100 for equal contents. */
int similarity_index(const char *old, size_t old_len, const char *new, size_t new_len);

#endif
