#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../common/date.h"
#include "../report/mail_address.h"
#include "../report/report.h"

const char options_usage[] =
	"usage: listdigest [--list-name NAME] [--top N] [--since DATE] [--until DATE] [--last N]\n"
	"                  [--mailmap FILE] [--orgmap FILE] [--sections LIST]\n"
	"                  [--lore-base URL] [--waiting-days N] [--applied-in GITDIR[:RANGE]]\n"
	"                  [--cache DIR | --no-cache] [-k]\n"
	"                  [-f FORMAT] [--mail-from ADDR] [--mail-to ADDR] [--mail-html]\n"
	"                  [--color[=WHEN]] [-j THREADS] [-o FILE] SOURCE [RANGE]\n"
	"\n"
	"Digest a mailing list archive: who posted (by the patch author named in\n"
	"the body), which patch series arrived, and what each new series says.\n"
	"\n"
	"    SOURCE                a public-inbox v2 epoch (bare or not), a v2 inbox\n"
	"                          directory (git/0.git, git/1.git, ...), an mbox\n"
	"                          (gzip or not; - for stdin) or a Maildir\n"
	"    RANGE                 git sources: A..B, or B for all history up to B\n"
	"                          (default HEAD: all of it)\n"
	"    --list-name NAME      list name for the title (default: from List-Id)\n"
	"    --top N               lines in each list of counts (default 15)\n"
	"    --since DATE          only messages that arrived at DATE or later\n"
	"    --until DATE          only messages that arrived before DATE\n"
	"    --last N              only the newest N messages (of the period, if any)\n"
	"    --mailmap FILE        one identity per person, by git's .mailmap rules\n"
	"    --orgmap FILE         organisations of addresses and domains (gitdm's EmailMap)\n"
	"    --applied-in GITDIR[:RANGE]  mark the patches that commits of RANGE applied\n"
	"                          (default RANGE: the newest 20,000 commits of HEAD)\n"
	"    --cache DIR           keep the index of the source in DIR\n"
	"                          (default: $XDG_CACHE_HOME/listdigest, ~/.cache/listdigest)\n"
	"    --no-cache            keep the index in memory, for this run only\n"
	"    --sections LIST       sections to write, comma-separated, in this order:\n"
	"                          domains,orgs,contributors,patches,entries,series,\n"
	"                          waiting,threads; seed for the first five (the\n"
	"                          digest without the life of series); default: all\n"
	"    --lore-base URL       links to URL<message-id>/ instead of\n"
	"                          https://lore.kernel.org/<list>/<message-id>/\n"
	"    --waiting-days N      the waiting list also holds revisions of the N days\n"
	"                          before the selection's end (default 30)\n"
	"    -j, --jobs THREADS    worker threads (default: online CPUs)\n"
	"    -f, --format FORMAT   text (default), markdown, html, json or mail\n"
	"    -o, --output FILE     write the digest to FILE, atomically; without\n"
	"                          --format, FILE's extension picks it: .md, .html,\n"
	"                          .json, .eml; anything else is text\n"
	"    --mail-from ADDR      mail: the sender, Name <user@example.org>\n"
	"                          (default: $EMAIL; one of them is needed)\n"
	"    --mail-to ADDR        mail: the recipient (default: the list's\n"
	"                          posting address, from its List-Id)\n"
	"    --mail-html           mail: the HTML format as a second, alternative part\n"
	"    --color[=WHEN]        text: bold headings; WHEN is auto (the default:\n"
	"                          on a terminal, unless NO_COLOR is set), always\n"
	"                          (also --color alone) or never\n"
	"    -k, --keep-going      skip the messages and epochs that cannot be read,\n"
	"                          with a warning each, digest the rest, and exit 3\n"
	"    -q, --quiet           no progress on stderr\n"
	"    -h, --help            show this help\n"
	"    --version             show the version\n"
	"\n"
	"See listdigest(1) for the rules of attribution and of the output.\n";

enum { OPT_LIST_NAME = 256, OPT_TOP, OPT_VERSION,
       OPT_SINCE, OPT_UNTIL, OPT_LAST, OPT_MAILMAP, OPT_ORGMAP, OPT_CACHE, OPT_NO_CACHE,
       OPT_SECTIONS, OPT_LORE_BASE, OPT_WAITING_DAYS, OPT_APPLIED_IN,
       OPT_MAIL_FROM, OPT_MAIL_TO, OPT_MAIL_HTML, OPT_COLOR };

