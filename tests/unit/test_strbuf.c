/* strbuf: growth, formatting, handing over and reuse; the arena and the map beside it. */
#include "harness.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/common/arena.h"
#include "../../src/common/index_set.h"
#include "../../src/common/strbuf.h"
#include "../../src/common/strmap.h"

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

/* Many allocations, small and larger than a block: each keeps its bytes, aligned. */
static void test_arena(void)
{
	struct arena a = ARENA_INIT;
	char *p[600];
	size_t sizes[600];
	bool intact = true, aligned = true;

	for (int round = 0; round < 2; round++) { /* the second after a release: reusable */
		for (int i = 0; i < 600; i++) {
			sizes[i] = i % 50 == 49 ? (size_t)40000 + (size_t)i : (size_t)(i * 7) % 300;
			p[i] = arena_alloc(&a, sizes[i]);
			memset(p[i], i & 0xff, sizes[i]);
			aligned = aligned && (uintptr_t)p[i] % _Alignof(max_align_t) == 0;
		}
		for (int i = 0; i < 600; i++)
			for (size_t k = 0; k < sizes[i]; k++)
				intact = intact && (unsigned char)p[i][k] == (i & 0xff);
		CHECK(intact && aligned, "arena: round %d, 600 allocations intact and aligned", round);
		arena_release(&a);
		CHECK(a.blocks == NULL && a.next == NULL, "arena: empty after release");
	}
	char *z = arena_memdupz(&a, "ab\0cd", 5);
	CHECK(!memcmp(z, "ab\0cd", 6), "arena_memdupz copies NULs and terminates");
	CHECK_STR(arena_strdup(&a, "copy"), "copy", "arena_strdup");
	int *zeros = arena_calloc(&a, 1000, sizeof(int));
	bool zeroed = true;
	for (int i = 0; i < 1000; i++)
		zeroed = zeroed && zeros[i] == 0;
	CHECK(zeroed, "arena_calloc zeroes");
	/* items aligned for their type, and no more: lists of pointers packed 8 bytes apart */
	arena_memdupz(&a, "x", 0); /* leaves the next byte odd */
	char **first = arena_calloc(&a, 1, sizeof(char *)), **second = arena_calloc(&a, 1, sizeof(char *));
	long double *wide = arena_calloc(&a, 2, sizeof(long double));
	struct { unsigned char id[20]; } *oid = arena_calloc(&a, 1, 20); /* 4-aligned will do */
	int64_t *odd = arena_calloc(&a, 3, 24);
	CHECK((uintptr_t)first % _Alignof(char *) == 0 && (char *)second - (char *)first == sizeof(char *) &&
		      (uintptr_t)wide % _Alignof(long double) == 0 && (uintptr_t)oid % 4 == 0 &&
		      (uintptr_t)odd % 8 == 0,
	      "arena_calloc: aligned for the item's type, pointers 8 bytes apart");

	/* shared: equal strings given close together get one copy; others their own */
	char id1[] = "one@example.org", id2[] = "one@example.org";
	const char *s1 = arena_share(&a, id1), *s2 = arena_share(&a, id2);
	const char *s3 = arena_share(&a, "two@example.org"), *empty = arena_share(&a, "");
	CHECK(s1 == s2 && s1 != id1 && s3 != s1 && !strcmp(s1, id1) && !strcmp(s3, "two@example.org") &&
		      empty == arena_share(&a, "") && !*empty && arena_share(&a, id1) == s1,
	      "arena_share: equal strings share one copy, others get their own");
	/* 200,000 strings, each given twice in a row: shared every time, and every copy intact after */
	enum { MANY = 200000 };
	const char **copies = xmalloc(MANY * sizeof(*copies));
	char many[24];
	bool paired = true;
	intact = true;
	for (int i = 0; i < MANY; i++) {
		snprintf(many, sizeof(many), "id%d@x", i);
		copies[i] = arena_share(&a, many);
		paired = paired && arena_share(&a, many) == copies[i];
	}
	for (int i = 0; i < MANY && intact; i++) {
		snprintf(many, sizeof(many), "id%d@x", i);
		intact = !strcmp(copies[i], many);
	}
	CHECK(paired && intact, "arena_share: %d strings, each shared with its twin, every copy intact", MANY);
	/* the table is bounded: some of the 200,000 were forgotten, each still given a right copy */
	int remembered = 0;
	for (int i = 0; i < MANY; i++) {
		snprintf(many, sizeof(many), "id%d@x", i);
		const char *again = arena_share(&a, many);
		remembered += again == copies[i];
		intact = intact && !strcmp(again, many);
	}
	CHECK(intact && remembered < MANY && remembered > 0,
	      "arena_share: a bounded table remembers %d of %d, and gives the rest new right copies", remembered,
	      MANY);
	free(copies);
	const char *before = arena_share(&a, id1);
	arena_forget_shared(&a);
	const char *after = arena_share(&a, id1);
	CHECK(after != before && !strcmp(before, "one@example.org") && !strcmp(after, before),
	      "arena_forget_shared: the copies stay, the next share starts a new table");
	arena_release(&a);
	CHECK(a.recent == NULL && a.blocks == NULL, "arena_share: nothing remembered after a release");
	arena_release(&a);
}

