/*
 * The universe's message-ids, for the chains of replies: the messages
 * with an id, grouped in buckets by the id's hash, each with a byte of
 * that hash to pass over the others without reading their ids. No key of
 * its own, since the universe holds every id already: some 5.5 bytes an
 * id, at a million messages 5.5 MB, where a table of 8-byte slots two
 * thirds full took 12 and a map of strings 32.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"

/* Some eight ids a bucket: a bucket's bytes and indices are a cache line or two. */
#define IDS_PER_BUCKET 8

/* The bucket of a hash: its place in [0, buckets) as a fraction of 2^32. */
static size_t bucket_of(uint32_t hash, size_t buckets)
{
	return (size_t)(((uint64_t)hash * buckets) >> 32);
}

/* The byte of the hash kept for each id: its low bits, which bucket_of weighs least. */
static uint8_t tag_of(uint32_t hash)
{
	return (uint8_t)hash;
}

static bool has_id(const struct message_facts *f)
{
	return f->present && facts_own_message_id(f);
}

void id_table_build(struct id_table *t, const struct message_facts *u, size_t count)
{
	size_t keys = 0;
	for (size_t i = 0; i < count; i++)
		keys += has_id(&u[i]);
	if (count >= UINT32_MAX)
		abort(); /* a universe of over 2^32 messages: not in any memory this runs in */
	t->universe = u;
	t->buckets = keys / IDS_PER_BUCKET + 1;
	/* each bucket's size, then where it starts; filling moves each start to the next bucket's */
	t->starts = xcalloc(t->buckets + 1, sizeof(*t->starts));
	t->tags = xmalloc(keys ? keys : 1);
	t->messages = xmalloc((keys ? keys : 1) * sizeof(*t->messages));
	for (size_t i = 0; i < count; i++)
		if (has_id(&u[i]))
			t->starts[bucket_of(strmap_hash(facts_own_message_id(&u[i])), t->buckets) + 1]++;
	for (size_t b = 0; b < t->buckets; b++)
		t->starts[b + 1] += t->starts[b];
	/* in the universe's order within a bucket: the newest message with an id comes first */
	for (size_t i = 0; i < count; i++) {
		if (!has_id(&u[i]))
			continue;
		uint32_t hash = strmap_hash(facts_own_message_id(&u[i]));
		uint32_t at = t->starts[bucket_of(hash, t->buckets)]++;
		t->tags[at] = tag_of(hash);
		t->messages[at] = (uint32_t)i;
	}
	for (size_t b = t->buckets; b > 0; b--)
		t->starts[b] = t->starts[b - 1];
	t->starts[0] = 0;
}

size_t id_table_find(const struct id_table *t, const char *id)
{
	if (!id || !t->starts)
		return SERIES_NONE;
	uint32_t hash = strmap_hash(id);
	size_t b = bucket_of(hash, t->buckets);
	uint8_t tag = tag_of(hash);
	for (uint32_t at = t->starts[b]; at < t->starts[b + 1]; at++) {
		/* every message in the table has an id (has_id) */
		const char *own = facts_own_message_id(&t->universe[t->messages[at]]);
		if (t->tags[at] == tag && own && !strcmp(own, id))
			return t->messages[at];
	}
	return SERIES_NONE;
}

void id_table_release(struct id_table *t)
{
	free(t->starts);
	free(t->tags);
	free(t->messages);
	memset(t, 0, sizeof(*t));
}
