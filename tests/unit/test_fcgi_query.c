/* The worker's query strings: percent-decoding, parameter tables, validators. */
#include "check.h"

#include "buf.h"
#include "change_types.h"
#include "query.h"
#include "search_query.h"

static const char *
decode(const char *s, bool plus, enum query_status *st)
{
	static struct buf out;

	buf_reset(&out);
	*st = query_decode(&out, s, strlen(s), plus);
	return buf_str(&out);
}

static void
test_decode(void)
{
	enum query_status st;
	struct buf fresh = BUF_INIT;

	/* Decoding nothing into a new buffer leaves it a string: "". */
	CHECK(query_decode(&fresh, "", 0, true) == QUERY_OK);
	CHECK(fresh.data != NULL && fresh.data[0] == '\0');
	buf_free(&fresh);
	CHECK_STR(decode("abc", true, &st), "abc");
	CHECK(st == QUERY_OK);
	CHECK_STR(decode("a+b%20c", true, &st), "a b c");
	CHECK_STR(decode("a+b", false, &st), "a+b");
	CHECK_STR(decode("%2B%2b", true, &st), "++");
	CHECK_STR(decode("ibuprof%C3%A8ne", true, &st), "ibuprof\xC3\xA8ne");
	CHECK(st == QUERY_OK);
	decode("%", true, &st);
	CHECK(st == QUERY_BAD_ESCAPE);
	decode("%4", true, &st);
	CHECK(st == QUERY_BAD_ESCAPE);
	decode("%G1", true, &st);
	CHECK(st == QUERY_BAD_ESCAPE);
	decode("abc%zz", true, &st);
	CHECK(st == QUERY_BAD_ESCAPE);
	decode("%C3", true, &st);		/* truncated sequence */
	CHECK(st == QUERY_BAD_UTF8);
	decode("%E8ne", true, &st);		/* Latin-1, not UTF-8 */
	CHECK(st == QUERY_BAD_UTF8);
	decode("%C0%AF", true, &st);		/* overlong '/' */
	CHECK(st == QUERY_BAD_UTF8);
	decode("%ED%A0%80", true, &st);		/* surrogate */
	CHECK(st == QUERY_BAD_UTF8);
	decode("a%00b", true, &st);
	CHECK(st == QUERY_NUL);
}

enum { F_PAGE, F_SIZE, F_SEARCH, F_CIS, F_MAX };
static const struct query_field fields[F_MAX] = {
	{ "page", query_valid_page, 20 },
	{ "pageSize", query_valid_page_size, 0 },
	{ "search", search_valid, 50 },
	{ "cis", query_valid_cis, 10 },
};

static struct query_error err;

static bool
parse(const char *qs, struct query_value *v)
{
	query_values_free(v, F_MAX);
	memset(v, 0, sizeof(*v) * F_MAX);
	memset(&err, 0, sizeof(err));
	return query_parse(qs, fields, F_MAX, v, &err, NULL);
}

/* How many of the table's parameters came with a value. */
static size_t
parameters_present(const struct query_value *v)
{
	size_t i, n = 0;

	for (i = 0; i < F_MAX; i++)
		n += v[i].present ? 1 : 0;
	return n;
}

