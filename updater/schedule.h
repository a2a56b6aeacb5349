/*
 * The updater's own schedule (--at, --every): when the next run starts.
 * The updater holds the lock and writes the status file, so a loop of its
 * runs needs no cron daemon nor a shell's date arithmetic; each run is an
 * ordinary update (a failed one leaves the published database in place).
 */
#ifndef MEDICAMENTS_SCHEDULE_H
#define MEDICAMENTS_SCHEDULE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define SCHEDULE_MAX_TIMES	48	/* every half hour, at most */
/* --every and --retry: 11 days and a half at most. */
#define SCHEDULE_MAX_SECONDS	999999L
#define SCHEDULE_MIN_RETRY	10L	/* --retry: not a busy loop */
#define SCHEDULE_DEFAULT_RETRY	900L	/* --retry: a quarter of an hour */

/*
 * minutes: --at's times, in minutes after local midnight, sorted; count:
 * how many (0 with --every); every: seconds from one run's start to the
 * next; retry: with --at, seconds between runs while there is no database.
 */
struct schedule {
	int	minutes[SCHEDULE_MAX_TIMES];
	size_t	count;
	long	every;
	long	retry;
};

/*
 * --at LIST: local times HH:MM (00:00 to 23:59) separated by commas or
 * blanks, in any order; a time given twice counts once.  Sets s->count and
 * s->minutes, keeps s->every at 0.  On failure writes why.
 */
bool	schedule_parse_at(struct schedule *s, const char *list, char *error,
	    size_t error_size);

/*
 * A number of seconds, MIN to SCHEDULE_MAX_SECONDS, for the option NAME
 * (--every, --retry).  On failure writes why.
 */
bool	schedule_parse_seconds(const char *name, const char *text, long min,
	    long *seconds, char *error, size_t error_size);

/*
 * When the next run starts, given NOW, LAST_START (the start of the run
 * that just ended, or (time_t)-1 before the first run) and whether the
 * database exists.  --every: LAST_START + every, or at once when that has
 * passed or before the first run.  --at: the first of the times strictly
 * after NOW, local time (TZ), a time that a daylight-saving change skips
 * being skipped that day and one it repeats run once; without a database
 * (a first start, failed first runs): at once before the first run, then
 * no later than NOW + retry.  False when no time is found (mktime fails).
 */
bool	schedule_next(const struct schedule *s, time_t last_start,
	    time_t now, bool have_db, time_t *next);

/*
 * Waits until the clock reaches UNTIL, with the signals of STOP blocked by
 * the caller: returns the first of them received (0 when UNTIL came, -1 on
 * an error, errno set).  It waits a minute at most at a time, so that a
 * clock set forward or a suspended host starts a run late, not never.
 */
int	schedule_wait(time_t until, const sigset_t *stop);

#endif
