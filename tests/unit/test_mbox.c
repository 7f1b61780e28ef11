/*
 * The mbox and Maildir sources: From_ separators, the mboxrd and mboxo
 * quoting, git format-patch output (checked against git's own files),
 * CRLF, NUL bytes, missing final newline, text before the first separator,
 * gzip (good, several members, truncated, corrupt), standard order and
 * arrival, and a Maildir's order and its files that vanish or get renamed;
 * the reader's consumer, fed in the order asked on one thread or three.
 */
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../src/source/arrival.h"
#include "../../src/source/mbox.h"
#include "../../src/source/reader.h"
#include "../../src/source/source.h"
#include "harness.h"

#define SEP "From mboxrd@z Thu Jan  1 00:00:00 1970\n"

static char scratch[512];

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f))
		printf("# cannot write %s\n", path);
}

static void run(const char *cmd)
{
	char full[4096];
	snprintf(full, sizeof(full),
		 "cd '%s' && export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null "
		 "GIT_AUTHOR_NAME='Jane Dev' GIT_AUTHOR_EMAIL=jane@example.org "
		 "GIT_COMMITTER_NAME='Jane Dev' GIT_COMMITTER_EMAIL=jane@example.org "
		 "GIT_AUTHOR_DATE='@1700000000 +0000' GIT_COMMITTER_DATE='@1700000000 +0000' && "
		 "( %s ) >/dev/null 2>&1", scratch, cmd);
	if (system(full) != 0)
		printf("# command failed: %s\n", cmd);
}

