#include "update.h"

#include <stdlib.h>
#include <string.h>

#include "../message/mail.h"
#include "../patch/facts.h"
#include "../source/source.h"

/* From this many rows, a first update is a bulk one (see index_bulk_begin). */
#define BULK_ROWS 4096

struct reading {
	const struct source *source;    /* borrowed */
	struct index_ready_row *rows;   /* borrowed: a ring of READER_WINDOW, by reading place */
};

/* The worker callback: one message in, its row ready to add out. */
static void read_message(size_t index, size_t place, const struct source_blob *blob, void *ctx)
{
	struct reading *r = ctx;
	struct message_facts facts = {0}, *f = &facts;
	struct mail mail;

	if (blob->data) { /* else a removal record: a row that is not a message */
		mail_parse(&mail, blob->data, blob->len, MAIL_PARSER_AUTO);
		facts_from_mail(f, &mail);
		mail_release(&mail);
	}
	/* what the source knows of it, not the message */
	f->arrival = source_arrival(r->source, index);
	/* encoded here, beside the other workers, not in the thread that adds the rows */
	index_row_encode(&r->rows[place % READER_WINDOW], f);
	facts_release(f);
}

/* A message the source cannot read: a row that says why, so a digest that chooses it fails. */
static void unreadable_message(size_t index, size_t place, const char *why, void *ctx)
{
	struct reading *r = ctx;
	struct message_rare rare = {.read_error = (char *)why};
	struct message_facts f = {.rare = &rare};

	f.arrival = source_arrival(r->source, index);
	index_row_encode(&r->rows[place % READER_WINDOW], &f);
}

/* The git parts the index knows, with their last indexed commits. */
static int known_tips(struct msg_index *idx, struct source_known_tip **tips, size_t *count,
		      struct strbuf *err)
{
	uint32_t *parts = NULL;
	size_t part_count = 0;

	*tips = NULL;
	*count = 0;
	if (index_parts(idx, &parts, &part_count, err) < 0)
		return -1;
	*tips = xcalloc(part_count ? part_count : 1, sizeof(**tips));
	for (size_t k = 0; k < part_count; k++) {
		struct index_part_state state;
		int rc = index_part_get(idx, parts[k], &state, err);
		if (rc < 0) {
			free(parts);
			return -1;
		}
		/* a part with a message that could not be read is read again, whole */
		int unreadable = rc == 1 ? index_part_has_unreadable(idx, parts[k], err) : 0;
		if (unreadable < 0 || (unreadable == 1 && index_part_clear(idx, parts[k], err) < 0)) {
			if (rc == 1)
				index_part_state_release(&state);
			free(parts);
			return -1;
		}
		if (rc == 1 && state.has_commit && !unreadable) {
			(*tips)[*count].epoch = parts[k];
			git_oid_cpy(&(*tips)[*count].commit, &state.commit);
			(*count)++;
		}
		if (rc == 1)
			index_part_state_release(&state);
	}
	free(parts);
	return 0;
}

/*
 * Parts to index from scratch: epochs listed whole because their known
 * commit left their history, epochs that are gone or empty now, and a
 * file whose stamp changed. *unchanged is set when a file's stamp is the
 * indexed one: nothing is to be read.
 */
static int clear_stale_parts(struct msg_index *idx, const struct source *src,
			     const struct source_known_tip *tips, size_t tip_count, bool *unchanged,
			     struct strbuf *err)
{
	uint32_t *parts = NULL;
	size_t part_count = 0;
	struct strbuf stamp;
	int rc = -1;

	*unchanged = false;
	strbuf_init(&stamp, 0);
	if (index_parts(idx, &parts, &part_count, err) < 0)
		goto out;
	if (source_kind(src) == SOURCE_MBOX || source_kind(src) == SOURCE_MAILDIR) {
		struct index_part_state state;
		int got = index_part_get(idx, 0, &state, err);
		if (got < 0)
			goto out;
		bool has_stamp = source_stamp(src, &stamp);
		int unreadable = got == 1 ? index_part_has_unreadable(idx, 0, err) : 0;
		*unchanged = got == 1 && has_stamp && state.stamp && !strcmp(state.stamp, stamp.buf) &&
			     unreadable == 0;
		if (got == 1)
			index_part_state_release(&state);
		if (unreadable < 0)
			goto out;
		if (!*unchanged && part_count && index_part_clear(idx, 0, err) < 0)
			goto out;
		rc = 0;
		goto out;
	}
	for (size_t k = 0; k < part_count; k++) {
		bool keep = false;
		for (size_t p = 0; p < source_part_count(src); p++) {
			struct source_part part;
			source_part(src, p, &part);
			if (part.number == parts[k])
				keep = part.has_head && !part.relisted;
		}
		/* rows without a known commit were listed again, whole */
		bool known = false;
		for (size_t t = 0; t < tip_count; t++)
			known = known || tips[t].epoch == parts[k];
		keep = keep && known;
		if (!keep && index_part_clear(idx, parts[k], err) < 0)
			goto out;
	}
	rc = 0;
out:
	free(parts);
	strbuf_release(&stamp);
	return rc;
}

