/*
 * The git sources: one public-inbox v2 epoch, or a whole v2 inbox whose
 * epochs git/0.git, git/1.git, ... are read in number order as one
 * history. Each commit of an epoch adds one message, the blob `m` of its
 * tree (a tree with `d` instead records a removal).
 *
 * An inbox reads as if its epochs were one line of history, oldest epoch
 * first: A..B is what comes after A up to B, across epoch boundaries, and
 * B alone is everything up to B. A revision is resolved in the epoch that
 * holds it, newest epoch first; HEAD is the newest epoch's HEAD.
 */
#include "commit_graph.h"
#include "pack_check.h"
#include "source_kind.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct epoch {
	char *path;             /* owned */
	unsigned long number;   /* N of git/N.git; 0 for a lone epoch */
	git_repository *repo;   /* owned; the listing's handle, closed once listed */
};

struct git_source {
	struct epoch *epochs;   /* owned; in number order */
	size_t epoch_count;
	/* per slot, in the order listed */
	git_oid *commits;       /* owned */
	git_oid *trees;         /* owned: each commit's tree, from the walk */
	size_t count, alloc;
	/*
	 * Which epoch each slot is of, as runs: an epoch's slots are listed
	 * together, so that a run of each, not 4 bytes a message, says it.
	 */
	struct epoch_run *runs; /* owned; by first */
	size_t run_count, run_alloc;
};

/* The slots from first on, to the next run's first, are of epoch. */
struct epoch_run {
	uint32_t first;
	uint32_t epoch;
};

/* A revision resolved: which epoch holds it, and the commit. */
struct resolved {
	size_t epoch;
	git_oid commit;
};

static void git_error_to(struct strbuf *err, const char *what, const char *fallback)
{
	const git_error *e = git_error_last();
	strbuf_addf(err, "%s: %s", what, e && e->message ? e->message : fallback);
}

/*
 * The commits of a shallow clone whose parents it does not hold: the
 * lines of its `shallow` file, sorted. libgit2 (before 1.7) does not
 * know them and fails on the missing parent; the linear walk stops there.
 */
struct shallow_roots {
	git_oid *ids;
	size_t count;
};

static int oid_compare(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

static void shallow_roots_read(struct shallow_roots *roots, git_repository *repo)
{
	struct strbuf path;
	size_t alloc = 0;
	char line[GIT_OID_HEXSZ + 2];

	memset(roots, 0, sizeof(*roots));
	strbuf_init(&path, 0);
	strbuf_addf(&path, "%sshallow", git_repository_path(repo));
	FILE *f = fopen(path.buf, "re");
	strbuf_release(&path);
	while (f && fgets(line, sizeof(line), f)) {
		git_oid id;
		if (git_oid_fromstrn(&id, line, GIT_OID_HEXSZ) < 0)
			continue;
		if (roots->count == alloc) {
			alloc = alloc ? 2 * alloc : 8;
			roots->ids = xrealloc(roots->ids, alloc * sizeof(*roots->ids));
		}
		roots->ids[roots->count++] = id;
	}
	if (f)
		fclose(f);
	git_error_clear();
	if (roots->count)
		qsort(roots->ids, roots->count, sizeof(*roots->ids), oid_compare);
}

static bool shallow_root(const struct shallow_roots *roots, const git_oid *id)
{
	return roots && roots->count &&
	       bsearch(id, roots->ids, roots->count, sizeof(*roots->ids), oid_compare);
}

/*
 * A listing that failed: when a damaged pack of the repository explains
 * it, the error names that file first ("<pack>: truncated ...; <error>").
 */
static void explain_failure(git_repository *repo, struct strbuf *err)
{
	struct strbuf why;
	strbuf_init(&why, 0);
	if (repo && pack_check_explain(git_repository_path(repo), &why)) {
		strbuf_addf(&why, "; %s", err->buf);
		strbuf_reset(err);
		strbuf_add(err, why.buf, why.len);
	}
	strbuf_release(&why);
}

/*
 * A revision that cannot be resolved in a shallow clone is most likely
 * older than what it holds: say where its history starts.
 */
static void explain_shallow(git_repository *repo, const char *path, struct strbuf *err)
{
	struct shallow_roots roots;
	if (!repo || !git_repository_is_shallow(repo))
		return;
	shallow_roots_read(&roots, repo);
	strbuf_addf(err, "; %s is a shallow clone", path);
	for (size_t k = 0; k < roots.count && k < 3; k++) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, 10, &roots.ids[k]);
		strbuf_addf(err, "%s%s", k ? ", " : " whose history starts at ", hex);
	}
	strbuf_addstr(err, ": older commits are not in it (git fetch --unshallow fetches them)");
	free(roots.ids);
}

