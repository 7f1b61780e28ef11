/* Aggregation: counts, ties, names, series and entries, from hand-made facts. */
#include "harness.h"

#include <stdlib.h>

#include "../../src/common/strbuf.h"
#include "../../src/digest/digest.h"

void test_digest(void);

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* A present message; name and addr NULL for an unknown author. */
static struct message_facts fact(const char *name, const char *addr, const char *subject,
				 const char *root, const char *list_id)
{
	struct message_facts f;
	memset(&f, 0, sizeof(f));
	f.present = true;
	f.author_source = addr ? AUTHOR_HEADER_FROM : AUTHOR_UNKNOWN;
	/* keys are given as they are to be counted */
	facts_set_author(&f, dup_or_null(name), dup_or_null(addr), dup_or_null(addr));
	facts_rare_mut(&f)->subject = strdup(subject);
	facts_read_tag(&f, f.rare->subject);
	facts_set_list_id(&f, dup_or_null(list_id));
	facts_set_thread_root(&f, dup_or_null(root));
	return f;
}

static struct message_facts removal(const char *addr, const char *subject, const char *list_id)
{
	struct message_facts f = fact("Gone", addr, subject, "gone@x", list_id);
	f.present = false;
	return f;
}

static void release_all(struct message_facts *facts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		facts_release(&facts[i]);
}

/* Members of every series: "a,b|c|..." */
static char *series_list(const struct digest *d)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (size_t s = 0; s < d->series_count; s++) {
		if (s)
			strbuf_addch(&sb, '|');
		for (size_t k = 0; k < d->series[s].count; k++)
			strbuf_addf(&sb, "%s%u", k ? "," : "", (unsigned)d->series[s].members[k]);
	}
	return strbuf_detach(&sb, NULL);
}

static char *index_list(const uint32_t *v, size_t n)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%u", i ? "," : "", (unsigned)v[i]);
	return strbuf_detach(&sb, NULL);
}

static void test_counts(void)
{
	struct message_facts f[] = {
		fact("Alice A", "alice@example.com", "Re: x", "r@x", NULL),   /* 0, the newest */
		fact("Alice", "alice@example.com", "y", "r@x", NULL),
		fact("Alice", "alice@example.com", "z", "r@x", NULL),
		fact("Bob", "bob@kernel.org", "b", "r@x", NULL),
		fact("", "carol@kernel.org", "c", "r@x", NULL),              /* no name ever */
		fact(NULL, NULL, "nobody", "r@x", NULL),                     /* unknown author */
		removal("zed@zzz.org", "removed", NULL),                      /* not counted */
		fact("Bobby", "bob@kernel.org", "older", "r@x", NULL),       /* ties with "Bob" */
		fact("Dave", "dave@a.org", "d", "r@x", NULL),
		fact("Eve", "eve@a.org", "e", "r@x", NULL),
		fact("", "dave@a.org", "d2", "r@x", NULL),                   /* nameless use of a named address */
	};
	size_t n = sizeof(f) / sizeof(f[0]);
	struct digest d;
	digest_build(&d, f, n);

	CHECK(d.messages == 10, "messages: removals not counted (%zu)", d.messages);
	char *got = tally_list(d.domains, d.domain_count);
	CHECK_STR(got, "3 kernel.org|3 example.com|3 a.org|1 (unknown)",
		  "domains: count down, ties in descending byte order, removal left out");
	free(got);
	got = tally_list(d.contributors, d.contributor_count);
	CHECK_STR(got,
		  "3 Alice <alice@example.com>|2 Dave <dave@a.org>|2 Bob <bob@kernel.org>|"
		  "1 carol@kernel.org|1 Eve <eve@a.org>|1 (unknown)",
		  "contributors: most-used name, newest on ties, bare address without a name");
	free(got);
	size_t sum = 0;
	for (size_t i = 0; i < d.domain_count; i++)
		sum += d.domains[i].count;
	CHECK(sum == d.messages, "domain counts add up to the messages");
	CHECK(d.series_count == 0 && d.entry_count == 0, "no patches: no series, no entries");
	CHECK(d.list_id == NULL, "no List-Id anywhere: NULL");
	digest_release(&d);
	release_all(f, n);
}

