/* mail_parse: the fast path, GMime, and what both make of odd input. */
#include "harness.h"

#include <stdbool.h>
#include <stdlib.h>

#include "../../src/common/strbuf.h"
#include "../../src/common/utf8.h"
#include "../../src/message/mail.h"

void test_mail(void);

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Messages the fast path must take: plain text/plain, us-ascii or utf-8, 7bit/8bit. */
static const char *const fast_messages[] = {
	/* 0: git send-email style, folded subject with a trailing blank */
	"From: Ann Author <ann@example.org>\n"
	"To: list@example.org\n"
	"Subject: [PATCH v2 1/3] frob: add a\n"
	" folded title \n"
	"Date: Mon, 4 Mar 2024 10:15:02 +0000\n"
	"Message-ID: <1@example.org>\n"
	"In-Reply-To: <0@example.org>\n"
	"References: <0@example.org>\n"
	"List-Id: <frob.lists.example.org>\n"
	"MIME-Version: 1.0\n"
	"Content-Transfer-Encoding: 8bit\n"
	"\n"
	"Body line one.\n"
	"\n"
	"Signed-off-by: Ann Author <ann@example.org>\n",
	/* 1: explicit UTF-8, encoded words in the header, 8-bit body */
	"From: =?UTF-8?Q?J=C3=B6rg_R=C3=B6del?= <joro@8bytes.org>\n"
	"Subject: =?UTF-8?Q?caf=C3=A9?= talk\n"
	"Message-ID: <2@example.org>\n"
	"MIME-Version: 1.0\n"
	"Content-Type: text/plain; charset=\"utf-8\"\n"
	"Content-Transfer-Encoding: 8bit\n"
	"\n"
	"K\xC3\xB6rper mit Umlauten.\n",
	/* 2: upper-case type and charset, format=flowed, 7bit */
	"From: Bob <bob@example.com>\n"
	"Subject: Re: [PATCH] x\n"
	"Content-Type: TEXT/PLAIN; charset=US-ASCII; format=flowed\n"
	"Content-Transfer-Encoding: 7BIT\n"
	"\n"
	"> quoted\n"
	"reply text \n",
	/* 3: CRLF line ends throughout */
	"From: Carol <carol@example.net>\r\n"
	"Subject: [PATCH] crlf\r\n"
	" folded \r\n"
	"Message-ID: <3@example.net>\r\n"
	"\r\n"
	"From: Dan <dan@example.net>\r\n"
	"\r\n"
	"Body\r\n",
	/* 4: B4 relay, inline disposition */
	"From: Jane Doe via B4 Relay <devnull+jane.example.com@kernel.org>\n"
	"X-Original-From: Jane Doe <jane@example.com>\n"
	"Subject: [PATCH 1/2] gpio: thing\n"
	"Content-Type: text/plain; charset=utf-8\n"
	"Content-Disposition: inline\n"
	"\n"
	"Patch text\n",
	/* 5: header only, no blank line, no body */
	"From: Eve <eve@example.org>\n"
	"Subject: nothing else\n",
	/* 6: empty body after the blank line; field names in odd case */
	"FROM: Fay <fay@example.org>\n"
	"subject: odd case names\n"
	"message-id: <6@example.org>\n"
	"\n",
	/* 7: 8-bit UTF-8 straight in the header fields */
	"From: Ren\xC3\xA9 Dupont <rene@example.fr>\n"
	"Subject: caf\xC3\xA9 cr\xC3\xA8me\n"
	"\n"
	"Texte.\n",
	/* 8: a repeated field: the first one counts */
	"From: First <first@example.org>\n"
	"Subject: first subject\n"
	"Subject: second subject\n"
	"\n"
	"x\n",
	/* last: a sender rewritten by a Mailman list, the real one in a folded Reply-To */
	"From: Parav Pandit via Virtualization\n"
	" <virtualization@lists.example.org>\n"
	"Reply-To: Parav Pandit\n"
	"\t<parav@nvidia.example>\n"
	"List-Post: <mailto:virtualization@lists.example.org>\n"
	"Subject: Re: [PATCH] virtio: x\n"
	"\n"
	"Looks good.\n",
};

