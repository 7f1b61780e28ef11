/* Runs every unit test; see harness.h. */
#include "harness.h"

#include <stdio.h>

int unit_passed, unit_failed;

int main(void)
{
#define UNIT_SUITE(name) void name(void); name();
	UNIT_SUITES
#undef UNIT_SUITE
	return unit_failed ? 1 : 0;
}
