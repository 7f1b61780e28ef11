#include "digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/index_set.h"
#include "../common/strbuf.h"
#include "../common/strmap.h"
#include "../common/utf8.h"

void digest_person_text(struct strbuf *out, const char *name, const char *address)
{
	if (!address)
		strbuf_addstr(out, DIGEST_NO_ADDRESS_TEXT);
	else if (name && *name)
		strbuf_addf(out, "%s <%s>", name, address);
	else
		strbuf_addstr(out, address);
}

/* A line and the text it orders by, made once rather than at every comparison. */
struct tally_order {
	struct tally item;
	char *text;
};

static int tally_order_compare(const void *a, const void *b)
{
	const struct tally_order *x = a, *y = b;
	if (x->item.count != y->item.count)
		return x->item.count > y->item.count ? -1 : 1;
	return -strcmp(x->text, y->text);
}

void digest_sort_tallies(struct tally *items, size_t count, bool people)
{
	if (count < 2)
		return;
	struct tally_order *order = xmalloc(count * sizeof(*order));
	struct strbuf text;
	strbuf_init(&text, 0);
	for (size_t i = 0; i < count; i++) {
		order[i].item = items[i];
		strbuf_reset(&text);
		if (people)
			digest_person_text(&text, items[i].name, items[i].address);
		else
			strbuf_addstr(&text, items[i].name ? items[i].name : DIGEST_NO_ADDRESS_TEXT);
		order[i].text = xstrdup(text.buf);
	}
	strbuf_release(&text);
	qsort(order, count, sizeof(*order), tally_order_compare);
	for (size_t i = 0; i < count; i++) {
		items[i] = order[i].item;
		free(order[i].text);
	}
	free(order);
}

/* A growable array of tallies with a map from key to position. */
struct tally_set {
	struct tally *items;
	size_t count, alloc;
	struct strmap index;
};

static void tally_set_init(struct tally_set *set)
{
	memset(set, 0, sizeof(*set));
	strmap_init(&set->index);
}

/*
 * A key that no domain, organisation or address can be: the slot of the
 * messages without an address.
 */
#define NO_ADDRESS_KEY "\x1f"

/* The position of key, added with count 0 and the key as its name when new. */
static size_t tally_set_slot(struct tally_set *set, const char *key)
{
	size_t pos;
	if (!strmap_put_if_absent(&set->index, key, set->count, &pos)) {
		if (set->count == set->alloc) {
			/* most sets are a contributor's names: one or two */
			set->alloc = set->alloc ? set->alloc * 2 : 4;
			set->items = xrealloc(set->items, set->alloc * sizeof(*set->items));
		}
		set->items[pos].name = strcmp(key, NO_ADDRESS_KEY) ? xstrdup(key) : NULL;
		set->items[pos].address = NULL;
		set->items[pos].count = 0;
		set->count++;
	}
	return pos;
}

/* The names one address was seen with; the first seen is the newest. */
struct contributor {
	struct tally_set names;
	size_t count;
};

static const char *contributor_best_name(const struct contributor *c)
{
	const struct tally *best = NULL;
	/* names are in order of first sighting, newest first: ">" keeps the newest on ties */
	for (size_t i = 0; i < c->names.count; i++)
		if (!best || c->names.items[i].count > best->count)
			best = &c->names.items[i];
	return best ? best->name : NULL;
}

/* What follows the last '@' of the contributor's address, or NO_ADDRESS_KEY. */
static const char *domain_of(const struct message_facts *f)
{
	const char *key = facts_author_key(f);
	const char *at = key ? strrchr(key, '@') : NULL;
	return at ? at + 1 : NO_ADDRESS_KEY;
}