/*
 * Where each listed message's row goes: its part, and a seq following the
 * part's last, the oldest first. order lists the messages in the order
 * their rows are added: part after part, oldest first, which keeps the
 * database's pages full (newest first leaves them half empty). The seqs
 * are given out in that order as the rows are added, from next_seq.
 */
struct placement {
	uint32_t *order;   /* count entries: a source lists fewer than 2^32 (source_append) */
	size_t with_rows;  /* the first with_rows of order get a row; the others are in no part */
	int64_t *next_seq; /* per part of the source: the seq its next row gets */
};

static int place_rows(struct msg_index *idx, const struct source *src, struct placement *out,
		      struct strbuf *err)
{
	size_t count = source_count(src);
	size_t parts = source_part_count(src), placed = 0;
	bool *has_part = xcalloc(count ? count : 1, sizeof(*has_part));
	int rc = -1;

	out->order = xmalloc((count ? count : 1) * sizeof(*out->order));
	out->next_seq = xcalloc(parts ? parts : 1, sizeof(*out->next_seq));
	for (size_t p = 0; p < parts; p++) {
		struct source_part part;

		source_part(src, p, &part);
		if (index_part_next_seq(idx, (uint32_t)part.number, &out->next_seq[p], err) < 0)
			goto out;
		/* listed newest first: the oldest gets the lowest seq */
		for (size_t i = count; i-- > 0;) {
			struct source_key key;
			source_key(src, i, &key);
			if (key.part != part.number || has_part[i])
				continue;
			has_part[i] = true;
			out->order[placed++] = (uint32_t)i;
		}
	}
	out->with_rows = placed;
	for (size_t i = count; i-- > 0;) /* read all the same, though no row is theirs */
		if (!has_part[i])
			out->order[placed++] = (uint32_t)i;
	rc = 0;
out:
	free(has_part);
	return rc;
}

static void placement_release(struct placement *p)
{
	free(p->order);
	free(p->next_seq);
	memset(p, 0, sizeof(*p));
}

/* The reading's consumer: a row is added as soon as it is ready, beside the reading of the next. */
struct adding {
	struct msg_index *idx;
	const struct source *source;
	const struct placement *placement;
	struct index_ready_row *rows;   /* the ring the workers fill */
	size_t part;                    /* the part of the last row added */
	struct strbuf *err;
};

static unsigned long part_number(const struct source *src, size_t k)
{
	struct source_part part;
	source_part(src, k, &part);
	return part.number;
}

static int add_row(size_t i, size_t place, void *ctx)
{
	struct adding *a = ctx;
	struct index_ready_row *row = &a->rows[place % READER_WINDOW];
	int rc = 0;
	if (place < a->placement->with_rows) {
		struct source_key key;
		source_key(a->source, i, &key);
		/* the rows come part after part: the part is most often the last one's */
		while (part_number(a->source, a->part) != key.part)
			a->part = (a->part + 1) % source_part_count(a->source);
		struct index_key ik = {
			.part = (uint32_t)key.part,
			.seq = a->placement->next_seq[a->part]++,
			.commit = key.has_commit ? &key.commit : NULL,
		};
		rc = index_put(a->idx, &ik, row, a->err);
	}
	index_ready_row_release(row); /* added: its slot is free for the next ones */
	return rc;
}

/* Records what was indexed: each epoch's HEAD, or the file's stamp. */
static int set_part_states(struct msg_index *idx, const struct source *src, struct strbuf *err)
{
	struct strbuf stamp;
	int rc = 0;

	strbuf_init(&stamp, 0);
	for (size_t p = 0; p < source_part_count(src) && rc == 0; p++) {
		struct source_part part;
		struct index_part_state state = {0};
		source_part(src, p, &part);
		if (part.has_head) {
			state.has_commit = true;
			git_oid_cpy(&state.commit, &part.head);
		} else if (source_stamp(src, &stamp)) {
			state.stamp = stamp.buf;
		} else {
			continue; /* an empty epoch, or standard input: nothing to compare later */
		}
		/* the same state again is not written: a run with nothing new then syncs nothing */
		struct index_part_state known;
		int got = index_part_get(idx, (uint32_t)part.number, &known, err);
		if (got < 0) {
			rc = -1;
			break;
		}
		bool same = got == 1 && known.has_commit == state.has_commit &&
			    (!state.has_commit || git_oid_equal(&known.commit, &state.commit)) &&
			    !known.stamp == !state.stamp && (!state.stamp || !strcmp(known.stamp, state.stamp));
		if (got == 1)
			index_part_state_release(&known);
		if (!same)
			rc = index_part_set(idx, (uint32_t)part.number, &state, err);
	}
	strbuf_release(&stamp);
	return rc;
}

