/* Attribution: in-body From, then B4 relay's X-Original-From, then the header From. */
#include "harness.h"

#include "../../src/message/mail.h"
#include "../../src/patch/author.h"

void test_author(void);

/* A mail as the parsers leave it: raw unfolded fields, a body span. */
static struct mail make_mail(const char *from, const char *x_original_from, const char *body)
{
	struct mail m;
	memset(&m, 0, sizeof(m));
	m.from = (char *)from;
	m.x_original_from = (char *)x_original_from;
	m.body = body;
	m.body_len = body ? strlen(body) : 0;
	return m;
}

static void check_author(const char *what, const char *from, const char *xof, const char *body,
			 enum author_source want_source, const char *want_name, const char *want_addr)
{
	struct mail m = make_mail(from, xof, body);
	/* Stale values in mb must be overwritten, NULLs included: see they are. */
	static char poison_name[] = "stale name", poison_addr[] = "stale@address";
	struct mailbox mb = {poison_name, poison_addr};
	enum author_source src = author_attribute(&m, &mb);
	CHECK(src == want_source, "%s: source %d, want %d", what, (int)src, (int)want_source);
	CHECK_STR(mb.name, want_name, "%s: name", what);
	CHECK_STR(mb.addr, want_addr, "%s: address", what);
	CHECK(mb.name != poison_name && mb.addr != poison_addr, "%s: mailbox written", what);
	/* only what author_attribute allocated may be freed */
	if (mb.name == poison_name)
		mb.name = NULL;
	if (mb.addr == poison_addr)
		mb.addr = NULL;
	mailbox_release(&mb);
}

static void test_rules(void)
{
	const char *sender = "Priya Raman <priya.raman@acme.example>";

	check_author("in-body From wins over the header From", sender, NULL,
		     "From: Kenji Watanabe <Kenji@Example.COM>\n\nLet the user choose.\n",
		     AUTHOR_INBODY_FROM, "Kenji Watanabe", "kenji@example.com");
	check_author("in-body From wins over B4 relay",
		     "Jane Doe via B4 Relay <devnull+jane.example.com@kernel.org>", "Jane Doe <jane@example.com>",
		     "From: Other Author <other@example.net>\n\ntext\n",
		     AUTHOR_INBODY_FROM, "Other Author", "other@example.net");
	check_author("B4 relay: X-Original-From",
		     "Jane Doe via B4 Relay <devnull+jane.example.com@kernel.org>",
		     "Jane Doe <Jane.Doe@Example.com>", "Plain body.\n",
		     AUTHOR_ORIGINAL_FROM, "Jane Doe", "jane.doe@example.com");
	check_author("B4 relay without X-Original-From: header From",
		     "Jane Doe via B4 Relay <devnull+jane.example.com@kernel.org>", NULL, "Plain body.\n",
		     AUTHOR_HEADER_FROM, "Jane Doe via B4 Relay", "devnull+jane.example.com@kernel.org");
	check_author("B4 relay with an unusable X-Original-From: header From",
		     "Jane Doe via B4 Relay <devnull+jane.example.com@kernel.org>", "Jane Doe", "body\n",
		     AUTHOR_HEADER_FROM, "Jane Doe via B4 Relay", "devnull+jane.example.com@kernel.org");
	check_author("X-Original-From ignored without via B4 Relay", sender, "Someone <someone@else.org>",
		     "body\n", AUTHOR_HEADER_FROM, "Priya Raman", "priya.raman@acme.example");
	check_author("header From, quoted name, address lower-cased", "\"Doe, John\" <John.Doe@Foo.ORG>", NULL,
		     "Hi,\n\nFrom: not@first.line\n", AUTHOR_HEADER_FROM, "Doe, John", "john.doe@foo.org");
	check_author("header From with a bare address", "Bare@Example.ORG", NULL, "",
		     AUTHOR_HEADER_FROM, "", "bare@example.org");
	check_author("encoded name in the in-body From", sender, NULL,
		     "From: =?UTF-8?Q?J=C3=B6rg_R=C3=B6del?= <jroedel@suse.de>\n\nx\n",
		     AUTHOR_INBODY_FROM, "J\xC3\xB6rg R\xC3\xB6" "del", "jroedel@suse.de");
	check_author("in-body From with only an address", sender, NULL, "From: <Solo@Example.org>\n\nx\n",
		     AUTHOR_INBODY_FROM, "", "solo@example.org");
}

