/* `git patch-id --stable` of a mail's diff, without running git. */
#ifndef LISTDIGEST_PATCHID_H
#define LISTDIGEST_PATCHID_H

#include <stddef.h>

/*
 * The patch-id (40 lower-case hex digits, a new string) of a diff in git's
 * format, as `git patch-id --stable` gives it; NULL when libgit2 cannot
 * parse it or it changes no file. CRLF line ends are read as LF, as git am
 * reads a mail. Safe to call from several threads at once.
 */
char *patchid_of_diff(const char *diff, size_t len);

#endif
