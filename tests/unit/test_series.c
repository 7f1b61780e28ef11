/* The life of series from hand-made facts: links, replies, trailers, states, lists, links to lore. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

#include "../../src/common/strbuf.h"
#include "../../src/common/strmap.h"
#include "../../src/report/report.h"
#include "../../src/report/series_text.h"
#include "../../src/report/text.h"
#include "../../src/series/internal.h"
#include "../../src/series/series.h"

void test_series(void);

#define DAY 86400
#define T0 1700000000 /* 2023-11-14 22:13:20 UTC */

/* An archive built oldest first; series_compute wants it newest first. */
struct archive {
	struct message_facts m[64];
	bool selected[64];
	size_t n;
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* A message: id, subject, "Name <addr>" parts, arrival, thread root, In-Reply-To. */
static struct message_facts *add(struct archive *a, const char *id, const char *subject,
				 const char *name, const char *addr, int64_t arrival,
				 const char *root, const char *in_reply_to)
{
	struct message_facts *f = &a->m[a->n];
	memset(f, 0, sizeof(*f));
	f->present = true;
	facts_set_author(f, dup_or_null(name), dup_or_null(addr), dup_or_null(addr));
	facts_rare_mut(f)->subject = strdup(subject);
	facts_read_tag(f, f->rare->subject);
	facts_set_ids(f, NULL, id, NULL, 0);
	facts_set_in_reply_to(f, dup_or_null(in_reply_to));
	facts_set_thread_root(f, strdup(root ? root : id));
	facts_set_list_id(f, strdup("Frob list <frob.lists.example.org>"));
	f->arrival = arrival;
	a->selected[a->n] = true;
	a->n++;
	return f;
}

static void add_reference(struct message_facts *f, const char *id)
{
	const char *refs[FACTS_REFERENCES_MAX];
	for (size_t i = 0; i < f->reference_count; i++)
		refs[i] = facts_reference(f, i);
	refs[f->reference_count] = id;
	facts_set_ids(f, NULL, facts_own_message_id(f), refs, f->reference_count + 1u);
}

static void add_trailer(struct message_facts *f, enum trailer_kind kind, const char *person,
			const char *addr)
{
	struct message_rare *rare = facts_rare_mut(f);
	rare->trailers = realloc(rare->trailers, (rare->trailer_count + 1) * sizeof(*rare->trailers));
	rare->trailers[rare->trailer_count].kind = kind;
	rare->trailers[rare->trailer_count].person = strdup(person);
	rare->trailers[rare->trailer_count].addr = strdup(addr);
	rare->trailer_count++;
}

static void add_link(struct message_facts *f, const char *id)
{
	struct message_rare *rare = facts_rare_mut(f);
	rare->linked_ids = realloc(rare->linked_ids, (rare->linked_id_count + 1) * sizeof(*rare->linked_ids));
	rare->linked_ids[rare->linked_id_count++] = strdup(id);
}

/*
 * With every message selected, the revisions may be the digest's series
 * (series_options.patch_list), as a whole archive's run takes them: the
 * report must be the same, block for block.
 */
static char *status_text(const struct series_report *r);

static void compare_with_patch_list(const struct archive *a, const struct series_report *r,
				    const struct series_options *o)
{
	for (size_t i = 0; i < a->n; i++)
		if (!a->selected[i])
			return;
	struct digest d;
	struct series_report again;
	struct series_options with = *o;
	digest_build(&d, a->m, a->n);
	with.patch_list = &d;
	series_compute(&again, &with);
	char *expected = status_text(r), *got = status_text(&again);
	bool same = !strcmp(expected, got) && again.thread_count == r->thread_count &&
		    again.block_count == r->block_count;
	for (size_t b = 0; same && b < r->block_count; b++)
		same = again.blocks[b].head == r->blocks[b].head &&
		       again.blocks[b].earlier_count == r->blocks[b].earlier_count &&
		       again.blocks[b].state == r->blocks[b].state;
	CHECK(same, "the digest's series as the revisions give the same blocks (%zu blocks)",
	      r->block_count);
	free(expected);
	free(got);
	series_report_release(&again);
	digest_release(&d);
}

/* Newest first, then computed; the end is the newest selected arrival. */
static void compute(struct archive *a, struct series_report *r, const struct identity *id,
		    series_applied_fn applied, const void *ctx)
{
	for (size_t i = 0; i < a->n / 2; i++) {
		struct message_facts t = a->m[i];
		a->m[i] = a->m[a->n - 1 - i];
		a->m[a->n - 1 - i] = t;
		bool s = a->selected[i];
		a->selected[i] = a->selected[a->n - 1 - i];
		a->selected[a->n - 1 - i] = s;
	}
	int64_t end = 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->selected[i] && a->m[i].arrival > end)
			end = a->m[i].arrival;
	struct identity none = {0};
	struct series_options o = {
		.universe = a->m, .selected = a->selected, .count = a->n, .end = end,
		.identity = id ? id : &none, .applied_find = applied, .applied_ctx = ctx,
		.applied_tree = "frob", .waiting_days = 30, .top = 15,
	};
	series_compute(r, &o);
	compare_with_patch_list(a, r, &o);
}

static void release(struct archive *a, struct series_report *r)
{
	series_report_release(r);
	for (size_t i = 0; i < a->n; i++)
		facts_release(&a->m[i]);
	a->n = 0;
}

/* The whole status section, for comparing blocks at once. */
static char *status_text(const struct series_report *r)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	struct report_run run = {.series = r, .lore_base = "http://inbox.example.org/frob"};
	report_series_status(&sb, &run);
	return strbuf_detach(&sb, NULL);
}

