/*
 * A report, whatever its format: one neutral description of the run
 * (struct report_run) and a table of formats, one file each under
 * src/report/, behind one interface. A format writes every section the
 * run asks for, from data: the digest's counts, series and entries, and
 * the series report; it never parses another format's text.
 */
#ifndef LISTDIGEST_REPORT_H
#define LISTDIGEST_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/output.h"
#include "../common/strbuf.h"
#include "../digest/digest.h"
#include "../series/series.h"

/* The sections, in the order they are written (--sections). */
enum report_section {
	SECTION_DOMAINS = 1 << 0,
	SECTION_ORGS = 1 << 1,          /* only with an orgmap */
	SECTION_CONTRIBUTORS = 1 << 2,
	SECTION_PATCHES = 1 << 3,
	SECTION_ENTRIES = 1 << 4,
	SECTION_SERIES = 1 << 5,
	SECTION_WAITING = 1 << 6,
	SECTION_THREADS = 1 << 7,
};
#define SECTIONS_SEED (SECTION_DOMAINS | SECTION_ORGS | SECTION_CONTRIBUTORS | SECTION_PATCHES | SECTION_ENTRIES)
#define SECTIONS_SERIES (SECTION_SERIES | SECTION_WAITING | SECTION_THREADS)
#define SECTIONS_ALL (SECTIONS_SEED | SECTIONS_SERIES)

/*
 * Parses --sections: names of the sections separated by commas, or
 * "seed" for the first five. Returns the bits, or 0 with the offending
 * name in err.
 */
unsigned report_sections_parse(const char *list, struct strbuf *err);

/* The mail format's envelope (--mail-from, --mail-to, --mail-html). */
struct report_mail {
	const char *from;   /* the From: address; NULL: the format fails */
	const char *to;     /* NULL: the list's posting address from its List-Id */
	bool html;          /* multipart/alternative with the HTML as second part */
};

/* One run, as every format sees it. Every pointer is borrowed. */
struct report_run {
	const char *list_name;   /* the heading's name: "KVM" */
	const char *list_id;     /* the newest List-Id of the selection, NULL when none */
	/*
	 * The selection. from and to are the heading's bounds: the first 9
	 * hex digits of a commit, or an arrival as "YYYY-MM-DD HH:MM:SS UTC",
	 * or "(none)" when nothing was chosen.
	 */
	const char *from, *to;
	const char *range;       /* the revision range as given, NULL for the whole source */
	bool has_since, has_until;
	int64_t since, until;    /* --since, --until: seconds since 1970 UTC */
	/*
	 * What --keep-going left out: chosen messages the source could not
	 * read, and epochs of an inbox that could not be listed (how many
	 * messages they hold, nobody can tell). When both are 0 nothing is
	 * said of them.
	 */
	size_t skipped;
	size_t skipped_epochs;
	bool has_arrivals;       /* a message was chosen */
	int64_t first_arrival, last_arrival; /* of the oldest and the newest chosen */
	size_t top;              /* lines in each list */
	unsigned sections;       /* enum report_section bits */
	const struct digest *digest;
	const struct series_report *series; /* for SECTIONS_SERIES; NULL when none is wanted */
	const char *lore_base;   /* --lore-base; NULL for lore.kernel.org */
	int64_t now;             /* when the report is made (SOURCE_DATE_EPOCH when set) */
	bool color;              /* text on a terminal: headings in bold */
	struct report_mail mail;
	/*
	 * Where a long report goes while it is made (report_spill); NULL: it
	 * stays whole in the format's out.
	 */
	struct output *sink;
	/*
	 * The entry body of digest->facts[fact], for facts loaded without
	 * theirs (run.c loads each as it is written, so that they are never
	 * all in memory at once); valid until the next call. NULL when it
	 * cannot be read: ctx keeps why, for the run to report. A NULL
	 * entry_body: the facts hold their bodies.
	 */
	const char *(*entry_body)(void *ctx, size_t fact);
	void *entry_body_ctx;	/*
	 * Where the subjects and message-ids of facts loaded without them are
	 * read, one message at a time as they are written (see facts_reader);
	 * zero: the facts hold them. One that cannot be read is written as
	 * none, and the reader's ctx keeps why, for the run to report.
	 */
	struct facts_reader reader;
};

struct report_format {
	const char *name;        /* --format NAME */
	const char *extension;   /* -o FILE with it picks the format; NULL: none */
	/* Appends the report. Returns 0, or -1 with "<what>: <why>" in err. */
	int (*write)(struct strbuf *out, const struct report_run *run, struct strbuf *err);
};

/* The format called name, or NULL. */
const struct report_format *report_format_named(const char *name);

/* The i-th format of the table, NULL past its end: for code that tries them all. */
const struct report_format *report_format_at(size_t i);

/* The format -o path picks by its extension: text when none matches. */
const struct report_format *report_format_for_path(const char *path);

/* Appends the names of the formats, "text, markdown, ...", for errors. */
void report_format_names(struct strbuf *out);

/*
 * Between two items of a long section: once out holds enough bytes
 * (output_spill), they go to run->sink and out is emptied. A format calls it only
 * where nothing it wrote before is looked at again.
 */
void report_spill(struct strbuf *out, const struct report_run *run);

/* The entry body of digest->facts[fact] (see report_run.entry_body); "" when none. */
const char *report_entry_body(const struct report_run *run, size_t fact);

/*
 * f's subject, its title (the subject after its tag's groups) and its
 * message-id (NULL when none): valid until one of them is asked of
 * another message, which may read it from the index.
 */
const char *report_subject(const struct report_run *run, const struct message_facts *f);
const char *report_title(const struct report_run *run, const struct message_facts *f);
const char *report_message_id(const struct report_run *run, const struct message_facts *f);

/* ---- words that every format writes alike */

/*
 * What the heading says of --keep-going's skips: " (3 messages skipped)",
 * " (1 message and 1 epoch skipped)"; nothing when nothing was skipped.
 */
void report_add_skipped(struct strbuf *out, const struct report_run *run);

/*
 * The heading's title as plain text, every format's (escaped as it needs):
 * "<NAME> mailing list update from <A> to <B>", then report_add_skipped's.
 */
void report_add_title(struct strbuf *out, const struct report_run *run);
/* A tally's heading, every format's: "Top <--top> <what> (Based on Email Body)". */
void report_add_top_heading(struct strbuf *out, const struct report_run *run, const char *what);
/* An arrival as YYYY-MM-DD, UTC. */
void report_add_date(struct strbuf *out, int64_t when);
/* An arrival as ISO 8601 UTC, "YYYY-MM-DDTHH:MM:SSZ". */
void report_add_iso_time(struct strbuf *out, int64_t when);
/* "v2", "v8.1". */
void report_add_version(struct strbuf *out, const struct patch_version *v);
/* "1 patch", "3 patches". */
void report_add_patches(struct strbuf *out, int patches);
/* "Reviewed-by", "Acked-by", "Tested-by", "Nacked-by". */
const char *report_trailer_name(enum trailer_kind kind);
/* "superseded", "applied", "partly applied", ..., "waiting". */
const char *report_state_name(enum series_state state);

#endif
