/*
 * Replies and review trailers, by b4's rules: a reply belongs to the
 * patch or cover letter that its In-Reply-To, then its References from
 * newest to oldest, reach, directly or through other replies; a trailer in
 * reply to the cover letter covers every patch of the revision.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "../common/ascii.h"
#include "../common/strbuf.h"
#include "../digest/digest.h"

enum { UNSEEN, PENDING, DONE };

/* The k-th id a message points to: In-Reply-To first, then References from the newest. */
static const char *candidate(const struct message_facts *f, size_t k)
{
	const char *in_reply_to = facts_in_reply_to(f);
	if (in_reply_to) {
		if (k == 0)
			return in_reply_to;
		k--;
	}
	return k < f->reference_count ? facts_reference(f, f->reference_count - 1u - k) : NULL;
}

static size_t candidate_count(const struct message_facts *f)
{
	return (facts_in_reply_to(f) ? 1 : 0) + f->reference_count;
}

/* A message on the chain being followed, and the candidate of it to try next. */
struct chain_step {
	uint32_t message;
	uint32_t next;
};

/*
 * Depth-first over the chains of replies with an explicit stack, since a
 * thread may be thousands deep; a message met again on its own chain (a
 * References loop) leads nowhere.
 */
uint32_t *replies_resolve(const struct revision_set *set)
{
	size_t n = set->message_count;
	const struct message_facts *u = set->universe;
	/* 32-bit indices: a million messages are 5 bytes each here */
	uint32_t *target = xmalloc((n ? n : 1) * sizeof(*target));
	unsigned char *state = xcalloc(n ? n : 1, 1);
	/*
	 * As deep as the deepest chain, which is rarely deep: grown, not sized
	 * for every message. A message is on it once at most (PENDING), so its
	 * cursor lives there, not in an array of every message's.
	 */
	size_t stack_alloc = 64;
	struct chain_step *stack = xmalloc(stack_alloc * sizeof(*stack));

	for (size_t i = 0; i < n; i++) {
		target[i] = SERIES_NONE32;
		if (revision_member(&u[i])) {
			target[i] = (uint32_t)i;
			state[i] = DONE;
		} else if (!u[i].present) {
			state[i] = DONE;
		}
	}
	for (size_t start = 0; start < n; start++) {
		if (state[start] != UNSEEN)
			continue;
		size_t depth = 0;
		stack[depth++] = (struct chain_step){(uint32_t)start, 0};
		state[start] = PENDING;
		while (depth) {
			struct chain_step *step = &stack[depth - 1];
			size_t m = step->message;
			uint32_t found = SERIES_NONE32;
			bool descended = false;
			while (step->next < candidate_count(&u[m])) {
				size_t j = revision_message(set, candidate(&u[m], step->next));
				if (j == SERIES_NONE || j == m || state[j] == PENDING) {
					step->next++;
					continue;
				}
				if (state[j] == UNSEEN) {
					state[j] = PENDING;
					if (depth == stack_alloc) { /* each message goes on once: never past n */
						stack_alloc *= 2;
						stack = xrealloc(stack, stack_alloc * sizeof(*stack));
					}
					stack[depth++] = (struct chain_step){(uint32_t)j, 0};
					descended = true;
					break;
				}
				if (target[j] != SERIES_NONE32) {
					found = target[j];
					break;
				}
				step->next++; /* it leads nowhere: try the older ones */
			}
			if (descended)
				continue;
			target[m] = found;
			state[m] = DONE;
			depth--;
		}
	}
	free(stack);
	free(state);
	return target;
}

/*
 * A person of one kind of trailer on one revision, while collecting. A
 * person is a number (the order of their address among the trailers'),
 * and the persons are found through a table of their own numbers: no
 * map of a string key for each, which took some 10 MB at a million
 * messages.
 */
struct reviewer_acc {
	struct series_reviewer r;
	uint32_t revision;
	uint32_t person;        /* the address the mailmap gives, lower-cased, as numbered */
	uint32_t number_alloc;
	enum trailer_kind kind;
};

