/*
 * git's commit-graph file (objects/info/commit-graph): each commit's tree,
 * parents and committer time without inflating the commit. It lets a
 * period be chosen on a long history at the cost of a few bytes per
 * commit, with the same times git compares, so nothing is approximated.
 */
#ifndef LISTDIGEST_COMMIT_GRAPH_H
#define LISTDIGEST_COMMIT_GRAPH_H

#include <git2.h>
#include <stdbool.h>
#include <stdint.h>

struct commit_graph;

/* What the graph says of one commit. */
struct commit_graph_commit {
	git_oid tree;
	unsigned parents;    /* 0, 1, or 2 for two or more */
	uint32_t parent;     /* position of the first parent, when parents >= 1 */
	int64_t time;        /* committer time, seconds since 1970 */
};

/*
 * Maps the single commit-graph file of the repository at git_dir (the
 * directory git_repository_path gives). Returns -1 and *out NULL when there
 * is none, when it is of a kind not read here (a split chain, SHA-256) or
 * when its layout does not hold together: the caller then reads commits,
 * as git itself ignores a graph it cannot use.
 */
int commit_graph_open(struct commit_graph **out, const char *git_dir);
void commit_graph_close(struct commit_graph *graph);

uint32_t commit_graph_count(const struct commit_graph *graph);
/* The position of id, or false when the graph does not hold it. */
bool commit_graph_find(const struct commit_graph *graph, const git_oid *id, uint32_t *pos);
/* pos < commit_graph_count(); returns -1 when the entry is damaged. */
int commit_graph_read(const struct commit_graph *graph, uint32_t pos, git_oid *id,
		      struct commit_graph_commit *out);

#endif
