/* The busiest threads of the selection: messages that share a thread root. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"
#include "../digest/digest.h"

struct thread_acc {
	size_t messages;
	size_t people;
	size_t newest_selected;  /* smallest universe index among the selected */
	size_t oldest;           /* universe index of its oldest message */
	const char *root;        /* borrowed; NULL: a message without ids */
};

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

size_t group_person_distinct(struct group_person *pairs, size_t count)
{
	size_t kept = 0;
	if (count)
		qsort(pairs, count, sizeof(*pairs), group_person_compare);
	for (size_t p = 0; p < count; p++)
		if (!kept || group_person_compare(&pairs[kept - 1], &pairs[p]))
			pairs[kept++] = pairs[p];
	return kept;
}

void threads_rank(struct series_report *out, const struct message_facts *u, size_t message_count,
		  const bool *selected, size_t top)
{
	struct strmap roots, people;
	size_t count = 0, alloc = 64, pair_count = 0;
	struct thread_acc *acc = xmalloc(alloc * sizeof(*acc));
	struct group_person *pairs = xmalloc((message_count ? message_count : 1) * sizeof(*pairs));

	/* not reserved for every message: a thread has some five on a list, one on a mailbox of replies */
	strmap_init_borrowing(&roots); /* the universe's ids outlive it */
	strmap_init(&people);
	for (size_t i = 0; i < message_count; i++) {
		const struct message_facts *f = &u[i];
		size_t t;
		if (!f->present)
			continue;
		/* a message without ids is a thread of its own */
		const char *root = facts_thread_root(f);
		if (!root || !strmap_put_if_absent(&roots, root, count, &t)) {
			t = count;
			if (count == alloc) {
				alloc *= 2;
				acc = xrealloc(acc, alloc * sizeof(*acc));
			}
			memset(&acc[t], 0, sizeof(acc[t]));
			acc[t].newest_selected = SERIES_NONE;
			acc[t].oldest = i;
			acc[t].root = root;
			count++;
		}
		struct thread_acc *a = &acc[t];
		if (f->arrival <= u[a->oldest].arrival)
			a->oldest = i; /* later indices are older on equal arrival */
		if (!selected[i])
			continue;
		a->messages++;
		if (a->newest_selected == SERIES_NONE)
			a->newest_selected = i;
		const char *key = facts_author_key(f);
		size_t person;
		strmap_put_if_absent(&people, key ? key : SERIES_NO_ADDRESS_KEY, people.count, &person);
		pairs[pair_count].group = (uint32_t)t;
		pairs[pair_count].person = (uint32_t)person;
		pair_count++;
	}
	pair_count = group_person_distinct(pairs, pair_count);
	for (size_t p = 0; p < pair_count; p++)
		acc[pairs[p].group].people++;
	free(pairs);

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
		if (acc[t].root)
			strmap_put_if_absent(&shown, acc[t].root, t, &same);
	}
	for (size_t i = 0, found = 0; i < message_count && found < shown.count; i++) {
		size_t t;
		if (u[i].present && u[i].message_id && strmap_get(&shown, u[i].message_id, &t) &&
		    root_of[t] == SERIES_NONE) {
			root_of[t] = i;
			found++;
		}
	}
	for (size_t t = 0; t < out->thread_count; t++) {
		out->threads[t].named = &u[root_of[t] != SERIES_NONE ? root_of[t] : acc[t].oldest];
		out->threads[t].messages = acc[t].messages;
		out->threads[t].people = acc[t].people;
	}
	free(root_of);
	strmap_release(&shown);
	free(acc);
	strmap_release(&people);
	strmap_release(&roots);
}
