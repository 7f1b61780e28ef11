/*
 * Writing the output: to stdout, or to a file atomically. A large report
 * is written in pieces as it is made (output_spill), so that it is never
 * held whole in memory; a file still appears only once complete.
 */
#ifndef LISTDIGEST_OUTPUT_H
#define LISTDIGEST_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/*
 * What a report holds before output_spill writes it out: big writes, few
 * of them. LISTDIGEST_TEST_SPILL_AT=N, for the tests alone, sets it to N
 * bytes, so that small reports are written in pieces too.
 */
#define OUTPUT_SPILL_AT ((size_t)1 << 20)

/*
 * An output under way. A regular file is written, from the first write,
 * into a file of the same directory that has no name yet (O_TMPFILE), so
 * that a run killed half way leaves nothing behind. output_finish gives it
 * a temporary name (<path>.tmp-<pid>-<n>) and renames that over path at
 * once: path never holds a partial file. Where it cannot be linked in
 * (a sandbox that forbids linking through /proc), its bytes are copied
 * into a named temporary file, which is renamed the same way. Where the
 * file system cannot make a file without a name, the file is made under
 * a temporary name (<path>.tmp-XXXXXX) from the start, which a killed
 * run leaves. A device
 * or a pipe is written in place; path NULL means stdout.
 */
struct output {
	const char *path;      /* borrowed; NULL: stdout */
	int fd;                /* -1 until the first write */
	bool in_place;         /* a device or a pipe, or stdout: no rename */
	bool unnamed;          /* fd is a file without a name, linked in by output_finish */
	size_t spill_at;       /* OUTPUT_SPILL_AT, or the tests' */
	struct strbuf tmp;     /* the temporary file's name, once it has one */
	struct strbuf error;   /* the first failure, "<what>: <why>"; empty when none */
};

void output_init(struct output *o, const char *path);

/*
 * Writes out buf's content and empties it, once it holds spill_at bytes
 * or more; else leaves it. A failure is kept, later writes are
 * dropped, and output_finish reports it.
 */
void output_spill(struct output *o, struct strbuf *buf);

/*
 * Writes the rest, data[0..len), and completes the output: the temporary
 * file is synced and renamed over path. Returns 0, or -1 with "<what>:
 * <why>" in err (the first failure, a spill's included) and no file left
 * behind. Releases o either way.
 */
int output_finish(struct output *o, const char *data, size_t len, struct strbuf *err);

/* True once something was written (or tried to be): it cannot be taken back. */
bool output_started(const struct output *o);

/* Gives up an output: its temporary file is removed. Releases o. */
void output_abort(struct output *o);

/* output_init, then output_finish of the whole of data. */
int output_write(const char *path, const char *data, size_t len, struct strbuf *err);

#endif
