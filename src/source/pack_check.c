/*
 * The checks of pack_check.h, from the file formats of gitformat-pack(5):
 * a .pack ends with the SHA-1 of its content, which its .idx (version 2)
 * repeats in its own trailer, before which sit the objects' offsets.
 * Every read is checked against the file's size: a damaged .idx is itself
 * reported, never read out of bounds.
 */
#include "pack_check.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define HASH_LEN 20
#define IDX_HEADER (8 + 256 * 4)

static uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * The largest object offset an index (version 2) records, and the pack
 * checksum in its trailer. False when the file is not such an index.
 */
static bool idx_read(const unsigned char *m, size_t size, uint64_t *max_offset,
		     unsigned char pack_sum[HASH_LEN])
{
	if (size < IDX_HEADER + 2 * HASH_LEN || memcmp(m, "\377tOc", 4) || get_be32(m + 4) != 2)
		return false;
	uint64_t n = get_be32(m + 8 + 255 * 4);
	uint64_t offsets = IDX_HEADER + n * (HASH_LEN + 4);
	uint64_t large = offsets + n * 4;
	if (large > size - 2 * HASH_LEN)
		return false;
	*max_offset = 0;
	for (uint64_t i = 0; i < n; i++) {
		uint32_t off = get_be32(m + offsets + 4 * i);
		uint64_t at = off;
		if (off & 0x80000000u) {
			uint64_t k = large + 8 * (uint64_t)(off & 0x7fffffffu);
			if (k + 8 > size - 2 * HASH_LEN)
				return false;
			at = (uint64_t)get_be32(m + k) << 32 | get_be32(m + k + 4);
		}
		if (at > *max_offset)
			*max_offset = at;
	}
	memcpy(pack_sum, m + size - 2 * HASH_LEN, HASH_LEN);
	return true;
}

/* Maps a whole file read-only; NULL when it cannot (or is empty). */
static const unsigned char *map_file(const char *path, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *m = MAP_FAILED;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && st.st_size > 0 && (uintmax_t)st.st_size <= SIZE_MAX) {
		*size = (size_t)st.st_size;
		m = mmap(NULL, *size, PROT_READ, MAP_PRIVATE, fd, 0);
	}
	close(fd);
	return m == MAP_FAILED ? NULL : m;
}

/* What is wrong with one pack and its index; false when nothing seen. */
static bool pack_damage(const char *pack_path, struct strbuf *why)
{
	struct strbuf idx_path;
	size_t idx_size = 0;
	struct stat st;
	bool damaged = true;

	strbuf_init(&idx_path, 0);
	strbuf_add(&idx_path, pack_path, strlen(pack_path) - strlen(".pack"));
	strbuf_addstr(&idx_path, ".idx");
	const unsigned char *idx = map_file(idx_path.buf, &idx_size);
	uint64_t max_offset;
	unsigned char want[HASH_LEN], have[HASH_LEN];

	if (!idx) {
		if (stat(idx_path.buf, &st) < 0 && errno == ENOENT)
			strbuf_addstr(why, "has no .idx file beside it, so git cannot find its objects "
				      "(git index-pack makes it again)");
		else
			strbuf_addf(why, "its index %s cannot be read: %s", idx_path.buf,
				    strerror(errno ? errno : EIO));
		goto out;
	}
	if (!idx_read(idx, idx_size, &max_offset, want)) {
		strbuf_addf(why, "its index %s is damaged", idx_path.buf);
		goto out;
	}
	if (stat(pack_path, &st) < 0) {
		strbuf_addf(why, "%s", strerror(errno));
		goto out;
	}
	uint64_t size = (uint64_t)st.st_size;
	if (size < 12 + HASH_LEN || size < max_offset + HASH_LEN) {
		strbuf_addf(why, "truncated: %llu bytes, where its index places an object at byte %llu",
			    (unsigned long long)size, (unsigned long long)max_offset);
		goto out;
	}
	int fd = open(pack_path, O_RDONLY | O_CLOEXEC);
	ssize_t got = fd < 0 ? -1 : pread(fd, have, HASH_LEN, (off_t)(size - HASH_LEN));
	if (fd >= 0)
		close(fd);
	if (got != HASH_LEN) {
		strbuf_addf(why, "cannot be read: %s", got < 0 ? strerror(errno) : "short read");
		goto out;
	}
	if (memcmp(want, have, HASH_LEN)) {
		strbuf_addstr(why, "truncated or overwritten: its closing checksum is not the one its index records");
		goto out;
	}
	damaged = false;
out:
	if (idx)
		munmap((void *)idx, idx_size);
	strbuf_release(&idx_path);
	return damaged;
}

int pack_check_explain(const char *git_dir, struct strbuf *out)
{
	struct strbuf dir, path, why;
	int found = 0;

	strbuf_init(&dir, 0);
	strbuf_init(&path, 0);
	strbuf_init(&why, 0);
	strbuf_addf(&dir, "%s%sobjects/pack", git_dir,
		    *git_dir && git_dir[strlen(git_dir) - 1] == '/' ? "" : "/");
	DIR *d = opendir(dir.buf);
	struct dirent *e;
	if (!d && errno != ENOENT) {
		/* the objects cannot be looked at: that is the damage */
		strbuf_addf(out, "%s: %s", dir.buf, strerror(errno));
		found = 1;
	}
	while (d && !found && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len <= 5 || strcmp(e->d_name + len - 5, ".pack"))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir.buf, e->d_name);
		strbuf_reset(&why);
		if (pack_damage(path.buf, &why)) {
			strbuf_addf(out, "%s: %s", path.buf, why.buf);
			found = 1;
		}
	}
	if (d)
		closedir(d);
	strbuf_release(&dir);
	strbuf_release(&path);
	strbuf_release(&why);
	return found;
}
