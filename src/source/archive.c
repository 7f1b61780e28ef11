#include "archive.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

static void git_error_to(struct strbuf *err, const char *what, const char *fallback)
{
	const git_error *e = git_error_last();
	strbuf_addf(err, "%s: %s", what, e && e->message ? e->message : fallback);
}

int archive_open(git_repository **repo, const char *path, struct strbuf *err)
{
	/* NO_SEARCH: the path given is the repository, not somewhere inside one. */
	struct stat st;
	if (stat(path, &st) < 0) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (git_repository_open_ext(repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		/* A whole v2 inbox holds its epochs as git/N.git: point at one. */
		struct strbuf epoch;
		strbuf_init(&epoch, 0);
		strbuf_addf(&epoch, "%s/git/0.git", path);
		if (stat(epoch.buf, &st) == 0)
			strbuf_addf(err, "%s: not a git repository; for a public-inbox v2 inbox, "
				    "give one epoch, such as %s", path, epoch.buf);
		else
			strbuf_addf(err, "%s: not a git repository", path);
		strbuf_release(&epoch);
		return -1;
	}
	return 0;
}

static int peel_to_commit(git_object *obj, git_oid *out)
{
	git_object *commit;
	if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0)
		return -1;
	git_oid_cpy(out, git_object_id(commit));
	git_object_free(commit);
	return 0;
}

int archive_resolve_range(git_repository *repo, const char *range,
			  struct archive_range *out, struct strbuf *err)
{
	git_revspec spec = {0};
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (git_revparse(&spec, repo, range) < 0) {
		/* libgit2 keeps A of "A..nope" in spec.from: freed below */
		git_error_to(err, range, "unknown revision");
		goto out;
	}
	if (spec.flags & GIT_REVSPEC_MERGE_BASE) {
		strbuf_addf(err, "%s: symmetric ranges (A...B) are not supported; use A..B", range);
		goto out;
	}
	if (spec.flags & GIT_REVSPEC_RANGE) {
		if (peel_to_commit(spec.from, &out->from) < 0 || peel_to_commit(spec.to, &out->to) < 0) {
			git_error_to(err, range, "not a commit");
			goto out;
		}
		out->has_from = true;
	} else if (peel_to_commit(spec.from, &out->to) < 0) {
		git_error_to(err, range, "not a commit");
		goto out;
	}
	rc = 0;
out:
	git_object_free(spec.from);
	git_object_free(spec.to);
	return rc;
}

int archive_list_commits(git_repository *repo, const struct archive_range *range,
			 struct archive_commits *out, struct strbuf *err)
{
	git_revwalk *walk = NULL;
	git_oid id;
	size_t alloc = 1024;
	int rc;

	out->count = 0;
	out->ids = xmalloc(alloc * sizeof(*out->ids));
	if (git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL) < 0 ||
	    git_revwalk_push(walk, &range->to) < 0 ||
	    (range->has_from && git_revwalk_hide(walk, &range->from) < 0)) {
		git_error_to(err, "walking history", "cannot start the walk");
		git_revwalk_free(walk);
		return -1;
	}
	while ((rc = git_revwalk_next(&id, walk)) == 0) {
		if (out->count == alloc) {
			alloc *= 2;
			out->ids = xrealloc(out->ids, alloc * sizeof(*out->ids));
		}
		git_oid_cpy(&out->ids[out->count++], &id);
	}
	git_revwalk_free(walk);
	if (rc != GIT_ITEROVER) {
		git_error_to(err, "walking history", "cannot read a commit");
		return -1;
	}
	return 0;
}

void archive_commits_release(struct archive_commits *commits)
{
	free(commits->ids);
	commits->ids = NULL;
	commits->count = 0;
}
