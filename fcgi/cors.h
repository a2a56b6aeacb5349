/*
 * Cross-origin requests (CORS, the Fetch standard): which sites' pages may
 * read the API's answers, from CORS_ORIGINS, read once at start.
 *
 *   unset     "*": every site (the API is public and sends no cookies)
 *   a list    "https://a.example, http://127.0.0.1:8080": the request's
 *             Origin is echoed when it is one of them, and every answer
 *             says "Vary: Origin" (caches must keep one copy per origin)
 *   empty     no CORS header at all (blank too): browsers keep other
 *             sites out
 *
 * The header lines of each case are built here once, at start: an answer
 * appends one of them as is.
 */
#ifndef MEDICAMENTS_FCGI_CORS_H
#define MEDICAMENTS_FCGI_CORS_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* At most this many origins in CORS_ORIGINS. */
#define CORS_LIST_MAX	256

/*
 * What a page may read besides the CORS-safelisted response headers:
 * the validators (for its own revalidation) and the rate limit.
 */
#define CORS_EXPOSE_HEADERS	"ETag, Last-Modified, Retry-After, " \
	"X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Rate, " \
	"X-Search-Corrected"

/*
 * The preflight's answer (OPTIONS with Access-Control-Request-Method).
 * The request headers allowed are a fixed list, never the request's
 * Access-Control-Request-Headers echoed: the validators a client sends
 * itself, and what pages and libraries add (Accept, Accept-Language,
 * Content-Language and Range beyond the safelisted values, Cache-Control
 * and Pragma of cache: "no-cache" done by hand, X-Requested-With).
 * Chromium caps Max-Age at 2 hours, Firefox at 24.
 */
#define CORS_PREFLIGHT_HEADERS \
	"Access-Control-Allow-Methods: GET, HEAD\r\n" \
	"Access-Control-Allow-Headers: Accept, Accept-Language, " \
	"Cache-Control, Content-Language, If-Modified-Since, " \
	"If-None-Match, Pragma, Range, X-Requested-With\r\n" \
	"Access-Control-Max-Age: 86400\r\n"

enum cors_mode {
	CORS_OFF,		/* CORS_ORIGINS empty */
	CORS_ANY,		/* "*", the default */
	CORS_LIST,		/* these origins only */
};

struct cors_origin {
	const char	*origin;	/* "https://a.example", inside lines */
	size_t		 len;
	char		*lines;		/* its Allow-Origin and Expose lines */
	size_t		 lines_len;
};

struct cors {
	enum cors_mode	 mode;
	struct cors_origin *v;		/* CORS_LIST */
	size_t		 n;
};

/*
 * Parses CORS_ORIGINS's value: "*", "" or blank (off), or a comma-separated list of
 * origins, scheme://host[:port] (lower case, no path, no default port, no
 * wildcard), blanks around the commas allowed.  False with a message
 * quoting the bad entry; *c is then off.
 */
bool	cors_parse(struct cors *c, const char *s, char *msg, size_t msgsize);
void	cors_free(struct cors *c);

/*
 * Appends the CORS header lines of an answer to a request from origin
 * (the Origin header, NULL when none): nothing when off or when origin is
 * not in the list.  Vary is the caller's: it says "Origin" too with a list.
 */
void	cors_headers(const struct cors *c, const char *origin, struct buf *h);

#endif
