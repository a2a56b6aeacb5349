#include "cors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define CORS_ALLOW_ORIGIN	"Access-Control-Allow-Origin: "
#define CORS_EXPOSE_LINE	"Access-Control-Expose-Headers: " \
	CORS_EXPOSE_HEADERS "\r\n"

/* Every answer of the default "*": one constant, appended as is. */
static const char cors_any_lines[] = CORS_ALLOW_ORIGIN "*\r\n"
    CORS_EXPOSE_LINE;

static bool
is_lower_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

/*
 * Checks s[0..n) as an origin the way browsers serialize one (RFC 6454):
 * scheme "://" host [":" port], lower case, no default port.  NULL when it
 * is one, else why not (the caller quotes the entry).
 */
static const char *
origin_problem(const char *s, size_t n)
{
	const char *sep, *host, *end = s + n, *p;
	long port = 0;

	for (p = s; p < end; p++)
		if (*p <= ' ' || *p > '~')
			return "a blank, control or non-ASCII character (a "
			    "host name goes in its ASCII form, xn--...)";
	if (memchr(s, '*', n) != NULL)
		return "a wildcard is only allowed alone, as CORS_ORIGINS=*";
	for (p = s; p < end; p++)
		if (*p >= 'A' && *p <= 'Z')
			return "write it in lower case, as browsers send it";
	sep = NULL;
	for (p = s; p + 3 <= end; p++)
		if (memcmp(p, "://", 3) == 0) {
			sep = p;
			break;
		}
	if (sep == NULL || sep == s || !(*s >= 'a' && *s <= 'z'))
		return "expected scheme://host[:port] (such as "
		    "https://example.org)";
	for (p = s; p < sep; p++)
		if (!is_lower_alnum(*p) && *p != '+' && *p != '-' && *p != '.')
			return "the scheme has a character that is not a lower "
			    "case letter, a digit, +, - or .";
	host = p = sep + 3;
	if (p < end && *p == '[') {
		while (++p < end && *p != ']')
			if (strchr("0123456789abcdef:.", *p) == NULL)
				return "bad IPv6 address in brackets";
		if (p == end || p == host + 1)
			return "bad IPv6 address in brackets";
		p++;
	} else
		while (p < end && (is_lower_alnum(*p) || *p == '-' ||
		    *p == '.'))
			p++;
	if (p == host)
		return "no host: expected scheme://host[:port]";
	if (p < end && *p == ':') {
		if (++p == end || *p == '0')
			return "bad port: 1 to 65535, no leading zero";
		for (; p < end && *p >= '0' && *p <= '9' && port <= 65535; p++)
			port = port * 10 + (*p - '0');
		if (p < end && *p >= '0' && *p <= '9')
			port = 65536;
		if (port < 1 || port > 65535)
			return "bad port: 1 to 65535, no leading zero";
		if ((port == 443 && sep - s == 5 && memcmp(s, "https", 5) == 0) ||
		    (port == 80 && sep - s == 4 && memcmp(s, "http", 4) == 0))
			return "a browser never sends its scheme's default port: "
			    "leave it out";
	}
	if (p < end && (*p == '/' || *p == '?' || *p == '#'))
		return "an origin has no path, query or fragment: expected "
		    "scheme://host[:port]";
	if (p < end)
		return "expected scheme://host[:port] (such as "
		    "https://example.org)";
	return NULL;
}

/* Blanks around s[0..*n) left out. */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		(*n)--;
	}
	while (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return s;
}

/* Adds s[0..n), an origin already checked, and its header lines. */
static void
add_origin(struct cors *c, const char *s, size_t n)
{
	struct cors_origin *o = &c->v[c->n++];
	struct buf b = BUF_INIT;

	buf_puts(&b, CORS_ALLOW_ORIGIN);
	buf_append(&b, s, n);
	buf_puts(&b, "\r\n" CORS_EXPOSE_LINE);
	o->lines = b.data;
	o->lines_len = b.len;
	o->origin = b.data + strlen(CORS_ALLOW_ORIGIN);
	o->len = n;
}

bool
cors_parse(struct cors *c, const char *s, char *msg, size_t msgsize)
{
	const char *item, *why;
	size_t n, len, count = 1, i;

	cors_free(c);
	n = strlen(s);
	item = trim(s, &n);
	if (n == 0)
		return true;
	if (n == 1 && *item == '*') {
		c->mode = CORS_ANY;
		return true;
	}
	for (i = 0; s[i] != '\0'; i++)
		count += s[i] == ',';
	if (count > CORS_LIST_MAX) {
		snprintf(msg, msgsize, "more than %d origins", CORS_LIST_MAX);
		return false;
	}
	c->v = xcalloc(count, sizeof(*c->v));
	c->mode = CORS_LIST;
	while (c->n < count) {
		n = len = strcspn(s, ",");
		item = trim(s, &n);
		why = n == 0 ? "an empty entry" : origin_problem(item, n);
		if (why != NULL) {
			snprintf(msg, msgsize, "\"%.*s\": %s",
			    (int)(n > 80 ? 80 : n), item, why);
			cors_free(c);
			return false;
		}
		add_origin(c, item, n);
		s += len;
		s += *s == ',';
	}
	return true;
}

void
cors_free(struct cors *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].lines);
	free(c->v);
	c->v = NULL;
	c->n = 0;
	c->mode = CORS_OFF;
}

void
cors_headers(const struct cors *c, const char *origin, struct buf *h)
{
	size_t i, n;

	switch (c->mode) {
	case CORS_ANY:
		buf_append(h, cors_any_lines, sizeof(cors_any_lines) - 1);
		break;
	case CORS_LIST:
		if (origin == NULL)
			break;
		n = strlen(origin);
		for (i = 0; i < c->n; i++)
			if (c->v[i].len == n &&
			    memcmp(c->v[i].origin, origin, n) == 0) {
				buf_append(h, c->v[i].lines, c->v[i].lines_len);
				break;
			}
		break;
	case CORS_OFF:
		break;
	}
}
