#include "response.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "conditional.h"
#include "cors.h"
#include "db.h"
#include "gzip.h"
#include "json.h"
#include "log.h"
#include "request.h"
#include "settings.h"
#include "timefmt.h"
#include "uri.h"
#include "worker_state.h"
#include "writer.h"

/* Room for an answer's headers (about 530 bytes with CORS's). */
#define RESPONSE_HEADERS_SIZE	1024

const char *
response_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 204: return "No Content";
	case 206: return "Partial Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 410: return "Gone";
	case 416: return "Range Not Satisfiable";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default:  return "Unknown";
	}
}

/* The data's refresh time, 0 when no database is open. */
static time_t
data_time(const struct request *r)
{
	const struct db_meta *m = r->db != NULL ? db_meta(r->db) : NULL;

	return m != NULL ? (time_t)m->last_update_epoch : 0;
}

/*
 * Header lines are appended piece by piece: formatting them with printf
 * cost a lookup a quarter of its instructions.  Inline, into the room
 * head_begin reserved: a piece of a known length is then a few moves
 * (the header block cost a lookup 1.2 K instructions through buf_append,
 * 0.5 K so).
 */
static inline void
put(struct buf *h, const char *s, size_t n)
{
	if (n < h->cap - h->len) {
		memcpy(h->data + h->len, s, n);
		h->len += n;
		h->data[h->len] = '\0';
	} else
		buf_append(h, s, n);
}
#define PUT(h, literal)	put((h), (literal), sizeof(literal) - 1)

static void
put_header(struct buf *h, const char *name, size_t name_len,
    const char *value)
{
	put(h, name, name_len);
	put(h, value, strlen(value));
	PUT(h, "\r\n");
}
#define PUT_HEADER(h, name, value) \
	put_header((h), name, sizeof(name) - 1, (value))

