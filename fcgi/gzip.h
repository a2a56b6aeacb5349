/*
 * Content coding: whether the client takes gzip (Accept-Encoding, RFC 9110
 * 12.5.3) and gzip members of buffered bodies (zlib).
 */
#ifndef MEDICAMENTS_FCGI_GZIP_H
#define MEDICAMENTS_FCGI_GZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Bodies shorter than this are sent as they are: gzip would not pay. */
#define GZIP_MIN_BYTES	512

/*
 * True when the Accept-Encoding field value admits gzip: "gzip" or
 * "x-gzip" with a non-zero q, or else "*" with a non-zero q.
 */
bool	gzip_accepted(const char *accept_encoding);

/* Appends the gzip member of in[0..n) to out; false on a zlib error. */
bool	gzip_compress(struct buf *out, const void *in, size_t n);

#endif
