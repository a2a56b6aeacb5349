#include "timefmt.h"

#include <stdio.h>
#include <string.h>

/* English names whatever the locale: HTTP dates are not localised. */
static const char *const day_names[7] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
};
static const char *const month_names[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

bool
timefmt_http(char out[TIMEFMT_HTTP_SIZE], time_t t)
{
	struct tm tm;
	int n;

	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 0)
		return false;
	n = snprintf(out, TIMEFMT_HTTP_SIZE,
	    "%s, %02d %s %04d %02d:%02d:%02d GMT", day_names[tm.tm_wday],
	    tm.tm_mday, month_names[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
	return n > 0 && n < TIMEFMT_HTTP_SIZE;
}

static int
month_index(const char *s)
{
	int i;

	for (i = 0; i < 12; i++)
		if (strncmp(s, month_names[i], 3) == 0)
			return i;
	return -1;
}

/* Reads exactly `width` digits at *s; advances *s. */
static bool
read_digits(const char **s, int width, int *value)
{
	int v = 0, i;

	for (i = 0; i < width; i++) {
		if ((*s)[i] < '0' || (*s)[i] > '9')
			return false;
		v = v * 10 + ((*s)[i] - '0');
	}
	*s += width;
	*value = v;
	return true;
}

static bool
read_char(const char **s, char c)
{
	if (**s != c)
		return false;
	(*s)++;
	return true;
}

/* "HH:MM:SS" */
static bool
read_clock(const char **s, struct tm *tm)
{
	return read_digits(s, 2, &tm->tm_hour) && read_char(s, ':') &&
	    read_digits(s, 2, &tm->tm_min) && read_char(s, ':') &&
	    read_digits(s, 2, &tm->tm_sec);
}

static bool
read_month(const char **s, struct tm *tm)
{
	if (strnlen(*s, 3) < 3 || (tm->tm_mon = month_index(*s)) < 0)
		return false;
	*s += 3;
	return true;
}

bool
timefmt_parse_http(const char *s, time_t *t)
{
	struct tm tm;
	const char *comma = strchr(s, ',');
	int year;

	memset(&tm, 0, sizeof(tm));
	if (comma != NULL && comma - s == 3) {
		/* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
		s = comma + 1;
		if (!read_char(&s, ' ') || !read_digits(&s, 2, &tm.tm_mday) ||
		    !read_char(&s, ' ') || !read_month(&s, &tm) ||
		    !read_char(&s, ' ') || !read_digits(&s, 4, &year) ||
		    !read_char(&s, ' ') || !read_clock(&s, &tm) ||
		    strcmp(s, " GMT") != 0)
			return false;
	} else if (comma != NULL) {
		/* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT */
		s = comma + 1;
		if (!read_char(&s, ' ') || !read_digits(&s, 2, &tm.tm_mday) ||
		    !read_char(&s, '-') || !read_month(&s, &tm) ||
		    !read_char(&s, '-') || !read_digits(&s, 2, &year) ||
		    !read_char(&s, ' ') || !read_clock(&s, &tm) ||
		    strcmp(s, " GMT") != 0)
			return false;
		year += year < 70 ? 2000 : 1900;
	} else {
		/* asctime: Sun Nov  6 08:49:37 1994 */
		if (strnlen(s, 4) < 4 || s[3] != ' ')
			return false;
		s += 4;
		if (!read_month(&s, &tm) || !read_char(&s, ' '))
			return false;
		if (*s == ' ') {
			s++;
			if (!read_digits(&s, 1, &tm.tm_mday))
				return false;
		} else if (!read_digits(&s, 2, &tm.tm_mday))
			return false;
		if (!read_char(&s, ' ') || !read_clock(&s, &tm) ||
		    !read_char(&s, ' ') || !read_digits(&s, 4, &year) ||
		    *s != '\0')
			return false;
	}
	if (tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60)
		return false;
	tm.tm_year = year - 1900;
	*t = timegm(&tm);
	return *t != (time_t)-1;
}

static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * The days from 1970-01-01 to y-m-d, proleptic Gregorian (Howard
 * Hinnant's days_from_civil): timegm(3) would need a NUL-terminated
 * struct tm and accepts days that do not exist, this checks nothing and
 * cannot fail.
 */
static long long
days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool
timefmt_parse_iso(const char *s, size_t n, long long *t)
{
	static const int month_days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};
	char text[48];
	const char *p = text;
	struct tm tm;
	int year, oh = 0, om = 0, sign = 0;

	/* A copy, NUL-terminated, so that the readers stop at its end. */
	if (n >= sizeof(text))
		return false;
	memcpy(text, s, n);
	text[n] = '\0';
	memset(&tm, 0, sizeof(tm));
	if (!read_digits(&p, 4, &year) || !read_char(&p, '-') ||
	    !read_digits(&p, 2, &tm.tm_mon) || !read_char(&p, '-') ||
	    !read_digits(&p, 2, &tm.tm_mday))
		return false;
	if (*p == 'T') {
		p++;
		if (!read_clock(&p, &tm))
			return false;
		if (*p == '.') {
			p++;
			if (*p < '0' || *p > '9')
				return false;
			while (*p >= '0' && *p <= '9')
				p++;
		}
		if (*p == 'Z')
			p++;
		else if (*p == '+' || *p == '-' || *p == ' ') {
			sign = *p == '-' ? -1 : 1;
			p++;
			if (!read_digits(&p, 2, &oh) || !read_char(&p, ':') ||
			    !read_digits(&p, 2, &om) || oh > 23 || om > 59)
				return false;
		}
	}
	if (*p != '\0' || tm.tm_mon < 1 || tm.tm_mon > 12 ||
	    tm.tm_mday < 1 || tm.tm_mday > month_days[tm.tm_mon - 1] +
	    (tm.tm_mon == 2 && leap_year(year)) || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60)
		return false;
	*t = days_from_civil(year, tm.tm_mon, tm.tm_mday) * 86400 +
	    tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec -
	    sign * (oh * 3600 + om * 60);
	return true;
}

bool
timefmt_iso_utc(char out[TIMEFMT_ISO_SIZE], time_t t)
{
	struct tm tm;
	int n;

	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 0)
		return false;
	n = snprintf(out, TIMEFMT_ISO_SIZE, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	return n > 0 && n < TIMEFMT_ISO_SIZE;
}

bool
timefmt_iso_local(char out[TIMEFMT_ISO_SIZE], time_t t)
{
	struct tm tm;
	long off;
	char sign;
	int n;

	if (localtime_r(&t, &tm) == NULL)
		return false;
	off = tm.tm_gmtoff;
	sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	n = snprintf(out, TIMEFMT_ISO_SIZE,
	    "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign,
	    off / 3600, off / 60 % 60);
	return n > 0 && n < TIMEFMT_ISO_SIZE;
}

time_t
timefmt_next_update(time_t now)
{
	static const int hours[2] = { 6, 18 };
	struct tm tm;
	time_t t;
	int day, i;

	/* Today's and tomorrow's slots; mktime normalises tm_mday + 1. */
	for (day = 0; day < 2; day++)
		for (i = 0; i < 2; i++) {
			if (localtime_r(&now, &tm) == NULL)
				return now;
			tm.tm_mday += day;
			tm.tm_hour = hours[i];
			tm.tm_min = tm.tm_sec = 0;
			tm.tm_isdst = -1;
			if ((t = mktime(&tm)) != (time_t)-1 && t > now)
				return t;
		}
	return now;
}