static const struct series_block *block_of(const struct series_report *r, const char *head_id)
{
	for (size_t b = 0; b < r->block_count; b++)
		if (!strcmp(facts_own_message_id(r->blocks[b].head), head_id))
			return &r->blocks[b];
	return NULL;
}

static void test_link_rules(void)
{
	struct archive a = {0};
	struct series_report r;
	const struct series_block *b;

	/* v1 and v2 share author and title (rule 4); v2 and v3 a change-id (rule 1) */
	add(&a, "v1", "[PATCH] frob: add knob", "Ann", "ann@example.com", T0, NULL, NULL);
	facts_rare_mut(add(&a, "v2c", "[PATCH v2 0/2] frob: add knob", "Ann", "ann@example.com", T0 + DAY,
			   NULL, NULL))->change_id = strdup("20231114-knob-1234");
	add(&a, "v2a", "[PATCH v2 1/2] frob: add knob", "Ann", "ann@example.com", T0 + DAY, "v2c", "v2c");
	add(&a, "v2b", "[PATCH v2 2/2] frob: document knob", "Ann", "ann@example.com", T0 + DAY, "v2c", "v2c");
	/* v3: other title, but the same change-id */
	facts_rare_mut(add(&a, "v3c", "[PATCH v3 0/2] frob: knobs", "Ann", "ann@example.com", T0 + 2 * DAY,
			   NULL, NULL))->change_id = strdup("20231114-knob-1234");
	/* v4: only a link to v1's message (rule 3) */
	add_link(add(&a, "v4", "[PATCH v4] frob: knob it", "Ann", "ann@example.com", T0 + 3 * DAY, NULL, NULL), "v1");
	/* v5: in reply to v2's 2/2 (rule 2) */
	add(&a, "v5", "[PATCH v5] frob: the knob", "Ann", "ann@example.com", T0 + 4 * DAY, "v2c", "v2b");
	compute(&a, &r, NULL, NULL, NULL);
	b = block_of(&r, "v5");
	CHECK(b && b->earlier_count == 4, "rules 1-3 join v1..v5 into one series (v5 has 4 earlier)");
	if (b && b->earlier_count == 4)
		CHECK(b->earlier[0].version.major == 4 && b->earlier[3].version.major == 1,
		      "earlier revisions are newest first");
	b = block_of(&r, "v3c");
	CHECK(b && b->state == SERIES_SUPERSEDED && b->superseded_by.version.major == 5,
	      "v3 is superseded by the newest revision, v5");
	b = block_of(&r, "v1");
	CHECK(b && b->earlier_count == 0, "v1 has no earlier revision");
	release(&a, &r);

	/* rule 3 skipping a revision: v3 links only v1, v2 joins by title: all three are one series */
	add(&a, "w1", "[PATCH 0/1] bar: speed up", "Bo", "bo@example.org", T0, NULL, NULL);
	add(&a, "w2", "[PATCH v2 0/1] bar: speed up", "Bo", "bo@example.org", T0 + DAY, NULL, NULL);
	add_link(add(&a, "w3", "[PATCH v3 0/1] bar: go faster", "Bo", "bo@example.org", T0 + 2 * DAY, NULL, NULL), "w1");
	compute(&a, &r, NULL, NULL, NULL);
	b = block_of(&r, "w3");
	CHECK(b && b->earlier_count == 2, "a link to v1 and a title shared by v1 and v2 join all three");
	release(&a, &r);
}

static void test_rule4(void)
{
	struct archive a = {0};
	struct series_report r;
	const struct series_block *b;

	add(&a, "a1", "[PATCH] Frob:   Fix   the  thing ", "Cy", "cy@example.com", T0, NULL, NULL);
	add(&a, "a2", "[PATCH v2] frob: fix the thing", "Cy", "cy@example.com", T0 + 365 * (int64_t)DAY, NULL, NULL);
	/* more than 365 days after v2 */
	add(&a, "a3", "[PATCH v3] frob: fix the thing", "Cy", "cy@example.com", T0 + 731 * (int64_t)DAY, NULL, NULL);
	compute(&a, &r, NULL, NULL, NULL);
	b = block_of(&r, "a2");
	CHECK(b && b->earlier_count == 1, "rule 4: same author and normalised title within 365 days");
	b = block_of(&r, "a3");
	CHECK(b && b->earlier_count == 0, "rule 4: not when the earlier arrived more than 365 days before");
	release(&a, &r);

	add(&a, "b1", "[PATCH v2] frob: fix", "Cy", "cy@example.com", T0, NULL, NULL);
	add(&a, "b2", "[PATCH v2] frob: fix", "Cy", "cy@example.com", T0 + DAY, NULL, NULL);
	add(&a, "b4", "[PATCH] frob: fix", "Cy", "cy@example.com", T0 + 3 * DAY, NULL, NULL);
	add(&a, "b5", "[PATCH v3] frob: fix", "Di", "di@example.com", T0 + 4 * DAY, NULL, NULL);
	compute(&a, &r, NULL, NULL, NULL);
	b = block_of(&r, "b2");
	CHECK(b && b->earlier_count == 0, "rule 4: the same version without RESEND does not link");
	b = block_of(&r, "b4");
	CHECK(b && b->earlier_count == 0, "rule 4: a lower version later does not link");
	b = block_of(&r, "b5");
	CHECK(b && b->earlier_count == 0, "rule 4: another author does not link");
	release(&a, &r);

	add(&a, "b1", "[PATCH v2] frob: fix", "Cy", "cy@example.com", T0, NULL, NULL);
	add(&a, "b3", "[PATCH RESEND v2] frob: fix", "Cy", "cy@example.com", T0 + 2 * DAY, NULL, NULL);
	compute(&a, &r, NULL, NULL, NULL);
	b = block_of(&r, "b3");
	CHECK(b && b->earlier_count == 1, "rule 4: a RESEND of the same version links");
	release(&a, &r);

	add(&a, "c1", "[PATCH v8] frob: minor", "Cy", "cy@example.com", T0, NULL, NULL);
	add(&a, "c2", "[PATCH v8.1] frob: minor", "Cy", "cy@example.com", T0 + DAY, NULL, NULL);
	compute(&a, &r, NULL, NULL, NULL);
	b = block_of(&r, "c1");
	CHECK(b && b->state == SERIES_SUPERSEDED && b->superseded_by.version.major == 8 &&
	      b->superseded_by.version.minor == 1, "8.1 comes after 8 and supersedes it");
	char *text = status_text(&r);
	CHECK(strstr(text, "  earlier: v8 2023-11-14 (1 patch)\n") != NULL, "earlier: line of v8.1");
	CHECK(strstr(text, "  state: superseded by v8.1 (2023-11-15)\n") != NULL, "state line of v8");
	free(text);
	release(&a, &r);

	CHECK(series_subject_is_resend("[RESEND][PATCH] x", 16), "[RESEND][PATCH] is a resend");
	CHECK(series_subject_is_resend("[PATCH RESEND v2 1/3] x", 22), "[PATCH RESEND v2 1/3] is a resend");
	CHECK(!series_subject_is_resend("[PATCH] RESEND x", 8), "RESEND in the title is not");
	struct strbuf key;
	strbuf_init(&key, 0);
	patch_title_add(&key, "[PATCH]  Foo\tBAR  baz ");
	CHECK_STR(key.buf, "foo bar baz", "title key: lower-cased, blanks collapsed, trimmed");
	strbuf_release(&key);
}

