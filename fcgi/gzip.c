#include "gzip.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <zlib.h>

#include "log.h"

bool
gzip_compress(struct buf *out, const void *in, size_t n)
{
	z_stream z;
	uLong bound;
	bool ok = false;
	int rc;

	if (n > UINT_MAX / 2)
		return false;	/* bodies are far smaller; zlib counts in uInt */
	memset(&z, 0, sizeof(z));
	/* 15 + 16: a gzip wrapper; memLevel 8 is zlib's default. */
	if ((rc = deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY)) != Z_OK) {
		log_error("deflateInit2: %s", zError(rc));
		return false;
	}
	bound = deflateBound(&z, (uLong)n);
	buf_reserve(out, bound);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out->data + out->len;
	z.avail_out = (uInt)bound;
	if ((rc = deflate(&z, Z_FINISH)) != Z_STREAM_END) {
		log_error("deflate: %s", zError(rc));
		goto out;
	}
	out->len += z.total_out;
	out->data[out->len] = '\0';
	ok = true;
out:
	deflateEnd(&z);
	return ok;
}
