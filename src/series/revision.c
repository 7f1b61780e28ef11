/*
 * Revisions (the digest's series) over the whole universe, and the links
 * that join them into series: change-id, a reply to an earlier revision,
 * a URL naming one, or the same author and title (see listdigest(1)).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/ascii.h"
#include "../common/strbuf.h"
#include "../digest/digest.h"

/* Rule 4 only joins revisions that arrived at most this far apart. */
#define RULE4_WINDOW ((int64_t)365 * 24 * 3600)

bool series_subject_is_resend(const char *subject, size_t title_offset)
{
	const char *p = subject, *end = subject + title_offset;
	while (p < end) {
		while (p < end && (ascii_is_wsp(*p) || *p == ',' || *p == '-' || *p == '[' || *p == ']'))
			p++;
		const char *t = p;
		while (p < end && !(ascii_is_wsp(*p) || *p == ',' || *p == '-' || *p == '[' || *p == ']'))
			p++;
		if (p - t == 6 && !strncasecmp(t, "RESEND", 6))
			return true;
	}
	return false;
}

bool revision_before(const struct revision *a, const struct revision *b)
{
	if (a->first_arrival != b->first_arrival)
		return a->first_arrival < b->first_arrival;
	return a->first_index > b->first_index; /* newest first: a larger index is older */
}

size_t revision_message(const struct revision_set *set, const char *id)
{
	return id_table_find(&set->ids, id);
}

/* Of members in the patch list's order, of which head (revisions_number's) is the first. */
static void revision_finish(struct revision *r, const struct message_facts *u, const bool *selected,
			    uint32_t head)
{
	r->first_selected = SERIES_NONE32;
	for (size_t m = 0; m < r->count; m++) {
		uint32_t i = r->members[m];
		if (m == 0 || u[i].arrival < r->first_arrival ||
		    (u[i].arrival == r->first_arrival && i > r->first_index)) {
			r->first_arrival = u[i].arrival;
			r->first_index = i;
		}
		if (selected[i] && (r->first_selected == SERIES_NONE32 || i < r->first_selected))
			r->first_selected = i;
	}
	r->head = head;
	struct patch_tag tag = facts_tag(&u[r->head]);
	r->version = tag.version;
	r->patches = patch_tag_is_standalone(&tag) ? 1 : tag.total;
}

void revisions_begin(struct revision_set *set, const struct message_facts *u, size_t count)
{
	memset(set, 0, sizeof(*set));
	set->universe = u;
	set->message_count = count;
	id_table_build(&set->ids, u, count); /* which also refuses a universe of 2^32 messages */
}

/*
 * The digest's series as revisions: the same numbers (digest_number_series
 * over the same facts), and each one's head is its first member in the
 * patch list's order.
 */
static void revisions_from_patch_list(struct revision_set *set, const struct digest *patch_list)
{
	set->count = patch_list->series_count;
	set->heads = xmalloc((set->count ? set->count : 1) * sizeof(*set->heads));
	/* the digest numbered them the same: its series_of is each message's revision */
	set->patch_list = patch_list;
	set->revision_of = patch_list->series_of;
	for (size_t r = 0; r < set->count; r++)
		set->heads[r] = patch_list->series[r].members[0]; /* a series has a member */
}

void revisions_number(struct revision_set *set, const struct digest *patch_list)
{
	const struct message_facts *u = set->universe;
	size_t count = set->message_count;

	if (patch_list && patch_list->facts == u && patch_list->fact_count == count) {
		revisions_from_patch_list(set, patch_list);
	} else {
		/* the same grouping as the digest's patch list; a standalone patch is alone */
		set->own_revision_of = xmalloc((count ? count : 1) * sizeof(*set->own_revision_of));
		set->revision_of = set->own_revision_of;
		set->count = digest_number_series(u, count, set->own_revision_of, &set->heads);
		/*
		 * The head is the first member in the patch list's order
		 * (digest_sort_members): the lowest number, the newest on ties,
		 * which comes first here. Each revision's first message to start.
		 */
		for (size_t i = 0; i < count; i++) {
			uint32_t r = set->revision_of[i];
			if (r != SERIES_NONE32 && u[i].tag_number < u[set->heads[r]].tag_number)
				set->heads[r] = (uint32_t)i;
		}
	}
	set->parent = xmalloc((set->count ? set->count : 1) * sizeof(*set->parent));
	for (size_t r = 0; r < set->count; r++)
		set->parent[r] = (uint32_t)r;
}

void revisions_make(struct revision_set *set, const bool *selected)
{
	/* revision_of is the pool's group_of: its "none" is the same */
	_Static_assert(SERIES_NONE32 == DIGEST_NO_GROUP, "one value for no revision");
	set->items = xcalloc(set->count ? set->count : 1, sizeof(*set->items));
	if (set->patch_list) {
		/* the digest's series, whose members are in the patch list's order: borrowed, not pooled again */
		for (size_t r = 0; r < set->count; r++) {
			struct revision *rev = &set->items[r];
			rev->members = set->patch_list->series[r].members;
			rev->count = (uint32_t)set->patch_list->series[r].count;
			revision_finish(rev, set->universe, selected, set->heads[r]);
		}
	} else {
		uint32_t *offsets = xmalloc((set->count + 1) * sizeof(*offsets));
		set->member_pool = digest_pool_members(set->revision_of, set->message_count, set->count, offsets);
		for (size_t r = 0; r < set->count; r++) {
			struct revision *rev = &set->items[r];
			rev->count = offsets[r + 1] - offsets[r];
			digest_sort_members(set->member_pool + offsets[r], rev->count, set->universe);
			rev->members = set->member_pool + offsets[r];
			revision_finish(rev, set->universe, selected, set->heads[r]);
		}
		free(offsets);
	}
	/* each revision keeps its head now */
	free(set->heads);
	set->heads = NULL;
}

