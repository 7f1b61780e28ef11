/* A hash map from strings to integers (indices into the caller's arrays). */
#ifndef LISTDIGEST_STRMAP_H
#define LISTDIGEST_STRMAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * 16 bytes: a map of every message-id of a million messages has two
 * million slots. Values are indices of arrays in memory, below 2^32.
 */
struct strmap_entry {
	char *key;   /* owned copy, or borrowed (strmap_init_borrowing); NULL marks an empty slot */
	uint32_t value;
	uint32_t hash; /* of key */
};

struct strmap {
	struct strmap_entry *slots;
	size_t size;  /* a power of two */
	size_t count;
	int borrowing; /* keys are the caller's, not copies */
};

void strmap_init(struct strmap *map);
/* A map that keeps the keys it is given, not copies: they must outlive it. */
void strmap_init_borrowing(struct strmap *map);
void strmap_release(struct strmap *map);

/* Makes room for n keys at once, so that filling a map of known size never rehashes. */
void strmap_reserve(struct strmap *map, size_t n);

/*
 * Looks key up; when absent, inserts it with value (below 2^32) and
 * returns 0, else returns 1. Either way *found is the map's value for key.
 */
int strmap_put_if_absent(struct strmap *map, const char *key, size_t value, size_t *found);

/* Looks key up without inserting: 1 with *found set, or 0 when absent. */
int strmap_get(const struct strmap *map, const char *key, size_t *found);

/* The hash the map files a key under (32 bits of a 64-bit mix), for tables of the caller's own. */
uint32_t strmap_hash(const char *s);
/* The same hash of len bytes (strmap_hash(s) is that of s's strlen bytes). */
uint32_t strmap_hash_bytes(const void *data, size_t len);

#endif
