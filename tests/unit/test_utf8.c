/* UTF-8 cleaning: what may reach the output and what may not. */
#include "harness.h"

#include <stdlib.h>

#include "../../src/common/strbuf.h"
#include "../../src/common/utf8.h"

void test_utf8(void);

#define FFFD "\xEF\xBF\xBD"

/* Cleans len bytes of s (which may hold NULs) and compares with want. */
static void check_clean(const char *s, size_t len, const char *want, const char *what)
{
	char *got = utf8_clean_dup(s, len);
	CHECK_STR(got, want, "utf8_clean_dup: %s", what);
	CHECK(utf8_is_clean(got, strlen(got)), "utf8_clean_dup output is clean: %s", what);
	free(got);
}

#define CLEAN(lit, want, what) check_clean(lit, sizeof(lit) - 1, want, what)

static void test_valid_kept(void)
{
	CLEAN("", "", "empty input");
	CLEAN("plain ascii, 123 ~!", "plain ascii, 123 ~!", "printable ASCII kept");
	/* 2-, 3- and 4-byte forms, and the edges of the valid range */
	CLEAN("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E",
	      "2-, 3- and 4-byte characters kept");
	CLEAN("\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF", "U+10FFFF, the last code point, kept");
	CLEAN("\xC2\xA0|\xC2\xA9", "\xC2\xA0|\xC2\xA9", "U+00A0 and U+00A9, just past C1, kept");
	CLEAN("\xED\x9F\xBF\xEE\x80\x80", "\xED\x9F\xBF\xEE\x80\x80", "U+D7FF and U+E000 around the surrogates kept");
	CLEAN(FFFD, FFFD, "U+FFFD itself kept");
	CLEAN("\xE6\x97\xA5\xE6\x9C\xAC", "\xE6\x97\xA5\xE6\x9C\xAC", "CJK kept");
	CLEAN("a\tb\nc", "a\tb\nc", "tab and newline kept");
}

