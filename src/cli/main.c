/* listdigest: a digest of a range of a public-inbox archive. */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/output.h"
#include "../common/strbuf.h"
#include "../run/run.h"
#include "options.h"

#ifndef LISTDIGEST_VERSION
#define LISTDIGEST_VERSION "unknown"
#endif

#define EXIT_USAGE 2
#define EXIT_SKIPPED 3  /* -k: a digest without what could not be read */

static void report_error(const struct strbuf *err)
{
	fprintf(stderr, "listdigest: %s\n", err->len ? err->buf : "unknown error");
}

/*
 * Bold headings: always or never as asked; by default only on a
 * terminal, and not when NO_COLOR is set to anything but the empty
 * string (no-color.org). --color=always overrides NO_COLOR, as git's does.
 */
static bool use_color(const struct options *opts)
{
	if (opts->color != COLOR_AUTO)
		return opts->color == COLOR_ALWAYS;
	const char *no_color = getenv("NO_COLOR");
	if (no_color && *no_color)
		return false;
	return !opts->output && isatty(STDOUT_FILENO);
}

/* Returns the exit status. */
static int run(const struct options *opts, struct strbuf *err)
{
	struct run_options run_opts = RUN_OPTIONS_INIT;
	struct run_result result = {0};
	struct strbuf out;
	int rc;

	run_opts.source = opts->source;
	run_opts.range = opts->range;
	run_opts.list_name = opts->list_name;
	run_opts.top = opts->top;
	run_opts.threads = opts->threads;
	run_opts.progress = !opts->quiet && isatty(STDERR_FILENO);
	run_opts.selection = opts->selection;
	run_opts.mailmap = opts->mailmap;
	run_opts.orgmap = opts->orgmap;
	run_opts.cache_dir = opts->cache_dir;
	run_opts.no_cache = opts->no_cache;
	run_opts.sections = opts->sections;
	run_opts.lore_base = opts->lore_base;
	run_opts.waiting_days = opts->waiting_days;
	run_opts.applied_in = opts->applied_in;
	run_opts.format = opts->format;
	run_opts.color = use_color(opts);
	run_opts.mail = opts->mail;
	run_opts.keep_going = opts->keep_going;
	struct output output;
	output_init(&output, opts->output);
	run_opts.sink = &output;
	strbuf_init(&out, 0);
	rc = run_digest(&run_opts, &out, &result, err);
	if (rc == 0)
		rc = output_finish(&output, out.buf, out.len, err);
	else
		output_abort(&output);
	strbuf_release(&out);
	if (rc < 0)
		return EXIT_FAILURE;
	return result.skipped || result.skipped_epochs ? EXIT_SKIPPED : EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	struct options opts;
	struct strbuf err;
	int status;

	strbuf_init(&err, 0);
	if (options_parse(&opts, argc, argv, &err) < 0) {
		report_error(&err);
		strbuf_release(&err);
		return EXIT_USAGE;
	}
	if (opts.help) {
		fputs(options_usage, stdout);
		return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
	}
	if (opts.version) {
		puts("listdigest " LISTDIGEST_VERSION);
		return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
	}

	/* past a file size limit, write fails with EFBIG and says which file */
	signal(SIGXFSZ, SIG_IGN);
	run_library_init();
	status = run(&opts, &err);
	if (status == EXIT_FAILURE)
		report_error(&err);
	run_library_shutdown();
	strbuf_release(&err);
	return status;
}