/* The fields a test expects from fast_messages[0]. */
static void test_fast_fields(void)
{
	struct mail m;
	const char *raw = fast_messages[0];
	int rc = mail_parse(&m, raw, strlen(raw), MAIL_PARSER_FAST);
	CHECK(rc == 0 && m.via_fast_path, "fast path takes a plain git send-email message");
	CHECK_STR(m.from, "Ann Author <ann@example.org>", "fast path: From");
	CHECK_STR(m.subject, "[PATCH v2 1/3] frob: add a folded title ", "fast path: Subject unfolded, trailing blank kept");
	CHECK_STR(m.message_id, "<1@example.org>", "fast path: Message-ID");
	CHECK_STR(m.in_reply_to, "<0@example.org>", "fast path: In-Reply-To");
	CHECK_STR(m.references, "<0@example.org>", "fast path: References");
	CHECK_STR(m.date, "Mon, 4 Mar 2024 10:15:02 +0000", "fast path: Date");
	CHECK_STR(m.list_id, "<frob.lists.example.org>", "fast path: List-Id");
	CHECK_STR(m.x_original_from, NULL, "fast path: absent X-Original-From is NULL");
	CHECK(m.body_len == strlen("Body line one.\n\nSigned-off-by: Ann Author <ann@example.org>\n") &&
	      !memcmp(m.body, "Body line one.\n\nSigned-off-by: Ann Author <ann@example.org>\n", m.body_len),
	      "fast path: body is what follows the blank line");
	CHECK(m.body >= raw && m.body < raw + strlen(raw), "fast path: body points into the blob");
	mail_release(&m);
	CHECK(!m.from && !m.body && !m.body_len, "mail_release clears the mail");
	mail_release(&m); /* twice is harmless */

	raw = fast_messages[4];
	rc = mail_parse(&m, raw, strlen(raw), MAIL_PARSER_AUTO);
	CHECK(rc == 0 && m.via_fast_path, "AUTO takes the fast path for a B4 relay message");
	CHECK_STR(m.x_original_from, "Jane Doe <jane@example.com>", "X-Original-From read");
	mail_release(&m);

	raw = fast_messages[5];
	rc = mail_parse(&m, raw, strlen(raw), MAIL_PARSER_FAST);
	CHECK(rc == 0 && m.body_len == 0, "header-only message: empty body");
	CHECK_STR(m.subject, "nothing else", "header-only message: Subject");
	mail_release(&m);

	raw = fast_messages[8];
	rc = mail_parse(&m, raw, strlen(raw), MAIL_PARSER_FAST);
	CHECK_STR(m.subject, "first subject", "repeated Subject: the first one");
	mail_release(&m);

	/* Reply-To and List-Post, for a sender rewritten by the list: both parsers. */
	raw = fast_messages[sizeof(fast_messages) / sizeof(fast_messages[0]) - 1];
	for (int parser = MAIL_PARSER_GMIME; parser <= MAIL_PARSER_FAST; parser++) {
		const char *name = parser == MAIL_PARSER_FAST ? "fast path" : "GMime";
		rc = mail_parse(&m, raw, strlen(raw), (enum mail_parser)parser);
		CHECK(rc == 0 && m.via_fast_path == (parser == MAIL_PARSER_FAST), "%s reads the rewritten message", name);
		CHECK_STR(m.reply_to, "Parav Pandit\t<parav@nvidia.example>", "%s: Reply-To unfolded", name);
		CHECK_STR(m.list_post, "<mailto:virtualization@lists.example.org>", "%s: List-Post", name);
		mail_release(&m);
	}
	raw = fast_messages[0];
	for (int parser = MAIL_PARSER_GMIME; parser <= MAIL_PARSER_FAST; parser++) {
		mail_parse(&m, raw, strlen(raw), (enum mail_parser)parser);
		CHECK(!m.reply_to && !m.list_post, "parser %d: absent Reply-To and List-Post are NULL", parser);
		mail_release(&m);
	}
}