static const struct option long_options[] = {
	{"list-name", required_argument, NULL, OPT_LIST_NAME},
	{"top", required_argument, NULL, OPT_TOP},
	{"mailmap", required_argument, NULL, OPT_MAILMAP},
	{"orgmap", required_argument, NULL, OPT_ORGMAP},
	{"cache", required_argument, NULL, OPT_CACHE},
	{"no-cache", no_argument, NULL, OPT_NO_CACHE},
	{"sections", required_argument, NULL, OPT_SECTIONS},
	{"applied-in", required_argument, NULL, OPT_APPLIED_IN},
	{"lore-base", required_argument, NULL, OPT_LORE_BASE},
	{"waiting-days", required_argument, NULL, OPT_WAITING_DAYS},
	{"mail-from", required_argument, NULL, OPT_MAIL_FROM},
	{"mail-to", required_argument, NULL, OPT_MAIL_TO},
	{"mail-html", no_argument, NULL, OPT_MAIL_HTML},
	{"color", optional_argument, NULL, OPT_COLOR},
	{"jobs", required_argument, NULL, 'j'},
	{"output", required_argument, NULL, 'o'},
	{"format", required_argument, NULL, 'f'},
	{"keep-going", no_argument, NULL, 'k'},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, OPT_VERSION},
	{"since", required_argument, NULL, OPT_SINCE},
	{"until", required_argument, NULL, OPT_UNTIL},
	{"last", required_argument, NULL, OPT_LAST},
	{NULL, 0, NULL, 0},
};

