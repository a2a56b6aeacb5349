/*
 * One request and what answering it needs.  The fields come from the
 * CGI/FastCGI parameters (RFC 3875 meta-variables) and point into them:
 * they live until the request is finished.
 */
#ifndef MEDICAMENTS_FCGI_REQUEST_H
#define MEDICAMENTS_FCGI_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "query.h"
#include "route.h"

struct settings;
struct db;
struct shared;
struct writer;

enum method {
	METHOD_GET,
	METHOD_HEAD,
	METHOD_OPTIONS,		/* a CORS preflight, else 405 */
	METHOD_OTHER,		/* 405 */
};

/* Reads one CGI/FastCGI parameter; NULL when absent. */
typedef const char *(*request_param_fn)(void *ctx, const char *name);

struct request {
	enum method	 method;
	const char	*method_name;
	const char	*path;		/* raw, percent-encoded, no query */
	size_t		 path_len;
	const char	*query;		/* raw QUERY_STRING, "" when none */
	const char	*if_none_match;
	const char	*if_modified_since;
	const char	*remote_addr;
	const char	*forwarded_for;	/* X-Forwarded-For */
	const char	*origin;	/* Origin: the page's site (CORS) */
	/* Access-Control-Request-Method: set in a CORS preflight */
	const char	*cors_request_method;
	const char	*server_port;
	bool		 gzip;		/* Accept-Encoding admits gzip */
	bool		 target_nul;	/* the target held a NUL byte (lighttpd.conf) */
	/*
	 * The front end sends a file named by an X-Sendfile header (lighttpd's
	 * FastCGI, lighttpd.conf); false in CGI mode: /v1/database streams.
	 */
	bool		 xsendfile;
	time_t		 now;
	struct timespec	 started;	/* CLOCK_MONOTONIC, for the log */

	const struct settings *settings;
	struct db	*db;
	struct shared	*shared;	/* state shared by the workers */
	struct writer	*out;

	/*
	 * Read once by dispatch.c from the route's row (route.h), for the
	 * rate limit, the handler and the logs.  segment is the "{...}" path
	 * segment, validated (its text not owned); params[i] the value of
	 * route->params[i].
	 */
	const struct route *route;
	struct query_value segment;
	struct query_value params[ROUTE_MAX_PARAMS];
	bool		 params_read;	/* the query decoded (else 400) */
	bool		 params_valid;	/* ... and every value is valid */
	struct query_error params_error;	/* why not */

	struct buf	 headers;	/* header lines added to every answer */
	int		 status;	/* of the answer, once sent */
	bool		 answered;
	struct buf	 path_buf;	/* owns path when it had to be built */
};

/* Fills r from the parameters; the pointers stay valid while they do. */
void	request_init(struct request *r, request_param_fn param, void *ctx);
void	request_free(struct request *r);

#endif
