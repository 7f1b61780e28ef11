/*
 * The fast path's decoding of base64, quoted-printable and single-byte
 * charsets, against GMime on crafted bodies: what it takes must be GMime's
 * bytes exactly, and what it declines must go to GMime.
 */
#include "harness.h"

#include <stdbool.h>
#include <stdlib.h>

#include "../../src/common/strbuf.h"
#include "../../src/message/mail.h"

void test_decode(void);

/* The charset spellings the fast path converts or takes as they stand. */
static const char *const charsets[] = {
	"utf-8", "UTF-8", "utf8", "us-ascii", "ascii",
	"iso-8859-1", "ISO-8859-1", "iso8859-1", "iso_8859-1", "latin1",
	"iso-8859-15", "ISO8859-15", "iso_8859-15",
	"windows-1252", "Windows-1252", "windows-cp1252", "cp1252",
};

/* A message with the given charset and transfer encoding around body. */
static void build(struct strbuf *sb, const char *charset, const char *encoding, const char *body, size_t len)
{
	strbuf_reset(sb);
	strbuf_addstr(sb, "From: Ann <ann@example.org>\nSubject: s\nMIME-Version: 1.0\n");
	if (charset)
		strbuf_addf(sb, "Content-Type: text/plain; charset=\"%s\"\n", charset);
	if (encoding)
		strbuf_addf(sb, "Content-Transfer-Encoding: %s\n", encoding);
	strbuf_addch(sb, '\n');
	strbuf_add(sb, body, len);
}

/*
 * Parses raw with both paths. Returns 1 when the fast path takes it and
 * gives GMime's bytes, 0 when it declines it (and AUTO then gives GMime's
 * bytes), -1 when they differ; *diff_at is then the first differing byte.
 */
static int compare(const char *raw, size_t len, size_t *diff_at)
{
	struct mail f, g, a;
	int taken = mail_parse(&f, raw, len, MAIL_PARSER_FAST) == 0;
	mail_parse(&g, raw, len, MAIL_PARSER_GMIME);
	mail_parse(&a, raw, len, MAIL_PARSER_AUTO);
	const struct mail *m = taken ? &f : &a;
	int result = taken ? 1 : 0;
	size_t i = 0;
	while (i < m->body_len && i < g.body_len && m->body[i] == g.body[i])
		i++;
	if (m->body_len != g.body_len || i < m->body_len || a.via_fast_path != taken) {
		*diff_at = i;
		result = -1;
	}
	mail_release(&f);
	mail_release(&g);
	mail_release(&a);
	return result;
}

/* what: the case; where: its charset, or the first line of its header. */
static void check_taken(const char *raw, size_t len, const char *what, const char *where)
{
	size_t at = 0;
	int r = compare(raw, len, &at);
	CHECK(r == 1, "%s (%.*s): fast path takes it and gives GMime's bytes", what,
	      (int)strcspn(where, "\n"), where);
	if (r < 0)
		printf("# first difference at byte %zu\n", at);
}

static void check_declined(const char *raw, size_t len, const char *what, const char *where)
{
	size_t at = 0;
	int r = compare(raw, len, &at);
	CHECK(r == 0, "%s (%.*s): fast path declines it, GMime reads it", what,
	      (int)strcspn(where, "\n"), where);
	if (r < 0)
		printf("# first difference at byte %zu\n", at);
}

/* The body the fast path gives, for messages whose result is known. */
static void check_fast_body(const char *raw, const char *want, size_t want_len, const char *what)
{
	struct mail m;
	int rc = mail_parse(&m, raw, strlen(raw), MAIL_PARSER_FAST);
	CHECK(rc == 0 && m.body_len == want_len && !memcmp(m.body, want, want_len), "%s", what);
	if (rc == 0 && (m.body_len != want_len || memcmp(m.body, want, want_len)))
		printf("# got %zu bytes, want %zu\n", m.body_len, want_len);
	mail_release(&m);
}

