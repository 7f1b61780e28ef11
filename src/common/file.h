/* Files: reading a small one whole (a mailmap, an orgmap), writing all of a buffer. */
#ifndef LISTDIGEST_FILE_H
#define LISTDIGEST_FILE_H

#include <stddef.h>

#include "strbuf.h"

/*
 * Appends the contents of path to out. Returns 0, or -1 with
 * "<path>: <why>" in err (a directory is refused too).
 */
int file_read_all(struct strbuf *out, const char *path, struct strbuf *err);

/*
 * Writes all of data to fd, through short writes and EINTR. Returns 0, or
 * -1 with errno set (ENOSPC when the file takes no more bytes).
 */
int file_write_all(int fd, const void *data, size_t len);

#endif
