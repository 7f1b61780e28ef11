/* Mailboxes in address fields: names, addresses, what may follow them, List-Post. */
#include "harness.h"

#include <stdlib.h>

#include "../../src/common/utf8.h"
#include "../../src/message/address.h"
#include "../../src/message/mail.h"

void test_address(void);

static void check_mailbox(const char *value, const char *name, const char *addr, const char *what)
{
	struct mailbox mb;
	int rc = mailbox_parse(value, &mb);
	CHECK(rc == (addr ? 0 : -1), "mailbox_parse %s: rc %d", what, rc);
	CHECK_STR(mb.name, name, "mailbox_parse %s: name", what);
	CHECK_STR(mb.addr, addr, "mailbox_parse %s: address", what);
	mailbox_release(&mb);
	CHECK(!mb.name && !mb.addr, "mailbox_release clears %s", what);
}

static void test_mailbox(void)
{
	check_mailbox("John Doe <john@example.org>", "John Doe", "john@example.org", "plain name");
	check_mailbox("\"Doe, John\" <john@example.org>", "Doe, John", "john@example.org",
		      "quoted name with a comma");
	check_mailbox("=?UTF-8?Q?J=C3=B6rg_R=C3=B6del?= <joro@8bytes.org>", "J\xC3\xB6rg R\xC3\xB6" "del",
		      "joro@8bytes.org", "encoded-word name");
	check_mailbox("=?UTF-8?B?5byg5LiJ?= <zhang@example.cn>", "\xE5\xBC\xA0\xE4\xB8\x89",
		      "zhang@example.cn", "B-encoded name");
	check_mailbox("=?UTF-8?Q?Doe=2C_John?= <jd@example.org>", "Doe, John", "jd@example.org",
		      "encoded comma in a name does not split the list");
	check_mailbox("=?UTF-8?B?SsO2cmc=?= =?UTF-8?B?IFLDtmRlbA==?= <joro@8bytes.org>",
		      "J\xC3\xB6rg R\xC3\xB6" "del", "joro@8bytes.org", "name in two padded B words");
	check_mailbox("\"Robert \\\"Bob\\\" Smith\" <bob@example.org>", "Robert \"Bob\" Smith",
		      "bob@example.org", "escaped quotes inside a quoted name are part of it");
	check_mailbox("john@example.org", "", "john@example.org", "bare address");
	check_mailbox("<john@example.org>", "", "john@example.org", "angle-only address");
	check_mailbox("  John \t  Q.   Public  <jqp@example.org>", "John Q. Public", "jqp@example.org",
		      "extra white space in the name collapsed");
	check_mailbox("\"  Spaced   Out  \" <s@example.org>", "Spaced Out", "s@example.org",
		      "white space inside quotes collapsed and trimmed");
	check_mailbox("Jane Doe via B4 Relay <devnull+jane.example.com@kernel.org>", "Jane Doe via B4 Relay",
		      "devnull+jane.example.com@kernel.org", "B4 relay sender");
	check_mailbox("Mixed <Mixed.Case@Example.COM>", "Mixed", "Mixed.Case@Example.COM",
		      "address case left alone");
	check_mailbox("A <a@x.org>, B <b@y.org>", "A", "a@x.org", "first of a list");
	check_mailbox("friends: Ann <ann@x.org>, bob@y.org;", "Ann", "ann@x.org", "group syntax: first member");
	check_mailbox("undisclosed-recipients:;", NULL, NULL, "empty group");
	check_mailbox("Just A Name", NULL, NULL, "no address");
	check_mailbox("someone <localpart>", NULL, NULL, "address without '@'");
	check_mailbox("", NULL, NULL, "empty value");
	check_mailbox(NULL, NULL, NULL, "NULL value");
}

