/*
 * git's estimate (diffcore-delta): each content is cut into spans that end
 * after a newline or at 64 bytes, with a CR before a LF left out of text;
 * each span is hashed. The bytes "copied" are, for each hash, the smaller
 * of its byte counts in the two contents; the score is those bytes over the
 * larger content's size, on git's scale of 60000, printed as a percentage
 * rounded down.
 */
#include "similarity.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"

#define SCORE_SCALE 60000u
#define HASH_BASE 107927u   /* a prime: git's span hashes are taken modulo it */
#define BINARY_PROBE 8000   /* git looks for a NUL byte in the first 8000 bytes */

struct span {
	uint32_t hash;
	uint64_t bytes;
};

static int span_compare(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/* The spans of buf, sorted by hash, one entry per hash with its byte count. */
static struct span *spans_of(const char *buf, size_t len, size_t *count)
{
	bool text = !memchr(buf, '\0', len < BINARY_PROBE ? len : BINARY_PROBE);
	size_t n = 0, alloc = len / 32 + 16; /* about one span per line */
	struct span *s = xmalloc(alloc * sizeof(*s));
	uint32_t acc1 = 0, acc2 = 0, bytes = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (text && c == '\r' && i + 1 < len && buf[i + 1] == '\n')
			continue;
		uint32_t old1 = acc1;
		acc1 = (acc1 << 7) ^ (acc2 >> 25);
		acc2 = (acc2 << 7) ^ (old1 >> 25);
		acc1 += c;
		if (++bytes < 64 && c != '\n')
			continue;
		if (n == alloc) {
			alloc *= 2;
			s = xrealloc(s, alloc * sizeof(*s));
		}
		s[n++] = (struct span){(acc1 + acc2 * 0x61) % HASH_BASE, bytes};
		bytes = acc1 = acc2 = 0;
	}
	if (bytes) {
		if (n == alloc)
			s = xrealloc(s, ++alloc * sizeof(*s));
		s[n++] = (struct span){(acc1 + acc2 * 0x61) % HASH_BASE, bytes};
	}
	qsort(s, n, sizeof(*s), span_compare);
	size_t merged = 0;
	for (size_t i = 0; i < n; i++) {
		if (merged && s[merged - 1].hash == s[i].hash)
			s[merged - 1].bytes += s[i].bytes;
		else
			s[merged++] = s[i];
	}
	*count = merged;
	return s;
}

int similarity_index(const char *old, size_t old_len, const char *new, size_t new_len)
{
	size_t max = old_len > new_len ? old_len : new_len;
	if (old_len == new_len && !memcmp(old, new, old_len))
		return 100;
	if (!new_len || !max)
		return 0;
	size_t ns, nd;
	struct span *s = spans_of(old, old_len, &ns), *d = spans_of(new, new_len, &nd);
	uint64_t copied = 0;
	for (size_t i = 0, j = 0; i < ns && j < nd;) {
		if (s[i].hash < d[j].hash) {
			i++;
		} else if (s[i].hash > d[j].hash) {
			j++;
		} else {
			copied += s[i].bytes < d[j].bytes ? s[i].bytes : d[j].bytes;
			i++;
			j++;
		}
	}
	free(s);
	free(d);
	uint64_t score = copied * SCORE_SCALE / max;
	return (int)(score * 100 / SCORE_SCALE);
}
