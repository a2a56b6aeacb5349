/*
 * Answers: the CGI header block (status through "Status:"), the caching
 * and CORS headers of API.md, the security headers, 304s, error objects,
 * gzip of buffered bodies, HEAD.
 * Everything goes through the request's writer.
 */
#ifndef MEDICAMENTS_FCGI_RESPONSE_H
#define MEDICAMENTS_FCGI_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "encoding.h"

struct request;

/* Bodies up to this size go out with their headers, in one write. */
#define RESPONSE_ONE_WRITE	(8 * 1024)

#define CACHE_PUBLIC		"public, max-age=3600"
#define CACHE_DIAGNOSTICS	"public, max-age=10"
#define CACHE_NONE		"no-store"
#define CONTENT_TYPE_JSON	"application/json; charset=utf-8"
/*
 * Every answer's Content-Security-Policy: nothing of it may be loaded,
 * run or framed should a browser render it (the pages' own policies are
 * lighttpd.conf's).
 */
#define RESPONSE_CSP		"default-src 'none'; frame-ancestors 'none'"

/* How an answer is described in its headers. */
struct reply {
	int		 status;
	const char	*content_type;	/* NULL: JSON */
	const char	*cache_control;	/* NULL: none */
	const char	*etag;		/* 16 hex digits, sent as W/"..."; NULL: none */
	bool		 last_modified;	/* send the data's refresh time */
	const char	*extra;		/* more header lines, each ending in CRLF */
};

/* The reason phrase of a status ("Not Found"). */
const char *response_reason(int status);

/* Sends the header block alone, for a status without a body (204, 304). */
void	response_empty(struct request *r, const struct reply *rp);

/*
 * Answers 304 and returns true when the request's If-None-Match or
 * If-Modified-Since says the client has rp's representation.
 */
bool	response_not_modified(struct request *r, const struct reply *rp);

/*
 * Sends a complete body, gzip-coded when the client accepts it and it is
 * worth it; without the body for HEAD.
 */
void	response_send(struct request *r, const struct reply *rp,
	    const char *body, size_t len);

/*
 * Sends a complete body already in coding c (a stored gzip member, which
 * the caller chose to send: db_lookup_gzip) as it is: Content-Encoding,
 * its exact Content-Length; without the body for HEAD.  Its ETag is the
 * text's: weak, it names the document whatever its coding (serve_document.c).
 */
void	response_send_coded(struct request *r, const struct reply *rp,
	    const char *body, size_t len, enum coding c);

/*
 * Appends "X-Sendfile: PATH" to the header lines h: lighttpd then sends
 * the file PATH (absolute, under x-sendfile-docroot) as the body, with
 * sendfile(2), Range and HEAD, holding no copy of it.
 */
void	response_put_sendfile(struct buf *h, const char *path);

/*
 * The same for bytes first..last of PATH ("X-Sendfile2: PATH FIRST-LAST"):
 * the caller answers the Range itself (206, Content-Range), where
 * lighttpd does not (it leaves the Range of an answer that has a
 * Content-Encoding alone).
 */
void	response_put_sendfile_range(struct buf *h, const char *path,
	    long long first, long long last);

/*
 * The coding to send an answer in, among offered[0..n), its codings in the
 * server's order of preference.  When the client refuses every one of
 * them, sends 406 and returns CODING_COUNT.
 */
enum coding response_coding(struct request *r, const enum coding *offered,
	    size_t n);

/*
 * Sends only the header block of a streamed body; content_length < 0 when
 * unknown, content_encoding NULL for identity.  False when the client is
 * gone.  The caller then writes the body unless the method is HEAD.
 */
bool	response_begin(struct request *r, const struct reply *rp,
	    long long content_length, const char *content_encoding);

/*
 * Sends the error object {"error": reason, "message": ..., "code": status}.
 * extra: more header lines (Allow, Link, Retry-After) or NULL.
 */
void	response_error(struct request *r, int status, const char *extra,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * The same with a "detail" member after "code" (NULL or "": none): our
 * explanation where message keeps the Go service's text.
 */
void	response_error_detail(struct request *r, int status,
	    const char *extra, const char *detail, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/* The error object with members of its own after "code": more is
 * ",\"name\":value..." (a search's 404 and its "suggestions"). */
void	response_error_more(struct request *r, int status, const char *more,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
