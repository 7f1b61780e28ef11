#include "patchid.h"

#include <git2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"

static pthread_once_t libgit2_once = PTHREAD_ONCE_INIT;

/* Reference-counted by libgit2; the process keeps it to its end. */
static void libgit2_start(void)
{
	git_libgit2_init();
}

/* A copy of text with the CR of every CRLF removed. */
static char *without_cr(const char *text, size_t len, size_t *out_len)
{
	char *copy = xmalloc(len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (!(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))
			copy[n++] = text[i];
	copy[n] = '\0';
	*out_len = n;
	return copy;
}

char *patchid_of_diff(const char *diff, size_t len)
{
	git_diff *parsed = NULL;
	git_diff_patchid_options opts = GIT_DIFF_PATCHID_OPTIONS_INIT;
	git_oid id;
	char *copy = NULL, *hex = NULL;

	/*
	 * A NUL byte makes no text patch (git apply calls it binary), and
	 * libgit2 1.5 reads past a line that holds one (AddressSanitizer
	 * shows it): such a diff gets no id.
	 */
	if (!diff || !len || memchr(diff, '\0', len))
		return NULL;
	pthread_once(&libgit2_once, libgit2_start);
	if (memchr(diff, '\r', len))
		diff = copy = without_cr(diff, len, &len);
	if (git_diff_from_buffer(&parsed, diff, len) == 0 && git_diff_num_deltas(parsed) > 0 &&
	    git_diff_patchid(&id, parsed, &opts) == 0) {
		hex = xmalloc(GIT_OID_HEXSZ + 1);
		git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &id);
	}
	git_diff_free(parsed);
	free(copy);
	return hex;
}
