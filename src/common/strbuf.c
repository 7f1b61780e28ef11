#include "strbuf.h"

#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static char strbuf_empty[1];

void die_out_of_memory(void)
{
	fputs("listdigest: out of memory\n", stderr);
	abort();
}

/* The huge page of x86-64 and arm64 Linux. */
#define HUGE_PAGE ((size_t)2 << 20)

/*
 * Arrays of 2 MB or more are glibc's own mappings, never pieces of the
 * heap: the advice below then ends with the array, no part of the heap,
 * which small arrays reuse, is ever advised, and a freed array goes back
 * to the system at once (a million messages' run: 450 MB, not 468).
 * glibc would otherwise raise this bound, up to 32 MB, as large arrays
 * are freed.
 */
__attribute__((constructor)) static void large_arrays_mapped(void)
{
	mallopt(M_MMAP_THRESHOLD, (int)HUGE_PAGE);
}

/* Advises Linux to back the whole huge pages inside [p, p + n) with huge pages. */
static void advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	uintptr_t start = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	uintptr_t end = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE_PAGE - 1);
	if (end > start) /* advice: without huge pages, nothing changes */
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

/*
 * n bytes or more, aligned to a huge page and whole huge pages long: all
 * of it can then be huge, and the room past n costs address space, not
 * memory, until touched.
 */
static void *malloc_huge(size_t n)
{
	size_t whole = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	void *p = NULL;
	if (whole < n || posix_memalign(&p, HUGE_PAGE, whole))
		die_out_of_memory();
	advise_huge(p, whole);
	return p;
}

void *xmalloc(size_t n)
{
	if (n >= HUGE_PAGE)
		return malloc_huge(n);
	void *p = malloc(n ? n : 1);
	if (!p)
		die_out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_out_of_memory();
	/*
	 * calloc's own mapping, not an aligned array zeroed here: the kernel
	 * gives zeroed pages as they are touched, and what is never touched
	 * costs nothing; the huge pages wholly inside it are advised.
	 */
	if (size && n >= HUGE_PAGE / size)
		advise_huge(p, n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	size_t old = p ? malloc_usable_size(p) : 0;
	if (n >= HUGE_PAGE && old < HUGE_PAGE) {
		/* growing past 2 MB: onto huge pages, a copy of less than 2 MB */
		void *q = malloc_huge(n);
		if (old)
			memcpy(q, p, old);
		free(p);
		return q;
	}
	/*
	 * Already large, a mapping of its own: glibc's realloc, which moves or
	 * copies it. The result is not advised again: that measured no faster
	 * for a million messages, and took a 50 MB message's run from 120 to
	 * 132 MB.
	 */
	p = realloc(p, n ? n : 1);
	if (!p)
		die_out_of_memory();
	return p;
}

char *xmemdupz(const void *data, size_t len)
{
	char *p = xmalloc(len + 1);
	if (len)
		memcpy(p, data, len);
	p[len] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xmemdupz(s, strlen(s));
}

void strbuf_init(struct strbuf *sb, size_t hint)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, 0);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *res;
	if (!sb->alloc)
		strbuf_grow(sb, 0);
	res = sb->buf;
	if (len)
		*len = sb->len;
	strbuf_init(sb, 0);
	return res;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return;
	size_t alloc = sb->alloc ? sb->alloc : 64;
	while (alloc < need)
		alloc = alloc < ((size_t)1 << 30) ? alloc * 2 : alloc + need;
	if (sb->alloc) {
		sb->buf = xrealloc(sb->buf, alloc);
	} else {
		sb->buf = xmalloc(alloc);
		sb->buf[0] = '\0';
	}
	sb->alloc = alloc;
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (!len)
		return;
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	strbuf_setlen(sb, sb->len + len);
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, char c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= (sb->alloc ? sb->alloc - sb->len : 0)) {
		strbuf_grow(sb, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
		va_end(ap);
	}
	strbuf_setlen(sb, sb->len + (size_t)n);
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (!sb->alloc) {
		if (len)
			abort(); /* cannot extend the shared empty buffer */
		return;
	}
	sb->len = len;
	sb->buf[len] = '\0';
}

void strbuf_reset(struct strbuf *sb)
{
	strbuf_setlen(sb, 0);
}