/* ---- Listing ---------------------------------------------------------- */

/* Notes that slot g->count, added next, is of epoch. */
static void runs_note(struct git_source *g, size_t epoch)
{
	/* a walk that gave up took its slots back: so go the runs that began among them */
	while (g->run_count && g->runs[g->run_count - 1].first >= g->count)
		g->run_count--;
	if (g->run_count && g->runs[g->run_count - 1].epoch == epoch)
		return;
	if (g->run_count == g->run_alloc) {
		g->run_alloc = g->run_alloc ? g->run_alloc * 2 : 8;
		g->runs = xrealloc(g->runs, g->run_alloc * sizeof(*g->runs));
	}
	/* fewer than 2^32 slots, which source_append holds to */
	g->runs[g->run_count++] = (struct epoch_run){(uint32_t)g->count, (uint32_t)epoch};
}

/*
 * The epoch of a listed slot: that of the last run that starts at it or
 * before. A run an epoch, and an inbox has few: looked for from the end.
 */
static size_t epoch_of(const struct git_source *g, size_t slot)
{
	size_t r = g->run_count - 1;
	while (r > 0 && g->runs[r].first > slot)
		r--;
	return g->runs[r].epoch;
}

static size_t slot_add(struct git_source *g, size_t epoch, const git_oid *commit,
		       const git_oid *tree)
{
	if (g->count == g->alloc) {
		g->alloc = g->alloc ? g->alloc * 2 : 1024;
		g->commits = xrealloc(g->commits, g->alloc * sizeof(*g->commits));
		g->trees = xrealloc(g->trees, g->alloc * sizeof(*g->trees));
	}
	runs_note(g, epoch);
	git_oid_cpy(&g->commits[g->count], commit);
	git_oid_cpy(&g->trees[g->count], tree);
	return g->count++;
}

/* What the walk needs of a raw commit: tree, first parent, parent count, committer time. */
struct commit_head {
	git_oid tree;
	git_oid parent;
	unsigned parents;
	int64_t time;
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

/* "committer Name <email> 1700000000 +0000": the number after the last '>'. */
static int64_t committer_time(const char *p, const char *end)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		if (line_end - p > 10 && !memcmp(p, "committer ", 10)) {
			const char *gt = NULL;
			for (const char *q = p; q < line_end; q++)
				if (*q == '>')
					gt = q;
			if (!gt)
				return 0;
			int64_t t = 0;
			const char *q = gt + 1;
			while (q < line_end && *q == ' ')
				q++;
			while (q < line_end && *q >= '0' && *q <= '9' && t < INT64_MAX / 10)
				t = t * 10 + (*q++ - '0');
			return t;
		}
		if (line_end == p)
			break; /* the blank line before the message */
		p = line_end + 1;
	}
	return 0;
}

static int commit_head_parse(const char *data, size_t len, struct commit_head *out)
{
	const char *p = data, *end = data + len;
	git_oid parent;

	out->parents = 0;
	if (parse_hex_line(&p, end, "tree ", &out->tree) < 0)
		return -1;
	while (parse_hex_line(&p, end, "parent ", &parent) == 0)
		if (out->parents++ == 0)
			git_oid_cpy(&out->parent, &parent);
	out->time = committer_time(p, end);
	return 0;
}

static int commit_head_read(git_odb *odb, const git_oid *id, struct commit_head *head)
{
	git_odb_object *obj = NULL;
	if (git_odb_read(&obj, odb, id) < 0)
		return -1;
	int rc = git_odb_object_type(obj) == GIT_OBJECT_COMMIT
		 ? commit_head_parse(git_odb_object_data(obj), git_odb_object_size(obj), head)
		 : -1;
	git_odb_object_free(obj);
	return rc;
}

/*
 * A commit's head from git's commit-graph file when there is one that holds
 * the commit (no object to inflate: a whole history costs a few bytes per
 * commit), else from the commit itself. Both give the same committer time,
 * the one git compares with --since and --until.
 */