/* The persons by (revision, kind, person): indices of acc, open addressing, at most half full. */
struct acc_table {
	uint32_t *slots;        /* SERIES_NONE32: empty */
	size_t size;            /* a power of two */
};

static size_t acc_hash(uint32_t revision, enum trailer_kind kind, uint32_t person)
{
	/* splitmix64's finaliser over the three */
	uint64_t x = ((uint64_t)revision << 32 | person) + (uint64_t)kind * 0x9e3779b97f4a7c15u;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
	return (size_t)(x ^ (x >> 31));
}

static uint32_t *acc_slot(const struct acc_table *t, const struct reviewer_acc *acc, uint32_t revision,
			  enum trailer_kind kind, uint32_t person)
{
	for (size_t s = acc_hash(revision, kind, person) & (t->size - 1);; s = (s + 1) & (t->size - 1)) {
		uint32_t k = t->slots[s];
		if (k == SERIES_NONE32 ||
		    (acc[k].revision == revision && acc[k].kind == kind && acc[k].person == person))
			return &t->slots[s];
	}
}

/* Room for one more: the table doubles, and files every person again, when half full. */
static void acc_table_reserve(struct acc_table *t, const struct reviewer_acc *acc, size_t count)
{
	if (t->size && (count + 1) * 2 <= t->size)
		return;
	free(t->slots);
	t->size = t->size ? t->size * 2 : 256;
	t->slots = xmalloc(t->size * sizeof(*t->slots));
	memset(t->slots, 0xff, t->size * sizeof(*t->slots));
	for (size_t k = 0; k < count; k++)
		*acc_slot(t, acc, acc[k].revision, acc[k].kind, acc[k].person) = (uint32_t)k;
}

static void add_number(struct reviewer_acc *a, int number)
{
	if (a->r.number_count == a->number_alloc) {
		a->number_alloc = a->number_alloc ? a->number_alloc * 2 : 4;
		a->r.numbers = xrealloc(a->r.numbers, a->number_alloc * sizeof(*a->r.numbers));
	}
	a->r.numbers[a->r.number_count++] = number;
}

static void add_sender(struct reviewer_acc *a, const char *sender)
{
	for (size_t i = 0; i < a->r.sender_count; i++)
		if (!a->r.senders[i] == !sender && (!sender || !strcmp(a->r.senders[i], sender)))
			return;
	a->r.senders = xrealloc(a->r.senders, (a->r.sender_count + 1) * sizeof(*a->r.senders));
	a->r.senders[a->r.sender_count++] = sender ? xstrdup(sender) : NULL;
}