/*
 * A revision's head is its cover letter, else its lowest-numbered patch,
 * the newest on ties, whatever order its members arrived in: here the
 * cover letter after 1/3, and the members of another revision between.
 */
static void test_heads_out_of_order(void)
{
	struct archive a = {0};
	struct series_report r;
	add(&a, "h1", "[PATCH 1/3] frob: one", "Cy", "cy@example.com", T0, "h0", "h0");
	add(&a, "h0", "[PATCH 0/3] frob: all", "Cy", "cy@example.com", T0 + 1, NULL, NULL);
	add(&a, "k2", "[PATCH 2/2] knob: two", "Di", "di@example.com", T0 + 2, "k1", "k1");
	add(&a, "h3", "[PATCH 3/3] frob: three", "Cy", "cy@example.com", T0 + 3, "h0", "h0");
	add(&a, "k1", "[PATCH 1/2] knob: one", "Di", "di@example.com", T0 + 4, NULL, NULL);
	add(&a, "h2", "[PATCH 2/3] frob: two", "Cy", "cy@example.com", T0 + 5, "h0", "h0");
	add(&a, "k1b", "[PATCH 1/2] knob: one", "Di", "di@example.com", T0 + 6, "k1", "k1");
	compute(&a, &r, NULL, NULL, NULL);
	const struct series_block *h0 = block_of(&r, "h0"), *k1 = block_of(&r, "k1b");
	CHECK(r.block_count == 2 && h0 && h0->patches == 3 && k1 && k1->patches == 2,
	      "heads: the cover letter that came after 1/3; the newer of two 1/2 (%zu blocks)", r.block_count);
	release(&a, &r);
}

/* Subjects held apart, as a load that leaves them in the index has them. */
struct held_subjects {
	const struct message_facts *universe;
	char *subject[64];
	size_t reads;
	bool fail;       /* every read fails, as a damaged index's would */
};

static const char *read_held(void *ctx, const struct message_facts *f)
{
	struct held_subjects *h = ctx;
	h->reads++;
	return h->fail ? NULL : h->subject[f - h->universe];
}

/*
 * Rule 4 with the subjects left out of the facts: read through the
 * reader, once for each head, they link as the facts' own do; a reader
 * that cannot read harms nothing (the run reports its error).
 */
static void test_rule4_read_subjects(void)
{
	for (int fail = 0; fail < 2; fail++) {
		struct archive a = {0};
		struct series_report r;
		struct held_subjects held = {.universe = a.m, .fail = fail};
		add(&a, "b1", "[PATCH v2] frob: fix", "Cy", "cy@example.com", T0, NULL, NULL);
		add(&a, "b3", "[PATCH RESEND v2] frob: fix", "Cy", "cy@example.com", T0 + 2 * DAY, NULL, NULL);
		add(&a, "d1", "[PATCH 1/2] frob: more", "Cy", "cy@example.com", T0 + 3 * DAY, NULL, NULL);
		add(&a, "d2", "[PATCH 2/2] frob: more", "Cy", "cy@example.com", T0 + 3 * DAY + 1, "d1", "d1");
		add(&a, "e1", "[PATCH v2 1/1] frob: more", "Cy", "cy@example.com", T0 + 4 * DAY, NULL, NULL);
		/* newest first, as compute orders them; then the subjects go to the reader */
		for (size_t i = 0; i < a.n / 2; i++) {
			struct message_facts t = a.m[i];
			a.m[i] = a.m[a.n - 1 - i];
			a.m[a.n - 1 - i] = t;
		}
		for (size_t i = 0; i < a.n; i++) {
			held.subject[i] = a.m[i].rare->subject;
			a.m[i].rare->subject = NULL;
		}
		struct identity none = {0};
		struct series_options o = {
			.universe = a.m, .selected = a.selected, .count = a.n, .end = T0 + 4 * DAY,
			.identity = &none, .waiting_days = 30, .top = 15, .reader = {.subject = read_held, .ctx = &held},
		};
		series_compute(&r, &o);
		const struct series_block *b3 = block_of(&r, "b3"), *e1 = block_of(&r, "e1");
		if (!fail) {
			CHECK(b3 && b3->earlier_count == 1 && e1 && e1->earlier_count == 1,
			      "rule 4 with subjects read as wanted: a RESEND and a later version link");
		} else {
			/* every title reads as "": the run fails on the reader's error, and must get there */
			CHECK(b3 && e1 && r.block_count == 4,
			      "rule 4 with subjects that cannot be read: the blocks are still made");
		}
		/* four revisions, one head each; the second patch is no head */
		CHECK(held.reads == 4, "rule 4 reads each head's subject once (%s): %zu reads",
		      fail ? "failing" : "read", held.reads);
		for (size_t i = 0; i < a.n; i++)
			a.m[i].rare->subject = held.subject[i];
		release(&a, &r);
	}
}

