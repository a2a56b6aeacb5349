/*
 * libFuzzer target: what the worker reads from a request before anything
 * touches the database.  The input is, in turn, a query string (parsed
 * against every route's parameters as dispatch.c reads them, validated,
 * priced by the route table), a path (split, decoded, routed, its segment
 * validated, re-encoded), an X-Forwarded-For value (read from a trusted
 * proxy) and an address list (TRUSTED_PROXIES).  Besides the sanitizers,
 * it checks what the callers rely on: decoded text is valid UTF-8 and
 * holds no NUL, a validated number is in its range, a cost is one of
 * API.md's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cidr.h"
#include "log.h"
#include "query.h"
#include "ratelimit.h"
#include "route.h"
#include "text.h"
#include "uri.h"
#include "xalloc.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cidr_list trusted;

/* A broken promise is a crash: libFuzzer keeps the input. */
static void
require(int cond)
{
	if (!cond)
		abort();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char msg[256];

	(void)argc;
	(void)argv;
	log_set_level(LOG_ERROR);
	require(cidr_list_parse(&trusted, "10.0.0.0/8, ::1, 192.0.2.1", msg,
	    sizeof(msg)));
	return 0;
}

/* Numbers as the validators promise them, by parameter name. */
static void
require_in_range(const char *name, long long n)
{
	if (strcmp(name, "page") == 0)
		require(n >= 1 && n <= 999999999);
	else if (strcmp(name, "pageSize") == 0)
		require(n >= 1 && n <= QUERY_PAGE_SIZE_MAX);
	else if (strcmp(name, "cis") == 0)
		require(n >= 0 && n <= 99999999);
	else if (strcmp(name, "cip") == 0)
		require(n >= 0 && n <= 9999999999999LL);
	else if (strcmp(name, "group") == 0)
		require(n >= 0 && n <= 999999999);
	else if (strcmp(name, "statut") == 0)
		require(n >= 1 && n <= 4);
}

/* The query read for one route, as dispatch.c reads it. */
static void
fuzz_route_query(const struct route *rt, const char *qs)
{
	struct query_value v[ROUTE_MAX_PARAMS];
	struct query_error err;
	bool read;
	size_t i;
	int cost;

	memset(v, 0, sizeof(v));
	memset(&err, 0, sizeof(err));
	read = query_parse(qs, rt->params, rt->nparams, v, &err, NULL);
	for (i = 0; i < rt->nparams; i++) {
		/* Go's Values.Get: present means a non-empty first value. */
		require(!v[i].present || v[i].seen);
		if (!read || !v[i].present) {
			require(v[i].present || v[i].text == NULL);
			continue;
		}
		require(v[i].text != NULL && v[i].len > 0);
		require(strlen(v[i].text) == v[i].len);
		require(v[i].len <= QUERY_MAX_LENGTH);
		require(text_utf8_valid(v[i].text, v[i].len));
	}
	if (read && query_validate(rt->params, rt->nparams, v, &err))
		for (i = 0; i < rt->nparams; i++)
			if (v[i].present)
				require_in_range(rt->params[i].name,
				    v[i].number);
	require(strlen(err.message) < sizeof(err.message));
	require(strlen(err.detail) < sizeof(err.detail));
	cost = route_cost(rt, v);
	require(cost == 5 || cost == 10 || cost == 20 || cost == 30 ||
	    cost == 50 || cost == 200 || cost == 500 ||
	    (rt->flags & ROUTE_INTERNAL));
	query_values_free(v, rt->nparams);
}

static void
fuzz_query_string(const char *qs)
{
	int id;

	for (id = 0; id < ROUTE_ID_MAX; id++)
		fuzz_route_query(route_get(id), qs);
}

static void
fuzz_path(const char *s, size_t n)
{
	struct route_result r = ROUTE_RESULT_INIT;
	struct buf enc = BUF_INIT, dec = BUF_INIT;
	const struct route *rt;
	struct query_error err;
	enum query_status st;
	long long number;

	if (route_match(s, n, &r) == ROUTE_OK && r.id != ROUTE_NONE) {
		rt = route_get(r.id);
		require(text_utf8_valid(r.param.data != NULL ? r.param.data :
		    "", r.param.len));
		/* A "{...}" segment is never empty; its validator bounds it. */
		if (rt->segment != NULL) {
			require(r.param.len > 0);
			if (rt->segment(buf_str(&r.param), r.param.len, &number,
			    &err))
				require(number >= 0 &&
				    number <= 9999999999999LL);
		}
		/* What uri_encode writes decodes back to what it read. */
		uri_encode(&enc, buf_str(&r.param), r.param.len,
		    URI_KEPT_UNRESERVED);
		require(query_decode(&dec, buf_str(&enc), enc.len, false) ==
		    QUERY_OK);
		require(dec.len == r.param.len && (dec.len == 0 ||
		    memcmp(dec.data, r.param.data, dec.len) == 0));
	}
	route_result_free(&r);
	buf_reset(&dec);
	st = query_decode(&dec, s, n, true);
	require(st < QUERY_STATUS_MAX);
	if (st == QUERY_OK) {
		require(memchr(buf_str(&dec), '\0', dec.len) == NULL);
		require(text_utf8_valid(buf_str(&dec), dec.len));
	}
	buf_free(&enc);
	buf_free(&dec);
}

static void
fuzz_addresses(const char *s)
{
	unsigned char addr[16];
	struct cidr_list l = CIDR_LIST_INIT;
	char msg[160];

	/* The peer is a trusted proxy: the header decides. */
	ratelimit_client("10.0.0.1", s, &trusted, addr);
	ratelimit_client("::1", s, &trusted, addr);
	ratelimit_client("203.0.113.1", s, &trusted, addr);
	/* An untrusted peer's header changes nothing. */
	require(addr[12] == 203 && addr[15] == 1);
	if (cidr_list_parse(&l, s, msg, sizeof(msg)))
		(void)cidr_list_match(&l, addr);
	else
		require(l.n == 0 && strlen(msg) < sizeof(msg));
	cidr_list_free(&l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Parameters reach the worker as C strings. */
	char *s = xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	fuzz_query_string(s);
	fuzz_path(s, strlen(s));
	fuzz_addresses(s);
	free(s);
	return 0;
}
