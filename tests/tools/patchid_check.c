/*
 * patchid-check MESSAGE...: for each raw message file, writes its decoded
 * text body to MESSAGE.body and prints "PATCH-ID MESSAGE" (PATCH-ID is "-"
 * when the message has none), the patch-id that facts_from_mail gives. The
 * tests compare it with `git patch-id --stable` of MESSAGE.body.
 *
 * patchid-check --against-libgit2 [--min-share PERCENT] SOURCE [RANGE]:
 * computes the patch-id of the diff of every message of the source twice,
 * as listdigest does (by hand where it can) and with libgit2 alone, prints
 * one line per message where they differ and a summary; exits 1 on any
 * difference, and when the hand-written path takes less than PERCENT of
 * the diffs libgit2 gives an id (so that a change that quietly sends
 * everything to libgit2 fails too).
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/strbuf.h"
#include "../../src/message/mail.h"
#include "../../src/patch/facts.h"
#include "../../src/patch/patchid.h"
#include "../../src/patch/review.h"
#include "../../src/source/reader.h"
#include "../../src/source/source.h"

static int read_all(const char *path, struct strbuf *out)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n;
	if (!f)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(out, buf, n);
	int rc = ferror(f) ? -1 : 0;
	fclose(f);
	return rc;
}

struct differential {
	struct source *src;
	atomic_size_t diffs, with_id, by_hand, differ;
	char **notes; /* per index: the difference, or NULL */
};

static void compare_ids(size_t index, size_t place, const struct source_blob *message, void *ctx)
{
	(void)place; /* nothing is consumed */
	struct differential *d = ctx;
	struct mail mail;
	struct review review;

	if (!message->data)
		return;
	mail_parse(&mail, message->data, message->len, MAIL_PARSER_AUTO);
	review_read(&review, mail.body, mail.body_len);
	if (review.diff) {
		char *ours = patchid_of_diff(review.diff, review.diff_len);
		char *reference = patchid_by_libgit2(review.diff, review.diff_len);
		int by_hand = patchid_by_hand_takes(review.diff, review.diff_len);
		atomic_fetch_add(&d->diffs, 1);
		if (reference)
			atomic_fetch_add(&d->with_id, 1);
		if (by_hand)
			atomic_fetch_add(&d->by_hand, 1);
		if (!(ours ? reference && !strcmp(ours, reference) : !reference)) {
			struct strbuf note;
			strbuf_init(&note, 0);
			source_label(d->src, index, &note);
			strbuf_addf(&note, ": %s %s, libgit2 %s", by_hand ? "by hand" : "listdigest",
				    ours ? ours : "none", reference ? reference : "none");
			d->notes[index] = strbuf_detach(&note, NULL);
			atomic_fetch_add(&d->differ, 1);
		}
		free(ours);
		free(reference);
	}
	review_release(&review);
	mail_release(&mail);
}

static int against_libgit2(int argc, char **argv)
{
	struct differential d = {0};
	struct strbuf err;
	double min_share = 0;

	if (argc > 2 && !strcmp(argv[1], "--min-share")) {
		char *end;
		min_share = strtod(argv[2], &end);
		if (*end || end == argv[2] || min_share < 0 || min_share > 100) {
			fprintf(stderr, "patchid-check: --min-share takes a percentage, not '%s'\n", argv[2]);
			return 2;
		}
		argc -= 2;
		argv += 2;
	}
	if (argc < 2 || argc > 3) {
		fputs("usage: patchid-check --against-libgit2 [--min-share PERCENT] SOURCE [RANGE]\n", stderr);
		return 2;
	}
	strbuf_init(&err, 0);
	source_library_init();
	struct source_options source_opts = SOURCE_OPTIONS_INIT;
	source_opts.path = argv[1];
	source_opts.range = argc > 2 ? argv[2] : NULL;
	if (source_open(&d.src, &source_opts, &err) < 0) {
		fprintf(stderr, "patchid-check: %s\n", err.buf);
		return 1;
	}
	size_t count = source_count(d.src);
	d.notes = xcalloc(count + 1, sizeof(*d.notes));
	struct reader_options reading = READER_OPTIONS_INIT;
	reading.source = d.src;
	reading.threads = 2;
	if (reader_run(&reading, compare_ids, &d, &err) < 0) {
		fprintf(stderr, "patchid-check: %s\n", err.buf);
		return 1;
	}
	size_t shown = 0;
	for (size_t i = 0; i < count; i++) {
		if (d.notes[i] && shown++ < 20)
			puts(d.notes[i]);
		free(d.notes[i]);
	}
	size_t with_id = atomic_load(&d.with_id), by_hand = atomic_load(&d.by_hand);
	double share = with_id ? 100.0 * (double)by_hand / (double)with_id : 0.0;
	int failed = atomic_load(&d.differ) > 0;
	printf("# %zu messages with a diff, %zu with a patch-id, %zu (%.1f%%) computed by hand, %zu differ from libgit2\n",
	       atomic_load(&d.diffs), with_id, by_hand, share, atomic_load(&d.differ));
	if (share < min_share) {
		printf("# the hand-written patch-id takes %.1f%%, less than the %.1f%% required\n", share,
		       min_share);
		failed = 1;
	}
	free(d.notes);
	source_close(d.src);
	source_library_shutdown();
	strbuf_release(&err);
	return failed;
}

int main(int argc, char **argv)
{
	int status = 0;
	if (argc > 1 && !strcmp(argv[1], "--against-libgit2")) {
		mail_library_init();
		return against_libgit2(argc - 1, argv + 1);
	}
	mail_library_init();
	for (int i = 1; i < argc; i++) {
		struct strbuf raw, path;
		struct mail mail;
		struct message_facts facts;
		strbuf_init(&raw, 0);
		strbuf_init(&path, 0);
		if (read_all(argv[i], &raw) < 0) {
			fprintf(stderr, "patchid-check: cannot read %s\n", argv[i]);
			status = 1;
			strbuf_release(&raw);
			strbuf_release(&path);
			continue;
		}
		mail_parse(&mail, raw.buf, raw.len, MAIL_PARSER_AUTO);
		facts_from_mail(&facts, &mail);
		strbuf_addf(&path, "%s.body", argv[i]);
		FILE *body = fopen(path.buf, "wb");
		if (!body || fwrite(mail.body, 1, mail.body_len, body) != mail.body_len || fclose(body)) {
			fprintf(stderr, "patchid-check: cannot write %s\n", path.buf);
			status = 1;
		}
		char hex[GIT_OID_HEXSZ + 1] = "-";
		if (facts_rare(&facts)->patch_id)
			git_oid_tostr(hex, sizeof(hex), facts_rare(&facts)->patch_id);
		printf("%s %s\n", hex, argv[i]);
		facts_release(&facts);
		mail_release(&mail);
		strbuf_release(&raw);
		strbuf_release(&path);
	}
	return status;
}
