/* A public-inbox v2 epoch repository: resolving a range and listing its commits. */
#ifndef LISTDIGEST_ARCHIVE_H
#define LISTDIGEST_ARCHIVE_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

#include "../common/strbuf.h"

struct archive_range {
	git_oid to;        /* B */
	git_oid from;      /* A; meaningful only when has_from */
	bool has_from;
};

struct archive_commits {
	git_oid *ids;      /* newest first, as git log lists them */
	git_oid *trees;    /* each commit's tree; NULL when the walk did not read them */
	size_t count;
};

/*
 * Each returns 0 on success and -1 with a "<what>: <why>" message in err.
 * archive_open takes a bare or non-bare repository path.
 */
int archive_open(git_repository **repo, const char *path, struct strbuf *err);
int archive_resolve_range(git_repository *repo, const char *range,
			  struct archive_range *out, struct strbuf *err);
/*
 * Lists the commits of a range as `git rev-list` does. A linear history
 * (public-inbox writes nothing else) is walked by reading each commit once,
 * which also gives its tree; anything else goes through libgit2's revwalk.
 */
int archive_list_commits(git_repository *repo, const struct archive_range *range,
			 struct archive_commits *out, struct strbuf *err);
void archive_commits_release(struct archive_commits *commits);

#endif
