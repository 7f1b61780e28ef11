/*
 * A set of indices into the caller's array, found by a hash and an
 * equality the caller gives: 8 bytes a slot, where a map of strings
 * would hold a pointer to a copy of each key too. The entry itself is
 * the key: for the threads of a digest by their roots, the series of its
 * patches by root, version and total.
 */
#ifndef LISTDIGEST_INDEX_SET_H
#define LISTDIGEST_INDEX_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct index_set {
	struct index_slot {
		uint32_t hash;
		uint32_t index_plus_one; /* 0: empty */
	} *slots;
	size_t size;                     /* a power of two, at most two thirds full */
	size_t count;
};

void index_set_init(struct index_set *set);
void index_set_release(struct index_set *set);

/* Whether the entry at index is the one being looked for (ctx the caller's). */
typedef bool (*index_set_same_fn)(const void *ctx, uint32_t index);

/*
 * The index of the entry of this hash that same says is the one, else
 * index, added as a new entry (then *added is true).
 */
uint32_t index_set_put(struct index_set *set, uint32_t hash, index_set_same_fn same, const void *ctx,
		       uint32_t index, bool *added);

#endif
