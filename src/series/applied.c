/*
 * The commits of a tree, with one table per rule of applied.h:
 *
 * 1. patch-id -> commit. A commit's patch-id is libgit2's of the diff from
 *    its parent's tree to its tree, with git's defaults, so that it is
 *    what `git log -p | git patch-id --stable` gives: three lines of
 *    context, the indent heuristic, no diff for a merge or an empty commit,
 *    the root commit against the empty tree.
 *    - A sender's git may or may not have detected renames (diff.renames),
 *      so a commit that renames files has two ids, one of each diff. The
 *      id covers the "similarity index" line, so the renamed files carry
 *      git's number (similarity.h), not libgit2's.
 *    - A binary file: libgit2 hashes only its header, for a commit as for
 *      a message's "GIT binary patch", so the two agree (where git's own
 *      patch-id differs between `git log -p` and format-patch).
 *    - The ids are computed on the first lookup that needs them, as they
 *      are most of the cost, by several threads on a long range (each with
 *      its own repository handle, as libgit2 wants).
 * 2. "author\ntitle" -> commit. `git am` makes the commit's summary of the
 *    subject without its leading [...] groups, and its author of the
 *    message's (in-body) From:. Titles are compared with blanks collapsed
 *    and ASCII letters lower-cased, so that a maintainer's fix of a capital
 *    does not hide the commit; author addresses lower-cased (and mapped,
 *    see applied_map_authors).
 * 3. message-id -> commit, from the lines of the message below its summary
 *    that start with "Link:" (a URL whose last path component is the id,
 *    percent-decoded; public-inbox's /T/, /t/, /raw and the like after it,
 *    and a #fragment or ?query, are skipped) or "Message-ID:" (the id,
 *    with or without brackets). Ids are compared ASCII case-insensitively.
 *
 * Where several commits share a key, the table keeps the oldest.
 */
#include "applied.h"

#include <git2.h>
#include <git2/sys/hashsig.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../common/ascii.h"
#include "../common/strmap.h"
#include "similarity.h"

struct applied_commit {
	git_oid id;
	unsigned parents;
	char *author_name;
	char *author_email;
	char *title;        /* normalised summary */
};

/* Filled on the first lookup that needs it; behind a pointer so that applied_find takes a const. */
struct patch_id_table {
	bool computed;
	int jobs;           /* threads that compute them */
	struct strmap ids;
};

struct applied {
	git_repository *repo;
	char *tree_name;
	struct applied_commit *commits; /* newest first, as the walk gave them */
	size_t count;
	struct strmap by_title;
	struct strmap by_message_id;
	struct patch_id_table *patch_ids;
};

/* ---- Keys ------------------------------------------------------------- */

