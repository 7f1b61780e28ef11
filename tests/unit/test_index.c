/*
 * The index: exact roundtrip of every field of the facts (NULL apart from
 * "", odd bytes), the parts' state, listing order and lookups; and its
 * safety: an update killed in the middle, two processes updating at once,
 * a cache directory that cannot be written, corrupt and outdated files,
 * and where the file lives.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/index/index.h"
#include "../../src/index/record.h"
#include "harness.h"

static char scratch[512];

/* ---- facts to store */

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char **string_list(uint32_t *count, const char *const *items, size_t n)
{
	*count = (uint32_t)n;
	if (!n)
		return NULL;
	char **out = xcalloc(n, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = dup_or_null(items[i]);
	return out;
}

/* The author of facts that own theirs (facts_set_author), to change in place. */
static struct message_author *owned_author(struct message_facts *f)
{
	return (struct message_author *)f->author;
}

/* Every field set, with bytes a message can hold: control characters, 0x1f, invalid UTF-8. */
static void full_facts(struct message_facts *f, int salt)
{
	static const char *const refs[] = {"root@example.org", "", "mid\x1f" "dle@example.org",
					   "\xff\xfe odd\x01@example.org"};
	static const char *const links[] = {"v1-1-abc@example.com", "x\x1e\x1dy@example.com"};
	char buf[64];

	memset(f, 0, sizeof(*f));
	f->present = true;
	f->author_source = AUTHOR_INBODY_FROM;
	facts_set_author(f, xstrdup("Ana \xc3\xa9\x1f Dev"), xstrdup("Ana.Dev@Example.ORG"),
			 xstrdup("ana.dev@example.org"));
	snprintf(buf, sizeof(buf), "[PATCH v8.1 %d/12] frob: make it \x7f faster", salt);
	facts_rare_mut(f)->subject = xstrdup(buf);
	facts_set_tag(f, &(struct patch_tag){{8, 1}, salt, 12, true});
	facts_set_list_id(f, xstrdup("<frob.lists.example.org>"));
	snprintf(buf, sizeof(buf), "patch-%d@example.org", salt);
	facts_set_ids(f, NULL, buf, refs, 4);
	f->arrival = INT64_C(1700000000) + salt;
	struct message_rare *rare = facts_rare_mut(f);
	rare->entry_body = xstrdup("Line one\n\n\x1f\xff line three\n");
	facts_set_in_reply_to(f, xstrdup("cover-1@example.org")); /* not the last reference: its own */
	rare->change_id = xstrdup("20250101-frob-v1-0123456789ab");
	rare->trailer_count = 3;
	rare->trailers = xcalloc(3, sizeof(*rare->trailers));
	rare->trailers[0] = (struct review_trailer){TRAILER_REVIEWED, xstrdup("Bo Review <bo@example.com>"),
						 xstrdup("bo@example.com")};
	rare->trailers[1] = (struct review_trailer){TRAILER_NACKED, xstrdup(""), xstrdup("\x1f@example.com")};
	rare->trailers[2] = (struct review_trailer){TRAILER_TESTED, xstrdup("Cy <cy@example.net>"), NULL};
	rare->linked_ids = string_list(&rare->linked_id_count, links, 2);
	rare->patch_id = xmalloc(sizeof(*rare->patch_id));
	git_oid_fromstr(rare->patch_id, "0123456789abcdef0123456789abcdef01234567");
	facts_set_thread_root(f, xstrdup("cover-1@example.org")); /* the in_reply_to */
}

/* Empty strings where full_facts has text, and lists of empty strings. */
static void empty_facts(struct message_facts *f)
{
	static const char *const empties[] = {"", ""};
	memset(f, 0, sizeof(*f));
	f->present = true;
	f->author_source = AUTHOR_HEADER_FROM;
	facts_set_author(f, xstrdup(""), xstrdup(""), xstrdup(""));
	facts_rare_mut(f)->subject = xstrdup("");
	facts_set_tag(f, &(struct patch_tag){{1, 0}, -1, -1, false});
	facts_set_list_id(f, xstrdup(""));
	facts_set_ids(f, NULL, "", empties, 1); /* a blank message-id is none */
	f->arrival = -5; /* a Date before 1970 */
	struct message_rare *rare = facts_rare_mut(f);
	rare->entry_body = xstrdup("");
	facts_set_in_reply_to(f, xstrdup("")); /* the last reference, "" */
	rare->change_id = xstrdup("");
	rare->trailer_count = 1;
	rare->trailers = xcalloc(1, sizeof(*rare->trailers));
	rare->trailers[0] = (struct review_trailer){TRAILER_ACKED, xstrdup(""), xstrdup("")};
	rare->linked_ids = string_list(&rare->linked_id_count, empties, 2);
	rare->patch_id = xcalloc(1, sizeof(*rare->patch_id)); /* 40 zeros */
	facts_set_thread_root(f, xstrdup("")); /* the message's own id, "" */
}

/*
 * Whether the record of n references, with one more added by hand (the
 * count's varint of two bytes made n + 1, and a copy of the first id),
 * decodes with the n + 1 ids: 1 when it does, 0 when it is refused, -1
 * when the record is not as looked for.
 */
static int decodes_with_one_more_reference(size_t n)
{
	struct message_facts many = {.present = true}, back;
	struct strbuf rec, more;
	char ids[FACTS_REFERENCES_MAX][48];
	const char *refs[FACTS_REFERENCES_MAX];
	int64_t value;
	int result = -1;

	for (size_t i = 0; i < n; i++) {
		snprintf(ids[i], sizeof(ids[i]), "ref-%zu@example.org", i);
		refs[i] = ids[i];
	}
	facts_set_ids(&many, NULL, NULL, refs, n);
	strbuf_init(&rec, 0);
	strbuf_init(&more, 0);
	record_encode(&rec, &many, 0);
	/* the count (n >= 128: two bytes), then the first id's length, a byte */
	const char *first = memmem(rec.buf, rec.len, ids[0], strlen(ids[0]));
	size_t at = first ? (size_t)(first - rec.buf) : 0;
	unsigned char count[2] = {(unsigned char)(0x80 | (n & 0x7f)), (unsigned char)(n >> 7)};
	if (n >= 128 && n + 1 < 16384 && at >= 3 && !memcmp(rec.buf + at - 3, count, 2)) {
		strbuf_add(&more, rec.buf, at - 3);
		strbuf_addch(&more, (char)(0x80 | ((n + 1) & 0x7f)));
		strbuf_addch(&more, (char)((n + 1) >> 7));
		strbuf_add(&more, rec.buf + at - 1, strlen(ids[0]) + 2); /* the first id again, first */
		strbuf_add(&more, rec.buf + at - 1, rec.len - (at - 1));
		result = record_decode(more.buf, more.len, &back, &value);
		if (result)
			result = back.reference_count == n + 1 && !strcmp(facts_reference(&back, 0), ids[0]) &&
					 !strcmp(facts_reference(&back, n), ids[n - 1])
				 ? 1
				 : -1;
		facts_release(&back);
	}
	facts_release(&many);
	strbuf_release(&rec);
	strbuf_release(&more);
	return result;
}

/* A removal record: nothing but where and when. */
static void removal_facts(struct message_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->arrival = INT64_C(1800000000);
	facts_set_tag(f, &(struct patch_tag){{0, 0}, -1, -1, false});
}

static bool same_string(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* f's ids again, with its message-id id (NULL for none), and reference k (when k < its count) ref. */
static void reset_ids(struct message_facts *f, const char *id, size_t k, const char *ref)
{
	const char *refs[FACTS_REFERENCES_MAX];
	for (size_t i = 0; i < f->reference_count; i++)
		refs[i] = i == k ? ref : facts_reference(f, i);
	facts_set_ids(f, NULL, id, refs, f->reference_count);
}

static bool same_references(const struct message_facts *a, const struct message_facts *b)
{
	if (a->reference_count != b->reference_count)
		return false;
	for (size_t i = 0; i < a->reference_count; i++)
		if (!same_string(facts_reference(a, i), facts_reference(b, i)))
			return false;
	return true;
}

static bool same_strings(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!same_string(a[i], b[i]))
			return false;
	return true;
}

/* Every field but organisation and entry_body, which b, as loaded or decoded, is without. */
static bool same_facts(const struct message_facts *a, const struct message_facts *b)
{
	bool same = a->present == b->present && a->author_source == b->author_source &&
		    same_string(facts_author_name(a), facts_author_name(b)) &&
		    same_string(facts_author_addr(a), facts_author_addr(b)) &&
		    same_string(facts_author_key(a), facts_author_key(b)) &&
		    same_string(facts_rare(a)->subject, facts_rare(b)->subject) &&
		    a->tag_is_patch == b->tag_is_patch && a->tag_major == b->tag_major &&
		    a->tag_minor == b->tag_minor && a->tag_number == b->tag_number && a->tag_total == b->tag_total &&
		    same_string(facts_thread_root(a), facts_thread_root(b)) &&
		    a->thread_root_from == b->thread_root_from && same_string(facts_list_id(a), facts_list_id(b)) &&
		    same_string(facts_own_message_id(a), facts_own_message_id(b)) && a->arrival == b->arrival &&
		    same_string(facts_in_reply_to(a), facts_in_reply_to(b)) &&
		    a->in_reply_to_from == b->in_reply_to_from &&
		    same_references(a, b) &&
		    same_string(facts_rare(a)->change_id, facts_rare(b)->change_id) &&
		    same_strings(facts_rare(a)->linked_ids, facts_rare(a)->linked_id_count,
				 facts_rare(b)->linked_ids, facts_rare(b)->linked_id_count) &&
		    (facts_rare(a)->patch_id ? facts_rare(b)->patch_id &&
						       git_oid_equal(facts_rare(a)->patch_id, facts_rare(b)->patch_id)
					     : !facts_rare(b)->patch_id) &&
		    facts_rare(a)->trailer_count == facts_rare(b)->trailer_count;
	for (size_t i = 0; same && i < facts_rare(a)->trailer_count; i++)
		same = facts_rare(a)->trailers[i].kind == facts_rare(b)->trailers[i].kind &&
		       same_string(facts_rare(a)->trailers[i].person, facts_rare(b)->trailers[i].person) &&
		       same_string(facts_rare(a)->trailers[i].addr, facts_rare(b)->trailers[i].addr);
	return same && facts_rare(b)->entry_body == NULL;
}

/* A loaded row is a: its facts are, and its entry body, read apart, is a's. */
static bool same_row(struct msg_index *idx, int64_t row, const struct message_facts *a,
		     const struct message_facts *b)
{
	struct strbuf body, err;
	strbuf_init(&body, 0);
	strbuf_init(&err, 0);
	int has = index_load_entry_body(idx, row, &body, &err);
	bool same = same_facts(a, b) && has == (facts_rare(a)->entry_body != NULL) &&
		    (!has || !strcmp(body.buf, facts_rare(a)->entry_body));
	strbuf_release(&body);
	strbuf_release(&err);
	return same;
}

/* ---- helpers */

static void oid_of(git_oid *oid, int n)
{
	memset(oid, 0, sizeof(*oid));
	oid->id[0] = 0xc0;
	oid->id[18] = (unsigned char)(n >> 8);
	oid->id[19] = (unsigned char)n;
}

/* Warnings go to a temporary file, read back by warnings_text. */
static FILE *warnings;
static char warning_text[4096];

static const char *warnings_text(void)
{
	size_t n = 0;
	fflush(warnings);
	rewind(warnings);
	n = fread(warning_text, 1, sizeof(warning_text) - 1, warnings);
	warning_text[n] = '\0';
	rewind(warnings);
	if (ftruncate(fileno(warnings), 0) < 0)
		printf("# cannot truncate the warnings file\n");
	return warning_text;
}

static struct index_options options_in(const char *dir)
{
	struct index_options opts = INDEX_OPTIONS_INIT;
	opts.cache_dir = dir;
	opts.name = "frob";
	opts.warnings = warnings;
	return opts;
}

static struct msg_index *open_in(const char *dir, const char *source_id)
{
	struct index_options opts = options_in(dir);
	struct msg_index *idx = NULL;
	struct strbuf err;
	strbuf_init(&err, 0);
	if (index_open(&idx, &opts, source_id, &err) < 0)
		printf("# index_open: %s\n", err.buf);
	strbuf_release(&err);
	return idx;
}

/* Adds count plain rows to part, seq from first, in one update; commit from commit_base. */
static int add_rows(struct msg_index *idx, uint32_t part, int64_t first, int count, int commit_base,
		    bool commit)
{
	struct strbuf err;
	int rc = 0;
	strbuf_init(&err, 0);
	if (index_update_begin(idx, &err) < 0)
		rc = -1;
	for (int i = 0; !rc && i < count; i++) {
		struct message_facts f;
		git_oid oid;
		full_facts(&f, i);
		oid_of(&oid, commit_base + i);
		struct index_key key = {part, first + i, &oid};
		rc = index_add(idx, &key, &f, &err);
		facts_release(&f);
	}
	if (!rc && commit)
		rc = index_update_commit(idx, &err);
	if (rc)
		printf("# add_rows: %s\n", err.buf);
	strbuf_release(&err);
	return rc;
}

static size_t row_count(struct msg_index *idx)
{
	struct index_listing l;
	struct strbuf err;
	strbuf_init(&err, 0);
	size_t n = index_list(idx, &l, &err) < 0 ? (size_t)-1 : l.count;
	index_listing_release(&l);
	strbuf_release(&err);
	return n;
}

/* ---- roundtrip, order, lookups */

static void roundtrip_in(const char *label, struct msg_index *idx)
{
	struct message_facts in[4], out[4];
	struct strbuf err;
	git_oid c0, c1, c2, missing;
	strbuf_init(&err, 0);

	full_facts(&in[0], 1);
	empty_facts(&in[1]);
	removal_facts(&in[2]);
	full_facts(&in[3], 2);
	oid_of(&c0, 100);
	oid_of(&c1, 101);
	oid_of(&c2, 102);
	oid_of(&missing, 999);
	/* keys out of order on purpose: the index orders them */
	struct index_key keys[4] = {{0, 5, &c0}, {1, 0, &c1}, {0, 6, &c2}, {0, 0, NULL}};

	CHECK(index_update_begin(idx, &err) == 0, "%s: begin", label);
	int added = 0;
	for (int i = 0; i < 4; i++)
		added += index_add(idx, &keys[i], &in[i], &err) == 0;
	CHECK(added == 4, "%s: 4 rows added %s", label, err.buf);
	CHECK(index_update_commit(idx, &err) == 0, "%s: commit %s", label, err.buf);

	struct index_listing l;
	CHECK(index_list(idx, &l, &err) == 0 && l.count == 4, "%s: listing has 4 rows", label);
	if (l.count == 4) {
		/* newest first: part 1 before part 0, higher seq first */
		int64_t want[4] = {index_row_id(1, 0), index_row_id(0, 6), index_row_id(0, 5), index_row_id(0, 0)};
		int64_t arrival[4] = {in[1].arrival, in[2].arrival, in[0].arrival, in[3].arrival};
		CHECK(!memcmp(l.rows, want, sizeof(want)), "%s: listing is part desc, seq desc", label);
		CHECK(!memcmp(l.arrival, arrival, sizeof(arrival)), "%s: listing's arrival times", label);
		CHECK(index_row_part(l.rows[0]) == 1 && index_row_seq(l.rows[0]) == 0 &&
			      index_row_part(l.rows[1]) == 0 && index_row_seq(l.rows[1]) == 6,
		      "%s: row ids give back part and seq", label);
	}
	index_listing_release(&l);

	int64_t row = -1;
	CHECK(index_find_commit(idx, &c2, &row, &err) == 1 && row == index_row_id(0, 6),
	      "%s: found by commit id", label);
	CHECK(index_find_commit(idx, &missing, &row, &err) == 0, "%s: unknown commit not found", label);

	/* in an order of our choosing, with the entry bodies */
	int64_t rows[4] = {index_row_id(0, 6), index_row_id(0, 0), index_row_id(1, 0), index_row_id(0, 5)};
	int order[4] = {2, 3, 1, 0};
	CHECK(index_load(idx, rows, 4, out, &err) == 0, "%s: load 4 rows %s", label, err.buf);
	for (int i = 0; i < 4 && !err.len; i++) {
		CHECK(same_row(idx, rows[i], &in[order[i]], &out[i]), "%s: row %d comes back exactly", label, i);
		facts_release(&out[i]);
	}
	int64_t bad[2] = {index_row_id(0, 5), index_row_id(7, 7)};
	strbuf_reset(&err);
	CHECK(index_load(idx, bad, 2, out, &err) < 0 && strstr(err.buf, "no row"),
	      "%s: loading a row that does not exist fails: %s", label, err.buf);
	CHECK(!index_is_corrupt(idx), "%s: which is not corruption", label);

	/* the universe: a scan with an end */
	struct index_rows all;
	strbuf_reset(&err);
	CHECK(index_load_through(idx, INT64_MAX, &all, &err) == 0 && all.count == 4,
	      "%s: load_through everything", label);
	bool exact = all.count == 4;
	for (size_t i = 0; exact && i < 4; i++) {
		int j = all.rows[i] == index_row_id(1, 0) ? 1 : all.rows[i] == index_row_id(0, 6) ? 2
							  : all.rows[i] == index_row_id(0, 5) ? 0 : 3;
		exact = same_row(idx, all.rows[i], &in[j], &all.facts[i]);
	}
	CHECK(exact, "%s: load_through gives every row exactly", label);
	index_rows_release(&all);
	/* arrival times: in[1] -5, in[0] ...001, in[3] ...002, in[2] 1800000000 */
	CHECK(index_load_through(idx, in[0].arrival, &all, &err) == 0 && all.count == 2 &&
		      all.rows[0] == index_row_id(1, 0) && all.rows[1] == index_row_id(0, 5) &&
		      same_facts(&in[0], &all.facts[1]),
	      "%s: load_through an end keeps arrival <= end, newest first", label);
	index_rows_release(&all);

	for (int i = 0; i < 4; i++)
		facts_release(&in[i]);
	strbuf_release(&err);
}

static void test_roundtrip(void)
{
	struct index_options opts = INDEX_OPTIONS_INIT;
	struct msg_index *idx = NULL;
	struct strbuf err;
	char dir[600];
	strbuf_init(&err, 0);

	opts.no_cache = true;
	opts.warnings = warnings;
	CHECK(index_open(&idx, &opts, "/srv/frob", &err) == 0 && index_is_in_memory(idx),
	      "--no-cache: an in-memory index");
	CHECK_STR(warnings_text(), "", "--no-cache: no warning");
	if (idx)
		roundtrip_in("memory", idx);
	index_close(idx);

	snprintf(dir, sizeof(dir), "%s/roundtrip", scratch);
	idx = open_in(dir, "/srv/frob");
	CHECK(idx && !index_is_in_memory(idx), "a file index in %s", dir);
	if (idx)
		roundtrip_in("file", idx);
	index_close(idx);
	/* and again from the file, in another connection */
	idx = open_in(dir, "/srv/frob");
	CHECK(idx && row_count(idx) == 4, "reopened: the 4 rows are there");
	index_close(idx);
	CHECK_STR(warnings_text(), "", "file index: no warning");
	strbuf_release(&err);
}

/*
 * Fields the index stores as "the same as another field", in every
 * combination that could be mistaken: a repeat must come back as the
 * field it repeats, a look-alike as itself.
 */
static void test_repeats(void)
{
	struct index_options opts = INDEX_OPTIONS_INIT;
	struct msg_index *idx = NULL;
	struct strbuf err;
	enum { N = 9 };
	struct message_facts in[N], out[N];
	int64_t rows[N];
	strbuf_init(&err, 0);

	opts.no_cache = true;
	if (index_open(&idx, &opts, "repeats", &err) < 0) {
		CHECK(0, "open: %s", err.buf);
		return;
	}
	for (int i = 0; i < N; i++) {
		full_facts(&in[i], i);
		rows[i] = index_row_id(0, i);
	}
	/* 0: thread root = in_reply_to (as full_facts makes it) */
	/* 1: thread root = the message's own id; in_reply_to = the last reference */
	facts_set_in_reply_to(&in[1], xstrdup(facts_reference(&in[1], 3)));
	facts_set_thread_root(&in[1], xstrdup(facts_own_message_id(&in[1])));
	/* 2: thread root = the first reference; a key that is not the address lower-cased */
	facts_set_thread_root(&in[2], xstrdup(facts_reference(&in[2], 0)));
	free(owned_author(&in[2])->key);
	owned_author(&in[2])->key = xstrdup("ana.dev@example.org ");
	/* 3: look-alikes of the repeats' integers, as text */
	facts_set_in_reply_to(&in[3], xstrdup("1"));
	facts_set_thread_root(&in[3], xstrdup("1")); /* which is the in_reply_to now */
	free(owned_author(&in[3])->key);
	owned_author(&in[3])->key = xstrdup("1");
	facts_set_list_id(&in[3], xstrdup("2"));
	/* 4: the fields repeated are NULL: nothing to repeat */
	reset_ids(&in[4], NULL, SIZE_MAX, NULL);
	free(owned_author(&in[4])->addr);
	owned_author(&in[4])->addr = NULL;
	facts_set_in_reply_to(&in[4], NULL);
	facts_set_list_id(&in[4], NULL);
	facts_set_thread_root(&in[4], xstrdup("cover-1@example.org")); /* an id of its own now */
	/* 5: no references: the thread root is the in_reply_to; an address with capitals only in the key */
	facts_set_ids(&in[5], NULL, facts_own_message_id(&in[5]), NULL, 0);
	free(owned_author(&in[5])->key);
	owned_author(&in[5])->key = xstrdup("Ana.Dev@Example.ORG");
	/* 6: another list; a long entry body, with odd bytes */
	facts_set_list_id(&in[6], xstrdup("<other.example.com>"));
	struct message_rare *long6 = facts_rare_mut(&in[6]), *long7 = facts_rare_mut(&in[7]);
	free(long6->entry_body);
	long6->entry_body = xcalloc(1, 6001);
	for (int i = 0; i < 6000; i++)
		long6->entry_body[i] = (char)(1 + (i * 31) % 255);
	/* 7: a long body of plain text; empty list id */
	free(long7->entry_body);
	long7->entry_body = xcalloc(1, 3001);
	memset(long7->entry_body, 'a', 3000);
	facts_set_list_id(&in[7], xstrdup(""));
	/* 8: the thread root and the first reference are both "" */
	reset_ids(&in[8], facts_own_message_id(&in[8]), 0, "");
	facts_set_thread_root(&in[8], xstrdup(""));

	index_update_begin(idx, &err);
	int added = 0;
	for (int i = 0; i < N; i++) {
		struct index_key key = {0, i, NULL};
		added += index_add(idx, &key, &in[i], &err) == 0;
	}
	CHECK(added == N && index_update_commit(idx, &err) == 0, "repeats: %d rows added %s", N, err.buf);
	CHECK(index_load(idx, rows, N, out, &err) == 0, "repeats: loaded %s", err.buf);
	for (int i = 0; i < N && !err.len; i++) {
		CHECK(same_row(idx, rows[i], &in[i], &out[i]), "repeats: row %d comes back exactly", i);
		facts_release(&out[i]);
	}
	for (int i = 0; i < N; i++)
		facts_release(&in[i]);
	index_close(idx);
	strbuf_release(&err);
}

/* A record cut short or with bytes changed never decodes into nonsense silently, nor crashes. */
static void test_record_damage(void)
{
	struct message_facts f, g;
	struct strbuf rec;
	int64_t value;
	strbuf_init(&rec, 0);
	full_facts(&f, 3);
	record_encode(&rec, &f, 0);
	bool decoded = record_decode(rec.buf, rec.len, &g, &value);
	g.arrival = f.arrival; /* a column of its own, not in the record */
	CHECK(decoded && value == 0 && same_facts(&f, &g),
	      "record: decodes back (%zu bytes)", rec.len);
	CHECK(g.rare && g.rare->trailer_count == 3, "record: trailers and links decode into a rare block");
	facts_release(&g);

	/* a record without trailer, change-id or link: no block, in either way of decoding */
	struct message_facts plain, plain_back;
	struct strbuf plain_rec;
	struct arena plain_arena = ARENA_INIT;
	strbuf_init(&plain_rec, 0);
	removal_facts(&plain);
	plain.present = true;
	facts_set_ids(&plain, NULL, "plain@example.org", NULL, 0);
	record_encode(&plain_rec, &plain, 0);
	CHECK(record_decode(plain_rec.buf, plain_rec.len, &plain_back, &value) && !plain_back.rare &&
		      !strcmp(facts_own_message_id(&plain_back), "plain@example.org"),
	      "record: a message without rare fields decodes without a rare block");
	facts_release(&plain_back);
	CHECK(record_decode_in(plain_rec.buf, plain_rec.len, &plain_back, &value, &plain_arena) && !plain_back.rare,
	      "record: nor in an arena");
	arena_release(&plain_arena);
	facts_release(&plain);
	strbuf_release(&plain_rec);

	size_t refused = 0;
	for (size_t len = 0; len < rec.len; len++) {
		refused += !record_decode(rec.buf, len, &g, &value);
		facts_release(&g);
	}
	CHECK(refused == rec.len, "record: every cut of it is refused (%zu of %zu)", refused, rec.len);
	char *copy = xmalloc(rec.len + 1);
	size_t changed = 0, exact = 0;
	/* every byte but the title's offset (the eighth), which the facts find in the subject instead */
	enum { TITLE_OFFSET_BYTE = 7 };
	for (size_t i = 0; i < rec.len; i++)
		for (int bit = 0; bit < 8 && i != TITLE_OFFSET_BYTE; bit++) {
			memcpy(copy, rec.buf, rec.len);
			copy[i] ^= (char)(1 << bit);
			if (record_decode(copy, rec.len, &g, &value)) {
				g.arrival = f.arrival;
				exact += same_facts(&f, &g);
			}
			changed++;
			facts_release(&g);
		}
	CHECK(exact == 0, "record: no changed byte decodes to the same facts (%zu changes tried)", changed);

	/*
	 * The title's offset, the eighth field, is the subject's
	 * (patch_title_offset), which the facts find again rather than keep:
	 * 2^32 - 1 decodes to the same facts, 2^32 is refused rather than cut.
	 * The seven before it and the offset itself are a byte each in this
	 * record.
	 */
	size_t title_offset = patch_title_offset(f.rare->subject);
	CHECK(rec.len > 8 && title_offset > 0 && title_offset < 128 && (unsigned char)rec.buf[7] == title_offset,
	      "record: the title's offset, %zu, is its eighth byte", title_offset);
	for (int k = 0; k < 2; k++) {
		uint64_t offset = k ? (uint64_t)UINT32_MAX + 1 : UINT32_MAX;
		struct strbuf big;
		strbuf_init(&big, 0);
		strbuf_add(&big, rec.buf, 7);
		record_put_varint(&big, offset);
		strbuf_add(&big, rec.buf + 8, rec.len - 8);
		decoded = record_decode(big.buf, big.len, &g, &value);
		g.arrival = f.arrival;
		if (k)
			CHECK(!decoded, "record: a title offset of 2^32 is refused");
		else
			CHECK(decoded && same_facts(&f, &g), "record: a title offset of 2^32 - 1 decodes to the same facts");
		facts_release(&g);
		strbuf_release(&big);
	}

	/*
	 * The tag's numbers, the sixth field (M of M/N): below -1 is no record
	 * of ours; beyond PATCH_NUMBER_MAX it is cut to that, as
	 * patch_tag_parse cuts a subject's.
	 */
	for (int k = 0; k < 2; k++) {
		int64_t number = k ? (int64_t)PATCH_NUMBER_MAX + 1000 : -2;
		struct strbuf big;
		strbuf_init(&big, 0);
		strbuf_add(&big, rec.buf, 5);
		record_put_varint(&big, number < 0 ? (uint64_t)(-number) * 2 - 1 : (uint64_t)number * 2); /* zigzag */
		strbuf_add(&big, rec.buf + 6, rec.len - 6);
		decoded = record_decode(big.buf, big.len, &g, &value);
		if (k)
			CHECK(decoded && g.tag_number == PATCH_NUMBER_MAX && g.tag_total == f.tag_total,
			      "record: a number beyond the bound decodes as the bound");
		else
			CHECK(!decoded, "record: a number of -2 is refused");
		facts_release(&g);
		strbuf_release(&big);
	}

	/*
	 * The facts keep the author's source in 3 bits and at most
	 * FACTS_REFERENCES_MAX references in 16: a record beyond either is
	 * refused rather than cut. The source is the second byte.
	 */
	for (int source = AUTHOR_HEADER_FROM; source <= AUTHOR_HEADER_FROM + 4; source += 4) {
		memcpy(copy, rec.buf, rec.len);
		copy[1] = (char)(source * 2); /* zigzag */
		decoded = record_decode(copy, rec.len, &g, &value);
		if (source == AUTHOR_HEADER_FROM)
			CHECK(decoded && g.author_source == AUTHOR_HEADER_FROM, "record: the last author source decodes");
		else
			CHECK(!decoded, "record: an author source beyond the last (%d) is refused", source);
		facts_release(&g);
	}
	/* the facts hold no more (facts_set_ids): the record of one beyond is made by hand from one of fewer */
	CHECK(decodes_with_one_more_reference(FACTS_REFERENCES_MAX - 1) == 1,
	      "record: %d references decode, the last among them (one added by hand)", FACTS_REFERENCES_MAX);
	CHECK(decodes_with_one_more_reference(FACTS_REFERENCES_MAX) == 0, "record: %d references are refused",
	      FACTS_REFERENCES_MAX + 1);

	/*
	 * The patch-id, the record's last field, is its 40 lower-case hex
	 * digits (20 bytes in memory): a digit out of that set, upper case
	 * included, is refused rather than read as another id.
	 */
	const char *hex = "0123456789abcdef0123456789abcdef01234567";
	char *at = rec.len > 41 ? memmem(rec.buf, rec.len, hex, 40) : NULL;
	CHECK(at && at + 41 == rec.buf + rec.len, "record: the patch-id ends it, in hex");
	for (int k = 0; at && k < 3; k++) {
		const char with[] = {'A', 'g', '\0'};
		memcpy(copy, rec.buf, rec.len);
		copy[at - rec.buf + 10 + k] = with[k];
		CHECK(!record_decode(copy, rec.len, &g, &value), "record: a patch-id with '%s' in it is refused",
		      k == 0 ? "A" : k == 1 ? "g" : "\\0");
		facts_release(&g);
	}
	/* left out of the facts, it is still checked */
	CHECK(record_decode_skipping(rec.buf, rec.len, &g, &value, NULL, RECORD_SKIP_PATCH_ID) &&
		      g.rare && !g.rare->patch_id && g.rare->trailer_count == 3,
	      "record: decoded without its patch-id, the rest kept");
	facts_release(&g);
	if (at) {
		memcpy(copy, rec.buf, rec.len);
		copy[at - rec.buf + 10] = 'g';
		CHECK(!record_decode_skipping(copy, rec.len, &g, &value, NULL, RECORD_SKIP_PATCH_ID),
		      "record: a bad patch-id is refused though it is left out");
		facts_release(&g);
	}

	/* into an arena, which holds the strings: the same facts, the same refusals */
	struct arena arena = ARENA_INIT;
	decoded = record_decode_in(rec.buf, rec.len, &g, &value, &arena);
	g.arrival = f.arrival;
	CHECK(decoded && value == 0 && same_facts(&f, &g) && g.rare->subject != f.rare->subject,
	      "record: decodes back into an arena");
	/* in an arena, a lower-case address is its own key: one string for both */
	static const char *const addrs[] = {"ann@example.org", "Ann@Example.org"};
	for (int upper = 0; upper < 2; upper++) {
		struct message_author ann = {.addr = (char *)addrs[upper], .key = (char *)"ann@example.org"};
		struct message_rare s = {.subject = (char *)"s"};
		struct message_facts one = {.present = true, .rare = &s, .author = &ann};
		struct message_facts back;
		struct strbuf one_rec;
		strbuf_init(&one_rec, 0);
		record_encode(&one_rec, &one, 0);
		bool back_ok = record_decode_in(one_rec.buf, one_rec.len, &back, &value, &arena);
		CHECK(back_ok && !strcmp(facts_author_addr(&back), addrs[upper]) &&
		      !strcmp(facts_author_key(&back), "ann@example.org") &&
		      (facts_author_key(&back) == facts_author_addr(&back)) == !upper,
		      "record: into an arena, the key of %s %s", addrs[upper],
		      upper ? "lower-cased apart" : "is the address itself");
		strbuf_release(&one_rec);
	}
	/* records decoded into one arena share what they repeat: a reply names its parent's id */
	const char *parent_refs[] = {"root@example.org"};
	const char *reply_refs[] = {"root@example.org", "parent@example.org"};
	struct message_author ann = {(char *)"Ann", (char *)"ann@example.org", (char *)"ann@example.org", NULL};
	struct message_author ann_again = ann; /* equal, not the same: the decoding makes them one */
	struct message_rare reply_rare = {.subject = (char *)"Re: [PATCH] x"};
	/* root, parent, reply, oldest first */
	struct message_facts thread[3] = {
		{.present = true, .rare = &reply_rare, .author = &ann},
		{.present = true, .rare = &reply_rare, .author = &ann},
		{.present = true, .rare = &reply_rare, .author = &ann_again},
	};
	facts_set_ids(&thread[0], NULL, "root@example.org", NULL, 0);
	facts_set_ids(&thread[1], NULL, "parent@example.org", parent_refs, 1);
	facts_set_ids(&thread[2], NULL, "reply@example.org", reply_refs, 2);
	thread[2].in_reply_to_from = IN_REPLY_TO_LAST_REF;
	struct strbuf thread_rec[3];
	for (int k = 0; k < 3; k++) {
		strbuf_init(&thread_rec[k], 0);
		record_encode(&thread_rec[k], &thread[k], 0);
	}
	struct message_facts back[3];
	bool pair_ok = true;
	for (int k = 1; k < 3; k++)
		pair_ok = pair_ok && record_decode_in(thread_rec[k].buf, thread_rec[k].len, &back[k], &value, &arena) &&
			  same_facts(&thread[k], &back[k]);
	CHECK(pair_ok && facts_reference(&back[2], 1) == facts_own_message_id(&back[1]) &&
		      facts_reference(&back[2], 0) == facts_reference(&back[1], 0) &&
		      back[2].rare->subject == back[1].rare->subject && back[2].author == back[1].author &&
		      back[2].author->key == back[2].author->addr,
	      "record: decoded into one arena, two records share their repeated ids, subject and author");
	/* a load reads the newest first: the ids a reply names are held when their messages come */
	struct arena newest_first = ARENA_INIT;
	struct message_facts seen[3];
	bool thread_ok = true;
	for (int k = 2; k >= 0; k--)
		thread_ok = thread_ok &&
			    record_decode_in(thread_rec[k].buf, thread_rec[k].len, &seen[k], &value, &newest_first) &&
			    same_facts(&thread[k], &seen[k]);
	CHECK(thread_ok && facts_own_message_id(&seen[1]) == facts_reference(&seen[2], 1) &&
		      facts_own_message_id(&seen[0]) == facts_reference(&seen[2], 0) &&
		      facts_reference(&seen[1], 0) == facts_reference(&seen[2], 0),
	      "record: read newest first into one arena, a message's own id is the copy its reply named");
	arena_release(&newest_first);
	arena_forget_shared(&arena);
	struct message_facts again;
	CHECK(record_decode_in(thread_rec[1].buf, thread_rec[1].len, &again, &value, &arena) &&
		      facts_own_message_id(&again) != facts_own_message_id(&back[1]) &&
		      !strcmp(facts_own_message_id(&back[1]), "parent@example.org"),
	      "record: after the table is forgotten, a record gets copies of its own, the old ones intact");
	for (int k = 0; k < 3; k++) {
		strbuf_release(&thread_rec[k]);
		free(thread[k].ids);
	}
	refused = 0;
	for (size_t len = 0; len < rec.len; len++)
		refused += !record_decode_in(rec.buf, len, &g, &value, &arena);
	size_t arena_exact = 0;
	for (size_t i = 0; i < rec.len; i++)
		for (int bit = 0; bit < 8 && i != TITLE_OFFSET_BYTE; bit++) {
			memcpy(copy, rec.buf, rec.len);
			copy[i] ^= (char)(1 << bit);
			if (record_decode_in(copy, rec.len, &g, &value, &arena)) {
				g.arrival = f.arrival;
				arena_exact += same_facts(&f, &g);
			}
		}
	arena_release(&arena);
	CHECK(refused == rec.len && arena_exact == 0,
	      "record: into an arena, every cut refused (%zu of %zu), no change decodes the same (%zu)",
	      refused, rec.len, arena_exact);
	free(copy);
	CHECK(!record_decode(NULL, 0, &g, &value), "record: no record is refused");
	facts_release(&g);
	strbuf_add(&rec, "x", 1);
	CHECK(!record_decode(rec.buf, rec.len, &g, &value), "record: a byte too many is refused");
	facts_release(&g);
	facts_release(&f);
	strbuf_release(&rec);
}

/* ---- parts */

static void test_parts(void)
{
	struct index_options opts = INDEX_OPTIONS_INIT;
	struct msg_index *idx = NULL;
	struct index_part_state st = {0}, got;
	struct strbuf err;
	int64_t next = -1;
	strbuf_init(&err, 0);

	opts.no_cache = true;
	if (index_open(&idx, &opts, "parts", &err) < 0) {
		CHECK(0, "open: %s", err.buf);
		return;
	}
	CHECK(index_part_get(idx, 0, &got, &err) == 0 && !got.has_commit && !got.stamp,
	      "a new part has no state");
	CHECK(index_part_next_seq(idx, 3, &next, &err) == 0 && next == 0, "a new part's next seq is 0");

	CHECK(index_update_begin(idx, &err) == 0, "begin");
	oid_of(&st.commit, 7);
	st.has_commit = true;
	CHECK(index_part_set(idx, 3, &st, &err) == 0, "set part 3's commit");
	st.has_commit = false;
	st.stamp = "12345 1700000000.123456789";
	CHECK(index_part_set(idx, 0, &st, &err) == 0, "set part 0's stamp");
	index_update_commit(idx, &err);
	CHECK(add_rows(idx, 3, 0, 5, 0, true) == 0 && add_rows(idx, 5, 0, 2, 50, true) == 0 &&
		      add_rows(idx, 0, 0, 3, 70, true) == 0,
	      "rows in parts 0, 3, 5");

	git_oid want;
	oid_of(&want, 7);
	CHECK(index_part_get(idx, 3, &got, &err) == 1 && got.has_commit && git_oid_equal(&got.commit, &want) &&
		      !got.stamp,
	      "part 3's commit comes back, no stamp");
	index_part_state_release(&got);
	CHECK(index_part_get(idx, 0, &got, &err) == 1 && !got.has_commit &&
		      got.stamp && !strcmp(got.stamp, "12345 1700000000.123456789"),
	      "part 0's stamp comes back, no commit");
	index_part_state_release(&got);
	CHECK(index_part_next_seq(idx, 3, &next, &err) == 0 && next == 5, "part 3's next seq is 5");

	uint32_t *parts = NULL;
	size_t count = 0;
	CHECK(index_parts(idx, &parts, &count, &err) == 0 && count == 3 && parts[0] == 0 && parts[1] == 3 &&
		      parts[2] == 5,
	      "the parts: 0, 3, 5 (part 5 has rows and no state)");
	free(parts);

	index_update_begin(idx, &err);
	CHECK(index_part_clear(idx, 3, &err) == 0, "clear part 3");
	index_update_commit(idx, &err);
	CHECK(index_part_get(idx, 3, &got, &err) == 0, "a cleared part has no state");
	CHECK(index_part_next_seq(idx, 3, &next, &err) == 0 && next == 0, "and no rows");
	CHECK(row_count(idx) == 5, "the other parts' rows stay");
	int64_t row;
	oid_of(&want, 1);
	CHECK(index_find_commit(idx, &want, &row, &err) == 0, "a cleared row is not found by its commit");
	oid_of(&want, 51);
	CHECK(index_find_commit(idx, &want, &row, &err) == 1 && row == index_row_id(5, 1),
	      "part 5's row is found by its commit");

	/* an aborted update leaves nothing */
	index_update_begin(idx, &err);
	index_part_clear(idx, 0, &err);
	index_update_abort(idx);
	CHECK(row_count(idx) == 5, "an aborted update changes nothing");

	struct message_facts f;
	removal_facts(&f);
	struct index_key key = {0, 9, NULL};
	strbuf_reset(&err);
	CHECK(index_add(idx, &key, &f, &err) < 0, "index_add outside an update fails: %s", err.buf);
	index_update_begin(idx, &err);
	key.part = INDEX_PART_MAX + 1;
	strbuf_reset(&err);
	CHECK(index_add(idx, &key, &f, &err) < 0, "a part beyond the largest fails: %s", err.buf);
	key.part = 0;
	key.seq = INDEX_SEQ_MAX + 1;
	CHECK(index_add(idx, &key, &f, &err) < 0, "a seq beyond the largest fails");
	index_update_abort(idx);
	index_close(idx);
	strbuf_release(&err);
}

/* ---- an update killed in the middle */

static void test_killed_update(void)
{
	char dir[600];
	struct strbuf err;
	strbuf_init(&err, 0);
	snprintf(dir, sizeof(dir), "%s/killed", scratch);

	struct msg_index *idx = open_in(dir, "killed");
	if (!idx) {
		CHECK(0, "open");
		return;
	}
	struct index_part_state st = {.has_commit = true};
	oid_of(&st.commit, 2);
	CHECK(add_rows(idx, 0, 0, 3, 0, false) == 0 && index_part_set(idx, 0, &st, &err) == 0 &&
		      index_update_commit(idx, &err) == 0,
	      "first update: 3 rows, state at commit 2");
	char db_path[800];
	snprintf(db_path, sizeof(db_path), "%s", index_path(idx));
	index_close(idx);

	/* a child that exits before its commit */
	pid_t pid = fork();
	if (pid == 0) {
		struct msg_index *child = open_in(dir, "killed");
		struct index_part_state later = {.has_commit = true};
		oid_of(&later.commit, 500);
		if (child && add_rows(child, 0, 3, 500, 3, false) == 0)
			index_part_set(child, 0, &later, &err);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);

	/* a child killed by SIGKILL in the middle of its inserts */
	int pipefd[2];
	if (pipe(pipefd) < 0) {
		CHECK(0, "pipe");
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		struct msg_index *child = open_in(dir, "killed");
		if (child && add_rows(child, 0, 3, 100, 3, false) == 0) {
			/* more than SQLite's page cache holds: the update spills into the WAL file */
			char *big = xcalloc(1, 16384 + 1);
			unsigned seed = 12345;
			for (int i = 0; i < 16384; i++) { /* random bytes: no page holds much of them */
				seed = seed * 1103515245u + 12345u;
				big[i] = (char)(1 + (seed >> 16) % 255);
			}
			for (int i = 0; i < 400; i++) {
				struct message_facts f;
				full_facts(&f, i);
				free(facts_rare(&f)->entry_body);
				f.rare->entry_body = big;
				struct index_key key = {1, i, NULL};
				if (index_add(child, &key, &f, &err) < 0)
					_exit(1);
				f.rare->entry_body = NULL;
				facts_release(&f);
			}
			if (write(pipefd[1], "x", 1) != 1)
				_exit(1);
			for (;;)
				pause();
		}
		_exit(1);
	}
	close(pipefd[1]);
	char c;
	bool ready = read(pipefd[0], &c, 1) == 1;
	close(pipefd[0]);
	struct strbuf wal;
	struct stat st_wal;
	strbuf_init(&wal, 0);
	strbuf_addf(&wal, "%s-wal", db_path);
	bool spilled = stat(wal.buf, &st_wal) == 0 && st_wal.st_size > 2 * 1024 * 1024;
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	CHECK(ready && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	      "the child was killed in the middle of its update");
	CHECK(spilled, "the killed update had written %lld bytes to the WAL file", (long long)st_wal.st_size);
	strbuf_release(&wal);

	warnings_text();
	idx = open_in(dir, "killed");
	CHECK(idx && !index_is_in_memory(idx), "reopened after the kills");
	CHECK_STR(warnings_text(), "", "no warning after the kills");
	if (!idx)
		return;
	struct index_part_state got;
	git_oid want;
	oid_of(&want, 2);
	CHECK(row_count(idx) == 3, "the previous 3 rows, none of the killed updates'");
	CHECK(index_part_get(idx, 0, &got, &err) == 1 && got.has_commit && git_oid_equal(&got.commit, &want),
	      "the previous state");
	index_part_state_release(&got);
	CHECK(add_rows(idx, 0, 3, 4, 3, true) == 0 && row_count(idx) == 7, "a new update after the kills");
	index_close(idx);
	strbuf_release(&err);
}

/* ---- two processes at once */

/*
 * Children only: SQLite's connections must not cross a fork, so the parent
 * keeps none open while they run.
 */
static int first_writer(const char *dir, int began)
{
	struct strbuf err;
	strbuf_init(&err, 0);
	struct msg_index *idx = open_in(dir, "concurrent");
	if (!idx || index_update_begin(idx, &err) < 0)
		return 2;
	if (write(began, "x", 1) != 1)
		return 3;
	usleep(300 * 1000); /* give the second process time to block in its begin */
	for (int i = 0; i < 50; i++) {
		struct message_facts f;
		empty_facts(&f);
		struct index_key key = {0, i, NULL};
		int rc = index_add(idx, &key, &f, &err);
		facts_release(&f);
		if (rc < 0)
			return 4;
	}
	struct index_part_state first = {.stamp = "first"};
	if (index_part_set(idx, 0, &first, &err) < 0 || index_update_commit(idx, &err) < 0)
		return 5;
	index_close(idx);
	strbuf_release(&err);
	return 0;
}

static int second_writer(const char *dir, int began)
{
	struct strbuf err;
	struct index_part_state got = {0};
	char c;
	strbuf_init(&err, 0);
	if (read(began, &c, 1) != 1)
		return 2;
	struct msg_index *idx = open_in(dir, "concurrent");
	if (!idx || index_update_begin(idx, &err) < 0)
		return 3;
	/* its update began after the first's commit: it sees it */
	if (index_part_get(idx, 0, &got, &err) != 1 || !got.stamp || strcmp(got.stamp, "first"))
		return 4;
	index_part_state_release(&got);
	struct index_part_state mine = {.stamp = "second"};
	if (index_part_set(idx, 1, &mine, &err) < 0 || index_update_commit(idx, &err) < 0)
		return 5;
	index_close(idx);
	strbuf_release(&err);
	return 0;
}

static void test_concurrent_updates(void)
{
	char dir[600];
	struct strbuf err;
	int pipefd[2], status[2];
	pid_t pids[2];
	strbuf_init(&err, 0);
	snprintf(dir, sizeof(dir), "%s/concurrent", scratch);

	struct msg_index *idx = open_in(dir, "concurrent");
	index_close(idx);
	if (!idx || pipe(pipefd) < 0) {
		CHECK(0, "open");
		return;
	}
	for (int k = 0; k < 2; k++) {
		pids[k] = fork();
		if (pids[k] == 0)
			_exit(k == 0 ? first_writer(dir, pipefd[1]) : second_writer(dir, pipefd[0]));
	}
	close(pipefd[0]);
	close(pipefd[1]);
	for (int k = 0; k < 2; k++)
		if (waitpid(pids[k], &status[k], 0) != pids[k] || !WIFEXITED(status[k]))
			status[k] = -1;
	CHECK(status[0] == 0, "the first process commits while the second waits (status %d)", status[0]);
	CHECK(status[1] == 0,
	      "the second process waited, saw the first's update, and committed its own (status %d)",
	      status[1]);
	idx = open_in(dir, "concurrent");
	struct index_part_state got;
	CHECK(idx && index_part_get(idx, 1, &got, &err) == 1 && got.stamp && !strcmp(got.stamp, "second") &&
		      row_count(idx) == 50,
	      "both updates are there");
	index_part_state_release(&got);
	index_close(idx);

	/* two full updates racing, without any order between them: both succeed */
	for (int k = 0; k < 2; k++) {
		pids[k] = fork();
		if (pids[k] == 0) {
			struct msg_index *child = open_in(dir, "concurrent");
			int rc = child && add_rows(child, (uint32_t)(10 + k), 0, 300, k * 1000, true) == 0;
			index_close(child);
			_exit(rc ? 0 : 1);
		}
	}
	int ok = 0;
	for (int k = 0; k < 2; k++)
		ok += waitpid(pids[k], &status[k], 0) == pids[k] && WIFEXITED(status[k]) && WEXITSTATUS(status[k]) == 0;
	idx = open_in(dir, "concurrent");
	CHECK(ok == 2 && idx && row_count(idx) == 650, "two racing updates both succeed: 650 rows");
	index_close(idx);
	CHECK_STR(warnings_text(), "", "no warning from concurrent runs");
	strbuf_release(&err);
}

/* ---- a cache that cannot be used */

static void check_memory_fallback(const char *label, const char *dir, const char *why)
{
	struct msg_index *idx = open_in(dir, "fallback");
	const char *text = warnings_text();
	CHECK(idx && index_is_in_memory(idx), "%s: an in-memory index", label);
	CHECK(strstr(text, "listdigest: warning: ") == text && strstr(text, why) &&
		      strstr(text, "; using an in-memory index\n") && !strchr(text, '\n')[1],
	      "%s: one warning line: %s", label, text);
	if (idx)
		CHECK(add_rows(idx, 0, 0, 3, 0, true) == 0 && row_count(idx) == 3, "%s: updates still work",
		      label);
	index_close(idx);
}

static void test_unusable_cache(void)
{
	char file[600], dir[700];
	snprintf(file, sizeof(file), "%s/a-file", scratch);
	int fd = open(file, O_CREAT | O_WRONLY, 0600);
	close(fd);
	snprintf(dir, sizeof(dir), "%s/sub", file);
	check_memory_fallback("cache dir under a file", dir, "Not a directory");

	/* the database's name is taken by a directory */
	struct index_options opts = options_in(scratch);
	struct strbuf path, err;
	strbuf_init(&path, 0);
	strbuf_init(&err, 0);
	index_file_path(&opts, "fallback", &path, &err);
	mkdir(path.buf, 0700);
	check_memory_fallback("database path is a directory", scratch, path.buf);
	rmdir(path.buf);

	/* a directory no one, not even root, can make files in */
	check_memory_fallback("unwritable cache dir (/proc)", "/proc", "/proc/frob-");

	if (geteuid() != 0) { /* root writes anywhere else */
		snprintf(dir, sizeof(dir), "%s/read-only", scratch);
		mkdir(dir, 0500);
		check_memory_fallback("read-only cache dir", dir, "Permission denied");
	}
	strbuf_release(&path);
	strbuf_release(&err);
}

/* ---- corrupt and outdated files */

static void file_path(const char *dir, const char *source_id, struct strbuf *out)
{
	struct index_options opts = options_in(dir);
	struct strbuf err;
	strbuf_init(&err, 0);
	strbuf_reset(out);
	index_file_path(&opts, source_id, out, &err);
	strbuf_release(&err);
}

static void check_rebuilt(const char *label, const char *dir, const char *source_id, const char *why)
{
	struct msg_index *idx = open_in(dir, source_id);
	const char *text = warnings_text();
	CHECK(idx && !index_is_in_memory(idx), "%s: a file index again", label);
	CHECK(strstr(text, "listdigest: warning: ") == text && strstr(text, ": rebuilding the index: ") &&
		      strstr(text, why) && !strchr(text, '\n')[1],
	      "%s: one warning line: %s", label, text);
	if (idx) {
		CHECK(row_count(idx) == 0, "%s: the rebuilt index is empty", label);
		CHECK(add_rows(idx, 0, 0, 2, 0, true) == 0, "%s: and can be updated", label);
	}
	index_close(idx);
	idx = open_in(dir, source_id);
	CHECK(idx && row_count(idx) == 2 && !*warnings_text(), "%s: reopened without a warning", label);
	index_close(idx);
}

static void run_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		printf("# %s: %s\n", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

static void test_corrupt(void)
{
	char dir[600];
	struct strbuf path;
	strbuf_init(&path, 0);
	snprintf(dir, sizeof(dir), "%s/corrupt", scratch);
	mkdir(dir, 0700);

	/* garbage bytes */
	file_path(dir, "garbage", &path);
	FILE *f = fopen(path.buf, "wb");
	for (int i = 0; f && i < 8192; i++)
		fputc((i * 7919) & 0xff, f);
	if (f)
		fclose(f);
	check_rebuilt("garbage", dir, "garbage", "file is not a database");

	/* a real index cut in the middle */
	file_path(dir, "truncated", &path);
	struct msg_index *idx = open_in(dir, "truncated");
	CHECK(idx && add_rows(idx, 0, 0, 2000, 0, true) == 0, "a real index of 2000 rows");
	index_close(idx); /* the last connection: checkpointed into the file */
	struct stat st;
	stat(path.buf, &st);
	CHECK(st.st_size > 100000 && truncate(path.buf, st.st_size / 2) == 0, "cut to half its %lld bytes",
	      (long long)st.st_size);
	check_rebuilt("truncated", dir, "truncated", "malformed");

	/* another schema version: an older or newer listdigest's */
	file_path(dir, "version", &path);
	idx = open_in(dir, "version");
	index_close(idx);
	run_sql(path.buf, "PRAGMA user_version = 99");
	check_rebuilt("schema version", dir, "version", "schema version is 99");

	/* an index of this version that lost a table */
	file_path(dir, "table", &path);
	idx = open_in(dir, "table");
	index_close(idx);
	run_sql(path.buf, "DROP TABLE message");
	check_rebuilt("a table missing", dir, "table", "no such table");

	/* a database that is not an index */
	file_path(dir, "foreign", &path);
	run_sql(path.buf, "CREATE TABLE t(x)");
	check_rebuilt("foreign database", dir, "foreign", "not a listdigest index");

	/* damage in the middle, past what opening reads: found by a load, rebuilt on request */
	file_path(dir, "middle", &path);
	idx = open_in(dir, "middle");
	CHECK(idx && add_rows(idx, 0, 0, 2000, 0, true) == 0, "another real index of 2000 rows");
	index_close(idx);
	f = fopen(path.buf, "r+b");
	if (f && fseek(f, 600 * 1024, SEEK_SET) == 0)
		for (int i = 0; i < 3 * 4096; i++)
			fputc((i * 7919) & 0xff, f);
	if (f)
		fclose(f);
	idx = open_in(dir, "middle");
	struct strbuf err;
	struct index_rows all;
	strbuf_init(&err, 0);
	CHECK(idx && !*warnings_text() && index_load_through(idx, INT64_MAX, &all, &err) < 0 &&
		      index_is_corrupt(idx),
	      "damaged pages: a load fails, as corruption: %s", err.buf);
	strbuf_reset(&err);
	CHECK(idx && index_rebuild(idx, "damaged", &err) == 0 && !index_is_in_memory(idx) &&
		      strstr(warnings_text(), ": rebuilding the index: damaged\n") && row_count(idx) == 0 &&
		      add_rows(idx, 0, 0, 2, 0, true) == 0,
	      "index_rebuild: a new, empty file, with a warning %s", err.buf);
	index_close(idx);

	/* a rebuild waits for another process to close the file */
	int pipefd[2];
	if (pipe(pipefd) == 0) {
		pid_t pid = fork();
		if (pid == 0) {
			struct msg_index *other = open_in(dir, "middle");
			bool ok = other && row_count(other) == 2 && write(pipefd[1], "x", 1) == 1;
			usleep(500 * 1000);
			index_close(other);
			_exit(ok ? 0 : 1);
		}
		char c;
		bool ready = read(pipefd[0], &c, 1) == 1;
		idx = open_in(dir, "middle");
		CHECK(ready && idx && index_rebuild(idx, "on request", &err) == 0 && !index_is_in_memory(idx) &&
			      row_count(idx) == 0,
		      "a rebuild asked while another process has the file open is done once it closes");
		int status;
		waitpid(pid, &status, 0);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the other process read its rows undisturbed");
		index_close(idx);
		warnings_text();
		close(pipefd[0]);
		close(pipefd[1]);
	}
	strbuf_release(&err);

	/* two sources whose names meet in one file */
	file_path(dir, "mine", &path);
	idx = open_in(dir, "mine");
	index_close(idx);
	run_sql(path.buf, "UPDATE meta SET value = 'theirs' WHERE key = 'source'");
	check_rebuilt("another source's file", dir, "mine", "another source");
	strbuf_release(&path);
}

/* ---- where the file lives */

static void restore_env(const char *name, char *saved)
{
	if (saved)
		setenv(name, saved, 1);
	else
		unsetenv(name);
	free(saved);
}

static void test_naming(void)
{
	char *xdg = dup_or_null(getenv("XDG_CACHE_HOME")), *home = dup_or_null(getenv("HOME"));
	struct index_options opts = INDEX_OPTIONS_INIT;
	struct strbuf path, other, err;
	char want[800];
	strbuf_init(&path, 0);
	strbuf_init(&other, 0);
	strbuf_init(&err, 0);

	opts.name = "kvm";
	setenv("XDG_CACHE_HOME", "/xdg/cache", 1);
	setenv("HOME", "/home/ana", 1);
	index_file_path(&opts, "/srv/kvm 0:abc", &path, &err);
	CHECK(!strncmp(path.buf, "/xdg/cache/listdigest/kvm-", 26) && strlen(path.buf) == 26 + 16 + 7 &&
		      !strcmp(path.buf + 42, ".sqlite"),
	      "XDG_CACHE_HOME/listdigest/<name>-<16 hex>.sqlite: %s", path.buf);
	index_file_path(&opts, "/srv/kvm 0:abc", &other, &err);
	CHECK(!strcmp(path.buf, other.buf), "the same source, the same file");
	strbuf_reset(&other);
	index_file_path(&opts, "/srv/kvm 0:abd", &other, &err);
	CHECK(strcmp(path.buf, other.buf) != 0, "another source, another file");

	setenv("XDG_CACHE_HOME", "relative/cache", 1); /* the XDG spec: ignored */
	strbuf_reset(&other);
	index_file_path(&opts, "/srv/kvm 0:abc", &other, &err);
	CHECK(!strncmp(other.buf, "/home/ana/.cache/listdigest/kvm-", 32),
	      "a relative XDG_CACHE_HOME falls back to HOME: %s", other.buf);
	unsetenv("XDG_CACHE_HOME");
	strbuf_reset(&other);
	index_file_path(&opts, "/srv/kvm 0:abc", &other, &err);
	snprintf(want, sizeof(want), "/home/ana/.cache/listdigest/%s", strrchr(path.buf, '/') + 1);
	CHECK_STR(other.buf, want, "no XDG_CACHE_HOME: HOME/.cache/listdigest");
	unsetenv("HOME");
	strbuf_reset(&other);
	CHECK(index_file_path(&opts, "/srv/kvm 0:abc", &other, &err) < 0, "neither: an error: %s", err.buf);

	opts.cache_dir = "/var/tmp/ld-cache/";
	strbuf_reset(&other);
	index_file_path(&opts, "/srv/kvm 0:abc", &other, &err);
	snprintf(want, sizeof(want), "/var/tmp/ld-cache/%s", strrchr(path.buf, '/') + 1);
	CHECK_STR(other.buf, want, "--cache DIR wins over the environment");

	opts.name = ".my list/\xc3\xa9";
	strbuf_reset(&other);
	index_file_path(&opts, "x", &other, &err);
	CHECK(!strncmp(other.buf, "/var/tmp/ld-cache/_my_list___-", 30), "a name sanitised: %s", other.buf);
	opts.name = NULL;
	strbuf_reset(&other);
	index_file_path(&opts, "x", &other, &err);
	CHECK(!strncmp(other.buf, "/var/tmp/ld-cache/source-", 25), "no name: 'source': %s", other.buf);

	/* opening creates the directories, private */
	char base[700];
	snprintf(base, sizeof(base), "%s/xdg", scratch);
	setenv("XDG_CACHE_HOME", base, 1);
	struct index_options xopts = INDEX_OPTIONS_INIT;
	xopts.name = "kvm";
	xopts.warnings = warnings;
	struct msg_index *idx = NULL;
	index_open(&idx, &xopts, "/srv/kvm", &err);
	snprintf(want, sizeof(want), "%s/xdg/listdigest", scratch);
	struct stat st;
	CHECK(idx && !index_is_in_memory(idx) && !strncmp(index_path(idx), want, strlen(want)) &&
		      stat(want, &st) == 0 && (st.st_mode & 0777) == 0700 && stat(index_path(idx), &st) == 0,
	      "the index is made in XDG_CACHE_HOME/listdigest, mode 0700: %s", idx ? index_path(idx) : "-");
	index_close(idx);

	restore_env("XDG_CACHE_HOME", xdg);
	restore_env("HOME", home);
	strbuf_release(&path);
	strbuf_release(&other);
	strbuf_release(&err);
}

/* ---- rows made ready on several threads, as an update does */

#define READY_ROWS 96
#define READY_THREADS 4

struct encoding {
	const struct message_facts *facts;
	struct index_ready_row *rows;
	int stripe;
};

static void *encode_stripe(void *arg)
{
	struct encoding *e = arg;
	for (int i = e->stripe; i < READY_ROWS; i += READY_THREADS)
		index_row_encode(&e->rows[i], &e->facts[i]);
	return NULL;
}

/* A body of len bytes, repetitive text or random bytes, as salt says. */
static char *made_body(size_t len, int salt)
{
	char *b = xmalloc(len + 1);
	unsigned x = (unsigned)salt * 2654435761u + 1;
	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		b[i] = salt % 3 ? "Reviewed the frob; fine.\n"[i % 25] : (char)(' ' + (x >> 16) % 95);
	}
	b[len] = '\0';
	return b;
}

/*
 * Rows encoded on four threads, with bodies of every size, added by this
 * thread: they come back exactly, through a load into an arena as through
 * index_add's rows.
 */
static void test_ready_rows(void)
{
	struct index_options opts = INDEX_OPTIONS_INIT;
	struct msg_index *idx = NULL;
	struct message_facts in[READY_ROWS], out[READY_ROWS];
	struct index_ready_row rows[READY_ROWS];
	int64_t ids[READY_ROWS];
	struct strbuf err;
	strbuf_init(&err, 0);

	opts.no_cache = true;
	opts.warnings = warnings;
	if (index_open(&idx, &opts, "/srv/ready", &err) < 0) {
		CHECK(0, "ready rows: open: %s", err.buf);
		return;
	}
	for (int i = 0; i < READY_ROWS; i++) {
		if (i % 7 == 6)
			empty_facts(&in[i]);
		else
			full_facts(&in[i], i);
		free(facts_rare_mut(&in[i])->entry_body);
		/* none, short (kept as text), long, and longer than zlib's window */
		size_t len = i % 4 == 0 ? 0 : i % 4 == 1 ? 100 : i % 4 == 2 ? 3000 + (size_t)i * 50 : 70000;
		facts_rare_mut(&in[i])->entry_body = i % 8 == 0 ? NULL : made_body(len, i);
		in[i].arrival = 1700000000 + i;
		ids[i] = index_row_id(0, i);
	}
	struct encoding enc[READY_THREADS];
	pthread_t threads[READY_THREADS];
	int started = 0;
	for (int t = 0; t < READY_THREADS; t++) {
		enc[t] = (struct encoding){in, rows, t};
		if (pthread_create(&threads[t], NULL, encode_stripe, &enc[t]) == 0)
			started |= 1 << t;
		else
			encode_stripe(&enc[t]);
	}
	for (int t = 0; t < READY_THREADS; t++)
		if (started & (1 << t))
			pthread_join(threads[t], NULL);

	int put = 0;
	CHECK(index_update_begin(idx, &err) == 0, "ready rows: begin");
	for (int i = 0; i < READY_ROWS; i++) {
		struct index_key key = {.part = 0, .seq = i, .commit = NULL};
		put += index_put(idx, &key, &rows[i], &err) == 0;
		index_ready_row_release(&rows[i]);
	}
	CHECK(put == READY_ROWS && index_update_commit(idx, &err) == 0, "ready rows: %d of %d put %s", put,
	      READY_ROWS, err.buf);
	CHECK(rows[0].record.buf == NULL && rows[0].list_id == NULL, "ready rows: released rows are empty");

	struct arena arena = ARENA_INIT;
	CHECK(index_load_into(idx, ids, READY_ROWS, out, &arena, &err) == 0,
	      "ready rows: loaded into an arena %s", err.buf);
	int exact = 0;
	for (int i = 0; i < READY_ROWS && !err.len; i++)
		exact += same_row(idx, ids[i], &in[i], &out[i]);
	CHECK(exact == READY_ROWS, "ready rows: %d of %d come back exactly", exact, READY_ROWS);
	/* the author is replaced in the same arena, as identity_apply_in does */
	if (!err.len) {
		struct message_author replaced = *out[1].author;
		replaced.name = arena_strdup(&arena, "Replaced Name");
		out[1].author = message_author_share(&arena, &replaced);
	}
	index_facts_release(err.len ? NULL : out, err.len ? 0 : READY_ROWS, &arena);
	CHECK(arena.blocks == NULL && out[1].author == NULL, "ready rows: the arena and the facts released");

	/*
	 * The ids apart: the same facts; then the ids forgotten and their
	 * arena freed, every other field still there (the sanitizers would
	 * see one that lived in the freed arena).
	 */
	struct arena rest = ARENA_INIT, id_arena = ARENA_INIT;
	strbuf_reset(&err);
	CHECK(index_load_apart(idx, ids, READY_ROWS, out, &rest, &id_arena, &err) == 0 && id_arena.blocks,
	      "ready rows: loaded with the ids apart %s", err.buf);
	exact = 0;
	for (int i = 0; i < READY_ROWS && !err.len; i++)
		exact += same_row(idx, ids[i], &in[i], &out[i]);
	CHECK(exact == READY_ROWS, "ready rows: %d of %d come back exactly with the ids apart", exact, READY_ROWS);
	if (!err.len) {
		facts_forget_ids(out, READY_ROWS);
		arena_release(&id_arena);
		int kept = 0;
		for (int i = 0; i < READY_ROWS; i++) {
			const struct message_rare *rare = facts_rare(&out[i]);
			bool ids_gone = !out[i].ids && !out[i].reference_count && !facts_thread_root(&out[i]) &&
					!facts_in_reply_to(&out[i]) && !rare->linked_id_count;
			bool rest_kept = same_string(facts_author_addr(&out[i]), facts_author_addr(&in[i])) &&
					 same_string(rare->subject, facts_rare(&in[i])->subject) &&
					 same_string(facts_list_id(&out[i]), facts_list_id(&in[i])) &&
					 same_string(rare->change_id, facts_rare(&in[i])->change_id) &&
					 rare->trailer_count == facts_rare(&in[i])->trailer_count &&
					 (!rare->trailer_count ||
					  same_string(rare->trailers[0].addr, facts_rare(&in[i])->trailers[0].addr));
			kept += ids_gone && rest_kept;
		}
		CHECK(kept == READY_ROWS, "ready rows: %d of %d lose their ids alone with their arena", kept,
		      READY_ROWS);
		index_facts_release(out, READY_ROWS, &rest);
	}
	arena_release(&id_arena);

	/* a load that fails leaves nothing behind, the arena included */
	int64_t bad[2] = {ids[3], index_row_id(5, 5)};
	arena = (struct arena)ARENA_INIT;
	strbuf_reset(&err);
	CHECK(index_load_into(idx, bad, 2, out, &arena, &err) < 0 && arena.blocks == NULL &&
		      out[0].rare == NULL,
	      "ready rows: a failed load into an arena releases it: %s", err.buf);
	strbuf_reset(&err);
	CHECK(index_load_apart(idx, bad, 2, out, &rest, &id_arena, &err) < 0 && rest.blocks == NULL &&
		      id_arena.blocks == NULL,
	      "ready rows: a failed load with the ids apart releases both arenas: %s", err.buf);

	for (int i = 0; i < READY_ROWS; i++)
		facts_release(&in[i]);
	index_close(idx);
	strbuf_release(&err);
}

/* skip_patch_ids: loads leave the patch-id out, in an arena or not, and keep the rest. */
static void test_skip_patch_ids(void)
{
	for (int skip = 0; skip < 2; skip++) {
		struct index_options opts = INDEX_OPTIONS_INIT;
		struct msg_index *idx = NULL;
		struct strbuf err;
		struct message_facts in, out[2];
		struct arena arena = ARENA_INIT;
		struct index_key key = {0, 1, NULL};
		int64_t row = index_row_id(0, 1);
		strbuf_init(&err, 0);
		opts.no_cache = true;
		opts.warnings = warnings;
		opts.skip_patch_ids = skip;
		full_facts(&in, 4);
		bool ready = index_open(&idx, &opts, "/srv/skip", &err) == 0 &&
			     index_update_begin(idx, &err) == 0 && index_add(idx, &key, &in, &err) == 0 &&
			     index_update_commit(idx, &err) == 0 && index_read_begin(idx, &err) == 0;
		CHECK(ready, "skip_patch_ids %d: a row added %s", skip, err.buf);
		bool loaded = ready && index_load_into(idx, &row, 1, &out[0], NULL, &err) == 0 &&
			      index_load_into(idx, &row, 1, &out[1], &arena, &err) == 0;
		CHECK(loaded, "skip_patch_ids %d: loaded, malloc'd and in an arena %s", skip, err.buf);
		for (int k = 0; loaded && k < 2; k++) {
			const git_oid *loaded_id = facts_rare(&out[k])->patch_id;
			CHECK(skip ? loaded_id == NULL : loaded_id && git_oid_equal(loaded_id, in.rare->patch_id),
			      "skip_patch_ids %d: the patch-id is %s (%s)", skip, skip ? "left out" : "loaded",
			      k ? "arena" : "malloc");
			CHECK(!strcmp(facts_own_message_id(&out[k]), facts_own_message_id(&in)) && out[k].rare &&
				      out[k].rare->trailer_count == 3 && out[k].reference_count == 4,
			      "skip_patch_ids %d: the other fields are loaded (%s)", skip, k ? "arena" : "malloc");
		}
		if (loaded) {
			index_facts_release(&out[0], 1, NULL);
			index_facts_release(&out[1], 1, &arena);
		}
		if (ready)
			index_read_end(idx);
		facts_release(&in);
		index_close(idx);
		strbuf_release(&err);
	}
}

/*
 * skip_subjects: loads leave the subject NULL, in an arena or not, and
 * index_load_subject_and_id reads it and the message-id, "" and none for
 * a row without; record_subject_and_id reads them from a record, and
 * refuses one cut before their end.
 */
static void test_skip_subjects(void)
{
	for (int skip = 0; skip < 2; skip++) {
		struct index_options opts = INDEX_OPTIONS_INIT;
		struct msg_index *idx = NULL;
		struct strbuf err, subject, id;
		struct message_facts in[2], out[2];
		struct arena arena = ARENA_INIT;
		struct index_key keys[2] = {{0, 1, NULL}, {0, 2, NULL}};
		int64_t rows[2] = {index_row_id(0, 1), index_row_id(0, 2)};
		strbuf_init(&err, 0);
		strbuf_init(&subject, 0);
		strbuf_init(&id, 0);
		opts.no_cache = true;
		opts.warnings = warnings;
		opts.skip_subjects = skip;
		full_facts(&in[0], 5);
		removal_facts(&in[1]); /* no subject */
		bool ready = index_open(&idx, &opts, "/srv/skip-subjects", &err) == 0 &&
			     index_update_begin(idx, &err) == 0 && index_add(idx, &keys[0], &in[0], &err) == 0 &&
			     index_add(idx, &keys[1], &in[1], &err) == 0 && index_update_commit(idx, &err) == 0 &&
			     index_read_begin(idx, &err) == 0;
		CHECK(ready, "skip_subjects %d: rows added %s", skip, err.buf);
		bool loaded = ready && index_load_into(idx, rows, 1, &out[0], NULL, &err) == 0 &&
			      index_load_into(idx, rows, 1, &out[1], &arena, &err) == 0;
		CHECK(loaded, "skip_subjects %d: loaded, malloc'd and in an arena %s", skip, err.buf);
		for (int k = 0; loaded && k < 2; k++) {
			const char *loaded_subject = facts_rare(&out[k])->subject;
			CHECK(skip ? loaded_subject == NULL : loaded_subject && !strcmp(loaded_subject, in[0].rare->subject),
			      "skip_subjects %d: the subject is %s (%s)", skip, skip ? "left out" : "loaded",
			      k ? "arena" : "malloc");
			CHECK(!strcmp(facts_own_message_id(&out[k]), facts_own_message_id(&in[0])) && out[k].tag_major == 8 &&
				      out[k].tag_number == 5 && !strcmp(facts_author_key(&out[k]), "ana.dev@example.org"),
			      "skip_subjects %d: the other fields are loaded (%s)", skip, k ? "arena" : "malloc");
		}
		CHECK(ready && index_load_subject_and_id(idx, rows[0], &subject, &id, &err) == 1 &&
			      !strcmp(subject.buf, in[0].rare->subject) && !strcmp(id.buf, facts_own_message_id(&in[0])),
		      "skip_subjects %d: index_load_subject_and_id reads the row's (%s, %s)", skip, subject.buf,
		      id.buf);
		CHECK(ready && index_load_subject_and_id(idx, rows[1], &subject, &id, &err) == 0 && subject.len == 0 &&
			      id.len == 0,
		      "skip_subjects %d: a row without a subject or an id reads as \"\" and none", skip);
		strbuf_reset(&err);
		CHECK(ready && index_load_subject_and_id(idx, index_row_id(0, 9), &subject, &id, &err) < 0 && err.len,
		      "skip_subjects %d: a row that is not there is an error (%s)", skip, err.buf);
		/* what the applied check reads of a patch, whatever the loads kept */
		git_oid patch_id, untouched;
		memset(&patch_id, 0x5a, sizeof(patch_id));
		untouched = patch_id;
		CHECK(ready && index_load_patch(idx, rows[0], &subject, &patch_id, &err) == 1 &&
			      !strcmp(subject.buf, in[0].rare->subject) && git_oid_equal(&patch_id, in[0].rare->patch_id),
		      "skip_subjects %d: index_load_patch reads the row's subject and patch-id (%s)", skip, subject.buf);
		CHECK(ready && index_load_patch(idx, rows[1], &subject, &untouched, &err) == 0 && subject.len == 0 &&
			      untouched.id[0] == 0x5a,
		      "skip_subjects %d: a row without a patch-id reads as \"\" and none, the id untouched", skip);
		strbuf_reset(&err);
		CHECK(ready && index_load_patch(idx, index_row_id(0, 9), &subject, &patch_id, &err) < 0 && err.len,
		      "skip_subjects %d: index_load_patch of a row that is not there is an error (%s)", skip, err.buf);
		if (loaded) {
			index_facts_release(&out[0], 1, NULL);
			index_facts_release(&out[1], 1, &arena);
		}
		if (ready)
			index_read_end(idx);
		facts_release(&in[0]);
		facts_release(&in[1]);
		index_close(idx);
		strbuf_release(&err);
		strbuf_release(&subject);
		strbuf_release(&id);
	}

	struct message_facts f;
	struct strbuf rec;
	const char *found, *found_id;
	strbuf_init(&rec, 0);
	full_facts(&f, 7);
	record_encode(&rec, &f, 0);
	CHECK(record_subject_and_id(rec.buf, rec.len, &found, &found_id) && found &&
		      !strcmp(found, f.rare->subject) &&
		      found_id && !strcmp(found_id, facts_own_message_id(&f)),
	      "record_subject_and_id: reads the subject and the id of a whole record");
	/* the message-id follows the subject */
	const char *own_id = facts_own_message_id(&f);
	const char *end = memmem(rec.buf, rec.len, own_id, strlen(own_id));
	size_t through = end ? (size_t)(end - rec.buf) + strlen(own_id) + 1 : rec.len;
	bool refused = true;
	for (size_t len = 0; len < through; len++) {
		/* a copy of just len bytes, so that the sanitizers see a read past them */
		char *cut = xmemdupz(rec.buf, len);
		refused = refused && !record_subject_and_id(len ? cut : NULL, len, &found, &found_id);
		free(cut);
	}
	CHECK(end && refused, "record_subject_and_id: a record cut before the id's end is refused (%zu cuts)",
	      through);
	facts_release(&f);
	strbuf_release(&rec);
}

void test_index(void);
void test_index(void)
{
	const char *base = getenv("BUILD_DIR");
	snprintf(scratch, sizeof(scratch), "%s/index.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(scratch)) {
		CHECK(0, "mkdtemp %s", scratch);
		return;
	}
	warnings = tmpfile();
	if (!warnings) {
		CHECK(0, "tmpfile");
		return;
	}
	test_roundtrip();
	test_ready_rows();
	test_repeats();
	test_record_damage();
	test_skip_patch_ids();
	test_skip_subjects();
	test_parts();
	test_killed_update();
	test_concurrent_updates();
	test_unusable_cache();
	test_corrupt();
	test_naming();
	fclose(warnings);
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch);
	if (system(cmd) != 0)
		printf("# cannot remove %s\n", scratch);
}
