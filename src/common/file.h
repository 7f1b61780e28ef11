/* Reading a small file whole: configuration such as a mailmap or an orgmap. */
#ifndef LISTDIGEST_FILE_H
#define LISTDIGEST_FILE_H

#include "strbuf.h"

/*
 * Appends the contents of path to out. Returns 0, or -1 with
 * "<path>: <why>" in err (a directory is refused too).
 */
int file_read_all(struct strbuf *out, const char *path, struct strbuf *err);

#endif
