/*
 * gzip members of buffered bodies (zlib).
 */
#ifndef MEDICAMENTS_FCGI_GZIP_H
#define MEDICAMENTS_FCGI_GZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Bodies shorter than this are sent as they are: gzip would not pay. */
#define GZIP_MIN_BYTES	512

/* Appends the gzip member of in[0..n) to out; false on a zlib error. */
bool	gzip_compress(struct buf *out, const void *in, size_t n);

#endif
