#include "strmap.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/*
 * Eight bytes a step, then a final mix, as the low bits pick the slot: the
 * keys are mostly message-ids of 40 to 80 bytes, which a byte-wise hash
 * walks slowly.
 */
uint32_t strmap_hash(const char *s)
{
	return strmap_hash_bytes(s, strlen(s));
}

uint32_t strmap_hash_bytes(const void *data, size_t len)
{
	const unsigned char *s = data;
	size_t i = 0;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s + i, len - i);
	h = (h ^ w) * 0xff51afd7ed558ccdULL;
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 32;
	return (uint32_t)h;
}

void strmap_init(struct strmap *map)
{
	/* small: a digest keeps one map per contributor, most of which hold one name */
	map->size = 8;
	map->count = 0;
	map->slots = xcalloc(map->size, sizeof(*map->slots));
	map->borrowing = 0;
}

void strmap_init_borrowing(struct strmap *map)
{
	strmap_init(map);
	map->borrowing = 1;
}

void strmap_release(struct strmap *map)
{
	for (size_t i = 0; !map->borrowing && i < map->size; i++)
		free(map->slots[i].key);
	free(map->slots);
	map->slots = NULL;
	map->size = map->count = 0;
}

/*
 * Each entry keeps its key's hash: a probe compares the hashes first, so
 * that a strcmp (a long message-id, likely out of the cache) is made only
 * for the key that matches, and growing never hashes a key again.
 */
static struct strmap_entry *slot_for(struct strmap_entry *slots, size_t size, const char *key,
				     uint32_t hash)
{
	size_t i = (size_t)hash & (size - 1);
	while (slots[i].key && (slots[i].hash != hash || strcmp(slots[i].key, key)))
		i = (i + 1) & (size - 1);
	return &slots[i];
}

/*
 * At most half full: linear probing's runs stay short (about 2.5 slots
 * looked at for a key that is absent, against 8.5 when three quarters full),
 * and each look may be a strcmp of a long message-id.
 */
static bool too_full(size_t count, size_t size)
{
	return count * 2 > size;
}

/* Moves every entry into a table of size slots. */
static void rehash(struct strmap *map, size_t size)
{
	struct strmap_entry *slots = xcalloc(size, sizeof(*slots));
	for (size_t i = 0; i < map->size; i++)
		if (map->slots[i].key)
			*slot_for(slots, size, map->slots[i].key, map->slots[i].hash) = map->slots[i];
	free(map->slots);
	map->slots = slots;
	map->size = size;
}

void strmap_reserve(struct strmap *map, size_t n)
{
	size_t size = map->size;
	while (too_full(n + 1, size))
		size *= 2;
	if (size != map->size)
		rehash(map, size);
}

int strmap_put_if_absent(struct strmap *map, const char *key, size_t value, size_t *found)
{
	if (value > UINT32_MAX)
		abort(); /* an index of an array of over 2^32 items: not in any memory this runs in */
	if (too_full(map->count + 1, map->size))
		rehash(map, map->size * 2);
	uint32_t hash = strmap_hash(key);
	struct strmap_entry *e = slot_for(map->slots, map->size, key, hash);
	if (e->key) {
		*found = e->value;
		return 1;
	}
	e->key = map->borrowing ? (char *)key : xstrdup(key);
	e->hash = hash;
	e->value = (uint32_t)value;
	map->count++;
	*found = value;
	return 0;
}

int strmap_get(const struct strmap *map, const char *key, size_t *found)
{
	const struct strmap_entry *e = slot_for(map->slots, map->size, key, strmap_hash(key));
	if (!e->key)
		return 0;
	*found = e->value;
	return 1;
}
