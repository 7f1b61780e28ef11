#include "index_set.h"

#include <stdlib.h>

#include "strbuf.h"

enum { FIRST_SIZE = 1024 };

void index_set_init(struct index_set *set)
{
	set->slots = xcalloc(FIRST_SIZE, sizeof(*set->slots));
	set->size = FIRST_SIZE;
	set->count = 0;
}

void index_set_release(struct index_set *set)
{
	free(set->slots);
	set->slots = NULL;
	set->size = set->count = 0;
}

/* Twice the slots, each entry moved by the hash it keeps: no entry is compared again. */
static void grow(struct index_set *set)
{
	size_t size = set->size * 2;
	struct index_slot *slots = xcalloc(size, sizeof(*slots));
	for (size_t s = 0; s < set->size; s++) {
		if (!set->slots[s].index_plus_one)
			continue;
		size_t at = set->slots[s].hash & (size - 1);
		while (slots[at].index_plus_one)
			at = (at + 1) & (size - 1);
		slots[at] = set->slots[s];
	}
	free(set->slots);
	set->slots = slots;
	set->size = size;
}

uint32_t index_set_put(struct index_set *set, uint32_t hash, index_set_same_fn same, const void *ctx,
		       uint32_t index, bool *added)
{
	size_t s = hash & (set->size - 1);
	for (; set->slots[s].index_plus_one; s = (s + 1) & (set->size - 1)) {
		const struct index_slot *slot = &set->slots[s];
		if (slot->hash == hash && same(ctx, slot->index_plus_one - 1)) {
			*added = false;
			return slot->index_plus_one - 1;
		}
	}
	set->slots[s].hash = hash;
	set->slots[s].index_plus_one = index + 1;
	*added = true;
	if (++set->count * 3 > set->size * 2)
		grow(set);
	return index;
}
