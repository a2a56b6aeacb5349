/* The monotonic clock (common/monotonic.c): running, never backwards. */
#include "check.h"

#include <time.h>

#include "monotonic.h"

/* A thread's CPU time counts its work, not a sleep. */
static void
test_thread_cpu(void)
{
	const struct timespec pause = { 0, 50 * 1000 * 1000 };
	volatile unsigned long sink = 0;
	double before = thread_cpu_seconds(), slept, worked;
	unsigned long i;

	CHECK(before > 0.0);
	CHECK(nanosleep(&pause, NULL) == 0);
	slept = thread_cpu_seconds();
	CHECK(slept >= before && slept - before < 0.05);
	for (i = 0; i < 50 * 1000 * 1000; i++)
		sink += i;
	worked = thread_cpu_seconds();
	CHECK(worked > slept);
}

int
main(void)
{
	const struct timespec pause = { 0, 20 * 1000 * 1000 };
	int64_t ms = monotonic_ms(), ms2;
	double s = monotonic_seconds(), s2;

	CHECK(ms > 0 && s > 0.0);
	CHECK(nanosleep(&pause, NULL) == 0);
	ms2 = monotonic_ms();
	s2 = monotonic_seconds();
	/* At least the pause; no upper bound: the machine may be slow. */
	CHECK(ms2 - ms >= 20);
	CHECK(s2 - s >= 0.02);
	/* The two say the same clock. */
	CHECK(ms2 / 1000 <= (int64_t)s2 + 1 && (int64_t)s2 <= ms2 / 1000 + 1);
	test_thread_cpu();
	return check_finish("test_monotonic");
}
