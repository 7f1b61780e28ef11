/* git's in-body header: when the top of a body names the patch author, and what it spans. */
#include "harness.h"

#include "../../src/message/mail.h"
#include "../../src/patch/inbody.h"

void test_inbody(void);

/*
 * want_addr NULL: no in-body header. Otherwise the header must run from
 * the line starting with want_first to just before the text want_rest.
 */
static void check_inbody(const char *body, const char *want_name, const char *want_addr,
			 const char *want_first, const char *want_rest, const char *what)
{
	struct inbody_header h;
	size_t len = strlen(body);
	inbody_parse(&h, body, len);
	CHECK(h.present == (want_addr != NULL), "in-body header %s: present %d", what, (int)h.present);
	CHECK_STR(h.from.name, want_name, "in-body header %s: name", what);
	CHECK_STR(h.from.addr, want_addr, "in-body header %s: address", what);
	if (want_addr) {
		size_t first = (size_t)(strstr(body, want_first) - body);
		size_t rest = len - strlen(want_rest);
		CHECK(h.start == first && h.end == rest, "in-body header %s: spans [%zu, %zu), want [%zu, %zu)",
		      what, h.start, h.end, first, rest);
	} else {
		CHECK(!h.date && !h.subject && !h.start && !h.end, "in-body header %s: nothing else set", what);
	}
	inbody_release(&h);
	CHECK(!h.present && !h.from.name && !h.from.addr, "inbody_release clears %s", what);
}

static void test_git_shapes(void)
{
	check_inbody("From: Kenji Watanabe <kenji@example.com>\n\nLet the user choose.\n",
		     "Kenji Watanabe", "kenji@example.com", "From:", "\nLet the user choose.\n",
		     "git send-email: From, blank line");
	check_inbody("\n  \r\n\tFrom: x\n", NULL, NULL, NULL, NULL, "indented From: is not a header");
	check_inbody("\n \t\r\n\nFrom: A Author <a@b.example>\r\n\r\nText\r\n", "A Author", "a@b.example", "From:",
		     "\r\nText\r\n", "after blank lines, CRLF");
	check_inbody("From: Kenji <kenji@example.com>\nDate: Mon, 4 Mar 2024 10:15:02 +0530\n\nText\n", "Kenji",
		     "kenji@example.com", "From:", "\nText\n", "From then Date");
	check_inbody("From: Kenji <kenji@example.com>\nSubject: [PATCH] frob: fix\nDate: Mon, 4 Mar 2024\n\nText\n",
		     "Kenji", "kenji@example.com", "From:", "\nText\n", "From, Subject, Date");
	check_inbody("From: Kenji <kenji@example.com>\nSubject: [PATCH] frob: a title\n that goes on\n\nText\n",
		     "Kenji", "kenji@example.com", "From:", "\nText\n", "folded Subject");
	check_inbody("From: =?UTF-8?Q?J=C3=B6rg_R=C3=B6del?=\n <jroedel@example.de>\n\nText\n",
		     "J\xC3\xB6rg R\xC3\xB6" "del", "jroedel@example.de", "From:", "\nText\n", "folded From");
	check_inbody("from: Kenji <kenji@example.com>\nDATE: today\n\nText\n", "Kenji", "kenji@example.com",
		     "from:", "\nText\n", "field names in any case, as git reads them");
	check_inbody("From: Kenji <kenji@example.com>\n", "Kenji", "kenji@example.com", "From:", "",
		     "the end of the body closes the header");
	check_inbody("From: Kenji <kenji@example.com>\nDate: today", "Kenji", "kenji@example.com", "From:", "",
		     "end of the body after Date, no line end");
	check_inbody("From: kenji@example.com\n\nText\n", "", "kenji@example.com", "From:", "\nText\n",
		     "bare address");
	check_inbody("From: <kenji@example.com>\n\nText\n", "", "kenji@example.com", "From:", "\nText\n",
		     "address in brackets");
	check_inbody("From: Name (Org) <a@b.example>\n\nText\n", "Name (Org)", "a@b.example", "From:", "\nText\n",
		     "comment in the name");
	check_inbody("From: Kenji <Kenji@Example.COM>\n\nText\n", "Kenji", "Kenji@Example.COM", "From:", "\nText\n",
		     "address as written");
	check_inbody("From: Kenji <kenji@example.com> (Acme)\n\nText\n", "Kenji", "kenji@example.com", "From:",
		     "\nText\n", "comment after the address");
	check_inbody("From: Kenji <kenji@example.com>\n   \t\nText\n", "Kenji", "kenji@example.com", "From:",
		     "   \t\nText\n", "a line of blanks closes the header");
}

