/*
 * fastpath-check [--min-share PERCENT] SOURCE [RANGE]: parses every message
 * of the source (of the range, for a git source) twice, with the fast path
 * and with GMime, and checks that wherever the fast path takes a message,
 * both give the same raw value of every header field of the table
 * (fields.h), the same facts (author, subject, ids) and the same text body
 * (to the byte). Prints one line per disagreement and a summary; exits 1
 * on any, and when the fast path takes less than PERCENT of the messages
 * (so that a change that quietly sends everything to GMime fails too).
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/strbuf.h"
#include "../../src/common/utf8.h"
#include "../../src/message/mail.h"
#include "../../src/patch/facts.h"
#include "../../src/source/reader.h"
#include "../../src/source/source.h"

struct check {
	struct source *src;
	atomic_size_t messages, fast, mismatches;
	char **notes; /* per index: what differed, or NULL */
};

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* What the two parses disagree on, first found first; NULL when nothing. */
static const char *difference(const struct mail *fast, const struct mail *slow,
			      const struct message_facts *ff, const struct message_facts *sf,
			      const char *fast_clean_body, const char *slow_clean_body,
			      char *field_name, size_t size)
{
	for (int f = 0; f < MAIL_FIELD_COUNT; f++)
		if (!same(fast->field[f], slow->field[f])) {
			snprintf(field_name, size, "the %s field", mail_field_names[f].name);
			return field_name;
		}
	if (ff->author_source != sf->author_source || !same(facts_author_addr(ff), facts_author_addr(sf)) ||
	    !same(facts_author_name(ff), facts_author_name(sf)))
		return "author";
	if (!same(facts_rare(ff)->subject, facts_rare(sf)->subject))
		return "subject";
	if (!same(facts_own_message_id(ff), facts_own_message_id(sf)) || !same(facts_thread_root(ff), facts_thread_root(sf)) ||
	    !same(facts_list_id(ff), facts_list_id(sf)))
		return "message, thread or list ids";
	if (fast->body_len != slow->body_len || memcmp(fast->body, slow->body, fast->body_len))
		return "body bytes"; /* exact bytes, not only after cleaning */
	if (strcmp(fast_clean_body, slow_clean_body))
		return "body";
	if (!same(facts_rare(ff)->entry_body, facts_rare(sf)->entry_body))
		return "entry body";
	return NULL;
}

static void compare(size_t index, size_t place, const struct source_blob *message, void *ctx)
{
	(void)place; /* nothing is consumed */
	const char *blob = message->data;
	size_t len = message->len;
	struct check *c = ctx;
	struct mail fast, slow;
	struct message_facts ff, sf;

	if (!blob)
		return;
	atomic_fetch_add(&c->messages, 1);
	if (mail_parse(&fast, blob, len, MAIL_PARSER_FAST) < 0)
		return;
	atomic_fetch_add(&c->fast, 1);
	mail_parse(&slow, blob, len, MAIL_PARSER_GMIME);
	facts_from_mail(&ff, &fast);
	facts_from_mail(&sf, &slow);
	char *fb = utf8_clean_dup(fast.body, fast.body_len);
	char *sb = utf8_clean_dup(slow.body, slow.body_len);

	char field_name[64];
	const char *what = difference(&fast, &slow, &ff, &sf, fb, sb, field_name, sizeof(field_name));
	if (what) {
		struct strbuf label;
		strbuf_init(&label, 0);
		source_label(c->src, index, &label);
		strbuf_addf(&label, ": fast path and GMime differ in %s (fast %zu body bytes, GMime %zu)",
			    what, strlen(fb), strlen(sb));
		c->notes[index] = strbuf_detach(&label, NULL);
		atomic_fetch_add(&c->mismatches, 1);
	}
	free(fb);
	free(sb);
	facts_release(&ff);
	facts_release(&sf);
	mail_release(&fast);
	mail_release(&slow);
}

int main(int argc, char **argv)
{
	struct strbuf err;
	struct check c = {0};
	double min_share = 0;

	if (argc > 2 && !strcmp(argv[1], "--min-share")) {
		char *end;
		min_share = strtod(argv[2], &end);
		if (*end || end == argv[2] || min_share < 0 || min_share > 100) {
			fprintf(stderr, "fastpath-check: --min-share takes a percentage, not '%s'\n", argv[2]);
			return 2;
		}
		argc -= 2;
		argv += 2;
	}
	if (argc < 2 || argc > 3) {
		fputs("usage: fastpath-check [--min-share PERCENT] SOURCE [RANGE]\n", stderr);
		return 2;
	}
	strbuf_init(&err, 0);
	source_library_init();
	mail_library_init();
	struct source_options source_opts = SOURCE_OPTIONS_INIT;
	source_opts.path = argv[1];
	source_opts.range = argc > 2 ? argv[2] : NULL;
	if (source_open(&c.src, &source_opts, &err) < 0) {
		fprintf(stderr, "fastpath-check: %s\n", err.buf);
		return 1;
	}
	size_t count = source_count(c.src);
	c.notes = xcalloc(count + 1, sizeof(*c.notes));
	struct reader_options reading = READER_OPTIONS_INIT;
	reading.source = c.src;
	reading.threads = 2;
	if (reader_run(&reading, compare, &c, &err) < 0) {
		fprintf(stderr, "fastpath-check: %s\n", err.buf);
		return 1;
	}
	size_t shown = 0;
	for (size_t i = 0; i < count; i++) {
		if (c.notes[i] && shown++ < 20)
			puts(c.notes[i]);
		free(c.notes[i]);
	}
	size_t messages = atomic_load(&c.messages), fast = atomic_load(&c.fast);
	double share = messages ? 100.0 * (double)fast / (double)messages : 0.0;
	int failed = atomic_load(&c.mismatches) > 0;
	printf("# %zu messages, %zu (%.1f%%) on the fast path, %zu differ from GMime\n", messages,
	       fast, share, atomic_load(&c.mismatches));
	if (share < min_share) {
		printf("# the fast path takes %.1f%% of the messages, less than the %.1f%% required\n",
		       share, min_share);
		failed = 1;
	}
	free(c.notes);
	source_close(c.src);
	source_library_shutdown();
	strbuf_release(&err);
	return failed;
}