/* A map through many growths, copying its keys or borrowing them. */
static void test_strmap(void)
{
	for (int borrowing = 0; borrowing < 2; borrowing++) {
		struct strmap map;
		char keys[5000][48];
		size_t found;
		int fresh = 0, right = 0, borrowed = 0;

		if (borrowing)
			strmap_init_borrowing(&map);
		else
			strmap_init(&map);
		for (int i = 0; i < 5000; i++) {
			snprintf(keys[i], sizeof(keys[i]), "%d.%d-frob-v%d@mail.example.org", i * 7919, i, i % 9);
			fresh += strmap_put_if_absent(&map, keys[i], (size_t)i, &found) == 0 && found == (size_t)i;
		}
		for (int i = 0; i < 5000; i++) {
			right += strmap_put_if_absent(&map, keys[i], 99999, &found) == 1 && found == (size_t)i;
			right += strmap_get(&map, keys[i], &found) == 1 && found == (size_t)i;
		}
		for (size_t s = 0; s < map.size; s++)
			for (int i = 0; map.slots[s].key && i < 5000; i += 997)
				borrowed += map.slots[s].key == keys[i];
		CHECK(fresh == 5000 && right == 10000 && map.count == 5000 && map.size >= 2 * map.count,
		      "strmap (%s): 5000 keys in, each found with its value, at most half full",
		      borrowing ? "borrowing" : "copying");
		CHECK(borrowing ? borrowed == 6 : borrowed == 0, "strmap (%s): keys %s",
		      borrowing ? "borrowing" : "copying", borrowing ? "kept as given" : "copied");
		CHECK(strmap_get(&map, "absent@example.org", &found) == 0 && strmap_get(&map, "", &found) == 0,
		      "strmap (%s): absent keys are absent", borrowing ? "borrowing" : "copying");
		strmap_release(&map);
	}
	/* values are kept in 32 bits: the largest one comes back whole */
	struct strmap big;
	size_t found = 0;
	strmap_init(&big);
	strmap_put_if_absent(&big, "last@example.org", UINT32_MAX, &found);
	CHECK(strmap_get(&big, "last@example.org", &found) == 1 && found == (size_t)UINT32_MAX,
	      "strmap: the value 2^32 - 1 comes back whole (%zu)", found);
	strmap_release(&big);
}

/* The VmFlags of the mapping that holds p, from /proc/self/smaps; "" when not found. */
static void mapping_flags(const void *p, char *flags, size_t size)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	bool inside = false;
	flags[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long start, end;
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2) { /* a mapping's first line */
			inside = (uintptr_t)p >= start && (uintptr_t)p < end;
		} else if (inside && !strncmp(line, "VmFlags:", 8)) {
			snprintf(flags, size, "%s", line + 8);
			flags[strcspn(flags, "\n")] = '\0';
			break;
		}
	}
	fclose(f);
}

/*
 * Arrays of 2 MB or more: on huge pages where the kernel has them (the
 * VmFlags of their mapping say "hg": advised) when made or grown past
 * 2 MB, and every byte kept through growth, shrinking and zeroing.
 */
