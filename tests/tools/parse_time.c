/*
 * parse-time [--limit SECONDS] FILE...: reads each file as one message the
 * way the reading threads do (mail_parse with the automatic choice of
 * parser, then facts_from_mail: author, subject, ids, entry excerpt,
 * trailers, links, patch-id) and measures the CPU time that took, so that
 * the load of a shared machine does not count. Prints "ok - FILE: T s" or
 * "not ok - FILE: T s, over the limit" for each; exits 1 when any message
 * took longer than the limit (default 1 s: a message that takes longer to
 * parse is a bug).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../src/common/file.h"
#include "../../src/common/strbuf.h"
#include "../../src/message/mail.h"
#include "../../src/patch/facts.h"
#include "../../src/source/source.h"

static double thread_cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double limit = 1.0;
	int first = 1, failed = 0;

	if (argc > 2 && !strcmp(argv[1], "--limit")) {
		char *end;
		limit = strtod(argv[2], &end);
		if (*end || end == argv[2] || limit <= 0) {
			fprintf(stderr, "parse-time: --limit takes seconds, not '%s'\n", argv[2]);
			return 2;
		}
		first = 3;
	}
	if (first >= argc) {
		fputs("usage: parse-time [--limit SECONDS] FILE...\n", stderr);
		return 2;
	}
	source_library_init(); /* libgit2, for the patch-ids the hand path leaves to it */
	mail_library_init();
	for (int i = first; i < argc; i++) {
		struct strbuf blob, err;
		strbuf_init(&blob, 0);
		strbuf_init(&err, 0);
		if (file_read_all(&blob, argv[i], &err) < 0) {
			printf("not ok - %s: cannot be read: %s\n", argv[i], err.buf);
			failed = 1;
		} else {
			struct mail mail;
			struct message_facts facts;
			double start = thread_cpu_seconds();
			mail_parse(&mail, blob.buf, blob.len, MAIL_PARSER_AUTO);
			facts_from_mail(&facts, &mail);
			double took = thread_cpu_seconds() - start;
			facts_release(&facts);
			mail_release(&mail);
			if (took > limit) {
				printf("not ok - %s: %.3f s, over the limit of %.3f s\n", argv[i], took, limit);
				failed = 1;
			} else {
				printf("ok - %s: %.3f s\n", argv[i], took);
			}
		}
		strbuf_release(&blob);
		strbuf_release(&err);
	}
	source_library_shutdown();
	return failed;
}
