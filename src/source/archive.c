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

static void commits_append(struct archive_commits *out, size_t *alloc, const git_oid *id,
			   const git_oid *tree)
{
	if (out->count == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 1024;
		out->ids = xrealloc(out->ids, *alloc * sizeof(*out->ids));
		if (tree)
			out->trees = xrealloc(out->trees, *alloc * sizeof(*out->trees));
	}
	git_oid_cpy(&out->ids[out->count], id);
	if (tree)
		git_oid_cpy(&out->trees[out->count], tree);
	out->count++;
}

/* The header of a raw commit: its tree, and its parent when it has exactly one. */
struct commit_links {
	git_oid tree;
	git_oid parent;
	unsigned parents;
};

static int parse_hex_line(const char **p, const char *end, const char *key, git_oid *out)
{
	size_t klen = strlen(key);
	if ((size_t)(end - *p) < klen + GIT_OID_HEXSZ + 1 || memcmp(*p, key, klen) ||
	    (*p)[klen + GIT_OID_HEXSZ] != '\n' || git_oid_fromstrn(out, *p + klen, GIT_OID_HEXSZ) < 0)
		return -1;
	*p += klen + GIT_OID_HEXSZ + 1;
	return 0;
}

static int commit_links_parse(const char *data, size_t len, struct commit_links *out)
{
	const char *p = data, *end = data + len;
	git_oid parent;

	out->parents = 0;
	if (parse_hex_line(&p, end, "tree ", &out->tree) < 0)
		return -1;
	while (parse_hex_line(&p, end, "parent ", &parent) == 0)
		if (out->parents++ == 0)
			git_oid_cpy(&out->parent, &parent);
	return 0;
}

/*
 * Follows the only parent of each commit from B, down to A or to the root.
 * Returns 1 when the history is not such a single line (a merge, A not on
 * it, a commit it cannot read or parse): the caller then lets libgit2
 * walk, which also explains any error.
 */
static int walk_linear(git_repository *repo, const struct archive_range *range,
		       struct archive_commits *out)
{
	git_odb *odb = NULL;
	git_oid id = range->to;
	size_t alloc = 0;
	int rc = 1;

	if (git_repository_odb(&odb, repo) < 0)
		return 1;
	for (;;) {
		if (range->has_from && git_oid_equal(&id, &range->from)) {
			rc = 0;
			break;
		}
		git_odb_object *obj = NULL;
		struct commit_links links;
		if (git_odb_read(&obj, odb, &id) < 0)
			break;
		int parsed = git_odb_object_type(obj) == GIT_OBJECT_COMMIT
			     ? commit_links_parse(git_odb_object_data(obj), git_odb_object_size(obj), &links)
			     : -1;
		git_odb_object_free(obj);
		if (parsed < 0 || links.parents > 1)
			break;
		commits_append(out, &alloc, &id, &links.tree);
		if (!links.parents) {
			rc = range->has_from; /* A was not on the line: not linear */
			break;
		}
		id = links.parent;
	}
	git_odb_free(odb);
	git_error_clear();
	return rc;
}

static int walk_libgit2(git_repository *repo, const struct archive_range *range,
			struct archive_commits *out, struct strbuf *err)
{
	git_revwalk *walk = NULL;
	git_oid id;
	size_t alloc = 0;
	int rc;

	if (git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL) < 0 ||
	    git_revwalk_push(walk, &range->to) < 0 ||
	    (range->has_from && git_revwalk_hide(walk, &range->from) < 0)) {
		git_error_to(err, "walking history", "cannot start the walk");
		git_revwalk_free(walk);
		return -1;
	}
	while ((rc = git_revwalk_next(&id, walk)) == 0)
		commits_append(out, &alloc, &id, NULL);
	git_revwalk_free(walk);
	if (rc != GIT_ITEROVER) {
		git_error_to(err, "walking history", "cannot read a commit");
		return -1;
	}
	return 0;
}

int archive_list_commits(git_repository *repo, const struct archive_range *range,
			 struct archive_commits *out, struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	/* a repository with grafts or a shallow boundary is not what it seems */
	if (!git_repository_is_shallow(repo) && walk_linear(repo, range, out) == 0)
		return 0;
	archive_commits_release(out);
	return walk_libgit2(repo, range, out, err);
}

void archive_commits_release(struct archive_commits *commits)
{
	free(commits->ids);
	free(commits->trees);
	memset(commits, 0, sizeof(*commits));
}