static void test_large_arrays(void)
{
	const size_t mb = (size_t)1 << 20;
	bool thp = access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0;
	char flags[512];

	unsigned char *p = xmalloc(3 * mb);
	CHECK((uintptr_t)p % (2 * mb) == 0, "xmalloc: 3 MB start on a 2 MB boundary");
	for (size_t i = 0; i < 3 * mb; i++)
		p[i] = (unsigned char)(i * 7 + 1);
	mapping_flags(p + mb, flags, sizeof(flags));
	CHECK(!thp || strstr(flags, " hg") != NULL,
	      "xmalloc: the kernel has huge pages, and 3 MB are advised onto them (VmFlags:%s)", flags);

	p = xrealloc(p, 9 * mb);
	bool kept = true;
	for (size_t i = 0; i < 3 * mb && kept; i++)
		kept = p[i] == (unsigned char)(i * 7 + 1);
	CHECK(kept, "xrealloc: 3 MB grown to 9 MB keep their bytes");
	memset(p + 3 * mb, 0xab, 6 * mb);
	p = xrealloc(p, 2 * mb + 1);
	kept = true;
	for (size_t i = 0; i < 2 * mb + 1 && kept; i++)
		kept = p[i] == (i < 3 * mb ? (unsigned char)(i * 7 + 1) : 0xab);
	CHECK(kept, "xrealloc: 9 MB shrunk to 2 MB and a byte keep their first bytes");
	p = xrealloc(p, 100);
	kept = true;
	for (size_t i = 0; i < 100 && kept; i++)
		kept = p[i] == (unsigned char)(i * 7 + 1);
	CHECK(kept, "xrealloc: shrunk below 2 MB, the first 100 bytes stay");
	p = xrealloc(p, 5 * mb);
	kept = (uintptr_t)p % (2 * mb) == 0;
	for (size_t i = 0; i < 100 && kept; i++)
		kept = p[i] == (unsigned char)(i * 7 + 1);
	CHECK(kept, "xrealloc: 100 bytes grown past 2 MB move onto a 2 MB boundary, kept");
	free(p);

	unsigned char *z = xcalloc(12, mb / 2 + 3);
	bool zero = true;
	for (size_t i = 0; i < 12 * (mb / 2 + 3) && zero; i++)
		zero = z[i] == 0;
	CHECK(zero, "xcalloc: 6 MB, zeroed");
	unsigned char *whole = (unsigned char *)(((uintptr_t)z + 2 * mb - 1) & ~(uintptr_t)(2 * mb - 1));
	mapping_flags(whole, flags, sizeof(flags));
	CHECK(!thp || strstr(flags, " hg") != NULL,
	      "xcalloc: the 2 MB pages wholly inside 6 MB are advised (VmFlags:%s)", flags);
	free(z);
}

/* Entries of index_set: numbers whose key is the value, so that distinct indices may be equal keys. */
struct keyed {
	const unsigned *keys; /* per index */
	unsigned wanted;
	unsigned compared;
};

static bool same_key(const void *ctx, uint32_t index)
{
	struct keyed *k = (struct keyed *)ctx;
	k->compared++;
	return k->keys[index] == k->wanted;
}

/*
 * index_set: the first index of each key stays and is found again,
 * through growth past its first 1,024 slots, with hashes that all collide
 * (the caller's equality decides), and with a hash that changes nothing
 * but the slot.
 */
static void test_index_set(void)
{
	enum { N = 5000 };
	static unsigned keys[N];
	for (int collide = 0; collide < 2; collide++) {
		struct index_set set;
		struct keyed k = {keys, 0, 0};
		bool added, ok = true;
		index_set_init(&set);
		for (unsigned i = 0; i < N; i++) {
			keys[i] = i % (N / 2); /* the second half repeats the first */
			k.wanted = keys[i];
			uint32_t got = index_set_put(&set, collide ? 7u : keys[i] * 2654435761u, same_key, &k, i, &added);
			ok &= i < N / 2 ? added && got == i : !added && got == i - N / 2;
		}
		CHECK(ok && set.count == N / 2 && set.size >= set.count * 3 / 2,
		      "index_set (%s): a new key is added, a repeated one finds the first index (%zu of %zu slots)",
		      collide ? "one hash" : "hashes", set.count, set.size);
		k.wanted = N; /* no entry has it */
		k.compared = 0;
		uint32_t got = index_set_put(&set, collide ? 7u : 12345u, same_key, &k, N, &added);
		CHECK(added && got == N && set.count == N / 2 + 1 && (collide ? k.compared == N / 2 : k.compared < 50),
		      "index_set (%s): an absent key is added after %u comparisons", collide ? "one hash" : "hashes",
		      k.compared);
		index_set_release(&set);
		CHECK(!set.slots && !set.count, "index_set (%s): released", collide ? "one hash" : "hashes");
	}
}

void test_strbuf(void)
{
	test_index_set();
	test_large_arrays();
	test_arena();
	test_strmap();
	test_init_and_add();
	test_addf();
	test_detach_reset();
	test_dup();
}
