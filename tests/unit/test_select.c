/* selection_mark: the period [since, until), then the newest N of it. */
#include "harness.h"

#include <stdbool.h>

#include "../../src/source/select.h"

void test_select(void);

/* Arrival times newest first, out of order in places as real archives are. */
static const int64_t arrival[] = {100, 90, 95, 80, 80, 70, 0, 60};
#define COUNT (sizeof(arrival) / sizeof(arrival[0]))

/* The kept messages as a string of '1' and '0', one per message. */
static void check(const struct selection *sel, const char *want, const char *what)
{
	bool keep[COUNT];
	char got[COUNT + 1];
	size_t want_kept = 0;
	size_t kept = selection_mark(keep, arrival, COUNT, sel);
	for (size_t i = 0; i < COUNT; i++) {
		got[i] = keep[i] ? '1' : '0';
		want_kept += want[i] == '1';
	}
	got[COUNT] = '\0';
	CHECK_STR(got, want, "select: %s", what);
	CHECK(kept == want_kept, "select: %s keeps %zu", what, want_kept);
}

void test_select(void)
{
	struct selection sel = SELECTION_INIT;
	CHECK(selection_is_all(&sel), "select: the empty selection is everything");
	check(&sel, "11111111", "no period, no count");

	sel.has_since = true, sel.since = 80;
	CHECK(!selection_is_all(&sel), "select: a since is not everything");
	check(&sel, "11111000", "since is inclusive");
	sel.has_until = true, sel.until = 95;
	check(&sel, "01011000", "until is exclusive, out-of-order times each tested");
	sel.last = 2;
	check(&sel, "01010000", "last keeps the newest of the period, by position");
	sel.last = 100;
	check(&sel, "01011000", "last beyond the period keeps the whole period");
	sel.since = 96, sel.until = 99, sel.last = 0;
	check(&sel, "00000000", "a period without messages is empty");
	sel.since = 95, sel.until = 95;
	check(&sel, "00000000", "since equal to until is empty");
	sel.since = 100, sel.until = 90;
	check(&sel, "00000000", "until before since is empty");

	struct selection until_only = SELECTION_INIT;
	until_only.has_until = true, until_only.until = 61;
	check(&until_only, "00000011", "until alone keeps the time 0 of a message without a date");
	struct selection last_only = SELECTION_INIT;
	last_only.last = 3;
	check(&last_only, "11100000", "last alone keeps the first three, the newest");
	struct selection since0 = SELECTION_INIT;
	since0.has_since = true, since0.since = 1;
	check(&since0, "11111101", "since drops a message without a date");

	bool none[1] = {true};
	CHECK(selection_mark(none, arrival, 0, &sel) == 0 && none[0], "select: no messages, none kept, nothing written");
}