static int commit_head_get(const struct commit_graph *graph, git_odb *odb, const git_oid *id,
			   struct commit_head *head)
{
	struct commit_graph_commit c, parent;
	uint32_t pos;
	if (graph && commit_graph_find(graph, id, &pos) && commit_graph_read(graph, pos, NULL, &c) == 0 &&
	    (!c.parents || commit_graph_read(graph, c.parent, &head->parent, &parent) == 0)) {
		git_oid_cpy(&head->tree, &c.tree);
		head->parents = c.parents;
		head->time = c.time;
		return 0;
	}
	return commit_head_read(odb, id, head);
}

/*
 * Follows the only parent of each commit from `to`, down to `from` or to
 * the root (or to where a shallow clone's history starts), reading each
 * commit once. Returns 1, with nothing listed, when
 * the history is not such a single line (a merge, `from` not on it, a
 * commit it cannot read): libgit2's walk then does the work, and explains
 * any error.
 */
static int walk_linear(struct source *src, struct git_source *g, size_t e, git_odb *odb,
		       const struct commit_graph *graph, const struct shallow_roots *roots,
		       const git_oid *to, const git_oid *from)
{
	size_t start_src = src->count, start_g = g->count;
	git_oid id = *to;
	struct commit_head head;

	for (;;) {
		if (from && git_oid_equal(&id, from))
			return 0;
		if (commit_head_get(graph, odb, &id, &head) < 0 || head.parents > 1)
			break;
		if (shallow_root(roots, &id))
			head.parents = 0;
		source_append(src, head.time, slot_add(g, e, &id, &head.tree));
		if (!head.parents) {
			if (!from)
				return 0;
			break; /* `from` was not on the line */
		}
		id = head.parent;
	}
	src->count = start_src;
	g->count = start_g;
	git_error_clear();
	return 1;
}

static int walk_libgit2(struct source *src, struct git_source *g, size_t e, git_odb *odb,
			const struct commit_graph *graph, const git_oid *to, const git_oid *from,
			struct strbuf *err)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int rc;

	if (git_revwalk_new(&walk, g->epochs[e].repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL) < 0 || git_revwalk_push(walk, to) < 0 ||
	    (from && git_revwalk_hide(walk, from) < 0)) {
		git_error_to(err, "walking history", "cannot start the walk");
		git_revwalk_free(walk);
		return -1;
	}
	while ((rc = git_revwalk_next(&id, walk)) == 0) {
		struct commit_head head;
		if (commit_head_get(graph, odb, &id, &head) < 0) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof(hex), &id);
			strbuf_addf(err, "reading commit %s: ", hex);
			git_error_to(err, "walking history", "cannot read the commit");
			git_revwalk_free(walk);
			return -1;
		}
		source_append(src, head.time, slot_add(g, e, &id, &head.tree));
	}
	git_revwalk_free(walk);
	if (rc != GIT_ITEROVER) {
		git_error_to(err, "walking history", "cannot read a commit");
		return -1;
	}
	return 0;
}

/*
 * Lists epoch e's commits from `to` (included) down to `from` (excluded;
 * NULL: the root). With `relisted`, `from` is an index's known tip that
 * may no longer be in the history: then the whole epoch is listed and
 * *relisted set.
 */
static int walk_epoch(struct source *src, struct git_source *g, size_t e, const git_oid *to,
		      const git_oid *from, bool *relisted, struct strbuf *err)
{
	git_odb *odb = NULL;
	struct commit_graph *graph = NULL;
	int rc;

	if (git_repository_odb(&odb, g->epochs[e].repo) < 0) {
		git_error_to(err, g->epochs[e].path, "cannot open the object store");
		return -1;
	}
	/* a shallow clone's graph file may name parents it does not hold */
	struct shallow_roots roots = {NULL, 0};
	bool shallow = git_repository_is_shallow(g->epochs[e].repo);
	if (shallow)
		shallow_roots_read(&roots, g->epochs[e].repo);
	else
		commit_graph_open(&graph, git_repository_path(g->epochs[e].repo));
	rc = walk_linear(src, g, e, odb, graph, &roots, to, from);
	if (rc == 1 && relisted && from && !git_oid_equal(to, from) &&
	    git_graph_descendant_of(g->epochs[e].repo, to, from) != 1) {
		git_error_clear();
		*relisted = true;
		from = NULL;
		rc = walk_linear(src, g, e, odb, graph, &roots, to, from);
	}
	if (rc == 1)
		rc = walk_libgit2(src, g, e, odb, graph, to, from, err);
	if (rc < 0)
		explain_failure(g->epochs[e].repo, err);
	free(roots.ids);
	commit_graph_close(graph);
	git_odb_free(odb);
	return rc;
}