static void test_first_line_rule(void)
{
	const char *sender = "Sender <sender@lists.example>";

	check_author("leading blank lines and CR before the in-body From", sender, NULL,
		     "\r\n  \t\r\n\nFrom: A Author <a@b.example>\r\n\r\nText\r\n",
		     AUTHOR_INBODY_FROM, "A Author", "a@b.example");
	check_author("in-body From without an address: header From", sender, NULL,
		     "From: me\n\nbody\n", AUTHOR_HEADER_FROM, "Sender", "sender@lists.example");
	check_author("in-body From with a name only in brackets: header From", sender, NULL,
		     "From: Someone <nobody>\n\nbody\n", AUTHOR_HEADER_FROM, "Sender", "sender@lists.example");
	check_author("From: on the second line does not count", sender, NULL,
		     "Hello\nFrom: A <a@b.example>\n", AUTHOR_HEADER_FROM, "Sender", "sender@lists.example");
	check_author("indented From: is not at the start of the line", sender, NULL,
		     "  From: A <a@b.example>\n", AUTHOR_HEADER_FROM, "Sender", "sender@lists.example");
	check_author("quoted From: in a reply does not count", sender, NULL,
		     "> From: A <a@b.example>\n", AUTHOR_HEADER_FROM, "Sender", "sender@lists.example");
	check_author("\"From \" without a colon does not count", sender, NULL,
		     "From A <a@b.example>\n", AUTHOR_HEADER_FROM, "Sender", "sender@lists.example");
	check_author("empty body", sender, NULL, "", AUTHOR_HEADER_FROM, "Sender", "sender@lists.example");
	check_author("NULL body", sender, NULL, NULL, AUTHOR_HEADER_FROM, "Sender", "sender@lists.example");
	check_author("body of blank lines only", sender, NULL, "\n\r\n \t \n", AUTHOR_HEADER_FROM,
		     "Sender", "sender@lists.example");
}

static void test_unknown(void)
{
	check_author("no From anywhere", NULL, NULL, "text\n", AUTHOR_UNKNOWN, NULL, NULL);
	check_author("header From without '@'", "Just A Name", NULL, "text\n", AUTHOR_UNKNOWN, NULL, NULL);
	check_author("empty header From", "", NULL, "", AUTHOR_UNKNOWN, NULL, NULL);
	check_author("bad in-body and header From", "nobody", NULL, "From: nobody\n", AUTHOR_UNKNOWN,
		     NULL, NULL);
}

static void check_first_line(const char *body, const char *want, const char *what)
{
	size_t len = 12345;
	const char *line = body_first_line(body, strlen(body), &len);
	if (!want) {
		CHECK(line == NULL, "body_first_line: %s: none", what);
		return;
	}
	CHECK(line && len == strlen(want) && !memcmp(line, want, len), "body_first_line: %s", what);
}

static void test_body_first_line(void)
{
	check_first_line("first\nsecond\n", "first", "first line");
	check_first_line("\n \r\n\tx y\r\nz", "\tx y\r", "after blank and CR-only lines, as it stands");
	check_first_line("no newline", "no newline", "body without a line end");
	check_first_line("\n\n  last", "  last", "last line without a line end");
	check_first_line("", NULL, "empty body");
	check_first_line(" \t\r\n\n\r", NULL, "only blanks");
}

void test_author(void)
{
	/* mailbox parsing uses GMime */
	mail_library_init();
	test_rules();
	test_first_line_rule();
	test_unknown();
	test_body_first_line();
}