static void base64_encode(struct strbuf *out, const unsigned char *data, size_t len, const char *eol)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t col = 0;
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)data[i] << 16 | (i + 1 < len ? (unsigned)data[i + 1] << 8 : 0) |
			     (i + 2 < len ? data[i + 2] : 0);
		strbuf_addch(out, abc[v >> 18 & 63]);
		strbuf_addch(out, abc[v >> 12 & 63]);
		strbuf_addch(out, i + 1 < len ? abc[v >> 6 & 63] : '=');
		strbuf_addch(out, i + 2 < len ? abc[v & 63] : '=');
		if ((col += 4) == 76) {
			strbuf_addstr(out, eol);
			col = 0;
		}
	}
	if (col)
		strbuf_addstr(out, eol);
}

/* Every byte 0x00-0xFF in every charset spelling and transfer encoding. */
static void test_every_byte(void)
{
	unsigned char all[256];
	struct strbuf body, raw;
	strbuf_init(&body, 0);
	strbuf_init(&raw, 0);
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;

	for (size_t c = 0; c < sizeof(charsets) / sizeof(charsets[0]); c++) {
		const char *cs = charsets[c];
		build(&raw, cs, "8bit", (const char *)all, sizeof(all));
		check_taken(raw.buf, raw.len, "every byte, 8bit", cs);

		strbuf_reset(&body);
		base64_encode(&body, all, sizeof(all), "\n");
		build(&raw, charsets[c], "base64", body.buf, body.len);
		check_taken(raw.buf, raw.len, "every byte, base64", cs);

		strbuf_reset(&body);
		for (int i = 0; i < 256; i++)
			strbuf_addf(&body, i % 2 ? "=%02X" : "=%02x", i); /* upper- and lower-case hex */
		strbuf_addch(&body, '\n');
		build(&raw, charsets[c], "quoted-printable", body.buf, body.len);
		check_taken(raw.buf, raw.len, "every byte, quoted-printable escapes", cs);

		/* Bytes that need no escape are taken literally, 8-bit ones too. */
		build(&raw, charsets[c], "quoted-printable", (const char *)all, sizeof(all));
		check_declined(raw.buf, raw.len, "every byte raw in quoted-printable ('=' then '>?' is no escape)", cs);
		strbuf_reset(&body);
		for (int i = 0; i < 256; i++)
			if (i != '=')
				strbuf_addch(&body, (char)i);
		build(&raw, charsets[c], "quoted-printable", body.buf, body.len);
		check_taken(raw.buf, raw.len, "every byte but '=' raw in quoted-printable", cs);
	}
	strbuf_release(&body);
	strbuf_release(&raw);
}

/* What the tables give, known from the charsets' definitions. */
static void test_known_conversions(void)
{
	check_fast_body("From: A <a@example.org>\nContent-Type: text/plain; charset=windows-1252\n\n"
			"\x80\x81\x8D\x8F\x90\x9D\x9F\x93x\x94\n",
			"\xE2\x82\xAC\xC5\xB8\xE2\x80\x9Cx\xE2\x80\x9D\n", 13,
			"windows-1252: euro, Y diaeresis, quotes; its five undefined bytes dropped");
	check_fast_body("From: A <a@example.org>\nContent-Type: text/plain; charset=iso-8859-15\n\n\xA4\xBD\xE9\n",
			"\xE2\x82\xAC\xC5\x93\xC3\xA9\n", 8, "ISO-8859-15: euro, oe ligature, e acute");
	check_fast_body("From: A <a@example.org>\nContent-Type: text/plain; charset=iso-8859-1\n\n\xA4\x80\xFF\n",
			"\xC2\xA4\xC2\x80\xC3\xBF\n", 7, "ISO-8859-1: currency sign, C1 control, y diaeresis");
	check_fast_body("From: A <a@example.org>\nContent-Type: text/plain; charset=us-ascii\n\n\xC3\xA9\xFF\n",
			"\xC3\xA9\xFF\n", 4, "US-ASCII: bytes kept as they stand, as GMime keeps them");
}

