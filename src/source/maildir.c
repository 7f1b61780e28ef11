/*
 * The Maildir source: the message files of DIR/cur and DIR/new (DIR/tmp
 * holds deliveries in progress and is not read), ordered by their Date
 * header, then by file name, the newest listed first.
 *
 * A mail client may rename a file while we run (its flags after ":2,"
 * change, or it moves from new/ to cur/); a file that is gone is looked for
 * under its other names, and when it is nowhere it is skipped with a warning.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arrival.h"
#include "source_kind.h"

static const char *const subdirs[] = {"cur", "new"};

struct maildir_msg {
	char *path;       /* owned: DIR/cur/NAME or DIR/new/NAME */
	const char *name; /* into path: NAME */
	int sub;          /* index into subdirs */
	int64_t arrival;
};

struct maildir_source {
	char *dir;  /* owned */
	struct maildir_msg *msgs;  /* owned; count, oldest first */
	size_t count;
};

struct maildir_cursor {
	struct source_cursor base;
	struct strbuf buf;
};

static void warn_vanished(const char *path)
{
	fprintf(stderr, "listdigest: warning: %s: vanished while being read; skipped\n", path);
}

/* The unique part of a Maildir file name: what comes before its ":2,FLAGS" info. */
static size_t unique_len(const char *name)
{
	const char *colon = strchr(name, ':');
	return colon ? (size_t)(colon - name) : strlen(name);
}

/*
 * Opens path, or the file of the same unique name in cur/ or new/ when the
 * client renamed it. Returns the descriptor, -1 with errno ENOENT when it
 * is gone, or -1 with another errno.
 */
static int open_message(const char *dir, const char *path, const char *name)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t ulen = unique_len(name);

	if (fd >= 0 || errno != ENOENT)
		return fd;
	for (size_t s = 0; s < sizeof(subdirs) / sizeof(subdirs[0]); s++) {
		struct strbuf sub;
		strbuf_init(&sub, 0);
		strbuf_addf(&sub, "%s/%s", dir, subdirs[s]);
		DIR *d = opendir(sub.buf);
		if (!d) {
			strbuf_release(&sub);
			continue;
		}
		struct dirent *e;
		while (fd < 0 && (e = readdir(d))) {
			if (unique_len(e->d_name) == ulen && !strncmp(e->d_name, name, ulen)) {
				strbuf_addf(&sub, "/%s", e->d_name);
				fd = open(sub.buf, O_RDONLY | O_CLOEXEC);
			}
		}
		closedir(d);
		strbuf_release(&sub);
		if (fd >= 0)
			return fd;
	}
	errno = ENOENT;
	return -1;
}

