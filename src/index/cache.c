#include "cache.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


int cache_dir_resolve(const char *dir, struct strbuf *out, struct strbuf *err)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (dir && *dir)
		strbuf_addstr(out, dir);
	else if (xdg && xdg[0] == '/')
		strbuf_addf(out, "%s/listdigest", xdg);
	else if (home && home[0] == '/')
		strbuf_addf(out, "%s/.cache/listdigest", home);
	else {
		strbuf_addstr(err, "no cache directory: neither XDG_CACHE_HOME nor HOME is an absolute path");
		return -1;
	}
	/* "dir/" and "dir" are one directory: keep names tidy in warnings */
	while (out->len > 1 && out->buf[out->len - 1] == '/')
		strbuf_setlen(out, out->len - 1);
	return 0;
}

/* FNV-1a, 64 bits: stable across machines and versions, unlike a seeded hash. */
static uint64_t hash64(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

void cache_file_name(const char *name, const char *source_id, struct strbuf *out)
{
	size_t start = out->len, kept = 0;

	for (const char *p = name ? name : ""; *p && kept < 40; p++, kept++) {
		unsigned char c = (unsigned char)*p;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			     c == '.' || c == '_' || c == '-';
		strbuf_addch(out, plain ? (char)c : '_');
	}
	if (out->len == start)
		strbuf_addstr(out, "source");
	else if (out->buf[start] == '.') /* never a hidden file */
		out->buf[start] = '_';
	strbuf_addf(out, "-%016llx.sqlite", (unsigned long long)hash64(source_id));
}

int cache_dir_create(const char *dir, struct strbuf *err)
{
	char *path = xstrdup(dir);
	int rc = 0;

	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p)
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			strbuf_addf(err, "%s: %s", path, strerror(errno));
			rc = -1;
			break;
		}
		*p = saved;
		if (!saved)
			break;
	}
	if (!rc) {
		struct stat st;
		if (stat(dir, &st) < 0) {
			strbuf_addf(err, "%s: %s", dir, strerror(errno));
			rc = -1;
		} else if (!S_ISDIR(st.st_mode)) {
			strbuf_addf(err, "%s: %s", dir, strerror(ENOTDIR));
			rc = -1;
		}
	}
	free(path);
	return rc;
}