static void title_key(struct strbuf *key, const char *author_key, const char *title)
{
	strbuf_reset(key);
	strbuf_addstr(key, author_key);
	strbuf_addch(key, '\n');
	strbuf_addstr(key, title);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A message-id as a key: %XX decoded (a URL's), ASCII lower-cased. */
static char *message_id_key(const char *s, size_t len, bool percent)
{
	struct strbuf sb;
	strbuf_init(&sb, len + 1);
	for (size_t i = 0; i < len; i++) {
		int hi, lo;
		if (percent && s[i] == '%' && i + 2 < len &&
		    (hi = hex_value(s[i + 1])) >= 0 && (lo = hex_value(s[i + 2])) >= 0) {
			strbuf_addch(&sb, (char)(hi * 16 + lo));
			i += 2;
			continue;
		}
		strbuf_addch(&sb, s[i]);
	}
	return ascii_lower(strbuf_detach(&sb, NULL));
}

/* public-inbox's views of a message, written after its id in a URL. */
static bool is_view_component(const char *s, size_t len)
{
	static const char *const views[] = {"T", "t", "raw", "t.mbox.gz", "t.atom", "T.mbox.gz"};
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		if (strlen(views[i]) == len && !memcmp(views[i], s, len))
			return true;
	return false;
}

/* The message-id a URL ends in, or NULL. */
static char *url_message_id(const char *url, size_t len)
{
	const char *end = url + len;
	for (const char *p = url; p < end; p++)
		if (*p == '#' || *p == '?') {
			end = p;
			break;
		}
	for (int round = 0; round < 2; round++) {
		while (end > url && end[-1] == '/')
			end--;
		const char *start = end;
		while (start > url && start[-1] != '/')
			start--;
		if (start == url) /* no '/': not a URL's path */
			return NULL;
		if (round == 0 && is_view_component(start, (size_t)(end - start))) {
			end = start;
			continue;
		}
		char *id = message_id_key(start, (size_t)(end - start), true);
		/* every message-id holds an '@': this keeps bug-tracker links out */
		if (strchr(id, '@'))
			return id;
		free(id);
		return NULL;
	}
	return NULL;
}

/* The id a "Link:" or "Message-ID:" line names, or NULL. */
static char *line_message_id(const char *line, size_t len)
{
	bool link;
	size_t skip;
	if (len > 5 && !strncasecmp(line, "Link:", 5)) {
		link = true;
		skip = 5;
	} else if (len > 11 && !strncasecmp(line, "Message-ID:", 11)) {
		link = false;
		skip = 11;
	} else {
		return NULL;
	}
	const char *p = line + skip, *end = line + len;
	while (p < end && ascii_is_space(*p))
		p++;
	while (end > p && ascii_is_space(end[-1]))
		end--;
	if (p < end && *p == '<') {
		const char *close = memchr(p, '>', (size_t)(end - p));
		p++;
		if (close)
			end = close;
	} else {
		/* "Link: URL # comment": the first word */
		const char *q = p;
		while (q < end && !ascii_is_space(*q))
			q++;
		end = q;
	}
	if (p >= end)
		return NULL;
	if (link)
		return url_message_id(p, (size_t)(end - p));
	return memchr(p, '@', (size_t)(end - p)) ? message_id_key(p, (size_t)(end - p), false) : NULL;
}

/* Every id the message's lines name (not its summary), into the table. */
static void add_message_ids(struct strmap *map, const char *message, size_t commit)
{
	const char *line = strchr(message, '\n');
	while (line) {
		line++;
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *id = line_message_id(line, len);
		if (id) {
			size_t found;
			strmap_put_if_absent(map, id, commit, &found);
			free(id);
		}
		line = nl;
	}
}

/* ---- Opening ---------------------------------------------------------- */

static void git_error_line(struct strbuf *err, const char *fallback)
{
	const git_error *e = git_error_last();
	strbuf_addstr(err, e && e->message ? e->message : fallback);
	/* libgit2's messages are one line, but make sure */
	for (size_t i = 0; i < err->len; i++)
		if (err->buf[i] == '\n')
			err->buf[i] = ' ';
}

static bool open_repository(git_repository **repo, const char *path)
{
	/* NO_SEARCH: the path given is the repository, not somewhere inside one. */
	if (git_repository_open_ext(repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0)
		return true;
	git_error_clear();
	*repo = NULL;
	return false;
}

/* "linux" for /src/linux, /src/linux/.git, /srv/linux.git and their trailing slashes. */
static char *name_of_tree(const char *gitdir)
{
	char *abs = realpath(gitdir, NULL);
	char *path = abs ? abs : xstrdup(gitdir);
	size_t len = strlen(path);
	for (int round = 0; round < 2; round++) {
		while (len > 1 && path[len - 1] == '/')
			len--;
		size_t start = len;
		while (start > 0 && path[start - 1] != '/')
			start--;
		size_t n = len - start;
		if (round == 0 && n == 4 && !memcmp(path + start, ".git", 4) && start > 1) {
			len = start;
			continue;
		}
		if (n > 4 && !memcmp(path + start + n - 4, ".git", 4))
			n -= 4;
		char *name = n ? xmemdupz(path + start, n) : xstrdup(path);
		free(path);
		return name;
	}
	free(path);
	return xstrdup(gitdir);
}

static int resolve_commit(git_oid *id, git_repository *repo, const char *gitdir, const char *rev,
			  struct strbuf *err)
{
	git_object *obj = NULL, *commit = NULL;
	if (git_revparse_single(&obj, repo, rev) < 0 ||
	    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		strbuf_addf(err, "%s: bad revision '%s': ", gitdir, rev);
		git_error_line(err, "not found");
		git_object_free(obj);
		return -1;
	}
	git_oid_cpy(id, git_object_id(commit));
	git_object_free(commit);
	git_object_free(obj);
	return 0;
}

/* Sets the walk up for range (NULL: HEAD); *limit is the commits to read at most. */
static int push_range(git_revwalk *walk, git_repository *repo, const char *gitdir, const char *range,
		      size_t *limit, struct strbuf *err)
{
	const char *dots = range ? strstr(range, "..") : NULL;
	git_oid from, to;
	if (!dots) {
		if (resolve_commit(&to, repo, gitdir, range ? range : "HEAD", err) < 0)
			return -1;
		*limit = APPLIED_DEFAULT_COMMITS;
		return git_revwalk_push(walk, &to);
	}
	if (dots[2] == '.') {
		strbuf_addf(err, "%s: %s: symmetric ranges (A...B) are not supported; use A..B", gitdir, range);
		return -1;
	}
	char *from_rev = dots == range ? xstrdup("HEAD") : xmemdupz(range, (size_t)(dots - range));
	char *to_rev = xstrdup(dots[2] ? dots + 2 : "HEAD");
	int rc = resolve_commit(&from, repo, gitdir, from_rev, err) < 0 ||
			 resolve_commit(&to, repo, gitdir, to_rev, err) < 0
		 ? -1
		 : 0;
	free(from_rev);
	free(to_rev);
	if (rc < 0)
		return -1;
	*limit = SIZE_MAX;
	if (git_revwalk_push(walk, &to) < 0 || git_revwalk_hide(walk, &from) < 0) {
		strbuf_addf(err, "%s: %s: ", gitdir, range);
		git_error_line(err, "cannot walk");
		return -1;
	}
	return 0;
}

static int list_commits(struct applied *a, const char *gitdir, const char *range, struct strbuf *err)
{
	git_revwalk *walk = NULL;
	size_t limit = 0, alloc = 0;
	git_oid id;
	int rc = -1;

	if (git_revwalk_new(&walk, a->repo) < 0 || git_revwalk_sorting(walk, GIT_SORT_TIME) < 0) {
		strbuf_addf(err, "%s: ", gitdir);
		git_error_line(err, "cannot walk");
		goto out;
	}
	if (push_range(walk, a->repo, gitdir, range, &limit, err) < 0)
		goto out;
	while (a->count < limit && (rc = git_revwalk_next(&id, walk)) == 0) {
		if (a->count == alloc) {
			alloc = alloc ? 2 * alloc : 1024;
			a->commits = xrealloc(a->commits, alloc * sizeof(*a->commits));
		}
		a->commits[a->count++] = (struct applied_commit){.id = id};
	}
	if (rc < 0 && rc != GIT_ITEROVER && a->count < limit) {
		strbuf_addf(err, "%s: ", gitdir);
		git_error_line(err, "cannot walk the history");
		rc = -1;
		goto out;
	}
	rc = 0;
out:
	git_revwalk_free(walk);
	return rc;
}

/* Rule 2's table, from the commits' authors as they are or as mm maps them. */
static void build_title_table(struct applied *a, struct mailmap *mm)
{
	struct strbuf key;
	strbuf_init(&key, 128);
	strmap_release(&a->by_title);
	strmap_init(&a->by_title);
	/* oldest first: the first one in stays */
	for (size_t i = a->count; i-- > 0;) {
		struct applied_commit *c = &a->commits[i];
		char *name = NULL, *email = NULL;
		if (!c->author_email)
			continue;
		if (mm)
			mailmap_resolve(mm, c->author_name, c->author_email, &name, &email);
		else
			email = xstrdup(c->author_email);
		ascii_lower(email);
		title_key(&key, email, c->title);
		size_t found;
		strmap_put_if_absent(&a->by_title, key.buf, i, &found);
		free(name);
		free(email);
	}
	strbuf_release(&key);
}

static int read_commits(struct applied *a, const char *gitdir, struct strbuf *err)
{
	struct strbuf title;
	strbuf_init(&title, 128);
	for (size_t i = a->count; i-- > 0;) {
		struct applied_commit *c = &a->commits[i];
		git_commit *commit;
		if (git_commit_lookup(&commit, a->repo, &c->id) < 0) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof(hex), &c->id);
			strbuf_addf(err, "%s: commit %s: ", gitdir, hex);
			git_error_line(err, "cannot be read");
			strbuf_release(&title);
			return -1;
		}
		c->parents = git_commit_parentcount(commit);
		const git_signature *author = git_commit_author(commit);
		if (author && author->email && *author->email) {
			c->author_name = xstrdup(author->name ? author->name : "");
			c->author_email = xstrdup(author->email);
		}
		const char *summary = git_commit_summary(commit);
		strbuf_reset(&title);
		title_normalise_add(&title, summary ? summary : "");
		c->title = strbuf_detach(&title, NULL);
		const char *message = git_commit_message(commit);
		if (message)
			add_message_ids(&a->by_message_id, message, i);
		git_commit_free(commit);
	}
	strbuf_release(&title);
	build_title_table(a, NULL);
	return 0;
}

int applied_open(struct applied **out, const char *spec, struct strbuf *err)
{
	struct applied *a = xcalloc(1, sizeof(*a));
	char *gitdir = NULL;
	const char *range = NULL;

	*out = NULL;
	git_libgit2_init();
	strmap_init(&a->by_title);
	strmap_init(&a->by_message_id);
	a->patch_ids = xcalloc(1, sizeof(*a->patch_ids));
	strmap_init(&a->patch_ids->ids);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	a->patch_ids->jobs = cpus > 0 ? (int)(cpus < 64 ? cpus : 64) : 1;

	if (open_repository(&a->repo, spec)) {
		gitdir = xstrdup(spec);
	} else {
		const char *colon = strrchr(spec, ':');
		gitdir = colon ? xmemdupz(spec, (size_t)(colon - spec)) : xstrdup(spec);
		if (!colon || !*gitdir || !open_repository(&a->repo, gitdir)) {
			strbuf_addf(err, "%s: not a git repository", gitdir);
			goto fail;
		}
		range = *(colon + 1) ? colon + 1 : NULL;
	}
	a->tree_name = name_of_tree(gitdir);
	if (list_commits(a, gitdir, range, err) < 0 || read_commits(a, gitdir, err) < 0)
		goto fail;
	free(gitdir);
	*out = a;
	return 0;
fail:
	free(gitdir);
	applied_close(a);
	return -1;
}

void applied_map_authors(struct applied *a, struct mailmap *mm)
{
	build_title_table(a, mm);
}

void applied_set_jobs(struct applied *a, int jobs)
{
	a->patch_ids->jobs = jobs > 0 ? jobs : 1;
}

/* ---- Patch-ids -------------------------------------------------------- */

static bool has_added_and_deleted(git_diff *diff)
{
	bool added = false, deleted = false;
	size_t n = git_diff_num_deltas(diff);
	for (size_t i = 0; i < n; i++) {
		git_delta_t status = git_diff_get_delta(diff, i)->status;
		added |= status == GIT_DELTA_ADDED;
		deleted |= status == GIT_DELTA_DELETED;
	}
	return added && deleted;
}

static bool has_renamed(git_diff *diff)
{
	size_t n = git_diff_num_deltas(diff);
	for (size_t i = 0; i < n; i++)
		if (git_diff_get_delta(diff, i)->status == GIT_DELTA_RENAMED)
			return true;
	return false;
}

/* A commit's patch-ids: none (a merge, an empty commit), one, or two with renames. */
struct commit_patch_ids {
	git_oid id[2];
	unsigned count;
};

/* The diff `git log -p` shows for the commit; NULL for a merge or on error. */
static git_diff *commit_diff(git_repository *repo, const struct applied_commit *c)
{
	git_commit *commit = NULL, *parent = NULL;
	git_tree *tree = NULL, *parent_tree = NULL;
	git_diff *diff = NULL;
	git_diff_options opts;

	if (c->parents > 1)
		return NULL;
	/*
	 * git's defaults: three lines of context, none between hunks, and
	 * (since git 2.14) the indent heuristic, which slides a hunk to
	 * where the blank lines and indentation say it begins.
	 */
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.flags |= GIT_DIFF_INDENT_HEURISTIC;
	if (git_commit_lookup(&commit, repo, &c->id) < 0 || git_commit_tree(&tree, commit) < 0 ||
	    (c->parents == 1 &&
	     (git_commit_parent(&parent, commit, 0) < 0 || git_commit_tree(&parent_tree, parent) < 0)) ||
	    git_diff_tree_to_tree(&diff, repo, parent_tree, tree, &opts) < 0)
		diff = NULL;
	git_tree_free(parent_tree);
	git_tree_free(tree);
	git_commit_free(parent);
	git_commit_free(commit);
	return diff;
}

/*
 * libgit2's own similarity refuses files of a few lines, which git still
 * finds renamed: the same line hashes, allowed for small files.
 */
static int signature_of_file(void **out, const git_diff_file *file, const char *path, void *payload)
{
	(void)file;
	(void)payload;
	return git_hashsig_create_fromfile((git_hashsig **)out, path,
					   GIT_HASHSIG_SMART_WHITESPACE | GIT_HASHSIG_ALLOW_SMALL_FILES);
}

static int signature_of_buffer(void **out, const git_diff_file *file, const char *buf, size_t len,
			       void *payload)
{
	(void)file;
	(void)payload;
	return git_hashsig_create((git_hashsig **)out, buf, len,
				  GIT_HASHSIG_SMART_WHITESPACE | GIT_HASHSIG_ALLOW_SMALL_FILES);
}

static void free_signature(void *sig, void *payload)
{
	(void)payload;
	git_hashsig_free(sig);
}

static int similarity(int *score, void *a, void *b, void *payload)
{
	(void)payload;
	*score = git_hashsig_compare(a, b);
	return *score < 0 ? -1 : 0;
}

static git_diff_similarity_metric small_file_metric = {
	signature_of_file, signature_of_buffer, free_signature, similarity, NULL,
};

/*
 * Gives each renamed file of the diff the similarity git would print for
 * it. False when git would not call one of them renamed (under 50%): its
 * diff is then the one without renames.
 */
static bool use_git_similarity(git_repository *repo, git_diff *diff)
{
	size_t n = git_diff_num_deltas(diff);
	for (size_t i = 0; i < n; i++) {
		/* the diff's own delta: its number is what the header prints */
		git_diff_delta *delta = (git_diff_delta *)git_diff_get_delta(diff, i);
		if (delta->status != GIT_DELTA_RENAMED)
			continue;
		git_blob *old = NULL, *new = NULL;
		int score = -1;
		if (git_blob_lookup(&old, repo, &delta->old_file.id) == 0 &&
		    git_blob_lookup(&new, repo, &delta->new_file.id) == 0)
			score = similarity_index(git_blob_rawcontent(old), (size_t)git_blob_rawsize(old),
						 git_blob_rawcontent(new), (size_t)git_blob_rawsize(new));
		git_blob_free(old);
		git_blob_free(new);
		if (score < 50)
			return false;
		delta->similarity = (uint16_t)score;
	}
	return true;
}

static void commit_patch_ids(git_repository *repo, const struct applied_commit *c,
			     struct commit_patch_ids *out)
{
	git_diff_find_options find;
	git_diff *diff = commit_diff(repo, c);

	out->count = 0;
	/* an empty commit shows no diff: git patch-id gives it no id */
	if (diff && git_diff_num_deltas(diff) > 0 && git_diff_patchid(&out->id[0], diff, NULL) == 0) {
		out->count = 1;
		git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
		find.flags = GIT_DIFF_FIND_RENAMES;
		find.metric = &small_file_metric;
		if (has_added_and_deleted(diff) && git_diff_find_similar(diff, &find) == 0 &&
		    has_renamed(diff) && use_git_similarity(repo, diff) &&
		    git_diff_patchid(&out->id[1], diff, NULL) == 0)
			out->count = 2;
	}
	git_diff_free(diff);
	git_error_clear();
}

/* Workers take the next commit from a shared counter, each with its own repository handle. */
struct patch_id_work {
	const struct applied *a;
	struct commit_patch_ids *results;
	atomic_size_t next;
};

static void work_on(struct patch_id_work *w, git_repository *repo)
{
	size_t i;
	while ((i = atomic_fetch_add(&w->next, 1)) < w->a->count)
		commit_patch_ids(repo, &w->a->commits[i], &w->results[i]);
}

static void *patch_id_worker(void *arg)
{
	struct patch_id_work *w = arg;
	git_repository *repo;
	if (git_repository_open_ext(&repo, git_repository_path(w->a->repo), GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0) {
		/* the others do its share */
		git_error_clear();
		return NULL;
	}
	work_on(w, repo);
	git_repository_free(repo);
	return NULL;
}

static void compute_patch_ids(const struct applied *a)
{
	struct strmap *map = &a->patch_ids->ids;
	struct patch_id_work w = {.a = a, .results = xcalloc(a->count ? a->count : 1, sizeof(*w.results))};
	size_t extra = a->patch_ids->jobs > 1 ? (size_t)a->patch_ids->jobs - 1 : 0;
	pthread_t *threads = xcalloc(extra ? extra : 1, sizeof(*threads));
	size_t started = 0;

	atomic_init(&w.next, 0);
	if (a->count > 1000) /* threads pay off on a long range only */
		for (; started < extra; started++)
			if (pthread_create(&threads[started], NULL, patch_id_worker, &w) != 0)
				break;
	work_on(&w, a->repo);
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);

	/* oldest first: the first one in stays, whatever thread computed what */
	for (size_t i = a->count; i-- > 0;)
		for (unsigned k = 0; k < w.results[i].count; k++) {
			char hex[GIT_OID_HEXSZ + 1];
			size_t found;
			git_oid_tostr(hex, sizeof(hex), &w.results[i].id[k]);
			strmap_put_if_absent(map, hex, i, &found);
		}
	free(threads);
	free(w.results);
	a->patch_ids->computed = true;
}

/* ---- Lookups ---------------------------------------------------------- */

const git_oid *applied_find(const struct applied *a, const struct message_facts *patch)
{
	size_t found;
	const git_oid *patch_id = facts_rare(patch)->patch_id;
	const char *subject = facts_rare(patch)->subject;

	if (patch_id) {
		char hex[GIT_OID_HEXSZ + 1];
		if (!a->patch_ids->computed)
			compute_patch_ids(a);
		if (strmap_get(&a->patch_ids->ids, git_oid_tostr(hex, sizeof(hex), patch_id), &found))
			return &a->commits[found].id;
	}
	if (facts_author_key(patch) && subject) {
		struct strbuf title, key;
		strbuf_init(&title, 128);
		strbuf_init(&key, 128);
		size_t offset = patch_title_offset(subject);
		title_normalise_add(&title, subject + offset);
		title_key(&key, facts_author_key(patch), title.buf);
		int hit = title.len && strmap_get(&a->by_title, key.buf, &found);
		strbuf_release(&title);
		strbuf_release(&key);
		if (hit)
			return &a->commits[found].id;
	}
	const char *message_id = facts_own_message_id(patch);
	if (message_id) {
		char *key = message_id_key(message_id, strlen(message_id), false);
		int hit = strmap_get(&a->by_message_id, key, &found);
		free(key);
		if (hit)
			return &a->commits[found].id;
	}
	return NULL;
}

const char *applied_tree_name(const struct applied *a)
{
	return a->tree_name;
}

size_t applied_commit_count(const struct applied *a)
{
	return a->count;
}

void applied_close(struct applied *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->count; i++) {
		free(a->commits[i].author_name);
		free(a->commits[i].author_email);
		free(a->commits[i].title);
	}
	free(a->commits);
	strmap_release(&a->by_title);
	strmap_release(&a->by_message_id);
	if (a->patch_ids) {
		strmap_release(&a->patch_ids->ids);
		free(a->patch_ids);
	}
	free(a->tree_name);
	git_repository_free(a->repo);
	free(a);
	git_libgit2_shutdown();
}
