#include "dispatch.h"

#include <string.h>
#include <time.h>

#include "buf.h"
#include "cors.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "metrics.h"
#include "query.h"
#include "ratelimit.h"
#include "request.h"
#include "response.h"
#include "route.h"
#include "settings.h"
#include "worker_state.h"
#include "writer.h"

#define ALLOW_HEADER	"Allow: GET, HEAD\r\n"
/* The old paths' announced sunset, passed. */
#define SUNSET_HEADER	"Sunset: Fri, 31 Jul 2026 23:59:59 GMT\r\n"

static void
gone(struct request *r, const struct route_result *m)
{
	struct buf extra = BUF_INIT;

	buf_printf(&extra, "Link: <%s>; rel=\"successor-version\"\r\n"
	    SUNSET_HEADER, buf_str(&m->successor));
	/* The Go service's text: the path as asked, the sunset's instant. */
	response_error(r, 410, extra.data, "Endpoint %.*s was removed on "
	    "2026-07-31T23:59:59Z. Use %s instead",
	    (int)(r->path_len > 512 ? 512 : r->path_len), r->path,
	    buf_str(&m->successor));
	buf_free(&extra);
}

/*
 * A CORS preflight: the browser asks, before a request a page made with
 * headers of its own (If-None-Match), whether it may send it.  Only when
 * CORS is on: otherwise OPTIONS is a method like any other (405).
 */
static bool
is_preflight(const struct request *r)
{
	return r->method == METHOD_OPTIONS &&
	    r->cors_request_method != NULL &&
	    r->settings->cors.mode != CORS_OFF;
}

/*
 * 204 on any path of the workers, unknown ones too: the request that
 * follows gets its 404 (or 410) with the CORS headers, which the page can
 * then read.  The request's method and headers are never echoed: the
 * answer lists what the API takes, the browser compares.
 */
static void
preflight(struct request *r)
{
	struct reply rp = {
		.status = 204,
		.extra = CORS_PREFLIGHT_HEADERS,
	};

	response_empty(r, &rp);
}

/*
 * Reads the query against the route's parameters, once: the rate limit
 * prices the request from them, the handler reads them.  A route without
 * parameters never looks at its query string.
 */
static void
read_params(struct request *r)
{
	const struct route *rt = r->route;

	r->params_read = rt->nparams == 0 || query_parse(r->query,
	    rt->params, rt->nparams, r->params, &r->params_error,
	    &r->kept->query);
}

/* Takes the request's tokens; false when it was answered 429. */
static bool
rate_limit(struct request *r)
{
	struct ratelimit_verdict v;
	struct buf extra = BUF_INIT;

	if (!r->settings->ratelimit)
		return true;
	ratelimit_take(r->shared, r, is_preflight(r) ?
	    RATELIMIT_COST_PREFLIGHT : route_cost(r->route, r->params), &v);
	/* Every answer pays for these: no printf. */
	buf_puts(&r->headers, "X-RateLimit-Limit: ");
	buf_put_decimal(&r->headers, v.limit);
	buf_puts(&r->headers, "\r\nX-RateLimit-Remaining: ");
	buf_put_decimal(&r->headers, v.remaining);
	buf_puts(&r->headers, "\r\nX-RateLimit-Rate: ");
	buf_put_decimal(&r->headers, v.rate);
	buf_puts(&r->headers, "\r\n");
	if (v.allowed)
		return true;
	buf_printf(&extra, "Retry-After: %ld\r\n", v.retry_after);
	response_error(r, 429, extra.data, "Rate limit exceeded: retry in %ld "
	    "seconds", v.retry_after);
	buf_free(&extra);
	return false;
}

/* A 400 for the parameters: the Go service's message, and our detail. */
static void
refuse(struct request *r, const char *message, const char *detail)
{
	response_error_detail(r, 400, NULL, detail, "%s", message);
}

/*
 * The database, then the query as read, then the "{...}" segment, then
 * the combination of parameters the route refuses, then their values:
 * each refusal answered here, so that a handler only reads what it is
 * handed.
 */