static void test_replies(void)
{
	struct archive a = {0};
	struct series_report r;
	struct message_facts *f;

	add(&a, "c0", "[PATCH 0/3] knob: new", "Ann", "ann@example.com", T0, NULL, NULL);
	add(&a, "p1", "[PATCH 1/3] knob: a", "Ann", "ann@example.com", T0, "c0", "c0");
	add(&a, "p2", "[PATCH 2/3] knob: b", "Ann", "ann@example.com", T0, "c0", "c0");
	add(&a, "p3", "[PATCH 3/3] knob: c", "Ann", "ann@example.com", T0, "c0", "c0");
	/* on the cover letter: covers all */
	f = add(&a, "r1", "Re: [PATCH 0/3] knob: new", "Bo", "bo@example.org", T0 + 100, "c0", "c0");
	add_trailer(f, TRAILER_REVIEWED, "Bo Builder <Bo@Example.org>", "bo@example.org");
	/* through an intermediate reply to patch 1 */
	add(&a, "r2", "Re: [PATCH 1/3] knob: a", "Cy", "cy@example.com", T0 + 200, "c0", "p1");
	f = add(&a, "r3", "Re: [PATCH 1/3] knob: a", "Di", "di@example.com", T0 + 300, "c0", "r2");
	add_trailer(f, TRAILER_ACKED, "Di <di@example.com>", "di@example.com");
	/* In-Reply-To names a missing message: References newest to oldest reach patch 3 */
	f = add(&a, "r4", "Re: [PATCH 3/3] knob: c", "Di", "di@example.com", T0 + 400, "c0", "gone");
	add_reference(f, "c0");
	add_reference(f, "p3");
	add_reference(f, "gone");
	add_trailer(f, TRAILER_ACKED, "Di <di@example.com>", "di@example.com");
	/* a trailer for someone else, and a Tested-by */
	f = add(&a, "r5", "Re: [PATCH 2/3] knob: b", "Cy", "cy@example.com", T0 + 500, "c0", "p2");
	add_trailer(f, TRAILER_TESTED, "Eve <eve@example.net>", "eve@example.net");
	/* a loop of References between two messages that reach nothing */
	f = add(&a, "x1", "Re: loop", "Fa", "fa@example.com", T0 + 600, "x2", "x2");
	f = add(&a, "x2", "Re: loop", "Fa", "fa@example.com", T0 + 700, "x1", "x1");
	compute(&a, &r, NULL, NULL, NULL);
	const struct series_block *b = block_of(&r, "c0");
	CHECK(b && b->replies == 5 && b->repliers == 3, "5 replies from 3 people reach the revision (got %zu, %zu)",
	      b ? (size_t)b->replies : 0, b ? (size_t)b->repliers : 0);
	char *text = status_text(&r);
	CHECK_STR(text,
		  "[PATCH 0/3] knob: new\n"
		  "  v1, 3 patches, by Ann <ann@example.com>, 2023-11-14\n"
		  "  replies: 5 from 3 people\n"
		  "  Reviewed-by: Bo Builder <Bo@Example.org> (all)\n"
		  "  Acked-by: Di <di@example.com> (1,3)\n"
		  "  Tested-by: Eve <eve@example.net> (2) (sent by cy@example.com)\n"
		  "  state: reviewed\n"
		  "  http://inbox.example.org/frob/c0/\n",
		  "cover trailer covers all, replies through replies and References, sent by");
	free(text);
	release(&a, &r);
}

static void test_sent_by_mailmap(void)
{
	struct archive a = {0};
	struct series_report r;
	struct identity id = {0};
	struct strbuf err;
	const char map[] = "Gil Old <gil@new.example.com> <gil@old.example.com>\n";

	strbuf_init(&err, 0);
	CHECK(mailmap_from_buffer(&id.mailmap, "map", map, strlen(map), &err) == 0, "mailmap loads");
	add(&a, "s1", "[PATCH] gil: one", "Ann", "ann@example.com", T0, NULL, NULL);
	/* the reply's author is already canonical (identity_apply ran); the trailer names the old address */
	struct message_facts *f = add(&a, "s2", "Re: [PATCH] gil: one", "Gil", "gil@new.example.com", T0 + 10, "s1", "s1");
	add_trailer(f, TRAILER_REVIEWED, "Gil <gil@old.example.com>", "gil@old.example.com");
	compute(&a, &r, &id, NULL, NULL);
	char *text = status_text(&r);
	CHECK(strstr(text, "  Reviewed-by: Gil <gil@old.example.com> (all)\n") != NULL,
	      "a trailer of the sender's old address (after mailmap) is not marked sent by");
	free(text);
	release(&a, &r);
	identity_release(&id);
	strbuf_release(&err);
}

/* Applied: patch 1 of the "ap" series, every patch of "full". */
static const git_oid *fake_applied(const void *ctx, const struct message_facts *patch)
{
	const git_oid *oid = ctx;
	if (!strcmp(facts_own_message_id(patch), "ap1") || !strncmp(facts_own_message_id(patch), "full", 4))
		return oid;
	return NULL;
}

