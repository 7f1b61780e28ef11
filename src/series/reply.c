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
	if (f->in_reply_to) {
		if (k == 0)
			return f->in_reply_to;
		k--;
	}
	return k < f->reference_count ? f->references[f->reference_count - 1 - k] : NULL;
}

static size_t candidate_count(const struct message_facts *f)
{
	return (f->in_reply_to ? 1 : 0) + f->reference_count;
}

/*
 * Depth-first over the chains of replies with an explicit stack, since a
 * thread may be thousands deep; a message met again on its own chain (a
 * References loop) leads nowhere.
 */
uint32_t *replies_resolve(const struct revision_set *set)
{
	size_t n = set->message_count;
	const struct message_facts *u = set->universe;
	/* 32-bit indices and counts: a million messages are 13 bytes each here, not 25 */
	uint32_t *target = xmalloc((n ? n : 1) * sizeof(*target));
	unsigned char *state = xcalloc(n ? n : 1, 1);
	uint32_t *stack = xmalloc((n ? n : 1) * sizeof(*stack));
	uint32_t *next = xcalloc(n ? n : 1, sizeof(*next)); /* candidate to try next, per message */

	for (size_t i = 0; i < n; i++) {
		target[i] = SERIES_NONE32;
		if (set->revision_of[i] != SERIES_NONE32) {
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
		stack[depth++] = (uint32_t)start;
		state[start] = PENDING;
		while (depth) {
			size_t m = stack[depth - 1];
			uint32_t found = SERIES_NONE32;
			bool descended = false;
			while (next[m] < candidate_count(&u[m])) {
				size_t j = revision_message(set, candidate(&u[m], next[m]));
				if (j == SERIES_NONE || j == m || state[j] == PENDING) {
					next[m]++;
					continue;
				}
				if (state[j] == UNSEEN) {
					state[j] = PENDING;
					stack[depth++] = (uint32_t)j;
					descended = true;
					break;
				}
				if (target[j] != SERIES_NONE32) {
					found = target[j];
					break;
				}
				next[m]++; /* it leads nowhere: try the older ones */
			}
			if (descended)
				continue;
			target[m] = found;
			state[m] = DONE;
			depth--;
		}
	}
	free(next);
	free(stack);
	free(state);
	return target;
}

/* A person of one kind of trailer on one revision, while collecting. */
struct reviewer_acc {
	size_t revision;
	enum trailer_kind kind;
	struct series_reviewer r;
	size_t number_alloc;
};

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
			const struct series_reviewer *r = &b->reviewers[kind][p];
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


void replies_collect(struct series_block *blocks, struct review_summary *summary,
		     const struct revision_set *set, const uint32_t *target,
		     const struct identity *identity)
{
	const struct message_facts *u = set->universe;
	struct strmap repliers, people;
	struct reviewer_acc *acc = NULL;
	size_t acc_count = 0, acc_alloc = 0;
	struct strbuf key;

	struct group_person *pairs = xmalloc((set->message_count ? set->message_count : 1) * sizeof(*pairs));
	size_t pair_count = 0;

	strmap_init(&repliers);
	strmap_init(&people);
	strbuf_init(&key, 0);
	/* oldest first: people come in the order of their first trailer */
	for (size_t i = set->message_count; i-- > 0;) {
		const struct message_facts *f = &u[i];
		if (!f->present || f->tag.is_patch || target[i] == SERIES_NONE32)
			continue;
		size_t rev = set->revision_of[target[i]];
		const struct message_facts *head = &u[set->items[rev].head];
		const struct message_facts *parent = &u[target[i]];
		struct series_block *b = &blocks[rev];
		size_t found;

		b->replies++;
		size_t person;
		strmap_put_if_absent(&repliers, f->author_key ? f->author_key : SERIES_NO_ADDRESS_KEY,
				     repliers.count, &person);
		pairs[pair_count].group = (uint32_t)rev;
		pairs[pair_count].person = (uint32_t)person;
		pair_count++;
		if (!f->author_key || !head->author_key || strcmp(f->author_key, head->author_key))
			summary[rev].discussed = true;

		bool covers_all = parent->tag.number == 0 || patch_tag_is_standalone(&parent->tag);
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
			strbuf_reset(&key);
			strbuf_addf(&key, "%zu\x1f%d\x1f%s", rev, (int)tr->kind, addr);
			if (!strmap_put_if_absent(&people, key.buf, acc_count, &found)) {
				if (acc_count == acc_alloc) {
					acc_alloc = acc_alloc ? acc_alloc * 2 : 64;
					acc = xrealloc(acc, acc_alloc * sizeof(*acc));
				}
				memset(&acc[found], 0, sizeof(acc[found]));
				acc[found].revision = rev;
				acc[found].kind = tr->kind;
				acc[found].r.person = tr->person;
				acc[found].r.address = tr->addr;
				acc_count++;
			}
			struct reviewer_acc *a = &acc[found];
			if (covers_all)
				a->r.all = true;
			else
				add_number(a, parent->tag.number);
			if (!f->author_key)
				add_sender(a, NULL);
			else if (strcmp(f->author_key, addr))
				add_sender(a, f->author_key);
			free(addr);
		}
	}
	/* the distinct authors of each revision's replies */
	pair_count = group_person_distinct(pairs, pair_count);
	for (size_t p = 0; p < pair_count; p++)
		blocks[pairs[p].group].repliers++;
	free(pairs);

	/* into the blocks, in the order of first trailers */
	size_t (*alloc)[TRAILER_KIND_COUNT] = xcalloc(set->count ? set->count : 1, sizeof(*alloc));
	for (size_t k = 0; k < acc_count; k++) {
		struct series_block *b = &blocks[acc[k].revision];
		enum trailer_kind kind = acc[k].kind;
		size_t *na = &alloc[acc[k].revision][kind];
		if (b->reviewer_count[kind] == *na) {
			*na = *na ? *na * 2 : 4;
			b->reviewers[kind] = xrealloc(b->reviewers[kind], *na * sizeof(*b->reviewers[kind]));
		}
		reviewer_finish(&acc[k].r, b->patches);
		b->reviewers[kind][b->reviewer_count[kind]++] = acc[k].r;
	}
	for (size_t r = 0; r < set->count; r++)
		summarise_reviews(&blocks[r], &summary[r]);
	free(alloc);
	free(acc);
	strbuf_release(&key);
	strmap_release(&people);
	strmap_release(&repliers);
}
