/*
 * The facts of one message that come from its ids, and those left for the
 * caller: the arrival time.
 */
#include "harness.h"

#include <stdlib.h>

#include "../../src/common/arena.h"
#include "../../src/message/mail.h"
#include "../../src/common/strbuf.h"
#include "../../src/patch/facts.h"
#include "../../src/patch/patchid.h"

void test_facts(void);

static void check_message_id(const char *raw, const char *want, const char *what)
{
	struct mail m;
	struct message_facts f;
	mail_parse(&m, raw, strlen(raw), MAIL_PARSER_AUTO);
	facts_from_mail(&f, &m);
	CHECK_STR(facts_own_message_id(&f), want, "facts: message id, %s", what);
	facts_release(&f);
	mail_release(&m);
}

static void test_message_id(void)
{
	check_message_id("From: Ann <ann@example.org>\nMessage-ID: <1.ann@example.org>\n\nx\n", "1.ann@example.org",
			 "without its brackets");
	check_message_id("From: Ann <ann@example.org>\nMessage-Id:\n <2.ann@example.org>\n\nx\n", "2.ann@example.org",
			 "folded onto the next line");
	check_message_id("From: Ann <ann@example.org>\nMessage-ID: 3.ann@example.org\n\nx\n", "3.ann@example.org",
			 "written without brackets");
	check_message_id("From: Ann <ann@example.org>\nIn-Reply-To: <0@example.org>\n\nx\n", NULL,
			 "NULL when absent, not In-Reply-To's");
	check_message_id("From: Ann <ann@example.org>\nMessage-ID: \n\nx\n", NULL, "NULL when blank");
	check_message_id("From: Ann <ann@example.org>\nMessage-ID: <4@example.org>\nMessage-ID: <5@example.org>\n\nx\n",
			 "4@example.org", "the first of two Message-ID fields");
	check_message_id("From: Ann <ann@example.org>\nMessage-ID: <6@example.org>\n"
			 "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nx\n--b--\n",
			 "6@example.org", "through GMime");
}

/* Arrival and blob id are the source's to say: facts_from_mail leaves them zero. */
static void test_left_for_the_caller(void)
{
	const char *raw = "From: Ann <ann@example.org>\nDate: Mon, 4 Mar 2024 10:15:02 +0000\n"
			  "Message-ID: <7@example.org>\n\nx\n";
	struct mail m;
	struct message_facts f;
	memset(&f, 0xA5, sizeof(f)); /* stale bytes, as in a reused array */
	mail_parse(&m, raw, strlen(raw), MAIL_PARSER_AUTO);
	facts_from_mail(&f, &m);
	CHECK(f.arrival == 0, "facts: arrival left 0, not read from Date (%lld)", (long long)f.arrival);
	/* the block holds the subject ("" without one), and nothing of the stale bytes */
	struct message_rare only_subject = {.subject = f.rare ? f.rare->subject : NULL};
	CHECK(f.rare && f.rare->subject && !strcmp(f.rare->subject, "") &&
		      !memcmp(f.rare, &only_subject, sizeof(only_subject)),
	      "facts: a plain message's block holds its subject alone");
	f.arrival = 1709547302;
	facts_release(&f);
	CHECK(!f.ids && f.arrival == 0, "facts_release clears the message id and arrival");
	mail_release(&m);
}

/* A reply: its thread ids and its trailers. */
/*
 * The List-Id lives with the author (one block a person on a list shares,
 * in a load): setting either keeps the other, and a block that holds
 * neither goes.
 */