void index_update_result_release(struct index_update_result *result)
{
	free(result->source_name);
	for (size_t k = 0; k < result->skipped_count; k++)
		free(result->skipped[k]);
	free(result->skipped);
	memset(result, 0, sizeof(*result));
}

int index_update_source(struct msg_index *idx, const struct index_update_options *opts,
			struct index_update_result *result, struct strbuf *err)
{
	struct source_options source_opts = SOURCE_OPTIONS_INIT;
	struct source_known_tip *tips = NULL;
	struct source *src = NULL;
	struct index_ready_row *rows = NULL;
	struct placement placement = {0};
	struct strbuf put_err;
	size_t count = 0;
	bool unchanged;
	int rc = -1;

	memset(result, 0, sizeof(*result));
	strbuf_init(&put_err, 0);
	/* the write lock first: a run that waited for another sees its work */
	if (index_update_begin(idx, err) < 0) {
		strbuf_release(&put_err);
		return -1;
	}
	if (known_tips(idx, &tips, &source_opts.known_count, err) < 0)
		goto out;
	source_opts.path = opts->path;
	source_opts.after_known = true;
	source_opts.known = tips;
	source_opts.skip_unreadable_epochs = opts->skip_unreadable_epochs;
	if (source_open(&src, &source_opts, err) < 0 || clear_stale_parts(idx, src, tips, source_opts.known_count, &unchanged, err) < 0)
		goto out;
	count = unchanged ? 0 : source_count(src);
	/* a first update of a large source: its rows are most of the index */
	bool bulk = count >= BULK_ROWS && source_opts.known_count == 0;
	if (bulk && index_bulk_begin(idx, err) < 0)
		goto out;
	if (count) {
		rows = xcalloc(READER_WINDOW, sizeof(*rows));
		if (place_rows(idx, src, &placement, err) < 0)
			goto out;
		struct reading reading = {.source = src, .rows = rows};
		/* the consumer's own message: a worker may write err meanwhile */
		struct adding adding = {.idx = idx, .source = src, .placement = &placement, .rows = rows,
					.err = &put_err};
		struct reader_options reader_opts = READER_OPTIONS_INIT;
		reader_opts.source = src;
		reader_opts.threads = opts->threads;
		reader_opts.progress = opts->progress;
		reader_opts.unreadable = unreadable_message;
		/* read in the order the rows are added, which this thread does meanwhile */
		reader_opts.order = placement.order;
		reader_opts.consume = add_row;
		reader_opts.consume_ctx = &adding;
		if (reader_run(&reader_opts, read_message, &reading, err) < 0) {
			if (put_err.len && !err->len)
				strbuf_add(err, put_err.buf, put_err.len);
			goto out;
		}
	}
	/*
	 * All read: what was held of each message goes before the index of
	 * commits is sorted, which takes its own room (a first update of
	 * 1,000,000 messages peaked at 160 MB with both).
	 */
	for (size_t i = 0; rows && i < READER_WINDOW; i++)
		index_ready_row_release(&rows[i]);
	free(rows);
	rows = NULL;
	placement_release(&placement);
	source_forget_messages(src);
	if (bulk && index_bulk_end(idx, err) < 0)
		goto out;
	if (!unchanged && set_part_states(idx, src, err) < 0)
		goto out;
	if (index_update_commit(idx, err) < 0)
		goto out;
	result->added = count;
	result->source_name = xstrdup(source_name(src) ? source_name(src) : "");
	result->skipped_count = source_skipped_count(src);
	result->skipped = xcalloc(result->skipped_count + 1, sizeof(*result->skipped));
	for (size_t k = 0; k < result->skipped_count; k++)
		result->skipped[k] = xstrdup(source_skipped(src, k));
	rc = 0;
out:
	if (rc < 0)
		index_update_abort(idx);
	for (size_t i = 0; rows && i < READER_WINDOW; i++)
		index_ready_row_release(&rows[i]);
	free(rows);
	placement_release(&placement);
	strbuf_release(&put_err);
	free(tips);
	source_close(src);
	return rc;
}
