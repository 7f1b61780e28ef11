/*
 * --mailmap: git's rules through libgit2. Every expectation below is what
 * `git check-mailmap` (git 2.39) answers for the same file and identity.
 */
#include "harness.h"

#include <stdlib.h>

#include "../../src/common/strbuf.h"
#include "../../src/identity/mailmap.h"

void test_mailmap(void);

static const char people[] =
	"# people of the example project\n"
	"Jane Doe <jane@Example.com>\n"
	"Proper Name <proper@example.org> Commit Name <commit@example.org>\n"
	"<new@example.net> <old@example.net>\n"
	"Wei Li <li.wei@example.net> <LI.WEI@Corp.Example>   # moved from Corp\n"
	"Merged Name <merge@example.com>\n"
	"<merged-new@example.com> <merge@example.com>\n"
	"Other <other@x.example> commit name <shared@x.example>\n"
	"Fallback <fallback@x.example> <shared@x.example>\n"
	"not an entry at all\n"
	"Søren Kjærgaard <soren@fjordlabs.test> <SOREN@FJORDLABS.TEST>\r\n";

static void check(struct mailmap *mm, const char *name, const char *addr,
		  const char *want_name, const char *want_addr, const char *what)
{
	char *got_name, *got_addr;
	mailmap_resolve(mm, name, addr, &got_name, &got_addr);
	CHECK_STR(got_name, want_name, "mailmap: %s: name", what);
	CHECK_STR(got_addr, want_addr, "mailmap: %s: address", what);
	free(got_name);
	free(got_addr);
}

void test_mailmap(void)
{
	struct mailmap *mm;
	struct strbuf err;

	strbuf_init(&err, 0);
	int rc = mailmap_from_buffer(&mm, "people", people, sizeof(people) - 1, &err);
	CHECK(rc == 0,
	      "mailmap: a file with comments, a junk line and a CRLF line loads");

	check(mm, "x", "jane@Example.com", "Jane Doe", "jane@Example.com",
	      "name for an address, the address as the entry writes it");
	check(mm, "x", "JANE@example.COM", "Jane Doe", "JANE@example.COM",
	      "the address matches in any case, and keeps its own when the entry gives none");
	check(mm, NULL, "jane@example.com", "Jane Doe", "jane@example.com",
	      "a message without a name gets the entry's");
	check(mm, "Commit Name", "commit@example.org", "Proper Name", "proper@example.org",
	      "name and address entry");
	check(mm, "COMMIT NAME", "Commit@Example.org", "Proper Name", "proper@example.org",
	      "name and address entry, matched in any case");
	check(mm, "Someone Else", "commit@example.org", "Someone Else", "commit@example.org",
	      "name and address entry does not map another name at that address");
	check(mm, "Old", "old@example.net", "Old", "new@example.net",
	      "address-only entry keeps the name");
	check(mm, "Li", "li.wei@corp.example", "Wei Li", "li.wei@example.net",
	      "mixed-case old address, comment after the entry");
	check(mm, "M", "merge@example.com", "Merged Name", "merged-new@example.com",
	      "two lines for one address merge: name from one, address from the other");
	check(mm, "Commit Name", "shared@x.example", "Other", "other@x.example",
	      "the entry for name and address wins over the one for the address");
	check(mm, "Nobody", "shared@x.example", "Fallback", "fallback@x.example",
	      "another name at that address falls back to the address entry");
	check(mm, "Jane", "jane@example.org", "Jane", "jane@example.org",
	      "an address with no entry is unchanged");
	check(mm, "S", "Soren@FjordLabs.test", "Søren Kjærgaard", "soren@fjordlabs.test",
	      "UTF-8 canonical name, entry on a CRLF line");
	check(mm, "x", NULL, "x", NULL, "no address: nothing to map");
	/* The same identities again, answered from what was kept. */
	check(mm, "Commit Name", "commit@example.org", "Proper Name", "proper@example.org",
	      "name and address entry, asked again");
	check(mm, "X", "Jane@EXAMPLE.com", "Jane Doe", "Jane@EXAMPLE.com",
	      "asked again in another case, the address keeps this message's case");
	check(mm, "Someone Else", "commit@example.org", "Someone Else", "commit@example.org",
	      "an identity without an entry, asked again");
	mailmap_free(mm);

	strbuf_reset(&err);
	rc = mailmap_from_buffer(&mm, "m", "a\0b", 3, &err);
	CHECK(rc < 0 && mm == NULL,
	      "mailmap: a NUL byte is an error");
	CHECK_STR(err.buf, "m: holds a NUL byte: not a mailmap", "mailmap: the NUL error names the file");

	strbuf_reset(&err);
	rc = mailmap_load(&mm, "/nonexistent/mailmap", &err);
	CHECK(rc < 0,
	      "mailmap: a file that cannot be read is an error");
	CHECK_STR(err.buf, "/nonexistent/mailmap: No such file or directory",
		  "mailmap: the read error names the file and the reason");

	strbuf_reset(&err);
	rc = mailmap_from_buffer(&mm, "empty", "", 0, &err);
	CHECK(rc == 0, "mailmap: an empty file loads");
	check(mm, "A", "a@example.com", "A", "a@example.com", "empty map changes nothing");
	mailmap_free(mm);
	strbuf_release(&err);
}
