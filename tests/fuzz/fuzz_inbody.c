/*
 * Fuzz target: a decoded body as the facts read it: git's in-body header
 * (inbody.c), the entry's excerpt (body.c), the review trailers, b4's
 * change-id and the linked message-ids (review.c, links.c), and the
 * patch-id of the diff it finds (patchid.c, with libgit2 behind it).
 */
#include <stdint.h>
#include <stdlib.h>

#include "../../src/patch/body.h"
#include "../../src/patch/inbody.h"
#include "../../src/patch/links.h"
#include "../../src/patch/patchid.h"
#include "../../src/patch/review.h"
#include "../../src/source/source.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	source_library_init(); /* libgit2, for the patch-ids the hand path leaves to it */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct inbody_header inbody;
	struct review review;

	inbody_parse(&inbody, body, size);
	if (inbody.present && (inbody.start > inbody.end || inbody.end > size || !inbody.from.addr))
		abort();
	free(body_excerpt(body, size, &inbody));
	inbody_release(&inbody);

	review_read(&review, body, size);
	if (review.trailer_count > REVIEW_TRAILERS_MAX || review.linked_id_count > LINKS_MAX)
		abort();
	if (review.diff && (review.diff < body || review.diff + review.diff_len > body + size))
		abort();
	if (review.diff)
		free(patchid_of_diff(review.diff, review.diff_len));
	review_release(&review);

	char **ids = NULL;
	size_t count = 0;
	links_collect(body, size, &ids, &count);
	if (count > LINKS_MAX)
		abort();
	for (size_t i = 0; i < count; i++)
		free(ids[i]);
	free(ids);
	return 0;
}
