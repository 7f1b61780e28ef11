#include "run.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/utf8.h"
#include "../digest/digest.h"
#include "../identity/identity.h"
#include "../index/index.h"
#include "../index/update.h"
#include "../message/mail.h"
#include "../patch/facts.h"
#include "../report/report.h"
#include "../series/applied.h"
#include "../series/series.h"
#include "../source/arrival.h"
#include "../source/source.h"
#include "row_list.h"

void run_library_init(void)
{
	source_library_init();
	mail_library_init();
}

void run_library_shutdown(void)
{
	source_library_shutdown();
}

static void draw_progress(size_t done, size_t count, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "\rReading messages: %3d%% (%zu/%zu)%s", count ? (int)(done * 100 / count) : 100,
		done, count, done == count ? ", done.\n" : "");
	fflush(stderr);
}

/* The messages of the digest: rows of the index, newest first. */
struct chosen {
	int64_t *rows;
	size_t count;
	struct strbuf from, to;   /* the heading's "From <A> to <B>" */
};

/* The heading's name of a row: its commit's first 9 hex digits, else its arrival. */
static int row_label(struct msg_index *idx, int64_t row, int64_t arrival, struct strbuf *out,
		     struct strbuf *err)
{
	git_oid commit;
	int rc = index_row_commit(idx, row, &commit, err);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, 10, &commit);
		strbuf_addstr(out, hex);
	} else {
		arrival_label(arrival, out);
	}
	return 0;
}

/*
 * A revision range: the source lists it, as it always has, and each of
 * its commits is found in the index. The heading names the range's ends.
 */
static int choose_range(struct chosen *c, struct msg_index *idx, const struct run_options *opts,
			struct strbuf *err)
{
	struct source_options source_opts = SOURCE_OPTIONS_INIT;
	struct source *src = NULL;
	int rc = -1;

	source_opts.path = opts->source;
	source_opts.range = opts->range;
	/* the epochs the update left out, it warned of */
	source_opts.skip_unreadable_epochs = opts->keep_going;
	if (source_open(&src, &source_opts, err) < 0)
		return -1;
	size_t n = source_count(src);
	if (!selection_is_all(&opts->selection)) {
		int64_t *arrival = xcalloc(n ? n : 1, sizeof(*arrival));
		bool *keep = xcalloc(n ? n : 1, sizeof(*keep));
		for (size_t i = 0; i < n; i++)
			arrival[i] = source_arrival(src, i);
		selection_mark(keep, arrival, n, &opts->selection);
		source_select(src, keep);
		free(keep);
		free(arrival);
		n = source_count(src);
	}
	c->rows = xcalloc(n ? n : 1, sizeof(*c->rows));
	for (size_t i = 0; i < n; i++) {
		struct source_key key;
		source_key(src, i, &key);
		int found = index_find_commit(idx, &key.commit, &c->rows[i], err);
		if (found < 0)
			goto out;
		if (!found) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof(hex), &key.commit);
			strbuf_addf(err, "%s: commit %s of the range is not on the history of HEAD, "
				    "which the index holds", opts->range, hex);
			goto out;
		}
	}
	c->count = n;

	/* "From <A> to <B>": A..B's A, else the oldest; B the newest, else the range's end */
	const char *start = source_range_start_label(src), *end = source_range_end_label(src);
	if (start)
		strbuf_addstr(&c->from, start);
	else if (n)
		source_label(src, n - 1, &c->from);
	else if (end)
		strbuf_addstr(&c->from, end);
	if (n)
		source_label(src, 0, &c->to);
	else if (end)
		strbuf_addstr(&c->to, end);
	rc = 0;
out:
	source_close(src);
	return rc;
}

/*
 * No range: the whole index, narrowed by --since, --until and --last.
 * With preload (the series sections of a period), the listing is a load
 * of every row that arrived before --until, which the universe, a part of
 * it, then takes rather than scanning the index again; without, it is the
 * rows' ids and arrivals alone.
 */
static int choose_period(struct chosen *c, struct msg_index *idx, const struct run_options *opts,
			 struct index_rows *preload, struct strbuf *err)
{
	struct index_listing all = {0};
	int rc = -1;

