/* --orgmap: gitdm's EmailMap format, the order of the keys tried, end dates, bad lines. */
#include "harness.h"

#include <stdint.h>
#include <stdlib.h>

#include "../../src/common/strbuf.h"
#include "../../src/digest/digest.h"
#include "../../src/identity/identity.h"

void test_orgmap(void);

static const char orgs[] =
	"# Example organisations\n"
	"acme.example            Acme Corporation\n"
	"lab.acme.example        Acme Research   # a subsidiary with its own name\n"
	"jane@acme.example\tJane Consulting\n"
	"contractor@acme.example\tOutside Help Ltd\t< 2024-03-01\n"
	"contractor@acme.example\tFjord Labs < 2025-01-01\n"
	"old.example  New Name Inc\n"
	"old.example  Old Name Inc <2020-06-15\n"
	"\n"
	"   # an indented comment\n"
	"UPPER.Example  Upper Case Org\r\n"
	"dup.example  First Org\n"
	"dup.example  Second Org\n"
	"leap.example  Leap Org < 2024-02-29\n"
	"example.org   (Personal)\n";

/* 2024-03-01 00:00:00 UTC, and friends. */
#define MAR_1_2024 INT64_C(1709251200)
#define JAN_1_2025 INT64_C(1735689600)
#define JUN_15_2020 INT64_C(1592179200)
#define FEB_29_2024 INT64_C(1709164800)

static void check(const struct orgmap *om, const char *addr, int64_t when, const char *want,
		  const char *what)
{
	CHECK_STR(orgmap_lookup(om, addr, when), want, "orgmap: %s", what);
}

/* Loading text that must fail: the error line. */
static void check_bad(const char *text, const char *want_err, const char *what)
{
	struct orgmap *om = (struct orgmap *)1;
	struct strbuf err;
	strbuf_init(&err, 0);
	int rc = orgmap_from_buffer(&om, "map", text, strlen(text), &err);
	CHECK(rc < 0 && om == NULL, "orgmap: %s: rejected", what);
	CHECK_STR(err.buf, want_err, "orgmap: %s: error line", what);
	orgmap_free(rc < 0 ? NULL : om);
	strbuf_release(&err);
}

