/*
 * The smallest FastCGI answer: a JSON string of BODY_SIZE bytes (or of the
 * size the query asks for).  bench/api
 * runs it behind the same lighttpd configuration as the workers to measure
 * what the FastCGI hop alone costs, so that the workers' figures can be
 * read against it.  It ends each request the way medicaments-fcgi does
 * (fcgi/main.c fcgx_finish): stdin drained to its end, then the socket
 * closed without libfcgi's shutdown-and-wait.  Not part of the product.
 */
#include <fcgiapp.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef BODY_SIZE
#define BODY_SIZE 1024
#endif
#define MAX_SIZE (1 << 20)

/*
 * "bytes=N" in the query asks for a body of N bytes (2 to MAX_SIZE), so
 * that the hop can carry answers as large as a scenario's (bench/api: each
 * search answer's size as sent, compressed when the client asked for it;
 * the hop ignores Accept-Encoding); BODY_SIZE otherwise.
 */
static size_t
body_size(const char *query)
{
	const char *p = query != NULL ? strstr(query, "bytes=") : NULL;
	char *end;
	unsigned long n;

	if (p == NULL)
		return BODY_SIZE;
	n = strtoul(p + 6, &end, 10);
	return end == p + 6 || n < 2 || n > MAX_SIZE ? BODY_SIZE : (size_t)n;
}

/* The headers of a body of size bytes into out[cap]: their length, or -1. */
static int
format_headers(char *out, size_t cap, size_t size)
{
	/* libfcgi's own printf knows no %zu: the headers are formatted here. */
	int n = snprintf(out, cap, "Status: 200 OK\r\nContent-Type: "
	    "application/json\r\nContent-Length: %zu\r\n\r\n", size);

	return n < 0 || (size_t)n >= cap ? -1 : n;
}

int
main(void)
{
	FCGX_Request req;
	char fixed_headers[128], sized_headers[128], *body;
	int fixed_len;

	if ((body = malloc(MAX_SIZE)) == NULL)
		return 1;
	memset(body, 'x', MAX_SIZE);
	body[0] = '"';
	/* The bare hop's answer costs what it did before ?bytes= existed. */
	if ((fixed_len = format_headers(fixed_headers, sizeof(fixed_headers),
	    BODY_SIZE)) < 0)
		return 1;
	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&req) >= 0) {
		size_t size = body_size(FCGX_GetParam("QUERY_STRING", req.envp));
		const char *headers = fixed_headers;
		int headers_len = fixed_len;
		char trash[4096];
		int fd;

		if (size != BODY_SIZE) {
			headers = sized_headers;
			if ((headers_len = format_headers(sized_headers,
			    sizeof(sized_headers), size)) < 0)
				return 1;
		}
		body[size - 1] = '"';
		if (FCGX_PutStr(headers, headers_len, req.out) != headers_len ||
		    FCGX_PutStr(body, (int)size, req.out) != (int)size)
			(void)fputs("fcgi-hello: client gone\n", stderr);
		body[size - 1] = 'x';
		while (FCGX_GetStr(trash, (int)sizeof(trash), req.in) > 0)
			continue;
		req.keepConnection = 1;
		FCGX_Finish_r(&req);
		if ((fd = req.ipcFd) >= 0) {
			req.ipcFd = -1;
			if (close(fd) == -1)
				perror("fcgi-hello: close");
		}
	}
	free(body);
	return 0;
}