/* Quoted-printable shapes both paths must read alike. */
static void test_quoted_printable(void)
{
	static const struct {
		const char *body, *what;
	} taken[] = {
		{ "soft=\nbreak\n", "soft break, LF" },
		{ "soft=\r\nbreak\r\n", "soft break, CRLF" },
		{ "lower=e9=c3=a9 and UPPER=E9=C3=A9\n", "lower- and upper-case hex" },
		{ "trailing blanks  \nand a tab\t\n", "white space at line ends kept" },
		{ "trailing blanks  =\nsoft\n", "white space before a soft break kept" },
		{ "the end=", "'=' as the very last byte" },
		{ "the end=\n", "soft break as the very last line end" },
		{ "no final newline", "no final newline" },
		{ "", "empty body" },
		{ "=3D=3d=20=09=0D=0A=00x\n", "escaped '=', blanks, CR, LF, NUL" },
		{ "8-bit \xE9 and \xC3\xA9 raw\n", "8-bit bytes raw" },
		{ "a\r\nb\rc\n", "bare CR" },
		{ "line one=\n=\n=\nline two\n", "several soft breaks in a row" },
	};
	static const struct {
		const char *body, *what;
	} declined[] = {
		{ "bad=zz\n", "'=' then two non-hex characters" },
		{ "bad=4\n", "'=' then one hex digit and a newline" },
		{ "bad= \nnext\n", "'=' then a blank" },
		{ "bad=\rx\n", "'=' then a bare CR" },
		{ "bad=4", "'=' and one hex digit at the very end" },
		{ "bad=\r", "'=' and CR at the very end" },
		{ "a == b\n", "'==' in text" },
	};
	struct strbuf raw;
	strbuf_init(&raw, 0);
	for (size_t c = 0; c < sizeof(charsets) / sizeof(charsets[0]); c += 4) {
		for (size_t i = 0; i < sizeof(taken) / sizeof(taken[0]); i++) {
			build(&raw, charsets[c], "quoted-printable", taken[i].body, strlen(taken[i].body));
			check_taken(raw.buf, raw.len, taken[i].what, charsets[c]);
		}
		for (size_t i = 0; i < sizeof(declined) / sizeof(declined[0]); i++) {
			build(&raw, charsets[c], "quoted-printable", declined[i].body, strlen(declined[i].body));
			check_declined(raw.buf, raw.len, declined[i].what, charsets[c]);
		}
	}
	check_fast_body("From: A <a@example.org>\nContent-Transfer-Encoding: quoted-printable\n\n"
			"a=\nb=\r\nc=3d=3De=",
			"abc==e", 6, "quoted-printable: soft breaks go, escapes decoded, a final '=' dropped");
	strbuf_release(&raw);
}

