/*
 * An arena: many small allocations freed at once. A bulk load of the
 * index makes ten strings a row; one arena spares a malloc and a free each.
 */
#ifndef LISTDIGEST_ARENA_H
#define LISTDIGEST_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *blocks;  /* newest first */
	char *next, *end;            /* the free room of the newest block */
	const char *repeated;        /* arena_strdup_repeated's last copy */
};

#define ARENA_INIT {NULL, NULL, NULL, NULL}

/* n bytes aligned for any object; never NULL (aborts as xmalloc does). */
void *arena_alloc(struct arena *a, size_t n);
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* A NUL-terminated copy of len bytes. */
char *arena_memdupz(struct arena *a, const void *data, size_t len);
char *arena_strdup(struct arena *a, const char *s);
/*
 * A copy of s, or the last call's copy when s equals it: a value that row
 * after row repeats (a list's List-Id) is then held once, not a million
 * times. The copy is shared: it must not be changed.
 */
const char *arena_strdup_repeated(struct arena *a, const char *s);
/* Frees every allocation at once; the arena is then empty and reusable. */
void arena_release(struct arena *a);

#endif
