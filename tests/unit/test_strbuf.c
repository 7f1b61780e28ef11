/* strbuf: growth, formatting, handing over and reuse. */
#include "harness.h"

#include <stdlib.h>

#include "../../src/common/strbuf.h"

void test_strbuf(void);

static void test_init_and_add(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	CHECK(sb.buf && sb.buf[0] == '\0' && sb.len == 0, "fresh strbuf is an empty string");

	/* One byte at a time, through many reallocations. */
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&sb, (char)('a' + i % 26));
	CHECK(sb.len == 100000, "addch 100000 times: len %zu", sb.len);
	CHECK(sb.alloc > sb.len && sb.buf[sb.len] == '\0', "addch keeps the buffer NUL-terminated");
	int ok = 1;
	for (int i = 0; i < 100000; i++)
		ok &= sb.buf[i] == (char)('a' + i % 26);
	CHECK(ok, "addch: every byte in place after growth");
	strbuf_release(&sb);
	CHECK(sb.len == 0 && sb.buf && sb.buf[0] == '\0', "release leaves an empty string");

	/* Chunks of awkward sizes, embedded NUL included. */
	strbuf_init(&sb, 3);
	size_t total = 0;
	for (int i = 0; i < 5000; i++) {
		strbuf_add(&sb, "0123456789\0abc", (size_t)(i % 15));
		total += (size_t)(i % 15);
	}
	strbuf_add(&sb, "0123456789\0abc", 14);
	total += 14;
	CHECK(sb.len == total, "add of 5000 chunks: len %zu, want %zu", sb.len, total);
	CHECK(!memcmp(sb.buf + sb.len - 14, "0123456789\0abc", 14), "add copies embedded NUL bytes");
	CHECK(sb.buf[sb.len] == '\0', "add keeps the terminator");
	strbuf_release(&sb);

	strbuf_init(&sb, 0);
	strbuf_addstr(&sb, "hello");
	strbuf_addstr(&sb, "");
	strbuf_addstr(&sb, ", world");
	CHECK_STR(sb.buf, "hello, world", "addstr concatenates");
	CHECK(sb.len == 12, "addstr len");
	strbuf_setlen(&sb, 5);
	CHECK_STR(sb.buf, "hello", "setlen shortens and terminates");
	strbuf_release(&sb);
}

static void test_addf(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addf(&sb, "%d-%s", 42, "x");
	CHECK_STR(sb.buf, "42-x", "addf into a never-grown buffer");
	strbuf_addf(&sb, "%s", "");
	CHECK_STR(sb.buf, "42-x", "addf of an empty string adds nothing");
	strbuf_addf(&sb, "[%7d %s]", 3, "kvm");
	CHECK_STR(sb.buf, "42-x[      3 kvm]", "addf appends with widths");

	/* Longer than the spare room, several times over. */
	char *big = malloc(10001);
	memset(big, 'q', 10000);
	big[10000] = '\0';
	strbuf_addf(&sb, "<%s>%zu", big, (size_t)10000);
	CHECK(sb.len == 17 + 1 + 10000 + 6, "addf with a 10000-byte argument: len %zu", sb.len);
	CHECK(!memcmp(sb.buf, "42-x[", 5) && sb.buf[17] == '<' && sb.buf[18] == 'q' &&
	      !strcmp(sb.buf + 18 + 10000, ">10000"), "addf with a long argument: content right");
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%04d,", i);
	CHECK(sb.len == 10024 + 5000, "1000 more addf: len %zu", sb.len);
	CHECK(!strcmp(sb.buf + sb.len - 10, "0998,0999,"), "1000 more addf: tail right");
	free(big);
	strbuf_release(&sb);
}

static void test_detach_reset(void)
{
	struct strbuf sb;
	size_t len = 99;

	strbuf_init(&sb, 0);
	char *empty = strbuf_detach(&sb, &len);
	CHECK(empty && empty[0] == '\0' && len == 0, "detach of a never-grown buffer gives a new empty string");
	free(empty); /* must be an allocation of its own */

	strbuf_addstr(&sb, "first");
	char *first = strbuf_detach(&sb, &len);
	CHECK_STR(first, "first", "detach hands over the content");
	CHECK(len == 5, "detach reports the length");
	CHECK(sb.len == 0 && sb.alloc == 0 && sb.buf[0] == '\0', "detach leaves the strbuf empty");
	strbuf_addstr(&sb, "second");
	CHECK_STR(sb.buf, "second", "strbuf reusable after detach");
	CHECK_STR(first, "first", "detached string untouched by reuse");
	free(first);

	size_t alloc = sb.alloc;
	strbuf_reset(&sb);
	CHECK(sb.len == 0 && sb.buf[0] == '\0', "reset empties");
	CHECK(sb.alloc == alloc, "reset keeps the allocation");
	strbuf_addf(&sb, "%s", "third");
	CHECK_STR(sb.buf, "third", "strbuf reusable after reset");
	char *third = strbuf_detach(&sb, NULL);
	CHECK_STR(third, "third", "detach with a NULL length");
	free(third);
	strbuf_release(&sb);

	strbuf_reset(&sb); /* on the shared empty buffer: must not write or crash */
	CHECK(sb.len == 0 && sb.buf[0] == '\0', "reset of an empty strbuf");
}

static void test_dup(void)
{
	char *d = xmemdupz("ab\0cd", 5);
	CHECK(!memcmp(d, "ab\0cd", 6), "xmemdupz copies NULs and terminates");
	free(d);
	d = xmemdupz("", 0);
	CHECK_STR(d, "", "xmemdupz of nothing");
	free(d);
	d = xstrdup("copy");
	CHECK_STR(d, "copy", "xstrdup");
	free(d);
}

void test_strbuf(void)
{
	test_init_and_add();
	test_addf();
	test_detach_reset();
	test_dup();
}
