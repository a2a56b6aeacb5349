/*
 * updater/schedule.c: the next run from a given "now", in UTC and in
 * Europe/Paris (its daylight-saving changes), across midnight, months,
 * years and leap days; --at and --every/--retry refused when malformed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "schedule.h"

static char error[256];

static void
zone(const char *tz)
{
	if (setenv("TZ", tz, 1) != 0)
		abort();
	tzset();
}

/* "YYYY-MM-DD HH:MM[:SS]" in the current zone (mktime's pick if repeated). */
static time_t
at(const char *text)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(text, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) < 5)
		abort();
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* The next run as "YYYY-MM-DD HH:MM" in the current zone. */
static const char *
next_after(const char *times, time_t last, time_t now, bool have_db)
{
	static char out[32];
	struct schedule s;
	struct tm tm;
	time_t next;

	memset(&s, 0, sizeof(s));
	s.retry = 900;
	if (!schedule_parse_at(&s, times, error, sizeof(error)) ||
	    !schedule_next(&s, last, now, have_db, &next) ||
	    localtime_r(&next, &tm) == NULL ||
	    strftime(out, sizeof(out), "%Y-%m-%d %H:%M", &tm) == 0)
		return "(none)";
	return out;
}

#define NEXT(times, now)	next_after(times, at(now) - 1, at(now), true)

static void
test_at_utc(void)
{
	zone("UTC");
	CHECK_STR(NEXT("06:00,18:00", "2026-11-26 05:59"), "2026-11-26 06:00");
	CHECK_STR(NEXT("06:00,18:00", "2026-11-26 00:00"), "2026-11-26 06:00");
	CHECK_STR(NEXT("06:00,18:00", "2026-11-26 06:00"), "2026-11-26 18:00");
	CHECK_STR(NEXT("06:00,18:00", "2026-11-26 06:00:01"),
	    "2026-11-26 18:00");
	CHECK_STR(NEXT("06:00,18:00", "2026-11-26 17:59:59"),
	    "2026-11-26 18:00");
	/* Across midnight, months, years, leap days. */
	CHECK_STR(NEXT("06:00,18:00", "2026-11-26 18:00"), "2026-11-27 06:00");
	CHECK_STR(NEXT("06:00,18:00", "2026-11-26 23:59"), "2026-11-27 06:00");
	CHECK_STR(NEXT("06:00,18:00", "2026-11-30 18:30"), "2026-12-01 06:00");
	CHECK_STR(NEXT("06:00,18:00", "2026-12-31 23:59"), "2027-01-01 06:00");
	CHECK_STR(NEXT("06:00,18:00", "2028-02-28 19:00"), "2028-02-29 06:00");
	CHECK_STR(NEXT("06:00,18:00", "2027-02-28 19:00"), "2027-03-01 06:00");
	/* Any order, blanks as separators too, a repeated time once. */
	CHECK_STR(NEXT("00:15 12:30", "2026-11-26 05:59"), "2026-11-26 12:30");
	CHECK_STR(NEXT("12:30,00:15", "2026-11-26 12:30"), "2026-11-27 00:15");
	CHECK_STR(NEXT("23:59, 23:59", "2026-11-26 23:59"), "2026-11-27 23:59");
	CHECK_STR(NEXT("00:00", "2026-11-26 23:59:59"), "2026-11-27 00:00");
}

static void
test_at_paris(void)
{
	time_t t;

	zone("Europe/Paris");
	/* 06:00 stays 06:00 local across both changes. */
	CHECK_STR(NEXT("06:00,18:00", "2026-03-29 01:00"), "2026-03-29 06:00");
	CHECK_STR(NEXT("06:00,18:00", "2026-03-29 06:00"), "2026-03-29 18:00");
	CHECK_STR(NEXT("06:00,18:00", "2026-10-25 01:00"), "2026-10-25 06:00");
	/* 02:30 does not exist on 29 March 2026: skipped that day. */
	CHECK_STR(NEXT("02:30", "2026-03-29 00:00"), "2026-03-30 02:30");
	/* 02:30 happens twice on 25 October 2026: run at the first only. */
	CHECK_STR(NEXT("02:30", "2026-10-25 00:00"), "2026-10-25 02:30");
	/* The first 02:30 (summer time): an hour after 01:30, unambiguous. */
	t = at("2026-10-25 01:30") + 3600;
	CHECK(strcmp(next_after("02:30", t - 1, t, true),
	    "2026-10-26 02:30") == 0);
	CHECK(strcmp(next_after("02:30", t, t + 3600, true),
	    "2026-10-26 02:30") == 0);
}

