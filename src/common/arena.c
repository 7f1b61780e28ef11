#include "arena.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "strmap.h"

/*
 * Large enough that a block holds hundreds of rows' strings, small enough
 * that a digest of a few messages stays small. Past 512 KB, blocks are
 * 2 MB, so that each can be one huge page (see xmalloc): a load of
 * thousands of rows faults in 2 MB at a time, not 4 KB.
 */
#define BLOCK_SIZE ((size_t)64 << 10)
#define LARGE_BLOCK_SIZE ((size_t)2 << 20)
#define LARGE_BLOCKS_FROM ((size_t)512 << 10)
#define ALIGN alignof(max_align_t)

struct arena_block {
	struct arena_block *next;
	alignas(max_align_t) char data[];
};

/* n bytes from the newest block, their start a multiple of align (a power of two <= ALIGN). */
static void *arena_take(struct arena *a, size_t n, size_t align)
{
	size_t rounded = (n + align - 1) & ~(align - 1);
	if (rounded < n)
		die_out_of_memory();
	/* blocks start aligned for anything: only the room before next needs skipping */
	size_t skip = a->next ? (size_t)(-(uintptr_t)a->next & (align - 1)) : 0;
	if (!a->next || (size_t)(a->end - a->next) < skip || (size_t)(a->end - a->next) - skip < rounded) {
		bool large = a->held >= LARGE_BLOCKS_FROM;
		size_t whole = large ? LARGE_BLOCK_SIZE : BLOCK_SIZE; /* with the block's header */
		/* an allocation larger than a quarter block gets a block of its own */
		bool own = rounded > whole / 4;
		size_t size = own ? rounded : whole - sizeof(struct arena_block);
		if (size > SIZE_MAX - sizeof(struct arena_block))
			die_out_of_memory();
		struct arena_block *b = xmalloc(sizeof(*b) + size); /* a large block: whole, 2 MB */
		a->held += sizeof(*b) + size;
		if (!own || !a->blocks) {
			b->next = a->blocks;
			a->blocks = b;
			a->next = b->data;
			a->end = b->data + size;
			skip = 0;
		} else { /* behind the newest block, whose free room stays in use */
			b->next = a->blocks->next;
			a->blocks->next = b;
			return b->data;
		}
	}
	void *p = a->next + skip;
	a->next += skip + rounded;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return arena_take(a, n, ALIGN);
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		die_out_of_memory();
	size_t align = size ? size & -size : ALIGN;
	void *p = arena_take(a, n * size, align < ALIGN ? align : ALIGN);
	memset(p, 0, n * size);
	return p;
}

void *arena_bytes(struct arena *a, size_t n)
{
	return arena_take(a, n, 1);
}

void *arena_memdup(struct arena *a, const void *data, size_t len)
{
	void *p = arena_bytes(a, len);
	memcpy(p, data, len);
	return p;
}

char *arena_memdupz(struct arena *a, const void *data, size_t len)
{
	/* strings need no alignment: packed, they touch fewer pages */
	if (len == SIZE_MAX)
		die_out_of_memory();
	char *p = arena_take(a, len + 1, 1);
	memcpy(p, data, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_memdupz(a, s, strlen(s));
}

/*
 * The table starts small and grows fourfold, the copies it holds moved
 * over, each time it has taken twice its slots, up to 65,536 slots: a
 * one-message digest does not clear a megabyte.
 */
#define RECENT_FIRST ((size_t)1 << 8)
#define RECENT_MOST ((size_t)1 << 16)

struct recent_slot {
	const void *copy;  /* the latest copy of a string (or block) whose hash picks this slot */
	uint32_t hash;
};

struct arena_recent {
	size_t size;      /* a power of two */
	size_t taken;     /* copies made since the table was made */
	struct recent_slot slots[];
};

static struct arena_recent *recent_make(size_t size)
{
	struct arena_recent *r = xcalloc(1, sizeof(*r) + size * sizeof(r->slots[0]));
	r->size = size;
	return r;
}

static struct arena_recent *recent_grow(struct arena_recent *old)
{
	struct arena_recent *r = recent_make(old->size * 4);
	for (size_t i = 0; i < old->size; i++)
		if (old->slots[i].copy)
			r->slots[old->slots[i].hash & (r->size - 1)] = old->slots[i];
	free(old);
	return r;
}

/* The slot for hash in *table, made or grown first when it is time. */
static struct recent_slot *recent_slot_for(struct arena_recent **table, uint32_t hash)
{
	if (!*table)
		*table = recent_make(RECENT_FIRST);
	else if ((*table)->taken > 2 * (*table)->size && (*table)->size < RECENT_MOST)
		*table = recent_grow(*table);
	return &(*table)->slots[hash & ((*table)->size - 1)];
}

/* The copy table holds under hash, whatever it is: the caller checks that it is what it wants. */
static const void *recent_find(const struct arena_recent *table, uint32_t hash)
{
	if (!table)
		return NULL;
	const struct recent_slot *slot = &table->slots[hash & (table->size - 1)];
	return slot->copy && slot->hash == hash ? slot->copy : NULL;
}

/* copy becomes the latest under hash in *table. */
static void recent_remember(struct arena_recent **table, uint32_t hash, const void *copy)
{
	struct recent_slot *slot = recent_slot_for(table, hash);
	slot->copy = copy;
	slot->hash = hash;
	(*table)->taken++;
}

/* The copy of s that a's table holds under s's hash, or NULL. */
static const char *shared_string(const struct arena *a, const char *s, uint32_t hash)
{
	const char *held = recent_find(a->recent, hash);
	return held && !strcmp(held, s) ? held : NULL;
}

const char *arena_share(struct arena *a, const char *s)
{
	uint32_t hash = strmap_hash(s);
	const char *held = shared_string(a, s, hash);
	if (held)
		return held;
	char *copy = arena_strdup(a, s);
	recent_remember(&a->recent, hash, copy);
	return copy;
}

const char *arena_shared(const struct arena *a, const char *s)
{
	return shared_string(a, s, strmap_hash(s));
}

void arena_share_known(struct arena *a, const char *copy)
{
	recent_remember(&a->recent, strmap_hash(copy), copy);
}

const void *arena_shared_block(const struct arena *a, uint32_t hash)
{
	return recent_find(a->recent_blocks, hash);
}

void arena_remember_block(struct arena *a, uint32_t hash, const void *block)
{
	recent_remember(&a->recent_blocks, hash, block);
}

void arena_forget_shared(struct arena *a)
{
	free(a->recent);
	a->recent = NULL;
	free(a->recent_blocks);
	a->recent_blocks = NULL;
}

void arena_release(struct arena *a)
{
	arena_forget_shared(a);
	struct arena_block *b = a->blocks;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->blocks = NULL;
	a->next = a->end = NULL;
	a->held = 0;
}
