/* The busiest threads of the selection: messages that share a thread root. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "../common/index_set.h"
#include "../common/strbuf.h"
#include "../digest/digest.h"

/*
 * A thread while counting: 12 bytes, as the universe is below 2^32
 * messages. Its root is its oldest message's (facts_thread_root), which
 * every message of the thread shares.
 */
struct thread_acc {
	uint32_t messages;
	uint32_t newest_selected;  /* smallest universe index among the selected; SERIES_NONE32: none */
	uint32_t oldest;           /* universe index of its oldest message */
};

/* A root being looked for among the threads (index_set), each of which is its oldest message's. */
struct root_wanted {
	const struct thread_acc *acc;
	const struct message_facts *u;
	const char *root;
};

static bool same_root(const void *ctx, uint32_t thread)
{
	const struct root_wanted *w = ctx;
	return !strcmp(facts_thread_root(&w->u[w->acc[thread].oldest]), w->root);
}

static int thread_compare(const void *a, const void *b)
{
	const struct thread_acc *x = a, *y = b;
	if (x->messages != y->messages)
		return x->messages > y->messages ? -1 : 1;
	/* ties: the thread whose newest message is newest */
	return x->newest_selected < y->newest_selected ? -1 : x->newest_selected > y->newest_selected;
}

static int group_person_compare(const void *a, const void *b)
{
	const struct group_person *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->person < y->person ? -1 : x->person > y->person;
}

/* The heap below root, in pairs[0..n), made a heap again after pairs[root] changed. */
static void sift_down(struct group_person *pairs, size_t root, size_t n)
{
	struct group_person moved = pairs[root];
	for (;;) {
		size_t child = 2 * root + 1;
		if (child >= n)
			break;
		if (child + 1 < n && group_person_compare(&pairs[child + 1], &pairs[child]) > 0)
			child++;
		if (group_person_compare(&pairs[child], &moved) <= 0)
			break;
		pairs[root] = pairs[child];
		root = child;
	}
	pairs[root] = moved;
}

/*
 * In place (heapsort): a pair for every selected message, and qsort's
 * merge sort would take as much again, 8 MB at a million messages, at
 * the series' peak.
 */
static void sort_pairs(struct group_person *pairs, size_t n)
{
	for (size_t root = n / 2; root-- > 0;)
		sift_down(pairs, root, n);
	for (size_t end = n; end-- > 1;) {
		struct group_person top = pairs[0];
		pairs[0] = pairs[end];
		pairs[end] = top;
		sift_down(pairs, 0, end);
	}
}

size_t group_person_distinct(struct group_person *pairs, size_t count)
{
	size_t kept = 0;
	sort_pairs(pairs, count);
	for (size_t p = 0; p < count; p++)
		if (!kept || group_person_compare(&pairs[kept - 1], &pairs[p]))
			pairs[kept++] = pairs[p];
	return kept;
}

/*
 * The people of the shown threads: the distinct authors of their selected
 * messages (SERIES_NO_ADDRESS_KEY for those without an address). Only the
 * shown ones: a pair for every selected message would take 8 MB at a
 * million, at the series' peak. shown maps each shown root to its thread.
 */
static void count_people(struct series_report *out, const struct thread_acc *acc,
			 const struct strmap *shown, const struct message_facts *u, size_t message_count,
			 const bool *selected)
{
	struct strmap people;
	size_t pair_count = 0, alloc = 64;
	struct group_person *pairs = xmalloc(alloc * sizeof(*pairs));

	strmap_init(&people);
	for (size_t t = 0; t < out->thread_count; t++) {
		out->threads[t].people = 0;
		/* a message without ids is a thread of its own, selected since it is counted */
		if (!facts_thread_root(&u[acc[t].oldest]))
			out->threads[t].people = 1;
	}
	for (size_t i = 0; i < message_count && shown->count; i++) {
		const struct message_facts *f = &u[i];
		const char *root = f->present && selected[i] ? facts_thread_root(f) : NULL;
		size_t t, person;
		if (!root || !strmap_get(shown, root, &t))
			continue;
		const char *key = facts_author_key(f);
		strmap_put_if_absent(&people, key ? key : SERIES_NO_ADDRESS_KEY, people.count, &person);
		if (pair_count == alloc) {
			alloc *= 2;
			pairs = xrealloc(pairs, alloc * sizeof(*pairs));
		}
		pairs[pair_count].group = (uint32_t)t;
		pairs[pair_count].person = (uint32_t)person;
		pair_count++;
	}
	pair_count = group_person_distinct(pairs, pair_count);
	for (size_t p = 0; p < pair_count; p++)
		out->threads[pairs[p].group].people++;
	free(pairs);
	strmap_release(&people);
}