static void test_names(void)
{
	/* A tie between two names: the newest message's name wins. */
	struct message_facts a[] = {
		fact("New Name", "p@x.org", "1", "r@x", NULL),
		fact("Old Name", "p@x.org", "2", "r@x", NULL),
	};
	struct digest d;
	digest_build(&d, a, 2);
	CHECK(d.contributor_count == 1, "one address, one contributor");
	CHECK_STR(d.contributors[0].name, "New Name", "name tie: the newest message's name");
	CHECK_STR(d.contributors[0].address, "p@x.org", "the contributor's address, apart");
	digest_release(&d);

	/* Tie of two names, the newest message has neither: the more recent of the two. */
	struct message_facts b[] = {
		fact("", "p@x.org", "1", "r@x", NULL),
		fact("Second", "p@x.org", "2", "r@x", NULL),
		fact("Third", "p@x.org", "3", "r@x", NULL),
		fact("Third", "p@x.org", "4", "r@x", NULL),
		fact("Second", "p@x.org", "5", "r@x", NULL),
	};
	digest_build(&d, b, 5);
	CHECK_STR(d.contributors[0].name, "Second", "name tie: the name used most recently");
	CHECK(d.contributors[0].count == 5, "every message counted for the address");
	digest_release(&d);

	/* Only nameless uses: the bare address. */
	struct message_facts c[] = {
		fact("", "solo@x.org", "1", "r@x", NULL),
		fact("", "solo@x.org", "2", "r@x", NULL),
	};
	digest_build(&d, c, 2);
	CHECK(d.contributors[0].name == NULL, "never named: no name");
	CHECK_STR(d.contributors[0].address, "solo@x.org", "never named: the address");
	digest_release(&d);

	/* Ties in descending byte order, upper case before lower is ascending: lower first. */
	struct message_facts e[] = {
		fact("", "a@b.org", "1", "r@x", NULL),
		fact("", "Z@b.org", "2", "r@x", NULL),
		fact("", "z@B.org", "3", "r@x", NULL),
		fact("", "_@b.org", "4", "r@x", NULL),
	};
	digest_build(&d, e, 4);
	char *got = tally_list(d.contributors, d.contributor_count);
	CHECK_STR(got, "1 z@B.org|1 a@b.org|1 _@b.org|1 Z@b.org", "contributor ties in C-locale descending order");
	free(got);
	got = tally_list(d.domains, d.domain_count);
	CHECK_STR(got, "3 b.org|1 B.org", "domains keyed by the bytes after the last '@'");
	free(got);
	digest_release(&d);
	release_all(a, 2);
	release_all(b, 5);
	release_all(c, 2);
	release_all(e, 4);

	/* All unknown, and nothing at all. */
	struct message_facts u[] = {
		fact(NULL, NULL, "1", NULL, NULL),
		fact("", NULL, "2", NULL, NULL),
	};
	digest_build(&d, u, 2);
	got = tally_list(d.contributors, d.contributor_count);
	CHECK_STR(got, "2 (unknown)", "unknown authors: one (unknown) contributor");
	free(got);
	got = tally_list(d.domains, d.domain_count);
	CHECK_STR(got, "2 (unknown)", "unknown authors: one (unknown) domain");
	free(got);
	digest_release(&d);
	release_all(u, 2);
}

static void test_sort_tallies(void)
{
	struct tally t[] = {
		{(char *)"b", NULL, 1}, {(char *)"a", NULL, 2}, {(char *)"c", NULL, 1},
		{(char *)"B", NULL, 1}, {NULL, NULL, 1}, {(char *)"\xC3\xA9", NULL, 1},
	};
	digest_sort_tallies(t, 6, false);
	char *got = tally_list(t, 6);
	/* count down, then text down, bytes unsigned; no name orders as "(unknown)" */
	CHECK_STR(got, "2 a|1 \xC3\xA9|1 c|1 b|1 B|1 (unknown)", "sort: count, then text descending");
	free(got);

	struct tally p[] = {
		{(char *)"Zed", (char *)"a@x.org", 1}, {NULL, (char *)"b@x.org", 1},
		{NULL, NULL, 1}, {(char *)"Amy", (char *)"z@x.org", 1},
	};
	digest_sort_tallies(p, 4, true);
	got = tally_list(p, 4);
	CHECK_STR(got, "1 b@x.org|1 Zed <a@x.org>|1 Amy <z@x.org>|1 (unknown)",
		  "people sort by the text the list shows");
	free(got);
}

