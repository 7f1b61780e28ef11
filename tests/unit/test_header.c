/* Header values: unfolding, RFC 2047, message ids. */
#include "harness.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/strbuf.h"
#include "../../src/common/utf8.h"
#include "../../src/message/header.h"
#include "../../src/message/mail.h"

void test_header(void);

static void check_unfold(const char *raw, const char *want, const char *what)
{
	char *got = header_unfold(raw, strlen(raw));
	CHECK_STR(got, want, "header_unfold: %s", what);
	free(got);
}

static void test_unfold(void)
{
	{
		/* NUL bytes go: everything after the unfolding works on C strings */
		static const char raw[] = " [PATCH] bin\0ary\n subject\n";
		char *got = header_unfold(raw, sizeof(raw) - 1);
		CHECK_STR(got, "[PATCH] binary subject", "header_unfold: NUL bytes dropped, text after them kept");
		free(got);
	}
	check_unfold(" x \n", "x ", "trailing blank kept, leading blank and line end go");
	check_unfold(" [PATCH v2 1/3] frob: a long\n title\n", "[PATCH v2 1/3] frob: a long title",
		     "one fold");
	check_unfold(" a\r\n\tb\r\n", "a\tb", "CRLF fold before a tab");
	check_unfold(" one\n two\n  three\n", "one two  three", "several folds, white space kept");
	check_unfold(" ends with blank \r\n", "ends with blank ", "trailing blank kept before CRLF");
	check_unfold(" [PATCH] title with a space \n", "[PATCH] title with a space ",
		     "subject with trailing space");
	check_unfold("\tvalue", "value", "leading tab goes, no line end");
	check_unfold("", "", "empty value");
	check_unfold("\n", "", "only a line end");
	check_unfold("\n [PATCH] folded right after the colon\n", "[PATCH] folded right after the colon",
		     "value folded right after the colon: its leading white space goes");

	/* len bounds the input: bytes past it are not read */
	char *got = header_unfold(" abc\ndef", 4);
	CHECK_STR(got, "abc", "header_unfold honours len");
	free(got);
}

static void check_decode(const char *in, const char *want, const char *what)
{
	char *got = header_decode_text(in);
	CHECK_STR(got, want, "header_decode_text: %s", what);
	free(got);
}

/* For broken input only cleanliness is promised. */
static void check_decode_clean(const char *in, const char *what)
{
	char *got = header_decode_text(in);
	CHECK(got && utf8_is_clean(got, strlen(got)) && !strchr(got, '\n'),
	      "header_decode_text: %s gives clean one-line UTF-8", what);
	free(got);
}