	if (preload) {
		const struct selection *sel = &opts->selection;
		if (index_load_through(idx, sel->has_until ? sel->until - 1 : INT64_MAX, preload, err) < 0)
			return -1;
		all.count = preload->count;
		all.rows = xmalloc((all.count ? all.count : 1) * sizeof(*all.rows));
		all.arrival = xmalloc((all.count ? all.count : 1) * sizeof(*all.arrival));
		memcpy(all.rows, preload->rows, all.count * sizeof(*all.rows));
		for (size_t i = 0; i < all.count; i++)
			all.arrival[i] = preload->facts[i].arrival;
	} else if (index_list(idx, &all, err) < 0) {
		return -1;
	}
	bool *keep = xcalloc(all.count ? all.count : 1, sizeof(*keep));
	if (selection_is_all(&opts->selection))
		memset(keep, 1, all.count * sizeof(*keep));
	else
		selection_mark(keep, all.arrival, all.count, &opts->selection);
	c->rows = xcalloc(all.count ? all.count : 1, sizeof(*c->rows));
	size_t oldest = 0, newest = SIZE_MAX;
	for (size_t i = 0; i < all.count; i++) {
		if (!keep[i])
			continue;
		if (newest == SIZE_MAX)
			newest = i;
		oldest = i;
		c->rows[c->count++] = all.rows[i];
	}
	if (c->count) {
		if (row_label(idx, all.rows[oldest], all.arrival[oldest], &c->from, err) < 0 ||
		    row_label(idx, all.rows[newest], all.arrival[newest], &c->to, err) < 0)
			goto out;
	} else {
		/* nothing chosen: a git source names its HEAD, as A..B names B */
		if (preload) { /* which the load may have left out: the whole listing, then */
			index_listing_release(&all);
			if (index_list(idx, &all, err) < 0)
				goto out;
		}
		git_oid head;
		int has = all.count ? index_row_commit(idx, all.rows[0], &head, err) : 0;
		if (has < 0)
			goto out;
		if (has && row_label(idx, all.rows[0], all.arrival[0], &c->from, err) == 0)
			strbuf_add(&c->to, c->from.buf, c->from.len);
	}
	rc = 0;
out:
	free(keep);
	index_listing_release(&all);
	return rc;
}

static void chosen_release(struct chosen *c)
{
	free(c->rows);
	strbuf_release(&c->from);
	strbuf_release(&c->to);
	memset(c, 0, sizeof(*c));
}

/* Opens the source's index. */
static int index_prepare(struct msg_index **idx, const struct run_options *opts, struct strbuf *err)
{
	struct index_options index_opts = INDEX_OPTIONS_INIT;
	char *name = NULL;
	char *id = source_cache_id(opts->source, &name);
	int rc;

	index_opts.cache_dir = opts->cache_dir;
	/* standard input cannot be compared with anything later; a bad path gets no file */
	index_opts.no_cache = opts->no_cache || !id;
	index_opts.name = name;
	/* read one message at a time where they are wanted (struct row_reader, find_applied) */
	index_opts.skip_patch_ids = true;
	index_opts.skip_subjects = true;
	rc = index_open(idx, &index_opts, id ? id : "-", err);
	free(id);
	free(name);
	return rc;
}

/* The oldest and newest arrivals of the chosen messages. */
static bool selection_bounds(const struct message_facts *facts, size_t count, int64_t *first,
			     int64_t *last)
{
	bool any = false;
	for (size_t i = 0; i < count; i++) {
		if (!facts[i].present)
			continue;
		if (!any || facts[i].arrival < *first)
			*first = facts[i].arrival;
		if (!any || facts[i].arrival > *last)
			*last = facts[i].arrival;
		any = true;
	}
	return any;
}

/*
 * When the report is made: SOURCE_DATE_EPOCH when it holds a number (the
 * reproducible-builds convention, so that a mail's Date can be tested),
 * else now.
 */
