#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int file_read_all(struct strbuf *out, const char *path, struct strbuf *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		strbuf_addf(err, "%s: %s", path, strerror(EISDIR));
		close(fd);
		return -1;
	}
	for (;;) {
		strbuf_grow(out, 8192);
		ssize_t n = read(fd, out->buf + out->len, out->alloc - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			strbuf_addf(err, "%s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		strbuf_setlen(out, out->len + (size_t)n);
	}
	close(fd);
	return 0;
}

int file_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC; /* nothing written, and no error said why */
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
