/*
 * The monotonic clock, for durations and intervals: never the wall clock,
 * which NTP or an operator may move.
 */
#ifndef MEDICAMENTS_MONOTONIC_H
#define MEDICAMENTS_MONOTONIC_H

#include <stdint.h>

/* Milliseconds since an arbitrary start; 0 if the clock fails (it can't). */
int64_t	monotonic_ms(void);
/* The same in seconds, with the nanoseconds: for timing a step. */
double	monotonic_seconds(void);
/*
 * The calling thread's CPU seconds (0 if the clock fails): what a step
 * costs, whatever else runs beside it.
 */
double	thread_cpu_seconds(void);

#endif