/* ---- Epochs and revisions --------------------------------------------- */

static int open_repo(git_repository **repo, const char *path, struct strbuf *err)
{
	/* NO_SEARCH: the path given is the repository, not somewhere inside one. */
	int rc = git_repository_open_ext(repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (rc == GIT_ENOTFOUND) {
		/* libgit2 says the same of a directory it may not read: say which */
		DIR *d = opendir(path);
		if (d)
			closedir(d);
		if (!d && errno != ENOENT)
			strbuf_addf(err, "%s: %s", path, strerror(errno));
		else
			strbuf_addf(err, "%s: not a git repository", path);
		return -1;
	}
	if (rc < 0) {
		/* it is one, but cannot be opened: say why (permissions, ownership, config) */
		git_error_to(err, path, "cannot open the repository");
		return -1;
	}
	return 0;
}

static int epoch_compare(const void *a, const void *b)
{
	const struct epoch *x = a, *y = b;
	return x->number < y->number ? -1 : x->number > y->number;
}

/* "N.git" with N a decimal number; its N. */
static bool epoch_name(const char *name, unsigned long *number)
{
	const char *p = name;
	unsigned long n = 0;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9') {
		if (n > 100000000)
			return false;
		n = n * 10 + (unsigned long)(*p++ - '0');
	}
	*number = n;
	return !strcmp(p, ".git");
}

/*
 * The epochs of an inbox (path/git/N.git), in number order; 0 epochs when
 * path has no git/ directory. -1 when it cannot be read.
 */
static int find_epochs(struct git_source *g, const char *path, struct strbuf *err)
{
	struct strbuf dir;
	strbuf_init(&dir, 0);
	strbuf_addf(&dir, "%s/git", path);
	DIR *d = opendir(dir.buf);
	if (!d) {
		int rc = errno == ENOENT || errno == ENOTDIR ? 0 : -1;
		if (rc < 0)
			strbuf_addf(err, "%s: %s", dir.buf, strerror(errno));
		strbuf_release(&dir);
		return rc;
	}
	size_t alloc = 0;
	struct dirent *ent;
	while ((ent = readdir(d))) {
		unsigned long number;
		if (!epoch_name(ent->d_name, &number))
			continue;
		if (g->epoch_count == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			g->epochs = xrealloc(g->epochs, alloc * sizeof(*g->epochs));
		}
		struct epoch *ep = &g->epochs[g->epoch_count++];
		memset(ep, 0, sizeof(*ep));
		ep->number = number;
		struct strbuf p;
		strbuf_init(&p, 0);
		strbuf_addf(&p, "%s/%s", dir.buf, ent->d_name);
		ep->path = strbuf_detach(&p, NULL);
	}
	closedir(d);
	strbuf_release(&dir);
	if (g->epoch_count)
		qsort(g->epochs, g->epoch_count, sizeof(*g->epochs), epoch_compare);
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

/* Resolves one revision in the newest epoch that holds it. */
static int resolve(struct git_source *g, const char *rev, struct resolved *out, struct strbuf *err)
{
	struct strbuf first_error;
	strbuf_init(&first_error, 0);
	for (size_t e = g->epoch_count; e-- > 0;) {
		git_object *obj = NULL;
		if (git_revparse_single(&obj, g->epochs[e].repo, rev) == 0) {
			int rc = peel_to_commit(obj, &out->commit);
			git_object_free(obj);
			if (rc == 0) {
				out->epoch = e;
				strbuf_release(&first_error);
				return 0;
			}
		}
		if (!first_error.len)
			git_error_to(&first_error, rev, "unknown revision");
	}
	strbuf_addstr(err, first_error.len ? first_error.buf : "unknown revision");
	strbuf_release(&first_error);
	return -1;
}

static char *label_of(const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, 10, id);
	return xstrdup(hex);
}

/*
 * Splits "A..B" as git does: "A.." is A..HEAD, "..B" is HEAD..B; "A...B"
 * is refused. *from is NULL without "..".
 */
static int split_range(const char *range, char **from, char **to, struct strbuf *err)
{
	const char *dots = strstr(range, "..");
	*from = *to = NULL;
	if (!dots) {
		*to = xstrdup(range);
		return 0;
	}
	if (dots[2] == '.') {
		strbuf_addf(err, "%s: symmetric ranges (A...B) are not supported; use A..B", range);
		return -1;
	}
	*from = dots == range ? xstrdup("HEAD") : xmemdupz(range, (size_t)(dots - range));
	*to = dots[2] ? xstrdup(dots + 2) : xstrdup("HEAD");
	return 0;
}