/* Wherever the fast path takes a message, GMime must agree with it. */
static void test_fast_equals_gmime(void)
{
	for (size_t i = 0; i < sizeof(fast_messages) / sizeof(fast_messages[0]); i++) {
		const char *raw = fast_messages[i];
		struct mail f, g;
		int rc = mail_parse(&f, raw, strlen(raw), MAIL_PARSER_FAST);
		CHECK(rc == 0 && f.via_fast_path, "fast message #%zu taken by the fast path", i);
		mail_parse(&g, raw, strlen(raw), MAIL_PARSER_GMIME);
		CHECK(!g.via_fast_path, "fast message #%zu: GMIME does not use the fast path", i);
		for (int field = 0; field < MAIL_FIELD_COUNT; field++)
			CHECK(same(f.field[field], g.field[field]), "fast message #%zu: same %s [%s] [%s]", i,
			      mail_field_names[field].name, f.field[field] ? f.field[field] : "(null)",
			      g.field[field] ? g.field[field] : "(null)");
		CHECK(f.body_len == g.body_len && (!f.body_len || !memcmp(f.body, g.body, f.body_len)),
		      "fast message #%zu: same body (%zu and %zu bytes)", i, f.body_len, g.body_len);
		mail_release(&f);
		mail_release(&g);
	}
}

/* Odd but legal-looking messages: the fast path may refuse them, but what it takes GMime must agree with. */
static const char *const tricky_messages[] = {
	/* a repeated Content-Type: GMime goes by the last one */
	"From: A <a@example.org>\nContent-Type: text/plain\nContent-Type: text/html\n\nbody\n",
	/* a repeated Content-Transfer-Encoding, the second one base64 */
	"From: A <a@example.org>\nContent-Transfer-Encoding: 7bit\nContent-Transfer-Encoding: base64\n\nSGVsbG8K\n",
	/* a repeated charset */
	"From: A <a@example.org>\nContent-Type: text/plain; charset=utf-8\nContent-Type: text/plain; charset=iso-8859-1\n"
	"\ncaf\xE9\n",
	"From: A <a@example.org>\nContent-Type: text/plain;charset=utf-8\n\nno blank after the semicolon\n",
	"From: A <a@example.org>\nContent-Type: text/plain; CHARSET=\"UTF-8\"\n\nupper-case parameter\n",
	"From: A <a@example.org>\nContent-Type: text/plain; charset=\"\"\n\nempty charset\n",
	"From: A <a@example.org>\nContent-Type: text/plain;\n charset=iso-8859-1\n\nfolded Latin-1 caf\xE9\n",
	"From: A <a@example.org>\nContent-Transfer-Encoding: 8BIT \n\nblank after the encoding\n",
	"From: A <a@example.org>\nContent-Type: text/plain; charset=utf-8; name=\"x.patch\"\n"
	"Content-Disposition: inline; filename=\"x.patch\"\n\ninline patch file\n",
	"From: A <a@example.org>\nSubject: x\n\r\nCR-only blank line\n",
	"From: A <a@example.org>\r\nSubject: x\r\n\r\nmixed\nline ends\r\n",
	"From:A <a@example.org>\nSubject:no blank after colons\n\nbody\n",
	"From: A <a@example.org>\nSubject: x\n\n\nbody after two blank lines\n",
	"From: A <a@example.org>\nX-Empty:\nReferences: <1@x>\n <2@x>\nIn-Reply-To: <2@x> (comment)\n\nbody\n",
	"From: A <a@example.org>\nSubject : blank before the colon\n\nbody\n",
};