static void test_author_and_list_id(void)
{
	struct message_facts f = {0};
	facts_set_list_id(&f, xstrdup("<frob.lists.example.org>"));
	CHECK(f.author && !facts_author_key(&f) && !strcmp(facts_list_id(&f), "<frob.lists.example.org>"),
	      "facts: a List-Id without an author: a block with the List-Id alone");
	facts_set_author(&f, xstrdup("Ann"), xstrdup("Ann@X.org"), xstrdup("ann@x.org"));
	CHECK(!strcmp(facts_author_key(&f), "ann@x.org") && !strcmp(facts_list_id(&f), "<frob.lists.example.org>"),
	      "facts: an author set after the List-Id keeps it");
	facts_set_list_id(&f, xstrdup("<other.example.com>"));
	CHECK(!strcmp(facts_author_name(&f), "Ann") && !strcmp(facts_list_id(&f), "<other.example.com>"),
	      "facts: a List-Id set after the author keeps the author");
	facts_set_author(&f, NULL, NULL, NULL);
	CHECK(f.author && !facts_author_addr(&f) && !strcmp(facts_list_id(&f), "<other.example.com>"),
	      "facts: an unknown author keeps the List-Id");
	facts_set_list_id(&f, NULL);
	CHECK(f.author == NULL && !facts_list_id(&f), "facts: neither author nor List-Id: no block");
	facts_release(&f);

	/* a message's mail without List-Id: its author alone; with one, both */
	const char *raws[2] = {"From: Ann <ann@x.org>\nSubject: s\n\nx\n",
			       "List-Id: Frob <frob.lists.example.org>\nSubject: s\n\nx\n"};
	for (int k = 0; k < 2; k++) {
		struct mail m;
		mail_parse(&m, raws[k], strlen(raws[k]), MAIL_PARSER_AUTO);
		facts_from_mail(&f, &m);
		CHECK(k ? !facts_author_key(&f) && !strcmp(facts_list_id(&f), "Frob <frob.lists.example.org>")
			: !strcmp(facts_author_key(&f), "ann@x.org") && !facts_list_id(&f),
		      "facts: from a mail %s", k ? "of nobody, its List-Id" : "without a List-Id, its author");
		facts_release(&f);
		mail_release(&m);
	}
}

static void test_reply_facts(void)
{
	const char *raw =
		"From: Bo Reviewer <bo@example.com>\n"
		"Subject: Re: [PATCH v2 1/2] foo: fix the bar\n"
		"Message-ID: <reply-1@example.com>\n"
		"In-Reply-To: <patch-1@example.org> <other@example.org>\n"
		"References: <cover@example.org>\n <patch-1@example.org>\n"
		"\n"
		"On Monday, Ann wrote:\n"
		"> Reviewed-by: Quoted Person <quoted@example.org>\n"
		"\n"
		"Reviewed-by: Bo Reviewer <Bo@Example.com>\n"
		"-- \n"
		"Acked-by: Sig Nature <sig@example.com>\n";
	struct mail m;
	struct message_facts f;
	mail_parse(&m, raw, strlen(raw), MAIL_PARSER_AUTO);
	facts_from_mail(&f, &m);
	CHECK_STR(facts_in_reply_to(&f), "patch-1@example.org", "facts: in_reply_to, the first id");
	CHECK(f.in_reply_to_from == IN_REPLY_TO_LAST_REF && !facts_rare(&f)->in_reply_to,
	      "facts: an In-Reply-To that is the last reference is kept as a code");
	CHECK(f.reference_count == 2 && !strcmp(facts_reference(&f, 0), "cover@example.org") &&
		      !strcmp(facts_reference(&f, 1), "patch-1@example.org"),
	      "facts: references, folded, oldest first (%zu)", (size_t)f.reference_count);
	CHECK(facts_rare(&f)->trailer_count == 1 && facts_rare(&f)->trailers[0].kind == TRAILER_REVIEWED &&
		      !strcmp(facts_rare(&f)->trailers[0].addr, "bo@example.com"),
	      "facts: the one unquoted trailer above the signature (%zu)", (size_t)facts_rare(&f)->trailer_count);
	CHECK(!facts_rare(&f)->patch_id && !facts_rare(&f)->change_id && !facts_rare(&f)->linked_id_count,
	      "facts: a reply has no patch-id, change-id or links");
	facts_release(&f);
	CHECK(!f.in_reply_to_from && !facts_first_reference(&f) && !f.rare && !f.reference_count,
	      "facts_release clears the new fields, the rare block with them");
	mail_release(&m);
}