static void
test_parse(void)
{
	struct query_value v[F_MAX] = { { 0 } };
	char big[QUERY_MAX_LENGTH + 10];

	CHECK(parse("", v));
	CHECK(parameters_present(v) == 0);
	CHECK(parse("page=2&pageSize=50", v));
	CHECK(v[F_PAGE].present && v[F_SIZE].present);
	CHECK_STR(v[F_PAGE].text, "2");
	CHECK(query_validate(fields, F_MAX, v, &err));
	CHECK(v[F_PAGE].number == 2 && v[F_SIZE].number == 50);
	/* Unknown names are ignored, empty pieces skipped. */
	CHECK(parse("&&foo=bar&search=doli+prane&", v));
	CHECK_STR(v[F_SEARCH].text, "doli prane");
	CHECK(parameters_present(v) == 1);
	/* Names are decoded too. */
	CHECK(parse("p%61ge=3", v));
	CHECK(v[F_PAGE].present);
	/* As Go reads them: an empty value, or no '=', is no parameter. */
	CHECK(parse("cis", v));
	CHECK(!v[F_CIS].present && v[F_CIS].seen);
	CHECK(parse("page=1&search=", v));
	CHECK(v[F_PAGE].present && !v[F_SEARCH].present);
	CHECK(parameters_present(v) == 1);
	CHECK(parse("page=2&pageSize=", v));
	CHECK(!v[F_SIZE].present);
	/* A repeated name keeps its first value, even an empty one. */
	CHECK(parse("page=1&page=2", v));
	CHECK_STR(v[F_PAGE].text, "1");
	CHECK(parse("search=&search=doliprane", v));
	CHECK(!v[F_SEARCH].present);
	CHECK(parse("page=7&page=abc&page=", v));
	CHECK_STR(v[F_PAGE].text, "7");
	CHECK(query_validate(fields, F_MAX, v, &err));
	/* Long values reach their validator, which says what is wrong. */
	CHECK(parse("cis=123456789", v));
	CHECK(!query_validate(fields, F_MAX, v, &err));
	CHECK_STR(err.message, "CIS should have 8 digits");
	/* Bad escapes anywhere, even in a value that does not count. */
	CHECK(!parse("foo=%zz&page=1", v));
	CHECK_STR(err.message, "Invalid percent-encoding in the query string");
	CHECK(!parse("page=1&page=%zz", v));
	CHECK(!parse("search=%FF%FE", v));
	CHECK_STR(err.message, "Invalid UTF-8 in the query string");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(!parse(big, v));
	CHECK(strstr(err.message, "Query string too long") != NULL);
	/* An empty name decodes to an empty, terminated string. */
	CHECK(parse("=abc&=", v));
	CHECK(parameters_present(v) == 0);
	/*
	 * A refused query is still read to its end, for the rate limit:
	 * which names came with a value (the text past the error unread).
	 */
	CHECK(!parse("x=%zz&se%61rch=abc&page=&cis", v));
	CHECK_STR(err.message, "Invalid percent-encoding in the query string");
	CHECK(v[F_SEARCH].present && v[F_SEARCH].text == NULL);
	CHECK(!v[F_PAGE].present && v[F_PAGE].seen && v[F_CIS].seen);
	CHECK(!parse("search=%FF&page=1", v));
	CHECK_STR(err.message, "Invalid UTF-8 in the query string");
	CHECK(v[F_SEARCH].present && v[F_SEARCH].text == NULL);
	CHECK(v[F_PAGE].present && v[F_PAGE].text == NULL);
	CHECK(!parse("page=1&se%zzrch=abc&search=", v));
	CHECK_STR(v[F_PAGE].text, "1");
	CHECK(!v[F_SEARCH].present && v[F_SEARCH].seen);
	memcpy(big, "cis=1&", 6);
	CHECK(!parse(big, v));
	CHECK(strstr(err.message, "Query string too long") != NULL);
	CHECK(v[F_CIS].present && v[F_CIS].text == NULL);
	query_values_free(v, F_MAX);
}

static bool
valid(query_validator fn, const char *s, long long *n)
{
	memset(&err, 0, sizeof(err));
	return fn(s, strlen(s), n, &err);
}

static void
test_validators(void)
{
	long long n = 0;

	CHECK(valid(query_valid_cis, "60002283", &n) && n == 60002283);
	CHECK(!valid(query_valid_cis, "6000228", &n));
	CHECK(!valid(query_valid_cis, "600022830", &n));
	CHECK(!valid(query_valid_cis, "6000228a", &n));
	CHECK(!valid(query_valid_cis, " 6000228", &n));
	CHECK(!valid(query_valid_cis, "-6000228", &n));
	CHECK(valid(query_valid_cip, "4949729", &n) && n == 4949729);
	CHECK(valid(query_valid_cip, "3400949497294", &n) &&
	    n == 3400949497294LL);
	CHECK(!valid(query_valid_cip, "34009494972", &n));
	CHECK(!valid(query_valid_cip, "", &n));
	CHECK(valid(query_valid_group, "1", &n) && n == 1);
	CHECK(valid(query_valid_group, "999999999", &n));
	CHECK(!valid(query_valid_group, "1234567890", &n));
	CHECK(!valid(query_valid_group, "1e3", &n));
	CHECK(valid(query_valid_page, "1", &n) && n == 1);
	CHECK(valid(query_valid_page, "0007", &n) && n == 7);
	CHECK(!valid(query_valid_page, "0", &n));
	CHECK(!valid(query_valid_page, "-1", &n));
	CHECK(!valid(query_valid_page, "+1", &n));
	CHECK(!valid(query_valid_page, "1.0", &n));
	CHECK(!valid(query_valid_page, "", &n));
	CHECK(!valid(query_valid_page, "1234567890", &n));
	CHECK(valid(query_valid_page_size, "200", &n) && n == 200);
	CHECK(valid(query_valid_page_size, "1", &n));
	CHECK(!valid(query_valid_page_size, "201", &n));
	CHECK(!valid(query_valid_page_size, "0", &n));
	CHECK(!valid(query_valid_page_size, "10 ", &n));
	CHECK(valid(query_valid_boolean, "true", &n) && n == 1);
	CHECK(valid(query_valid_boolean, "false", &n) && n == 0);
	CHECK(!valid(query_valid_boolean, "TRUE", &n));
	CHECK(!valid(query_valid_boolean, "1", &n));
	CHECK(!valid(query_valid_boolean, "truex", &n));
	CHECK(!valid(query_valid_boolean, "", &n));
	CHECK(valid(query_valid_substance, "42215", &n) && n == 42215);
	CHECK(valid(query_valid_substance, "00005", &n) && n == 5);
	CHECK(!valid(query_valid_substance, "1234567890", &n));
	CHECK(!valid(query_valid_substance, "-1", &n));
	CHECK(valid(query_valid_statut, "1", &n) && n == 1);
	CHECK(valid(query_valid_statut, "4", &n) && n == 4);
	CHECK(!valid(query_valid_statut, "0", &n));
	CHECK(!valid(query_valid_statut, "5", &n));
	CHECK(!valid(query_valid_statut, "01", &n));
	CHECK(!valid(query_valid_statut, "1 ", &n));
	CHECK(!valid(query_valid_statut, "", &n));
	CHECK(valid(query_valid_atc, "N", &n));
	CHECK(valid(query_valid_atc, "n02be", &n));
	CHECK(valid(query_valid_atc, "N02BE01", &n));
	CHECK(!valid(query_valid_atc, "N02BE01X", &n));
	CHECK(!valid(query_valid_atc, "", &n));
	CHECK(!valid(query_valid_atc, "N02-BE", &n));
	CHECK(!valid(query_valid_atc, "N02 ", &n));
	CHECK(!valid(query_valid_atc, "%", &n));
	CHECK(!valid(query_valid_atc, "\xc3\x89", &n));
}

