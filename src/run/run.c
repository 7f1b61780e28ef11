#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/utf8.h"
#include "../digest/digest.h"
#include "../identity/identity.h"
#include "../message/mail.h"
#include "../patch/facts.h"
#include "../common/strmap.h"
#include "../report/text.h"
#include "../series/series.h"
#include "../source/reader.h"
#include "../source/source.h"

void run_library_init(void)
{
	source_library_init();
	mail_library_init();
}

void run_library_shutdown(void)
{
	source_library_shutdown();
}

struct reading {
	const struct source *source;  /* borrowed */
	struct message_facts *facts;  /* borrowed: one per message of the source */
};

/* The worker callback: one message in, its facts out. */
static void read_message(size_t index, const struct source_blob *blob, void *ctx)
{
	struct reading *r = ctx;
	struct message_facts *f = &r->facts[index];
	struct mail mail;

	if (!blob->data)
		return; /* a removal record: not a message */
	mail_parse(&mail, blob->data, blob->len, MAIL_PARSER_AUTO);
	facts_from_mail(f, &mail);
	mail_release(&mail);
	/* what the source knows of it, not the message */
	f->arrival = source_arrival(r->source, index);
	f->has_blob_id = blob->has_blob_id;
	if (blob->has_blob_id)
		git_oid_cpy(&f->blob_id, &blob->blob_id);
}

static void draw_progress(size_t done, size_t count, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "\rReading messages: %3d%% (%zu/%zu)%s", count ? (int)(done * 100 / count) : 100,
		done, count, done == count ? ", done.\n" : "");
	fflush(stderr);
}

/*
 * "From <A> to <B>": A is the explicit start of an A..B range, else the
 * oldest message; B the newest message, else the range's end.
 */
static void heading_labels(const struct source *src, struct strbuf *from, struct strbuf *to)
{
	size_t count = source_count(src);
	const char *start = source_range_start_label(src), *end = source_range_end_label(src);

	if (start)
		strbuf_addstr(from, start);
	else if (count)
		source_label(src, count - 1, from);
	else if (end)
		strbuf_addstr(from, end);
	if (count)
		source_label(src, 0, to);
	else if (end)
		strbuf_addstr(to, end);
	/* an empty mbox or selection of one has nothing to name */
	if (!from->len)
		strbuf_addstr(from, "(none)");
	if (!to->len)
		strbuf_addstr(to, "(none)");
}

/* Narrows the source to the period and count, before anything is read. */
static void select_messages(struct source *src, const struct selection *sel)
{
	if (selection_is_all(sel))
		return;
	size_t n = source_count(src);
	int64_t *arrival = xcalloc(n ? n : 1, sizeof(*arrival));
	bool *keep = xcalloc(n ? n : 1, sizeof(*keep));
	for (size_t i = 0; i < n; i++)
		arrival[i] = source_arrival(src, i);
	selection_mark(keep, arrival, n, sel);
	source_select(src, keep);
	free(keep);
	free(arrival);
}

/*
 * The universe of the series sections: every message of the archive that
 * arrived by the end of the selection, with the selection's marked.
 * Interim: until the index keeps the whole archive, the source is opened
 * and read again, whole, unless the selection is all of it already.
 * Standard input cannot be read twice, so there the selection is the
 * universe.
 */
struct universe {
	struct message_facts *facts;  /* owned, or borrowed when `borrowed` */
	bool *selected;
	size_t count;
	bool borrowed;
};

/* A git message's identity across two listings: commit label, blob and arrival. */
static void message_key(struct strbuf *key, const struct source *src, size_t i,
			const struct message_facts *f)
{
	char hex[GIT_OID_HEXSZ + 1];
	strbuf_reset(key);
	source_label(src, i, key);
	git_oid_tostr(hex, sizeof(hex), &f->blob_id);
	strbuf_addf(key, "\x1f%s\x1f%lld", hex, (long long)f->arrival);
}