void revisions_release(struct revision_set *set)
{
	free(set->member_pool);
	free(set->items);
	free(set->heads);
	free(set->parent);
	free(set->own_revision_of);
	id_table_release(&set->ids);
	memset(set, 0, sizeof(*set));
}

size_t revision_series(struct revision_set *set, size_t r)
{
	size_t root = r;
	while (set->parent[root] != root)
		root = set->parent[root];
	while (set->parent[r] != root) { /* path compression */
		size_t next = set->parent[r];
		set->parent[r] = (uint32_t)root;
		r = next;
	}
	return root;
}

static void join(struct revision_set *set, size_t a, size_t b)
{
	a = revision_series(set, a);
	b = revision_series(set, b);
	if (a != b) /* the smaller index as the root: the result does not depend on the order of joins */
		set->parent[a < b ? b : a] = (uint32_t)(a < b ? a : b);
}

/* Rules 2 and 3: the head names a message of another revision. */
static void join_named(struct revision_set *set, size_t r, const char *id)
{
	size_t m = revision_message(set, id);
	if (m != SERIES_NONE && set->revision_of[m] != SERIES_NONE32)
		join(set, r, set->revision_of[m]);
}

/* Rule 1: the same change-id in a cover letter or 1/N (or a standalone patch). */
static void link_change_ids(struct revision_set *set)
{
	struct strmap seen;
	strmap_init(&seen);
	for (size_t r = 0; r < set->count; r++) {
		const struct revision *rev = &set->items[r];
		for (size_t m = 0; m < rev->count; m++) {
			const struct message_facts *f = &set->universe[rev->members[m]];
			size_t first;
			if (f->tag_number > 1)
				break; /* members are by number */
			const char *change_id = facts_rare(f)->change_id;
			if (change_id && strmap_put_if_absent(&seen, change_id, r, &first))
				join(set, r, first);
		}
	}
	strmap_release(&seen);
}

struct titled {
	char *key;      /* author address, 0x1f, title key */
	size_t revision;
	bool resend;    /* its head's subject says RESEND */
	struct revision order; /* only first_arrival and first_index: for the sort */
};

static int titled_compare(const void *a, const void *b)
{
	const struct titled *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	if (revision_before(&x->order, &y->order))
		return -1;
	return revision_before(&y->order, &x->order) ? 1 : 0;
}

/* Rule 4: same author and title; the earlier within 365 days, with a lower version or resent. */
static void link_titles(struct revision_set *set)
{
	const struct message_facts *u = set->universe;
	struct titled *list = xmalloc((set->count ? set->count : 1) * sizeof(*list));
	size_t n = 0;

	for (size_t r = 0; r < set->count; r++) {
		const struct message_facts *h = &u[set->items[r].head];
		if (!facts_author_key(h))
			continue;
		/* a subject read from the index lasts until the next: what is wanted of it is taken now */
		const char *subject = facts_subject(h, set->reader);
		struct strbuf key;
		strbuf_init(&key, 0);
		strbuf_addf(&key, "%s\x1f", facts_author_key(h));
		size_t title_at = patch_title_add(&key, subject); /* 0 for "", a subject that could not be read */
		list[n].key = strbuf_detach(&key, NULL);
		list[n].revision = r;
		list[n].resend = series_subject_is_resend(subject, title_at);
		memset(&list[n].order, 0, sizeof(list[n].order));
		list[n].order.first_arrival = set->items[r].first_arrival;
		list[n].order.first_index = set->items[r].first_index;
		n++;
	}
	qsort(list, n, sizeof(*list), titled_compare);
	for (size_t later = 1; later < n; later++) {
		const struct revision *l = &set->items[list[later].revision];
		bool resend = list[later].resend;
		for (size_t k = later; k-- > 0;) {
			const struct revision *e = &set->items[list[k].revision];
			if (strcmp(list[k].key, list[later].key) || l->first_arrival - e->first_arrival > RULE4_WINDOW)
				break;
			if (!revision_before(e, l))
				continue; /* the same arrival: neither is earlier */
			int c = patch_version_compare(&e->version, &l->version);
			if (c < 0 || (c == 0 && resend))
				join(set, list[k].revision, list[later].revision);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(list[i].key);
	free(list);
}

void revisions_link_by_ids(struct revision_set *set)
{
	for (size_t r = 0; r < set->count; r++) {
		const struct message_facts *h = &set->universe[set->heads[r]];
		join_named(set, r, facts_in_reply_to(h));
		for (size_t k = 0; k < h->reference_count; k++)
			join_named(set, r, facts_reference(h, k));
		const struct message_rare *rare = facts_rare(h);
		for (size_t k = 0; k < rare->linked_id_count; k++)
			join_named(set, r, rare->linked_ids[k]);
	}
}

void revisions_link_by_text(struct revision_set *set)
{
	link_change_ids(set);
	link_titles(set);
}
