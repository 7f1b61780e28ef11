/* Where an index lives: the cache directory and the file's name (see index.h). */
#ifndef LISTDIGEST_INDEX_CACHE_H
#define LISTDIGEST_INDEX_CACHE_H

#include "../common/strbuf.h"

/*
 * The cache directory: dir when given, else $XDG_CACHE_HOME/listdigest (an
 * absolute XDG_CACHE_HOME only, as the XDG spec asks), else
 * $HOME/.cache/listdigest. -1 with a message when there is no home.
 */
int cache_dir_resolve(const char *dir, struct strbuf *out, struct strbuf *err);

/* "<name>-<16 hex digits>.sqlite": name sanitised to [A-Za-z0-9._-], the hash of source_id. */
void cache_file_name(const char *name, const char *source_id, struct strbuf *out);

/* mkdir -p with mode 0700 for what it creates. -1 with "<dir>: <why>" in err. */
int cache_dir_create(const char *dir, struct strbuf *err);

#endif
