/*
 * The series report: revisions linked into series, each revision's
 * earlier ones, replies, trailers, applied patches and state; the waiting
 * list; the busiest threads (see listdigest(1) for every rule).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"

#define DAY ((int64_t)24 * 3600)

static struct series_revision_ref ref_of(const struct revision *r)
{
	struct series_revision_ref ref = {r->version, r->first_arrival, r->patches};
	return ref;
}

/* Revision numbers grouped by series, each series in order of arrival. */
struct series_order {
	size_t *list;     /* revision numbers, series after series */
	size_t *start;    /* per revision: where its series starts in list */
	size_t *end;      /* per revision: where it ends */
	size_t *position; /* per revision: its own place in list */
};

/* What the series order sorts by, taken out of the revisions. */
struct order_key {
	size_t series;
	struct revision order; /* only first_arrival and first_index */
	size_t revision;
};

static int by_series_then_arrival(const void *a, const void *b)
{
	const struct order_key *x = a, *y = b;
	if (x->series != y->series)
		return x->series < y->series ? -1 : 1;
	if (revision_before(&x->order, &y->order))
		return -1;
	return revision_before(&y->order, &x->order) ? 1 : 0;
}

static void order_series(struct series_order *o, struct revision_set *set)
{
	size_t n = set->count ? set->count : 1;
	struct order_key *keys = xcalloc(n, sizeof(*keys));
	o->list = xmalloc(n * sizeof(*o->list));
	o->start = xmalloc(n * sizeof(*o->start));
	o->end = xmalloc(n * sizeof(*o->end));
	o->position = xmalloc(n * sizeof(*o->position));
	for (size_t r = 0; r < set->count; r++) {
		keys[r].series = revision_series(set, r);
		keys[r].order.first_arrival = set->items[r].first_arrival;
		keys[r].order.first_index = set->items[r].first_index;
		keys[r].revision = r;
	}
	if (set->count)
		qsort(keys, set->count, sizeof(*keys), by_series_then_arrival);
	for (size_t i = 0, first = 0; i < set->count; i++) {
		if (i && keys[i].series != keys[i - 1].series)
			first = i;
		o->list[i] = keys[i].revision;
		o->start[keys[i].revision] = first;
		o->position[keys[i].revision] = i;
	}
	for (size_t i = set->count, last = set->count; i-- > 0;) {
		if (i + 1 < set->count && keys[i].series != keys[i + 1].series)
			last = i + 1;
		o->end[keys[i].revision] = last;
	}
	free(keys);
}

static void order_release(struct series_order *o)
{
	free(o->list);
	free(o->start);
	free(o->end);
	free(o->position);
}

/* The applied: line's patches; the first message of each number is asked. */
static void find_applied(struct series_block *b, const struct revision *r,
			 const struct message_facts *u, const struct series_options *opts)
{
	int last = -2;
	b->has_applied = true;
	for (size_t m = 0; m < r->count; m++) {
		const struct message_facts *f = &u[r->members[m]];
		int number = facts_is_standalone(f) ? 1 : f->tag_number;
		if (number < 1 || number > r->patches || number == last)
			continue; /* a number beyond N is no patch of the revision */
		last = number;
		const git_oid *commit = opts->applied_find(opts->applied_ctx, f);
		if (!commit)
			continue;
		b->applied = xrealloc(b->applied, (b->applied_count + 1) * sizeof(*b->applied));
		b->applied[b->applied_count].number = number;
		git_oid_cpy(&b->applied[b->applied_count].commit, commit);
		b->applied_count++;
	}
}

static enum series_state state_of(const struct series_block *b, const struct review_summary *s)
{
	if (b->has_applied && b->applied_count >= (size_t)b->patches)
		return SERIES_APPLIED;
	if (b->applied_count)
		return SERIES_PARTLY_APPLIED;
	if (s->nacked)
		return SERIES_NACKED;
	if (s->all_reviewed)
		return SERIES_REVIEWED;
	if (s->any_review)
		return SERIES_PARTLY_REVIEWED;
	if (s->discussed)
		return SERIES_DISCUSSED;
	return SERIES_WAITING;
}

