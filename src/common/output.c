#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"

void output_init(struct output *o, const char *path)
{
	o->path = path;
	o->fd = -1;
	o->in_place = false;
	o->unnamed = false;
	const char *test = getenv("LISTDIGEST_TEST_SPILL_AT");
	o->spill_at = test && *test ? strtoull(test, NULL, 10) : OUTPUT_SPILL_AT;
	strbuf_init(&o->tmp, 0);
	strbuf_init(&o->error, 0);
}

static void fail(struct output *o)
{
	if (!o->error.len)
		strbuf_addf(&o->error, "%s: %s", o->path ? o->path : "standard output", strerror(errno));
}

/*
 * A file without a name in path's directory, with the mode a new file
 * gets: true when made. False, with nothing kept, where the file system
 * or the system cannot (no O_TMPFILE, no /proc to link it through):
 * the caller makes a named temporary file instead, whose failure says why.
 */
static bool open_unnamed(struct output *o)
{
	if (access("/proc/self/fd", X_OK) < 0)
		return false;
	char *copy = xstrdup(o->path); /* dirname may write into its argument */
	/* read as well: copied into a named file should linking it in fail */
	o->fd = open(dirname(copy), O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
	free(copy);
	o->unnamed = o->fd >= 0;
	return o->unnamed;
}

/*
 * A file under a temporary name beside path (<path>.tmp-XXXXXX), with the
 * mode a new file gets: true when made, false with the failure kept.
 */
static bool open_named(struct output *o)
{
	strbuf_reset(&o->tmp);
	strbuf_addf(&o->tmp, "%s.tmp-XXXXXX", o->path);
	o->fd = mkostemp(o->tmp.buf, O_CLOEXEC);
	if (o->fd < 0) {
		fail(o);
		strbuf_reset(&o->tmp);
		return false;
	}
	/* mkstemp makes 0600; a digest is an ordinary file */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(o->fd, 0666 & ~mask) < 0) {
		fail(o);
		return false;
	}
	return true;
}

/* Opens what the first write goes to; false (and the failure kept) when it cannot be. */
static bool output_open(struct output *o)
{
	if (!o->path) {
		o->fd = STDOUT_FILENO;
		o->in_place = true;
		return true;
	}
	/* a device or a pipe (/dev/full, /dev/stdout): a file renamed over it would replace the node */
	struct stat st;
	if (stat(o->path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		o->fd = open(o->path, O_WRONLY | O_CLOEXEC);
		o->in_place = true;
		if (o->fd < 0)
			fail(o);
		return o->fd >= 0;
	}
	return open_unnamed(o) || open_named(o);
}

/*
 * Gives the unnamed file a temporary name beside path (through /proc, as
 * linkat's AT_EMPTY_PATH needs a capability): it is complete, and is
 * renamed over path next. False, with errno set, when it cannot be.
 */
static bool link_unnamed(struct output *o)
{
	char proc[64];
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", o->fd);
	for (unsigned n = 0;; n++) {
		strbuf_reset(&o->tmp);
		strbuf_addf(&o->tmp, "%s.tmp-%ld-%u", o->path, (long)getpid(), n);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp.buf, AT_SYMLINK_FOLLOW) == 0)
			return true;
		if (errno != EEXIST || n == 100) { /* another run's name: the next one */
			strbuf_reset(&o->tmp);
			return false;
		}
	}
}

/*
 * Where the unnamed file cannot be linked in (a sandbox that forbids
 * linking through /proc, say), its bytes are copied into a named
 * temporary file, synced, which is renamed over path next. True when
 * done; false with the failure kept and no named file left.
 */
static bool copy_unnamed(struct output *o)
{
	int unnamed = o->fd;
	o->fd = -1;
	o->unnamed = false;
	bool ok = open_named(o);
	char block[65536];
	for (off_t at = 0; ok;) {
		ssize_t n = pread(unnamed, block, sizeof(block), at);
		if (n == 0)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || file_write_all(o->fd, block, (size_t)n) < 0) {
			fail(o);
			ok = false;
		} else {
			at += n;
		}
	}
	if (ok && fsync(o->fd) < 0) {
		fail(o);
		ok = false;
	}
	close(unnamed);
	return ok;
}

static void output_put(struct output *o, const char *data, size_t len)
{
	if (o->error.len)
		return;
	if (o->fd < 0 && !output_open(o))
		return;
	if (len && file_write_all(o->fd, data, len) < 0)
		fail(o);
}

void output_spill(struct output *o, struct strbuf *buf)
{
	if (buf->len < o->spill_at)
		return;
	output_put(o, buf->buf, buf->len);
	strbuf_reset(buf);
}

static void output_release(struct output *o)
{
	if (o->fd >= 0 && o->fd != STDOUT_FILENO)
		close(o->fd);
	o->fd = -1;
	if (o->tmp.len)
		unlink(o->tmp.buf);
	strbuf_release(&o->tmp);
	strbuf_release(&o->error);
}

static void rename_into_place(struct output *o)
{
	if (rename(o->tmp.buf, o->path) < 0)
		fail(o);
	else
		strbuf_reset(&o->tmp);
}

int output_finish(struct output *o, const char *data, size_t len, struct strbuf *err)
{
	output_put(o, data, len);
	if (!o->error.len && !o->in_place && fsync(o->fd) < 0)
		fail(o);
	/* named and renamed at once, before the close: a kill between them leaves as little as can be */
	if (!o->error.len && o->unnamed) {
		if (link_unnamed(o) || copy_unnamed(o))
			rename_into_place(o);
	}
	if (!o->error.len && o->fd != STDOUT_FILENO) {
		int fd = o->fd;
		o->fd = -1;
		if (close(fd) < 0)
			fail(o);
	}
	if (!o->error.len && o->tmp.len)
		rename_into_place(o);
	int rc = 0;
	if (o->error.len) {
		strbuf_add(err, o->error.buf, o->error.len);
		rc = -1;
	}
	output_release(o);
	return rc;
}

bool output_started(const struct output *o)
{
	return o->fd >= 0 || o->error.len;
}

void output_abort(struct output *o)
{
	output_release(o);
}

int output_write(const char *path, const char *data, size_t len, struct strbuf *err)
{
	struct output o;
	output_init(&o, path);
	return output_finish(&o, data, len, err);
}
