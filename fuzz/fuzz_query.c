/*
 * libFuzzer target: what the worker reads from a request before anything
 * touches the database.  The input is, in turn, a query string (parsed
 * against every parameter of the API, validated, priced by the rate
 * limit), a path (split, decoded, routed, re-encoded), an X-Forwarded-For
 * value (read from a trusted proxy) and an address list (TRUSTED_PROXIES).
 * Besides the sanitizers, it checks what the callers rely on: decoded text
 * is valid UTF-8 and holds no NUL, a validated number is in its range.
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
#include "search.h"
#include "text.h"
#include "xalloc.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every parameter of the API, with the validators the handlers use. */
static const struct query_field fields[] = {
	{ "page", query_valid_page },
	{ "pageSize", query_valid_page_size },
	{ "search", search_valid },
	{ "cis", query_valid_cis },
	{ "cip", query_valid_cip },
	{ "libelle", search_valid },
	{ "group", query_valid_group },
};
#define NFIELDS	(sizeof(fields) / sizeof(fields[0]))

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

static void
fuzz_query_string(const char *qs)
{
	struct query_value v[NFIELDS];
	struct query_error err;
	size_t i;
	int id;

	memset(v, 0, sizeof(v));
	memset(&err, 0, sizeof(err));
	if (query_parse(qs, fields, NFIELDS, v, &err)) {
		for (i = 0; i < NFIELDS; i++) {
			/* Go's Values.Get: present means a non-empty first value. */
			require(!v[i].present || v[i].seen);
			require(v[i].present == query_has_name(qs,
			    fields[i].name));
			if (!v[i].present)
				continue;
			require(v[i].len > 0);
			require(strlen(v[i].text) == v[i].len);
			require(v[i].len <= QUERY_MAX_LENGTH);
			require(text_utf8_valid(v[i].text, v[i].len));
		}
		if (query_validate(fields, NFIELDS, v, &err)) {
			require(!v[0].present || v[0].number >= 1);
			require(!v[1].present || (v[1].number >= 1 &&
			    v[1].number <= QUERY_PAGE_SIZE_MAX));
			require(!v[3].present || v[3].number <= 99999999);
		}
	}
	require(strlen(err.message) < sizeof(err.message));
	require(strlen(err.detail) < sizeof(err.detail));
	query_values_free(v, NFIELDS);
	for (i = 0; i < NFIELDS; i++)
		(void)query_has_name(qs, fields[i].name);
	for (id = 0; id < ROUTE_ID_MAX; id++) {
		int cost = ratelimit_cost((enum route_id)id, qs);

		require(cost >= 5 && cost <= 200);
	}
}

static void
fuzz_path(const char *s, size_t n)
{
	struct route_result r = ROUTE_RESULT_INIT;
	struct buf enc = BUF_INIT, dec = BUF_INIT;
	enum query_status st;

	if (route_match(s, n, &r) == ROUTE_OK && r.id != ROUTE_NONE) {
		require(text_utf8_valid(r.param.data != NULL ? r.param.data :
		    "", r.param.len));
		/* What route_encode writes decodes back to what it read. */
		route_encode(&enc, buf_str(&r.param), r.param.len);
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
