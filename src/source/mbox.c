/*
 * The mbox source: the messages of one mbox file (plain, gzip-compressed or
 * standard input), in file order, the last one the newest. See mbox.h and
 * listdigest(1) for the rules: separators, quoting, order, arrival.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "../common/ascii.h"
#include "../common/file.h"
#include "arrival.h"
#include "mbox.h"
#include "source_kind.h"

/* ---------------------------------------------------------------------------
 * Separators and quoting.
 */

/*
 * The strict From_ line that public-inbox's mbox reader also requires:
 * "From SENDER DAY MON DD HH:MM:SS YYYY", that is
 * "From " \S+ " "+ \S+ " " \S+ " "+ \S+ " " [^:]+ ":" [^:]+ ":" [^:]+ " " [^:]+
 * (b4 and lore write "From mboxrd@z Thu Jan  1 00:00:00 1970", git
 * format-patch "From <commit> Mon Sep 17 00:00:00 2001", mail servers the
 * envelope sender and the delivery time). A line of text that merely starts
 * with "From " is not a separator, so an unquoted one (git format-patch
 * without --pretty=mboxrd quotes nothing) stays inside its message.
 */
bool mbox_is_separator(const char *line, size_t len)
{
	/* After each of SENDER, DAY, MON, DD: one or more blanks, or exactly one. */
	static const bool many_blanks[4] = {true, false, true, false};
	size_t i = 5;

	if (len < 5 || memcmp(line, "From ", 5))
		return false;
	for (int t = 0; t < 4; t++) {
		size_t start = i;
		while (i < len && !ascii_is_space(line[i]))
			i++;
		if (i == start || i >= len || line[i] != ' ')
			return false;
		i++;
		while (many_blanks[t] && i < len && line[i] == ' ')
			i++;
	}
	/* The time and year: exactly two colons, and a blank inside what follows the second. */
	const char *rest = line + i, *end = line + len;
	const char *c1 = memchr(rest, ':', (size_t)(end - rest));
	if (!c1 || c1 == rest)
		return false;
	const char *c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1));
	if (!c2 || c2 == c1 + 1 || memchr(c2 + 1, ':', (size_t)(end - c2 - 1)))
		return false;
	for (const char *p = c2 + 2; p + 1 < end; p++)
		if (*p == ' ')
			return true;
	return false;
}

/* Whether the variant takes a '>' off this line (len bytes, without its LF). */
static bool is_quoted_from(const char *line, size_t len, enum mbox_variant variant)
{
	size_t i = 0;

	if (variant == MBOX_O)
		return len >= 6 && !memcmp(line, ">From ", 6);
	while (i < len && line[i] == '>')
		i++;
	return i > 0 && len - i >= 5 && !memcmp(line + i, "From ", 5);
}

static bool only_blank(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!ascii_is_space(p[i]))
			return false;
	return true;
}

/* How far a front-to-back reader goes between two drops of the pages it passed. */
#define RELEASE_STEP ((size_t)16 << 20)

struct part_list {
	struct mbox_part *parts;
	size_t count, alloc;
};

/* Adds buf[start, end) as one message, without the empty line that ends it before a separator. */
static void add_part(struct part_list *l, const char *buf, size_t start, size_t end, bool quoted)
{
	if (end > start && buf[end - 1] == '\n') {
		if (end - start == 1 || buf[end - 2] == '\n')
			end--;
		else if (buf[end - 2] == '\r' && (end - start == 2 || buf[end - 3] == '\n'))
			end -= 2;
	}
	if (l->count == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 256;
		l->parts = xrealloc(l->parts, l->alloc * sizeof(*l->parts));
	}
	l->parts[l->count++] = (struct mbox_part){start, end - start, quoted};
}

/* The splitter; passed(ctx, off) is told now and then that it has read all below off. */
static void split(const char *buf, size_t len, enum mbox_variant variant, struct mbox_part **parts,
		  size_t *count, void (*passed)(void *ctx, size_t off), void *ctx)
{
	struct part_list l = {NULL, 0, 0};
	size_t start = 0, p = 0, told = 0;
	bool preamble = true, quoted = false;

	while (p < len) {
		if (passed && p - told >= RELEASE_STEP) {
			passed(ctx, p);
			told = p;
		}
		const char *nl = memchr(buf + p, '\n', len - p);
		size_t eol = nl ? (size_t)(nl - buf) : len;
		size_t next = nl ? eol + 1 : len;

		if (buf[p] == 'F' && mbox_is_separator(buf + p, eol - p)) {
			if (!preamble || !only_blank(buf + start, p - start))
				add_part(&l, buf, start, p, quoted);
			preamble = false;
			quoted = false;
			start = next;
		} else if (buf[p] == '>' && !quoted && is_quoted_from(buf + p, eol - p, variant)) {
			quoted = true;
		}
		p = next;
	}
	if (!preamble || !only_blank(buf + start, len - start))
		add_part(&l, buf, start, len, quoted);
	*parts = l.parts;
	*count = l.count;
}