static void count_authors(struct digest *d, const struct message_facts *facts, size_t count)
{
	struct tally_set domains, addrs;
	size_t people_alloc = 64;
	struct contributor *people = xcalloc(people_alloc, sizeof(*people));

	tally_set_init(&domains);
	tally_set_init(&addrs);
	for (size_t i = 0; i < count; i++) {
		const struct message_facts *f = &facts[i];
		if (!f->present)
			continue;
		d->messages++;
		const char *key = facts_author_key(f), *addr = key ? key : NO_ADDRESS_KEY;
		size_t domain = tally_set_slot(&domains, domain_of(f));
		domains.items[domain].count++;

		size_t who = tally_set_slot(&addrs, addr);
		if (who >= people_alloc) {
			size_t old = people_alloc;
			people_alloc *= 2;
			people = xrealloc(people, people_alloc * sizeof(*people));
			memset(people + old, 0, (people_alloc - old) * sizeof(*people));
		}
		struct contributor *c = &people[who];
		if (!c->count)
			tally_set_init(&c->names);
		c->count++;
		const char *author_name = facts_author_name(f);
		if (author_name && *author_name) {
			size_t name = tally_set_slot(&c->names, author_name);
			c->names.items[name].count++;
		}
	}

	d->contributors = xcalloc(addrs.count, sizeof(*d->contributors));
	d->contributor_count = addrs.count;
	for (size_t i = 0; i < addrs.count; i++) {
		const char *best = contributor_best_name(&people[i]);
		/* a name only beside an address, as the text has always shown them */
		d->contributors[i].address = addrs.items[i].name;
		d->contributors[i].name = best && addrs.items[i].name ? xstrdup(best) : NULL;
		d->contributors[i].count = people[i].count;
		for (size_t k = 0; k < people[i].names.count; k++)
			free(people[i].names.items[k].name);
		free(people[i].names.items);
		strmap_release(&people[i].names.index);
	}
	free(people);
	free(addrs.items);
	strmap_release(&addrs.index);
	digest_sort_tallies(d->contributors, d->contributor_count, true);

	d->domains = domains.items;
	d->domain_count = domains.count;
	strmap_release(&domains.index);
	digest_sort_tallies(d->domains, d->domain_count, false);
}

/* A standalone patch, or one without any message-id, is a series of its own. */
static bool has_series(const struct message_facts *f)
{
	return !facts_is_standalone(f) && facts_thread_root(f);
}

static uint32_t series_hash(const struct message_facts *f)
{
	const int parts[3] = {(int)f->tag_major, (int)f->tag_minor, f->tag_total};
	uint32_t h = strmap_hash(facts_thread_root(f));
	for (int k = 0; k < 3; k++) {
		h = (h ^ (uint32_t)parts[k]) * 0x9e3779b1u;
		h ^= h >> 15;
	}
	return h;
}

/* A patch being looked for among the series (index_set), each of which is its first message. */
struct series_wanted {
	const struct message_facts *facts;
	const uint32_t *first;     /* per series, its first message */
	const struct message_facts *f;
};

static bool same_series(const void *ctx, uint32_t series)
{
	const struct series_wanted *w = ctx;
	const struct message_facts *a = &w->facts[w->first[series]], *b = w->f;
	return a->tag_major == b->tag_major && a->tag_minor == b->tag_minor && a->tag_total == b->tag_total &&
	       !strcmp(facts_thread_root(a), facts_thread_root(b));
}

size_t digest_number_series(const struct message_facts *facts, size_t count, uint32_t *series_of,
			    uint32_t **first_of)
{
	struct index_set series;
	size_t n = 0, alloc = 64;
	uint32_t *first = xmalloc(alloc * sizeof(*first));

	if (count >= UINT32_MAX)
		abort(); /* series are 32-bit numbers: over 2^32 messages are in no memory this runs in */
	index_set_init(&series);
	for (size_t i = 0; i < count; i++) {
		const struct message_facts *f = &facts[i];
		bool added = true;
		series_of[i] = DIGEST_NO_GROUP;
		if (!f->present || !facts_is_patch(f))
			continue;
		uint32_t s = (uint32_t)n;
		if (has_series(f)) {
			struct series_wanted wanted = {facts, first, f};
			s = index_set_put(&series, series_hash(f), same_series, &wanted, s, &added);
		}
		if (added) {
			if (n == alloc) {
				alloc *= 2;
				first = xrealloc(first, alloc * sizeof(*first));
			}
			first[n++] = (uint32_t)i;
		}
		series_of[i] = s;
	}
	index_set_release(&series);
	*first_of = first;
	return n;
}

/* A series member as sorted: by patch number (cover letter 0 first), newest first on ties. */
struct member_key {
	int number;
	uint32_t index;
};