/* Reads fd to its end, or only its header block when header_only. Returns 0 or -1 (errno). */
static int read_message(int fd, struct strbuf *out, bool header_only)
{
	strbuf_reset(out);
	for (;;) {
		strbuf_grow(out, 1 << 16);
		ssize_t n = read(fd, out->buf + out->len, out->alloc - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		/*
		 * Every line before the last line end was seen not to be empty:
		 * look again from the start of the line the new bytes continue.
		 */
		const char *last_nl = out->len ? memrchr(out->buf, '\n', out->len) : NULL;
		size_t from = last_nl ? (size_t)(last_nl - out->buf) + 1 : 0;
		strbuf_setlen(out, out->len + (size_t)n);
		if (header_only && arrival_header_end(out->buf + from, out->len - from) < out->len - from)
			return 0;
	}
}

static int compare_msgs(const void *a, const void *b)
{
	const struct maildir_msg *x = a, *y = b;
	int c;

	if (x->arrival != y->arrival)
		return x->arrival < y->arrival ? -1 : 1;
	c = strcmp(x->name, y->name);
	return c ? c : x->sub - y->sub;
}

/* Lists DIR/SUB into ms; files that vanish are skipped with a warning. */
static int list_subdir(struct maildir_source *ms, size_t *alloc, int s, struct strbuf *buf,
		       struct strbuf *err)
{
	struct strbuf sub;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	strbuf_init(&sub, 0);
	strbuf_addf(&sub, "%s/%s", ms->dir, subdirs[s]);
	d = opendir(sub.buf);
	if (!d) {
		strbuf_addf(err, "%s: %s", sub.buf, strerror(errno));
		strbuf_release(&sub);
		return -1;
	}
	while ((errno = 0, e = readdir(d))) {
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		struct strbuf path;
		strbuf_init(&path, 0);
		strbuf_addf(&path, "%s/%s", sub.buf, e->d_name);
		int fd = open(path.buf, O_RDONLY | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT) {
			warn_vanished(path.buf);
			strbuf_release(&path);
			continue;
		}
		if (fd >= 0 && (fstat(fd, &st) || !S_ISREG(st.st_mode))) {
			close(fd);  /* not a message file: a directory, a socket, ... */
			strbuf_release(&path);
			continue;
		}
		if (fd < 0 && (stat(path.buf, &st) || !S_ISREG(st.st_mode))) {
			strbuf_release(&path);
			continue;  /* not a message file */
		}
		/*
		 * A file that cannot be read is listed all the same, by its
		 * time of delivery: reading it fails again and says why, so that
		 * a digest that needs it fails, or skips it with --keep-going.
		 */
		bool readable = fd >= 0 && read_message(fd, buf, true) == 0;
		if (fd >= 0)
			close(fd);
		/* its arrival without a Date: when it was delivered, as the file says */
		if (!readable && stat(path.buf, &st))
			st.st_mtime = 0;
		if (ms->count == *alloc) {
			*alloc = *alloc ? 2 * *alloc : 256;
			ms->msgs = xrealloc(ms->msgs, *alloc * sizeof(*ms->msgs));
		}
		struct maildir_msg *m = &ms->msgs[ms->count++];
		m->path = strbuf_detach(&path, NULL);
		m->name = m->path + sub.len + 1;
		m->sub = s;
		m->arrival = readable ? arrival_from_header(buf->buf, buf->len) : (int64_t)st.st_mtime;
	}
	if (!rc && errno) {
		strbuf_addf(err, "%s: %s", sub.buf, strerror(errno));
		rc = -1;
	}
	closedir(d);
	strbuf_release(&sub);
	return rc;
}

static void maildir_free(struct maildir_source *ms)
{
	for (size_t i = 0; i < ms->count; i++)
		free(ms->msgs[i].path);
	free(ms->msgs);
	free(ms->dir);
	free(ms);
}

static void maildir_close(struct source *src)
{
	maildir_free(src->data);
	src->data = NULL;
}

static int maildir_cursor_open(struct source *src, struct source_cursor **out, struct strbuf *err)
{
	struct maildir_cursor *cur = xcalloc(1, sizeof(*cur));

	(void)err;
	cur->base.src = src;
	strbuf_init(&cur->buf, 0);
	*out = &cur->base;
	return 0;
}

static int maildir_read(struct source_cursor *base, size_t slot, struct source_blob *blob,
			struct strbuf *err)
{
	struct maildir_cursor *cur = (struct maildir_cursor *)base;
	const struct maildir_source *ms = base->src->data;
	const struct maildir_msg *m = &ms->msgs[slot];
	int fd = open_message(ms->dir, m->path, m->name);

	memset(blob, 0, sizeof(*blob));
	if (fd < 0 && errno == ENOENT) {
		/* Gone: read as nothing, which the digest skips like a removed message. */
		warn_vanished(m->path);
		return 0;
	}
	if (fd < 0 || read_message(fd, &cur->buf, false)) {
		strbuf_addf(err, "%s: %s", m->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	blob->data = cur->buf.buf;
	blob->len = cur->buf.len;
	return 0;
}

static void maildir_cursor_close(struct source_cursor *base)
{
	struct maildir_cursor *cur = (struct maildir_cursor *)base;

	strbuf_release(&cur->buf);
	free(cur);
}

static const struct source_type maildir_type = {
	"Maildir", maildir_close, NULL, maildir_cursor_open, maildir_read, maildir_cursor_close, NULL, NULL,
};

int source_open_maildir(struct source *src, const struct source_options *opts, struct strbuf *err)
{
	struct maildir_source *ms = xcalloc(1, sizeof(*ms));
	struct strbuf buf;
	size_t alloc = 0;

	ms->dir = xstrdup(opts->path);
	strbuf_init(&buf, 0);
	for (int s = 0; s < (int)(sizeof(subdirs) / sizeof(subdirs[0])); s++) {
		/*
		 * Before listing, so that a change while listing shows next time:
		 * adding, removing or renaming (a flag) a message changes its
		 * directory's time; messages themselves are never rewritten.
		 */
		strbuf_reset(&buf);
		strbuf_addf(&buf, "%s/%s", opts->path, subdirs[s]);
		source_stamp_file(&src->stamp, subdirs[s], buf.buf);
		if (list_subdir(ms, &alloc, s, &buf, err)) {
			strbuf_release(&buf);
			maildir_free(ms);
			return -1;
		}
	}
	strbuf_release(&buf);
	if (ms->count)
		qsort(ms->msgs, ms->count, sizeof(*ms->msgs), compare_msgs);
	src->type = &maildir_type;
	src->data = ms;
	if (!src->name)
		src->name = source_base_name(opts->path, NULL); /* "kvm" for ~/Mail/kvm/ */
	for (size_t i = ms->count; i-- > 0;)
		source_append(src, ms->msgs[i].arrival, i);
	return 0;
}