static void
serve(struct request *r, const struct route_result *m)
{
	const struct route *rt = r->route;
	const struct route_refusal *refusal;

	if (!(rt->flags & ROUTE_NO_DATABASE) && !db_ready(r->db)) {
		response_error(r, 503, NULL, "No data available yet: the "
		    "database is missing or invalid. Retry later");
		return;
	}
	if (!r->params_read) {
		refuse(r, r->params_error.message, r->params_error.detail);
		return;
	}
	if (rt->segment != NULL) {
		r->segment.text = m->param.data;
		r->segment.len = m->param.len;
		r->segment.seen = r->segment.present = true;
		if (!rt->segment(buf_str(&m->param), m->param.len,
		    &r->segment.number, &r->params_error)) {
			refuse(r, r->params_error.message,
			    r->params_error.detail);
			return;
		}
	}
	if ((refusal = route_refuses(rt, r->params)) != NULL) {
		refuse(r, refusal->message, refusal->detail);
		return;
	}
	if (!query_validate(rt->params, rt->nparams, r->params,
	    &r->params_error)) {
		refuse(r, r->params_error.message, r->params_error.detail);
		return;
	}
	if (rt->serve == NULL)
		response_error(r, 500, NULL, "No handler for this path");
	else
		rt->serve(r);
}

static void
access_log(const struct request *r)
{
	struct timespec end;
	long long us = 0;

	if (!log_enabled(LOG_DEBUG))
		return;
	if (clock_gettime(CLOCK_MONOTONIC, &end) == 0)
		us = (long long)(end.tv_sec - r->started.tv_sec) * 1000000 +
		    (end.tv_nsec - r->started.tv_nsec) / 1000;
	log_debug("%s %.*s%s%.*s %d %s %llu bytes %lld us", r->method_name,
	    (int)(r->path_len > 512 ? 512 : r->path_len), r->path,
	    *r->query != '\0' ? "?" : "", 512, r->query, r->status,
	    r->route->name, r->out->written, us);
}

/* An internal route (/metrics) elsewhere than on METRICS_PORT is none. */
static bool
reachable(const struct request *r, enum route_id id)
{
	return !(route_get(id)->flags & ROUTE_INTERNAL) ||
	    (r->settings->metrics_port != NULL &&
	    strcmp(r->settings->metrics_port, r->server_port) == 0);
}

void
dispatch(struct request *r)
{
	/* The worker's: its buffers, grown once, spare an allocation. */
	struct route_result *m = &r->kept->match;

	m->id = ROUTE_NONE;	/* until route_match says */
	r->route = route_get(ROUTE_NONE);
	metrics_begin(r);
	db_refresh(r->db);
	if (r->target_nul) {
		if (rate_limit(r))
			response_error(r, 400, NULL, "The request target must "
			    "not contain a NUL byte");
		goto out;
	}
	if (route_match(r->path, r->path_len, m) != ROUTE_OK) {
		if (rate_limit(r))
			response_error(r, 400, NULL,
			    "Invalid percent-encoding or UTF-8 in the path");
		goto out;
	}
	if (!reachable(r, m->id))
		m->id = ROUTE_NONE;
	r->route = route_get(m->id);
	read_params(r);
	if (r->route->flags & ROUTE_INTERNAL) {
		/* Internal: no rate limit, no preflight either. */
		if (r->method != METHOD_GET && r->method != METHOD_HEAD)
			response_error(r, 405, ALLOW_HEADER, "Method %.32s "
			    "not allowed: use GET or HEAD", r->method_name);
		else
			serve(r, m);
		goto out;
	}
	if (!rate_limit(r))
		goto out;
	/*
	 * Nothing this server has, API or page, takes another method (pages
	 * need no CORS: lighttpd sends every other method here).
	 */
	if (is_preflight(r))
		preflight(r);
	else if (r->method != METHOD_GET && r->method != METHOD_HEAD)
		response_error(r, 405, ALLOW_HEADER, "Method %.32s not "
		    "allowed: use GET or HEAD", r->method_name);
	else if (m->id == ROUTE_NONE)
		response_error(r, 404, NULL, "No endpoint at this path. "
		    "See /docs");
	else if (m->id == ROUTE_LEGACY)
		gone(r, m);
	else
		serve(r, m);
out:
	if (!r->answered)
		response_error(r, 500, NULL, "No answer");
	metrics_end(r, m->id);
	access_log(r);
	query_values_free(r->params, r->route->nparams);
	worker_state_recycle(r->kept);
}
