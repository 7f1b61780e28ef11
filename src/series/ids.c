/*
 * The universe's message-ids, for the chains of replies: a table of
 * universe indices, 8 bytes a slot. A slot keeps no key of its own, since
 * the universe holds every id already; at a million messages this is
 * 12 MB, where a map of strings would take 32.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"

/*
 * At most two thirds full: short runs for ids that are absent, the
 * common case, as each slot holds its hash. Any size, not a power of
 * two: a million ids take 12 MB rather than 16.
 */
static size_t table_size(size_t keys)
{
	return keys / 2 * 3 + 16;
}

/* The slot a hash starts at: its place in [0, size) as a fraction of 2^32. */
static size_t home_of(uint32_t hash, size_t size)
{
	return (size_t)(((uint64_t)hash * size) >> 32);
}

/* The slot that holds id (hash its strmap_hash), else the empty slot where it would go. */
static struct id_slot *slot_for(const struct id_table *t, const char *id, uint32_t hash)
{
	for (size_t s = home_of(hash, t->size);; s = s + 1 < t->size ? s + 1 : 0) {
		struct id_slot *slot = &t->slots[s];
		if (!slot->index_plus_one ||
		    (slot->hash == hash && !strcmp(t->universe[slot->index_plus_one - 1].message_id, id)))
			return slot;
	}
}

void id_table_build(struct id_table *t, const struct message_facts *u, size_t count)
{
	size_t keys = 0;
	for (size_t i = 0; i < count; i++)
		keys += u[i].present && u[i].message_id;
	if (count >= UINT32_MAX)
		abort(); /* a universe of over 2^32 messages: not in any memory this runs in */
	t->universe = u;
	t->size = table_size(keys);
	t->slots = xcalloc(t->size, sizeof(*t->slots));
	for (size_t i = 0; i < count; i++) {
		if (!u[i].present || !u[i].message_id)
			continue;
		uint32_t hash = strmap_hash(u[i].message_id);
		struct id_slot *slot = slot_for(t, u[i].message_id, hash);
		if (!slot->index_plus_one) { /* newest first: the newest message with an id keeps it */
			slot->hash = hash;
			slot->index_plus_one = (uint32_t)i + 1;
		}
	}
}

size_t id_table_find(const struct id_table *t, const char *id)
{
	if (!id || !t->slots)
		return SERIES_NONE;
	const struct id_slot *slot = slot_for(t, id, strmap_hash(id));
	return slot->index_plus_one ? (size_t)slot->index_plus_one - 1 : SERIES_NONE;
}

void id_table_release(struct id_table *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}
