/* The command line, parsed and checked. */
#ifndef LISTDIGEST_OPTIONS_H
#define LISTDIGEST_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/strbuf.h"
#include "../report/report.h"
#include "../source/select.h"

/* --color: bold headings in the text; auto asks whether stdout is a terminal. */
enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct options {
	const char *list_name;  /* NULL: from List-Id */
	size_t top;
	int threads;
	const char *output;     /* NULL: stdout */
	const char *source;     /* an archive, inbox, mbox or Maildir; "-" stdin */
	const char *range;
	/* Identities: NULL when not given. */
	const char *mailmap;    /* --mailmap FILE: git's .mailmap format */
	const char *orgmap;     /* --orgmap FILE: gitdm's EmailMap format */
	const char *cache_dir;  /* --cache DIR; NULL: the default */
	bool no_cache;          /* --no-cache */
	const char *applied_in; /* --applied-in GITDIR[:RANGE]; NULL: none */
	bool keep_going;        /* -k: skip what cannot be read, exit 3 */
	bool quiet;
	unsigned sections;      /* --sections: enum report_section bits */
	const char *lore_base;  /* --lore-base URL; NULL: https://lore.kernel.org/<list>/ */
	int waiting_days;       /* --waiting-days N */
	/* -f, --format NAME; without it, -o FILE's extension picks it; else text */
	const struct report_format *format;
	/* --mail-from (else $EMAIL; checked when the format is mail), --mail-to, --mail-html */
	struct report_mail mail;
	enum color_when color;  /* --color[=WHEN]: auto unless given */
	/* --since, --until, --last: the period and count to digest */
	struct selection selection;
	bool help;
	bool version;
};

/* Returns 0, or -1 with "<what>: <why>" in err (a usage error). */
int options_parse(struct options *opts, int argc, char **argv, struct strbuf *err);

extern const char options_usage[];

#endif
