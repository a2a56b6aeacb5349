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
#include "encoding.h"
#include "query.h"
#include "route.h"

struct settings;
struct db;
struct shared;
struct writer;
struct worker_state;

enum method {
	METHOD_GET,
	METHOD_HEAD,
	METHOD_OPTIONS,		/* a CORS preflight, else 405 */
	METHOD_OTHER,		/* 405 */
};

/*
 * The CGI/FastCGI parameters a request is read from (RFC 3875
 * meta-variables), each looked up once: request_param_names[i] is the
 * name of enum value i.
 */
enum request_param {
	REQ_REQUEST_METHOD,
	REQ_REQUEST_URI,
	REQ_SCRIPT_NAME,
	REQ_PATH_INFO,
	REQ_QUERY_STRING,
	REQ_HTTP_IF_NONE_MATCH,
	REQ_HTTP_IF_MODIFIED_SINCE,
	REQ_HTTP_ACCEPT_ENCODING,
	REQ_HTTP_RANGE,
	REQ_HTTP_IF_RANGE,
	REQ_REMOTE_ADDR,
	REQ_HTTP_X_FORWARDED_FOR,
	REQ_HTTP_ORIGIN,
	REQ_HTTP_ACCESS_CONTROL_REQUEST_METHOD,
	REQ_SERVER_PORT,
	REQ_REQUEST_TARGET_NUL,	/* set by lighttpd.conf */
	/* An absolute link's origin (the Atom feed's). */
	REQ_HTTP_HOST,
	REQ_HTTPS,
	REQ_REQUEST_SCHEME,
	REQ_PARAM_MAX
};

extern const char *const request_param_names[REQ_PARAM_MAX];

/*
 * The parameter named s[0..len) (not NUL-terminated: the name of a
 * "NAME=value" pair), or -1 for any other name.
 */
int	request_param_index(const char *s, size_t len);

struct request {
	enum method	 method;
	const char	*method_name;
	const char	*path;		/* raw, percent-encoded, no query */
	size_t		 path_len;
	const char	*query;		/* raw QUERY_STRING, "" when none */
	const char	*if_none_match;
	const char	*if_modified_since;
	/* Range, If-Range: /v1/database's compressed forms (api_database.c) */
	const char	*range;
	const char	*if_range;
	const char	*remote_addr;
	const char	*forwarded_for;	/* X-Forwarded-For */
	const char	*origin;	/* Origin: the page's site (CORS) */
	/* Access-Control-Request-Method: set in a CORS preflight */
	const char	*cors_request_method;
	const char	*server_port;
	const char	*host;		/* Host, or NULL */
	bool		 https;		/* HTTPS=on or REQUEST_SCHEME=https */
	struct accept_encoding accept;	/* Accept-Encoding */
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
	struct worker_state *kept;	/* the worker's, between requests */

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

	struct buf	 headers;	/* header lines added to every answer */
	int		 status;	/* of the answer, once sent */
	bool		 answered;
	struct buf	 path_buf;	/* owns path when it had to be built */

	/* Last: request_init clears the fields above, not its 512 bytes. */
	struct query_error params_error;	/* why the params are not */
};

/*
 * Fills r from the parameters, value[i] that of request_param_names[i]
 * (NULL when absent); the pointers stay valid while the values do.
 */
void	request_init(struct request *r,
	    const char *const value[REQ_PARAM_MAX]);
void	request_free(struct request *r);

#endif
