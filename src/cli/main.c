/* listdigest: a digest of a range of a public-inbox archive. */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/output.h"
#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "../digest/digest.h"
#include "../message/mail.h"
#include "../patch/facts.h"
#include "../report/text.h"
#include "../source/archive.h"
#include "../source/reader.h"
#include "options.h"

#ifndef LISTDIGEST_VERSION
#define LISTDIGEST_VERSION "unknown"
#endif

#define EXIT_USAGE 2

static void report_error(const struct strbuf *err)
{
	fprintf(stderr, "listdigest: %s\n", err->len ? err->buf : "unknown error");
}

/* The worker callback: one blob in, one message's facts out. */
static void read_message(size_t index, const char *blob, size_t len, void *ctx)
{
	struct message_facts *facts = ctx;
	struct mail mail;

	if (!blob)
		return; /* a removal commit: not a message */
	mail_parse(&mail, blob, len, MAIL_PARSER_AUTO);
	facts_from_mail(&facts[index], &mail);
	mail_release(&mail);
}

/*
 * "<kvm.vger.kernel.org>" gives "KVM"; else the name of the repository's
 * directory, as libgit2 resolved it ("." or "wt/.git" name nothing).
 */
static char *default_list_name(const char *list_id, git_repository *repo)
{
	const char *repo_path = git_repository_is_bare(repo) ? git_repository_path(repo)
							       : git_repository_workdir(repo);
	struct strbuf name;
	strbuf_init(&name, 0);
	if (list_id) {
		const char *start = strchr(list_id, '<');
		start = start ? start + 1 : list_id;
		while (*start == ' ' || *start == '\t')
			start++;
		size_t len = strcspn(start, ".>@ \t");
		utf8_clean_append(&name, start, len);
	}
	if (!name.len) {
		const char *end = repo_path + strlen(repo_path);
		while (end > repo_path && end[-1] == '/')
			end--;
		const char *base = end;
		while (base > repo_path && base[-1] != '/')
			base--;
		if (end - base > 4 && !strncmp(end - 4, ".git", 4))
			end -= 4;
		utf8_clean_append(&name, base, (size_t)(end - base));
	}
	for (char *p = name.buf; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
	return strbuf_detach(&name, NULL);
}

static int run(const struct options *opts, struct strbuf *err)
{
	git_repository *repo = NULL;
	struct archive_range range;
	struct archive_commits commits = {0};
	struct message_facts *facts = NULL;
	struct digest digest = {0};
	struct strbuf out;
	int rc = -1;

	strbuf_init(&out, 0);
	if (archive_open(&repo, opts->repo, err) < 0 ||
	    archive_resolve_range(repo, opts->range, &range, err) < 0 ||
	    archive_list_commits(repo, &range, &commits, err) < 0)
		goto out;

	facts = xcalloc(commits.count ? commits.count : 1, sizeof(*facts));
	struct reader_options reading = READER_OPTIONS_INIT;
	reading.repo_path = opts->repo;
	reading.commits = commits.ids;
	reading.trees = commits.trees;
	reading.count = commits.count;
	reading.threads = opts->threads;
	reading.progress = !opts->quiet && isatty(STDERR_FILENO);
	if (reader_run(&reading, read_message, facts, err) < 0)
		goto out;
	digest_build(&digest, facts, commits.count);

	struct report_header header = {.top = opts->top};
	const git_oid *oldest = range.has_from  ? &range.from
			       : commits.count ? &commits.ids[commits.count - 1]
					       : &range.to;
	git_oid_tostr(header.from_hex, 10, oldest);
	git_oid_tostr(header.to_hex, 10, &range.to);
	char *list_name = opts->list_name ? utf8_clean_dup(opts->list_name, strlen(opts->list_name))
					  : default_list_name(digest.list_id, repo);
	header.list_name = list_name;
	report_text(&out, &header, &digest);
	free(list_name);
	rc = output_write(opts->output, out.buf, out.len, err);
out:
	digest_release(&digest);
	for (size_t i = 0; facts && i < commits.count; i++)
		facts_release(&facts[i]);
	free(facts);
	archive_commits_release(&commits);
	git_repository_free(repo);
	strbuf_release(&out);
	return rc;
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

	git_libgit2_init();
	/*
	 * libgit2 re-hashes every object it reads; git cat-file does not, and
	 * the archive is read, never written: skip the SHA-1 (about 40% of
	 * the reading time).
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/*
	 * Each object is read once: caching them only costs memory, and
	 * mapping the whole pack would count it all in the peak RSS.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)4 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)32 << 20);
	mail_library_init();
	status = run(&opts, &err) < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
	if (status != EXIT_SUCCESS)
		report_error(&err);
	git_libgit2_shutdown();
	strbuf_release(&err);
	return status;
}