static void test_states(void)
{
	struct archive a = {0};
	struct series_report r;
	struct message_facts *f;
	git_oid oid;

	git_oid_fromstr(&oid, "1abcdef0123456789abcdef0123456789abcdef0");
	/* nacked and reviewed: nacked wins */
	add(&a, "n1", "[PATCH] n: one", "Ann", "ann@example.com", T0, NULL, NULL);
	f = add(&a, "n2", "Re: [PATCH] n: one", "Bo", "bo@example.org", T0 + 1, "n1", "n1");
	add_trailer(f, TRAILER_REVIEWED, "Bo <bo@example.org>", "bo@example.org");
	add_trailer(f, TRAILER_NACKED, "Bo <bo@example.org>", "bo@example.org");
	/* partly applied beats nacked */
	add(&a, "ap0", "[PATCH 0/2] ap: two", "Ann", "ann@example.com", T0 + 2, NULL, NULL);
	add(&a, "ap1", "[PATCH 1/2] ap: a", "Ann", "ann@example.com", T0 + 2, "ap0", "ap0");
	add(&a, "ap2", "[PATCH 2/2] ap: b", "Ann", "ann@example.com", T0 + 2, "ap0", "ap0");
	f = add(&a, "ap3", "Re: [PATCH 0/2] ap: two", "Bo", "bo@example.org", T0 + 3, "ap0", "ap0");
	add_trailer(f, TRAILER_NACKED, "Bo <bo@example.org>", "bo@example.org");
	/* applied */
	add(&a, "full", "[PATCH] full: one", "Ann", "ann@example.com", T0 + 4, NULL, NULL);
	/* partly reviewed: one patch of two */
	add(&a, "pr0", "[PATCH 1/2] pr: a", "Ann", "ann@example.com", T0 + 5, NULL, NULL);
	add(&a, "pr1", "[PATCH 2/2] pr: b", "Ann", "ann@example.com", T0 + 5, "pr0", "pr0");
	f = add(&a, "pr2", "Re: [PATCH 2/2] pr: b", "Bo", "bo@example.org", T0 + 6, "pr0", "pr1");
	add_trailer(f, TRAILER_ACKED, "Bo <bo@example.org>", "bo@example.org");
	/* discussed only by someone else; the author's own reply does not make it discussed */
	add(&a, "d0", "[PATCH] d: talk", "Ann", "ann@example.com", T0 + 7, NULL, NULL);
	add(&a, "d1", "Re: [PATCH] d: talk", "Bo", "bo@example.org", T0 + 8, "d0", "d0");
	add(&a, "w0", "[PATCH] w: alone", "Ann", "ann@example.com", T0 + 9, NULL, NULL);
	add(&a, "w1", "Re: [PATCH] w: alone", "Ann", "ann@example.com", T0 + 10, "w0", "w0");
	/* superseded beats applied and reviewed: "full" v1 applied, then its v2 */
	add(&a, "full2", "[PATCH v2] full: one", "Ann", "ann@example.com", T0 + 11, NULL, NULL);
	f = add(&a, "full3", "Re: [PATCH] full: one", "Bo", "bo@example.org", T0 + 12, "full", "full");
	add_trailer(f, TRAILER_REVIEWED, "Bo <bo@example.org>", "bo@example.org");
	compute(&a, &r, NULL, fake_applied, &oid);
	const struct series_block *b;
	CHECK((b = block_of(&r, "full")) && b->state == SERIES_SUPERSEDED && b->reviewer_count[TRAILER_REVIEWED] == 1,
	      "superseded beats applied and reviewed; its trailers are still listed");
	CHECK((b = block_of(&r, "n1")) && b->state == SERIES_NACKED, "a Nacked-by beats a Reviewed-by");
	CHECK((b = block_of(&r, "ap0")) && b->state == SERIES_PARTLY_APPLIED && b->applied_count == 1,
	      "partly applied beats nacked");
	CHECK((b = block_of(&r, "full2")) && b->state == SERIES_APPLIED, "every patch applied: applied");
	CHECK((b = block_of(&r, "pr0")) && b->state == SERIES_PARTLY_REVIEWED, "one patch of two acked: partly reviewed");
	CHECK((b = block_of(&r, "d0")) && b->state == SERIES_DISCUSSED, "a reply from another: discussed");
	CHECK((b = block_of(&r, "w0")) && b->state == SERIES_WAITING, "only the author's reply: waiting");
	char *text = status_text(&r);
	CHECK(strstr(text, "  applied: 1 of 2 in frob: 1abcdef01 (1)\n  state: partly applied\n") != NULL,
	      "the applied: line");
	CHECK(strstr(text, "  Nacked-by: Bo <bo@example.org> (all)\n") != NULL, "a Nacked-by line");
	free(text);
	CHECK(r.waiting_count == 1 && !strcmp(facts_own_message_id(r.waiting[0].head), "w0"), "the waiting list holds w0 only");
	release(&a, &r);
}