/* Appends u in decimal (buf_put_decimal, inline for the header block). */
static void
put_decimal(struct buf *h, unsigned long long u)
{
	char d[24];
	size_t i = sizeof(d);

	do {
		d[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	put(h, d + i, sizeof(d) - i);
}

/*
 * The Last-Modified value of t: formatted once per database, not once
 * per request (a worker answers one request at a time).
 */
static const char *
http_date(time_t t)
{
	static char text[TIMEFMT_HTTP_SIZE];
	static time_t cached;

	if (t != cached) {
		if (!timefmt_http(text, t))
			return NULL;
		cached = t;
	}
	return text;
}

/*
 * Appends the header lines every answer shares: status, validators,
 * caching, CORS, the request's own lines (rate limit) and rp->extra.
 */
static void
common_headers(struct buf *h, const struct request *r,
    const struct reply *rp)
{
	const char *reason, *date;
	char status[4];
	time_t t;

	PUT(h, "Status: ");
	if (rp->status >= 100 && rp->status <= 999) {
		status[0] = (char)('0' + rp->status / 100);
		status[1] = (char)('0' + rp->status / 10 % 10);
		status[2] = (char)('0' + rp->status % 10);
		status[3] = ' ';
		put(h, status, sizeof(status));
	} else {
		buf_put_decimal(h, rp->status);
		PUT(h, " ");
	}
	reason = response_reason(rp->status);
	put(h, reason, strlen(reason));
	PUT(h, "\r\n");
	if (rp->etag != NULL && rp->etag[0] != '\0') {
		PUT(h, "ETag: W/\"");
		put(h, rp->etag, strlen(rp->etag));
		PUT(h, "\"\r\n");
	}
	if (rp->last_modified && (t = data_time(r)) > 0 &&
	    (date = http_date(t)) != NULL)
		PUT_HEADER(h, "Last-Modified: ", date);
	if (rp->cache_control != NULL)
		PUT_HEADER(h, "Cache-Control: ", rp->cache_control);
	/* With a list of origins, each one is answered its own way. */
	if (r->settings->cors.mode == CORS_LIST)
		PUT(h, "Vary: Accept-Encoding, Origin\r\n");
	else
		PUT(h, "Vary: Accept-Encoding\r\n");
	/*
	 * An answer is data, never a document: not to be sniffed into
	 * HTML, run, loaded or framed, whoever opens it (OWASP REST
	 * Security).  One constant, the same on every answer; lighttpd sets
	 * the same X-Content-Type-Options on everything it answers
	 * (lighttpd.conf), replacing this one: never twice.
	 */
	PUT(h, "X-Content-Type-Options: nosniff\r\n"
	    "Content-Security-Policy: " RESPONSE_CSP "\r\n");
	cors_headers(&r->settings->cors, r->origin, h);
	if (r->headers.len > 0)
		put(h, r->headers.data, r->headers.len);
	if (rp->extra != NULL)
		put(h, rp->extra, strlen(rp->extra));
}

static void
finish(struct request *r, int status)
{
	r->status = status;
	r->answered = true;
}

/* The header block, empty, with room for an answer's headers. */
static struct buf *
head_begin(struct request *r)
{
	struct buf *head = &r->kept->head;

	buf_reset(head);
	buf_reserve(head, RESPONSE_HEADERS_SIZE);
	return head;
}

/* Sends the header block; false when the client is gone. */
static bool
head_send(struct request *r, const struct reply *rp)
{
	const struct buf *head = &r->kept->head;
	bool ok = writer_put(r->out, head->data, head->len);

	finish(r, rp->status);
	return ok;
}

void
response_empty(struct request *r, const struct reply *rp)
{
	struct buf *h = head_begin(r);

	common_headers(h, r, rp);
	PUT(h, "\r\n");
	(void)head_send(r, rp);
}

bool
response_not_modified(struct request *r, const struct reply *rp)
{
	struct reply nm = *rp;

	/* Most requests come without a validator to compare. */
	if (r->if_none_match == NULL && r->if_modified_since == NULL)
		return false;
	if (!conditional_not_modified(r->if_none_match, r->if_modified_since,
	    rp->etag, rp->last_modified ? data_time(r) : 0, r->now))
		return false;
	nm.status = 304;
	response_empty(r, &nm);
	return true;
}

/* The header block of an answer with a body, in head. */
static void
body_headers(struct request *r, const struct reply *rp,
    long long content_length, const char *content_encoding)
{
	struct buf *h = head_begin(r);

	common_headers(h, r, rp);
	if (rp->content_type == NULL)
		PUT(h, "Content-Type: " CONTENT_TYPE_JSON "\r\n");
	else
		PUT_HEADER(h, "Content-Type: ", rp->content_type);
	if (content_encoding != NULL)
		PUT_HEADER(h, "Content-Encoding: ", content_encoding);
	if (content_length >= 0) {
		PUT(h, "Content-Length: ");
		put_decimal(h, (unsigned long long)content_length);
		PUT(h, "\r\n");
	}
	PUT(h, "\r\n");
}

bool
response_begin(struct request *r, const struct reply *rp,
    long long content_length, const char *content_encoding)
{
	body_headers(r, rp, content_length, content_encoding);
	return head_send(r, rp);
}

enum coding
response_coding(struct request *r, const enum coding *offered, size_t n)
{
	enum coding c = accept_encoding_choose(&r->accept, offered, n);

	if (c == CODING_COUNT)
		response_error_detail(r, 406, NULL, "Accept-Encoding refuses "
		    "every coding of this answer", "Not Acceptable");
	return c;
}

/*
 * The coding of a buffered body of len bytes: gzip when the client takes
 * it and it pays (or identity is refused), else identity.  An error the
 * client refuses every coding of goes out as identity: RFC 9110 12.5.3
 * allows it, and an error nobody can read helps no one.
 */
static enum coding
buffered_coding(struct request *r, const struct reply *rp, size_t len)
{
	static const enum coding offered[] = { CODING_GZIP, CODING_IDENTITY };
	enum coding c;

	if (len < GZIP_MIN_BYTES && r->accept.q[CODING_IDENTITY] > 0)
		return CODING_IDENTITY;
	c = accept_encoding_choose(&r->accept, offered, 2);
	if (c != CODING_COUNT)
		return c;
	return rp->status >= 300 ? CODING_IDENTITY :
	    response_coding(r, offered, 2);
}

/*
 * Sends body[0..len), in the coding named `encoding` (NULL: identity),
 * with its exact length: HEAD gets the same headers, so the length it
 * announces is that of the coding a GET would get.
 */
static void
body_send(struct request *r, const struct reply *rp, const char *body,
    size_t len, const char *encoding)
{
	body_headers(r, rp, (long long)len, encoding);
	if (r->method == METHOD_HEAD)
		(void)head_send(r, rp);
	else if (len <= RESPONSE_ONE_WRITE) {
		/* A lookup's answer, headers and body, in one write. */
		put(&r->kept->head, body, len);
		(void)head_send(r, rp);
	} else if (head_send(r, rp))
		writer_put(r->out, body, len);
}

void
response_send(struct request *r, const struct reply *rp, const char *body,
    size_t len)
{
	const char *encoding = NULL;

	switch (buffered_coding(r, rp, len)) {
	case CODING_GZIP:
		if (gzip_compress(&r->kept->gzip, body, len)) {
			body = r->kept->gzip.data;
			len = r->kept->gzip.len;
			encoding = coding_name(CODING_GZIP);
		}
		break;
	case CODING_COUNT:	/* 406 sent */
		return;
	default:
		break;
	}
	body_send(r, rp, body, len, encoding);
}

void
response_send_coded(struct request *r, const struct reply *rp,
    const char *body, size_t len, enum coding c)
{
	body_send(r, rp, body, len, coding_name(c));
}

/* The error object; detail NULL or "": no "detail" member; more: members
 * of its own, ",\"name\":value..." or NULL. */
static void
error_send(struct request *r, int status, const char *extra,
    const char *detail, const char *more, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT, body = BUF_INIT;
	struct reply rp = {
		.status = status,
		.cache_control = CACHE_NONE,
		.extra = extra,
	};

	buf_vprintf(&msg, fmt, ap);
	buf_puts(&body, "{\"error\":");
	json_cstring(&body, response_reason(status));
	buf_puts(&body, ",\"message\":");
	json_string(&body, buf_str(&msg), msg.len);
	buf_printf(&body, ",\"code\":%d", status);
	if (detail != NULL && detail[0] != '\0') {
		buf_puts(&body, ",\"detail\":");
		json_cstring(&body, detail);
	}
	if (more != NULL)
		buf_puts(&body, more);
	buf_putc(&body, '}');
	response_send(r, &rp, body.data, body.len);
	/* 503 (no database) is logged once by db.c, not per request. */
	if (status >= 500 && status != 503)
		log_warn("%s %.*s: %d %s", r->method_name, (int)r->path_len,
		    r->path, status, buf_str(&msg));
	buf_free(&msg);
	buf_free(&body);
}

void
response_error(struct request *r, int status, const char *extra,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_send(r, status, extra, NULL, NULL, fmt, ap);
	va_end(ap);
}

void
response_error_detail(struct request *r, int status, const char *extra,
    const char *detail, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_send(r, status, extra, detail, NULL, fmt, ap);
	va_end(ap);
}

void
response_error_more(struct request *r, int status, const char *more,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_send(r, status, NULL, NULL, more, fmt, ap);
	va_end(ap);
}

/*
 * lighttpd percent-decodes the value, so every byte but the unreserved ones
 * and '/' is escaped (a header holds no control byte either, and
 * X-Sendfile2's separator, the space, is escaped too).
 */
static void
put_sendfile_path(struct buf *h, const char *path)
{
	uri_encode(h, path, strlen(path), URI_KEPT_PATH);
}

void
response_put_sendfile(struct buf *h, const char *path)
{
	buf_puts(h, "X-Sendfile: ");
	put_sendfile_path(h, path);
	buf_puts(h, "\r\n");
}

void
response_put_sendfile_range(struct buf *h, const char *path,
    long long first, long long last)
{
	buf_puts(h, "X-Sendfile2: ");
	put_sendfile_path(h, path);
	buf_printf(h, " %lld-%lld\r\n", first, last);
}