/* In-Reply-To is a code when it is the last reference, else the rare block's; the root follows it. */
static void test_in_reply_to_kept(void)
{
	static const struct {
		const char *headers, *in_reply_to, *root;
		enum in_reply_to_from from;
		enum thread_root_from root_from;
	} cases[] = {
		{"In-Reply-To: <b@x>\nReferences: <a@x> <b@x>\n", "b@x", "a@x", IN_REPLY_TO_LAST_REF,
		 THREAD_ROOT_FIRST_REF},
		{"In-Reply-To: <c@x>\nReferences: <a@x> <b@x>\n", "c@x", "a@x", IN_REPLY_TO_OWN,
		 THREAD_ROOT_FIRST_REF},
		{"In-Reply-To: <c@x>\n", "c@x", "c@x", IN_REPLY_TO_OWN, THREAD_ROOT_IN_REPLY_TO},
		{"References: <a@x>\n", NULL, "a@x", IN_REPLY_TO_NONE, THREAD_ROOT_FIRST_REF},
		{"In-Reply-To: not an id\n", NULL, "m@x", IN_REPLY_TO_NONE, THREAD_ROOT_MESSAGE_ID},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char raw[256];
		snprintf(raw, sizeof(raw), "From: Ann <ann@example.org>\nMessage-ID: <m@x>\n%s\nx\n",
			 cases[i].headers);
		struct mail m;
		struct message_facts f;
		mail_parse(&m, raw, strlen(raw), MAIL_PARSER_AUTO);
		facts_from_mail(&f, &m);
		const char *got = facts_in_reply_to(&f), *root = facts_thread_root(&f);
		bool in_rare = facts_rare(&f)->in_reply_to != NULL;
		CHECK(f.in_reply_to_from == cases[i].from && in_rare == (cases[i].from == IN_REPLY_TO_OWN) &&
			      (got && cases[i].in_reply_to ? !strcmp(got, cases[i].in_reply_to)
							   : got == cases[i].in_reply_to) &&
			      f.thread_root_from == cases[i].root_from && root && !strcmp(root, cases[i].root),
		      "facts: In-Reply-To of case %zu is %s (code %d), the root %s", i, got ? got : "(none)",
		      (int)f.in_reply_to_from, root ? root : "(none)");
		/* set again, to another id and back to none: the rare copy is freed, not leaked */
		facts_set_in_reply_to(&f, xstrdup("z@x"));
		bool other = f.in_reply_to_from == IN_REPLY_TO_OWN && !strcmp(facts_in_reply_to(&f), "z@x");
		facts_set_in_reply_to(&f, NULL);
		CHECK(other && !facts_in_reply_to(&f) && !facts_rare(&f)->in_reply_to,
		      "facts_set_in_reply_to: case %zu set to another id, then to none", i);
		facts_release(&f);
		mail_release(&m);
	}
}

/* A patch: its diff's patch-id (up to the signature), change-id and links. */
static void test_patch_facts(void)
{
	const char *diff =
		"diff --git a/lib/bar.c b/lib/bar.c\n"
		"index 1111111..2222222 100644\n"
		"--- a/lib/bar.c\n"
		"+++ b/lib/bar.c\n"
		"@@ -1,2 +1,2 @@\n"
		" int bar(void)\n"
		"-{ return 1; }\n"
		"+{ return 0; }\n";
	struct strbuf raw;
	strbuf_init(&raw, 0);
	strbuf_addf(&raw,
		    "From: Ann Author <ann@example.org>\n"
		    "Subject: [PATCH v2] foo: fix the bar\n"
		    "Message-ID: <patch-2@example.org>\n"
		    "\n"
		    "The bar returned 1.\n"
		    "\n"
		    "Signed-off-by: Ann Author <ann@example.org>\n"
		    "---\n"
		    "v1: https://lore.kernel.org/r/patch-1@example.org\n"
		    "\n"
		    "%s"
		    "---\n"
		    "base-commit: 0123456789abcdef0123456789abcdef01234567\n"
		    "change-id: 20240304-bar-fix-0123abcd\n"
		    "\n"
		    "Best regards,\n"
		    "-- \n"
		    "Ann Author <ann@example.org>\n",
		    diff);
	struct mail m;
	struct message_facts f;
	mail_parse(&m, raw.buf, raw.len, MAIL_PARSER_AUTO);
	facts_from_mail(&f, &m);
	char *want = patchid_of_diff(diff, strlen(diff));
	CHECK(want != NULL, "facts: the fixture's diff has a patch-id");
	char got[GIT_OID_HEXSZ + 1] = "(none)";
	if (facts_rare(&f)->patch_id)
		git_oid_tostr(got, sizeof(got), facts_rare(&f)->patch_id);
	CHECK_STR(got, want, "facts: patch-id of the diff alone, without the text around it");
	CHECK_STR(facts_rare(&f)->change_id, "20240304-bar-fix-0123abcd", "facts: b4's change-id after the diff");
	CHECK(facts_rare(&f)->linked_id_count == 1 && !strcmp(facts_rare(&f)->linked_ids[0], "patch-1@example.org"),
	      "facts: the link to v1 (%zu)", (size_t)facts_rare(&f)->linked_id_count);
	CHECK(facts_rare(&f)->trailer_count == 0, "facts: Signed-off-by is no review trailer");
	CHECK(!facts_in_reply_to(&f) && !facts_first_reference(&f) && !f.reference_count, "facts: no thread ids when the headers are absent");
	free(want);
	facts_release(&f);
	mail_release(&m);
	strbuf_release(&raw);
}