static void test_waiting(void)
{
	struct archive a = {0};
	struct series_report r;

	add(&a, "old", "[PATCH] old: one", "Ann", "ann@example.com", T0, NULL, NULL);
	add(&a, "out", "[PATCH] out: one", "Ann", "ann@example.com", T0 + 10 * DAY - 2, NULL, NULL);
	add(&a, "edge", "[PATCH] edge: one", "Ann", "ann@example.com", T0 + 10 * DAY - 1, NULL, NULL);
	add(&a, "mid", "[PATCH] mid: one", "Ann", "ann@example.com", T0 + 39 * DAY, NULL, NULL);
	add(&a, "new", "[PATCH] new: one", "Ann", "ann@example.com", T0 + 40 * DAY - 1, NULL, NULL);
	a.selected[0] = a.selected[1] = a.selected[2] = a.selected[3] = false; /* the selection: "new" */
	compute(&a, &r, NULL, NULL, NULL);
	/* end = T0 + 40 days - 1 s; the window starts 30 days before, at edge's arrival */
	CHECK(r.waiting_count == 3, "waiting: only revisions of the last 30 days (got %zu)", r.waiting_count);
	if (r.waiting_count == 3) {
		CHECK(!strcmp(facts_own_message_id(r.waiting[0].head), "edge") && r.waiting[0].days == 30,
		      "oldest first; 30 whole days (%lld)", (long long)r.waiting[0].days);
		CHECK(r.waiting[1].days == 0, "23 hours 59 minutes 59 seconds: 0 days");
	}
	CHECK(r.block_count == 1, "one block: the selection's revision");
	struct strbuf sb;
	strbuf_init(&sb, 0);
	report_waiting(&sb, &(struct report_run){.series = &r});
	CHECK_STR(sb.buf,
		  "   30 days  [PATCH] edge: one\n"
		  "            https://lore.kernel.org/frob/edge/\n"
		  "    0 days  [PATCH] mid: one\n"
		  "            https://lore.kernel.org/frob/mid/\n"
		  "    0 days  [PATCH] new: one\n"
		  "            https://lore.kernel.org/frob/new/\n",
		  "the waiting list's text");
	strbuf_release(&sb);
	release(&a, &r);

	/* a selection that starts earlier than 30 days before its end widens the window */
	add(&a, "o1", "[PATCH] o1: one", "Ann", "ann@example.com", T0, NULL, NULL);
	add(&a, "o2", "[PATCH] o2: one", "Ann", "ann@example.com", T0 + 100 * DAY, NULL, NULL);
	compute(&a, &r, NULL, NULL, NULL);
	CHECK(r.waiting_count == 2 && r.waiting[0].days == 100, "the whole selection is in the window");
	release(&a, &r);

	add(&a, "o", "[PATCH] o: one", "Ann", "ann@example.com", T0, NULL, NULL);
	add(&a, "n", "Re: other", "Bo", "bo@example.org", T0 + DAY + 5, "zz", NULL);
	compute(&a, &r, NULL, NULL, NULL);
	CHECK(r.waiting_count == 1 && r.waiting[0].days == 1, "1 day");
	strbuf_init(&sb, 0);
	report_waiting(&sb, &(struct report_run){.series = &r});
	CHECK(strstr(sb.buf, "    1 day   [PATCH] o: one\n") != NULL, "'day' for 1 day");
	strbuf_release(&sb);
	release(&a, &r);
}

static void test_threads(void)
{
	struct archive a = {0};
	struct series_report r;

	/* two threads of 2 messages: the one with the newest message first */
	add(&a, "t1", "first topic", "Ann", "ann@example.com", T0, NULL, NULL);
	add(&a, "t2", "second topic", "Bo", "bo@example.org", T0 + 1, NULL, NULL);
	add(&a, "t2r", "Re: second topic", "Bo", "bo@example.org", T0 + 2, "t2", "t2");
	add(&a, "t1r", "Re: first topic", "Cy", "cy@example.com", T0 + 3, "t1", "t1");
	/* a thread whose root is missing: named by its oldest message */
	add(&a, "m1", "Re: lost root", "Di", "di@example.com", T0 + 4, "lost", "lost");
	add(&a, "m2", "Re: Re: lost root", "Di", "di@example.com", T0 + 5, "lost", "m1");
	add(&a, "m3", "Re: Re: lost root", "Eve", "eve@example.net", T0 + 6, "lost", "m1");
	compute(&a, &r, NULL, NULL, NULL);
	CHECK(r.thread_count == 3, "three threads");
	if (r.thread_count == 3) {
		CHECK(!strcmp(facts_own_message_id(r.threads[0].named), "m1") && r.threads[0].messages == 3 &&
		      r.threads[0].people == 2, "the busiest first, named by its oldest message without the root");
		CHECK(!strcmp(facts_own_message_id(r.threads[1].named), "t1"), "a tie goes to the thread with the newest message");
	}
	struct strbuf sb;
	strbuf_init(&sb, 0);
	report_threads(&sb, &(struct report_run){.series = &r});
	CHECK(strstr(sb.buf, "    3 messages    2 people  Re: lost root\n"
			     "                            https://lore.kernel.org/frob/m1/\n") != NULL,
	      "the thread line's format");
	CHECK(strstr(sb.buf, "    2 messages    1 person  second topic\n") != NULL, "'person' for one");
	strbuf_release(&sb);
	series_report_release(&r);
	/* --top 1 */
	struct series_options o = {.universe = a.m, .selected = a.selected, .count = a.n, .end = T0 + 6, .top = 1};
	series_compute(&r, &o);
	CHECK(r.thread_count == 1, "--top limits the threads");
	release(&a, &r);

	/*
	 * People are the distinct authors of a thread's selected messages; a
	 * message without ids is a thread of one. With --top 1 the shown
	 * thread's people are counted all the same.
	 */
	add(&a, "p1", "busy", "Ann", "ann@example.com", T0, NULL, NULL);
	add(&a, "p2", "Re: busy", "Bo", "bo@example.org", T0 + 1, "p1", "p1");
	a.selected[a.n - 1] = false;
	add(&a, "p3", "Re: busy", "Ann", "ann@example.com", T0 + 2, "p1", "p1");
	add(&a, "p4", "Re: busy", "Cy", "cy@example.com", T0 + 3, "p1", "p1");
	struct message_facts *lone = add(&a, "x", "no ids", "Di", "di@example.com", T0 + 4, NULL, NULL);
	facts_set_thread_root(lone, NULL);
	facts_set_ids(lone, NULL, NULL, NULL, 0);
	add(&a, "q1", "other", "Eve", "eve@example.net", T0 + 5, NULL, NULL);
	add(&a, "q2", "Re: other", "Fay", "fay@example.net", T0 + 6, "q1", "q1");
	compute(&a, &r, NULL, NULL, NULL);
	CHECK(r.thread_count == 3 && r.threads[0].messages == 3 && r.threads[0].people == 2 &&
	      r.threads[1].messages == 2 && r.threads[1].people == 2 &&
	      r.threads[2].messages == 1 && r.threads[2].people == 1 && !facts_own_message_id(r.threads[2].named),
	      "people: an unselected reply's author is not counted; a message without ids is one person");
	series_report_release(&r);
	struct series_options top1 = {.universe = a.m, .selected = a.selected, .count = a.n, .end = T0 + 6, .top = 1};
	series_compute(&r, &top1);
	CHECK(r.thread_count == 1 && r.threads[0].messages == 3 && r.threads[0].people == 2,
	      "--top 1: the shown thread's people");
	release(&a, &r);
}

