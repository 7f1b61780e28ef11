/* Helpers that more than one unit suite uses; see harness.h. */
#include "harness.h"

#include "../../src/common/strbuf.h"
#include "../../src/digest/digest.h"

char *tally_list(const struct tally *t, size_t n)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(&sb, "%s%zu ", i ? "|" : "", t[i].count);
		if (t[i].address || !t[i].name)
			digest_person_text(&sb, t[i].name, t[i].address);
		else
			strbuf_addstr(&sb, t[i].name);
	}
	return strbuf_detach(&sb, NULL);
}