static void test_invalid_replaced(void)
{
	CLEAN("a\xFF" "b", "a" FFFD "b", "0xFF becomes U+FFFD");
	CLEAN("a\x80" "b", "a" FFFD "b", "lone continuation byte becomes U+FFFD");
	CLEAN("caf\xE9!", "caf" FFFD "!", "Latin-1 byte becomes U+FFFD");
	/* Each byte that cannot start or continue a valid sequence is replaced. */
	CLEAN("\xC0\xAF", FFFD FFFD, "overlong 2-byte '/' rejected");
	CLEAN("\xC1\xBF", FFFD FFFD, "overlong 2-byte C1 lead rejected");
	CLEAN("\xE0\x80\xAF", FFFD FFFD FFFD, "overlong 3-byte '/' rejected");
	CLEAN("\xF0\x80\x80\xAF", FFFD FFFD FFFD FFFD, "overlong 4-byte '/' rejected");
	CLEAN("\xED\xA0\x80", FFFD FFFD FFFD, "high surrogate U+D800 rejected");
	CLEAN("\xED\xBF\xBF", FFFD FFFD FFFD, "low surrogate U+DFFF rejected");
	CLEAN("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD, "U+110000 rejected");
	CLEAN("\xF5\x80\x80\x80", FFFD FFFD FFFD FFFD, "0xF5 lead rejected");
	CLEAN("\xFE\xFF", FFFD FFFD, "0xFE 0xFF rejected");
	/*
	 * A sequence cut short is one invalid sequence: one U+FFFD for it (the
	 * Unicode "maximal subpart" practice, and what Python's decoder in
	 * tests/real does), the text after it stays.
	 */
	CLEAN("x\xE2\x82", "x" FFFD, "3-byte sequence truncated at the end");
	CLEAN("\xE2\x82" "A", FFFD "A", "3-byte sequence interrupted by ASCII");
	CLEAN("\xF0\x9F\x98", FFFD, "4-byte sequence truncated at the end");
	CLEAN("\xF0\x9F\x98\xE2\x82", FFFD FFFD, "two truncated sequences in a row");
	CLEAN("\xC3", FFFD, "lone lead byte at the end");
	CLEAN("\xC3\xC3\xA9", FFFD "\xC3\xA9", "lead byte followed by a valid sequence");
}

static void test_controls_dropped(void)
{
	CLEAN("line\r\nnext\r\n", "line\nnext\n", "CR of CRLF dropped");
	CLEAN("a\0b", "ab", "NUL dropped");
	CLEAN("\x1b[31mred\x1b[0m", "[31mred[0m", "ESC dropped");
	CLEAN("a\x7f" "b", "ab", "DEL dropped");
	CLEAN("a\x01\x02\x08\x0b\x0c\x1f" "b", "ab", "other C0 controls dropped");
	CLEAN("a\xC2\x80" "b\xC2\x85" "c\xC2\x9B" "d\xC2\x9F" "e", "abcde", "C1 controls dropped");
	CLEAN("\r\0\x7f", "", "only controls: nothing left");
}

static void test_append(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addstr(&sb, "keep:");
	utf8_clean_append(&sb, "x\ry\xFFz", 5);
	CHECK_STR(sb.buf, "keep:xy" FFFD "z", "utf8_clean_append appends after what is there");
	CHECK(sb.len == strlen("keep:xy" FFFD "z"), "utf8_clean_append keeps len right");
	utf8_clean_append(&sb, "", 0);
	CHECK(sb.len == strlen("keep:xy" FFFD "z"), "appending nothing changes nothing");
	strbuf_release(&sb);

	/* A long mixed input: every stretch survives in place. */
	strbuf_init(&sb, 0);
	struct strbuf raw;
	strbuf_init(&raw, 0);
	for (int i = 0; i < 20000; i++)
		strbuf_add(&raw, "ab\r\xC3\xA9\xFF", 6);
	utf8_clean_append(&sb, raw.buf, raw.len);
	CHECK(sb.len == 20000 * strlen("ab\xC3\xA9" FFFD), "long input: length %zu", sb.len);
	CHECK(!memcmp(sb.buf + 19999 * 7, "ab\xC3\xA9" FFFD, 7), "long input: last stretch right");
	CHECK(utf8_is_clean(sb.buf, sb.len), "long input cleaned");
	strbuf_release(&sb);
	strbuf_release(&raw);
}

static void test_is_clean(void)
{
	CHECK(utf8_is_clean("", 0), "empty is clean");
	CHECK(utf8_is_clean("caf\xC3\xA9\tok\n", 8), "UTF-8 with tab and newline is clean");
	CHECK(utf8_is_clean("\xF0\x9D\x84\x9E", 4), "4-byte character is clean");
	CHECK(!utf8_is_clean("a\r\n", 3), "CR is not clean");
	CHECK(!utf8_is_clean("a\0b", 3), "NUL is not clean");
	CHECK(!utf8_is_clean("\x1b", 1), "ESC is not clean");
	CHECK(!utf8_is_clean("\x7f", 1), "DEL is not clean");
	CHECK(!utf8_is_clean("\xC2\x85", 2), "C1 NEL is not clean");
	CHECK(!utf8_is_clean("\xFF", 1), "0xFF is not clean");
	CHECK(!utf8_is_clean("\xC0\xAF", 2), "overlong form is not clean");
	CHECK(!utf8_is_clean("\xED\xA0\x80", 3), "surrogate is not clean");
	CHECK(!utf8_is_clean("\xF4\x90\x80\x80", 4), "past U+10FFFF is not clean");
	CHECK(!utf8_is_clean("\xE2\x82\xAC", 2), "sequence cut by len is not clean");
	CHECK(utf8_is_clean("ok\xFF", 2), "bytes past len are not looked at");
}

void test_utf8(void)
{
	test_valid_kept();
	test_invalid_replaced();
	test_controls_dropped();
	test_append();
	test_is_clean();
}