/*
 * walk_epoch, but with skip_unreadable_epochs an epoch that cannot be
 * listed is left out (what it had listed taken back), kept as skipped,
 * and *skipped set.
 */
static int walk_or_skip(struct source *src, struct git_source *g, size_t e, const git_oid *to,
			const git_oid *from, bool *relisted, bool skip, bool *skipped,
			struct strbuf *err)
{
	size_t src_count = src->count, g_count = g->count;
	struct strbuf why;

	*skipped = false;
	if (!skip)
		return walk_epoch(src, g, e, to, from, relisted, err);
	strbuf_init(&why, 0);
	if (walk_epoch(src, g, e, to, from, relisted, &why) < 0) {
		src->count = src_count;
		g->count = g_count;
		source_add_skipped(src, why.buf);
		*skipped = true;
	}
	strbuf_release(&why);
	return 0;
}

/* Every epoch that had something to list was skipped: nothing can be read. */
static int all_skipped(const struct source *src, size_t walked, size_t skipped, struct strbuf *err)
{
	if (!walked || skipped < walked)
		return 0;
	strbuf_addstr(err, src->skipped[src->skipped_count - 1]);
	return -1;
}

/* Lists what the range selects, newest first, across epochs. */
static int list_range(struct source *src, struct git_source *g, const char *range, bool skip,
		      struct strbuf *err)
{
	char *from_rev = NULL, *to_rev = NULL;
	struct resolved from = {0}, to = {0};
	size_t walked = 0, skipped = 0;
	int rc = -1;

	if (split_range(range ? range : "HEAD", &from_rev, &to_rev, err) < 0)
		goto out;
	if (resolve(g, to_rev, &to, err) < 0 || (from_rev && resolve(g, from_rev, &from, err) < 0)) {
		for (size_t e = g->epoch_count; e-- > 0 && !strstr(err->buf, ".pack: ");)
			explain_failure(g->epochs[e].repo, err);
		for (size_t e = g->epoch_count; e-- > 0;)
			explain_shallow(g->epochs[e].repo, g->epochs[e].path, err);
		goto out;
	}
	src->range_end_label = label_of(&to.commit);
	if (from_rev)
		src->range_start_label = label_of(&from.commit);
	/* an A in a later epoch than B holds all of B: nothing is left */
	if (from_rev && from.epoch > to.epoch) {
		rc = 0;
		goto out;
	}
	for (size_t e = to.epoch + 1; e-- > 0;) {
		if (from_rev && e < from.epoch)
			break;
		git_oid head;
		const git_oid *start = &to.commit;
		if (e != to.epoch) {
			/* an epoch with no commit yet adds nothing */
			if (git_reference_name_to_id(&head, g->epochs[e].repo, "HEAD") < 0) {
				git_error_clear();
				continue;
			}
			start = &head;
		}
		bool was_skipped;
		if (walk_or_skip(src, g, e, start, from_rev && e == from.epoch ? &from.commit : NULL,
				 NULL, skip, &was_skipped, err) < 0)
			goto out;
		walked++;
		skipped += was_skipped;
	}
	rc = all_skipped(src, walked, skipped, err);
out:
	free(from_rev);
	free(to_rev);
	return rc;
}

/*
 * Lists, newest epoch first, the commits of every epoch after its known
 * tip, and records each epoch's HEAD for the index to keep.
 */
static int list_new(struct source *src, struct git_source *g, const struct source_options *opts,
		    struct strbuf *err)
{
	size_t walked = 0, skipped = 0;
	src->parts = xcalloc(g->epoch_count, sizeof(*src->parts));
	src->part_count = g->epoch_count;
	for (size_t e = g->epoch_count; e-- > 0;) {
		struct source_part *part = &src->parts[e];
		const git_oid *tip = NULL;

		part->number = g->epochs[e].number;
		/* an epoch with no commit yet adds nothing */
		if (git_reference_name_to_id(&part->head, g->epochs[e].repo, "HEAD") < 0) {
			git_error_clear();
			continue;
		}
		part->has_head = true;
		for (size_t k = 0; k < opts->known_count; k++)
			if (opts->known[k].epoch == part->number)
				tip = &opts->known[k].commit;
		bool was_skipped;
		if (walk_or_skip(src, g, e, &part->head, tip, &part->relisted,
				 opts->skip_unreadable_epochs, &was_skipped, err) < 0)
			return -1;
		/* walked: its packs' index files need not stay mapped while the others are */
		git_repository_free(g->epochs[e].repo);
		g->epochs[e].repo = NULL;
		walked++;
		if (was_skipped) {
			/* as if it had no commit: its rows go, and it is read whole next time */
			part->has_head = false;
			part->relisted = false;
			skipped++;
		}
	}
	return all_skipped(src, walked, skipped, err);
}

