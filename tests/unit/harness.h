/*
 * A small test harness. Each CHECK prints a TAP-like line, "ok - ..." or
 * "not ok - ...", which tests/run counts. Suites are listed in UNIT_SUITES.
 */
#ifndef LISTDIGEST_HARNESS_H
#define LISTDIGEST_HARNESS_H

#include <stdio.h>
#include <string.h>

extern int unit_passed, unit_failed;

#define UNIT_SUITES \
	UNIT_SUITE(test_utf8) \
	UNIT_SUITE(test_strbuf) \
	UNIT_SUITE(test_output) \
	UNIT_SUITE(test_date) \
	UNIT_SUITE(test_select) \
	UNIT_SUITE(test_commit_graph) \
	UNIT_SUITE(test_header) \
	UNIT_SUITE(test_address) \
	UNIT_SUITE(test_subject) \
	UNIT_SUITE(test_inbody) \
	UNIT_SUITE(test_author) \
	UNIT_SUITE(test_body) \
	UNIT_SUITE(test_mail) \
	UNIT_SUITE(test_fields) \
	UNIT_SUITE(test_facts) \
	UNIT_SUITE(test_review) \
	UNIT_SUITE(test_patchid) \
	UNIT_SUITE(test_decode) \
	UNIT_SUITE(test_digest) \
	UNIT_SUITE(test_mailmap) \
	UNIT_SUITE(test_orgmap) \
	UNIT_SUITE(test_source) \
	UNIT_SUITE(test_mbox) \
	UNIT_SUITE(test_index) \
	UNIT_SUITE(test_row_list) \
	UNIT_SUITE(test_similarity) \
	UNIT_SUITE(test_applied) \
	UNIT_SUITE(test_series) \
	UNIT_SUITE(test_html) \
	UNIT_SUITE(test_markdown) \
	UNIT_SUITE(test_json)

/* The condition is evaluated once: it may have side effects. */
#define CHECK(cond, ...) do { \
	int check_ok_ = !!(cond); \
	if (check_ok_) { unit_passed++; printf("ok - "); } \
	else { unit_failed++; printf("not ok - "); } \
	printf(__VA_ARGS__); \
	if (!check_ok_) printf(" (%s:%d: %s)", __FILE__, __LINE__, #cond); \
	putchar('\n'); \
} while (0)

/* Strings equal, NULL equal only to NULL; shows both on failure. */
#define CHECK_STR(got, want, ...) do { \
	const char *g_ = (got), *w_ = (want); \
	int eq_ = (!g_ && !w_) || (g_ && w_ && !strcmp(g_, w_)); \
	CHECK(eq_, __VA_ARGS__); \
	if (!eq_) printf("# got:  [%s]\n# want: [%s]\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
} while (0)

struct tally;
/* A digest's counted list as "count text" items joined by '|' (malloc'd),
 * to compare a whole list at once. */
char *tally_list(const struct tally *t, size_t n);

#endif