static int int_compare(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Sorts and dedupes the numbers; `all` when they are 1..patches. */
static void reviewer_finish(struct series_reviewer *r, int patches)
{
	size_t n = 0, within = 0;
	if (r->number_count)
		qsort(r->numbers, r->number_count, sizeof(*r->numbers), int_compare);
	for (size_t i = 0; i < r->number_count; i++) {
		if (n && r->numbers[n - 1] == r->numbers[i])
			continue;
		r->numbers[n++] = r->numbers[i];
		if (r->numbers[i] >= 1 && r->numbers[i] <= patches)
			within++;
	}
	r->number_count = n;
	if (patches >= 1 && within == (size_t)patches)
		r->all = true;
	if (r->all) {
		free(r->numbers);
		r->numbers = NULL;
		r->number_count = 0;
	}
}

/* The name part of "Name <addr>", for the mailmap's name-and-address entries; NULL when none. */
static char *person_name(const char *person)
{
	const char *lt = strchr(person, '<');
	if (!lt)
		return NULL;
	size_t len = (size_t)(lt - person);
	while (len && ascii_is_space(person[len - 1]))
		len--;
	const char *p = person;
	if (len && *p == '"' && p[len - 1] == '"' && len >= 2) {
		p++;
		len -= 2;
	}
	return len ? xmemdupz(p, len) : NULL;
}

/* Whether the reviews of a block cover every patch, some, or none (Reviewed-by or Acked-by). */
static void summarise_reviews(const struct series_block *b, struct review_summary *s)
{
	int patches = b->patches;
	bool *covered = NULL;
	size_t count = 0;

	for (int kind = TRAILER_REVIEWED; kind <= TRAILER_ACKED; kind++) {
		for (size_t p = 0; p < b->reviewer_count[kind]; p++) {
			const struct series_reviewer *r = &series_block_reviewers(b, kind)[p];
			s->any_review = true;
			if (r->all) {
				s->all_reviewed = true;
				continue;
			}
			for (size_t k = 0; k < r->number_count; k++) {
				int num = r->numbers[k];
				if (num < 1 || num > patches)
					continue;
				if (!covered)
					covered = xcalloc((size_t)patches + 1, sizeof(*covered));
				if (!covered[num]) {
					covered[num] = true;
					count++;
				}
			}
		}
	}
	if (patches >= 1 && count == (size_t)patches)
		s->all_reviewed = true;
	free(covered);
}

/* A reply that counts: a message, not a patch, to a message of a revision. */
static bool is_counted_reply(const struct message_facts *f, uint32_t target)
{
	return f->present && !facts_is_patch(f) && target != SERIES_NONE32;
}

/*
 * The accumulators become the pool of reviewers where they lie: moved
 * into their places (revision by revision, kind by kind, each kind's in
 * order of first trailer), then each reviewer slid down over the rest of
 * its accumulator. A copy into each block's own array held both at once.
 */
static struct series_reviewer *pool_reviewers(struct reviewer_acc *acc, size_t acc_count,
					      struct series_block *blocks, size_t block_count)
{
	for (size_t k = 0; k < acc_count; k++)
		blocks[acc[k].revision].reviewer_count[acc[k].kind]++;
	/* where each revision's kind goes next: counted above, in order */
	uint32_t *next = xmalloc((block_count ? block_count : 1) * TRAILER_KIND_COUNT * sizeof(*next));
	uint32_t *start = xmalloc((block_count ? block_count : 1) * sizeof(*start));
	uint32_t placed = 0;
	for (size_t r = 0; r < block_count; r++) {
		start[r] = placed;
		for (int kind = 0; kind < TRAILER_KIND_COUNT; kind++) {
			next[r * TRAILER_KIND_COUNT + kind] = placed;
			placed += blocks[r].reviewer_count[kind];
		}
	}
	uint32_t *place = xmalloc((acc_count ? acc_count : 1) * sizeof(*place));
	for (size_t k = 0; k < acc_count; k++)
		place[k] = next[acc[k].revision * TRAILER_KIND_COUNT + acc[k].kind]++;
	free(next);
	/* each cycle of the permutation, swap by swap */
	for (size_t k = 0; k < acc_count; k++) {
		while (place[k] != k) {
			uint32_t to = place[k];
			struct reviewer_acc swap = acc[to];
			acc[to] = acc[k];
			acc[k] = swap;
			place[k] = place[to];
			place[to] = to;
		}
	}
	free(place);
	/* a reviewer is smaller than its accumulator: sliding down never overwrites one not yet moved */
	_Static_assert(sizeof(struct series_reviewer) <= sizeof(struct reviewer_acc), "the pool fits in place");
	struct series_reviewer *pool = (struct series_reviewer *)(void *)acc;
	for (size_t k = 0; k < acc_count; k++) {
		struct series_reviewer r = acc[k].r;
		reviewer_finish(&r, blocks[acc[k].revision].patches);
		pool[k] = r;
	}
	pool = xrealloc(pool, (acc_count ? acc_count : 1) * sizeof(*pool));
	for (size_t r = 0; r < block_count; r++)
		blocks[r].reviewers = pool + start[r];
	free(start);
	return pool;
}

struct series_reviewer *replies_collect(struct series_block *blocks, struct review_summary *summary,
					const struct revision_set *set, const uint32_t *target,
					const struct identity *identity)
{
	const struct message_facts *u = set->universe;
	struct strmap repliers, addresses;
	struct reviewer_acc *acc = NULL;
	size_t acc_count = 0, acc_alloc = 0;
	struct acc_table table = {0};

	/* a pair for each reply: counted first, since most messages of a list may be patches */
	size_t reply_count = 0;
	for (size_t i = 0; i < set->message_count; i++)
		reply_count += is_counted_reply(&u[i], target[i]);
	struct group_person *pairs = xmalloc((reply_count ? reply_count : 1) * sizeof(*pairs));
	size_t pair_count = 0;

	strmap_init(&repliers);
	strmap_init(&addresses);
	/* oldest first: people come in the order of their first trailer */
	for (size_t i = set->message_count; i-- > 0;) {
		const struct message_facts *f = &u[i];
		if (!is_counted_reply(f, target[i]))
			continue;
		uint32_t rev = set->revision_of[target[i]];
		const struct message_facts *head = &u[set->items[rev].head];
		const struct message_facts *parent = &u[target[i]];
		struct series_block *b = &blocks[rev];

		const char *key = facts_author_key(f), *head_key = facts_author_key(head);

		b->replies++;
		size_t replier;
		strmap_put_if_absent(&repliers, key ? key : SERIES_NO_ADDRESS_KEY, repliers.count, &replier);
		pairs[pair_count].group = rev;
		pairs[pair_count].person = (uint32_t)replier;
		pair_count++;
		if (!key || !head_key || strcmp(key, head_key))
			summary[rev].discussed = true;

		bool covers_all = parent->tag_number == 0 || facts_is_standalone(parent);
		const struct message_rare *rare = facts_rare(f);
		for (size_t t = 0; t < rare->trailer_count; t++) {
			const struct review_trailer *tr = &rare->trailers[t];
			if (!tr->addr || !tr->person || tr->kind >= TRAILER_KIND_COUNT)
				continue;
			if (tr->kind == TRAILER_NACKED)
				summary[rev].nacked = true;
			char *name = person_name(tr->person);
			char *addr = identity_canonical_addr(identity, name, tr->addr);
			free(name);
			size_t person;
			strmap_put_if_absent(&addresses, addr, addresses.count, &person);
			acc_table_reserve(&table, acc, acc_count);
			uint32_t *slot = acc_slot(&table, acc, rev, tr->kind, (uint32_t)person);
			if (*slot == SERIES_NONE32) {
				if (acc_count == acc_alloc) {
					acc_alloc = acc_alloc ? acc_alloc * 2 : 64;
					acc = xrealloc(acc, acc_alloc * sizeof(*acc));
				}
				if (acc_count >= SERIES_NONE32) /* more than a universe below 2^32 messages holds */
					abort();
				*slot = (uint32_t)acc_count++;
				struct reviewer_acc *fresh = &acc[*slot];
				memset(fresh, 0, sizeof(*fresh));
				fresh->revision = rev;
				fresh->kind = tr->kind;
				fresh->person = (uint32_t)person;
				fresh->r.person = tr->person;
				fresh->r.address = tr->addr;
			}
			uint32_t found = *slot;
			struct reviewer_acc *a = &acc[found];
			if (covers_all)
				a->r.all = true;
			else
				add_number(a, parent->tag_number);
			if (!key)
				add_sender(a, NULL);
			else if (strcmp(key, addr))
				add_sender(a, key);
			free(addr);
		}
	}
	/* the distinct authors of each revision's replies */
	pair_count = group_person_distinct(pairs, pair_count);
	for (size_t p = 0; p < pair_count; p++)
		blocks[pairs[p].group].repliers++;
	free(pairs);
	free(table.slots);

	struct series_reviewer *pool = pool_reviewers(acc, acc_count, blocks, set->count);
	for (size_t r = 0; r < set->count; r++)
		summarise_reviews(&blocks[r], &summary[r]);
	strmap_release(&addresses);
	strmap_release(&repliers);
	return pool;
}
