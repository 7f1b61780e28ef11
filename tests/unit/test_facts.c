/*
 * The facts of one message that come from its ids, and those left for the
 * caller: arrival time and blob id.
 */
#include "harness.h"

#include "../../src/message/mail.h"
#include "../../src/patch/facts.h"

void test_facts(void);

static void check_message_id(const char *raw, const char *want, const char *what)
{
	struct mail m;
	struct message_facts f;
	mail_parse(&m, raw, strlen(raw), MAIL_PARSER_AUTO);
	facts_from_mail(&f, &m);
	CHECK_STR(f.message_id, want, "facts: message id, %s", what);
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
	git_oid zero;
	memset(&zero, 0, sizeof(zero));
	CHECK(f.arrival == 0, "facts: arrival left 0, not read from Date (%lld)", (long long)f.arrival);
	CHECK(!f.has_blob_id && !git_oid_cmp(&f.blob_id, &zero), "facts: no blob id");
	f.arrival = 1709547302;
	f.has_blob_id = true;
	git_oid_fromstr(&f.blob_id, "0123456789abcdef0123456789abcdef01234567");
	facts_release(&f);
	CHECK(!f.message_id && f.arrival == 0 && !f.has_blob_id && !git_oid_cmp(&f.blob_id, &zero),
	      "facts_release clears the message id, arrival and blob id");
	mail_release(&m);
}

void test_facts(void)
{
	mail_library_init();
	test_message_id();
	test_left_for_the_caller();
}