/* The Go service's messages, in the order it checks (data_validator.go). */
static void
test_go_messages(void)
{
	long long n = 0;

	CHECK(!valid(query_valid_cis, "abc", &n));
	CHECK_STR(err.message, "CIS should have 8 digits");
	CHECK_STR(err.detail, "");
	CHECK(!valid(query_valid_cis, "6000228a", &n));
	CHECK_STR(err.message, "input contains invalid characters. Only "
	    "numeric characters are allowed");
	CHECK_STR(err.detail, "CIS should have 8 digits");
	CHECK(!valid(query_valid_cis, " 6000228", &n));
	CHECK(strstr(err.message, "invalid characters") != NULL);
	CHECK(!valid(query_valid_cis, "60002283\xC2\xA0", &n));	/* NBSP */
	CHECK(strstr(err.message, "invalid characters") != NULL);
	CHECK(!valid(query_valid_cis, " \t ", &n));
	CHECK_STR(err.message, "input cannot be empty");
	CHECK(!valid(query_valid_cip, "123", &n));
	CHECK_STR(err.message, "CIP should have 7 or 13 characters");
	CHECK_STR(err.detail, "CIP should have 7 or 13 digits");
	CHECK(!valid(query_valid_cip, "abc1234", &n));
	CHECK(strstr(err.message, "Only numeric characters") != NULL);
	CHECK(!valid(query_valid_group, "abc", &n));
	CHECK_STR(err.message, "Invalid group ID");
	CHECK(!valid(query_valid_page, "0", &n));
	CHECK_STR(err.message, "Invalid page number");
	CHECK(!valid(query_valid_page_size, "500", &n));
	CHECK_STR(err.message, "Invalid pageSize. Must be between 1 and 200");
	CHECK(!valid(search_valid, "ab", &n));
	CHECK_STR(err.message, "input too short: minimum 3 characters");
	CHECK(!valid(search_valid, "   ", &n));
	CHECK_STR(err.message, "input cannot be empty");
	CHECK(!valid(search_valid, "a b c d e f g", &n));
	CHECK_STR(err.message,
	    "search query too complex: maximum 6 words allowed");
	CHECK(!valid(search_valid, "test@123", &n));
	CHECK_STR(err.message, "input contains invalid characters. Only "
	    "letters, numbers, spaces, hyphens, periods, forward slash, "
	    "apostrophe, and plus sign are allowed");
	CHECK(strstr(err.detail, "Search query contains invalid") != NULL);
	CHECK(!valid(search_valid, "<script>alert(1)</script>", &n));
	CHECK_STR(err.message, "input contains potentially dangerous content");
	CHECK(!valid(search_valid, "a..b", &n));
	CHECK_STR(err.message, "input contains consecutive dots which are "
	    "not allowed. Only letters, numbers, spaces, hyphens, periods, "
	    "forward slash, apostrophe, and plus sign are allowed");
	CHECK_STR(err.detail, "");
	CHECK(!valid(search_valid, "abc\tdef", &n));
	CHECK(strstr(err.message, "input contains invalid characters") !=
	    NULL);
	CHECK(strstr(err.detail, "Search query contains invalid") != NULL);
	/* Characters first, as the Go service checks them. */
	CHECK(!valid(search_valid, "a..b;", &n));
	CHECK(strstr(err.message, "input contains invalid characters") !=
	    NULL);
}