/* Reads a whole file into sb; returns 0 or -1. */
static int slurp(const char *path, struct strbuf *sb)
{
	char buf[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	strbuf_reset(sb);
	if (!f)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(sb, buf, n);
	fclose(f);
	return 0;
}

/* Splits data and returns part i unquoted, in out; the number of parts. */
static size_t part(const char *data, size_t len, enum mbox_variant v, size_t i, struct strbuf *out)
{
	struct mbox_part *parts;
	size_t count;

	mbox_split(data, len, v, &parts, &count);
	strbuf_reset(out);
	if (i < count)
		mbox_unquote(out, data + parts[i].off, parts[i].len, v);
	free(parts);
	return count;
}

static void check_part(const char *data, size_t len, enum mbox_variant v, size_t i, size_t want_count,
		       const char *want, size_t want_len, const char *what)
{
	struct strbuf out;
	strbuf_init(&out, 0);
	size_t n = part(data, len, v, i, &out);
	CHECK(n == want_count, "mbox %s: %zu messages (got %zu)", what, want_count, n);
	int same = out.len == want_len && !memcmp(out.buf, want, want_len);
	CHECK(same, "mbox %s: message %zu is as written", what, i);
	if (!same)
		printf("# got %zu bytes: [%.*s]\n", out.len, (int)out.len, out.buf);
	strbuf_release(&out);
}
#define CHECK_PART(data, v, i, n, want, what) \
	check_part(data, sizeof(data) - 1, v, i, n, want, sizeof(want) - 1, what)

static void test_separators(void)
{
	static const char *const yes[] = {
		"From mboxrd@z Thu Jan  1 00:00:00 1970",
		"From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001",
		"From jane@example.org Tue Mar  5 12:00:00 2024",
		"From jane@example.org  Tue Mar 12 12:00:00 2024 +0100",
		"From MAILER-DAEMON Fri Jul  8 12:08:34 2011\r",
	};
	static const char *const no[] = {
		"From the docs we learn that this works",
		"From: Jane Dev <jane@example.org>",
		"From here: on, the time is 12:00 and so on",
		">From mboxrd@z Thu Jan  1 00:00:00 1970",
		"From  mboxrd@z Thu Jan  1 00:00:00 1970",
		"From mboxrd@z Thu  Jan  1 00:00:00 1970",
		"From mboxrd@z Thu Jan  1 00:00:00",
		"From mboxrd@z Thu Jan  1 00:00:00:00 1970",
		"From",
		"",
	};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		CHECK(mbox_is_separator(yes[i], strlen(yes[i])), "separator: [%s]", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		CHECK(!mbox_is_separator(no[i], strlen(no[i])), "not a separator: [%s]", no[i]);
}

static const char quoted[] =
	SEP "Subject: one\n\nbody\n>From quoted once\n>>From quoted twice\n"
	"From the start of a sentence\n> From a reply\n\n"
	SEP "Subject: two\n\nlast\n";

static void test_variants(void)
{
	CHECK_PART(quoted, MBOX_RD, 0, 2,
		   "Subject: one\n\nbody\nFrom quoted once\n>From quoted twice\n"
		   "From the start of a sentence\n> From a reply\n", "mboxrd takes one '>' off '>+From '");
	CHECK_PART(quoted, MBOX_RD, 1, 2, "Subject: two\n\nlast\n", "mboxrd, last message");
	CHECK_PART(quoted, MBOX_O, 0, 2,
		   "Subject: one\n\nbody\nFrom quoted once\n>>From quoted twice\n"
		   "From the start of a sentence\n> From a reply\n", "mboxo takes the '>' off '>From ' only");

	static const char crlf[] =
		"From mboxrd@z Thu Jan  1 00:00:00 1970\r\nSubject: one\r\n\r\n>From x\r\n\r\n"
		"From mboxrd@z Thu Jan  1 00:00:00 1970\r\nSubject: two\r\n\r\nlast\r\n";
	CHECK_PART(crlf, MBOX_RD, 0, 2, "Subject: one\r\n\r\nFrom x\r\n", "CRLF line ends");
	CHECK_PART(crlf, MBOX_RD, 1, 2, "Subject: two\r\n\r\nlast\r\n", "CRLF line ends, last message");

	static const char nul[] = SEP "Subject: a\n\nnul \0 byte\n\n" SEP "Subject: b\n\n\0\n";
	CHECK_PART(nul, MBOX_RD, 0, 2, "Subject: a\n\nnul \0 byte\n", "NUL bytes");
	CHECK_PART(nul, MBOX_RD, 1, 2, "Subject: b\n\n\0\n", "NUL bytes, last message");

	static const char no_newline[] = SEP "Subject: a\n\nA\n\n" SEP "Subject: b\n\nno final newline";
	CHECK_PART(no_newline, MBOX_RD, 1, 2, "Subject: b\n\nno final newline", "no final newline");

	static const char preamble[] = "Subject: before\n\ntext\n\n" SEP "Subject: b\n\nB\n";
	CHECK_PART(preamble, MBOX_RD, 0, 2, "Subject: before\n\ntext\n", "text before the first separator is a message");
	CHECK_PART(preamble, MBOX_RD, 1, 2, "Subject: b\n\nB\n", "the message after the text");

	static const char blank_preamble[] = "\n\r\n" SEP "Subject: b\n\nB\n";
	CHECK_PART(blank_preamble, MBOX_RD, 0, 1, "Subject: b\n\nB\n", "blank lines before the first separator are no message");

	static const char no_separator[] = "Subject: alone\n\nFrom the start\n>From quoted\n";
	CHECK_PART(no_separator, MBOX_RD, 0, 1, "Subject: alone\n\nFrom the start\nFrom quoted\n",
		   "a file without separator is one message");

	static const char empty_message[] = SEP SEP "Subject: b\n\nB\n";
	CHECK_PART(empty_message, MBOX_RD, 0, 2, "", "a separator right after a separator is an empty message");

	static const char nothing[] = "";
	CHECK_PART(nothing, MBOX_RD, 0, 0, "", "an empty file has no message");
}

/* git format-patch --stdout, with and without --pretty=mboxrd, against the files of format-patch -o. */
static void test_format_patch(void)
{
	struct strbuf plain, rd, one;
	char path[600];

	strbuf_init(&plain, 0);
	strbuf_init(&rd, 0);
	strbuf_init(&one, 0);
	run("git init -q repo && cd repo && printf 'a\\n' >f && git add f && "
	    "printf 'frob: first\\n\\nFrom the start of the commit message\\n>From a quoted line\\n' >msg && "
	    "git commit -q -F msg && printf 'b\\n' >f && "
	    "printf 'frob: second\\n\\nFrom 0123456789abcdef Mon Sep 17 00:00:00\\n' >msg && git commit -q -a -F msg && "
	    "git format-patch -q --stdout -2 >../plain.mbox && "
	    "git format-patch -q --stdout --pretty=mboxrd -2 >../rd.mbox && "
	    "git format-patch -q -o ../patches -2");
	snprintf(path, sizeof(path), "%s/plain.mbox", scratch);
	slurp(path, &plain);
	snprintf(path, sizeof(path), "%s/rd.mbox", scratch);
	slurp(path, &rd);
	CHECK(strstr(rd.buf, "\n>From the start") != NULL, "format-patch --pretty=mboxrd quotes a From line");
	for (size_t i = 0; i < 2; i++) {
		struct strbuf want, got;
		strbuf_init(&want, 0);
		strbuf_init(&got, 0);
		snprintf(path, sizeof(path), "%s/patches/000%zu-frob-%s.patch", scratch, i + 1,
			 i ? "second" : "first");
		if (slurp(path, &want) == 0) {
			/*
			 * The file without its separator line. The stream puts one more
			 * empty line after each patch but the last, and the reader takes
			 * one off each: compare without the trailing empty lines.
			 */
			const char *body = memchr(want.buf, '\n', want.len);
			size_t off = body ? (size_t)(body - want.buf) + 1 : 0;
			while (want.len > off + 1 && want.buf[want.len - 2] == '\n')
				strbuf_setlen(&want, want.len - 1);
			size_t n = part(rd.buf, rd.len, MBOX_RD, i, &got);
			while (got.len > 1 && got.buf[got.len - 2] == '\n')
				strbuf_setlen(&got, got.len - 1);
			CHECK(n == 2 && got.len == want.len - off && !memcmp(got.buf, want.buf + off, got.len),
			      "format-patch --pretty=mboxrd, read as mboxrd: patch %zu is git's file", i + 1);
			if (n != 2 || got.len != want.len - off || memcmp(got.buf, want.buf + off, got.len))
				printf("# %zu messages; got [%.*s]\n# want [%.*s]\n", n, (int)got.len, got.buf,
				       (int)(want.len - off), want.buf + off);
			/* Unquoted, a ">From " line of a commit message loses its '>' when read back. */
			char *q = strstr(want.buf + off, "\n>From a quoted");
			if (q)
				memmove(q + 1, q + 2, strlen(q + 2) + 1), want.len--;
			n = part(plain.buf, plain.len, MBOX_O, i, &got);
			while (got.len > 1 && got.buf[got.len - 2] == '\n')
				strbuf_setlen(&got, got.len - 1);
			CHECK(n == 2 && got.len == want.len - off && !memcmp(got.buf, want.buf + off, got.len),
			      "format-patch --stdout, read as mboxo: patch %zu is git's file, its From lines kept", i + 1);
		} else {
			CHECK(0, "git format-patch wrote %s", path);
		}
		strbuf_release(&want);
		strbuf_release(&got);
	}
	strbuf_release(&plain);
	strbuf_release(&rd);
	strbuf_release(&one);
}

static void test_gzip(void)
{
	char path[600], gz[600];
	struct mbox_file f;
	struct strbuf err;
	size_t big = 3 << 20;
	char *data = xmalloc(big);

	strbuf_init(&err, 0);
	for (size_t i = 0; i < big; i++)
		data[i] = (char)("From \n>abcdefghij"[(i * 7 + i / 13) % 17]);
	snprintf(path, sizeof(path), "%s/big.mbox", scratch);
	write_file(path, data, big);
	run("gzip -c big.mbox >big.mbox.gz && gzip -c big.mbox >big.data && "
	    "cat big.mbox.gz big.mbox.gz >twice.gz && head -c -100 big.mbox.gz >cut.gz && "
	    "cp big.mbox.gz padded.gz && head -c 1000 /dev/zero >>padded.gz && "
	    "cp big.mbox.gz trailing.gz && echo garbage >>trailing.gz && "
	    "head -c -8 big.mbox.gz >bad.gz && printf 'XXXXXXXX' >>bad.gz");

	snprintf(gz, sizeof(gz), "%s/big.data", scratch);
	int rc = mbox_file_open(&f, gz, &err);
	CHECK(rc == 0 && f.gzip && f.size == big && !memcmp(f.data, data, big),
	      "gzip known by its magic bytes, not its name, decompresses whole (%s)", err.buf);
	mbox_file_close(&f);

	snprintf(gz, sizeof(gz), "%s/twice.gz", scratch);
	strbuf_reset(&err);
	rc = mbox_file_open(&f, gz, &err);
	CHECK(rc == 0 && f.size == 2 * big && !memcmp(f.data, data, big) && !memcmp(f.data + big, data, big),
	      "gzip of two members reads as their concatenation (%s)", err.buf);
	mbox_file_close(&f);

	snprintf(gz, sizeof(gz), "%s/padded.gz", scratch);
	strbuf_reset(&err);
	rc = mbox_file_open(&f, gz, &err);
	CHECK(rc == 0 && f.size == big, "gzip followed by zero bytes (%s)", err.buf);
	mbox_file_close(&f);

	snprintf(gz, sizeof(gz), "%s/cut.gz", scratch);
	strbuf_reset(&err);
	rc = mbox_file_open(&f, gz, &err);
	CHECK(rc == 0 && f.truncated && f.size > 0,
	      "a truncated gzip keeps what it gave and says it was cut: %s", err.buf);
	if (rc == 0)
		mbox_file_close(&f);

	snprintf(gz, sizeof(gz), "%s/trailing.gz", scratch);
	strbuf_reset(&err);
	rc = mbox_file_open(&f, gz, &err);
	CHECK(rc == -1 && strstr(err.buf, "trailing.gz"), "data after the gzip stream is an error: %s", err.buf);

	snprintf(gz, sizeof(gz), "%s/bad.gz", scratch);
	strbuf_reset(&err);
	rc = mbox_file_open(&f, gz, &err);
	CHECK(rc == -1 && strstr(err.buf, "bad.gz: damaged: the CRC of its gzip data"), "a gzip whose CRC is wrong is an error: %s", err.buf);

	snprintf(path, sizeof(path), "%s/fake.mbox.gz", scratch);
	write_file(path, SEP "Subject: x\n\n", sizeof(SEP "Subject: x\n\n") - 1);
	strbuf_reset(&err);
	rc = mbox_file_open(&f, path, &err);
	CHECK(rc == 0 && !f.gzip && f.size == sizeof(SEP "Subject: x\n\n") - 1,
	      "a .gz name over plain text reads as plain text");
	mbox_file_close(&f);

	snprintf(path, sizeof(path), "%s/empty.mbox", scratch);
	write_file(path, "", 0);
	strbuf_reset(&err);
	rc = mbox_file_open(&f, path, &err);
	CHECK(rc == 0 && f.size == 0, "an empty file opens, empty");
	mbox_file_close(&f);

	snprintf(path, sizeof(path), "%s/no-such.mbox", scratch);
	strbuf_reset(&err);
	rc = mbox_file_open(&f, path, &err);
	CHECK(rc == -1 && strstr(err.buf, "no-such.mbox: "), "a missing file: %s", err.buf);

	free(data);
	strbuf_release(&err);
}

/* Dropping passed pages changes nothing that is read; a file cut short is an error. */
static void test_release_and_read(void)
{
	char path[600];
	struct mbox_file f;
	struct strbuf err, got;
	size_t size = 40u << 20; /* more than two release steps */
	char *data = xmalloc(size);

	strbuf_init(&err, 0);
	strbuf_init(&got, 0);
	for (size_t i = 0; i < size; i++)
		data[i] = (char)('a' + (i * 31 + i / 4099) % 26);
	snprintf(path, sizeof(path), "%s/release.mbox", scratch);
	write_file(path, data, size);
	int rc = mbox_file_open(&f, path, &err);
	CHECK(rc == 0 && f.size == size, "a 40 MB file opens (%s)", err.buf);
	if (rc == 0) {
		mbox_file_release_below(&f, size / 2 + 123);
		CHECK(f.released > 0 && f.released <= size / 2 + 123, "pages below the offset dropped");
		CHECK(!memcmp(f.data, data, size), "the mapping reads the same after the drop");
		rc = mbox_file_read(&f, size - 1000, 1000, &got, path, &err);
		CHECK(rc == 0 && got.len == 1000 && !memcmp(got.buf, data + size - 1000, 1000),
		      "pread reads the bytes asked for (%s)", err.buf);
		CHECK(truncate(path, (off_t)(size / 2)) == 0, "truncate the file");
		strbuf_reset(&err);
		rc = mbox_file_read(&f, size - 1000, 1000, &got, path, &err);
		CHECK(rc == -1 && strstr(err.buf, "release.mbox: the file is shorter"),
		      "a file cut short while read is an error naming it: %s", err.buf);
		mbox_file_close(&f);
	}
	free(data);
	strbuf_release(&got);
	strbuf_release(&err);
}

static void test_arrival(void)
{
	static const struct {
		const char *msg;
		int64_t want;
		const char *what;
	} cases[] = {
		{"Subject: a\nDate: Mon, 4 Mar 2024 10:00:00 +0000\n\n", 1709546400, "Date header"},
		{"DATE: Mon, 4 Mar 2024 12:00:00 +0200\r\nSubject: a\r\n\r\n", 1709546400, "CRLF, upper case, zone"},
		{"Date: Mon, 4 Mar 2024\n 10:00:00 +0000\n\n", 1709546400, "folded Date"},
		{"Subject: a\n\nDate: Mon, 4 Mar 2024 10:00:00 +0000\n", 0, "a Date line in the body is not a header"},
		{"Subject: a\n\n", 0, "no Date"},
		{"Date: next Tuesday, probably\n\n", 0, "an unparsable Date"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t got = arrival_from_header(cases[i].msg, strlen(cases[i].msg));
		CHECK(got == cases[i].want, "arrival: %s (got %lld)", cases[i].what, (long long)got);
	}
	struct strbuf label;
	strbuf_init(&label, 0);
	arrival_label(1709546400 + 59, &label);
	CHECK_STR(label.buf, "2024-03-04 10:00", "arrival label is YYYY-MM-DD HH:MM, UTC");
	strbuf_release(&label);
}

/* Reads message i of src whole: its bytes, or "(none)" for a message that is gone. */
static void read_at(struct source *src, size_t i, struct strbuf *out)
{
	struct source_cursor *cur;
	struct source_blob blob;
	struct strbuf err;

	strbuf_init(&err, 0);
	strbuf_reset(out);
	if (source_cursor_open(src, &cur, &err) == 0) {
		if (source_read(cur, i, &blob, &err) == 0)
			strbuf_add(out, blob.data ? blob.data : "(none)", blob.data ? blob.len : 6);
		else
			strbuf_addf(out, "(error %s)", err.buf);
		source_cursor_close(cur);
	}
	strbuf_release(&err);
}

static void test_mbox_source(void)
{
	static const char file[] =
		"From mboxrd@z Thu Jan  1 00:00:00 1970\nDate: Mon, 4 Mar 2024 10:00:00 +0000\nSubject: old\n\n>From x\n>>From y\n\n"
		"From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: no date\n\nb\n\n"
		"From mboxrd@z Thu Jan  1 00:00:00 1970\nDate: Sun, 3 Mar 2024 10:00:00 +0000\nSubject: new\n\nc\n";
	char path[600];
	struct source *src = NULL;
	struct source_options opts = SOURCE_OPTIONS_INIT;
	struct strbuf err, got;

	strbuf_init(&err, 0);
	strbuf_init(&got, 0);
	snprintf(path, sizeof(path), "%s/kvm.mbox", scratch);
	write_file(path, file, sizeof(file) - 1);
	run("gzip -c kvm.mbox >kvm.mbox.gz");
	for (int gz = 0; gz < 2; gz++) {
		if (gz)
			strcat(path, ".gz");
		opts.path = path;
		if (source_open(&src, &opts, &err)) {
			CHECK(0, "source_open %s: %s", path, err.buf);
			continue;
		}
		const char *kind = gz ? "gzip mbox" : "mbox";
		CHECK(source_kind(src) == SOURCE_MBOX, "%s source: a file is an mbox", kind);
		CHECK(source_count(src) == 3, "%s source: 3 messages", kind);
		CHECK(source_arrival(src, 0) == 1709460000 && source_arrival(src, 1) == 0 &&
		      source_arrival(src, 2) == 1709546400,
		      "%s source: newest first is the file's last first; arrival is the Date", kind);
		read_at(src, 2, &got);
		CHECK_STR(got.buf, "Date: Mon, 4 Mar 2024 10:00:00 +0000\nSubject: old\n\nFrom x\n>From y\n",
			  "%s source: the oldest message, unquoted as mboxrd", kind);
		read_at(src, 0, &got);
		CHECK_STR(got.buf, "Date: Sun, 3 Mar 2024 10:00:00 +0000\nSubject: new\n\nc\n",
			  "%s source: the newest message", kind);
		strbuf_reset(&got);
		source_label(src, 0, &got);
		CHECK_STR(got.buf, "2024-03-03 10:00", "%s source: label of the newest", kind);
		CHECK_STR(source_name(src), "kvm", "%s source: named after the file", kind);
		bool keep[3] = {false, true, true};
		source_select(src, keep);
		strbuf_reset(&got);
		source_label(src, 1, &got);
		CHECK(source_count(src) == 2 && !strcmp(got.buf, "2024-03-04 10:00"),
		      "%s source: selection renumbers", kind);
		source_close(src);
	}

	/* The variant named before the path, as lei writes it. */
	snprintf(path, sizeof(path), "mboxo:%s/kvm.mbox", scratch);
	opts.path = path;
	if (source_open(&src, &opts, &err) == 0) {
		read_at(src, 2, &got);
		CHECK_STR(got.buf, "Date: Mon, 4 Mar 2024 10:00:00 +0000\nSubject: old\n\nFrom x\n>>From y\n",
			  "mboxo:FILE reads FILE as mboxo");
		source_close(src);
	} else {
		CHECK(0, "mboxo:FILE opens: %s", err.buf);
	}
	strbuf_release(&err);
	strbuf_release(&got);
}

/* ---- the reader's consumer, on an mbox of many messages */

/* more than the workers may read ahead of the consumer, three times over */
#define READER_MESSAGES (3 * READER_WINDOW + 77)

struct consuming {
	atomic_int read[READER_MESSAGES];   /* the message callback ran */
	size_t sequence[READER_MESSAGES];   /* what the consumer got, in order */
	const uint32_t *order;              /* the reading order given */
	atomic_size_t consumed;
	atomic_size_t misplaced;            /* a callback's place was not its index's in order */
	atomic_size_t most_ahead;           /* the furthest a message was read ahead of the consumer */
	size_t early;                       /* consumed before its message was read */
	size_t fail_at;                     /* the consumer fails here; SIZE_MAX: never */
};

static void reader_message(size_t index, size_t place, const struct source_blob *blob, void *ctx)
{
	struct consuming *c = ctx;
	(void)blob;
	atomic_store(&c->read[index], 1);
	if (c->order[place] != index)
		atomic_fetch_add(&c->misplaced, 1);
	size_t consumed = atomic_load(&c->consumed);
	size_t ahead = place >= consumed ? place - consumed : 0;
	size_t most = atomic_load(&c->most_ahead);
	while (ahead > most && !atomic_compare_exchange_weak(&c->most_ahead, &most, ahead))
		;
}

static int reader_consume(size_t index, size_t place, void *ctx)
{
	struct consuming *c = ctx;
	size_t consumed = atomic_load(&c->consumed);
	if (consumed == c->fail_at)
		return -1;
	if (c->order[place] != index)
		atomic_fetch_add(&c->misplaced, 1);
	if (consumed == 10) { /* a slow consumer: the workers run ahead, as far as they may */
		struct timespec pause = {0, 50 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
	c->early += !atomic_load(&c->read[index]);
	c->sequence[consumed] = index;
	atomic_store(&c->consumed, consumed + 1);
	return 0;
}

/*
 * Every message goes to the consumer once, in the order given, after its
 * callback, on one thread as on three; a consumer that fails stops it all.
 * The workers never read READER_WINDOW or more places ahead of the
 * consumer, which is what lets it keep their rows in a ring.
 */
static void test_reader_consumer(void)
{
	struct strbuf file, err;
	char path[600];
	uint32_t order[READER_MESSAGES];
	static struct consuming c;

	strbuf_init(&file, 0);
	strbuf_init(&err, 0);
	for (int i = 0; i < READER_MESSAGES; i++)
		strbuf_addf(&file, SEP "Subject: message %d\n\nbody %d\n", i, i);
	snprintf(path, sizeof(path), "%s/many.mbox", scratch);
	write_file(path, file.buf, file.len);
	for (size_t i = 0; i < READER_MESSAGES; i++) /* oldest first, as the index adds rows */
		order[i] = (uint32_t)(READER_MESSAGES - 1 - i);

	for (int threads = 1; threads <= 3; threads += 2) {
		for (int failing = 0; failing < 2; failing++) {
			struct source *src = NULL;
			struct source_options opts = SOURCE_OPTIONS_INIT;
			opts.path = path;
			if (source_open(&src, &opts, &err) < 0) {
				CHECK(0, "reader: open %s: %s", path, err.buf);
				continue;
			}
			memset(&c, 0, sizeof(c));
			c.order = order;
			c.fail_at = failing ? 100 : SIZE_MAX;
			struct reader_options ro = READER_OPTIONS_INIT;
			ro.source = src;
			ro.threads = threads;
			ro.order = order;
			ro.consume = reader_consume;
			ro.consume_ctx = &c;
			int rc = reader_run(&ro, reader_message, &c, &err);
			size_t in_order = 0;
			size_t consumed = atomic_load(&c.consumed);
			for (size_t k = 0; k < consumed; k++)
				in_order += c.sequence[k] == order[k];
			if (!failing)
				CHECK(rc == 0 && consumed == READER_MESSAGES && in_order == READER_MESSAGES &&
					      c.early == 0,
				      "reader, %d thread(s): %zu of %d consumed, %zu in order, %zu before being read",
				      threads, consumed, (int)READER_MESSAGES, in_order, c.early);
			else
				CHECK(rc < 0 && consumed == 100 && in_order == 100,
				      "reader, %d thread(s): a consumer failing at the 101st stops the reading (%d, %zu)",
				      threads, rc, consumed);
			CHECK(atomic_load(&c.misplaced) == 0 && atomic_load(&c.most_ahead) < READER_WINDOW,
			      "reader, %d thread(s): %zu callbacks with a wrong place; read %zu places ahead "
			      "of the consumer (at most %d)",
			      threads, atomic_load(&c.misplaced), atomic_load(&c.most_ahead),
			      READER_WINDOW - 1);
			source_close(src);
		}
	}
	strbuf_release(&file);
	strbuf_release(&err);
}

static void test_maildir(void)
{
	static const struct {
		const char *file, *date;
	} files[] = {
		{"cur/1700000003.M1P1.host:2,S", "Mon, 4 Mar 2024 10:00:00 +0000"},
		{"new/1700000001.M1P1.host", "Sun, 3 Mar 2024 10:00:00 +0000"},
		{"cur/1700000002.M1P1.host:2,", "Sun, 3 Mar 2024 10:00:00 +0000"},
		{"new/1700000000.M1P1.host", NULL},
		{"cur/1700000009.M1P1.host:2,RS", "Tue, 5 Mar 2024 10:00:00 +0000"},
		{"tmp/1700000005.M1P1.host", "Wed, 6 Mar 2024 10:00:00 +0000"},
		{"cur/.hidden", "Wed, 6 Mar 2024 10:00:00 +0000"},
	};
	/* Newest first: by Date, then by file name. */
	static const char *const order[] = {
		"1700000009.M1P1.host:2,RS", "1700000003.M1P1.host:2,S", "1700000002.M1P1.host:2,",
		"1700000001.M1P1.host", "1700000000.M1P1.host",
	};
	char dir[600], path[700];
	struct source *src = NULL;
	struct source_options opts = SOURCE_OPTIONS_INIT;
	struct strbuf err, got, want;

	strbuf_init(&err, 0);
	strbuf_init(&got, 0);
	strbuf_init(&want, 0);
	snprintf(dir, sizeof(dir), "%s/kvm-maildir", scratch);
	run("mkdir -p kvm-maildir/cur kvm-maildir/new kvm-maildir/tmp kvm-maildir/cur/subdir");
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i].file);
		strbuf_reset(&want);
		if (files[i].date)
			strbuf_addf(&want, "Date: %s\n", files[i].date);
		strbuf_addf(&want, "Subject: %s\n\nbody\n", strchr(files[i].file, '/') + 1);
		write_file(path, want.buf, want.len);
	}
	opts.path = dir;
	if (source_open(&src, &opts, &err)) {
		CHECK(0, "source_open Maildir: %s", err.buf);
		goto out;
	}
	CHECK(source_kind(src) == SOURCE_MAILDIR, "a directory with cur/ and new/ is a Maildir");
	CHECK(source_count(src) == 5, "Maildir: cur/ and new/ are read, tmp/, dot files and directories are not (%zu)",
	      source_count(src));
	for (size_t i = 0; i < 5 && i < source_count(src); i++) {
		read_at(src, i, &got);
		strbuf_reset(&want);
		strbuf_addf(&want, "Subject: %s\n", order[i]);
		CHECK(strstr(got.buf, want.buf) != NULL, "Maildir: message %zu is %s", i, order[i]);
	}
	CHECK(source_arrival(src, 4) == 0 && source_arrival(src, 0) == 1709632800, "Maildir: arrival is the Date");
	CHECK_STR(source_name(src), "kvm-maildir", "Maildir: named after its directory");

	/* A client marks one message read (renames it) and deletes another, while we run. */
	snprintf(path, sizeof(path), "%s/cur/1700000003.M1P1.host:2,S", dir);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/cur/1700000003.M1P1.host:2,RS", dir);
	rename(path, want.buf);
	read_at(src, 1, &got);
	CHECK(strstr(got.buf, "Subject: 1700000003") != NULL, "Maildir: a renamed file is still read");

	snprintf(path, sizeof(path), "%s/new/1700000000.M1P1.host", dir);
	unlink(path);
	fflush(stderr);
	int saved = dup(2);
	snprintf(path, sizeof(path), "%s/stderr", scratch);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);
	read_at(src, 4, &got);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	CHECK_STR(got.buf, "(none)", "Maildir: a vanished file reads as nothing, which is skipped");
	slurp(path, &want);
	CHECK(!strncmp(want.buf, "listdigest: warning: ", 21) && strstr(want.buf, "1700000000.M1P1.host") &&
	      strchr(want.buf, '\n') == want.buf + want.len - 1,
	      "Maildir: one warning line names the vanished file: %s", want.buf);
	source_close(src);
out:
	strbuf_release(&err);
	strbuf_release(&got);
	strbuf_release(&want);
}

/*
 * A header block longer than many reads, in CRLF lines of every length from
 * 4 to 12 bytes, so that reads end right after a CRLF somewhere, with the
 * Date at its end: the listing must still find it.
 */
static void test_maildir_long_header(void)
{
	char dir[600], path[700];
	struct source *src = NULL;
	struct source_options opts = SOURCE_OPTIONS_INIT;
	struct strbuf err, msg;

	strbuf_init(&err, 0);
	strbuf_init(&msg, 0);
	run("mkdir -p long-maildir/cur long-maildir/new");
	for (int i = 0; msg.len < (1 << 20); i++)
		strbuf_addf(&msg, "X:%.*s\r\n", i % 9, "aaaaaaaaa");
	strbuf_addstr(&msg, "Date: Mon, 4 Aug 2025 10:00:00 +0000\r\nSubject: long\r\n\r\nbody\r\n");
	snprintf(dir, sizeof(dir), "%s/long-maildir", scratch);
	snprintf(path, sizeof(path), "%s/cur/1754301600.M1P1.host:2,S", dir);
	write_file(path, msg.buf, msg.len);
	opts.path = dir;
	int opened = source_open(&src, &opts, &err) == 0;
	CHECK(opened && source_count(src) == 1 && source_arrival(src, 0) == 1754301600,
	      "Maildir: a Date after a 1 MB header of short CRLF lines is found (%lld)",
	      opened && source_count(src) ? (long long)source_arrival(src, 0) : -1LL);
	source_close(src);
	strbuf_release(&err);
	strbuf_release(&msg);
}

void test_mbox(void);
void test_mbox(void)
{
	const char *base = getenv("BUILD_DIR");
	char cmd[700];

	snprintf(scratch, sizeof(scratch), "%s/unit-mbox.XXXXXX", base && *base ? base : "/tmp");
	if (base && *base)
		mkdir(base, 0700);
	if (!mkdtemp(scratch)) {
		CHECK(0, "mkdtemp %s", scratch);
		return;
	}
	test_separators();
	test_variants();
	test_format_patch();
	test_release_and_read();
	test_gzip();
	test_arrival();
	test_mbox_source();
	test_reader_consumer();
	test_maildir();
	test_maildir_long_header();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", scratch);
}
