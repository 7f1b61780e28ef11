/*
 * Attribution: the in-body From, then B4 relay's X-Original-From, then the
 * Reply-To of a sender the list rewrote, then the header From.
 */
#include "harness.h"

#include "../../src/message/mail.h"
#include "../../src/patch/author.h"
#include "../../src/patch/facts.h"

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

static void check_mail_author(const char *what, const struct mail *m, enum author_source want_source,
			      const char *want_name, const char *want_addr)
{
	/* Stale values in mb must be overwritten, NULLs included: see they are. */
	static char poison_name[] = "stale name", poison_addr[] = "stale@address";
	struct mailbox mb = {poison_name, poison_addr};
	struct inbody_header inbody;
	inbody_parse(&inbody, m->body, m->body_len);
	enum author_source src = author_attribute(m, &inbody, &mb);
	inbody_release(&inbody);
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

static void check_author(const char *what, const char *from, const char *xof, const char *body,
			 enum author_source want_source, const char *want_name, const char *want_addr)
{
	struct mail m = make_mail(from, xof, body);
	check_mail_author(what, &m, want_source, want_name, want_addr);
}

static void test_rules(void)
{
	const char *sender = "Priya Raman <priya.raman@acme.example>";

	check_author("in-body From wins over the header From", sender, NULL,
		     "From: Kenji Watanabe <Kenji@Example.COM>\n\nLet the user choose.\n",
		     AUTHOR_INBODY_FROM, "Kenji Watanabe", "Kenji@Example.COM");
	check_author("in-body From wins over B4 relay",
		     "Jane Doe via B4 Relay <devnull+jane.example.com@kernel.org>", "Jane Doe <jane@example.com>",
		     "From: Other Author <other@example.net>\n\ntext\n",
		     AUTHOR_INBODY_FROM, "Other Author", "other@example.net");
	check_author("B4 relay: X-Original-From",
		     "Jane Doe via B4 Relay <devnull+jane.example.com@kernel.org>",
		     "Jane Doe <Jane.Doe@Example.com>", "Plain body.\n",
		     AUTHOR_ORIGINAL_FROM, "Jane Doe", "Jane.Doe@Example.com");
	check_author("B4 relay without X-Original-From: header From",
		     "Jane Doe via B4 Relay <devnull+jane.example.com@kernel.org>", NULL, "Plain body.\n",
		     AUTHOR_HEADER_FROM, "Jane Doe via B4 Relay", "devnull+jane.example.com@kernel.org");
	check_author("B4 relay with an unusable X-Original-From: header From",
		     "Jane Doe via B4 Relay <devnull+jane.example.com@kernel.org>", "Jane Doe", "body\n",
		     AUTHOR_HEADER_FROM, "Jane Doe via B4 Relay", "devnull+jane.example.com@kernel.org");
	check_author("X-Original-From ignored without via B4 Relay", sender, "Someone <someone@else.org>",
		     "body\n", AUTHOR_HEADER_FROM, "Priya Raman", "priya.raman@acme.example");
	check_author("header From, quoted name, address as written", "\"Doe, John\" <John.Doe@Foo.ORG>", NULL,
		     "Hi,\n\nFrom: not@first.line\n", AUTHOR_HEADER_FROM, "Doe, John", "John.Doe@Foo.ORG");
	check_author("header From with a bare address", "Bare@Example.ORG", NULL, "",
		     AUTHOR_HEADER_FROM, "", "Bare@Example.ORG");
	check_author("encoded name in the in-body From", sender, NULL,
		     "From: =?UTF-8?Q?J=C3=B6rg_R=C3=B6del?= <jroedel@suse.de>\n\nx\n",
		     AUTHOR_INBODY_FROM, "J\xC3\xB6rg R\xC3\xB6" "del", "jroedel@suse.de");
	check_author("in-body From with only an address", sender, NULL, "From: <Solo@Example.org>\n\nx\n",
		     AUTHOR_INBODY_FROM, "", "Solo@Example.org");
	check_author("header From with a comment in the name", "Name (Org) <a@b.example>", NULL, "x\n",
		     AUTHOR_HEADER_FROM, "Name (Org)", "a@b.example");
	check_author("header From named with its own address: no name", "a@b.example <a@b.example>", NULL, "x\n",
		     AUTHOR_HEADER_FROM, "", "a@b.example");
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
	check_author("Outlook quote block: header From", sender, NULL,
		     "From: Edgecombe, Rick P <rick.p.edgecombe@intel.example>\nSent: Monday, March 4, 2024 10:00 AM\n"
		     "To: kvm@vger.example\n\n> quoted\n", AUTHOR_HEADER_FROM, "Sender", "sender@lists.example");
	check_author("Outlook block on one line: header From", sender, NULL,
		     "From: Rick P <rick@intel.example> Sent: Monday, March 4, 2024 10:00 AM To: kvm@vger.example\n\n",
		     AUTHOR_HEADER_FROM, "Sender", "sender@lists.example");
	check_author("From: Name @ date, no address: header From", sender, NULL,
		     "From: Name @ 2024-01-22 20:49 UTC\n\n> quoted\n", AUTHOR_HEADER_FROM, "Sender",
		     "sender@lists.example");
	check_author("in-body From with text under it, no blank line: header From", sender, NULL,
		     "From: A Author <a@b.example>\nThe commit message.\n", AUTHOR_HEADER_FROM, "Sender",
		     "sender@lists.example");
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

/* Mailman's DMARC mitigation: "Name via List <list address>", the sender in Reply-To. */
static void check_rewrite(const char *what, const char *from, const char *list_post, const char *reply_to,
			  const char *body, enum author_source want_source, const char *want_name,
			  const char *want_addr)
{
	struct mail m = make_mail(from, NULL, body);
	m.list_post = (char *)list_post;
	m.reply_to = (char *)reply_to;
	check_mail_author(what, &m, want_source, want_name, want_addr);
}

static void test_list_rewrite(void)
{
	const char *from = "Parav Pandit via Virtualization <virtualization@lists.linux-foundation.org>";
	const char *post = "<mailto:virtualization@lists.linux-foundation.org>";
	const char *reply = "Parav Pandit <parav@nvidia.example>";

	check_rewrite("list rewrite: Reply-To", from, post, reply, "text\n", AUTHOR_REPLY_TO, "Parav Pandit",
		      "parav@nvidia.example");
	check_rewrite("list rewrite: addresses compared in any case",
		      "Parav Pandit via Virtualization <Virtualization@Lists.Linux-Foundation.org>",
		      "<mailto:virtualization@lists.linux-foundation.ORG>", reply, "text\n", AUTHOR_REPLY_TO,
		      "Parav Pandit", "parav@nvidia.example");
	check_rewrite("list rewrite: List-Post with a web URL first", from,
		      "<https://lists.linux-foundation.org/post>, <mailto:virtualization@lists.linux-foundation.org>",
		      reply, "text\n", AUTHOR_REPLY_TO, "Parav Pandit", "parav@nvidia.example");
	check_rewrite("list rewrite: the first Reply-To mailbox with an address", from, post,
		      "undisclosed:;, Parav <Parav@Nvidia.example>, Other <o@x.example>", "text\n", AUTHOR_REPLY_TO,
		      "Parav", "Parav@Nvidia.example");
	check_rewrite("list rewrite: the in-body From still comes first", from, post, reply,
		      "From: Kenji <kenji@example.com>\n\nPatch\n", AUTHOR_INBODY_FROM, "Kenji", "kenji@example.com");

	check_rewrite("list rewrite without Reply-To: header From", from, post, NULL, "text\n", AUTHOR_HEADER_FROM,
		      "Parav Pandit via Virtualization", "virtualization@lists.linux-foundation.org");
	check_rewrite("list rewrite, Reply-To without an address: header From", from, post, "Parav Pandit",
		      "text\n", AUTHOR_HEADER_FROM, "Parav Pandit via Virtualization",
		      "virtualization@lists.linux-foundation.org");
	check_rewrite("via, but not the list's address: header From",
		      "Parav Pandit via Virtualization <parav@nvidia.example>", post, "Someone <s@x.example>", "text\n",
		      AUTHOR_HEADER_FROM, "Parav Pandit via Virtualization", "parav@nvidia.example");
	check_rewrite("list's address without via: header From",
		      "Virtualization <virtualization@lists.linux-foundation.org>", post, reply, "text\n",
		      AUTHOR_HEADER_FROM, "Virtualization", "virtualization@lists.linux-foundation.org");
	check_rewrite("via without List-Post: header From", from, NULL, reply, "text\n", AUTHOR_HEADER_FROM,
		      "Parav Pandit via Virtualization", "virtualization@lists.linux-foundation.org");
	check_rewrite("List-Post NO: header From", from, "NO", reply, "text\n", AUTHOR_HEADER_FROM,
		      "Parav Pandit via Virtualization", "virtualization@lists.linux-foundation.org");
	check_rewrite("\"via\" inside a word is not via: header From",
		      "Octavia Viaduct <virtualization@lists.linux-foundation.org>", post, reply, "text\n",
		      AUTHOR_HEADER_FROM, "Octavia Viaduct", "virtualization@lists.linux-foundation.org");
	check_rewrite("name is only \"via List\": header From",
		      "via Virtualization <virtualization@lists.linux-foundation.org>", post, reply, "text\n",
		      AUTHOR_HEADER_FROM, "via Virtualization", "virtualization@lists.linux-foundation.org");

	struct mailbox mb = {"Ann via Frob", "frob@lists.example.org"};
	CHECK(author_from_is_list_rewrite(&mb, "<mailto:frob@lists.example.org>"), "list rewrite recognised");
	CHECK(!author_from_is_list_rewrite(&mb, "<mailto:frob-owner@lists.example.org>"),
	      "another list address: no rewrite");
	struct mailbox tail = {"Ann via ", "frob@lists.example.org"};
	CHECK(!author_from_is_list_rewrite(&tail, "<mailto:frob@lists.example.org>"), "\"via\" with no list name");
}

/* The entry shows the address as written; only the contributor key is lower-cased. */
static void test_facts_key(void)
{
	static const char raw[] = "From: Arseniy <AVKrasnov@SberDevices.example>\n"
				  "Subject: [PATCH] vsock: x\n\nFrom: Kenji <Kenji@Example.COM>\n\nText\n";
	struct mail m;
	struct message_facts f;
	mail_parse(&m, raw, strlen(raw), MAIL_PARSER_AUTO);
	facts_from_mail(&f, &m);
	CHECK_STR(facts_author_addr(&f), "Kenji@Example.COM", "facts: author address as written");
	CHECK_STR(facts_author_key(&f), "kenji@example.com", "facts: contributor key lower-cased");
	CHECK_STR(facts_rare(&f)->entry_body, "\nText", "facts: entry body without the in-body header");
	facts_release(&f);
	mail_release(&m);

	static const char plain[] = "From: Arseniy <AVKrasnov@SberDevices.example>\nSubject: x\n\nText\n";
	mail_parse(&m, plain, strlen(plain), MAIL_PARSER_AUTO);
	facts_from_mail(&f, &m);
	CHECK_STR(facts_author_addr(&f), "AVKrasnov@SberDevices.example", "facts: header address as written");
	CHECK_STR(facts_author_key(&f), "avkrasnov@sberdevices.example", "facts: header address key lower-cased");
	facts_release(&f);
	mail_release(&m);
}

void test_author(void)
{
	/* mailbox parsing uses GMime */
	mail_library_init();
	test_rules();
	test_first_line_rule();
	test_unknown();
	test_list_rewrite();
	test_facts_key();
}