/* A message-id held apart, as the run's reader has it from the index. */
struct held_ids {
	const char *id;
	size_t reads;
};

static const char *read_held_id(void *ctx, const struct message_facts *f)
{
	struct held_ids *h = ctx;
	(void)f;
	h->reads++;
	return h->id;
}

static void test_links(void)
{
	struct strbuf sb;
	struct message_facts m = {0};

	strbuf_init(&sb, 0);
	series_escape_id(&sb, "a/b%c d?e#f@x.Y_~!$&'()*+,;=:-");
	CHECK_STR(sb.buf, "a%2Fb%25c%20d%3Fe%23f@x.Y_~!$&'()*+,;=:-", "message-id escaping as public-inbox");
	strbuf_reset(&sb);
	series_escape_id(&sb, "\xc3\xa9<>");
	CHECK_STR(sb.buf, "%C3%A9%3C%3E", "bytes above 127 and brackets escaped");

	struct report_run run = {0};
	facts_set_ids(&m, NULL, "id@x", NULL, 0);
	strbuf_reset(&sb);
	CHECK(!series_link(&sb, &run, &m, NULL) && sb.len == 0, "no List-Id anywhere: no link");
	CHECK(series_link(&sb, &run, &m, "<KVM.vger.kernel.org>"), "the archive's List-Id");
	CHECK_STR(sb.buf, "https://lore.kernel.org/kvm/id@x/", "the archive's list, lower-cased");
	struct message_author list_only = {.list_id = (char *)"KVM ARM <kvmarm.lists.linux.dev>"};
	m.author = &list_only;
	strbuf_reset(&sb);
	series_link(&sb, &run, &m, "<kvm.vger.kernel.org>");
	CHECK_STR(sb.buf, "https://lore.kernel.org/kvmarm/id@x/", "the message's own List-Id first");
	strbuf_reset(&sb);
	run.lore_base = "http://localhost:8080/all";
	series_link(&sb, &run, &m, NULL);
	CHECK_STR(sb.buf, "http://localhost:8080/all/id@x/", "--lore-base, a '/' added");
	/* an id the facts no longer hold: the run's reader reads it */
	struct held_ids held = {0};
	run.reader = (struct facts_reader){.message_id = read_held_id, .ctx = &held};
	facts_set_ids(&m, NULL, NULL, NULL, 0);
	held.id = "read@x";
	strbuf_reset(&sb);
	CHECK(series_link(&sb, &run, &m, NULL) && !strcmp(sb.buf, "http://localhost:8080/all/read@x/") &&
		      held.reads == 1,
	      "an id left in the index is read for the link (%s)", sb.buf);
	held.id = NULL;
	strbuf_reset(&sb);
	run.lore_base = "http://x/";
	CHECK(!series_link(&sb, &run, &m, NULL) && sb.len == 0 && held.reads == 2,
	      "no message-id, none read either: no link");
	run.reader = (struct facts_reader){0};
	CHECK(!series_link(&sb, &run, &m, NULL), "no message-id and no reader: no link");
	strbuf_release(&sb);

	strbuf_init(&sb, 0);
	CHECK(report_sections_parse("seed", &sb) == SECTIONS_SEED, "--sections seed");
	CHECK(report_sections_parse("threads,domains", &sb) == (SECTION_THREADS | SECTION_DOMAINS),
	      "--sections in any order");
	CHECK(report_sections_parse("domains,bogus", &sb) == 0 && strstr(sb.buf, "'bogus'"),
	      "--sections with an unknown name");
	strbuf_reset(&sb);
	CHECK(report_sections_parse("", &sb) == 0, "--sections empty is refused");
	strbuf_release(&sb);
}

static void test_strmap_reserve(void)
{
	struct strmap map;
	size_t found = 0;
	char key[16];
	strmap_init(&map);
	strmap_put_if_absent(&map, "kept", 7, &found);
	strmap_reserve(&map, 1000);
	CHECK(map.size >= 1334 && strmap_get(&map, "kept", &found) && found == 7,
	      "strmap_reserve makes room and keeps what the map held");
	for (size_t i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		strmap_put_if_absent(&map, key, i, &found);
	}
	size_t size = map.size;
	CHECK(strmap_get(&map, "k999", &found) && found == 999 && size == map.size,
	      "a reserved map takes its keys without growing");
	strmap_release(&map);
}

/*
 * The table of the universe's message-ids: the newest message with an id
 * is the one found; removal records, messages without an id and ids
 * nobody has are not found; fifty thousand ids all come back.
 */
