/*
 * Bringing an index up to date with its source: list what is new, read
 * it on the reader's threads, add the rows, all in one update.
 */
#ifndef LISTDIGEST_INDEX_UPDATE_H
#define LISTDIGEST_INDEX_UPDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/strbuf.h"
#include "../source/reader.h"
#include "index.h"

struct index_update_options {
	const char *path;             /* borrowed: the source, as source_open takes it */
	int threads;                  /* reading threads */
	reader_progress_fn progress;  /* NULL: none */
	bool skip_unreadable_epochs;  /* see struct source_options */
};

#define INDEX_UPDATE_OPTIONS_INIT {NULL, 1, NULL, false}

struct index_update_result {
	size_t added;       /* rows added */
	char *source_name;  /* owned: source_name() of the source, for the heading */
	char **skipped;     /* owned: the epochs left out, "<epoch>: <why>" (source_skipped) */
	size_t skipped_count;
};

/*
 * Adds every message of the source that the index does not hold yet:
 * for git, the commits after each epoch's last indexed one (an epoch
 * whose history lost that commit, or that is gone, is indexed again from
 * scratch); for an mbox or a Maildir, everything, when its stamp (size,
 * times) changed. Returns 0 with *result filled (release it), or -1 with
 * "<what>: <why>" in err and the index as it was.
 */
int index_update_source(struct msg_index *idx, const struct index_update_options *opts,
			struct index_update_result *result, struct strbuf *err);
void index_update_result_release(struct index_update_result *result);

#endif