/* A whole decimal number in [min, max]; no sign, no blanks, no trailing text. */
static int parse_count(const char *s, long min, long max, long *out)
{
	char *end;
	if (!*s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* --since and --until: a date of listdigest(1), relative to now. */
static int parse_date_option(const char *name, const char *value, int64_t now, bool *has,
			     int64_t *out, struct strbuf *err)
{
	if (date_parse(out, value, now)) {
		strbuf_addf(err, "%s: cannot parse date '%s'", name, value);
		return -1;
	}
	*has = true;
	return 0;
}

/* An address of --mail-from, --mail-to or $EMAIL: one, without CR or LF. */
static int check_address(const char *name, const char *value, struct strbuf *err)
{
	struct mail_address a;
	struct strbuf why;
	strbuf_init(&why, 0);
	int rc = mail_address_parse(&a, value, &why);
	if (rc < 0)
		strbuf_addf(err, "%s: %s", name, why.buf);
	mail_address_release(&a);
	strbuf_release(&why);
	return rc;
}

/*
 * The mail format needs a sender, from --mail-from or $EMAIL, and for
 * --mail-html the html format: both known before anything is read. The
 * mail options mean nothing to another format: given with one, they are
 * a mistake worth saying.
 */
static int check_mail(struct options *opts, struct strbuf *err)
{
	if (opts->format != report_format_named("mail")) {
		if (opts->mail.from || opts->mail.to || opts->mail.html) {
			strbuf_addf(err, "%s: only with the mail format (-f mail, or -o FILE.eml)",
				    opts->mail.from ? "--mail-from" : opts->mail.to ? "--mail-to" : "--mail-html");
			return -1;
		}
		return 0;
	}
	if (!opts->mail.from) {
		const char *email = getenv("EMAIL");
		if (!email || !*email) {
			strbuf_addstr(err, "--mail-from: no sender: give --mail-from ADDR or set EMAIL");
			return -1;
		}
		if (check_address("--mail-from: $EMAIL", email, err))
			return -1;
		opts->mail.from = email;
	}
	if (opts->mail.html && !report_format_named("html")) {
		strbuf_addstr(err, "--mail-html: the html format is not built");
		return -1;
	}
	return 0;
}

int options_parse(struct options *opts, int argc, char **argv, struct strbuf *err)
{
	long n;
	int c;

	memset(opts, 0, sizeof(*opts));
	opts->top = 15;
	opts->sections = SECTIONS_ALL;
	opts->waiting_days = 30;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	opts->threads = cpus > 0 ? (int)(cpus < 64 ? cpus : 64) : 1;

	/* One now for both dates, so "--since 1.week.ago --until now" is a week. */
	int64_t now = (int64_t)time(NULL);
	struct selection *sel = &opts->selection;

	opterr = 0; /* errors are reported here, in one line */
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:j:ko:qh", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_LIST_NAME:
			if (!*optarg) {
				strbuf_addstr(err, "--list-name: must not be empty");
				return -1;
			}
			opts->list_name = optarg;
			break;
		case OPT_TOP:
			if (parse_count(optarg, 0, INT_MAX, &n)) {
				strbuf_addf(err, "--top: '%s' is not a whole number >= 0", optarg);
				return -1;
			}
			opts->top = (size_t)n;
			break;
		case OPT_SINCE:
			if (parse_date_option("--since", optarg, now, &sel->has_since, &sel->since, err))
				return -1;
			break;
		case OPT_UNTIL:
			if (parse_date_option("--until", optarg, now, &sel->has_until, &sel->until, err))
				return -1;
			break;
		case OPT_LAST:
			if (parse_count(optarg, 1, LONG_MAX, &n)) {
				strbuf_addf(err, "--last: '%s' is not a whole number >= 1", optarg);
				return -1;
			}
			sel->last = (size_t)n;
			break;
		case OPT_MAILMAP:
		case OPT_ORGMAP:
			if (!*optarg) {
				strbuf_addf(err, "--%s: needs a file name",
					    c == OPT_MAILMAP ? "mailmap" : "orgmap");
				return -1;
			}
			*(c == OPT_MAILMAP ? &opts->mailmap : &opts->orgmap) = optarg;
			break;
		case OPT_CACHE:
			if (!*optarg) {
				strbuf_addstr(err, "--cache: needs a directory");
				return -1;
			}
			opts->cache_dir = optarg;
			break;
		case OPT_NO_CACHE:
			opts->no_cache = true;
			break;
		case OPT_APPLIED_IN:
			if (!*optarg) {
				strbuf_addstr(err, "--applied-in: needs a git directory");
				return -1;
			}
			opts->applied_in = optarg;
			break;
		case OPT_SECTIONS:
			opts->sections = report_sections_parse(optarg, err);
			if (!opts->sections)
				return -1;
			break;
		case OPT_LORE_BASE:
			if (!*optarg) {
				strbuf_addstr(err, "--lore-base: needs a URL");
				return -1;
			}
			opts->lore_base = optarg;
			break;
		case OPT_WAITING_DAYS:
			if (parse_count(optarg, 0, 36500, &n)) {
				strbuf_addf(err, "--waiting-days: '%s' is not a whole number from 0 to 36500", optarg);
				return -1;
			}
			opts->waiting_days = (int)n;
			break;
		case OPT_MAIL_FROM:
		case OPT_MAIL_TO:
			if (check_address(c == OPT_MAIL_FROM ? "--mail-from" : "--mail-to", optarg, err))
				return -1;
			*(c == OPT_MAIL_FROM ? &opts->mail.from : &opts->mail.to) = optarg;
			break;
		case OPT_MAIL_HTML:
			opts->mail.html = true;
			break;
		case OPT_COLOR:
			if (!optarg || !strcmp(optarg, "always")) {
				opts->color = COLOR_ALWAYS;
			} else if (!strcmp(optarg, "never")) {
				opts->color = COLOR_NEVER;
			} else if (!strcmp(optarg, "auto")) {
				opts->color = COLOR_AUTO;
			} else {
				strbuf_addf(err, "--color: unknown value '%s' (auto, always or never)", optarg);
				return -1;
			}
			break;
		case 'j':
			if (parse_count(optarg, 1, 1024, &n)) {
				strbuf_addf(err, "-j: '%s' is not a thread count from 1 to 1024", optarg);
				return -1;
			}
			opts->threads = (int)n;
			break;
		case 'f':
			opts->format = report_format_named(optarg);
			if (!opts->format) {
				strbuf_addf(err, "--format: unknown format '%s' (known: ", optarg);
				report_format_names(err);
				strbuf_addch(err, ')');
				return -1;
			}
			break;
		case 'o':
			if (!*optarg) {
				strbuf_addstr(err, "-o: needs a file name");
				return -1;
			}
			opts->output = optarg;
			break;
		case 'k':
			opts->keep_going = true;
			break;
		case 'q':
			opts->quiet = true;
			break;
		case 'h':
			opts->help = true;
			return 0;
		case OPT_VERSION:
			opts->version = true;
			return 0;
		case ':':
			strbuf_addf(err, "%s: option needs a value", argv[optind - 1]);
			return -1;
		default:
			if (optopt)
				strbuf_addf(err, "-%c: unknown option (see listdigest --help)", optopt);
			else
				strbuf_addf(err, "%s: unknown option (see listdigest --help)", argv[optind - 1]);
			return -1;
		}
	}
	if (opts->cache_dir && opts->no_cache) {
		strbuf_addstr(err, "--cache and --no-cache: choose one");
		return -1;
	}
	int rest = argc - optind;
	if (rest < 1) {
		strbuf_addstr(err, "SOURCE: missing (usage: listdigest [options] SOURCE [RANGE])");
		return -1;
	}
	if (rest > 2) {
		strbuf_addf(err, "%s: unexpected argument (usage: listdigest [options] SOURCE [RANGE])",
			    argv[optind + 2]);
		return -1;
	}
	if (!opts->format)
		opts->format = opts->output ? report_format_for_path(opts->output)
					    : report_format_named("text");
	if (check_mail(opts, err))
		return -1;
	opts->source = argv[optind];
	opts->range = rest == 2 ? argv[optind + 1] : NULL;
	if (opts->range && !*opts->range) {
		strbuf_addstr(err, "RANGE: must not be empty");
		return -1;
	}
	return 0;
}