/* Base64 shapes. */
static void test_base64(void)
{
	static const struct {
		const char *body, *what;
	} taken[] = {
		{ "SGVsbG8sIHdvcmxkIQo=\n", "one '=' of padding" },
		{ "SGVsbG8sIHdvcmxkIQ==\n", "two '=' of padding" },
		{ "SGVsbG8sIHdvcmxk\n", "no padding" },
		{ "SGVsbG8s\r\nIHdvcmxk\r\nIQ==\r\n", "CRLF line ends" },
		{ "SGVsbG8sIHdvcmxkIQ==", "no final newline" },
		{ "SGVs bG8s\tIHdv\n\ncmxk\n", "blanks and empty lines inside" },
		{ "SGVsbG8sIHdvcmxkIQ==\n\n\n", "empty lines after the padding" },
		{ "SGVsbG8sIHdvcmxkI\nQ==\n", "padding on the line after its quartet began" },
		{ "SGVsbG8sIHdvcmxkIQ=\n=\n", "the two '=' on two lines" },
		{ "", "empty body" },
		{ "\n", "only a newline" },
		{ "AA==\n", "a NUL byte" },
	};
	static const struct {
		const char *body, *what;
	} declined[] = {
		{ "SGVsbG8-IHdvcmxk\n", "a '-' (base64url)" },
		{ "SGVsbG8sIHdvcmxkIQ==\nSGVsbG8K\n", "data after the padding" },
		{ "SGVsbG8sIHdvcmxkIQ==\n-- \nfooter\n", "a signature after the padding" },
		{ "SGVs=bG8K\n", "'=' inside the data" },
		{ "SGVsbG8sIHdvcmxkIQ=\n", "one '=' where two are due" },
		{ "SGVsbG8sIHdvcmxkI===\n", "three '='" },
		{ "SGVsbG8sIHdvcmxkIQ\n", "last quartet cut short" },
		{ "SGVsbG8s\xC3\xA9IHdvcmxk\n", "an 8-bit byte" },
		{ "====\n", "only padding" },
	};
	struct strbuf raw;
	strbuf_init(&raw, 0);
	for (size_t c = 0; c < sizeof(charsets) / sizeof(charsets[0]); c += 4) {
		for (size_t i = 0; i < sizeof(taken) / sizeof(taken[0]); i++) {
			build(&raw, charsets[c], "base64", taken[i].body, strlen(taken[i].body));
			check_taken(raw.buf, raw.len, taken[i].what, charsets[c]);
		}
		for (size_t i = 0; i < sizeof(declined) / sizeof(declined[0]); i++) {
			build(&raw, charsets[c], "base64", declined[i].body, strlen(declined[i].body));
			check_declined(raw.buf, raw.len, declined[i].what, charsets[c]);
		}
	}
	check_fast_body("From: A <a@example.org>\nContent-Transfer-Encoding: BASE64\n\nSGVs\r\nbG8K\r\n",
			"Hello\n", 6, "base64: upper-case encoding name, CRLF lines");
	strbuf_release(&raw);
}

/* Header shapes: what the fast path declines and what it takes. */
static void test_header_shapes(void)
{
	static const char *const declined[] = {
		"Content-Type: text/plain; charset=iso88591\nContent-Transfer-Encoding: 8bit\n\ncaf\xE9\n",
		"Content-Type: text/plain; charset=l1\n\ncaf\xE9\n",
		"Content-Type: text/plain; charset=latin-9\n\ncaf\xE9\n",
		"Content-Type: text/plain; charset=windows-1250\n\ncaf\xE9\n",
		"Content-Type: text/plain; charset*=iso-8859-1''\n\ncaf\xE9\n",
		"Content-Type: text/plain; charset*=utf-8''iso-8859-1\n\ncaf\xE9\n",
		"Content-Type: text/plain; charset=iso-8859-1; charset=utf-8\n\ncaf\xE9\n",
		"Content-Type: text/plain; charset=iso-8859-1 (Latin-1)\n\ncaf\xE9\n",
		"Content-Type: text/plain; name=\"a;charset=latin1;b\"\n\ncaf\xE9\n",
		"Content-Transfer-Encoding: 7-bit\n\nx\n",
		"Content-Transfer-Encoding: base64 x\n\nSGVsbG8K\n",
		"Content-Transfer-Encoding: x-uuencode\n\nbegin 644 x\n`\nend\n",
		"Content-Transfer-Encoding: base64\nContent-Transfer-Encoding: 8bit\n\nSGVsbG8K\n",
	};
	static const char *const taken[] = {
		"Content-Transfer-Encoding: base64\n\nY2Fmw6kK\n",
		"Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\ncaf=C3=A9\n",
		"Content-Type: text/plain; charset=\"ISO-8859-1\"; format=flowed\n"
		"Content-Transfer-Encoding: quoted-printable\n\ncaf=E9 =\nsoft\n",
		"Content-Type: TEXT/PLAIN;\n\tcharset=windows-1252\nContent-Transfer-Encoding:\n base64\n\ngIGQnQo=\n",
		"Content-Type: text/plain; charset=iso-8859-15\nContent-Transfer-Encoding: Quoted-Printable \n\n=A4\n",
		"Content-Type: text/plain; charset=latin1\nContent-Disposition: inline\n\ncaf\xE9\n",
		"Content-Transfer-Encoding: base64\n",
		"Content-Type: text/plain; charset = \"iso-8859-1\" ; format=\"flowed\"\n\ncaf\xE9\n",
		"Content-Type: text/plain; name=\"a b.txt\"; charset=cp1252\n\ncaf\xE9\n",
	};
	struct strbuf raw;
	strbuf_init(&raw, 0);
	for (size_t i = 0; i < sizeof(declined) / sizeof(declined[0]); i++) {
		strbuf_reset(&raw);
		strbuf_addstr(&raw, "From: Ann <ann@example.org>\n");
		strbuf_addstr(&raw, declined[i]);
		check_declined(raw.buf, raw.len, "header", declined[i]);
	}
	for (size_t i = 0; i < sizeof(taken) / sizeof(taken[0]); i++) {
		strbuf_reset(&raw);
		strbuf_addstr(&raw, "From: Ann <ann@example.org>\n");
		strbuf_addstr(&raw, taken[i]);
		check_taken(raw.buf, raw.len, "header", taken[i]);
	}
	strbuf_release(&raw);
}