static const char *const git_suffix[] = {".git", NULL};

/* The component of path that ends at end (exclusive), trailing slashes skipped. */
static const char *component_before(const char *path, const char *end, size_t *len)
{
	while (end > path && end[-1] == '/')
		end--;
	const char *start = end;
	while (start > path && start[-1] != '/')
		start--;
	*len = (size_t)(end - start);
	return start;
}

/*
 * The name of a lone epoch: its directory's, or, for an epoch laid out in
 * an inbox (kvm/git/0.git), the inbox's ("kvm"): "0" names no list.
 */
static char *epoch_list_name(const char *path)
{
	size_t epoch_len, git_len, inbox_len;
	const char *epoch = component_before(path, path + strlen(path), &epoch_len);
	const char *git = component_before(path, epoch, &git_len);
	const char *inbox = component_before(path, git, &inbox_len);
	char *name = xmemdupz(epoch, epoch_len);
	unsigned long number;

	if (epoch_name(name, &number) && git_len == 3 && !memcmp(git, "git", 3) && inbox_len) {
		char *inbox_dir = xmemdupz(inbox, inbox_len);
		free(name);
		name = source_base_name(inbox_dir, git_suffix);
		free(inbox_dir);
		return name;
	}
	free(name);
	return source_base_name(path, git_suffix);
}

/* ---- The kind's functions ---------------------------------------------- */

static void git_forget_messages(struct source *src)
{
	struct git_source *g = src->data;
	if (!g)
		return;
	free(g->commits);
	free(g->trees);
	free(g->runs);
	g->commits = g->trees = NULL;
	g->runs = NULL;
	g->count = g->alloc = g->run_count = g->run_alloc = 0;
}

static void git_close(struct source *src)
{
	struct git_source *g = src->data;
	if (!g)
		return;
	git_forget_messages(src);
	for (size_t e = 0; e < g->epoch_count; e++) {
		git_repository_free(g->epochs[e].repo);
		free(g->epochs[e].path);
	}
	free(g->epochs);
	free(g);
	src->data = NULL;
}

static void git_label(const struct source *src, size_t slot, struct strbuf *out)
{
	const struct git_source *g = src->data;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, 10, &g->commits[slot]);
	strbuf_addstr(out, hex);
}

static void git_key(const struct source *src, size_t slot, struct source_key *key)
{
	const struct git_source *g = src->data;
	key->part = g->epochs[epoch_of(g, slot)].number;
	key->has_commit = true;
	git_oid_cpy(&key->commit, &g->commits[slot]);
}

/*
 * A cursor keeps one epoch open at a time: each open pack holds a cache
 * of delta bases (some 27 MB once full, in libgit2), and a reading goes
 * epoch after epoch, so the ones behind it are closed.
 */
struct git_cursor {
	struct source_cursor base;
	git_repository *repo;    /* owned; the epoch read last, opened when first read */
	git_odb *odb;            /* owned; its object store */
	size_t epoch;            /* which one it is */
	git_odb_object *blob;    /* owned; the last message read */
};

static int git_cursor_open(struct source *src, struct source_cursor **out, struct strbuf *err)
{
	struct git_cursor *c = xcalloc(1, sizeof(*c));
	(void)src;
	(void)err;
	*out = &c->base;
	return 0;
}

/* Closes the cursor's epoch, if it has one open. */
static void git_cursor_leave_epoch(struct git_cursor *c)
{
	git_odb_free(c->odb);
	git_repository_free(c->repo);
	c->odb = NULL;
	c->repo = NULL;
}

static void git_cursor_close(struct source_cursor *cur)
{
	struct git_cursor *c = (struct git_cursor *)cur;
	git_cursor_leave_epoch(c);
	git_odb_object_free(c->blob);
	free(c);
}

/*
 * The entry "m" of a raw tree object: its id and its mode ("100644"), if
 * there is one.
 */
