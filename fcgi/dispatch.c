#include "dispatch.h"

#include <string.h>
#include <time.h>

#include "buf.h"
#include "cors.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "metrics.h"
#include "ratelimit.h"
#include "request.h"
#include "response.h"
#include "route.h"
#include "settings.h"
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

/* Takes the request's tokens; false when it was answered 429. */
static bool
rate_limit(struct request *r, const struct route_result *m)
{
	struct ratelimit_verdict v;
	struct buf extra = BUF_INIT;

	if (!r->settings->ratelimit)
		return true;
	ratelimit_take(r->shared, r, is_preflight(r) ?
	    RATELIMIT_COST_PREFLIGHT : ratelimit_cost(m->id, r->query), &v);
	buf_printf(&r->headers, "X-RateLimit-Limit: %ld\r\n"
	    "X-RateLimit-Remaining: %ld\r\nX-RateLimit-Rate: %ld\r\n",
	    v.limit, v.remaining, v.rate);
	if (v.allowed)
		return true;
	buf_printf(&extra, "Retry-After: %ld\r\n", v.retry_after);
	response_error(r, 429, extra.data, "Rate limit exceeded: retry in %ld "
	    "seconds", v.retry_after);
	buf_free(&extra);
	return false;
}

static void
serve(struct request *r, const struct route_result *m)
{
	const char *param = buf_str(&m->param);
	size_t plen = m->param.len;

	if (m->id == ROUTE_HEALTH) {
		health_serve(r);
		return;
	}
	if (!db_ready(r->db)) {
		response_error(r, 503, NULL, "No data available yet: the "
		    "database is missing or invalid. Retry later");
		return;
	}
	switch (m->id) {
	case ROUTE_MEDICAMENTS:
		medicaments_serve(r);
		break;
	case ROUTE_MEDICAMENTS_EXPORT:
		export_serve(r);
		break;
	case ROUTE_MEDICAMENT:
		medicaments_serve_cis(r, param, plen);
		break;
	case ROUTE_GENERIQUES:
		generiques_serve(r);
		break;
	case ROUTE_GENERIQUE:
		generiques_serve_group(r, param, plen);
		break;
	case ROUTE_PRESENTATIONS:
		presentations_serve(r);
		break;
	case ROUTE_PRESENTATION:
		presentations_serve_cip(r, param, plen);
		break;
	case ROUTE_DIAGNOSTICS:
		diagnostics_serve(r);
		break;
	default:
		response_error(r, 500, NULL, "No handler for this path");
		break;
	}
}

static void
access_log(const struct request *r, const struct route_result *m)
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
	    route_name(m->id), r->out->written, us);
}

void
dispatch(struct request *r)
{
	struct route_result m = ROUTE_RESULT_INIT;

	metrics_begin(r);
	db_refresh(r->db);
	if (r->target_nul) {
		if (rate_limit(r, &m))
			response_error(r, 400, NULL, "The request target must "
			    "not contain a NUL byte");
		goto out;
	}
	if (route_match(r->path, r->path_len, &m) != ROUTE_OK) {
		if (rate_limit(r, &m))
			response_error(r, 400, NULL,
			    "Invalid percent-encoding or UTF-8 in the path");
		goto out;
	}
	if (m.id == ROUTE_METRICS && (r->settings->metrics_port == NULL ||
	    strcmp(r->settings->metrics_port, r->server_port) != 0))
		m.id = ROUTE_NONE;	/* internal port only */
	if (m.id == ROUTE_METRICS) {
		/* Internal: no preflight either. */
		if (r->method != METHOD_GET && r->method != METHOD_HEAD)
			response_error(r, 405, ALLOW_HEADER, "Method %.32s "
			    "not allowed: use GET or HEAD", r->method_name);
		else
			metrics_serve(r);
		goto out;
	}
	if (!rate_limit(r, &m))
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
	else if (m.id == ROUTE_NONE)
		response_error(r, 404, NULL, "No endpoint at this path. "
		    "See /docs");
	else if (m.id == ROUTE_LEGACY)
		gone(r, &m);
	else
		serve(r, &m);
out:
	if (!r->answered)
		response_error(r, 500, NULL, "No answer");
	metrics_end(r, m.id);
	access_log(r, &m);
	route_result_free(&m);
}
