#include "encoding.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Unlisted identity: acceptable, below every listed coding. */
#define IDENTITY_UNLISTED	1
#define Q_UNSET			0xFFFF

static const char *const names[CODING_COUNT] = {
	[CODING_IDENTITY] = "identity",
	[CODING_GZIP] = "gzip",
	[CODING_ZSTD] = "zstd",
};

const char *
coding_name(enum coding c)
{
	return c == CODING_IDENTITY || c >= CODING_COUNT ? NULL : names[c];
}

static bool
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* p[0..n) without its leading and trailing blanks. */
static void
trim(const char **p, size_t *n)
{
	while (*n > 0 && is_ows(**p)) {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && is_ows((*p)[*n - 1]))
		(*n)--;
}

/*
 * The qvalue p[0..n) in thousandths (RFC 9110 12.4.2: "0" or "1", up to
 * three decimals, none above 1); -1 when it is not one.
 */
static int
qvalue(const char *p, size_t n)
{
	int q, scale = 100;
	size_t i;

	if (n == 0 || (p[0] != '0' && p[0] != '1'))
		return -1;
	q = (p[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (p[1] != '.' || n > 5)
		return -1;
	for (i = 2; i < n; i++, scale /= 10) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		q += (p[i] - '0') * scale;
	}
	return q <= 1000 ? q : -1;
}

/*
 * The q of the element's parameters p[0..n) (after its coding): 1000
 * without one, -1 when malformed.
 */
static int
element_q(const char *p, size_t n)
{
	const char *param, *semi;
	size_t len;

	while (n > 0) {
		semi = memchr(p, ';', n);
		len = semi != NULL ? (size_t)(semi - p) : n;
		param = p;
		p += len;
		n -= len;
		if (n > 0) {
			p++;
			n--;
		}
		trim(&param, &len);
		if (len >= 2 && (param[0] == 'q' || param[0] == 'Q')) {
			const char *v = param + 1;
			size_t vlen = len - 1;

			trim(&v, &vlen);
			if (vlen == 0 || v[0] != '=')
				continue;
			v++;
			vlen--;
			trim(&v, &vlen);
			return qvalue(v, vlen);
		}
	}
	return 1000;
}

void
accept_encoding_parse(const char *value, struct accept_encoding *ae)
{
	unsigned short listed[CODING_COUNT], star = Q_UNSET;
	const char *p = value, *comma, *semi, *name;
	size_t i, n, namelen;
	int q;

	memset(ae, 0, sizeof(*ae));
	if (value == NULL) {
		ae->q[CODING_IDENTITY] = 1000;
		return;
	}
	for (i = 0; i < CODING_COUNT; i++)
		listed[i] = Q_UNSET;
	while (*p != '\0') {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		name = p;
		p += n + (comma != NULL);
		semi = memchr(name, ';', n);
		namelen = semi != NULL ? (size_t)(semi - name) : n;
		q = element_q(name + namelen, n - namelen);
		trim(&name, &namelen);
		if (namelen == 0 || q < 0)
			continue;
		if (namelen == 1 && name[0] == '*') {
			if (star == Q_UNSET || q > star)
				star = (unsigned short)q;
			continue;
		}
		for (i = 0; i < CODING_COUNT; i++) {
			bool match = strlen(names[i]) == namelen &&
			    strncasecmp(name, names[i], namelen) == 0;

			if (!match && i == CODING_GZIP)
				match = namelen == 6 &&
				    strncasecmp(name, "x-gzip", 6) == 0;
			/* Listed twice: the kinder entry. */
			if (match && (listed[i] == Q_UNSET || q > listed[i]))
				listed[i] = (unsigned short)q;
		}
	}
	for (i = 0; i < CODING_COUNT; i++) {
		if (listed[i] != Q_UNSET)
			ae->q[i] = listed[i];
		else if (star != Q_UNSET)
			ae->q[i] = i == CODING_IDENTITY && star > 0 ?
			    IDENTITY_UNLISTED : star;
		else
			ae->q[i] = i == CODING_IDENTITY ? IDENTITY_UNLISTED : 0;
	}
}

enum coding
accept_encoding_choose(const struct accept_encoding *ae,
    const enum coding *offered, size_t n)
{
	enum coding best = CODING_COUNT;
	size_t i;

	for (i = 0; i < n; i++)
		if (offered[i] < CODING_COUNT && ae->q[offered[i]] > 0 &&
		    (best == CODING_COUNT || ae->q[offered[i]] > ae->q[best]))
			best = offered[i];
	return best;
}
