/* `git patch-id --stable` of a mail's diff, without running git. */
#ifndef LISTDIGEST_PATCHID_H
#define LISTDIGEST_PATCHID_H

#include <git2/oid.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * The patch-id (40 lower-case hex digits, a new string) of a diff in git's
 * format, as `git patch-id --stable` gives it, and always the id libgit2's
 * git_diff_patchid gives (the applied-patch check computes commits' ids
 * with it, so the two must meet); NULL when libgit2 cannot parse it, it
 * changes no file or it holds a NUL byte. CRLF line ends are read as LF, as git am reads a mail. Safe to
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
/* The same id as its 20 bytes, into *out: what the facts keep. False when there is none. */
bool patchid_oid_of_diff(const char *diff, size_t len, git_oid *out);

/*
 * The same id computed by libgit2 alone (git_diff_from_buffer and
 * git_diff_patchid): the reference of the hand-written path that
 * patchid_of_diff tries first, because libgit2 builds a diff object and
 * prints it line by line to hash it: on kvmarm that added half again to
 * the instructions of reading the archive (3.4 G of 10.6 G; by hand, 0.67
 * G of 7.7 G). The hand-written path hashes the diffs
 * git format-patch writes (changed, new and deleted files, mode changes)
 * as libgit2 prints them and leaves anything else (renames and copies,
 * binary patches, quoted paths, a diff without "index" line, a hunk that
 * does not add up) to libgit2. tests/tools/patchid_check.c holds the two
 * to the same answer on every message of the real archives.
 */
char *patchid_by_libgit2(const char *diff, size_t len);

/* Whether patchid_of_diff would compute diff's id by hand (for the tests). */
int patchid_by_hand_takes(const char *diff, size_t len);

#endif
