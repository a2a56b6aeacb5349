#include "request.h"

#include <stddef.h>
#include <string.h>

#include "encoding.h"

const char *const request_param_names[REQ_PARAM_MAX] = {
	[REQ_REQUEST_METHOD] = "REQUEST_METHOD",
	[REQ_REQUEST_URI] = "REQUEST_URI",
	[REQ_SCRIPT_NAME] = "SCRIPT_NAME",
	[REQ_PATH_INFO] = "PATH_INFO",
	[REQ_QUERY_STRING] = "QUERY_STRING",
	[REQ_HTTP_IF_NONE_MATCH] = "HTTP_IF_NONE_MATCH",
	[REQ_HTTP_IF_MODIFIED_SINCE] = "HTTP_IF_MODIFIED_SINCE",
	[REQ_HTTP_ACCEPT_ENCODING] = "HTTP_ACCEPT_ENCODING",
	[REQ_HTTP_RANGE] = "HTTP_RANGE",
	[REQ_HTTP_IF_RANGE] = "HTTP_IF_RANGE",
	[REQ_REMOTE_ADDR] = "REMOTE_ADDR",
	[REQ_HTTP_X_FORWARDED_FOR] = "HTTP_X_FORWARDED_FOR",
	[REQ_HTTP_ORIGIN] = "HTTP_ORIGIN",
	[REQ_HTTP_ACCESS_CONTROL_REQUEST_METHOD] =
	    "HTTP_ACCESS_CONTROL_REQUEST_METHOD",
	[REQ_SERVER_PORT] = "SERVER_PORT",
	[REQ_REQUEST_TARGET_NUL] = "REQUEST_TARGET_NUL",
	[REQ_HTTP_HOST] = "HTTP_HOST",
	[REQ_HTTPS] = "HTTPS",
	[REQ_REQUEST_SCHEME] = "REQUEST_SCHEME",
};

/*
 * A FastCGI request carries some 25 parameters, each one looked up here:
 * a switch on the length and a byte that tells the names of that length
 * apart, then one comparison with a literal, which the compiler inlines.
 * A new name needs its case: the unit test checks that each one finds
 * itself.
 */
#define NAME_IS(literal, i) \
	(len == sizeof(literal) - 1 && memcmp(s, literal, len) == 0 ? (i) : -1)

int
request_param_index(const char *s, size_t len)
{
	switch (len) {
	case 5:
		return NAME_IS("HTTPS", REQ_HTTPS);
	case 9:
		return s[0] == 'P' ? NAME_IS("PATH_INFO", REQ_PATH_INFO) :
		    NAME_IS("HTTP_HOST", REQ_HTTP_HOST);
	case 10:
		return NAME_IS("HTTP_RANGE", REQ_HTTP_RANGE);
	case 11:
		switch (s[5]) {
		case 'S':
			return NAME_IS("REQUEST_URI", REQ_REQUEST_URI);
		case 'T':
			return NAME_IS("SCRIPT_NAME", REQ_SCRIPT_NAME);
		case 'E':
			return NAME_IS("REMOTE_ADDR", REQ_REMOTE_ADDR);
		case 'O':
			return NAME_IS("HTTP_ORIGIN", REQ_HTTP_ORIGIN);
		case 'R':
			return NAME_IS("SERVER_PORT", REQ_SERVER_PORT);
		default:
			return -1;
		}
	case 12:
		return NAME_IS("QUERY_STRING", REQ_QUERY_STRING);
	case 13:
		return NAME_IS("HTTP_IF_RANGE", REQ_HTTP_IF_RANGE);
	case 14:
		return s[8] == 'M' ?
		    NAME_IS("REQUEST_METHOD", REQ_REQUEST_METHOD) :
		    NAME_IS("REQUEST_SCHEME", REQ_REQUEST_SCHEME);
	case 18:
		return s[5] == 'I' ?
		    NAME_IS("HTTP_IF_NONE_MATCH", REQ_HTTP_IF_NONE_MATCH) :
		    NAME_IS("REQUEST_TARGET_NUL", REQ_REQUEST_TARGET_NUL);
	case 20:
		return s[5] == 'A' ?
		    NAME_IS("HTTP_ACCEPT_ENCODING", REQ_HTTP_ACCEPT_ENCODING) :
		    NAME_IS("HTTP_X_FORWARDED_FOR", REQ_HTTP_X_FORWARDED_FOR);
	case 22:
		return NAME_IS("HTTP_IF_MODIFIED_SINCE",
		    REQ_HTTP_IF_MODIFIED_SINCE);
	case 34:
		return NAME_IS("HTTP_ACCESS_CONTROL_REQUEST_METHOD",
		    REQ_HTTP_ACCESS_CONTROL_REQUEST_METHOD);
	default:
		return -1;
	}
}

static const char *
value_or(const char *value, const char *fallback)
{
	return value != NULL ? value : fallback;
}

void
request_init(struct request *r, const char *const value[REQ_PARAM_MAX])
{
	const char *uri, *q;

	memset(r, 0, offsetof(struct request, params_error));
	r->params_error.message[0] = r->params_error.detail[0] = '\0';
	r->method_name = value_or(value[REQ_REQUEST_METHOD], "GET");
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
	uri = value[REQ_REQUEST_URI];
	if (uri != NULL && *uri != '\0') {
		q = strchr(uri, '?');
		r->path = uri;
		r->path_len = q != NULL ? (size_t)(q - uri) : strlen(uri);
	} else {
		buf_puts(&r->path_buf, value_or(value[REQ_SCRIPT_NAME], ""));
		buf_puts(&r->path_buf, value_or(value[REQ_PATH_INFO], ""));
		if (r->path_buf.len == 0)
			buf_putc(&r->path_buf, '/');
		r->path = r->path_buf.data;
		r->path_len = r->path_buf.len;
	}
	r->query = value_or(value[REQ_QUERY_STRING], "");
	r->if_none_match = value[REQ_HTTP_IF_NONE_MATCH];
	r->if_modified_since = value[REQ_HTTP_IF_MODIFIED_SINCE];
	r->range = value[REQ_HTTP_RANGE];
	r->if_range = value[REQ_HTTP_IF_RANGE];
	accept_encoding_parse(value[REQ_HTTP_ACCEPT_ENCODING], &r->accept);
	r->remote_addr = value_or(value[REQ_REMOTE_ADDR], "");
	r->forwarded_for = value[REQ_HTTP_X_FORWARDED_FOR];
	r->origin = value[REQ_HTTP_ORIGIN];
	r->cors_request_method = value[REQ_HTTP_ACCESS_CONTROL_REQUEST_METHOD];
	r->server_port = value_or(value[REQ_SERVER_PORT], "");
	r->host = value[REQ_HTTP_HOST];
	r->https = (value[REQ_HTTPS] != NULL &&
	    strcmp(value[REQ_HTTPS], "on") == 0) ||
	    (value[REQ_REQUEST_SCHEME] != NULL &&
	    strcmp(value[REQ_REQUEST_SCHEME], "https") == 0);
	/*
	 * A parameter is a C string: a NUL byte sent in the target cuts it
	 * short without a trace, and only lighttpd, which saw the whole
	 * target, can tell (lighttpd.conf sets this flag).
	 */
	r->target_nul = value[REQ_REQUEST_TARGET_NUL] != NULL;
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