static void test_tricky_agree(void)
{
	for (size_t i = 0; i < sizeof(tricky_messages) / sizeof(tricky_messages[0]); i++) {
		const char *raw = tricky_messages[i];
		struct mail f, g;
		if (mail_parse(&f, raw, strlen(raw), MAIL_PARSER_FAST) < 0)
			continue; /* GMime's alone: nothing to compare */
		mail_parse(&g, raw, strlen(raw), MAIL_PARSER_GMIME);
		int differ = 0;
		for (int field = 0; field < MAIL_FIELD_COUNT; field++)
			differ += !same(f.field[field], g.field[field]);
		CHECK(!differ, "tricky message #%zu taken by the fast path: GMime gives the same fields (%d differ)",
		      i, differ);
		CHECK(f.body_len == g.body_len && (!f.body_len || !memcmp(f.body, g.body, f.body_len)),
		      "tricky message #%zu taken by the fast path: GMime gives the same body (%zu and %zu bytes)",
		      i, f.body_len, g.body_len);
		mail_release(&f);
		mail_release(&g);
	}
}

/* Messages the fast path must leave to GMime. */
static void check_refused(const char *raw, const char *what)
{
	struct mail m;
	int rc = mail_parse(&m, raw, strlen(raw), MAIL_PARSER_FAST);
	CHECK(rc == -1, "fast path refuses %s", what);
	int fields = 0;
	for (int field = 0; field < MAIL_FIELD_COUNT; field++)
		fields += m.field[field] != NULL;
	CHECK(!fields && !m.body_owned, "refused %s leaves the mail empty", what);
	mail_release(&m);
	rc = mail_parse(&m, raw, strlen(raw), MAIL_PARSER_AUTO);
	CHECK(rc == 0 && !m.via_fast_path, "AUTO sends %s to GMime", what);
	CHECK_STR(m.from, "Sam <sam@example.org>", "GMime reads From of %s", what);
	mail_release(&m);
}

static void test_refused(void)
{
	check_refused("From: Sam <sam@example.org>\nContent-Type: text/plain; charset=utf-8\n"
		      "Content-Transfer-Encoding: base64\n\nSGVs*bG8K\n", "base64 with a byte outside the alphabet");
	check_refused("From: Sam <sam@example.org>\nContent-Type: text/plain; charset=utf-8\n"
		      "Content-Transfer-Encoding: quoted-printable\n\nHello=0G\n", "quoted-printable with a bad escape");
	check_refused("From: Sam <sam@example.org>\nContent-Type: text/plain; charset=utf-8\n"
		      "Content-Transfer-Encoding: x-uuencode\n\nbegin 644 x\n`\nend\n", "uuencode");
	check_refused("From: Sam <sam@example.org>\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"
		      "--b\nContent-Type: text/plain\n\nHello\n--b--\n", "multipart");
	check_refused("From: Sam <sam@example.org>\nContent-Type: text/plain; charset=koi8-r\n\n\xF0\xD2\xC9\n",
		      "koi8-r");
	check_refused("From: Sam <sam@example.org>\nContent-Type: text/plain; charset=\"windows-1251\"\n\nx\n",
		      "windows-1251");
	check_refused("From: Sam <sam@example.org>\nContent-Type: text/plain; charset=utf-8\n"
		      "Content-Disposition: attachment; filename=\"a.txt\"\n\nx\n", "an attachment");
	check_refused("From: Sam <sam@example.org>\nContent-Type: text/html; charset=utf-8\n\n<p>x</p>\n",
		      "text/html");
	check_refused("From: Sam <sam@example.org>\nContent-Type: application/octet-stream\n\nx\n",
		      "application/octet-stream");
}

static void check_body(const char *raw, enum mail_parser parser, bool want_fast, const char *want,
		       const char *what)
{
	struct mail m;
	mail_parse(&m, raw, strlen(raw), parser);
	CHECK(m.via_fast_path == want_fast, "%s: through %s", what, want_fast ? "the fast path" : "GMime");
	CHECK(m.body && m.body_len == strlen(want) && !memcmp(m.body, want, m.body_len),
	      "%s: body (%zu bytes, want %zu)", what, m.body_len, strlen(want));
	if (m.body && (m.body_len != strlen(want) || memcmp(m.body, want, m.body_len)))
		printf("# got:  [%.*s]\n# want: [%s]\n", (int)m.body_len, m.body, want);
	mail_release(&m);
}

static void check_gmime_body(const char *raw, enum mail_parser parser, const char *want, const char *what)
{
	check_body(raw, parser, false, want, what);
}