/* Garbage must not crash and must give clean fields when it parses. */
static void test_mailbox_garbage(void)
{
	static const char *const garbage[] = {
		"<<<@>>>", "@", "a@", "\"\" <@b>", "=?UTF-8?B?!!!?= <a@b.c>", "N\xFF\xFE <x@y.z>",
		"name <a@b.c", "\"unterminated <x@y.org>", "(comment only)", ",,,,", "x: y: z: <a@b.c>;;", "\x01\x02 <c@d.e>",
	};
	for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		struct mailbox mb;
		int rc = mailbox_parse(garbage[i], &mb);
		int ok = rc == 0 ? mb.name && mb.addr && strchr(mb.addr, '@') &&
				   utf8_is_clean(mb.name, strlen(mb.name)) &&
				   utf8_is_clean(mb.addr, strlen(mb.addr))
				 : rc == -1 && !mb.name && !mb.addr;
		CHECK(ok, "mailbox_parse garbage #%zu: consistent result (rc %d)", i, rc);
		mailbox_release(&mb);
	}
}


/* Rule: a display name keeps its comments, as git am records it. */
static void test_comments(void)
{
	check_mailbox("Name (Org) <a@b.example>", "Name (Org)", "a@b.example", "comment at the end of a name kept");
	check_mailbox("Russell King (Oracle) <rk@armlinux.example>", "Russell King (Oracle)", "rk@armlinux.example",
		      "Name (Company) kept whole");
	check_mailbox("John (zzz) Doe <j@x.example>", "John (zzz) Doe", "j@x.example", "comment inside a name kept");
	check_mailbox("(Lead) Name <a@b.example>", "(Lead) Name", "a@b.example", "comment before a name kept");
	check_mailbox("Name(Org)<a@b.example>", "Name(Org)", "a@b.example", "no blanks: kept as written");
	check_mailbox("Name (Org (EU)) <a@b.example>", "Name (Org (EU))", "a@b.example", "nested comment kept");
	check_mailbox("Name (a\\) b) <a@b.example>", "Name (a) b)", "a@b.example", "escaped parenthesis in a comment");
	check_mailbox("Name <a@b.example> (Org)", "Name", "a@b.example", "a comment after the address is not the name");
	check_mailbox("a@b.example (Name)", "Name", "a@b.example", "old form: the comment is the name");
	check_mailbox("a@b.example(Name)", "Name", "a@b.example", "old form without a blank");
	check_mailbox("a@b.example (Name (nested))", "Name (nested)", "a@b.example", "old form, nested comment");
	check_mailbox("a@b.example (=?UTF-8?Q?J=C3=B6rg?=)", "J\xC3\xB6rg", "a@b.example", "old form, encoded name");
	check_mailbox("a@b.example", "", "a@b.example", "old form without a comment: no name");
	check_mailbox("\"Doe, John (ACME)\" <j@x.example>", "Doe, John (ACME)", "j@x.example",
		      "parentheses inside quotes are text");
	check_mailbox("=?UTF-8?Q?Ren=C3=A9?= (Acme) <r@x.example>", "Ren\xC3\xA9 (Acme)", "r@x.example",
		      "encoded name and comment");
}

/* Rule: a display name holding '@' is an address, not a name. */
static void test_address_as_name(void)
{
	check_mailbox("a@b.example <a@b.example>", "", "a@b.example", "Outlook's address as the name: no name");
	check_mailbox("\"a@b.example\" <a@b.example>", "", "a@b.example", "quoted address as the name: no name");
	check_mailbox("\"other@c.example\" <a@b.example>", "", "a@b.example", "another address as the name: no name");
	check_mailbox("=?UTF-8?Q?a=40b.example?= <a@b.example>", "", "a@b.example", "encoded '@' in the name: no name");
	check_mailbox("a@b.example (x@y.example)", "", "a@b.example", "old form with an address comment: no name");
	check_mailbox("Ann at Example <a@b.example>", "Ann at Example", "a@b.example", "\"at\" spelt out is a name");
}

/* mailbox_parse_alone: one mailbox and nothing after it but comments. */
static void check_alone(const char *value, const char *name, const char *addr, const char *what)
{
	struct mailbox mb;
	int rc = mailbox_parse_alone(value, &mb);
	CHECK(rc == (addr ? 0 : -1), "mailbox_parse_alone %s: rc %d", what, rc);
	CHECK_STR(mb.name, name, "mailbox_parse_alone %s: name", what);
	CHECK_STR(mb.addr, addr, "mailbox_parse_alone %s: address", what);
	mailbox_release(&mb);
}

