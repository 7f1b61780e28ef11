/* `git patch-id --stable` of a mail's diff, without running git. */
#ifndef LISTDIGEST_PATCHID_H
#define LISTDIGEST_PATCHID_H

#include <stddef.h>

/*
 * The patch-id (40 lower-case hex digits, a new string) of a diff in git's
 * format, as `git patch-id --stable` gives it, computed with libgit2;
 * NULL when libgit2 cannot parse it, it changes no file or it holds a NUL
 * byte. CRLF line ends are read as LF, as git am reads a mail. Safe to
 * call from several threads at once.
 *
 * libgit2 and git part where a diff is not what git format-patch wrote or
 * did not arrive intact: git hashes whatever diff lines it meets, libgit2
 * parses the diff first. A hand-edited hunk, a header the mailer wrapped,
 * or files deleted without their content (--irreversible-delete) get no
 * id; a blank context line that lost its space is context to libgit2, as
 * to git apply, but not to git patch-id. They also hash renames, and diffs
 * without "index" lines, differently. On kvmarm's 8,929 patch messages that
 * git gives an id, 8,907 get the same.
 */
char *patchid_of_diff(const char *diff, size_t len);

#endif