/* The block of ids: the message-id and References, malloc'd or in an arena, shared where held. */
static void test_ids_block(void)
{
	struct message_facts f = {0};
	const char *refs[FACTS_REFERENCES_MAX + 44];
	char names[FACTS_REFERENCES_MAX + 44][32];
	for (size_t i = 0; i < FACTS_REFERENCES_MAX + 44; i++) {
		snprintf(names[i], sizeof(names[i]), "r%zu@x", i);
		refs[i] = names[i];
	}
	facts_set_ids(&f, NULL, "a@x", refs, 2);
	CHECK(!strcmp(facts_own_message_id(&f), "a@x") && f.reference_count == 2 &&
		      !strcmp(facts_reference(&f, 0), "r0@x") && !strcmp(facts_reference(&f, 1), "r1@x"),
	      "ids: the message-id and two references, in one block");
	/* its own ids again, the last reference dropped: the old block goes after the new is made */
	const char *own[1] = {facts_reference(&f, 0)};
	facts_set_ids(&f, NULL, facts_own_message_id(&f), own, 1);
	CHECK(!strcmp(facts_own_message_id(&f), "a@x") && f.reference_count == 1 &&
		      !strcmp(facts_last_reference(&f), "r0@x"),
	      "ids: set again from the facts' own");
	facts_set_ids(&f, NULL, NULL, refs, FACTS_REFERENCES_MAX + 44);
	CHECK(!facts_own_message_id(&f) && f.reference_count == FACTS_REFERENCES_MAX &&
		      !strcmp(facts_reference(&f, FACTS_REFERENCES_MAX - 1), names[FACTS_REFERENCES_MAX - 1]),
	      "ids: no message-id, and references up to the bound (%u)", (unsigned)f.reference_count);
	facts_set_ids(&f, NULL, "", NULL, 0);
	CHECK(!f.ids && !facts_own_message_id(&f) && !f.reference_count, "ids: a blank id and no references: none");

	/* in an arena: an id that arena_share holds is pointed to, not copied */
	struct arena arena = ARENA_INIT;
	const char *held = arena_share(&arena, "held@x");
	const char *shared_refs[2] = {arena_share(&arena, "r0@x"), arena_share(&arena, "r1@x")};
	struct message_facts alone = {0}, with_refs = {0}, fresh = {0};
	facts_set_ids(&alone, &arena, "held@x", NULL, 0);
	facts_set_ids(&with_refs, &arena, "held@x", shared_refs, 2);
	facts_set_ids(&fresh, &arena, "new@x", shared_refs, 2);
	CHECK(facts_own_message_id(&alone) == held && alone.ids == held, "ids: a held id alone is the block");
	CHECK(facts_own_message_id(&with_refs) == held && with_refs.reference_count == 2 &&
		      facts_reference(&with_refs, 0) == shared_refs[0] && facts_reference(&with_refs, 1) == shared_refs[1],
	      "ids: a held id with references is pointed to; the references are the shared copies");
	CHECK(!strcmp(facts_own_message_id(&fresh), "new@x") && facts_reference(&fresh, 1) == shared_refs[1] &&
		      arena_share(&arena, "new@x") == facts_own_message_id(&fresh),
	      "ids: an id not held is copied into the block, and shared from then on");
	arena_release(&arena);
}

void test_facts(void)
{
	mail_library_init();
	test_message_id();
	test_ids_block();
	test_left_for_the_caller();
	test_author_and_list_id();
	test_reply_facts();
	test_in_reply_to_kept();
	test_patch_facts();
}
