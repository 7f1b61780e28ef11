/* The parts every kind of source shares: detection, the list, selection. */
#include "arrival.h"
#include "mbox.h"
#include "source_kind.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool is_dir(const char *dir, const char *sub)
{
	struct strbuf path;
	struct stat st;
	strbuf_init(&path, 0);
	strbuf_addf(&path, "%s/%s", dir, sub);
	bool yes = stat(path.buf, &st) == 0 && S_ISDIR(st.st_mode);
	strbuf_release(&path);
	return yes;
}

/*
 * What is at path: a file, "-" or "mboxo:FILE"/"mboxrd:FILE" is an mbox, a
 * directory with cur/ and new/ a Maildir, else git.
 */
static int detect(const char *path, enum source_kind *kind, struct strbuf *err)
{
	struct stat st;

	if (!strcmp(path, "-")) {
		*kind = SOURCE_MBOX;
		return 0;
	}
	if (stat(path, &st) < 0) {
		enum mbox_variant variant;
		/* "mboxo:FILE", "mboxrd:FILE": an mbox of the variant named, as lei spells it */
		const char *file = mbox_path_variant(path, &variant);
		if (file != path && stat(file, &st) == 0 && !S_ISDIR(st.st_mode)) {
			*kind = SOURCE_MBOX;
			return 0;
		}
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		*kind = SOURCE_MBOX;
		return 0;
	}
	/* an epoch or a whole inbox: source_open_git tells them apart */
	*kind = is_dir(path, "cur") && is_dir(path, "new") ? SOURCE_MAILDIR : SOURCE_EPOCH;
	return 0;
}

int source_open(struct source **out, const struct source_options *opts, struct strbuf *err)
{
	struct source *src = xcalloc(1, sizeof(*src));
	int rc;

	*out = NULL;
	if (detect(opts->path, &src->kind, err) < 0) {
		free(src);
		return -1;
	}
	switch (src->kind) {
	case SOURCE_MBOX:
	case SOURCE_MAILDIR:
		if (opts->range) {
			strbuf_addf(err, "%s: a revision range applies to git archives only, "
				    "not to an mbox or a Maildir", opts->range);
			rc = -1;
		} else if (src->kind == SOURCE_MBOX) {
			rc = source_open_mbox(src, opts, err);
		} else {
			rc = source_open_maildir(src, opts, err);
		}
		break;
	default:
		rc = source_open_git(src, opts, err);
		break;
	}
	if (rc < 0) {
		source_close(src);
		return -1;
	}
	*out = src;
	return 0;
}

void source_close(struct source *src)
{
	if (!src)
		return;
	source_forget_messages(src);
	if (src->type && src->type->close)
		src->type->close(src);
	free(src->name);
	free(src->range_start_label);
	free(src->range_end_label);
	free(src->parts);
	free(src->stamp);
	for (size_t k = 0; k < src->skipped_count; k++)
		free(src->skipped[k]);
	free(src->skipped);
	free(src);
}

void source_forget_messages(struct source *src)
{
	if (src->type && src->type->forget_messages)
		src->type->forget_messages(src);
	free(src->arrival);
	free(src->slot);
	src->arrival = NULL;
	src->slot = NULL;
	src->count = src->alloc = 0;
}

void source_add_skipped(struct source *src, const char *why)
{
	src->skipped = xrealloc(src->skipped, (src->skipped_count + 1) * sizeof(*src->skipped));
	src->skipped[src->skipped_count++] = xstrdup(why);
}

size_t source_skipped_count(const struct source *src)
{
	return src->skipped_count;
}

const char *source_skipped(const struct source *src, size_t k)
{
	return src->skipped[k];
}

char *source_base_name(const char *path, const char *const *suffixes)
{
	const char *end = path + strlen(path);
	while (end > path && end[-1] == '/')
		end--;
	const char *base = end;
	while (base > path && base[-1] != '/')
		base--;
	for (; suffixes && *suffixes; suffixes++) {
		size_t n = strlen(*suffixes);
		if ((size_t)(end - base) > n && !strncmp(end - n, *suffixes, n))
			end -= n;
	}
	return xmemdupz(base, (size_t)(end - base));
}

