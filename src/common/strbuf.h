/* A growable, always NUL-terminated byte buffer, in the manner of git's strbuf. */
#ifndef LISTDIGEST_STRBUF_H
#define LISTDIGEST_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;    /* always NUL-terminated, never NULL after strbuf_init */
	size_t len;
	size_t alloc;
};

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Hands the buffer over to the caller; sb is left empty and reusable. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_reset(struct strbuf *sb);

/* "listdigest: out of memory" on stderr, then abort: what every allocator here does on failure. */
_Noreturn void die_out_of_memory(void);

/*
 * Aborts the program with a message: allocation failure is not recoverable.
 * An array made 2 MB or more, or grown past 2 MB, is advised onto huge
 * pages where it spans them (xmalloc and such a growth align it to 2 MB):
 * one page fault then maps 2 MB rather than 4 KB, and a fault costs
 * microseconds, far more under virtualisation. Without huge pages,
 * nothing changes. Freed with free().
 */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xmemdupz(const void *data, size_t len);

#endif