static int tree_find_m(const unsigned char *data, size_t len, git_oid *out, const char **mode,
		       size_t *mode_len)
{
	size_t pos = 0;
	while (pos < len) {
		const unsigned char *nul = memchr(data + pos, '\0', len - pos);
		if (!nul || (size_t)(nul - data) + 1 + GIT_OID_RAWSZ > len)
			return -1;
		const unsigned char *space = memchr(data + pos, ' ', (size_t)(nul - data) - pos);
		if (space && nul - space == 2 && space[1] == 'm') {
			git_oid_fromraw(out, nul + 1);
			*mode = (const char *)data + pos;
			*mode_len = (size_t)(space - data) - pos;
			return 0;
		}
		pos = (size_t)(nul - data) + 1 + GIT_OID_RAWSZ;
	}
	return -1;
}

/*
 * What an `m` of this mode is when it is not a file (public-inbox only
 * writes regular files): NULL for a file, whose blob is the message.
 */
static const char *m_not_a_file(const char *mode, size_t len)
{
	static const struct {
		const char *mode, *what;
	} kinds[] = {{"40000", "a directory (a tree)"}, {"040000", "a directory (a tree)"},
		     {"120000", "a symbolic link"}, {"160000", "a submodule (a gitlink)"}};
	if (len == 6 && (!memcmp(mode, "100644", 6) || !memcmp(mode, "100755", 6) ||
			 !memcmp(mode, "100664", 6)))
		return NULL;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (strlen(kinds[k].mode) == len && !memcmp(mode, kinds[k].mode, len))
			return kinds[k].what;
	return "of an unknown kind";
}

/* "commit <id>: cannot read its <what>: <why>", why from libgit2. */
static void read_error(struct strbuf *err, const char *what, const git_oid *object,
		       const git_oid *commit)
{
	char hex[GIT_OID_HEXSZ + 1], object_hex[GIT_OID_HEXSZ + 1];
	const git_error *e = git_error_last();
	git_oid_tostr(hex, sizeof(hex), commit);
	git_oid_tostr(object_hex, sizeof(object_hex), object);
	strbuf_addf(err, "commit %s: cannot read its %s %s: %s", hex, what, object_hex,
		    e && e->message ? e->message : "unknown error");
}

/*
 * Tree -> blob m, as raw object reads: no parsing or caching of objects
 * read once. The walk that listed the commit already read it for its tree.
 */
static int git_read(struct source_cursor *cur, size_t slot, struct source_blob *blob,
		    struct strbuf *err)
{
	struct git_cursor *c = (struct git_cursor *)cur;
	struct git_source *g = cur->src->data;
	size_t e = epoch_of(g, slot);
	const git_oid *id = &g->commits[slot];
	git_odb_object *tree = NULL;

	git_odb_object_free(c->blob);
	c->blob = NULL;
	if (c->odb && c->epoch != e)
		git_cursor_leave_epoch(c);
	if (!c->odb) {
		if (open_repo(&c->repo, g->epochs[e].path, err) < 0 ||
		    git_repository_odb(&c->odb, c->repo) < 0) {
			if (!err->len)
				git_error_to(err, g->epochs[e].path, "cannot open the object store");
			git_cursor_leave_epoch(c);
			return -1;
		}
		c->epoch = e;
	}
	if (git_odb_read(&tree, c->odb, &g->trees[slot]) < 0) {
		read_error(err, "tree", &g->trees[slot], id);
		return -1;
	}
	const char *mode;
	size_t mode_len;
	int found = tree_find_m(git_odb_object_data(tree), git_odb_object_size(tree), &blob->blob_id,
				&mode, &mode_len);
	const char *not_file = found < 0 ? NULL : m_not_a_file(mode, mode_len);
	git_odb_object_free(tree);
	if (found < 0)
		return 0; /* a removal record: blob->data stays NULL */
	if (not_file) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), id);
		strbuf_addf(err, "commit %s: its m is %s, not a file holding a message", hex, not_file);
		return -1;
	}
	if (git_odb_read(&c->blob, c->odb, &blob->blob_id) < 0) {
		read_error(err, "message, blob", &blob->blob_id, id);
		return -1;
	}
	blob->data = git_odb_object_data(c->blob);
	blob->len = git_odb_object_size(c->blob);
	blob->has_blob_id = true;
	return 0;
}

static const struct source_type git_type = {
	.name = "git",
	.close = git_close,
	.label = git_label,
	.cursor_open = git_cursor_open,
	.read = git_read,
	.cursor_close = git_cursor_close,
	.key = git_key,
	.forget_messages = git_forget_messages,
};

