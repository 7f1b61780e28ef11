/*
 * An arena: many small allocations freed at once. A bulk load of the
 * index makes ten strings a row; one arena spares a malloc and a free each.
 */
#ifndef LISTDIGEST_ARENA_H
#define LISTDIGEST_ARENA_H

#include <stddef.h>
#include <stdint.h>

struct arena_block;
struct arena_recent;

struct arena {
	struct arena_block *blocks;  /* newest first */
	char *next, *end;            /* the free room of the newest block */
	struct arena_recent *recent; /* arena_share's table, until arena_forget_shared */
	struct arena_recent *recent_blocks; /* arena_remember_block's, until arena_forget_shared */
	size_t held;                 /* bytes of its blocks, which sets the size of the next */
};

#define ARENA_INIT {NULL, NULL, NULL, NULL, NULL, 0}

/* n bytes aligned for any object; never NULL (aborts as xmalloc does). */
void *arena_alloc(struct arena *a, size_t n);
/*
 * n zeroed items of size bytes, aligned for any type of that size: a
 * type's alignment divides its size, so the lowest power of two of size
 * will do. A list of one pointer then takes 8 bytes, not 16.
 */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* n bytes aligned for bytes alone, for a block the caller packs, unaligned, itself. */
void *arena_bytes(struct arena *a, size_t n);
/* A copy of len bytes, aligned for bytes alone (an array of them, a git_oid). */
void *arena_memdup(struct arena *a, const void *data, size_t len);
/* A NUL-terminated copy of len bytes. */
char *arena_memdupz(struct arena *a, const void *data, size_t len);
char *arena_strdup(struct arena *a, const char *s);
/*
 * A copy of s, or the copy an earlier call made of an equal string, when
 * the arena still remembers it: a table of up to 65,536 slots (1 MB), by
 * hash, keeps the latest copy of each slot. Strings that repeat close together
 * are then held once: a reply names the ids of messages a little older
 * than itself, a thread's replies share a subject, a list's rows its
 * List-Id. A digest of a million messages took some 98 MB less so. A
 * table of every string held once saved 8 MB more, but its random probes
 * made the digest of a million some 20% slower, and slower the larger it
 * grew; this one stays in the processor's cache.
 * The copy is shared: it must not be changed.
 */
const char *arena_share(struct arena *a, const char *s);
/*
 * copy, a string in a that is never changed, becomes the one arena_share
 * gives for strings equal to it from now on, as if arena_share had made
 * it: for a string the caller packs into a block of its own.
 */
void arena_share_known(struct arena *a, const char *copy);
/* The copy arena_share would give for s without making one; NULL when it has none. */
const char *arena_shared(const struct arena *a, const char *s);
/*
 * arena_share for blocks the caller makes (a struct of shared strings,
 * such as an author): a table of its own, as arena_share's, remembers
 * the latest block under each slot of the caller's hash. The caller
 * checks that what it finds is equal to what it wants.
 */
const void *arena_shared_block(const struct arena *a, uint32_t hash);
void arena_remember_block(struct arena *a, uint32_t hash, const void *block);
/* Frees the tables of the shares (the copies stay): a load shares, then the tables' memory goes. */
void arena_forget_shared(struct arena *a);
/* Frees every allocation at once; the arena is then empty and reusable. */
void arena_release(struct arena *a);

#endif
