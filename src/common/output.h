/* Writing the finished output: to stdout, or to a file atomically. */
#ifndef LISTDIGEST_OUTPUT_H
#define LISTDIGEST_OUTPUT_H

#include <stddef.h>

#include "strbuf.h"

/*
 * Writes data to path through a temporary file in the same directory and a
 * rename, so that path never holds a partial file; a device or a pipe is
 * written in place; path NULL means stdout.
 * Returns 0, or -1 with "<what>: <why>" in err and nothing left behind.
 */
int output_write(const char *path, const char *data, size_t len, struct strbuf *err);

#endif