/*
 * Opens the repository of each epoch of an inbox. With skip, one that
 * cannot be opened is left out of g->epochs and kept as skipped; when
 * none can be, the open fails.
 */
static int open_epochs(struct source *src, struct git_source *g, bool skip, struct strbuf *err)
{
	size_t kept = 0;
	struct strbuf why;

	strbuf_init(&why, 0);
	for (size_t e = 0; e < g->epoch_count; e++) {
		strbuf_reset(&why);
		if (open_repo(&g->epochs[e].repo, g->epochs[e].path, &why) == 0) {
			g->epochs[kept++] = g->epochs[e];
			continue;
		}
		if (!skip) {
			/* the epochs kept, and those not tried yet, stay for git_close */
			char *failed = g->epochs[e].path;
			strbuf_add(err, why.buf, why.len);
			for (size_t k = e + 1; k < g->epoch_count; k++)
				g->epochs[kept++] = g->epochs[k];
			g->epoch_count = kept;
			free(failed);
			strbuf_release(&why);
			return -1;
		}
		source_add_skipped(src, why.buf);
		free(g->epochs[e].path);
	}
	g->epoch_count = kept;
	if (!kept)
		strbuf_add(err, why.buf, why.len);
	strbuf_release(&why);
	return kept ? 0 : -1;
}

int source_open_git(struct source *src, const struct source_options *opts, struct strbuf *err)
{
	struct git_source *g = xcalloc(1, sizeof(*g));

	src->type = &git_type;
	src->data = g;
	if (find_epochs(g, opts->path, err) < 0)
		return -1;
	if (g->epoch_count) {
		src->kind = SOURCE_INBOX;
		src->name = source_base_name(opts->path, git_suffix);
		if (open_epochs(src, g, opts->skip_unreadable_epochs, err) < 0)
			return -1;
	} else {
		git_repository *repo = NULL;
		if (open_repo(&repo, opts->path, err) < 0) {
			struct strbuf git_dir;
			struct stat st;
			strbuf_init(&git_dir, 0);
			strbuf_addf(&git_dir, "%s/git", opts->path);
			strbuf_reset(err);
			if (stat(git_dir.buf, &st) == 0 && S_ISDIR(st.st_mode))
				strbuf_addf(err, "%s: a public-inbox inbox with no epoch (git/N.git)",
					    opts->path);
			else
				strbuf_addf(err, "%s: not a git repository, public-inbox inbox, "
					    "mbox or Maildir", opts->path);
			strbuf_release(&git_dir);
			return -1;
		}
		src->kind = SOURCE_EPOCH;
		g->epochs = xcalloc(1, sizeof(*g->epochs));
		g->epoch_count = 1;
		g->epochs[0].repo = repo;
		/* the name as libgit2 resolved it: "." or "wt/.git" name nothing */
		g->epochs[0].path = xstrdup(git_repository_is_bare(repo) ? git_repository_path(repo)
									   : git_repository_workdir(repo));
		src->name = epoch_list_name(g->epochs[0].path);
	}
	int rc = !opts->range && opts->after_known
			 ? list_new(src, g, opts, err)
			 : list_range(src, g, opts->range, opts->skip_unreadable_epochs, err);
	/*
	 * Listed: the listing's handles go. Each holds its packs open, with
	 * their index files mapped and their caches (some 45 MB an epoch of
	 * 250,000 messages); the cursors open the one epoch they read.
	 */
	for (size_t e = 0; rc == 0 && e < g->epoch_count; e++) {
		git_repository_free(g->epochs[e].repo);
		g->epochs[e].repo = NULL;
	}
	return rc;
}

void source_library_init(void)
{
	git_libgit2_init();
	/*
	 * libgit2 re-hashes every object it reads; git cat-file does not, and
	 * the archive is read, never written: skip the SHA-1 (about 40% of
	 * the reading time).
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/*
	 * Each object is read once: caching them only costs memory, and
	 * mapping the whole pack would count it all in the peak RSS. Six
	 * windows of 4 MB: a cold digest of a million messages peaked at
	 * 149,328 KiB with eight, 141,192 with six (139,820 with four); a
	 * cold kvmarm took some 3% longer with six than eight, 5% with four.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)4 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)24 << 20);
}

void source_library_shutdown(void)
{
	git_libgit2_shutdown();
}
