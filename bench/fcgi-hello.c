/*
 * The smallest FastCGI answer: a fixed JSON body of BODY_SIZE bytes.  bench/api
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

int
main(void)
{
	FCGX_Request req;
	size_t size = BODY_SIZE;
	char headers[128], *body;
	int headers_len;

	if (size == 0 || size > 1 << 20 || (body = malloc(size)) == NULL)
		return 1;
	memset(body, 'x', size);
	body[0] = '"';
	body[size - 1] = '"';
	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0)
		return 1;
	/* libfcgi's own printf knows no %zu: the headers are formatted here. */
	headers_len = snprintf(headers, sizeof(headers), "Status: 200 OK\r\n"
	    "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
	    size);
	if (headers_len < 0 || (size_t)headers_len >= sizeof(headers))
		return 1;
	while (FCGX_Accept_r(&req) >= 0) {
		char trash[4096];
		int fd;

		if (FCGX_PutStr(headers, headers_len, req.out) != headers_len ||
		    FCGX_PutStr(body, (int)size, req.out) != (int)size)
			(void)fputs("fcgi-hello: client gone\n", stderr);
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
