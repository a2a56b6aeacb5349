/*
 * A request read from its CGI/FastCGI parameters: each name of the table
 * found by request_param_index (and no other), and request_init's
 * fallbacks.
 */
#include "check.h"

#include "request.h"

static int
index_of(const char *name)
{
	return request_param_index(name, strlen(name));
}

static void
test_names(void)
{
	char name[64];
	size_t n;
	int i;

	for (i = 0; i < REQ_PARAM_MAX; i++) {
		CHECK(request_param_names[i] != NULL);
		CHECK(index_of(request_param_names[i]) == i);
		/* As it comes in a FastCGI request: "NAME=value". */
		n = strlen(request_param_names[i]);
		CHECK(n < sizeof(name) - 3);
		memcpy(name, request_param_names[i], n);
		memcpy(name + n, "=x", 3);
		CHECK(request_param_index(name, n) == i);
		/* One byte off, shorter or longer: another name. */
		CHECK(request_param_index(name, n - 1) == -1);
		CHECK(request_param_index(name, n + 1) == -1);
		name[0] = 'X';
		CHECK(request_param_index(name, n) == -1);
		memcpy(name, request_param_names[i], n);
		name[n - 1] = 'x';
		CHECK(request_param_index(name, n) == -1);
	}
	/* lighttpd's others, some of the same lengths. */
	CHECK(index_of("SERVER_ADDR") == -1);
	CHECK(index_of("REMOTE_PORT") == -1);
	CHECK(index_of("SERVER_NAME") == -1);
	CHECK(index_of("HTTP_ACCEPT") == -1);
	CHECK(index_of("HTTP_USER_AGENT") == -1);
	CHECK(index_of("GATEWAY_INTERFACE") == -1);
	CHECK(index_of("HTTP_IF_MATCH") == -1);
	CHECK(index_of("") == -1);
	CHECK(index_of("request_uri") == -1);
}

static void
test_init(void)
{
	const char *v[REQ_PARAM_MAX] = { NULL };
	struct request r;

	request_init(&r, v);
	CHECK_STR(r.method_name, "GET");
	CHECK(r.method == METHOD_GET);
	CHECK(r.path_len == 1 && r.path[0] == '/');
	CHECK_STR(r.query, "");
	CHECK_STR(r.remote_addr, "");
	CHECK(r.if_none_match == NULL && r.accept.q[CODING_GZIP] == 0 &&
	    !r.target_nul);
	CHECK_STR(r.params_error.message, "");
	request_free(&r);

	v[REQ_REQUEST_METHOD] = "HEAD";
	v[REQ_REQUEST_URI] = "/v1/medicaments/60002283?x=1";
	v[REQ_QUERY_STRING] = "x=1";
	v[REQ_HTTP_ACCEPT_ENCODING] = "br, gzip";
	v[REQ_REQUEST_TARGET_NUL] = "1";
	request_init(&r, v);
	CHECK(r.method == METHOD_HEAD);
	CHECK(r.path_len == 24 &&
	    memcmp(r.path, "/v1/medicaments/60002283", 24) == 0);
	CHECK_STR(r.query, "x=1");
	CHECK(r.accept.q[CODING_GZIP] == 1000 && r.target_nul);
	request_free(&r);

	/* A plain CGI server's SCRIPT_NAME + PATH_INFO. */
	v[REQ_REQUEST_METHOD] = "PUT";
	v[REQ_REQUEST_URI] = "";
	v[REQ_SCRIPT_NAME] = "/v1";
	v[REQ_PATH_INFO] = "/medicaments";
	request_init(&r, v);
	CHECK(r.method == METHOD_OTHER);
	CHECK(r.path_len == 15 && memcmp(r.path, "/v1/medicaments", 15) == 0);
	request_free(&r);
}

int
main(void)
{
	test_names();
	test_init();
	return check_finish("test_fcgi_request");
}
