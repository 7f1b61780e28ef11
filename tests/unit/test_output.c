/* output: a file appears whole or not at all, also when written in pieces. */
#include "harness.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../../src/common/file.h"
#include "../../src/common/output.h"
#include "../../src/common/strbuf.h"

void test_output(void);

/*
 * linkat as output.c calls it: this binary's definition comes before the
 * C library's, so that a test can make linking in an unnamed file fail,
 * as a sandbox that forbids linking through /proc does.
 */
static bool linkat_refused;
int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)
{
	if (linkat_refused) {
		errno = EPERM;
		return -1;
	}
	return (int)syscall(SYS_linkat, olddirfd, oldpath, newdirfd, newpath, flags);
}

/* The entries of dir other than . and .., counted; name gets the last one's. */
static int entries(const char *dir, char *name, size_t size)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (!d)
		return -1;
	for (struct dirent *e; (e = readdir(d));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		n++;
		snprintf(name, size, "%s", e->d_name);
	}
	closedir(d);
	return n;
}

static bool file_is(const char *path, const char *want, size_t len)
{
	struct strbuf got, err;
	strbuf_init(&got, 0);
	strbuf_init(&err, 0);
	bool same = file_read_all(&got, path, &err) == 0 && got.len == len && !memcmp(got.buf, want, len);
	strbuf_release(&got);
	strbuf_release(&err);
	return same;
}

/* Whether dir's file system makes files without a name (O_TMPFILE), asked of it apart. */
static bool makes_unnamed_files(const char *dir)
{
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	return fd >= 0;
}

void test_output(void)
{
	char dir[4096], path[4200], name[256];
	const char *base = getenv("BUILD_DIR");
	snprintf(dir, sizeof(dir), "%s/unit-output.XXXXXX", base && *base ? base : "/tmp");
	if (base && *base)
		mkdir(base, 0700);
	if (!mkdtemp(dir)) {
		CHECK(0, "output: mkdtemp %s", dir);
		return;
	}
	snprintf(path, sizeof(path), "%s/digest.txt", dir);

	/* three pieces: two spilled, the rest given to output_finish */
	struct strbuf whole, buf, err;
	strbuf_init(&whole, 0);
	strbuf_init(&buf, 0);
	strbuf_init(&err, 0);
	struct output o;
	output_init(&o, path);
	CHECK(!output_started(&o), "nothing written before the first spill");
	for (int piece = 0; piece < 2; piece++) {
		while (buf.len < o.spill_at)
			strbuf_addf(&buf, "piece %d line %zu\n", piece, buf.len);
		strbuf_add(&whole, buf.buf, buf.len);
		output_spill(&o, &buf);
		CHECK(buf.len == 0, "a full buffer is written out and emptied");
	}
	strbuf_addstr(&buf, "short");
	output_spill(&o, &buf);
	CHECK(buf.len == 5, "a short buffer is left for later");
	strbuf_addstr(&whole, "short");
	CHECK(output_started(&o), "written once spilled");
	bool unnamed = makes_unnamed_files(dir);
	int beside = entries(dir, name, sizeof(name));
	CHECK(o.unnamed == unnamed && access(path, F_OK) != 0 &&
		      (unnamed ? beside == 0 : beside == 1 && !strncmp(name, "digest.txt.tmp-", 15)),
	      "while being written, %s (%d entries)",
	      unnamed ? "a file without a name: nothing in the directory, which a kill would leave"
		      : "only a temporary file beside it, the file system making no file without a name",
	      beside);
	CHECK(output_finish(&o, buf.buf, buf.len, &err) == 0, "finished: %s", err.buf);
	CHECK(file_is(path, whole.buf, whole.len), "the file holds every piece in order (%zu bytes)", whole.len);
	CHECK(entries(dir, name, sizeof(name)) == 1, "no temporary file left");

	/* linking in refused: the unnamed file's bytes are copied under a temporary name, then renamed */
	if (unnamed) {
		struct strbuf second;
		strbuf_init(&second, 0);
		output_init(&o, path);
		for (int piece = 0; piece < 3; piece++) {
			strbuf_reset(&buf);
			while (buf.len < o.spill_at)
				strbuf_addf(&buf, "copied piece %d line %zu\n", piece, buf.len);
			strbuf_add(&second, buf.buf, buf.len);
			output_spill(&o, &buf);
		}
		CHECK(o.unnamed && entries(dir, name, sizeof(name)) == 1 && file_is(path, whole.buf, whole.len),
		      "while a second output is written unnamed, the first stays whole");
		linkat_refused = true;
		strbuf_reset(&err);
		int rc = output_finish(&o, "tail", 4, &err);
		linkat_refused = false;
		strbuf_addstr(&second, "tail");
		struct stat st;
		mode_t mask = umask(0);
		umask(mask);
		CHECK(rc == 0 && file_is(path, second.buf, second.len) && entries(dir, name, sizeof(name)) == 1 &&
			      stat(path, &st) == 0 && (st.st_mode & 0777) == (0666 & ~mask),
		      "linking refused: the output is copied whole (%zu bytes), with a new file's mode, "
		      "and nothing is left beside it: %s",
		      second.len, err.buf);
		strbuf_release(&second);
		/* the first output stays the reference below */
		CHECK(output_write(path, whole.buf, whole.len, &err) == 0, "rewritten: %s", err.buf);
	}

	/* given up half way: the old file stays, the temporary one goes */
	strbuf_reset(&buf);
	output_init(&o, path);
	while (buf.len < o.spill_at)
		strbuf_addstr(&buf, "other text\n");
	output_spill(&o, &buf);
	output_abort(&o);
	CHECK(file_is(path, whole.buf, whole.len) && entries(dir, name, sizeof(name)) == 1,
	      "an aborted output leaves the old file as it was, and nothing beside it");

	/* a directory that is not there: the error names the file, at the end */
	char missing[4300];
	snprintf(missing, sizeof(missing), "%s/no/such/dir/out.txt", dir);
	strbuf_reset(&buf);
	output_init(&o, missing);
	while (buf.len < o.spill_at)
		strbuf_addstr(&buf, "lost text\n");
	output_spill(&o, &buf);
	strbuf_reset(&err);
	CHECK(output_finish(&o, "end", 3, &err) < 0 && strstr(err.buf, missing) &&
		      strstr(err.buf, "No such file"),
	      "a spill that fails is reported by output_finish: %s", err.buf);

	/* a device is written in place */
	strbuf_reset(&err);
	CHECK(output_write("/dev/null", "x", 1, &err) == 0, "a device is written in place: %s", err.buf);
	strbuf_reset(&err);
	CHECK(output_write("/dev/full", "x", 1, &err) < 0 && strstr(err.buf, "/dev/full: "),
	      "a full device says so: %s", err.buf);

	unlink(path);
	rmdir(dir);
	strbuf_release(&whole);
	strbuf_release(&buf);
	strbuf_release(&err);
}