void mbox_split(const char *buf, size_t len, enum mbox_variant variant,
		struct mbox_part **parts, size_t *count)
{
	split(buf, len, variant, parts, count, NULL, NULL);
}

void mbox_unquote(struct strbuf *out, const char *msg, size_t len, enum mbox_variant variant)
{
	size_t copied = 0, p = 0;

	strbuf_grow(out, len);
	while (p < len) {
		const char *nl = memchr(msg + p, '\n', len - p);
		size_t eol = nl ? (size_t)(nl - msg) : len;

		if (msg[p] == '>' && is_quoted_from(msg + p, eol - p, variant)) {
			strbuf_add(out, msg + copied, p - copied);
			copied = p + 1;
		}
		p = nl ? eol + 1 : len;
	}
	strbuf_add(out, msg + copied, len - copied);
}

/* ---------------------------------------------------------------------------
 * Reading the file once: map it, or stream it into an unlinked temporary file.
 */

enum { IN_CHUNK = 1 << 16, OUT_CHUNK = 1 << 18 };

static const char *display_name(const char *path)
{
	return strcmp(path, "-") ? path : "standard input";
}

static const char *temp_dir(void)
{
	const char *dir = getenv("TMPDIR");
	return dir && *dir ? dir : "/tmp";
}

/* A temporary file that has no name: it goes when it is closed, whatever happens. */
static int temp_file(const char *path, struct strbuf *err)
{
	const char *dir = temp_dir();
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd < 0) {
		struct strbuf name;
		strbuf_init(&name, 0);
		strbuf_addf(&name, "%s/listdigest-mbox.XXXXXX", dir);
		fd = mkstemp(name.buf);
		if (fd >= 0)
			unlink(name.buf);
		strbuf_release(&name);
	}
	if (fd < 0)
		strbuf_addf(err, "%s: cannot make a temporary file in %s: %s", display_name(path), dir,
			    strerror(errno));
	return fd;
}

