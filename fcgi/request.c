#include "request.h"

#include <string.h>

#include "gzip.h"

static const char *
param_or(request_param_fn param, void *ctx, const char *name,
    const char *fallback)
{
	const char *v = param(ctx, name);

	return v != NULL ? v : fallback;
}

void
request_init(struct request *r, request_param_fn param, void *ctx)
{
	const char *uri, *q;

	memset(r, 0, sizeof(*r));
	r->method_name = param_or(param, ctx, "REQUEST_METHOD", "GET");
	if (strcmp(r->method_name, "GET") == 0)
		r->method = METHOD_GET;
	else if (strcmp(r->method_name, "HEAD") == 0)
		r->method = METHOD_HEAD;
	else if (strcmp(r->method_name, "OPTIONS") == 0)
		r->method = METHOD_OPTIONS;
	else
		r->method = METHOD_OTHER;

	/*
	 * REQUEST_URI is the path as the client sent it (lighttpd keeps it
	 * raw); SCRIPT_NAME + PATH_INFO is the fallback of plain CGI
	 * servers, already decoded by them, so re-read as is.
	 */
	uri = param(ctx, "REQUEST_URI");
	if (uri != NULL && *uri != '\0') {
		q = strchr(uri, '?');
		r->path = uri;
		r->path_len = q != NULL ? (size_t)(q - uri) : strlen(uri);
	} else {
		buf_puts(&r->path_buf, param_or(param, ctx, "SCRIPT_NAME",
		    ""));
		buf_puts(&r->path_buf, param_or(param, ctx, "PATH_INFO", ""));
		if (r->path_buf.len == 0)
			buf_putc(&r->path_buf, '/');
		r->path = r->path_buf.data;
		r->path_len = r->path_buf.len;
	}
	r->query = param_or(param, ctx, "QUERY_STRING", "");
	r->if_none_match = param(ctx, "HTTP_IF_NONE_MATCH");
	r->if_modified_since = param(ctx, "HTTP_IF_MODIFIED_SINCE");
	r->gzip = gzip_accepted(param(ctx, "HTTP_ACCEPT_ENCODING"));
	r->remote_addr = param_or(param, ctx, "REMOTE_ADDR", "");
	r->forwarded_for = param(ctx, "HTTP_X_FORWARDED_FOR");
	r->origin = param(ctx, "HTTP_ORIGIN");
	r->cors_request_method = param(ctx,
	    "HTTP_ACCESS_CONTROL_REQUEST_METHOD");
	r->server_port = param_or(param, ctx, "SERVER_PORT", "");
	/*
	 * A parameter is a C string: a NUL byte sent in the target cuts it
	 * short without a trace, and only lighttpd, which saw the whole
	 * target, can tell (lighttpd.conf sets this flag).
	 */
	r->target_nul = param(ctx, "REQUEST_TARGET_NUL") != NULL;
	r->now = time(NULL);
	if (clock_gettime(CLOCK_MONOTONIC, &r->started) == -1)
		memset(&r->started, 0, sizeof(r->started));
}

void
request_free(struct request *r)
{
	buf_free(&r->headers);
	buf_free(&r->path_buf);
}