static void test_decode(void)
{
	check_decode("plain subject", "plain subject", "plain text unchanged");
	check_decode("trailing space ", "trailing space ", "trailing space kept");
	check_decode("=?UTF-8?B?w6lsw6h2ZQ==?=", "\xC3\xA9l\xC3\xA8ve", "B encoding");
	check_decode("=?utf-8?b?w6lsw6h2ZQ==?=", "\xC3\xA9l\xC3\xA8ve", "b encoding, lower case");
	check_decode("=?iso-8859-1?Q?caf=E9_cr=E8me?=", "caf\xC3\xA9 cr\xC3\xA8me",
		     "Q encoding in Latin-1, underscore is a space");
	check_decode("[PATCH] =?UTF-8?Q?f=C3=B6o?= bar", "[PATCH] f\xC3\xB6o bar",
		     "encoded word between plain words");
	check_decode("=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab", "white space between adjacent encoded words goes");
	check_decode("=?UTF-8?Q?a?=\t =?UTF-8?Q?b?=", "ab", "tab and blank between encoded words go");
	check_decode("=?UTF-8?B?w6k=?= =?UTF-8?B?w6g=?= x", "\xC3\xA9\xC3\xA8 x",
		     "adjacent B words, then plain text");
	check_decode("=?UTF-8?B?YQ==?= =?UTF-8?B?IGI=?=", "a b", "second B word after base64 padding kept");
	check_decode("=?UTF-8?B?w6nD?= =?UTF-8?B?qA==?=", "\xC3\xA9\xC3\xA8", "a character split across two B words");
	check_decode("=?UTF-8?Q?=C3?= =?UTF-8?Q?=A9?=", "\xC3\xA9", "a character split across two Q words");
	check_decode("=?iso-8859-1?Q?=E9?= =?UTF-8?Q?=C3=A8?=", "\xC3\xA9\xC3\xA8", "adjacent words in two charsets");
	check_decode("=?UTF-8?Q?a?= b", "a b", "blank between an encoded word and plain text kept");
	check_decode("a =?UTF-8?Q?b?=", "a b", "blank between plain text and an encoded word kept");
	check_decode("=?UTF-8*en?Q?hi?=", "hi", "RFC 2231 language suffix");
	check_decode("=?UTF-8?Q?line=0Anext?=", "line next", "an encoded newline becomes a space");
	check_decode("=?UTF-8?Q?a=0D=0Ab?=", "a b", "an encoded CRLF becomes one space");
	check_decode("=?UTF-8?Q?bell=07?=", "bell", "an encoded control character is dropped");
	check_decode("=?UTF-8?Q?bad=FF?=", "bad\xEF\xBF\xBD", "invalid UTF-8 in an encoded word becomes U+FFFD");

	check_decode_clean("=?UTF-8?B?!!!not base64?=", "broken B word");
	check_decode_clean("=?UTF-8?Q?unterminated", "unterminated encoded word");
	check_decode_clean("=?x-no-such-charset?Q?caf=E9?=", "unknown charset");
	check_decode_clean("=??Q?x?=", "empty charset");
	check_decode_clean("=?UTF-8?X?abc?=", "unknown encoding letter");
	check_decode_clean("raw caf\xE9 and \xFF\xFE bytes", "raw 8-bit bytes");
	check_decode_clean("=?UTF-8?B?AA==?= nul", "encoded NUL");
	check_decode_clean("=?", "a lone =?");
	check_decode_clean("", "empty");
}

static void check_msgid(const char *in, const char *want, const char *what)
{
	char *got = header_first_msgid(in);
	CHECK_STR(got, want, "header_first_msgid: %s", what);
	free(got);
}

static void test_msgid(void)
{
	check_msgid("<20240304044500.81234-1-a@b.example>", "20240304044500.81234-1-a@b.example", "one id");
	check_msgid("<a@b> <c@d>", "a@b", "first of several");
	check_msgid("  <x@y>\n", "x@y", "surrounding white space");
	check_msgid("text (comment) <x@y> more", "x@y", "id after other text");
	check_msgid("no ids here", NULL, "no brackets");
	check_msgid("<>", NULL, "empty brackets");
	check_msgid("<unterminated@x", NULL, "no closing bracket");
	check_msgid("", NULL, "empty value");
}

static void check_message_id(const char *in, const char *want, const char *what)
{
	char *got = header_message_id(in);
	CHECK_STR(got, want, "header_message_id: %s", what);
	free(got);
}

static void test_message_id(void)
{
	check_message_id("<20240304.1-a@b.example>", "20240304.1-a@b.example", "in brackets");
	check_message_id(" <x@y> (added by the relay)", "x@y", "brackets and a comment");
	check_message_id("<a@b> <c@d>", "a@b", "the first of two");
	check_message_id("bare-id@mailer.example", "bare-id@mailer.example", "no brackets: the value");
	check_message_id("\tbare-id@mailer.example  ", "bare-id@mailer.example", "no brackets: trimmed");
	check_message_id("<unclosed@x", "<unclosed@x", "an unclosed bracket: the value, as written");
	check_message_id("   ", NULL, "blank");
	check_message_id("", NULL, "empty");
	/* cleaned as header_first_msgid cleans the ids of References, so that they compare */
	check_message_id("<caf\xE9@x>", "caf\xEF\xBF\xBD@x", "a byte that is not UTF-8 replaced, as in References");
}