static int64_t report_time_now(void)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch && *epoch) {
		char *end;
		errno = 0;
		long long v = strtoll(epoch, &end, 10);
		if (!*end && !errno && v >= 0)
			return (int64_t)v;
	}
	return (int64_t)time(NULL);
}

static int compare_rows(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * What the life of a series is computed from: every message of the
 * archive that arrived by the end of the selection, the chosen ones
 * marked. When the chosen are the whole index, they are that already.
 */
struct universe {
	struct index_rows rows;        /* owned, unless borrowed */
	const struct message_facts *facts;
	bool *selected;
	size_t count;
};

/*
 * The universe: the chosen facts when they are the whole index; else every
 * row that arrived by end, taken from preload (which holds them, and
 * more) or loaded.
 */
static int universe_load(struct universe *u, struct msg_index *idx, const struct chosen *chosen,
			 const struct message_facts *facts, bool whole, int64_t end,
			 struct index_rows *preload, const struct identity *identity, struct strbuf *err)
{
	memset(u, 0, sizeof(*u));
	if (whole) {
		u->facts = facts;
		u->count = chosen->count;
		u->selected = xmalloc((u->count ? u->count : 1) * sizeof(*u->selected));
		memset(u->selected, 1, u->count * sizeof(*u->selected));
		return 0;
	}
	if (preload && preload->facts) {
		/* the rows that arrived after end leave, the others keep their order */
		size_t kept = 0;
		for (size_t i = 0; i < preload->count; i++) {
			if (preload->facts[i].arrival > end)
				continue;
			preload->rows[kept] = preload->rows[i];
			preload->facts[kept] = preload->facts[i];
			kept++;
		}
		preload->count = kept;
		u->rows = *preload; /* the universe owns them now */
		memset(preload, 0, sizeof(*preload));
	} else if (index_load_through(idx, end, &u->rows, err) < 0) {
		return -1;
	}
	identity_apply_in(identity, u->rows.facts, u->rows.count, &u->rows.arena);
	u->facts = u->rows.facts;
	u->count = u->rows.count;
	u->selected = xcalloc(u->count ? u->count : 1, sizeof(*u->selected));
	int64_t *sorted = xmalloc((chosen->count ? chosen->count : 1) * sizeof(*sorted));
	memcpy(sorted, chosen->rows, chosen->count * sizeof(*sorted));
	qsort(sorted, chosen->count, sizeof(*sorted), compare_rows);
	for (size_t i = 0; i < u->count; i++)
		u->selected[i] = bsearch(&u->rows.rows[i], sorted, chosen->count, sizeof(*sorted),
					 compare_rows) != NULL;
	free(sorted);
	return 0;
}

static void universe_release(struct universe *u)
{
	index_rows_release(&u->rows);
	free(u->selected);
	memset(u, 0, sizeof(*u));
}

/*
 * What the loads left in the index, read one message at a time as it is
 * wanted: the chosen messages' entry bodies (a digest of a million
 * messages holds a quarter of a million) and every message's subject
 * (index_options.skip_subjects), which the report reads as it writes
 * them, the life of series for the heads of its revisions, and the
 * applied check for its patches (find_applied). A message is found by its
 * facts: the chosen ones', else the universe's.
 */
struct row_reader {
	struct msg_index *idx;
	const struct message_facts *chosen;   /* chosen_count facts, chosen_rows their rows */
	struct row_list chosen_rows;          /* owned, from keep_rows_for_reading on */
	size_t chosen_count;
	const struct message_facts *universe; /* likewise; NULL when it is the chosen */
	struct row_list universe_rows;
	size_t universe_count;
	bool rows_kept;                       /* keep_rows_for_reading has run */
	struct strbuf body;
	struct strbuf subject;                /* of row, when has_row */
	struct strbuf message_id;             /* of row, when has_row and has_message_id */
	int64_t row;
	bool has_row;
	bool has_message_id;
	struct strbuf err;
	bool failed;                          /* err says why; the report is not complete */
};

/*
 * The loads are done and their rows are only read back from here on, one
 * message at a time: the reader takes them, as runs where they make
 * them (struct row_list). Once, before the life of series or the report.
 */
static void keep_rows_for_reading(struct row_reader *r, struct chosen *chosen, struct universe *universe)
{
	if (r->rows_kept)
		return;
	r->rows_kept = true;
	row_list_take(&r->chosen_rows, chosen->rows, chosen->count);
	chosen->rows = NULL;
	if (universe->rows.rows) {
		row_list_take(&r->universe_rows, universe->rows.rows, universe->rows.count);
		universe->rows.rows = NULL;
	}
}

/* f's row when f is one of facts[0..count). */
static bool row_among(const struct message_facts *f, const struct message_facts *facts,
		      const struct row_list *rows, size_t count, int64_t *row)
{
	/* as integers: pointers into two arrays do not compare in C */
	uintptr_t at = (uintptr_t)f, first = (uintptr_t)facts;
	if (!facts || at < first || at >= first + count * sizeof(*f))
		return false;
	*row = row_list_at(rows, (at - first) / sizeof(*f));
	return true;
}

static bool row_of(struct row_reader *r, const struct message_facts *f, int64_t *row)
{
	if (row_among(f, r->chosen, &r->chosen_rows, r->chosen_count, row) ||
	    row_among(f, r->universe, &r->universe_rows, r->universe_count, row))
		return true;
	/* a bug, if ever */
	strbuf_addstr(&r->err, "a subject or message-id was wanted of a message that no load holds");
	r->failed = true;
	return false;
}

static const char *read_entry_body(void *ctx, size_t fact)
{
	struct row_reader *r = ctx;
	if (r->failed || fact >= r->chosen_count)
		return NULL;
	if (index_load_entry_body(r->idx, row_list_at(&r->chosen_rows, fact), &r->body, &r->err) < 0) {
		r->failed = true;
		return NULL;
	}
	return r->body.buf;
}

/* Reads f's subject and message-id, unless they are the last read's; false when it cannot. */
static bool read_row_strings(struct row_reader *r, const struct message_facts *f)
{
	int64_t row;
	if (r->failed || !row_of(r, f, &row))
		return false;
	/* a format often writes a message's title, its subject and its link */
	if (r->has_row && r->row == row)
		return true;
	r->has_row = false;
	int rc = index_load_subject_and_id(r->idx, row, &r->subject, &r->message_id, &r->err);
	if (rc < 0) {
		r->failed = true;
		return false;
	}
	r->row = row;
	r->has_row = true;
	r->has_message_id = rc == 1;
	return true;
}

static const char *read_subject(void *ctx, const struct message_facts *f)
{
	struct row_reader *r = ctx;
	return read_row_strings(r, f) ? r->subject.buf : NULL;
}

static const char *read_message_id(void *ctx, const struct message_facts *f)
{
	struct row_reader *r = ctx;
	return read_row_strings(r, f) && r->has_message_id ? r->message_id.buf : NULL;
}

/*
 * The applied check of a patch whose subject and patch-id a load left in
 * the index: they are read for it into a block of its own; the rest of
 * its facts (its author after the mailmap, its message-id) are its own.
 */
struct applied_lookup {
	const struct applied *applied;
	struct row_reader *rows;
	struct strbuf *subject;
};

static const git_oid *find_applied(const void *ctx, const struct message_facts *patch)
{
	const struct applied_lookup *lookup = ctx;
	struct row_reader *r = lookup->rows;
	int64_t row;
	git_oid patch_id;

	if (r->failed || !row_of(r, patch, &row))
		return NULL;
	int rc = index_load_patch(r->idx, row, lookup->subject, &patch_id, &r->err);
	if (rc < 0) {
		r->failed = true;
		return NULL;
	}
	struct message_rare rare = *facts_rare(patch);
	rare.subject = lookup->subject->buf;
	rare.patch_id = rc ? &patch_id : NULL;
	struct message_facts probe = *patch;
	probe.rare = &rare;
	return applied_find(lookup->applied, &probe);
}

/*
 * What the update freed stays in malloc's arenas, its threads' and the
 * main one, and is counted in the process's memory while the digest
 * grows beside it: a first run over 1,000,000 messages peaked at 301 MB
 * without giving it back, 288 to 291 MB with. The digest's own steps
 * then reuse that room, scattered, and what they free in it stays
 * counted too: when the update added rows, it is given back again after
 * the load, after the universe's, and once the ids go (a first run over
 * 1,000,000 messages: 188 MB without those, 184 MB with). Not otherwise:
 * the pages given back are faulted in again, which made a warm week's
 * digest 3 ms slower for nothing. glibc can give it back to the
 * system; other C libraries need not.
 */
static void give_back_free_memory(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

/*
 * The update, on a thread of its own: its many small allocations, and
 * the holes they leave, then stay in a malloc arena of that thread's
 * (glibc gives a new thread its own), not in the one where the digest's
 * arrays are made next. Made there, a cold run's arrays were carved out
 * of that scattered room rather than mapped apart, and stayed counted
 * once freed. Where no thread can be made, the update runs here.
 */
struct update_call {
	struct msg_index *idx;
	const struct index_update_options *opts;
	struct index_update_result *result;
	struct strbuf *err;
	int rc;
};

static void *update_on_thread(void *arg)
{
	struct update_call *call = arg;
	call->rc = index_update_source(call->idx, call->opts, call->result, call->err);
	return NULL;
}

static int update_apart(struct msg_index *idx, const struct index_update_options *opts,
			struct index_update_result *result, struct strbuf *err)
{
	struct update_call call = {idx, opts, result, err, -1};
	pthread_t thread;
	if (pthread_create(&thread, NULL, update_on_thread, &call))
		return index_update_source(idx, opts, result, err);
	pthread_join(thread, NULL);
	return call.rc;
}

/*
 * The ids of the loads (message-ids, References, linked ids: a fifth of a
 * million messages' memory), kept apart in arenas of their own. Once the
 * digest and the life of series have read them they go, before the
 * series' blocks are made; the report reads the message-ids it shows
 * (read_message_id).
 */
struct loaded_ids {
	struct message_facts *chosen;
	size_t chosen_count;
	struct arena *chosen_ids;
	struct index_rows *universe; /* its ids; empty when the universe is the chosen */
	bool give_back;              /* the update added rows: give_back_free_memory once they go */
};

static void forget_ids(void *ctx)
{
	struct loaded_ids *ids = ctx;
	facts_forget_ids(ids->chosen, ids->chosen_count);
	arena_release(ids->chosen_ids);
	if (ids->universe) {
		facts_forget_ids(ids->universe->facts, ids->universe->count);
		arena_release(&ids->universe->ids);
	}
	if (ids->give_back)
		give_back_free_memory();
}

/* Brings the index up to date with the source, then digests what is chosen. */
static int update_and_report(struct msg_index *idx, const struct run_options *opts,
			     const struct identity *identity, const struct applied *applied,
			     struct strbuf *out, struct run_result *result, struct strbuf *err)
{
	struct chosen chosen = {0};
	struct message_facts *facts = NULL;
	struct arena facts_arena = ARENA_INIT;
	struct arena facts_ids = ARENA_INIT;
	struct digest digest = {0};
	int rc = -1;

	struct index_update_options update_opts = INDEX_UPDATE_OPTIONS_INIT;
	struct index_update_result update = {0};
	struct universe universe = {0};
	struct index_rows preload = {0};
	struct series_report series = {0};
	struct row_reader reader = {.idx = idx};
	struct strbuf applied_subject;
	struct applied_lookup lookup = {applied, &reader, &applied_subject};
	const struct facts_reader read_rows = {read_subject, read_message_id, &reader};

	strbuf_init(&reader.body, 0);
	strbuf_init(&reader.subject, 0);
	strbuf_init(&applied_subject, 0);
	strbuf_init(&reader.message_id, 0);
	strbuf_init(&reader.err, 0);
	strbuf_init(&chosen.from, 0);
	strbuf_init(&chosen.to, 0);
	update_opts.path = opts->source;
	update_opts.threads = opts->threads;
	update_opts.progress = opts->progress ? draw_progress : NULL;
	update_opts.skip_unreadable_epochs = opts->keep_going;
	if (update_apart(idx, &update_opts, &update, err) < 0 || index_read_begin(idx, err) < 0)
		goto out;
	give_back_free_memory();
	for (size_t k = 0; k < update.skipped_count; k++)
		fprintf(stderr, "listdigest: warning: %s; skipped\n", update.skipped[k]);
	result->skipped_epochs = update.skipped_count;
	/*
	 * The series sections of a period: the listing loads what the universe
	 * takes. LISTDIGEST_TEST_SEPARATE_UNIVERSE, for the tests alone, loads
	 * them apart, to show that both ways give the same digest.
	 */
	bool whole = !opts->range && selection_is_all(&opts->selection);
	bool preloading = !opts->range && !whole && (opts->sections & SECTIONS_SERIES) &&
			  !getenv("LISTDIGEST_TEST_SEPARATE_UNIVERSE");
	if ((opts->range ? choose_range(&chosen, idx, opts, err)
			 : choose_period(&chosen, idx, opts, preloading ? &preload : NULL, err)) < 0)
		goto out;
	facts = xcalloc(chosen.count ? chosen.count : 1, sizeof(*facts));
	if (index_load_apart(idx, chosen.rows, chosen.count, facts, &facts_arena, &facts_ids, err) < 0)
		goto out;
	bool update_left_room = update.added > 0; /* see give_back_free_memory */
	if (update_left_room)
		give_back_free_memory();
	/*
	 * A chosen message the source could not read: no digest without it,
	 * unless told to keep going. Its row is no message (not present), so
	 * the digest and the life of series pass over it.
	 */
	for (size_t i = 0; i < chosen.count; i++) {
		const char *read_error = facts_rare(&facts[i])->read_error;
		if (!read_error)
			continue;
		if (!opts->keep_going) {
			strbuf_addstr(err, read_error);
			goto out;
		}
		fprintf(stderr, "listdigest: warning: %s; skipped\n", read_error);
		result->skipped++;
	}
	identity_apply_in(identity, facts, chosen.count, &facts_arena);
	digest_build(&digest, facts, chosen.count);
	reader.chosen = facts;
	reader.chosen_count = chosen.count;
	if (identity_has_organisations(identity))
		digest_count_organisations(&digest, facts, chosen.count, identity);
	struct loaded_ids loaded_ids = {facts, chosen.count, &facts_ids, whole ? NULL : &universe.rows,
					update_left_room};
	if (!(opts->sections & SECTIONS_SERIES))
		forget_ids(&loaded_ids); /* the digest has read them */

	struct report_run header = {.top = opts->top, .sections = opts->sections,
				     .lore_base = opts->lore_base, .digest = &digest,
				     .list_id = digest.list_id, .range = opts->range,
				     .has_since = opts->selection.has_since, .since = opts->selection.since,
				     .has_until = opts->selection.has_until, .until = opts->selection.until,
				     .now = report_time_now(), .color = opts->color, .mail = opts->mail,
				     .skipped = result->skipped, .skipped_epochs = result->skipped_epochs,
				     .sink = opts->sink, .entry_body = read_entry_body, .entry_body_ctx = &reader,
				     .reader = read_rows};
	header.has_arrivals = selection_bounds(facts, chosen.count, &header.first_arrival,
					       &header.last_arrival);
	if (opts->sections & SECTIONS_SERIES) {
		/* with nothing chosen, the sections are there, empty */
		int64_t end = header.has_arrivals ? header.last_arrival : 0;
		if (header.has_arrivals &&
		    universe_load(&universe, idx, &chosen, facts, whole, end, &preload, identity, err) < 0)
			goto out;
		if (update_left_room)
			give_back_free_memory();
		if (!whole) {
			reader.universe = universe.facts;
			reader.universe_count = universe.count;
		}
		keep_rows_for_reading(&reader, &chosen, &universe);
		struct series_options series_opts = {
			.universe = universe.facts, .selected = universe.selected, .count = universe.count,
			.end = end, .identity = identity, .waiting_days = opts->waiting_days,
			.top = opts->top, .reader = read_rows,
			.ids_done = forget_ids, .ids_done_ctx = &loaded_ids,
			.patch_list = whole ? &digest : NULL, /* the digest's facts are the universe */
		};
		if (applied) {
			series_opts.applied_find = find_applied;
			series_opts.applied_ctx = &lookup;
			series_opts.applied_tree = applied_tree_name(applied);
		}
		series_compute(&series, &series_opts);
		header.series = &series;
	}
	keep_rows_for_reading(&reader, &chosen, &universe); /* when the series did not: none asked for */
	/* an empty mbox or selection of one has nothing to name */
	header.from = chosen.from.len ? chosen.from.buf : "(none)";
	header.to = chosen.to.len ? chosen.to.buf : "(none)";
	char *list_name = NULL;
	if (opts->list_name) {
		list_name = utf8_clean_dup(opts->list_name, strlen(opts->list_name));
	} else {
		list_name = digest_list_name(&digest, update.source_name);
	}
	if (!*list_name) { /* standard input without a List-Id */
		free(list_name);
		list_name = xstrdup("(unknown)");
	}
	header.list_name = list_name;
	const struct report_format *format = opts->format ? opts->format : report_format_named("text");
	rc = format->write(out, &header, err);
	if (rc == 0 && reader.failed) {
		strbuf_add(err, reader.err.buf, reader.err.len);
		rc = -1;
	}
	free(list_name);
out:
	index_read_end(idx);
	digest_release(&digest);
	if (facts)
		index_facts_release(facts, chosen.count, &facts_arena);
	arena_release(&facts_ids);
	free(facts);
	series_report_release(&series);
	universe_release(&universe);
	index_rows_release(&preload);
	chosen_release(&chosen);
	index_update_result_release(&update);
	row_list_release(&reader.chosen_rows);
	row_list_release(&reader.universe_rows);
	strbuf_release(&reader.body);
	strbuf_release(&reader.subject);
	strbuf_release(&applied_subject);
	strbuf_release(&reader.message_id);
	strbuf_release(&reader.err);
	return rc;
}

int run_digest(const struct run_options *opts, struct strbuf *out, struct run_result *result,
	       struct strbuf *err)
{
	struct identity identity = {0};
	struct identity_options identity_opts = IDENTITY_OPTIONS_INIT;
	struct msg_index *idx = NULL;
	struct applied *applied = NULL;
	int rc = -1;

	memset(result, 0, sizeof(*result));
	/* The maps first: a typo in one is reported before a long read. */
	identity_opts.mailmap_path = opts->mailmap;
	identity_opts.orgmap_path = opts->orgmap;
	if (identity_load(&identity, &identity_opts, err) < 0)
		goto out;
	if (opts->applied_in) {
		if (applied_open(&applied, opts->applied_in, err) < 0)
			goto out;
		/* the commits' authors are mapped as the patches' are */
		if (identity.mailmap)
			applied_map_authors(applied, identity.mailmap);
		applied_set_jobs(applied, opts->threads);
	}
	if (index_prepare(&idx, opts, err) < 0)
		goto out;
	rc = update_and_report(idx, opts, &identity, applied, out, result, err);
	/*
	 * A damaged index mostly shows while it is read, before the report is
	 * made: the archive is the truth, so the index is made again from it
	 * and the report with it. A damaged entry body shows only as the
	 * report writes it: once part of the report is out, it cannot be made
	 * again, so the run fails, and the index is made afresh for the next.
	 */
	if (rc < 0 && index_is_corrupt(idx)) {
		char *why = strbuf_detach(err, NULL);
		strbuf_init(err, 0);
		if (!(opts->sink && output_started(opts->sink))) {
			strbuf_reset(out);
			if (index_rebuild(idx, why, err) == 0)
				rc = update_and_report(idx, opts, &identity, applied, out, result, err);
		} else {
			struct strbuf ignored;
			strbuf_init(&ignored, 0);
			index_rebuild(idx, why, &ignored); /* its own failure changes nothing of this run */
			strbuf_release(&ignored);
			strbuf_addstr(err, why);
		}
		free(why);
	}
out:
	index_close(idx);
	applied_close(applied);
	identity_release(&identity);
	return rc;
}
