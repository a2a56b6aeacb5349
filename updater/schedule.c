#include "config.h"

#include "schedule.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEPARATORS	", \t"

/* "HH:MM" of exactly LEN characters to minutes after midnight, or -1. */
static int
parse_hhmm(const char *p, size_t len)
{
	int h, m;

	if (len != 5 || p[2] != ':' ||
	    strspn(p, "0123456789") != 2 || strspn(p + 3, "0123456789") < 2)
		return -1;
	h = (p[0] - '0') * 10 + (p[1] - '0');
	m = (p[3] - '0') * 10 + (p[4] - '0');
	return h < 24 && m < 60 ? h * 60 + m : -1;
}

static int
compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

bool
schedule_parse_at(struct schedule *s, const char *list, char *error,
    size_t error_size)
{
	const char *p = list;
	size_t i, len;
	int m;

	s->count = 0;
	s->every = 0;
	while (*(p += strspn(p, SEPARATORS)) != '\0') {
		len = strcspn(p, SEPARATORS);
		if ((m = parse_hhmm(p, len)) < 0) {
			snprintf(error, error_size, "--at \"%s\": \"%.*s\" is"
			    " not a time HH:MM (00:00 to 23:59)", list,
			    (int)(len > 32 ? 32 : len), p);
			return false;
		}
		for (i = 0; i < s->count && s->minutes[i] != m; i++)
			continue;
		if (i == s->count) {
			if (s->count == SCHEDULE_MAX_TIMES) {
				snprintf(error, error_size, "--at \"%s\": more"
				    " than %d times", list, SCHEDULE_MAX_TIMES);
				return false;
			}
			s->minutes[s->count++] = m;
		}
		p += len;
	}
	if (s->count == 0) {
		snprintf(error, error_size, "--at \"%s\": no time (expected"
		    " local times such as 06:00,18:00)", list);
		return false;
	}
	qsort(s->minutes, s->count, sizeof(s->minutes[0]), compare_ints);
	return true;
}

bool
schedule_parse_seconds(const char *name, const char *text, long min,
    long *seconds, char *error, size_t error_size)
{
	size_t len = strlen(text);

	/* Digits only: strtol would take blanks, signs and overflow quietly. */
	if (len == 0 || len > 6 || strspn(text, "0123456789") != len ||
	    (*seconds = strtol(text, NULL, 10)) < min ||
	    *seconds > SCHEDULE_MAX_SECONDS) {
		snprintf(error, error_size, "%s \"%.32s\": expected seconds,"
		    " %ld to %ld", name, text, min, SCHEDULE_MAX_SECONDS);
		return false;
	}
	return true;
}

/*
 * The first instant, on the local day YEAR-MON-MDAY (struct tm's
 * numbering), whose local time is MINUTE after midnight: both readings of
 * the time (with and without daylight saving) are tried and kept only
 * when they read back as that day and time, so a time a change skips has
 * none and one it repeats gives its first.  False when there is none.
 */
static bool
first_instant(int year, int mon, int mday, int minute, time_t *at)
{
	struct tm tm, back;
	time_t t, first = (time_t)-1;
	int dst;

	for (dst = 0; dst <= 1; dst++) {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = year;
		tm.tm_mon = mon;
		tm.tm_mday = mday;
		tm.tm_hour = minute / 60;
		tm.tm_min = minute % 60;
		tm.tm_isdst = dst;
		if ((t = mktime(&tm)) == (time_t)-1 ||
		    localtime_r(&t, &back) == NULL ||
		    back.tm_year != year || back.tm_mon != mon ||
		    back.tm_mday != mday || back.tm_hour != minute / 60 ||
		    back.tm_min != minute % 60)
			continue;
		if (first == (time_t)-1 || t < first)
			first = t;
	}
	*at = first;
	return first != (time_t)-1;
}

/* --at: the first of the times strictly after NOW; false if none. */
static bool
next_time(const struct schedule *s, time_t now, time_t *next)
{
	struct tm today, day;
	bool found = false;
	time_t t = 0;
	size_t i;
	int offset;

	if (localtime_r(&now, &today) == NULL)
		return false;
	/* Today's and tomorrow's times, with one day more for a skipped one. */
	for (offset = 0; offset <= 2 && !found; offset++) {
		/* Noon: no daylight-saving change moves it to another day. */
		memset(&day, 0, sizeof(day));
		day.tm_year = today.tm_year;
		day.tm_mon = today.tm_mon;
		day.tm_mday = today.tm_mday + offset;
		day.tm_hour = 12;
		day.tm_isdst = -1;
		if (mktime(&day) == (time_t)-1)
			return false;
		for (i = 0; i < s->count; i++)
			if (first_instant(day.tm_year, day.tm_mon, day.tm_mday,
			    s->minutes[i], &t) && t > now &&
			    (!found || t < *next)) {
				*next = t;
				found = true;
			}
	}
	return found;
}

bool
schedule_next(const struct schedule *s, time_t last_start, time_t now,
    bool have_db, time_t *next)
{
	bool first = last_start == (time_t)-1;

	if (s->count == 0) {
		*next = first || last_start + s->every < now ? now :
		    last_start + s->every;
		return true;
	}
	if (!have_db && first) {
		*next = now;
		return true;
	}
	if (!next_time(s, now, next))
		return false;
	if (!have_db && s->retry > 0 && now + s->retry < *next)
		*next = now + s->retry;
	return true;
}

int
schedule_wait(time_t until, const sigset_t *stop)
{
	struct timespec pause;
	time_t now;
	int sig;

	for (;;) {
		if ((now = time(NULL)) == (time_t)-1)
			return -1;
		if (now >= until)
			return 0;
		pause.tv_sec = until - now > 60 ? 60 : until - now;
		pause.tv_nsec = 0;
		if ((sig = sigtimedwait(stop, NULL, &pause)) > 0)
			return sig;
		/* EAGAIN: the pause is over; EINTR: another signal. */
		if (errno != EAGAIN && errno != EINTR)
			return -1;
	}
}
