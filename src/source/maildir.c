/* Maildirs: not read yet. */
#include "source_kind.h"

int source_open_maildir(struct source *src, const struct source_options *opts, struct strbuf *err)
{
	(void)src;
	strbuf_addf(err, "%s: not a git repository or public-inbox inbox (Maildirs are not read yet)",
		    opts->path);
	return -1;
}
