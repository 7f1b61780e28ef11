/*
 * Why a git repository's objects cannot be found: libgit2 only says
 * "object not found" when a pack has lost its .idx (it then ignores the
 * pack) or when a pack was cut short. This looks at the packs themselves,
 * so that the error names the damaged file and says what is wrong with it.
 */
#ifndef LISTDIGEST_PACK_CHECK_H
#define LISTDIGEST_PACK_CHECK_H

#include <stddef.h>

#include "../common/strbuf.h"

/*
 * Appends "<pack file>: <what is wrong>" for the first damaged pack of
 * the repository at git_dir (its objects/pack/): a directory it may not
 * read, a .pack without its .idx, a .pack shorter than its .idx says, or one whose closing checksum
 * is not the one its .idx records. Returns 1 when it found one, else 0
 * with nothing appended.
 */
int pack_check_explain(const char *git_dir, struct strbuf *out);

#endif
