/*
 * Times as the API writes and reads them: HTTP-dates (Last-Modified,
 * If-Modified-Since), ISO 8601 local times with their offset (diagnostics),
 * and the updater's schedule.
 */
#ifndef MEDICAMENTS_FCGI_TIMEFMT_H
#define MEDICAMENTS_FCGI_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* "Sun, 06 Nov 1994 08:49:37 GMT" plus NUL. */
#define TIMEFMT_HTTP_SIZE	30
/* "2026-11-26T06:00:04+01:00" plus NUL, with room to spare. */
#define TIMEFMT_ISO_SIZE	40

/* Writes t as an IMF-fixdate; false when t cannot be written. */
bool	timefmt_http(char out[TIMEFMT_HTTP_SIZE], time_t t);

/*
 * Reads an HTTP-date in any of the three forms of RFC 9110 (IMF-fixdate,
 * RFC 850, asctime).  False when s is none of them.
 */
bool	timefmt_parse_http(const char *s, time_t *t);

/*
 * Reads s[0..n), an ISO 8601 date ("2026-12-01", that day at 00:00:00
 * UTC) or date-time ("2026-12-01T06:00:00" with "Z", an offset "+01:00"
 * or none, which is UTC; optional fractional seconds, dropped), into *t.
 * A space before the offset's hours is read as '+': an unescaped '+' in
 * a query string arrives as one.  False when s is none of them, or names
 * no real day or time.
 */
bool	timefmt_parse_iso(const char *s, size_t n, long long *t);

/* Writes t as an ISO 8601 UTC time ("2026-12-01T05:00:00Z"). */
bool	timefmt_iso_utc(char out[TIMEFMT_ISO_SIZE], time_t t);

/* Writes t as a local ISO 8601 time with its UTC offset. */
bool	timefmt_iso_local(char out[TIMEFMT_ISO_SIZE], time_t t);

/*
 * The next scheduled refresh after now: 06:00 or 18:00 local time,
 * whichever comes first.
 */
time_t	timefmt_next_update(time_t now);

#endif