/* A body both paths decode: GMime forced, then AUTO, which takes the fast path. */
static void check_both_bodies(const char *raw, const char *want, const char *what)
{
	check_body(raw, MAIL_PARSER_GMIME, false, want, what);
	check_body(raw, MAIL_PARSER_AUTO, true, want, what);
}

static void test_decoding(void)
{
	check_both_bodies("From: Sam <sam@example.org>\n"
			  "Subject: [RFC PATCH 0/9] vfio: Introduce mmap maple tree\n"
			  "MIME-Version: 1.0\n"
			  "Content-Type: text/plain; charset=utf-8\n"
			  "Content-Transfer-Encoding: base64\n"
			  "\n"
			  "SMOpbGxvIHfDtnJsZApTZWNvbmQgbGluZSDigJQgb2sK\n",
			  "H\xC3\xA9llo w\xC3\xB6rld\nSecond line \xE2\x80\x94 ok\n",
			  "base64 UTF-8 body decoded");
	check_both_bodies("From: Sam <sam@example.org>\n"
			  "Content-Type: text/plain; charset=iso-8859-1\n"
			  "Content-Transfer-Encoding: quoted-printable\n"
			  "\n"
			  "caf=E9 cr=E8me br=FBl=\n"
			  "=E9e\n"
			  "two=3D2\n",
			  "caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e\ntwo=2\n",
			  "quoted-printable Latin-1 body converted to UTF-8");
	check_both_bodies("From: Sam <sam@example.org>\n"
			  "Content-Type: text/plain; charset=iso-8859-1\n"
			  "Content-Transfer-Encoding: 8bit\n"
			  "\n"
			  "Gr\xFC\xDF" "e\n",
			  "Gr\xC3\xBC\xC3\x9F" "e\n", "8-bit Latin-1 body converted to UTF-8");
	check_gmime_body("From: Sam <sam@example.org>\n"
			 "Subject: [PATCH] x\n"
			 "\n"
			 "plain\n",
			 MAIL_PARSER_GMIME, "plain\n", "GMIME forced on a plain message");
	check_gmime_body("From: Sam <sam@example.org>\n"
			 "MIME-Version: 1.0\n"
			 "Content-Type: multipart/mixed; boundary=\"=-=b1=-=\"\n"
			 "\n"
			 "This is a multi-part message in MIME format.\n"
			 "\n"
			 "--=-=b1=-=\n"
			 "Content-Type: text/plain; charset=utf-8\n"
			 "Content-Disposition: attachment; filename=\"notes.txt\"\n"
			 "\n"
			 "attached text, not the body\n"
			 "--=-=b1=-=\n"
			 "Content-Type: text/html; charset=utf-8\n"
			 "\n"
			 "<p>html, not the body</p>\n"
			 "--=-=b1=-=\n"
			 "Content-Type: text/plain; charset=utf-8\n"
			 "Content-Transfer-Encoding: base64\n"
			 "\n"
			 "Q292ZXIgbGV0dGVyIGJvZHkKCndpdGggw7xuw69jb2RlCg==\n"
			 "--=-=b1=-=\n"
			 "Content-Type: text/plain\n"
			 "\n"
			 "a later text part\n"
			 "--=-=b1=-=--\n",
			 MAIL_PARSER_AUTO, "Cover letter body\n\nwith \xC3\xBCn\xC3\xAF" "code\n",
			 "multipart/mixed: the first text/plain part that is not an attachment");
	check_gmime_body("From: Sam <sam@example.org>\n"
			 "Content-Type: multipart/mixed; boundary=outer\n"
			 "\n"
			 "--outer\n"
			 "Content-Type: multipart/alternative; boundary=inner\n"
			 "\n"
			 "--inner\n"
			 "Content-Type: text/plain; charset=iso-8859-1\n"
			 "Content-Transfer-Encoding: quoted-printable\n"
			 "\n"
			 "nested na=EFve text\n"
			 "\n"
			 "--inner\n"
			 "Content-Type: text/html\n"
			 "\n"
			 "<p>x</p>\n"
			 "--inner--\n"
			 "--outer\n"
			 "Content-Type: application/octet-stream\n"
			 "Content-Disposition: attachment\n"
			 "\n"
			 "binary\n"
			 "--outer--\n",
			 MAIL_PARSER_AUTO, "nested na\xC3\xAFve text\n", "nested multipart/alternative text part");
	check_gmime_body("From: Sam <sam@example.org>\n"
			 "Content-Type: multipart/mixed; boundary=b\n"
			 "\n"
			 "--b\n"
			 "Content-Type: text/html\n"
			 "\n"
			 "<p>only html</p>\n"
			 "--b--\n",
			 MAIL_PARSER_AUTO, "", "multipart without a text/plain part: empty body");
}