static void
test_without_database(void)
{
	time_t now;

	zone("UTC");
	now = at("2026-11-26 07:00");
	/* First start: at once; then retried every 900 s until there is one. */
	CHECK_STR(next_after("06:00,18:00", (time_t)-1, now, false),
	    "2026-11-26 07:00");
	CHECK_STR(next_after("06:00,18:00", now, now + 60, false),
	    "2026-11-26 07:16");
	/* A retry never goes past a scheduled time. */
	now = at("2026-11-26 17:50");
	CHECK_STR(next_after("06:00,18:00", now - 60, now, false),
	    "2026-11-26 18:00");
	/* With a database, the first run waits for its time. */
	CHECK_STR(next_after("06:00,18:00", (time_t)-1, now, true),
	    "2026-11-26 18:00");
}

static void
test_every(void)
{
	struct schedule s;
	time_t next;

	memset(&s, 0, sizeof(s));
	CHECK(schedule_parse_seconds("--every", "300", 1, &s.every, error,
	    sizeof(error)) && s.every == 300);
	/* At once, then from each run's start; a long run: at once again. */
	CHECK(schedule_next(&s, (time_t)-1, 1000, false, &next) &&
	    next == 1000);
	CHECK(schedule_next(&s, 1000, 1010, true, &next) && next == 1300);
	CHECK(schedule_next(&s, 1000, 1400, true, &next) && next == 1400);
}

static void
test_refused(void)
{
	static const char *bad_at[] = { "", " ", ",", "6:00", "24:00",
	    "06:60", "06:00;18:00", "6h", "06:00,18", "06:000", "-6:00",
	    "0600", "06:00 1800" };
	static const char *bad_seconds[] = { "", "0", "9", "-5", " 10", "10s",
	    "1000000", "1e3", "99999999999999999999" };
	struct schedule s;
	size_t i;
	long n;

	for (i = 0; i < sizeof(bad_at) / sizeof(bad_at[0]); i++) {
		error[0] = '\0';
		CHECK(!schedule_parse_at(&s, bad_at[i], error,
		    sizeof(error)));
		CHECK(strncmp(error, "--at \"", 6) == 0);
	}
	for (i = 0; i < sizeof(bad_seconds) / sizeof(bad_seconds[0]); i++) {
		error[0] = '\0';
		CHECK(!schedule_parse_seconds("--retry", bad_seconds[i],
		    SCHEDULE_MIN_RETRY, &n, error, sizeof(error)));
		CHECK(strstr(error, "expected seconds, 10 to 999999") != NULL);
	}
	CHECK(schedule_parse_seconds("--every", "1", 1, &n, error,
	    sizeof(error)) && n == 1);
	CHECK(schedule_parse_seconds("--every", "999999", 1, &n, error,
	    sizeof(error)) && n == 999999);
	/* Every half hour fits; one more does not. */
	CHECK(schedule_parse_at(&s, "00:00 00:30 01:00 01:30 02:00 02:30"
	    " 03:00 03:30 04:00 04:30 05:00 05:30 06:00 06:30 07:00 07:30"
	    " 08:00 08:30 09:00 09:30 10:00 10:30 11:00 11:30 12:00 12:30"
	    " 13:00 13:30 14:00 14:30 15:00 15:30 16:00 16:30 17:00 17:30"
	    " 18:00 18:30 19:00 19:30 20:00 20:30 21:00 21:30 22:00 22:30"
	    " 23:00 23:30", error, sizeof(error)) && s.count == 48);
	CHECK(!schedule_parse_at(&s, "00:00 00:30 01:00 01:30 02:00 02:30"
	    " 03:00 03:30 04:00 04:30 05:00 05:30 06:00 06:30 07:00 07:30"
	    " 08:00 08:30 09:00 09:30 10:00 10:30 11:00 11:30 12:00 12:30"
	    " 13:00 13:30 14:00 14:30 15:00 15:30 16:00 16:30 17:00 17:30"
	    " 18:00 18:30 19:00 19:30 20:00 20:30 21:00 21:30 22:00 22:30"
	    " 23:00 23:30 23:45", error, sizeof(error)));
}

int
main(void)
{
	test_at_utc();
	/* A system without tzdata reads Europe/Paris as UTC. */
	if (access("/usr/share/zoneinfo/Europe/Paris", R_OK) == 0)
		test_at_paris();
	else
		fprintf(stderr, "no Europe/Paris zone: its cases not run\n");
	test_without_database();
	test_every();
	test_refused();
	return check_finish("test_schedule");
}
