/*
 * Where a response goes.  FastCGI writes to the request's FCGX out stream,
 * CGI to stdout; everything above this file writes through a writer and
 * never knows which.  A write error (the client went away) is sticky: the
 * writer drops everything after it, and the request finishes quietly.
 */
#ifndef MEDICAMENTS_FCGI_WRITER_H
#define MEDICAMENTS_FCGI_WRITER_H

#include <stdbool.h>
#include <stddef.h>

struct writer {
	/* Writes all of data[0..len); returns false on error. */
	bool	(*write)(void *ctx, const char *data, size_t len);
	void	 *ctx;		/* FCGX_Stream * or FILE * */
	bool	  failed;	/* a write failed: output is dropped */
	unsigned long long written;	/* bytes accepted, headers included */
};

/* Writes data[0..len); false once the writer has failed. */
bool	writer_put(struct writer *w, const void *data, size_t len);
bool	writer_puts(struct writer *w, const char *s);

/* A writer on a stdio stream (CGI mode, and tests). */
void	writer_init_stdio(struct writer *w, void *file);

#endif