/* Malformed input: never a crash, and what can be read is read. */
static void test_malformed(void)
{
	struct mail m;

	CHECK(mail_parse(&m, "", 0, MAIL_PARSER_FAST) == -1, "fast path refuses an empty blob");
	mail_release(&m);
	CHECK(mail_parse(&m, "", 0, MAIL_PARSER_AUTO) == 0, "empty blob parses");
	CHECK(!m.from && !m.subject && m.body_len == 0, "empty blob: no fields, empty body");
	mail_release(&m);

	const char *nohdr = "just some text\nwithout any header\n";
	CHECK(mail_parse(&m, nohdr, strlen(nohdr), MAIL_PARSER_FAST) == -1,
	      "fast path refuses a blob without headers");
	mail_release(&m);
	CHECK(mail_parse(&m, nohdr, strlen(nohdr), MAIL_PARSER_AUTO) == 0 && !m.from && !m.subject,
	      "blob without headers: no From, no Subject");
	mail_release(&m);

	const char *leading_fold = " folded first line\nFrom: a <a@b.c>\n\nx\n";
	CHECK(mail_parse(&m, leading_fold, strlen(leading_fold), MAIL_PARSER_FAST) == -1,
	      "fast path refuses a continuation line before any field");
	mail_release(&m);
	mail_parse(&m, leading_fold, strlen(leading_fold), MAIL_PARSER_AUTO);
	mail_release(&m);

	static const char nul_body[] = "From: Nul <nul@example.org>\nSubject: nul\n\nbody\0with nul\n";
	for (int p = 0; p < 2; p++) {
		enum mail_parser parser = p ? MAIL_PARSER_GMIME : MAIL_PARSER_AUTO;
		mail_parse(&m, nul_body, sizeof(nul_body) - 1, parser);
		CHECK_STR(m.from, "Nul <nul@example.org>", "NUL in the body (%s): From", p ? "GMime" : "auto");
		CHECK(m.body_len == 14 && !memcmp(m.body, "body\0with nul\n", 14),
		      "NUL in the body (%s): body keeps its length (%zu)", p ? "GMime" : "auto", m.body_len);
		mail_release(&m);
	}

	static const char nul_header[] = "From: Nul <nul@example.org>\nSubject: a\0b\nX-\0: y\n\nbody\n";
	mail_parse(&m, nul_header, sizeof(nul_header) - 1, MAIL_PARSER_AUTO);
	CHECK_STR(m.from, "Nul <nul@example.org>", "NUL in the header: From still read");
	mail_release(&m);
	mail_parse(&m, nul_header, sizeof(nul_header) - 1, MAIL_PARSER_GMIME);
	CHECK_STR(m.from, "Nul <nul@example.org>", "NUL in the header, GMime: From still read");
	mail_release(&m);

	const char *trunc64 = "From: Sam <sam@example.org>\nContent-Transfer-Encoding: base64\n\nSGVsbG8gd29ybG";
	mail_parse(&m, trunc64, strlen(trunc64), MAIL_PARSER_AUTO);
	CHECK(m.body_len >= 9 && !memcmp(m.body, "Hello wor", 9), "truncated base64: what is there decoded");
	mail_release(&m);

	const char *truncqp = "From: Sam <sam@example.org>\nContent-Transfer-Encoding: quoted-printable\n\nab=C3=A9=";
	mail_parse(&m, truncqp, strlen(truncqp), MAIL_PARSER_AUTO);
	CHECK(m.body_len >= 4 && !memcmp(m.body, "ab\xC3\xA9", 4), "truncated quoted-printable: what is there decoded");
	mail_release(&m);

	const char *noboundary = "From: Sam <sam@example.org>\nSubject: s\n"
				 "Content-Type: multipart/mixed\n\n--x\nContent-Type: text/plain\n\nhidden\n--x--\n";
	mail_parse(&m, noboundary, strlen(noboundary), MAIL_PARSER_AUTO);
	CHECK_STR(m.subject, "s", "multipart without boundary: Subject still read");
	mail_release(&m);

	const char *unknown = "From: Sam <sam@example.org>\nContent-Type: text/plain; charset=x-no-such-charset\n"
			      "Content-Transfer-Encoding: 8bit\n\ncaf\xC3\xA9\n";
	mail_parse(&m, unknown, strlen(unknown), MAIL_PARSER_AUTO);
	CHECK(m.body_len == 6 && !memcmp(m.body, "caf\xC3\xA9\n", 6),
	      "unknown charset: the bytes are left as they are (%zu bytes)", m.body_len);
	mail_release(&m);

	const char *badcte = "From: Sam <sam@example.org>\nContent-Transfer-Encoding: x-weird\n\nbody\n";
	mail_parse(&m, badcte, strlen(badcte), MAIL_PARSER_AUTO);
	CHECK_STR(m.from, "Sam <sam@example.org>", "unknown transfer encoding: From still read");
	mail_release(&m);

	/* Binary garbage of every byte value. */
	char garbage[4096];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof(garbage); i++) {
		x = x * 1103515245u + 12345u;
		garbage[i] = (char)(x >> 16);
	}
	for (int p = 0; p < 3; p++) {
		int rc = mail_parse(&m, garbage, sizeof(garbage), (enum mail_parser)p);
		CHECK(rc == 0 || p == MAIL_PARSER_FAST, "binary garbage, parser %d: no crash", p);
		mail_release(&m);
	}

	/* A 1 MB line: both paths give the same body. */
	struct strbuf big;
	strbuf_init(&big, 0);
	strbuf_addstr(&big, "From: Big <big@example.org>\nSubject: big\n\n");
	size_t head = big.len;
	for (int i = 0; i < (1 << 20); i++)
		strbuf_addch(&big, (char)('a' + i % 26));
	strbuf_addch(&big, '\n');
	struct mail f;
	mail_parse(&f, big.buf, big.len, MAIL_PARSER_AUTO);
	mail_parse(&m, big.buf, big.len, MAIL_PARSER_GMIME);
	CHECK(f.via_fast_path && f.body_len == big.len - head, "1 MB line: fast path body length");
	CHECK(m.body_len == f.body_len && !memcmp(m.body, f.body, f.body_len), "1 MB line: GMime agrees");
	mail_release(&f);
	mail_release(&m);
	strbuf_release(&big);
}

/* Multiparts nested thousands deep must not exhaust the stack. */
static void test_deep_nesting(void)
{
	enum { DEPTH = 5000 };
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addstr(&sb, "From: Deep <deep@example.org>\nSubject: deep\n");
	for (int i = 0; i < DEPTH; i++)
		strbuf_addf(&sb, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i);
	strbuf_addstr(&sb, "Content-Type: text/plain\n\ndeep text\n");
	for (int i = DEPTH - 1; i >= 0; i--)
		strbuf_addf(&sb, "--b%d--\n", i);
	struct mail m;
	mail_parse(&m, sb.buf, sb.len, MAIL_PARSER_AUTO);
	CHECK_STR(m.subject, "deep", "multipart nested %d deep: parsed, Subject read", DEPTH);
	mail_release(&m);
	strbuf_release(&sb);
}

void test_mail(void)
{
	mail_library_init();
	test_fast_fields();
	test_fast_equals_gmime();
	test_tricky_agree();
	test_refused();
	test_decoding();
	test_malformed();
	test_deep_nesting();
}
