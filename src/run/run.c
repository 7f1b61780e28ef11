#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/utf8.h"
#include "../digest/digest.h"
#include "../identity/identity.h"
#include "../message/mail.h"
#include "../patch/facts.h"
#include "../report/text.h"
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

int run_digest(const struct run_options *opts, struct strbuf *out, struct strbuf *err)
{
	struct source_options source_opts = SOURCE_OPTIONS_INIT;
	struct source *src = NULL;
	struct message_facts *facts = NULL;
	struct digest digest = {0};
	struct identity identity = {0};
	struct identity_options identity_opts = IDENTITY_OPTIONS_INIT;
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

	struct report_header header = {.top = opts->top};
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
