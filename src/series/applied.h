/*
 * Which commit of a git tree applied a patch message. The tree is named
 * GITDIR[:RANGE]; a patch is found, by the first of these rules that finds
 * a commit:
 *   1. a commit with the same `git patch-id --stable`;
 *   2. a commit whose summary is the patch's title and whose author is the
 *      patch's author;
 *   3. a commit whose Link: or Message-ID: line names the patch's
 *      message-id.
 * The details of each rule are in applied.c.
 */
#ifndef LISTDIGEST_APPLIED_H
#define LISTDIGEST_APPLIED_H

#include <git2/oid.h>

#include "../common/strbuf.h"
#include "../identity/mailmap.h"
#include "../patch/facts.h"

struct applied;

/* The commits of a tree the default range reads: the newest of HEAD. */
#define APPLIED_DEFAULT_COMMITS 20000

/*
 * Opens GITDIR (a work tree, its .git directory or a bare repository) and
 * reads the commits of RANGE:
 *   - "A..B" (also "A.." and "..B", HEAD on the empty side): the commits
 *     that B reaches and A does not, all of them;
 *   - a single revision: the newest APPLIED_DEFAULT_COMMITS commits that it
 *     reaches, in commit-time order, merges included (`git log -n 20000 REV`);
 *   - none: the same from HEAD.
 * When spec as a whole opens as a repository it is GITDIR; else it is split
 * at its last ':' (so GITDIR may hold colons, RANGE may not). An empty
 * RANGE is the default one.
 * Returns 0, or -1 with one line "<GITDIR>: <why>" in err and *out NULL.
 */
int applied_open(struct applied **out, const char *spec, struct strbuf *err);

/*
 * Makes rule 2 compare the commits' authors as mapped by mm, as the
 * patches' authors are after identity_apply. Call before applied_find;
 * mm is used at once, not kept.
 */
void applied_map_authors(struct applied *a, struct mailmap *mm);

/*
 * The threads that compute the commits' patch-ids (default: the online
 * CPUs, as --jobs); the results do not depend on it.
 */
void applied_set_jobs(struct applied *a, int jobs);

/*
 * The commit the patch message was applied as, by the rules in order;
 * NULL when none. When several commits of the range match by the same
 * rule, the oldest is given: the first application of the patch. The
 * first call whose patch has a patch-id computes those of every commit
 * (the costly part, done once). Not for two threads at once.
 */
const git_oid *applied_find(const struct applied *a, const struct message_facts *patch);

/*
 * The tree's name for the report: the last component of GITDIR, after
 * the path is made absolute; "linux" for /src/linux, /src/linux/.git
 * and /srv/linux.git alike.
 */
const char *applied_tree_name(const struct applied *a);

/* How many commits the range holds. */
size_t applied_commit_count(const struct applied *a);

void applied_close(struct applied *a);

#endif