void threads_rank(struct series_report *out, const struct message_facts *u, size_t message_count,
		  const bool *selected, size_t top)
{
	/* the threads by their roots: 8 bytes a thread, where a map of strings took 13 MB at a million */
	struct index_set roots;
	size_t count = 0, alloc = 64;
	struct thread_acc *acc = xmalloc(alloc * sizeof(*acc));

	if (message_count >= UINT32_MAX)
		abort(); /* a universe of over 2^32 messages: not in any memory this runs in */
	/* not reserved for every message: a thread has some five on a list, one on a mailbox of replies */
	index_set_init(&roots);
	for (size_t i = 0; i < message_count; i++) {
		const struct message_facts *f = &u[i];
		uint32_t t = (uint32_t)count;
		bool is_new = true;
		if (!f->present)
			continue;
		/* a message without ids is a thread of its own */
		const char *root = facts_thread_root(f);
		if (root) {
			struct root_wanted wanted = {acc, u, root};
			t = index_set_put(&roots, strmap_hash(root), same_root, &wanted, t, &is_new);
		}
		if (is_new) {
			if (count == alloc) {
				alloc *= 2;
				acc = xrealloc(acc, alloc * sizeof(*acc));
			}
			acc[t] = (struct thread_acc){0, SERIES_NONE32, (uint32_t)i};
			count++;
		}
		struct thread_acc *a = &acc[t];
		if (f->arrival <= u[a->oldest].arrival)
			a->oldest = (uint32_t)i; /* later indices are older on equal arrival */
		if (!selected[i])
			continue;
		a->messages++;
		if (a->newest_selected == SERIES_NONE32)
			a->newest_selected = (uint32_t)i;
	}
	index_set_release(&roots);
	size_t kept = 0;
	for (size_t t = 0; t < count; t++)
		if (acc[t].messages)
			acc[kept++] = acc[t];
	if (kept)
		qsort(acc, kept, sizeof(*acc), thread_compare);
	out->thread_count = kept < top ? kept : top;
	out->threads = xcalloc(out->thread_count ? out->thread_count : 1, sizeof(*out->threads));
	/*
	 * A thread is named by its root message, the newest one with the
	 * root's id, when the universe holds it: one pass finds the shown
	 * ones (each root is one thread's).
	 */
	struct strmap shown;
	size_t *root_of = xmalloc((out->thread_count ? out->thread_count : 1) * sizeof(*root_of));
	strmap_init_borrowing(&shown);
	for (size_t t = 0; t < out->thread_count; t++) {
		size_t same;
		root_of[t] = SERIES_NONE;
		const char *root = facts_thread_root(&u[acc[t].oldest]);
		if (root)
			strmap_put_if_absent(&shown, root, t, &same);
	}
	count_people(out, acc, &shown, u, message_count, selected);
	for (size_t i = 0, found = 0; i < message_count && found < shown.count; i++) {
		size_t t;
		if (u[i].present && facts_own_message_id(&u[i]) && strmap_get(&shown, facts_own_message_id(&u[i]), &t) &&
		    root_of[t] == SERIES_NONE) {
			root_of[t] = i;
			found++;
		}
	}
	for (size_t t = 0; t < out->thread_count; t++) {
		out->threads[t].named = &u[root_of[t] != SERIES_NONE ? root_of[t] : acc[t].oldest];
		out->threads[t].messages = acc[t].messages;
	}
	free(root_of);
	strmap_release(&shown);
	free(acc);
}