static ssize_t read_some(int fd, void *buf, size_t len)
{
	ssize_t n;
	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

/* Reads until len bytes or the end of input; returns the count, or -1. */
static ssize_t read_full(int fd, unsigned char *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = read_some(fd, buf + got, len - got);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static int write_all(int fd, const unsigned char *buf, size_t len, const char *path, struct strbuf *err)
{
	if (file_write_all(fd, buf, len) == 0)
		return 0;
	strbuf_addf(err, "%s: cannot write a temporary file in %s: %s", display_name(path), temp_dir(),
		    strerror(errno));
	return -1;
}

static int read_error(const char *path, struct strbuf *err)
{
	strbuf_addf(err, "%s: %s", display_name(path), strerror(errno));
	return -1;
}

static bool only_zero_bytes(const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

static bool is_gzip_magic(const unsigned char *p, size_t len)
{
	return len >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

/* Reads the next input of z into in_buf; *eof at the end of fd. */
static int refill(z_stream *z, int fd, unsigned char *in_buf, bool *eof, const char *path,
		  struct strbuf *err)
{
	ssize_t n = read_some(fd, in_buf, IN_CHUNK);
	if (n < 0)
		return read_error(path, err);
	*eof = n == 0;
	z->next_in = in_buf;
	z->avail_in = (uInt)n;
	return 0;
}

/*
 * Decompresses the gzip stream that starts with in_buf[0, have) and goes on
 * from fd into out. Members one after the other (as `cat a.gz b.gz` makes)
 * are one stream; zero bytes after the last member are padding, anything
 * else after it is an error, as is a stream that stops before its end.
 */
static int gunzip(int fd, unsigned char *in_buf, size_t have, int out, const char *path,
		  bool *truncated, struct strbuf *err)
{
	z_stream z;
	unsigned char *out_buf = xmalloc(OUT_CHUNK);
	bool eof = false;
	int rc = -1;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		strbuf_addf(err, "%s: cannot start gzip decompression", display_name(path));
		free(out_buf);
		return -1;
	}
	z.next_in = in_buf;
	z.avail_in = (uInt)have;
	for (;;) {
		if (z.avail_in == 0 && !eof && refill(&z, fd, in_buf, &eof, path, err) < 0)
			goto out;
		z.next_out = out_buf;
		z.avail_out = OUT_CHUNK;
		int zrc = inflate(&z, Z_NO_FLUSH);
		if (write_all(out, out_buf, OUT_CHUNK - z.avail_out, path, err))
			goto out;
		if (zrc == Z_OK)
			continue;
		if (zrc == Z_BUF_ERROR && !(z.avail_in == 0 && eof))
			continue;
		if (zrc == Z_BUF_ERROR) {
			/* cut off: what came before is good, the last message is not whole */
			*truncated = true;
			break;
		}
		if (zrc != Z_STREAM_END && z.msg && !strcmp(z.msg, "incorrect data check")) {
			/* where the damage is, the check cannot say: no message of it is sure */
			strbuf_addf(err, "%s: damaged: the CRC of its gzip data does not match what it "
				    "decompresses to", display_name(path));
			goto out;
		}
		if (zrc != Z_STREAM_END) {
			strbuf_addf(err, "%s: corrupt gzip data: %s", display_name(path),
				    z.msg ? z.msg : "inflate failed");
			goto out;
		}
		/* The end of one member: another one, padding, or the end. */
		if (z.avail_in < 2 && !eof) {
			if (z.avail_in == 1)
				in_buf[0] = z.next_in[0];
			ssize_t n = read_full(fd, in_buf + z.avail_in, IN_CHUNK - z.avail_in);
			if (n < 0) {
				read_error(path, err);
				goto out;
			}
			eof = (size_t)n < IN_CHUNK - z.avail_in;
			z.avail_in += (uInt)n;
			z.next_in = in_buf;
		}
		if (z.avail_in == 0 && eof)
			break;
		if (is_gzip_magic(z.next_in, z.avail_in)) {
			inflateReset(&z);
			continue;
		}
		for (;;) {
			if (!only_zero_bytes(z.next_in, z.avail_in)) {
				strbuf_addf(err, "%s: data after the end of the gzip stream", display_name(path));
				goto out;
			}
			if (eof)
				break;
			if (refill(&z, fd, in_buf, &eof, path, err) < 0)
				goto out;
		}
		break;
	}
	rc = 0;
out:
	inflateEnd(&z);
	free(out_buf);
	return rc;
}

/* Maps len bytes of fd, read-only; len 0 maps nothing. */
static int map_fd(struct mbox_file *f, int fd, off_t len, const char *path, struct strbuf *err)
{
	if (len < 0 || (uintmax_t)len > SIZE_MAX) {
		strbuf_addf(err, "%s: too large to map", display_name(path));
		return -1;
	}
	f->size = (size_t)len;
	if (!f->size)
		return 0;
	f->map = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (f->map == MAP_FAILED) {
		f->map = NULL;
		strbuf_addf(err, "%s: cannot map: %s", display_name(path), strerror(errno));
		return -1;
	}
	f->map_len = f->size;
	f->data = f->map;
	f->fd = fd;
	return 0;
}

/*
 * Copies fd (a pipe, or a gzip file) into an unlinked temporary file,
 * decompressing when it starts with the gzip magic, and maps that.
 */
static int stream_to_temp(struct mbox_file *f, int fd, const char *path, struct strbuf *err)
{
	unsigned char *buf = xmalloc(IN_CHUNK);
	int out = -1, rc = -1;
	ssize_t n = read_full(fd, buf, IN_CHUNK);
	struct stat st;

	if (n < 0) {
		read_error(path, err);
		goto out;
	}
	out = temp_file(path, err);
	if (out < 0)
		goto out;
	f->gzip = is_gzip_magic(buf, (size_t)n);
	if (f->gzip) {
		if (gunzip(fd, buf, (size_t)n, out, path, &f->truncated, err))
			goto out;
	} else {
		while (n > 0) {
			if (write_all(out, buf, (size_t)n, path, err))
				goto out;
			n = read_some(fd, buf, IN_CHUNK);
		}
		if (n < 0) {
			read_error(path, err);
			goto out;
		}
	}
	if (fstat(out, &st)) {
		read_error(path, err);
		goto out;
	}
	rc = map_fd(f, out, st.st_size, path, err);
	if (rc == 0 && f->fd == out)
		out = -1; /* kept open for reading */
out:
	if (out >= 0)
		close(out);
	free(buf);
	return rc;
}

int mbox_file_open(struct mbox_file *f, const char *path, struct strbuf *err)
{
	bool is_stdin = !strcmp(path, "-");
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	unsigned char magic[2];
	struct stat st;
	int rc = -1;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	if (fd < 0)
		return read_error(path, err);
	if (fstat(fd, &st)) {
		read_error(path, err);
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		strbuf_addf(err, "%s: is a directory without cur/ and new/", display_name(path));
		goto out;
	}
	/* A regular file read from its start is mapped in place, unless it is compressed. */
	if (S_ISREG(st.st_mode) && lseek(fd, 0, SEEK_CUR) == 0) {
		ssize_t n = pread(fd, magic, sizeof(magic), 0);
		if (n < 0) {
			read_error(path, err);
			goto out;
		}
		if (!is_gzip_magic(magic, (size_t)n)) {
			rc = map_fd(f, fd, st.st_size, path, err);
			goto out;
		}
	}
	rc = stream_to_temp(f, fd, path, err);
out:
	if (!is_stdin && f->fd != fd)
		close(fd);
	if (rc)
		mbox_file_close(f);
	return rc;
}

void mbox_file_close(struct mbox_file *f)
{
	if (f->map)
		munmap(f->map, f->map_len);
	if (f->fd >= 0)
		close(f->fd);
	memset(f, 0, sizeof(*f));
	f->fd = -1;
}

void mbox_file_release_below(struct mbox_file *f, size_t off)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t upto = off / page * page;
	if (!f->map || upto <= f->released)
		return;
	/* a private mapping of an unchanged file: dropped pages read back the same */
	madvise((char *)f->map + f->released, upto - f->released, MADV_DONTNEED);
	f->released = upto;
}

int mbox_file_read(const struct mbox_file *f, size_t off, size_t len, struct strbuf *out,
		   const char *path, struct strbuf *err)
{
	strbuf_reset(out);
	strbuf_grow(out, len);
	size_t got = 0;
	while (got < len) {
		ssize_t n = pread(f->fd, out->buf + got, len - got, (off_t)(off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return read_error(path, err);
		if (n == 0) {
			strbuf_addf(err, "%s: the file is shorter than when it was opened", display_name(path));
			return -1;
		}
		got += (size_t)n;
	}
	strbuf_setlen(out, len);
	return 0;
}

/* ---------------------------------------------------------------------------
 * The source.
 */

struct mbox_source {
	struct mbox_file file;
	char *path;               /* owned: the file's name in errors ("-" for standard input) */
	enum mbox_variant variant;
	struct mbox_part *parts;  /* owned; count of them, in file order */
	size_t count;
	/*
	 * Why the last message is cut off, NULL when it is not: a gzip
	 * stream that stops before its end, or a file that ends in the
	 * middle of the last message's header block (a message may end
	 * without a newline, so a cut in its body cannot be told from an end).
	 */
	const char *cut_off;
};

struct mbox_cursor {
	struct source_cursor base;
	struct strbuf raw;       /* the last message read */
	struct strbuf unquoted;  /* the last message read that had quoted From lines */
};

const char *mbox_path_variant(const char *path, enum mbox_variant *variant)
{
	static const struct {
		const char *prefix;
		enum mbox_variant variant;
	} prefixes[] = {{"mboxrd:", MBOX_RD}, {"mboxo:", MBOX_O}};
	struct stat st;

	*variant = MBOX_RD;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i].prefix);
		/* A file whose name really starts with the prefix is that file. */
		if (!strncmp(path, prefixes[i].prefix, n) && path[n] && stat(path, &st)) {
			*variant = prefixes[i].variant;
			return path + n;
		}
	}
	return path;
}

static void mbox_close(struct source *src)
{
	struct mbox_source *mb = src->data;

	mbox_file_close(&mb->file);
	free(mb->parts);
	free(mb->path);
	free(mb);
	src->data = NULL;
}

static int mbox_cursor_open(struct source *src, struct source_cursor **out, struct strbuf *err)
{
	struct mbox_cursor *cur = xcalloc(1, sizeof(*cur));

	(void)err;
	cur->base.src = src;
	strbuf_init(&cur->raw, 0);
	strbuf_init(&cur->unquoted, 0);
	*out = &cur->base;
	return 0;
}

static int mbox_read(struct source_cursor *base, size_t slot, struct source_blob *blob, struct strbuf *err)
{
	struct mbox_cursor *cur = (struct mbox_cursor *)base;
	const struct mbox_source *mb = base->src->data;
	const struct mbox_part *part = &mb->parts[slot];

	memset(blob, 0, sizeof(*blob));
	if (mb->cut_off && slot == mb->count - 1) {
		strbuf_addf(err, "%s: %s: message %zu (from byte %zu) is cut off", display_name(mb->path),
			    mb->cut_off, slot + 1, part->off);
		return -1;
	}
	/* read, not mapped: the pages of a big file would stay the process's */
	if (mbox_file_read(&mb->file, part->off, part->len, &cur->raw, mb->path, err) < 0)
		return -1;
	const char *data = cur->raw.buf;
	if (part->quoted) {
		strbuf_reset(&cur->unquoted);
		mbox_unquote(&cur->unquoted, data, part->len, mb->variant);
		blob->data = cur->unquoted.buf;
		blob->len = cur->unquoted.len;
	} else {
		blob->data = data;
		blob->len = part->len;
	}
	return 0;
}

static void mbox_cursor_close(struct source_cursor *base)
{
	struct mbox_cursor *cur = (struct mbox_cursor *)base;

	strbuf_release(&cur->raw);
	strbuf_release(&cur->unquoted);
	free(cur);
}

static const struct source_type mbox_type = {
	"mbox", mbox_close, NULL, mbox_cursor_open, mbox_read, mbox_cursor_close, NULL, NULL,
};

static void passed_split(void *ctx, size_t off)
{
	mbox_file_release_below(ctx, off);
}

/* The end of a header block: an empty line (LF or CRLF). */
static bool has_header_end(const char *p, size_t len)
{
	if ((len >= 1 && p[0] == '\n') || (len >= 2 && p[0] == '\r' && p[1] == '\n'))
		return true;
	return memmem(p, len, "\n\n", 2) || memmem(p, len, "\n\r\n", 3);
}

/* Why the last message is cut off (see struct mbox_source), or NULL. */
static const char *cut_off_why(const struct mbox_source *mb)
{
	if (!mb->count)
		return NULL;
	if (mb->file.truncated)
		return "truncated gzip data";
	const struct mbox_part *last = &mb->parts[mb->count - 1];
	if (mb->file.data[mb->file.size - 1] != '\n' &&
	    !has_header_end(mb->file.data + last->off, last->len))
		return "the file ends inside its header";
	return NULL;
}

/* The list's name from the file's: "kvm" for kvm.mbox.gz; NULL for standard input. */
static char *name_of_file(const char *path)
{
	static const char *const suffixes[] = {".gz", ".mbox", ".mbx", ".mboxrd", ".mboxo", NULL};
	return strcmp(path, "-") ? source_base_name(path, suffixes) : NULL;
}

int source_open_mbox(struct source *src, const struct source_options *opts, struct strbuf *err)
{
	struct mbox_source *mb = xcalloc(1, sizeof(*mb));
	const char *path = mbox_path_variant(opts->path, &mb->variant);

	if (mbox_file_open(&mb->file, path, err)) {
		free(mb);
		return -1;
	}
	src->type = &mbox_type;
	src->data = mb;
	/* standard input has nothing to compare with: no stamp, no cache */
	if (strcmp(path, "-"))
		source_stamp_file(&src->stamp, mb->variant == MBOX_RD ? "mboxrd" : "mboxo", path);
	if (!src->name)
		src->name = name_of_file(path);
	mb->path = xstrdup(path);
	split(mb->file.data ? mb->file.data : "", mb->file.size, mb->variant, &mb->parts, &mb->count,
	      passed_split, &mb->file);
	mb->cut_off = cut_off_why(mb);
	if (mb->file.truncated && !mb->count) {
		strbuf_addf(err, "%s: truncated gzip data, and no message before the cut",
			    display_name(mb->path));
		return -1; /* source_close frees mb */
	}
	/* front to back, dropping the pages passed; then the newest (the file's last) first */
	int64_t *arrival = xmalloc((mb->count ? mb->count : 1) * sizeof(*arrival));
	mb->file.released = 0;
	for (size_t i = 0; i < mb->count; i++) {
		arrival[i] = arrival_from_header(mb->file.data + mb->parts[i].off, mb->parts[i].len);
		mbox_file_release_below(&mb->file, mb->parts[i].off);
	}
	for (size_t i = mb->count; i-- > 0;)
		source_append(src, arrival[i], i);
	free(arrival);
	mbox_file_release_below(&mb->file, mb->file.size);
	return 0;
}