static void test_not_inbody(void)
{
	/* Outlook's quoted header block, wrapped over lines. */
	check_inbody("From: Edgecombe, Rick P <rick.p.edgecombe@intel.example>\n"
		     "Sent: Monday, March 4, 2024 10:00 AM\nTo: kvm@vger.example\n\nReply text.\n",
		     NULL, NULL, NULL, NULL, "Outlook: From then Sent");
	check_inbody("From: Rick <rick@intel.example>\nTo: kvm@vger.example\n\nReply\n", NULL, NULL, NULL, NULL,
		     "Outlook: From then To");
	check_inbody("From: Rick <rick@intel.example>\nCc: kvm@vger.example\n\nReply\n", NULL, NULL, NULL, NULL,
		     "Outlook: From then Cc");
	check_inbody("From: Rick <rick@intel.example>\nDate: Monday\nTo: kvm@vger.example\nSubject: x\n\nReply\n",
		     NULL, NULL, NULL, NULL, "Outlook: Date then To");
	check_inbody("From: Rick <rick@intel.example>\n> Sent: 16 June 2022 19:45\n> \n", NULL, NULL, NULL, NULL,
		     "quoted Sent: line under the From");
	/* Outlook's block on one line. */
	check_inbody("From: Rick P <rick@intel.example> Sent: Monday, March 4, 2024 10:00 AM To: kvm@vger.example\n\n"
		     "Reply\n", NULL, NULL, NULL, NULL, "Outlook on one line");
	check_inbody("From: Name @ 2024-01-22 20:49 UTC\n\nQuoted text\n", NULL, NULL, NULL, NULL,
		     "name and date, no address");
	check_inbody("From: Kenji Watanabe\n\nText\n", NULL, NULL, NULL, NULL, "no address");
	check_inbody("From: Someone <nobody>\n\nText\n", NULL, NULL, NULL, NULL, "address without '@'");
	check_inbody("From: A <a@b.example>, B <c@d.example>\n\nText\n", NULL, NULL, NULL, NULL, "two mailboxes");
	check_inbody("From: Kenji <kenji@example.com>\nLet the user choose.\n", NULL, NULL, NULL, NULL,
		     "text right under the From, no blank line");
	check_inbody("From: Kenji <kenji@example.com>\nDate: a\nDate: b\n\nText\n", NULL, NULL, NULL, NULL,
		     "Date twice");
	check_inbody("From: Kenji <kenji@example.com>\nFrom: Other <o@example.com>\n\nText\n", NULL, NULL, NULL,
		     NULL, "From twice");
	check_inbody("Date: today\nFrom: Kenji <kenji@example.com>\n\nText\n", NULL, NULL, NULL, NULL,
		     "From not on the first line");
	check_inbody("Hello\nFrom: A <a@b.example>\n", NULL, NULL, NULL, NULL, "From: on the second line");
	check_inbody("> From: A <a@b.example>\n\n", NULL, NULL, NULL, NULL, "quoted From:");
	check_inbody("From A <a@b.example>\n\n", NULL, NULL, NULL, NULL, "From without a colon");
	check_inbody("From : A <a@b.example>\n\n", NULL, NULL, NULL, NULL, "blank before the colon");
	check_inbody("", NULL, NULL, NULL, NULL, "empty body");
	check_inbody("\n\r\n \t \n", NULL, NULL, NULL, NULL, "only blank lines");

	struct inbody_header h;
	inbody_parse(&h, NULL, 0);
	CHECK(!h.present, "in-body header of a NULL body: none");
	inbody_release(&h);
}

static void test_fields(void)
{
	struct inbody_header h;
	const char *body = "From: K <k@example.com>\nDate: Mon, 4 Mar 2024\r\nSubject: [PATCH] a\n b\n\nText\n";
	inbody_parse(&h, body, strlen(body));
	CHECK(h.present && h.date && h.date_len == strlen(" Mon, 4 Mar 2024") &&
	      !memcmp(h.date, " Mon, 4 Mar 2024", h.date_len), "in-body Date value, without its CR");
	CHECK(h.subject && h.subject_len == strlen(" [PATCH] a\n b") &&
	      !memcmp(h.subject, " [PATCH] a\n b", h.subject_len), "in-body Subject value with its continuation");
	inbody_release(&h);

	/* Only len bytes are the body. */
	body = "From: K <k@example.com>\nSent: x\n";
	inbody_parse(&h, body, strlen("From: K <k@example.com>\n"));
	CHECK(h.present && h.end == strlen("From: K <k@example.com>\n"), "inbody_parse honours len");
	inbody_release(&h);
}

void test_inbody(void)
{
	mail_library_init();
	test_git_shapes();
	test_not_inbody();
	test_fields();
}
