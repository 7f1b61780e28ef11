/*
 * The universe's message-ids, for the chains of replies: a table of
 * universe indices, 8 bytes a slot. A slot keeps no key of its own, since
 * the universe holds every id already; at a million messages this is
 * half of what a map of strings takes (16 MB, not 32).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"

/* At most half full, as strmap: short runs for ids that are absent, the common case. */
static size_t table_size(size_t keys)
{
	size_t size = 16;
	while (size / 2 < keys)
		size *= 2;
	return size;
}

/* The slot that holds id (hash its strmap_hash), else the empty slot where it would go. */
static struct id_slot *slot_for(const struct id_table *t, const char *id, uint32_t hash)
{
	for (size_t s = hash & (t->size - 1);; s = (s + 1) & (t->size - 1)) {
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
