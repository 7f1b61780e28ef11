/*
 * Fuzz target: the fast path against GMime. Every input the fast path
 * accepts must give, on both paths, the same raw value of every header
 * field of the table (fields.h), the same facts and the same body bytes,
 * as tests/tools/fastpath_check.c requires of the real archives. A
 * difference aborts, naming what differs, so that libFuzzer keeps the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/message/mail.h"
#include "../../src/patch/facts.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	mail_library_init();
	return 0;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void differ(const char *what, const char *fast, const char *slow)
{
	fprintf(stderr, "fast path and GMime differ in %s:\n  fast:  %s\n  GMime: %s\n", what,
		fast ? fast : "(none)", slow ? slow : "(none)");
	abort();
}

static void compare_strings(const char *what, const char *fast, const char *slow)
{
	if (!same(fast, slow))
		differ(what, fast, slow);
}

static void compare_counts(const char *what, size_t fast_count, size_t slow_count)
{
	if (fast_count != slow_count) {
		char a[32], b[32];
		snprintf(a, sizeof(a), "%zu", fast_count);
		snprintf(b, sizeof(b), "%zu", slow_count);
		differ(what, a, b);
	}
}

static void compare_lists(const char *what, char **fast, size_t fast_count, char **slow,
			  size_t slow_count)
{
	compare_counts(what, fast_count, slow_count);
	for (size_t i = 0; i < fast_count; i++)
		compare_strings(what, fast[i], slow[i]);
}

static void compare_references(const struct message_facts *fast, const struct message_facts *slow)
{
	compare_counts("the References ids", fast->reference_count, slow->reference_count);
	for (size_t i = 0; i < fast->reference_count; i++)
		compare_strings("the References ids", facts_reference(fast, i), facts_reference(slow, i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *blob = (const char *)data;
	struct mail fast, slow;
	struct message_facts ff, sf;

	if (mail_parse(&fast, blob, size, MAIL_PARSER_FAST) < 0)
		return 0;
	mail_parse(&slow, blob, size, MAIL_PARSER_GMIME);
	for (int f = 0; f < MAIL_FIELD_COUNT; f++)
		compare_strings(mail_field_names[f].name, fast.field[f], slow.field[f]);
	if (fast.body_len != slow.body_len || memcmp(fast.body, slow.body, fast.body_len)) {
		char a[32], b[32];
		snprintf(a, sizeof(a), "%zu bytes", fast.body_len);
		snprintf(b, sizeof(b), "%zu bytes", slow.body_len);
		differ("the body bytes", a, b);
	}

	facts_from_mail(&ff, &fast);
	facts_from_mail(&sf, &slow);
	if (ff.author_source != sf.author_source)
		differ("the author's source", "", "");
	compare_strings("the author's name", facts_author_name(&ff), facts_author_name(&sf));
	compare_strings("the author's address", facts_author_addr(&ff), facts_author_addr(&sf));
	compare_strings("the subject", facts_rare(&ff)->subject, facts_rare(&sf)->subject);
	compare_strings("the message-id", facts_own_message_id(&ff), facts_own_message_id(&sf));
	compare_strings("the thread root", facts_thread_root(&ff), facts_thread_root(&sf));
	compare_strings("the List-Id", facts_list_id(&ff), facts_list_id(&sf));
	compare_strings("the In-Reply-To id", facts_in_reply_to(&ff), facts_in_reply_to(&sf));
	compare_references(&ff, &sf);
	compare_strings("the entry body", facts_rare(&ff)->entry_body, facts_rare(&sf)->entry_body);
	compare_strings("the change-id", facts_rare(&ff)->change_id, facts_rare(&sf)->change_id);
	compare_lists("the linked ids", facts_rare(&ff)->linked_ids, facts_rare(&ff)->linked_id_count, facts_rare(&sf)->linked_ids,
		      facts_rare(&sf)->linked_id_count);
	char fast_id[GIT_OID_HEXSZ + 1] = "", slow_id[GIT_OID_HEXSZ + 1] = "";
	const git_oid *fast_oid = facts_rare(&ff)->patch_id, *slow_oid = facts_rare(&sf)->patch_id;
	compare_strings("the patch-id", fast_oid ? git_oid_tostr(fast_id, sizeof(fast_id), fast_oid) : NULL,
			slow_oid ? git_oid_tostr(slow_id, sizeof(slow_id), slow_oid) : NULL);
	if (facts_rare(&ff)->trailer_count != facts_rare(&sf)->trailer_count)
		differ("the number of trailers", "", "");
	for (size_t i = 0; i < facts_rare(&ff)->trailer_count; i++)
		compare_strings("a trailer", facts_rare(&ff)->trailers[i].person, facts_rare(&sf)->trailers[i].person);

	facts_release(&ff);
	facts_release(&sf);
	mail_release(&fast);
	mail_release(&slow);
	return 0;
}
