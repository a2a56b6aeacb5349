/* Conditional requests: etags, If-None-Match, HTTP-dates. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "conditional.h"
#include "timefmt.h"

static void
test_etags(void)
{
	char a[ETAG_SIZE], b[ETAG_SIZE];

	CHECK(etag_of(a, "abc", 3));
	/* SHA-256("abc") starts ba7816bf8f01cfea. */
	CHECK_STR(a, "ba7816bf8f01cfea");
	CHECK(etag_compose(a, "0123456789abcdef", "page", "page=1&pageSize=10"));
	/*
	 * SHA-256 of "0123456789abcdef\0page\0page=1&pageSize=10": the value
	 * the worker gave with OpenSSL, kept (clients' caches stay valid).
	 */
	CHECK_STR(a, "614ac0ccc6c4adb8");
	CHECK(etag_compose(b, "0123456789abcdef", "export", ""));
	CHECK_STR(b, "93b9f56d519cc3a6");
	CHECK(etag_compose(b, "0123456789abcdef", "page", "page=1&pageSize=10"));
	CHECK_STR(a, b);
	CHECK(etag_compose(b, "0123456789abcdef", "page", "page=2&pageSize=10"));
	CHECK(strcmp(a, b) != 0);
	CHECK(etag_compose(b, "0123456789abcdee", "page", "page=1&pageSize=10"));
	CHECK(strcmp(a, b) != 0);
	/* Parts cannot run into each other. */
	CHECK(etag_compose(a, "x", "ab", "c"));
	CHECK(etag_compose(b, "x", "a", "bc"));
	CHECK(strcmp(a, b) != 0);
}

static void
test_if_none_match(void)
{
	const char *e = "0123456789abcdef";

	CHECK(conditional_etag_listed("W/\"0123456789abcdef\"", e));
	CHECK(conditional_etag_listed("\"0123456789abcdef\"", e));
	CHECK(conditional_etag_listed("*", e));
	CHECK(conditional_etag_listed("\"x\", W/\"0123456789abcdef\"", e));
	CHECK(conditional_etag_listed("\"x\",W/\"0123456789abcdef\" ", e));
	CHECK(conditional_etag_listed(" \"a\" , \"b\" ,\"0123456789abcdef\"",
	    e));
	CHECK(!conditional_etag_listed("W/\"0123456789abcdee\"", e));
	CHECK(!conditional_etag_listed("W/\"0123456789abcdef", e));
	CHECK(!conditional_etag_listed("0123456789abcdef", e));
	CHECK(!conditional_etag_listed("w/\"0123456789abcdef\"", e));
	CHECK(!conditional_etag_listed("\"0123456789abcde\"", e));
	CHECK(!conditional_etag_listed("\"0123456789abcdef0\"", e));
	CHECK(!conditional_etag_listed("", e));
	CHECK(!conditional_etag_listed("\"a\" junk, \"0123456789abcdef\"", e));
	CHECK(!conditional_etag_listed("\"\"", e));
	CHECK(conditional_etag_listed("*", NULL));
	CHECK(!conditional_etag_listed("\"x\"", NULL));
}

static void
test_dates(void)
{
	char out[TIMEFMT_HTTP_SIZE];
	time_t t;

	CHECK(timefmt_http(out, 784111777));
	CHECK_STR(out, "Sun, 06 Nov 1994 08:49:37 GMT");
	CHECK(timefmt_parse_http("Sun, 06 Nov 1994 08:49:37 GMT", &t) &&
	    t == 784111777);
	CHECK(timefmt_parse_http("Sunday, 06-Nov-94 08:49:37 GMT", &t) &&
	    t == 784111777);
	CHECK(timefmt_parse_http("Sun Nov  6 08:49:37 1994", &t) &&
	    t == 784111777);
	CHECK(timefmt_parse_http("Thu, 26 Nov 2026 05:00:04 GMT", &t) &&
	    t == 1795669204);
	CHECK(!timefmt_parse_http("", &t));
	CHECK(!timefmt_parse_http("yesterday", &t));
	CHECK(!timefmt_parse_http("Sun, 06 Nov 1994 08:49:37", &t));
	CHECK(!timefmt_parse_http("Sun, 06 Foo 1994 08:49:37 GMT", &t));
	CHECK(!timefmt_parse_http("Sun, 6 Nov 1994 08:49:37 GMT", &t));
	CHECK(!timefmt_parse_http("Sun, 06 Nov 1994 25:49:37 GMT", &t));
	CHECK(!timefmt_parse_http("Sun, 06 Nov 1994 08:49:37 GMT x", &t));
	CHECK(!timefmt_parse_http("Sun Nov  6 08:49:37 1994 ", &t));
}