static int universe_read(struct universe *u, const struct run_options *opts, const struct source *sel_src,
			 struct message_facts *sel, size_t sel_count, int64_t end,
			 const struct identity *identity, struct strbuf *err)
{
	struct source_options source_opts = SOURCE_OPTIONS_INIT;
	struct source *src = NULL;
	size_t n;

	memset(u, 0, sizeof(*u));
	/* the selection is the whole source already, or the source cannot be read again */
	if (!strcmp(opts->source, "-") || (!opts->range && selection_is_all(&opts->selection))) {
		u->facts = sel;
		u->count = sel_count;
		u->borrowed = true;
		u->selected = xmalloc((sel_count ? sel_count : 1) * sizeof(*u->selected));
		for (size_t i = 0; i < sel_count; i++)
			u->selected[i] = true;
		return 0;
	}
	source_opts.path = opts->source;
	if (source_open(&src, &source_opts, err) < 0)
		return -1;
	n = source_count(src);
	u->facts = xcalloc(n ? n : 1, sizeof(*u->facts));
	u->selected = xcalloc(n ? n : 1, sizeof(*u->selected));
	u->count = n;
	struct reading reading = {.source = src, .facts = u->facts};
	struct reader_options reader_opts = READER_OPTIONS_INIT;
	reader_opts.source = src;
	reader_opts.threads = opts->threads;
	if (reader_run(&reader_opts, read_message, &reading, err) < 0) {
		source_close(src);
		return -1;
	}
	if (!opts->range) {
		/* the same listing as the digest's: the same selection marks the same messages */
		int64_t *arrival = xcalloc(n ? n : 1, sizeof(*arrival));
		for (size_t i = 0; i < n; i++)
			arrival[i] = source_arrival(src, i);
		if (selection_is_all(&opts->selection))
			for (size_t i = 0; i < n; i++)
				u->selected[i] = true;
		else
			selection_mark(u->selected, arrival, n, &opts->selection);
		free(arrival);
	} else {
		struct strmap chosen;
		struct strbuf key;
		size_t found;
		strmap_init(&chosen);
		strbuf_init(&key, 64);
		for (size_t i = 0; i < sel_count; i++) {
			message_key(&key, sel_src, i, &sel[i]);
			strmap_put_if_absent(&chosen, key.buf, i, &found);
		}
		for (size_t i = 0; i < n; i++) {
			message_key(&key, src, i, &u->facts[i]);
			u->selected[i] = strmap_get(&chosen, key.buf, &found);
		}
		strbuf_release(&key);
		strmap_release(&chosen);
	}
	source_close(src);
	/* only what arrived by the end of the selection */
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (u->facts[i].arrival > end) {
			facts_release(&u->facts[i]);
			continue;
		}
		u->facts[kept] = u->facts[i];
		u->selected[kept] = u->selected[i];
		kept++;
	}
	u->count = kept;
	identity_apply(identity, u->facts, u->count);
	return 0;
}

static void universe_release(struct universe *u)
{
	if (!u->borrowed)
		for (size_t i = 0; i < u->count; i++)
			facts_release(&u->facts[i]);
	if (!u->borrowed)
		free(u->facts);
	free(u->selected);
	memset(u, 0, sizeof(*u));
}

int run_digest(const struct run_options *opts, struct strbuf *out, struct strbuf *err)
{
	struct source_options source_opts = SOURCE_OPTIONS_INIT;
	struct source *src = NULL;
	struct message_facts *facts = NULL;
	struct digest digest = {0};
	struct identity identity = {0};
	struct identity_options identity_opts = IDENTITY_OPTIONS_INIT;
	struct universe universe = {0};
	struct series_report series = {0};
	bool want_series = (opts->sections & SECTIONS_SERIES) != 0;
	struct strbuf from, to;
	size_t count = 0;
	int rc = -1;

	strbuf_init(&from, 0);
	strbuf_init(&to, 0);
	/* The maps first: a typo in one is reported before a long read. */
	identity_opts.mailmap_path = opts->mailmap;
	identity_opts.orgmap_path = opts->orgmap;
	if (identity_load(&identity, &identity_opts, err) < 0)
		goto out;
	source_opts.path = opts->source;
	source_opts.range = opts->range;
	if (source_open(&src, &source_opts, err) < 0)
		goto out;

	select_messages(src, &opts->selection);

	count = source_count(src);
	facts = xcalloc(count ? count : 1, sizeof(*facts));
	struct reading reading = {.source = src, .facts = facts};
	struct reader_options reader_opts = READER_OPTIONS_INIT;
	reader_opts.source = src;
	reader_opts.threads = opts->threads;
	reader_opts.progress = opts->progress ? draw_progress : NULL;
	if (reader_run(&reader_opts, read_message, &reading, err) < 0)
		goto out;
	identity_apply(&identity, facts, count);
	digest_build(&digest, facts, count);
	if (identity_has_organisations(&identity))
		digest_count_organisations(&digest, facts, count);

	struct report_header header = {.top = opts->top, .sections = opts->sections,
					.lore_base = opts->lore_base};
	if (want_series) {
		int64_t end = 0;
		bool any = false;
		for (size_t i = 0; i < count; i++)
			if (facts[i].present && (!any || facts[i].arrival > end)) {
				end = facts[i].arrival;
				any = true;
			}
		if (any && universe_read(&universe, opts, src, facts, count, end, &identity, err) < 0)
			goto out;
		struct series_options series_opts = {
			.universe = universe.facts, .selected = universe.selected, .count = universe.count,
			.end = end, .identity = &identity, .waiting_days = opts->waiting_days,
			.top = opts->top,
		};
		series_compute(&series, &series_opts);
		header.series = &series;
	}
	heading_labels(src, &from, &to);
	header.from = from.buf;
	header.to = to.buf;
	char *list_name = opts->list_name ? utf8_clean_dup(opts->list_name, strlen(opts->list_name))
					  : digest_list_name(&digest, source_name(src));
	if (!*list_name) { /* standard input without a List-Id */
		free(list_name);
		list_name = xstrdup("(unknown)");
	}
	header.list_name = list_name;
	report_text(out, &header, &digest);
	free(list_name);
	rc = 0;
out:
	series_report_release(&series);
	universe_release(&universe);
	digest_release(&digest);
	for (size_t i = 0; facts && i < count; i++)
		facts_release(&facts[i]);
	free(facts);
	source_close(src);
	identity_release(&identity);
	strbuf_release(&from);
	strbuf_release(&to);
	return rc;
}