/*
 * The worker's buffers read a query as a parse's own do, and come back
 * empty, keeping their room for the next query.
 */
static void
test_kept_buffers(void)
{
	struct query_buffers kept = { BUF_INIT, BUF_INIT };
	struct query_value v[F_MAX];
	int i;

	for (i = 0; i < 2; i++) {
		memset(v, 0, sizeof(v));
		CHECK(query_parse("se%61rch=para%63etamol&page=2", fields,
		    F_MAX, v, &err, &kept));
		CHECK(v[F_SEARCH].present && v[F_PAGE].present);
		CHECK_STR(v[F_SEARCH].text, "paracetamol");
		CHECK(kept.name.len == 0 && kept.value.len == 0);
		CHECK(kept.value.cap > 0);
		query_values_free(v, F_MAX);
	}
	memset(v, 0, sizeof(v));
	CHECK(!query_parse("x=%zz", fields, F_MAX, v, &err, &kept));
	CHECK(kept.name.len == 0 && kept.value.len == 0);
	query_values_free(v, F_MAX);
	buf_free(&kept.name);
	buf_free(&kept.value);
}

/* The change feed's: since (timefmt_parse_iso), type, change. */
static void
test_change_feed(void)
{
	static const struct {
		const char	*text;
		long long	 t;		/* -1: refused */
	} since[] = {
		{ "2026-12-01", 1796083200 },
		{ "2026-12-01T00:00:00Z", 1796083200 },
		{ "2026-12-01T00:00:00", 1796083200 },
		{ "2026-12-01T06:00:00+06:00", 1796083200 },
		{ "2026-12-01T06:00:00 06:00", 1796083200 },	/* '+' as sent */
		{ "2026-11-30T23:00:00-01:00", 1796083200 },
		{ "2026-12-01T00:00:00.999Z", 1796083200 },
		{ "1970-01-01", 0 },
		{ "2024-02-29", 1709164800 },
		{ "2023-02-29", -1 },
		{ "2026-13-01", -1 },
		{ "2026-12-00", -1 },
		{ "2026-12-01T24:00:00Z", -1 },
		{ "2026-12-01T06:00Z", -1 },
		{ "2026-12-01T06:00:00.Z", -1 },
		{ "2026-12-01T06:00:00+0100", -1 },
		{ "2026-12-01T06:00:00+01:60", -1 },
		{ "2026-12-01 06:00:00", -1 },
		{ "26-12-01", -1 },
		{ "2026-12-01x", -1 },
		{ "", -1 },
	};
	long long n;
	size_t i;

	for (i = 0; i < sizeof(since) / sizeof(since[0]); i++) {
		n = -1;
		if (since[i].t < 0) {
			CHECK(!query_valid_since(since[i].text,
			    strlen(since[i].text), &n, &err));
			CHECK(strstr(err.message, "Invalid since: use a date "
			    "(2026-12-01) or a date-time") != NULL);
		} else {
			CHECK(query_valid_since(since[i].text,
			    strlen(since[i].text), &n, &err));
			CHECK(n == since[i].t);
		}
	}
	CHECK(query_valid_change_types("prices", 6, &n, &err) &&
	    n == CHANGE_PRICES);
	CHECK(query_valid_change_types("added,shortages", 15, &n, &err) &&
	    n == (CHANGE_ADDED | CHANGE_SHORTAGE_STARTED |
	    CHANGE_SHORTAGE_UPDATED | CHANGE_SHORTAGE_ENDED));
	CHECK(!query_valid_change_types("prices,", 7, &n, &err));
	CHECK(!query_valid_change_types("Prices", 6, &n, &err));
	CHECK_STR(err.message, "Invalid type: Prices. Valid types: added, "
	    "removed, fields, presentations, prices, commercialisation, "
	    "composition, generiques, conditions, avis, informations, "
	    "shortageStarted, shortageUpdated, shortageEnded, mitmIn, mitmOut, "
	    "groupAdded, groupRemoved, shortages, mitm, groups");
	CHECK(query_valid_change("modified", 8, &n, &err) && n == 2);
	CHECK_STR(query_change_names[n], "modified");
	CHECK(!query_valid_change("modifie", 7, &n, &err));
	CHECK_STR(err.message, "Invalid change: use added, removed or "
	    "modified");
}

int
main(void)
{
	test_change_feed();
	test_decode();
	test_kept_buffers();
	test_parse();
	test_validators();
	test_go_messages();
	return check_finish("test_fcgi_query");
}