static int member_compare(const void *a, const void *b)
{
	const struct member_key *x = a, *y = b;
	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

void digest_sort_members(uint32_t *members, size_t count, const struct message_facts *facts)
{
	struct member_key *keys = xmalloc((count ? count : 1) * sizeof(*keys));
	for (size_t m = 0; m < count; m++) {
		keys[m].number = facts[members[m]].tag_number;
		keys[m].index = members[m];
	}
	qsort(keys, count, sizeof(*keys), member_compare);
	for (size_t m = 0; m < count; m++)
		members[m] = keys[m].index;
	free(keys);
}

uint32_t *digest_pool_members(const uint32_t *group_of, size_t count, size_t group_count,
			      uint32_t *offsets)
{
	/* each group's size, then where it starts, then filled, which moves each start to the next */
	memset(offsets, 0, (group_count + 1) * sizeof(*offsets));
	for (size_t i = 0; i < count; i++)
		if (group_of[i] != DIGEST_NO_GROUP)
			offsets[group_of[i] + 1]++;
	for (size_t g = 0; g < group_count; g++)
		offsets[g + 1] += offsets[g];
	uint32_t *pool = xmalloc((offsets[group_count] ? offsets[group_count] : 1) * sizeof(*pool));
	for (size_t i = 0; i < count; i++)
		if (group_of[i] != DIGEST_NO_GROUP)
			pool[offsets[group_of[i]]++] = (uint32_t)i;
	for (size_t g = group_count; g > 0; g--)
		offsets[g] = offsets[g - 1];
	offsets[0] = 0;
	return pool;
}

/*
 * The patch list's series: patch messages by series key, each series'
 * members in one pool (at a million messages, a quarter of what an array
 * of each series' own took, with its malloc headers and spare room).
 */
static void group_series(struct digest *d, const struct message_facts *facts, size_t count)
{
	uint32_t *series_of = xmalloc((count ? count : 1) * sizeof(*series_of));
	uint32_t *first;

	d->series_count = digest_number_series(facts, count, series_of, &first);
	free(first);

	uint32_t *offsets = xmalloc((d->series_count + 1) * sizeof(*offsets));
	d->member_pool = digest_pool_members(series_of, count, d->series_count, offsets);
	d->series_of = series_of; /* the life of series takes it as each message's revision */
	d->series = xcalloc(d->series_count ? d->series_count : 1, sizeof(*d->series));
	for (size_t s = 0; s < d->series_count; s++) {
		d->series[s].members = d->member_pool + offsets[s];
		d->series[s].count = offsets[s + 1] - offsets[s];
		digest_sort_members(d->series[s].members, d->series[s].count, facts);
	}
	free(offsets);
}

void digest_build(struct digest *d, const struct message_facts *facts, size_t count)
{
	memset(d, 0, sizeof(*d));
	if (count >= UINT32_MAX)
		abort(); /* members are 32-bit indices: over 2^32 messages are in no memory this runs in */
	d->facts = facts;
	d->fact_count = count;
	count_authors(d, facts, count);
	group_series(d, facts, count);

	/* counted first: few messages have an entry, and a million would take 8 MB */
	size_t wanted = 0;
	for (size_t i = 0; i < count; i++) {
		if (!facts[i].present)
			continue;
		if (!d->list_id && facts_list_id(&facts[i]))
			d->list_id = facts_list_id(&facts[i]);
		wanted += facts_wants_entry(&facts[i]);
	}
	d->entries = xmalloc((wanted ? wanted : 1) * sizeof(*d->entries));
	for (size_t i = 0; i < count; i++)
		if (facts[i].present && facts_wants_entry(&facts[i]))
			d->entries[d->entry_count++] = (uint32_t)i; /* count is below 2^32 */
}

void digest_count_organisations(struct digest *d, const struct message_facts *facts, size_t count,
				const struct identity *identity)
{
	struct tally_set orgs;
	tally_set_init(&orgs);
	for (size_t i = 0; i < count; i++) {
		const struct message_facts *f = &facts[i];
		if (!f->present)
			continue;
		const char *organisation = identity_organisation(identity, f);
		size_t org = tally_set_slot(&orgs, organisation ? organisation : domain_of(f));
		orgs.items[org].count++;
	}
	strmap_release(&orgs.index);
	d->organisations = orgs.items;
	d->organisation_count = orgs.count;
	d->has_organisations = true;
	digest_sort_tallies(d->organisations, d->organisation_count, false);
}

void digest_release(struct digest *d)
{
	for (size_t i = 0; i < d->organisation_count; i++)
		free(d->organisations[i].name);
	free(d->organisations);
	for (size_t i = 0; i < d->domain_count; i++)
		free(d->domains[i].name);
	for (size_t i = 0; i < d->contributor_count; i++) {
		free(d->contributors[i].name);
		free(d->contributors[i].address);
	}
	free(d->member_pool);
	free(d->series_of);
	free(d->domains);
	free(d->contributors);
	free(d->series);
	free(d->entries);
	memset(d, 0, sizeof(*d));
}

char *digest_list_name(const struct digest *d, const char *fallback)
{
	struct strbuf name;
	strbuf_init(&name, 0);
	if (d->list_id) {
		const char *start = strchr(d->list_id, '<');
		start = start ? start + 1 : d->list_id;
		while (*start == ' ' || *start == '\t')
			start++;
		utf8_clean_append(&name, start, strcspn(start, ".>@ \t"));
	}
	if (!name.len && fallback)
		utf8_clean_append(&name, fallback, strlen(fallback));
	for (char *p = name.buf; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
	return strbuf_detach(&name, NULL);
}