static void test_series(void)
{
	struct message_facts f[] = {
		fact("A", "a@x.org", "[PATCH v2 2/2] foo: b", "cover2@x", "<frob.lists.example.org>"), /* 0 */
		fact("R", "r@x.org", "Re: [PATCH v2 1/2] foo: a", "cover2@x", NULL),                    /* 1 */
		fact("A", "a@x.org", "[PATCH v2 1/2] foo: a", "cover2@x", "<old.list>"),                /* 2 */
		fact("S", "s@x.org", "[PATCH] standalone one", "s1@x", NULL),                           /* 3 */
		fact("A", "a@x.org", "[PATCH v2 0/2] foo", "cover2@x", NULL),                           /* 4 */
		fact("A", "a@x.org", "[PATCH 2/2] foo: b", "cover1@x", NULL),                           /* 5 */
		fact("A", "a@x.org", "[PATCH 1/2] foo: a", "cover1@x", NULL),                           /* 6 */
		fact("A", "a@x.org", "[PATCH 0/2] foo", "cover1@x", NULL),                              /* 7 */
		fact("S", "s@x.org", "[PATCH] standalone two", "s1@x", NULL),                           /* 8 */
		removal("g@x.org", "[PATCH] gone", NULL),                                               /* 9 */
		fact("A", "a@x.org", "[RFC PATCH 3/3] other total", "cover2@x", NULL),                  /* 10 */
		fact("A", "a@x.org", "[PATCH v3 1/2] other version", "cover2@x", NULL),                 /* 11 */
		fact("A", "a@x.org", "[GIT PULL] not a patch", "pull@x", NULL),                         /* 12 */
		fact("T", "t@x.org", "[PATCH 2/3] t: two", "t@x", NULL),                                /* 13 */
		fact("T", "t@x.org", "[PATCH 3/3] t: three", "t@x", NULL),                              /* 14 */
		fact("T", "t@x.org", "[PATCH 1/3] t: one", "t@x", NULL),                                /* 15 */
	};
	size_t n = sizeof(f) / sizeof(f[0]);
	struct digest d;
	digest_build(&d, f, n);

	char *got = series_list(&d);
	CHECK_STR(got, "4,2,0|3|7,6,5|8|10|11|15,13,14",
		  "series: newest first, cover letter first then by number, standalone patches alone");
	free(got);
	got = index_list(d.entries, d.entry_count);
	CHECK_STR(got, "2,3,4,6,7,8,11,15", "entries: cover letters, first and standalone patches, newest first");
	free(got);
	CHECK_STR(d.list_id, "<frob.lists.example.org>", "list_id of the newest message");
	CHECK(d.messages == 15, "every present message counted, patch or not");
	digest_release(&d);
	release_all(f, n);

	/* A removal and messages without List-Id come first: the newest one that has it. */
	struct message_facts g[] = {
		removal("g@x.org", "gone", "<removed.list>"),
		fact("A", "a@x.org", "x", "r@x", NULL),
		fact("A", "a@x.org", "y", "r@x", "<kvm.vger.kernel.org>"),
		fact("A", "a@x.org", "z", "r@x", "<other.list>"),
	};
	digest_build(&d, g, 4);
	CHECK_STR(d.list_id, "<kvm.vger.kernel.org>", "list_id: the newest present message that has one");
	digest_release(&d);
	release_all(g, 4);

	/* A numbered patch without any message id is a series of its own. */
	struct message_facts h[] = {
		fact("A", "a@x.org", "[PATCH 2/2] b", NULL, NULL),
		fact("A", "a@x.org", "[PATCH 1/2] a", NULL, NULL),
	};
	digest_build(&d, h, 2);
	got = series_list(&d);
	CHECK_STR(got, "0|1", "no thread root: each patch alone");
	free(got);
	digest_release(&d);
	release_all(h, 2);
}

/* Ranges without a message: an empty range, or removals only. */
static void test_empty(void)
{
	struct digest d;
	struct message_facts none[1];
	memset(none, 0, sizeof(none));
	digest_build(&d, none, 0);
	CHECK(d.messages == 0 && d.domain_count == 0 && d.contributor_count == 0 && d.series_count == 0 &&
	      d.entry_count == 0 && !d.list_id, "empty range: empty digest");
	digest_release(&d);

	struct message_facts r[] = {
		removal("g@x.org", "[PATCH] gone", "<removed.list>"),
		removal("h@x.org", "gone too", NULL),
	};
	digest_build(&d, r, 2);
	CHECK(d.messages == 0 && d.domain_count == 0 && d.contributor_count == 0 && d.series_count == 0 &&
	      d.entry_count == 0 && !d.list_id, "removals only: empty digest");
	digest_release(&d);
	release_all(r, 2);
}

void test_digest(void)
{
	test_counts();
	test_names();
	test_sort_tallies();
	test_series();
	/* last, and with stdout flushed: a sanitizer abort here must not hide the rest */
	fflush(stdout);
	test_empty();
}