static void
test_not_modified(void)
{
	const char *e = "0123456789abcdef";
	time_t lm = 784111777, now = 784200000;

	CHECK(conditional_not_modified("W/\"0123456789abcdef\"", NULL, e, lm,
	    now));
	CHECK(!conditional_not_modified("W/\"fedcba9876543210\"", NULL, e, lm,
	    now));
	/* If-None-Match wins over If-Modified-Since. */
	CHECK(!conditional_not_modified("\"x\"",
	    "Sun, 06 Nov 1994 08:49:37 GMT", e, lm, now));
	CHECK(conditional_not_modified(NULL, "Sun, 06 Nov 1994 08:49:37 GMT",
	    e, lm, now));
	CHECK(conditional_not_modified("", "Sun, 06 Nov 1994 09:00:00 GMT",
	    e, lm, now));
	CHECK(!conditional_not_modified(NULL, "Sun, 06 Nov 1994 08:49:36 GMT",
	    e, lm, now));
	/* A date in the future is ignored; so is garbage or no data time. */
	CHECK(!conditional_not_modified(NULL, "Sun, 06 Nov 2094 08:49:37 GMT",
	    e, lm, now));
	CHECK(!conditional_not_modified(NULL, "garbage", e, lm, now));
	CHECK(!conditional_not_modified(NULL, "Sun, 06 Nov 1994 08:49:37 GMT",
	    e, 0, now));
	CHECK(!conditional_not_modified(NULL, NULL, e, lm, now));
}

static void
test_local_times(void)
{
	char out[TIMEFMT_ISO_SIZE];
	time_t next;
	struct tm tm;

	/* Paris, as a POSIX TZ (no tzdata needed): 05:00:04Z is 06:00:04+01:00. */
	if (setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1) != 0)
		return;
	tzset();
	CHECK(timefmt_iso_local(out, 1795669204));
	CHECK_STR(out, "2026-11-26T06:00:04+01:00");
	/* Summer: +02:00. */
	CHECK(timefmt_iso_local(out, 1782453600));
	CHECK_STR(out, "2026-06-26T08:00:00+02:00");
	/* 06:00:04 → 18:00 the same day; 18:00:00 → 06:00 the next. */
	next = timefmt_next_update(1795669204);
	CHECK(localtime_r(&next, &tm) != NULL && tm.tm_hour == 18 &&
	    tm.tm_mday == 26 && tm.tm_min == 0);
	next = timefmt_next_update(1795669204 - 5);	/* 05:59:59 */
	CHECK(localtime_r(&next, &tm) != NULL && tm.tm_hour == 6 &&
	    tm.tm_mday == 26);
	next = timefmt_next_update(1795712400);		/* 18:00:00 */
	CHECK(localtime_r(&next, &tm) != NULL && tm.tm_hour == 6 &&
	    tm.tm_mday == 27);
	next = timefmt_next_update(1795741200);		/* 02:00 on the 27th */
	CHECK(localtime_r(&next, &tm) != NULL && tm.tm_hour == 6 &&
	    tm.tm_mday == 27);
}

/*
 * conditional_range with size 1000 and the date D: "F-L", "whole" or
 * "416".
 */
static const char *
range(const char *range, const char *if_range)
{
	static char out[64];
	long long first, last;

	switch (conditional_range(range, if_range, "D", 1000, &first, &last)) {
	case RANGE_WHOLE:
		return "whole";
	case RANGE_UNSATISFIABLE:
		return "416";
	case RANGE_PART:
		break;
	}
	snprintf(out, sizeof(out), "%lld-%lld", first, last);
	return out;
}

static void
test_range(void)
{
	static const struct {
		const char	*range, *if_range, *want;
	} cases[] = {
		{ NULL, NULL, "whole" },
		{ "bytes=0-99", NULL, "0-99" },
		{ "Bytes= 0-99 ", NULL, "0-99" },
		{ "bytes=900-", NULL, "900-999" },
		{ "bytes=900-5000", NULL, "900-999" },
		{ "bytes=-100", NULL, "900-999" },
		{ "bytes=-5000", NULL, "0-999" },
		{ "bytes=999-999", NULL, "999-999" },
		{ "bytes=1000-", NULL, "416" },
		{ "bytes=-0", NULL, "416" },
		/* A failed If-Range: the whole, even past the end. */
		{ "bytes=1000-", "E", "whole" },
		/* Malformed, several: the whole representation. */
		{ "bytes=-", NULL, "whole" },
		{ "bytes=5-4", NULL, "whole" },
		{ "bytes=0-1,5-6", NULL, "whole" },
		{ "bytes=x-1", NULL, "whole" },
		{ "bytes=0-1x", NULL, "whole" },
		{ "items=0-1", NULL, "whole" },
		{ "bytes=1234567890123456789-", NULL, "whole" },
		/* If-Range: the date exactly; an entity tag never (ours are weak). */
		{ "bytes=0-9", "D", "0-9" },
		{ "bytes=0-9", "E", "whole" },
		{ "bytes=0-9", "W/\"0123456789abcdef\"", "whole" },
		{ "bytes=0-9", "\"0123456789abcdef\"", "whole" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STR(range(cases[i].range, cases[i].if_range),
		    cases[i].want);
	/* No date to compare with: no If-Range matches. */
	CHECK(conditional_range("bytes=0-9", "D", NULL, 1000, &(long long){0},
	    &(long long){0}) == RANGE_WHOLE);
}

int
main(void)
{
	test_etags();
	test_if_none_match();
	test_dates();
	test_not_modified();
	test_local_times();
	test_range();
	return check_finish("test_fcgi_conditional");
}