/*
 * Random bodies made of the characters that matter to the decoders: the
 * fast path may decline any of them, but what it takes must be GMime's.
 */
static void test_random_bodies(void)
{
	static const char alphabet[] = "AQgw+/09az= =\n\r\n\t.-\xE9\x81\x80" "3D";
	static const char *const encodings[] = { "base64", "quoted-printable", "8bit" };
	struct strbuf raw;
	char body[64];
	unsigned x = 2024;
	int taken = 0, declined = 0, differ = 0;

	strbuf_init(&raw, 0);
	for (int n = 0; n < 3000; n++) {
		size_t len = 0, want = (size_t)(n % 40);
		for (; len < want; len++) {
			x = x * 1103515245u + 12345u;
			body[len] = alphabet[(x >> 16) % (sizeof(alphabet) - 1)];
		}
		if (n % 3 == 0 && len >= 4 && len % 4 == 0) /* base64 shaped: often valid */
			for (size_t i = 0; i < len; i++)
				body[i] = "QUJDZGVm"[(x >> (i % 16)) % 8];
		build(&raw, charsets[(size_t)n % (sizeof(charsets) / sizeof(charsets[0]))], encodings[n % 3],
		      body, len);
		size_t at;
		int r = compare(raw.buf, raw.len, &at);
		if (r == 1)
			taken++;
		else if (r == 0)
			declined++;
		else if (differ++ < 5)
			printf("# differs: message %d, at byte %zu\n", n, at);
	}
	CHECK(differ == 0, "random bodies: the fast path gives GMime's bytes on all it takes "
	      "(%d taken, %d declined, %d differ)", taken, declined, differ);
	CHECK(taken > 1000 && declined > 100, "random bodies: both taken and declined ones (%d, %d)",
	      taken, declined);
	strbuf_release(&raw);
}

/* A long base64 body in windows-1252 crosses GMime's read chunks. */
static void test_long_body(void)
{
	struct strbuf text, body, raw;
	strbuf_init(&text, 0);
	strbuf_init(&body, 0);
	strbuf_init(&raw, 0);
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&text, (char)(i % 7 ? 'a' + i % 26 : 0x80 + i % 128));
	base64_encode(&body, (const unsigned char *)text.buf, text.len, "\r\n");
	build(&raw, "windows-1252", "base64", body.buf, body.len);
	check_taken(raw.buf, raw.len, "100 kB in base64, CRLF lines", "windows-1252");
	strbuf_release(&text);
	strbuf_release(&body);
	strbuf_release(&raw);
}

void test_decode(void)
{
	mail_library_init();
	test_every_byte();
	test_known_conversions();
	test_quoted_printable();
	test_base64();
	test_header_shapes();
	test_random_bodies();
	test_long_body();
}
