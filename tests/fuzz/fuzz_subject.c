/*
 * Fuzz target: a Subject value as the facts read it: unfolded, its encoded
 * words decoded, then its patch tag (groups, PATCH/RFC, version, M/N) and
 * the title that joins revisions. The tag must point inside the subject.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/strbuf.h"
#include "../../src/message/header.h"
#include "../../src/message/mail.h"
#include "../../src/patch/subject.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	mail_library_init(); /* the charsets of encoded words */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *unfolded = header_unfold((const char *)data, size);
	char *subject = header_decode_text(unfolded);
	struct patch_tag tag;

	size_t title_offset = patch_tag_parse(subject, &tag);
	if (title_offset > strlen(subject))
		abort();
	if (tag.is_patch && (tag.number < -1 || tag.total < -1))
		abort();
	/* within what a message's facts keep (facts_set_tag) */
	if (tag.number > PATCH_NUMBER_MAX || tag.total > PATCH_NUMBER_MAX || tag.version.major < 0 ||
	    tag.version.major > PATCH_NUMBER_MAX || tag.version.minor < 0 || tag.version.minor > PATCH_NUMBER_MAX)
		abort();
	struct strbuf title;
	strbuf_init(&title, 0);
	if (patch_title_add(&title, subject) != title_offset)
		abort();
	struct patch_tag again;
	patch_tag_parse(title.buf, &again);
	strbuf_release(&title);

	struct strbuf summary;
	strbuf_init(&summary, 0);
	title_normalise_add(&summary, subject);
	strbuf_release(&summary);

	struct patch_version a = tag.version, b = {1, 0};
	if (patch_version_compare(&a, &a) != 0 ||
	    (patch_version_compare(&a, &b) > 0) != (patch_version_compare(&b, &a) < 0))
		abort();

	free(subject);
	free(unfolded);
	return 0;
}