/* The ids of a value joined with blanks ("" for none). */
static void check_msgids(const char *in, size_t max, const char *want, const char *what)
{
	size_t count = 99;
	char **ids = header_msgids(in, max, &count);
	struct strbuf got;
	strbuf_init(&got, 0);
	for (size_t i = 0; i < count; i++) {
		strbuf_addf(&got, "%s%s", i ? " " : "", ids[i]);
		free(ids[i]);
	}
	CHECK((count == 0) == (ids == NULL), "header_msgids: %s: NULL exactly when none", what);
	free(ids);
	CHECK_STR(got.buf, want, "header_msgids: %s", what);
	strbuf_release(&got);
}

static void test_msgids(void)
{
	check_msgids("<a@x> <b@x>\t<c@x>", 10, "a@x b@x c@x", "in order, oldest first");
	check_msgids("<a@x>,<b@x>  (comment) <c@x>", 10, "a@x b@x c@x", "commas and comments between");
	check_msgids("<a@x> <> <b@x>", 10, "a@x b@x", "empty brackets skipped");
	check_msgids("<a@x> <unclosed@x", 10, "a@x", "an unclosed last one dropped");
	check_msgids("no ids", 10, "", "none");
	check_msgids("", 10, "", "empty");
	check_msgids("<caf\xE9@x>", 10, "caf\xEF\xBF\xBD@x", "cleaned as header_first_msgid cleans");
	check_msgids("<1@x> <2@x> <3@x> <4@x> <5@x> <6@x>", 3, "1@x 5@x 6@x",
		     "over the bound: the first and the newest");
	check_msgids("<1@x> <2@x> <3@x>", 3, "1@x 2@x 3@x", "at the bound: all");

	/* A hostile header: many thousands of ids, a bounded list. */
	struct strbuf many;
	strbuf_init(&many, 0);
	for (int i = 0; i < 20000; i++)
		strbuf_addf(&many, "<%d@x> ", i);
	size_t count;
	char **ids = header_msgids(many.buf, 256, &count);
	CHECK(count == 256 && !strcmp(ids[0], "0@x") && !strcmp(ids[1], "19745@x") && !strcmp(ids[255], "19999@x"),
	      "header_msgids: 20000 ids: 256 kept, the first and the newest 255 (%zu)", count);
	for (size_t i = 0; i < count; i++)
		free(ids[i]);
	free(ids);
	strbuf_release(&many);
}

/*
 * Raw bytes that are not UTF-8 are read as Latin-1, converted by hand:
 * the same bytes as iconv's conversion, for every byte and for strings
 * of random bytes.
 */
static void check_latin1_like_iconv(const char *value, size_t *wrong)
{
	char *got = header_utf8_dup(value);
	char *want = g_utf8_validate(value, -1, NULL) ? g_strdup(value)
						       : g_convert(value, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
	*wrong += !want || strcmp(got, want);
	g_free(want);
	free(got);
}

static void test_latin1(void)
{
	size_t wrong = 0, tried = 0;
	char one[4] = "a?b";
	for (int b = 1; b < 256; b++, tried++) {
		one[1] = (char)b;
		check_latin1_like_iconv(one, &wrong);
	}
	unsigned seed = 12345;
	char random_bytes[65];
	for (int i = 0; i < 2000; i++, tried++) {
		size_t len = (size_t)(i % 64) + 1;
		for (size_t k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			random_bytes[k] = (char)(1 + (seed >> 16) % 255);
		}
		random_bytes[len] = '\0';
		check_latin1_like_iconv(random_bytes, &wrong);
	}
	CHECK(wrong == 0, "header_utf8_dup: Latin-1 read as iconv reads it (%zu of %zu differ)", wrong, tried);
	char *latin = header_utf8_dup("Andr\xe9 \xff\x80");
	CHECK_STR(latin, "Andr\xc3\xa9 \xc3\xbf\xc2\x80", "header_utf8_dup: Latin-1 bytes each two bytes of UTF-8");
	free(latin);
}

void test_header(void)
{
	/* header.c decodes with GMime; init is idempotent, the suites may run alone */
	mail_library_init();
	test_unfold();
	test_message_id();
	test_decode();
	test_msgid();
	test_msgids();
	test_latin1();
}
