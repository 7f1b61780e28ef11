/*
 * The pipeline as one library call: source -> reader -> facts -> digest
 * -> report. The command line is a thin layer over it.
 */
#ifndef LISTDIGEST_RUN_H
#define LISTDIGEST_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/strbuf.h"
#include "../report/report.h"
#include "../source/select.h"

struct run_options {
	const char *source;     /* borrowed: the path of the archive, mbox or Maildir; "-" stdin */
	const char *range;      /* borrowed: a git revision range; NULL for all */
	const char *list_name;  /* borrowed: NULL to take it from List-Id */
	size_t top;             /* lines of each count list */
	int threads;            /* reading threads */
	bool progress;          /* draw progress on stderr */
	struct selection selection; /* --since, --until, --last: within the range */
	const char *mailmap;    /* borrowed: git .mailmap file; NULL for none */
	const char *orgmap;     /* borrowed: gitdm EmailMap file; NULL for none */
	const char *cache_dir;  /* borrowed: --cache; NULL for $XDG_CACHE_HOME/listdigest */
	bool no_cache;          /* --no-cache: the index in memory, for this run only */
	unsigned sections;      /* enum report_section bits (report/report.h) */
	const char *lore_base;  /* borrowed: --lore-base; NULL for lore.kernel.org */
	int waiting_days;       /* --waiting-days */
	const char *applied_in; /* borrowed: --applied-in GITDIR[:RANGE]; NULL for none */
	const struct report_format *format; /* NULL: text */
	bool color;             /* text: bold headings */
	struct report_mail mail; /* the mail format's envelope */
	bool keep_going;        /* -k: skip what cannot be read, with a warning each */
	struct output *sink;    /* borrowed: where a long report is written as it is made; NULL: all in out */
};

#define RUN_OPTIONS_INIT {NULL, NULL, NULL, 15, 1, false, SELECTION_INIT, NULL, NULL, NULL, \
			  false, SECTIONS_ALL, NULL, 30, NULL, NULL, false, {NULL, NULL, false}, \
			  false, NULL}

/* What a run had to leave out (with keep_going). */
struct run_result {
	size_t skipped;         /* chosen messages the source could not read */
	size_t skipped_epochs;  /* epochs of an inbox that could not be listed */
};

/* Once per process, before run_digest, and after it. */
void run_library_init(void);
void run_library_shutdown(void);

/*
 * Writes the digest to out; with opts->sink, the first part of a long one
 * may have gone to the sink already (out holds the rest), which the
 * caller then finishes or aborts. Returns 0 with *result filled, or -1 with
 * "<what>: <why>" in err. With keep_going, what cannot be read costs a
 * line "listdigest: warning: <what>: <why>; skipped" on stderr, not the run.
 */
int run_digest(const struct run_options *opts, struct strbuf *out, struct run_result *result,
	       struct strbuf *err);

#endif
