/*
 * Fuzz target: the --mailmap and --orgmap loaders, each given the whole
 * input as its file, then asked about a few identities (and about the
 * names and addresses the input itself holds, when a line is a mailbox).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/identity/mailmap.h"
#include "../../src/identity/orgmap.h"
#include "../../src/source/source.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	source_library_init(); /* libgit2 parses the mailmap */
	return 0;
}

static const char *const addrs[] = {"jane@example.org", "a@b", "", "x@lab.acme.example",
				    "@", "bob@mail.eu.acme.example"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct strbuf err;
	strbuf_init(&err, 0);

	/* the first word of the input, lower-cased, as an address to look up too */
	char *first = malloc(size + 1);
	memcpy(first, buf, size);
	first[size] = '\0';
	first[strcspn(first, " \t\n\r")] = '\0';
	for (char *p = first; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');

	struct mailmap *mm;
	if (!mailmap_from_buffer(&mm, "fuzz.mailmap", buf, size, &err)) {
		for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
			char *name, *addr;
			mailmap_resolve(mm, i % 2 ? NULL : "Jane Dev", addrs[i], &name, &addr);
			free(name);
			free(addr);
		}
		char *name, *addr;
		mailmap_resolve(mm, first, first, &name, &addr);
		free(name);
		free(addr);
		mailmap_free(mm);
	}
	strbuf_reset(&err);

	struct orgmap *om;
	if (!orgmap_from_buffer(&om, "fuzz.orgmap", buf, size, &err)) {
		for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
			(void)orgmap_lookup(om, addrs[i], 0);
			(void)orgmap_lookup(om, addrs[i], INT64_MAX);
		}
		(void)orgmap_lookup(om, first, 1722772800);
		orgmap_free(om);
	}
	free(first);
	strbuf_release(&err);
	return 0;
}
