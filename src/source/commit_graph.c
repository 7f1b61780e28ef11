/*
 * Reading git's commit-graph file (gitformat-commit-graph(5)), version 1
 * with SHA-1 ids, the single file only. Every offset and position is
 * checked against the file's size before use: a damaged file is refused
 * or its entry reported, never read out of bounds.
 */
#include "commit_graph.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/strbuf.h"

#define HASH_LEN 20
#define DATA_WIDTH (HASH_LEN + 16)
#define PARENT_NONE 0x70000000u

struct commit_graph {
	const unsigned char *map;
	size_t size;
	uint32_t count;
	const unsigned char *fanout;  /* 256 big-endian counts */
	const unsigned char *ids;     /* count sorted ids */
	const unsigned char *data;    /* count entries of DATA_WIDTH bytes */
};

static uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t get_be64(const unsigned char *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

/* Finds the chunks and checks that they fit; false when the file will not do. */
static bool graph_parse(struct commit_graph *g)
{
	const unsigned char *m = g->map;
	size_t trailer = HASH_LEN;
	if (g->size < 8 + trailer || memcmp(m, "CGPH", 4) || m[4] != 1 || m[5] != 1 || m[7] != 0)
		return false; /* not a graph, another version, SHA-256, or part of a chain */
	unsigned chunks = m[6];
	size_t table = 8, table_end = table + 12 * ((size_t)chunks + 1);
	if (table_end > g->size - trailer)
		return false;
	size_t fanout_at = 0, ids_at = 0, ids_len = 0, data_at = 0, data_len = 0;
	for (unsigned i = 0; i < chunks; i++) {
		const unsigned char *e = m + table + 12 * i;
		uint64_t at = get_be64(e + 4), next = get_be64(e + 16);
		if (at < table_end || next < at || next > g->size - trailer)
			return false;
		uint32_t id = get_be32(e);
		if (id == 0x4f494446 && next - at >= 1024)          /* OIDF */
			fanout_at = at;
		else if (id == 0x4f49444c)                          /* OIDL */
			ids_at = at, ids_len = next - at;
		else if (id == 0x43444154)                          /* CDAT */
			data_at = at, data_len = next - at;
	}
	if (!fanout_at || !ids_at || !data_at)
		return false;
	g->fanout = m + fanout_at;
	uint32_t prev = 0;
	for (int i = 0; i < 256; i++) {
		uint32_t n = get_be32(g->fanout + 4 * i);
		if (n < prev)
			return false;
		prev = n;
	}
	g->count = prev;
	if (ids_len / HASH_LEN < g->count || data_len / DATA_WIDTH < g->count)
		return false;
	g->ids = m + ids_at;
	g->data = m + data_at;
	return true;
}

int commit_graph_open(struct commit_graph **out, const char *git_dir)
{
	struct strbuf path;
	struct stat st;
	*out = NULL;
	strbuf_init(&path, 64);
	strbuf_addf(&path, "%s%sobjects/info/commit-graph", git_dir,
		    *git_dir && git_dir[strlen(git_dir) - 1] == '/' ? "" : "/");
	int fd = open(path.buf, O_RDONLY | O_CLOEXEC);
	strbuf_release(&path);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		close(fd);
		return -1;
	}
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	struct commit_graph *g = xcalloc(1, sizeof(*g));
	g->map = map;
	g->size = (size_t)st.st_size;
	if (!graph_parse(g)) {
		commit_graph_close(g);
		return -1;
	}
	*out = g;
	return 0;
}

void commit_graph_close(struct commit_graph *graph)
{
	if (!graph)
		return;
	munmap((void *)graph->map, graph->size);
	free(graph);
}

uint32_t commit_graph_count(const struct commit_graph *graph)
{
	return graph->count;
}

bool commit_graph_find(const struct commit_graph *graph, const git_oid *id, uint32_t *pos)
{
	const unsigned char *raw = id->id;
	uint32_t lo = raw[0] ? get_be32(graph->fanout + 4 * (raw[0] - 1)) : 0;
	uint32_t hi = get_be32(graph->fanout + 4 * raw[0]);
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int cmp = memcmp(graph->ids + (size_t)mid * HASH_LEN, raw, HASH_LEN);
		if (!cmp) {
			*pos = mid;
			return true;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

int commit_graph_read(const struct commit_graph *graph, uint32_t pos, git_oid *id,
		      struct commit_graph_commit *out)
{
	if (pos >= graph->count)
		return -1;
	const unsigned char *e = graph->data + (size_t)pos * DATA_WIDTH;
	uint32_t p1 = get_be32(e + HASH_LEN), p2 = get_be32(e + HASH_LEN + 4);
	if (id)
		git_oid_fromraw(id, graph->ids + (size_t)pos * HASH_LEN);
	git_oid_fromraw(&out->tree, e);
	out->parents = p1 == PARENT_NONE ? 0 : p2 == PARENT_NONE ? 1 : 2;
	out->parent = p1;
	if (out->parents && p1 >= graph->count)
		return -1;
	/* the low 2 bits of the third word are the top of a 34-bit time */
	out->time = (int64_t)(get_be32(e + HASH_LEN + 8) & 3) << 32 | get_be32(e + HASH_LEN + 12);
	return 0;
}
