#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "strmap.h"

/* Large enough that a block holds hundreds of rows' strings. */
#define BLOCK_SIZE ((size_t)64 << 10)
#define ALIGN alignof(max_align_t)

struct arena_block {
	struct arena_block *next;
	alignas(max_align_t) char data[];
};

/* n bytes from the newest block, their start a multiple of align (a power of two <= ALIGN). */
static void *arena_take(struct arena *a, size_t n, size_t align)
{
	size_t rounded = (n + align - 1) & ~(align - 1);
	if (rounded < n) {
		fputs("listdigest: out of memory\n", stderr);
		abort();
	}
	/* blocks start aligned for anything: only the room before next needs skipping */
	size_t skip = a->next ? (size_t)(-(uintptr_t)a->next & (align - 1)) : 0;
	if (!a->next || (size_t)(a->end - a->next) < skip || (size_t)(a->end - a->next) - skip < rounded) {
		/* an allocation larger than a block gets a block of its own */
		size_t size = rounded > BLOCK_SIZE / 4 ? rounded : BLOCK_SIZE;
		struct arena_block *b = xmalloc(sizeof(*b) + size);
		if (size == BLOCK_SIZE || !a->blocks) {
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
	if (size && n > SIZE_MAX / size) {
		fputs("listdigest: out of memory\n", stderr);
		abort();
	}
	void *p = arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return p;
}

char *arena_memdupz(struct arena *a, const void *data, size_t len)
{
	/* strings need no alignment: packed, they touch fewer pages */
	if (len == SIZE_MAX) {
		fputs("listdigest: out of memory\n", stderr);
		abort();
	}
	char *p = arena_take(a, len + 1, 1);
	memcpy(p, data, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_memdupz(a, s, strlen(s));
}

const char *arena_strdup_repeated(struct arena *a, const char *s)
{
	if (!a->repeated || strcmp(a->repeated, s))
		a->repeated = arena_strdup(a, s);
	return a->repeated;
}

static const char *intern_copy(const char *s, void *arena)
{
	return arena_strdup(arena, s);
}

static struct strmap *interned(struct arena *a)
{
	if (!a->interned) {
		a->interned = xmalloc(sizeof(*a->interned));
		strmap_init_borrowing(a->interned);
	}
	return a->interned;
}

const char *arena_intern(struct arena *a, const char *s)
{
	return strmap_intern(interned(a), s, intern_copy, a);
}

void arena_intern_reserve(struct arena *a, size_t n)
{
	strmap_reserve(interned(a), n);
}

void arena_forget_interned(struct arena *a)
{
	if (a->interned)
		strmap_release(a->interned);
	free(a->interned);
	a->interned = NULL;
}

void arena_release(struct arena *a)
{
	arena_forget_interned(a);
	struct arena_block *b = a->blocks;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->blocks = NULL;
	a->next = a->end = NULL;
	a->repeated = NULL;
}
