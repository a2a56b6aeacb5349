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
#include "writer.h"

/* Room for an answer's headers (about 450 bytes with CORS's). */
#define RESPONSE_HEADERS_SIZE	1024

const char *
response_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 410: return "Gone";
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
 * cost a lookup a quarter of its instructions.
 */
static void
put_header(struct buf *h, const char *name, size_t name_len,
    const char *value)
{
	buf_append(h, name, name_len);
	buf_puts(h, value);
	buf_append(h, "\r\n", 2);
}
#define PUT_HEADER(h, name, value) \
	put_header((h), name, sizeof(name) - 1, (value))

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
	const char *date;
	time_t t;

	buf_append(h, "Status: ", 8);
	buf_put_decimal(h, rp->status);
	buf_putc(h, ' ');
	buf_puts(h, response_reason(rp->status));
	buf_append(h, "\r\n", 2);
	if (rp->etag != NULL && rp->etag[0] != '\0') {
		buf_append(h, "ETag: W/\"", 9);
		buf_puts(h, rp->etag);
		buf_append(h, "\"\r\n", 3);
	}
	if (rp->last_modified && (t = data_time(r)) > 0 &&
	    (date = http_date(t)) != NULL)
		PUT_HEADER(h, "Last-Modified: ", date);
	if (rp->cache_control != NULL)
		PUT_HEADER(h, "Cache-Control: ", rp->cache_control);
	/* With a list of origins, each one is answered its own way. */
	buf_puts(h, r->settings->cors.mode == CORS_LIST ?
	    "Vary: Accept-Encoding, Origin\r\n" : "Vary: Accept-Encoding\r\n");
	cors_headers(&r->settings->cors, r->origin, h);
	buf_append(h, buf_str(&r->headers), r->headers.len);
	if (rp->extra != NULL)
		buf_puts(h, rp->extra);
}

static void
finish(struct request *r, int status)
{
	r->status = status;
	r->answered = true;
}

void
response_empty(struct request *r, const struct reply *rp)
{
	struct buf h = BUF_INIT;

	buf_reserve(&h, RESPONSE_HEADERS_SIZE);
	common_headers(&h, r, rp);
	buf_puts(&h, "\r\n");
	writer_put(r->out, h.data, h.len);
	buf_free(&h);
	finish(r, rp->status);
}

bool
response_not_modified(struct request *r, const struct reply *rp)
{
	struct reply nm = *rp;

	if (!conditional_not_modified(r->if_none_match, r->if_modified_since,
	    rp->etag, rp->last_modified ? data_time(r) : 0, r->now))
		return false;
	nm.status = 304;
	response_empty(r, &nm);
	return true;
}

bool
response_begin(struct request *r, const struct reply *rp,
    long long content_length, const char *content_encoding)
{
	struct buf h = BUF_INIT;
	bool ok;

	/* The headers of an answer, CORS's included, in one allocation. */
	buf_reserve(&h, RESPONSE_HEADERS_SIZE);
	common_headers(&h, r, rp);
	PUT_HEADER(&h, "Content-Type: ", rp->content_type != NULL ?
	    rp->content_type : CONTENT_TYPE_JSON);
	if (content_encoding != NULL)
		PUT_HEADER(&h, "Content-Encoding: ", content_encoding);
	if (content_length >= 0) {
		buf_append(&h, "Content-Length: ", 16);
		buf_put_decimal(&h, content_length);
		buf_append(&h, "\r\n", 2);
	}
	buf_append(&h, "\r\n", 2);
	ok = writer_put(r->out, h.data, h.len);
	buf_free(&h);
	finish(r, rp->status);
	return ok;
}

void
response_send(struct request *r, const struct reply *rp, const char *body,
    size_t len)
{
	struct buf z = BUF_INIT;
	const char *encoding = NULL;

	if (r->gzip && len >= GZIP_MIN_BYTES) {
		if (gzip_compress(&z, body, len)) {
			body = z.data;
			len = z.len;
			encoding = "gzip";
		}
	}
	if (response_begin(r, rp, (long long)len, encoding) &&
	    r->method != METHOD_HEAD)
		writer_put(r->out, body, len);
	buf_free(&z);
}

/* The error object; detail NULL or "": no "detail" member. */
static void
error_send(struct request *r, int status, const char *extra,
    const char *detail, const char *fmt, va_list ap)
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
	error_send(r, status, extra, NULL, fmt, ap);
	va_end(ap);
}

void
response_error_detail(struct request *r, int status, const char *extra,
    const char *detail, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_send(r, status, extra, detail, fmt, ap);
	va_end(ap);
}