static struct message_facts fact(const char *name, const char *addr, int64_t arrival)
{
	struct message_facts f;
	memset(&f, 0, sizeof(f));
	f.present = true;
	f.author_source = addr ? AUTHOR_HEADER_FROM : AUTHOR_UNKNOWN;
	char *key = addr ? strdup(addr) : NULL;
	for (char *p = key; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	facts_set_author(&f, name ? strdup(name) : NULL, addr ? strdup(addr) : NULL, key);
	facts_rare_mut(&f)->subject = strdup("hello");
	facts_read_tag(&f, f.rare->subject);
	f.arrival = arrival;
	return f;
}

/* Identities applied to facts, then the digest's lists. */
static void test_identity_digest(void)
{
	static const char mailmap_text[] =
		"Jane Doe <jane@acme.example> <jdoe@example.org>\n"
		"Jane Doe <jane@acme.example> Jane D <JD@OLD.EXAMPLE>\n";
	static const char orgmap_text[] =
		"acme.example  Acme Corporation\n"
		"example.org   (Personal)\n"
		"old.example   Old Name Inc < 2024-03-01\n";
	struct identity id = {0};
	struct strbuf err;
	strbuf_init(&err, 0);
	int rc = mailmap_from_buffer(&id.mailmap, "mm", mailmap_text, sizeof(mailmap_text) - 1, &err);
	rc |= orgmap_from_buffer(&id.orgmap, "om", orgmap_text, sizeof(orgmap_text) - 1, &err);
	CHECK(rc == 0,
	      "identity: both maps load");
	struct message_facts facts[] = {
		fact("Jane", "jdoe@example.org", MAR_1_2024),        /* mapped to acme */
		fact("Jane Doe", "jane@acme.example", MAR_1_2024),
		fact("Jane D", "jd@old.example", MAR_1_2024),        /* name+address entry */
		fact("Someone", "someone@old.example", MAR_1_2024),  /* ended: its domain */
		fact("Someone", "someone@old.example", MAR_1_2024 - 1),
		fact("Bob", "bob@example.org", 0),
		fact(NULL, NULL, 0),                                 /* unknown author */
	};
	size_t n = sizeof(facts) / sizeof(facts[0]);
	identity_apply(&id, facts, n);
	CHECK_STR(facts_author_name(&facts[0]), "Jane Doe", "identity: the canonical name replaces the one written");
	CHECK_STR(facts_author_addr(&facts[0]), "jane@acme.example",
		  "identity: the canonical address replaces the one written");
	CHECK_STR(facts_author_key(&facts[0]), "jane@acme.example", "identity: the key follows the canonical address");
	CHECK_STR(identity_organisation(&id, &facts[0]), "Acme Corporation",
		  "identity: the organisation is that of the canonical address");
	CHECK_STR(identity_organisation(&id, &facts[3]), NULL, "identity: an ended entry maps nothing");
	CHECK_STR(identity_organisation(&id, &facts[4]), "Old Name Inc", "identity: before its end the entry applies");
	CHECK_STR(identity_organisation(&id, &facts[6]), NULL, "identity: an unknown author has none");

	struct digest d;
	digest_build(&d, facts, n);
	CHECK(!d.has_organisations && d.organisations == NULL,
	      "digest: no organisations list unless asked for");
	digest_count_organisations(&d, facts, n, &id);
	char *list = tally_list(d.contributors, d.contributor_count);
	CHECK_STR(list, "3 Jane Doe <jane@acme.example>|2 Someone <someone@old.example>|1 Bob <bob@example.org>|1 (unknown)",
		  "digest: a person writing from three addresses is counted once");
	free(list);
	list = tally_list(d.domains, d.domain_count);
	CHECK_STR(list, "3 acme.example|2 old.example|1 example.org|1 (unknown)",
		  "digest: the domain of a mapped person is that of the canonical address");
	free(list);
	list = tally_list(d.organisations, d.organisation_count);
	CHECK_STR(list, "3 Acme Corporation|1 old.example|1 Old Name Inc|1 (unknown)|1 (Personal)",
		  "digest: organisations, a domain without an entry in force counting as itself");
	free(list);
	digest_release(&d);
	for (size_t i = 0; i < n; i++)
		facts_release(&facts[i]);

	/* facts whose author lives in an arena, as the index loads them: the new one goes there too */
	struct arena arena = ARENA_INIT;
	struct message_facts in_arena = {.present = true, .author_source = AUTHOR_HEADER_FROM};
	struct message_author *old = arena_calloc(&arena, 1, sizeof(*old));
	old->name = arena_strdup(&arena, "Jane D");
	old->addr = arena_strdup(&arena, "JD@OLD.EXAMPLE");
	old->key = arena_strdup(&arena, "jd@old.example");
	in_arena.author = old;
	const char *old_name = old->name;
	struct message_facts twin = in_arena; /* another message of the same person */
	identity_apply_in(&id, &in_arena, 1, &arena);
	CHECK(!strcmp(facts_author_name(&in_arena), "Jane Doe") &&
		      !strcmp(facts_author_addr(&in_arena), "jane@acme.example") &&
		      !strcmp(facts_author_key(&in_arena), "jane@acme.example") && !strcmp(old_name, "Jane D") &&
		      !strcmp(identity_organisation(&id, &in_arena), "Acme Corporation"),
	      "identity: applied in an arena, the canonical author replaces the old, which stays untouched");
	CHECK(in_arena.author->key == in_arena.author->addr && in_arena.author != old && arena.recent == NULL &&
		      arena.recent_blocks == NULL,
	      "identity: in an arena, a lower-case canonical address is its own key; the table is gone after");
	struct message_facts pair[2] = {twin, twin};
	identity_apply_in(&id, pair, 2, &arena);
	CHECK(pair[0].author == pair[1].author &&
		      !strcmp(facts_author_name(&pair[1]), "Jane Doe"),
	      "identity: in an arena, two messages mapped to one person share one copy of the author");
	arena_release(&arena); /* frees both authors: nothing was malloc'd */
	identity_release(&id);
	strbuf_release(&err);
}

void test_orgmap(void)
{
	struct orgmap *om;
	struct strbuf err;

	strbuf_init(&err, 0);
	int rc = orgmap_from_buffer(&om, "orgs", orgs, sizeof(orgs) - 1, &err);
	CHECK(rc == 0,
	      "orgmap: a file with comments, blank lines, tabs and a CRLF line loads");
	if (err.len)
		printf("# %s\n", err.buf);

	check(om, "jane@acme.example", 0, "Jane Consulting", "the exact address first");
	check(om, "bob@acme.example", 0, "Acme Corporation", "then the domain");
	check(om, "x@lab.acme.example", 0, "Acme Research", "a sub-domain with its own entry");
	check(om, "x@a.b.lab.acme.example", 0, "Acme Research", "leading labels dropped one at a time");
	check(om, "x@mail.acme.example", 0, "Acme Corporation", "the parent domain");
	check(om, "x@notacme.example", 0, NULL, "labels are whole: notacme.example is not acme.example");
	check(om, "x@acme.example.com", 0, NULL, "only leading labels are dropped");
	check(om, "x@example", 0, NULL, "a domain of one label with no entry");
	check(om, "jane@lab.acme.example", 0, "Acme Research", "an address entry is for that address only");
	check(om, "x@upper.example", 0, "Upper Case Org", "keys match in any case (addresses come lower-cased)");
	check(om, "x@dup.example", 0, "First Org", "the same key twice: the first line wins");
	check(om, "x@example.org", 0, "(Personal)", "a provider of personal mail");

	check(om, "contractor@acme.example", MAR_1_2024 - 1, "Outside Help Ltd",
	      "a dated entry applies up to the second before its end date");
	check(om, "contractor@acme.example", MAR_1_2024, "Fjord Labs",
	      "from its end date on, the next entry applies");
	check(om, "contractor@acme.example", JAN_1_2025 - 1, "Fjord Labs", "the last dated entry, before its end");
	check(om, "contractor@acme.example", JAN_1_2025, "Acme Corporation",
	      "when all the address's entries have ended, its domain decides");
	check(om, "x@old.example", JUN_15_2020 - 1, "Old Name Inc",
	      "the dated entry before its end, whatever the line order");
	check(om, "x@old.example", JUN_15_2020, "New Name Inc", "the undated entry after it");
	check(om, "x@leap.example", FEB_29_2024 - 1, "Leap Org", "29 February of a leap year is a date");
	check(om, "x@leap.example", FEB_29_2024, NULL, "and the entry ends there");
	orgmap_free(om);

	check_bad("acme.example\n", "map:1: no organisation after 'acme.example': "
		  "expected \"[user@]domain  Organisation  [< YYYY-MM-DD]\"", "a key alone");
	check_bad("ok.example Ok\n\n# fine\nbad.example   # Org in a comment\n",
		  "map:4: no organisation after 'bad.example': "
		  "expected \"[user@]domain  Organisation  [< YYYY-MM-DD]\"",
		  "the line number counts blank and comment lines");
	check_bad("x.example Org < 2024-13-01\n",
		  "map:1: '2024-13-01' is not an end date YYYY-MM-DD: "
		  "expected \"[user@]domain  Organisation  [< YYYY-MM-DD]\"", "month 13");
	check_bad("a.example A\nx.example Org < 2023-02-29\n",
		  "map:2: '2023-02-29' is not an end date YYYY-MM-DD: "
		  "expected \"[user@]domain  Organisation  [< YYYY-MM-DD]\"", "29 February of 2023");
	check_bad("x.example Org < 2024-01-01 and more\n",
		  "map:1: '2024-01-01 and more' is not an end date YYYY-MM-DD: "
		  "expected \"[user@]domain  Organisation  [< YYYY-MM-DD]\"", "text after the date");
	check_bad("x.example Org <\n",
		  "map:1: '' is not an end date YYYY-MM-DD: "
		  "expected \"[user@]domain  Organisation  [< YYYY-MM-DD]\"", "'<' without a date");
	check_bad("x.example Org < 2024/01/01\n",
		  "map:1: '2024/01/01' is not an end date YYYY-MM-DD: "
		  "expected \"[user@]domain  Organisation  [< YYYY-MM-DD]\"", "a date with slashes");
	check_bad("x.example < 2024-01-01\n",
		  "map:1: no organisation after 'x.example': "
		  "expected \"[user@]domain  Organisation  [< YYYY-MM-DD]\"", "a date without an organisation");
	check_bad("@x.example Org\n",
		  "map:1: '@x.example' is not an address or a domain: "
		  "expected \"[user@]domain  Organisation  [< YYYY-MM-DD]\"", "an address without a user");
	check_bad("a@b@x.example Org\n",
		  "map:1: 'a@b@x.example' is not an address or a domain: "
		  "expected \"[user@]domain  Organisation  [< YYYY-MM-DD]\"", "two '@'");
	check_bad("<jane@x.example> Org\n",
		  "map:1: '<jane@x.example>' is not an address or a domain: "
		  "expected \"[user@]domain  Organisation  [< YYYY-MM-DD]\"", "an address in brackets");
	static const char nul[] = "a.example A\nb.example \0B\n";
	om = NULL;
	strbuf_reset(&err);
	rc = orgmap_from_buffer(&om, "map", nul, sizeof(nul) - 1, &err);
	CHECK(rc < 0,
	      "orgmap: a NUL byte is an error");
	CHECK_STR(err.buf, "map:2: holds a NUL byte", "orgmap: the NUL error names its line");

	strbuf_reset(&err);
	rc = orgmap_load(&om, "/nonexistent/orgmap", &err);
	CHECK(rc < 0, "orgmap: a file that cannot be read is an error");
	CHECK_STR(err.buf, "/nonexistent/orgmap: No such file or directory",
		  "orgmap: the read error names the file and the reason");
	strbuf_reset(&err);
	rc = orgmap_load(&om, "/", &err);
	CHECK(rc < 0, "orgmap: a directory is an error");
	CHECK_STR(err.buf, "/: Is a directory", "orgmap: the directory error");

	test_identity_digest();
	strbuf_release(&err);
}
