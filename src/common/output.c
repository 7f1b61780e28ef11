#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"

/*
 * A device or a pipe (/dev/full, /dev/stdout) is written in place: a file
 * renamed over it would replace the device node itself.
 */
static int write_in_place(const char *path, const char *data, size_t len, struct strbuf *err)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || file_write_all(fd, data, len) < 0) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (close(fd) < 0) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int output_write(const char *path, const char *data, size_t len, struct strbuf *err)
{
	if (!path) {
		if (file_write_all(STDOUT_FILENO, data, len) < 0) {
			strbuf_addf(err, "standard output: %s", strerror(errno));
			return -1;
		}
		return 0;
	}

	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return write_in_place(path, data, len, err);

	struct strbuf tmp;
	strbuf_init(&tmp, 0);
	strbuf_addf(&tmp, "%s.tmp-XXXXXX", path);
	int fd = mkostemp(tmp.buf, O_CLOEXEC);
	if (fd < 0) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		strbuf_release(&tmp);
		return -1;
	}
	/* mkstemp makes 0600; a digest is an ordinary file. */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0 || file_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(tmp.buf);
		strbuf_release(&tmp);
		return -1;
	}
	if (close(fd) < 0 || rename(tmp.buf, path) < 0) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		unlink(tmp.buf);
		strbuf_release(&tmp);
		return -1;
	}
	strbuf_release(&tmp);
	return 0;
}