static void test_alone(void)
{
	check_alone(" Kenji Watanabe <kenji@example.com>", "Kenji Watanabe", "kenji@example.com", "name and address");
	check_alone("kenji@example.com", "", "kenji@example.com", "bare address");
	check_alone("<kenji@example.com>", "", "kenji@example.com", "address in brackets");
	check_alone("Kenji <kenji@example.com>  \t", "Kenji", "kenji@example.com", "blanks after the address");
	check_alone("Kenji <kenji@example.com> (Acme)", "Kenji", "kenji@example.com", "a comment after the address");
	check_alone("kenji@example.com (Kenji)", "Kenji", "kenji@example.com", "old form");
	check_alone("Name (Org) <a@b.example>", "Name (Org)", "a@b.example", "comment in the name");

	check_alone("Rick P <rick@intel.example> Sent: Monday, March 4, 2024 10:00 AM To: kvm",
		    NULL, NULL, "Outlook on one line: text after the address");
	check_alone("Rick P <rick@intel.example> Sent", NULL, NULL, "a word after the address");
	check_alone("Rick P <rick@intel.example> \"quoted\"", NULL, NULL, "a quoted string after the address");
	check_alone("Rick P <rick@intel.example> <other@intel.example>", NULL, NULL, "a second address");
	check_alone("A <a@b.example>, B <c@d.example>", NULL, NULL, "two mailboxes");
	check_alone("A <a@b.example>,", NULL, NULL, "a comma after the mailbox");
	check_alone("kenji@example.com wrote", NULL, NULL, "old form with a word after it");
	check_alone("Name @ 2024-01-22 20:49 UTC", NULL, NULL, "name and date, no address");
	check_alone("Kenji Watanabe", NULL, NULL, "a name only");
	check_alone("friends: Ann <ann@x.example>;", NULL, NULL, "a group");
	check_alone("", NULL, NULL, "empty");
	check_alone(NULL, NULL, NULL, "NULL");

	/* mailbox_parse reads the first mailbox whatever follows it. */
	check_mailbox("Rick P <rick@intel.example> Sent: Monday, March 4", "Rick P", "rick@intel.example",
		      "lax: text after the address does not matter");
	check_mailbox("Name @ 2024-01-22 20:49 UTC", NULL, NULL, "lax: blanks around '@' make no address");
}

static void check_list_post(const char *value, const char *want, const char *what)
{
	char *got = address_list_post(value);
	CHECK_STR(got, want, "address_list_post: %s", what);
	free(got);
}

static void test_list_post(void)
{
	check_list_post("<mailto:virtualization@lists.linux-foundation.org>",
			"virtualization@lists.linux-foundation.org", "one mailto URL");
	check_list_post(" <MAILTO:Frob@Lists.Example.org>", "Frob@Lists.Example.org", "any case, address as written");
	check_list_post("<https://lists.example.org/post>, <mailto:frob@lists.example.org>",
			"frob@lists.example.org", "the mailto among several URLs");
	check_list_post("<mailto:frob@lists.example.org?subject=hello>", "frob@lists.example.org",
			"URL parameters left out");
	check_list_post("<mailto:frob%40lists.example.org>", "frob@lists.example.org", "percent-escapes decoded");
	check_list_post("mailto:frob@lists.example.org", "frob@lists.example.org", "without brackets");
	check_list_post("<mailto:frob@lists.example.org>, <mailto:other@lists.example.org>",
			"frob@lists.example.org", "the first of two mailto URLs");
	check_list_post("NO (posting not allowed on this list)", NULL, "posting not allowed");
	check_list_post("<https://lists.example.org/post>", NULL, "web URL only");
	check_list_post("frob@lists.example.org", NULL, "an address without mailto: is not a URL");
	check_list_post("<mailto:>", NULL, "empty mailto");
	check_list_post("<mailto:%4>", NULL, "broken escape, no '@'");
	check_list_post("", NULL, "empty value");
	check_list_post(NULL, NULL, "NULL value");
}

void test_address(void)
{
	/* names are decoded through GMime's charset tables */
	mail_library_init();
	test_mailbox();
	test_mailbox_garbage();
	test_comments();
	test_address_as_name();
	test_alone();
	test_list_post();
}