/* A chain of replies far deeper than the resolver's first stack: each reaches the patch. */
static void test_deep_chain(void)
{
	enum { DEEP = 3000 };
	struct message_facts *u = calloc(DEEP, sizeof(*u));
	bool *selected = calloc(DEEP, sizeof(*selected));
	char id[32], parent[32];
	for (size_t k = 0; k < DEEP; k++) { /* k = 0 the patch, the oldest: at the end, newest first */
		struct message_facts *f = &u[DEEP - 1 - k];
		snprintf(id, sizeof(id), "r%zu@x", k);
		snprintf(parent, sizeof(parent), "r%zu@x", k - 1);
		f->present = true;
		facts_set_author(f, strdup(k % 2 ? "Bo" : "Ann"), strdup(k % 2 ? "bo@x" : "ann@x"),
				 strdup(k % 2 ? "bo@x" : "ann@x"));
		facts_rare_mut(f)->subject = strdup(k ? "Re: [PATCH] frob: deep" : "[PATCH] frob: deep");
		facts_read_tag(f, f->rare->subject);
		facts_set_ids(f, NULL, id, NULL, 0);
		facts_set_in_reply_to(f, k ? strdup(parent) : NULL);
		facts_set_thread_root(f, strdup("r0@x"));
		f->arrival = T0 + (int64_t)k;
		selected[DEEP - 1 - k] = true;
	}
	add_trailer(&u[0], TRAILER_REVIEWED, "Bo <bo@x>", "bo@x"); /* the deepest reply */
	struct identity none = {0};
	struct series_options o = {.universe = u, .selected = selected, .count = DEEP, .end = T0 + DEEP,
				   .identity = &none, .waiting_days = 30, .top = 15};
	struct series_report r;
	series_compute(&r, &o);
	const struct series_block *b = block_of(&r, "r0@x");
	CHECK(b && b->replies == DEEP - 1 && b->repliers == 2 && b->reviewer_count[TRAILER_REVIEWED] == 1,
	      "a chain of %d replies, each to the one before, reaches the patch (%zu replies)", DEEP - 1,
	      b ? (size_t)b->replies : 0);
	series_report_release(&r);
	for (size_t i = 0; i < DEEP; i++)
		facts_release(&u[i]);
	free(u);
	free(selected);
}

static void test_id_table(void)
{
	struct message_facts u[6] = {0};
	const char *ids[6] = {"a@x", "b@x", "a@x", "c@x", NULL, "d@x"};
	for (size_t i = 0; i < 6; i++) {
		u[i].present = i != 3; /* 3: a removal record keeps its id but is no message */
		facts_set_ids(&u[i], NULL, ids[i], NULL, 0);
	}
	struct id_table t;
	id_table_build(&t, u, 6);
	CHECK(id_table_find(&t, "a@x") == 0, "ids: of two messages with one id, the newest");
	CHECK(id_table_find(&t, "b@x") == 1 && id_table_find(&t, "d@x") == 5, "ids: each id its message");
	CHECK(id_table_find(&t, "c@x") == SERIES_NONE, "ids: a removal record is not found");
	CHECK(id_table_find(&t, NULL) == SERIES_NONE && id_table_find(&t, "e@x") == SERIES_NONE,
	      "ids: no id, and an id nobody has, find nothing");
	/* four ids: the removal record's is not among them */
	CHECK(t.starts[t.buckets] == 4, "ids: the table holds four ids (%u)", (unsigned)t.starts[t.buckets]);
	id_table_release(&t);
	for (size_t i = 0; i < 6; i++)
		free(u[i].ids);

	enum { MANY = 50000 };
	struct message_facts *many = calloc(MANY, sizeof(*many));
	char (*names)[24] = malloc(MANY * sizeof(*names));
	for (size_t i = 0; i < MANY; i++) {
		snprintf(names[i], sizeof(names[i]), "m%zu@example.org", i);
		many[i].present = true;
		facts_set_ids(&many[i], NULL, names[i], NULL, 0);
	}
	id_table_build(&t, many, MANY);
	size_t wrong = 0;
	for (size_t i = 0; i < MANY; i++)
		wrong += id_table_find(&t, names[i]) != i;
	size_t absent_found = 0;
	for (size_t i = 0; i < MANY; i++) {
		char absent[32];
		snprintf(absent, sizeof(absent), "n%zu@example.org", i);
		absent_found += id_table_find(&t, absent) != SERIES_NONE;
	}
	size_t largest = 0;
	for (size_t b = 0; b < t.buckets; b++)
		if (t.starts[b + 1] - t.starts[b] > largest)
			largest = t.starts[b + 1] - t.starts[b];
	CHECK(wrong == 0 && absent_found == 0 && t.starts[t.buckets] == MANY,
	      "ids: 50,000 ids all found at their message (%zu wrong), 50,000 others not (%zu found)", wrong,
	      absent_found);
	CHECK(t.buckets > MANY / 16 && largest < 64, "ids: %zu buckets, the largest of %zu ids", t.buckets, largest);
	id_table_release(&t);

	/* each id twice, the second copies older: the newest of each is found, in buckets of many */
	for (size_t i = 0; i < MANY; i++)
		facts_set_ids(&many[i], NULL, names[i % (MANY / 2)], NULL, 0);
	id_table_build(&t, many, MANY);
	wrong = 0;
	for (size_t i = 0; i < MANY / 2; i++)
		wrong += id_table_find(&t, names[i]) != i;
	CHECK(wrong == 0, "ids: of two messages with one id, the newest, among 50,000 (%zu wrong)", wrong);
	id_table_release(&t);
	for (size_t i = 0; i < MANY; i++)
		free(many[i].ids);
	free(names);
	free(many);
}

void test_series(void)
{
	test_id_table();
	test_strmap_reserve();
	test_link_rules();
	test_rule4();
	test_heads_out_of_order();
	test_rule4_read_subjects();
	test_replies();
	test_deep_chain();
	test_sent_by_mailmap();
	test_states();
	test_waiting();
	test_threads();
	test_links();
}
