#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static uint64_t hash_string(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void strmap_init(struct strmap *map)
{
	map->size = 64;
	map->count = 0;
	map->slots = xcalloc(map->size, sizeof(*map->slots));
}

void strmap_release(struct strmap *map)
{
	for (size_t i = 0; i < map->size; i++)
		free(map->slots[i].key);
	free(map->slots);
	map->slots = NULL;
	map->size = map->count = 0;
}

static struct strmap_entry *slot_for(struct strmap_entry *slots, size_t size, const char *key)
{
	size_t i = (size_t)hash_string(key) & (size - 1);
	while (slots[i].key && strcmp(slots[i].key, key))
		i = (i + 1) & (size - 1);
	return &slots[i];
}

static void grow(struct strmap *map)
{
	size_t size = map->size * 2;
	struct strmap_entry *slots = xcalloc(size, sizeof(*slots));
	for (size_t i = 0; i < map->size; i++)
		if (map->slots[i].key)
			*slot_for(slots, size, map->slots[i].key) = map->slots[i];
	free(map->slots);
	map->slots = slots;
	map->size = size;
}

void strmap_reserve(struct strmap *map, size_t n)
{
	size_t size = map->size;
	while ((n + 1) * 4 > size * 3)
		size *= 2;
	if (size == map->size)
		return;
	struct strmap_entry *slots = xcalloc(size, sizeof(*slots));
	for (size_t i = 0; i < map->size; i++)
		if (map->slots[i].key)
			*slot_for(slots, size, map->slots[i].key) = map->slots[i];
	free(map->slots);
	map->slots = slots;
	map->size = size;
}

int strmap_put_if_absent(struct strmap *map, const char *key, size_t value, size_t *found)
{
	if ((map->count + 1) * 4 > map->size * 3)
		grow(map);
	struct strmap_entry *e = slot_for(map->slots, map->size, key);
	if (e->key) {
		*found = e->value;
		return 1;
	}
	e->key = xstrdup(key);
	e->value = value;
	map->count++;
	*found = value;
	return 0;
}

int strmap_get(const struct strmap *map, const char *key, size_t *found)
{
	const struct strmap_entry *e = slot_for(map->slots, map->size, key);
	if (!e->key)
		return 0;
	*found = e->value;
	return 1;
}