static void block_release(struct series_block *b)
{
	free(b->earlier);
	size_t reviewers = 0;
	for (int k = 0; k < TRAILER_KIND_COUNT; k++)
		reviewers += b->reviewer_count[k];
	for (size_t p = 0; p < reviewers; p++) { /* the pool's room is the report's */
		struct series_reviewer *r = &b->reviewers[p];
		free(r->numbers);
		for (size_t s = 0; s < r->sender_count; s++)
			free(r->senders[s]);
		free(r->senders);
	}
	free(b->applied);
}

struct shown {
	size_t revision;
	size_t key;
	int64_t arrival;
};

static int shown_compare(const void *a, const void *b)
{
	const struct shown *x = a, *y = b;
	if (x->arrival != y->arrival)
		return x->arrival < y->arrival ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/*
 * The shown blocks in their order, in blocks itself: blocks[s] becomes
 * what blocks[shown[s].revision] was, swap by swap, and the rest are
 * released. A copy would hold every block of a large archive twice.
 */
static struct series_block *gather_blocks(struct series_block *blocks, size_t count, const struct shown *shown,
					  size_t shown_count)
{
	size_t *at = xmalloc((count ? count : 1) * sizeof(*at));     /* where block r is now */
	size_t *holds = xmalloc((count ? count : 1) * sizeof(*holds)); /* which block position p holds */
	for (size_t r = 0; r < count; r++)
		at[r] = holds[r] = r;
	for (size_t s = 0; s < shown_count; s++) {
		size_t r = shown[s].revision, p = at[r], q = holds[s];
		if (p == s)
			continue;
		struct series_block swap = blocks[s];
		blocks[s] = blocks[p];
		blocks[p] = swap;
		holds[s] = r;
		at[r] = s;
		holds[p] = q;
		at[q] = p;
	}
	for (size_t p = shown_count; p < count; p++)
		block_release(&blocks[p]);
	free(at);
	free(holds);
	return xrealloc(blocks, (shown_count ? shown_count : 1) * sizeof(*blocks));
}

int series_compute(struct series_report *out, const struct series_options *opts)
{
	const struct message_facts *u = opts->universe;
	struct revision_set set;
	struct series_order order;
	struct identity no_identity = {0};

	memset(out, 0, sizeof(*out));
	out->applied_tree = opts->applied_tree;
	for (size_t i = 0; i < opts->count && !out->archive_list_id; i++)
		if (u[i].present && facts_list_id(&u[i]))
			out->archive_list_id = facts_list_id(&u[i]);

	/*
	 * The threads first: they read the ids, which may go once the replies
	 * have found their targets and rules 2 and 3 have linked the
	 * revisions (opts->ids_done), and their map is made before the
	 * revisions'. The replies are resolved, and rules 2 and 3 link the
	 * revisions, before the revisions are made (revisions_number), so
	 * that the ids are never held with them.
	 */
	threads_rank(out, u, opts->count, opts->selected, opts->top);
	revisions_begin(&set, u, opts->count);
	set.reader = &opts->reader;
	uint32_t *target = replies_resolve(&set);
	revisions_number(&set, opts->patch_list);
	revisions_link_by_ids(&set);
	/*
	 * Rules 2 and 3 were the map of ids' last use: it goes before the
	 * titles are compared and the blocks made, so that it is never held
	 * with them; so do the ids, unless --applied-in looks for the
	 * patches' in commits.
	 */
	id_table_release(&set.ids);
	if (opts->ids_done && !opts->applied_find)
		opts->ids_done(opts->ids_done_ctx);
	revisions_make(&set, opts->selected);
	revisions_link_by_text(&set);
	order_series(&order, &set);
	struct series_block *blocks = xcalloc(set.count ? set.count : 1, sizeof(*blocks));
	struct review_summary *summary = xcalloc(set.count ? set.count : 1, sizeof(*summary));
	for (size_t r = 0; r < set.count; r++) {
		const struct revision *rev = &set.items[r];
		blocks[r].head = &u[rev->head];
		blocks[r].version = rev->version;
		blocks[r].patches = rev->patches;
		blocks[r].first_arrival = rev->first_arrival;
	}
	out->reviewer_pool = replies_collect(blocks, summary, &set, target,
					     opts->identity ? opts->identity : &no_identity);
	free(target);

	/* The start of the waiting list's window: the selection's start, or N days before its end. */
	int64_t window = opts->end - (int64_t)opts->waiting_days * DAY;
	for (size_t i = 0; i < opts->count; i++)
		if (opts->selected[i] && u[i].present && u[i].arrival < window)
			window = u[i].arrival;

	struct shown *shown = xmalloc((set.count ? set.count : 1) * sizeof(*shown));
	struct shown *waiting = xmalloc((set.count ? set.count : 1) * sizeof(*waiting));
	size_t shown_count = 0, waiting_count = 0;
	for (size_t r = 0; r < set.count; r++) {
		const struct revision *rev = &set.items[r];
		struct series_block *b = &blocks[r];
		bool in_selection = rev->first_selected != SERIES_NONE32;
		bool may_wait = rev->first_arrival >= window && rev->first_arrival <= opts->end;
		if (!in_selection && !may_wait)
			continue;
		size_t newest = order.list[order.end[r] - 1];
		if (newest != r) {
			b->state = SERIES_SUPERSEDED;
			b->superseded_by = ref_of(&set.items[newest]);
		} else {
			if (opts->applied_find)
				find_applied(b, rev, u, opts);
			b->state = state_of(b, &summary[r]);
		}
		if (in_selection) {
			size_t first = order.start[r], here = order.position[r];
			b->earlier_count = (uint32_t)(here - first);
			b->earlier = xmalloc((b->earlier_count ? b->earlier_count : 1) * sizeof(*b->earlier));
			for (size_t k = 0; k < b->earlier_count; k++)
				b->earlier[k] = ref_of(&set.items[order.list[here - 1 - k]]);
			shown[shown_count].revision = r;
			shown[shown_count].key = rev->first_selected;
			shown[shown_count].arrival = 0; /* the patch list's order only */
			shown_count++;
		}
		if (may_wait && b->state == SERIES_WAITING) {
			waiting[waiting_count].revision = r;
			waiting[waiting_count].arrival = rev->first_arrival;
			waiting[waiting_count].key = SERIES_NONE - rev->first_index; /* older first on ties */
			waiting_count++;
		}
	}
	if (shown_count)
		qsort(shown, shown_count, sizeof(*shown), shown_compare);
	if (waiting_count)
		qsort(waiting, waiting_count, sizeof(*waiting), shown_compare);

	out->waiting_count = waiting_count;
	out->waiting = xcalloc(waiting_count ? waiting_count : 1, sizeof(*out->waiting));
	for (size_t w = 0; w < waiting_count; w++) {
		const struct revision *rev = &set.items[waiting[w].revision];
		out->waiting[w].head = &u[rev->head];
		out->waiting[w].days = (opts->end - rev->first_arrival) / DAY;
	}
	out->block_count = shown_count;
	out->blocks = gather_blocks(blocks, set.count, shown, shown_count);
	free(summary);
	free(shown);
	free(waiting);

	order_release(&order);
	revisions_release(&set);
	if (opts->ids_done && opts->applied_find)
		opts->ids_done(opts->ids_done_ctx);
	return 0;
}

void series_report_release(struct series_report *report)
{
	for (size_t b = 0; b < report->block_count; b++)
		block_release(&report->blocks[b]);
	free(report->blocks);
	free(report->reviewer_pool);
	free(report->waiting);
	free(report->threads);
	memset(report, 0, sizeof(*report));
}