void source_append(struct source *src, int64_t arrival, size_t slot)
{
	if (slot >= UINT32_MAX)
		abort(); /* 2^32 messages listed: in no memory this runs in, and 4 bytes number them */
	if (src->count == src->alloc) {
		src->alloc = src->alloc ? src->alloc * 2 : 1024;
		src->arrival = xrealloc(src->arrival, src->alloc * sizeof(*src->arrival));
		src->slot = xrealloc(src->slot, src->alloc * sizeof(*src->slot));
	}
	src->arrival[src->count] = arrival;
	src->slot[src->count] = (uint32_t)slot;
	src->count++;
}

enum source_kind source_kind(const struct source *src)
{
	return src->kind;
}

size_t source_count(const struct source *src)
{
	return src->count;
}

int64_t source_arrival(const struct source *src, size_t i)
{
	return src->arrival[i];
}

void source_select(struct source *src, const bool *keep)
{
	size_t kept = 0;
	for (size_t i = 0; i < src->count; i++) {
		if (!keep[i])
			continue;
		src->arrival[kept] = src->arrival[i];
		src->slot[kept] = src->slot[i];
		kept++;
	}
	src->count = kept;
}

void source_label(const struct source *src, size_t i, struct strbuf *out)
{
	if (src->type->label)
		src->type->label(src, src->slot[i], out);
	else
		arrival_label(src->arrival[i], out);
}

char *source_cache_id(const char *path, char **name)
{
	static const char *const suffixes[] = {".git", ".gz", ".mbox", NULL};
	enum mbox_variant variant;
	const char *file = mbox_path_variant(path, &variant);
	struct strbuf id;

	*name = NULL;
	if (!strcmp(file, "-"))
		return NULL;
	char *absolute = realpath(file, NULL);
	if (!absolute)
		return NULL; /* nothing there: no cache file for it (opening it will say why) */
	strbuf_init(&id, 0);
	if (file != path)
		strbuf_add(&id, path, (size_t)(file - path));
	strbuf_addstr(&id, absolute);
	*name = source_base_name(absolute, suffixes);
	free(absolute);
	return strbuf_detach(&id, NULL);
}

void source_key(const struct source *src, size_t i, struct source_key *key)
{
	memset(key, 0, sizeof(*key));
	if (src->type->key)
		src->type->key(src, src->slot[i], key);
}

size_t source_part_count(const struct source *src)
{
	return src->parts ? src->part_count : 1;
}

void source_part(const struct source *src, size_t k, struct source_part *part)
{
	if (src->parts)
		*part = src->parts[k];
	else
		memset(part, 0, sizeof(*part));
}

bool source_stamp(const struct source *src, struct strbuf *out)
{
	if (src->stamp)
		strbuf_addstr(out, src->stamp);
	return src->stamp != NULL;
}

void source_stamp_file(char **stamp, const char *what, const char *path)
{
	struct stat st;
	struct strbuf buf;
	if (stat(path, &st) < 0)
		return;
	strbuf_init(&buf, 0);
	if (*stamp)
		strbuf_addf(&buf, "%s ", *stamp);
	strbuf_addf(&buf, "%s %lld %lld.%09ld %llu", what, (long long)st.st_size,
		    (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec,
		    (unsigned long long)st.st_ino);
	free(*stamp);
	*stamp = strbuf_detach(&buf, NULL);
}

const char *source_range_start_label(const struct source *src)
{
	return src->range_start_label;
}

const char *source_range_end_label(const struct source *src)
{
	return src->range_end_label;
}

const char *source_name(const struct source *src)
{
	return src->name ? src->name : "";
}

int source_cursor_open(struct source *src, struct source_cursor **out, struct strbuf *err)
{
	if (src->type->cursor_open(src, out, err) < 0)
		return -1;
	(*out)->src = src;
	return 0;
}

int source_read(struct source_cursor *cur, size_t i, struct source_blob *blob, struct strbuf *err)
{
	memset(blob, 0, sizeof(*blob));
	return cur->src->type->read(cur, cur->src->slot[i], blob, err);
}

void source_cursor_close(struct source_cursor *cur)
{
	if (cur)
		cur->src->type->cursor_close(cur);
}
