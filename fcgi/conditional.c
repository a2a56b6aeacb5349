#include "conditional.h"

#include <string.h>
#include <strings.h>

#include "sha256.h"
#include "timefmt.h"

/*
 * Why SHA-256 for a weak validator that needs no collision resistance
 * against an attacker (a client can only fool its own cache): it is the
 * algorithm of every other etag (the updater's `etag` columns and
 * `data_etag`, common/contract.h), so the worker's etags keep the values
 * they had with OpenSSL (caches stay valid across the change, and so does
 * the name of the /dev/shm state file, settings.c), it has standard test
 * vectors, and at ~4,000 instructions a 64-byte block it costs nothing
 * next to a request: a 64-bit non-cryptographic hash would save a few
 * thousand instructions and change every etag.
 */
static void
etag_hex(char out[ETAG_SIZE], struct sha256 *s)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[SHA256_SIZE];
	int i;

	sha256_final(s, md);
	for (i = 0; i < (ETAG_SIZE - 1) / 2; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xF];
	}
	out[ETAG_SIZE - 1] = '\0';
}

bool
etag_of(char out[ETAG_SIZE], const void *data, size_t len)
{
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, data, len);
	etag_hex(out, &s);
	return true;
}

bool
etag_compose(char out[ETAG_SIZE], const char *data_etag, const char *kind,
    const char *normalised)
{
	struct sha256 s;

	/* NUL separators: no part can run into the next. */
	sha256_init(&s);
	sha256_update(&s, data_etag, strlen(data_etag) + 1);
	sha256_update(&s, kind, strlen(kind) + 1);
	sha256_update(&s, normalised, strlen(normalised));
	etag_hex(out, &s);
	return true;
}

static const char *
skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

bool
conditional_etag_listed(const char *p, const char *etag)
{
	const char *start;
	size_t elen = etag != NULL ? strlen(etag) : 0;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			return false;
		if (*p == '*')
			return true;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (*p != '"')
			return false;
		for (start = ++p; *p != '\0' && *p != '"'; p++)
			;
		if (*p == '\0')
			return false;
		if (etag != NULL && (size_t)(p - start) == elen &&
		    memcmp(start, etag, elen) == 0)
			return true;
		p = skip_ows(p + 1);
		if (*p != ',' && *p != '\0')
			return false;
	}
}

bool
conditional_not_modified(const char *if_none_match,
    const char *if_modified_since, const char *etag, time_t last_modified,
    time_t now)
{
	time_t since;

	if (if_none_match != NULL && *if_none_match != '\0')
		return conditional_etag_listed(if_none_match, etag);
	if (if_modified_since == NULL || *if_modified_since == '\0' ||
	    last_modified <= 0)
		return false;
	if (!timefmt_parse_http(if_modified_since, &since) || since > now)
		return false;
	return last_modified <= since;
}

/* Digits into *v (at most 18: no overflow); the byte after them. */
static const char *
range_number(const char *p, long long *v)
{
	size_t n = strspn(p, "0123456789");

	if (n == 0 || n > 18)
		return NULL;
	for (*v = 0; n > 0; n--, p++)
		*v = *v * 10 + (*p - '0');
	return p;
}

enum range
conditional_range(const char *range, const char *if_range,
    const char *last_modified, long long size, long long *first,
    long long *last)
{
	const char *p;
	long long a = -1, b = -1;

	if (range == NULL || size <= 0 || strncasecmp(range, "bytes=", 6) != 0 ||
	    (if_range != NULL && (last_modified == NULL ||
	    strcmp(if_range, last_modified) != 0)))
		return RANGE_WHOLE;
	p = skip_ows(range + 6);
	if (*p != '-' && (p = range_number(p, &a)) == NULL)
		return RANGE_WHOLE;
	if (*p++ != '-')
		return RANGE_WHOLE;
	if (*p >= '0' && *p <= '9' && (p = range_number(p, &b)) == NULL)
		return RANGE_WHOLE;
	if (*skip_ows(p) != '\0')
		return RANGE_WHOLE;
	if (a == -1) {
		/* "-SUFFIX": the last SUFFIX bytes; "-" alone is malformed. */
		if (b <= 0)
			return b == 0 ? RANGE_UNSATISFIABLE : RANGE_WHOLE;
		*first = b < size ? size - b : 0;
		*last = size - 1;
		return RANGE_PART;
	}
	if (b != -1 && b < a)
		return RANGE_WHOLE;
	if (a >= size)
		return RANGE_UNSATISFIABLE;
	*first = a;
	*last = b == -1 || b >= size ? size - 1 : b;
	return RANGE_PART;
}
