#include "gzip.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "log.h"

/* True when the parameters of one element, p[0..n), hold q=0. */
static bool
zero_quality(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		while (i < n && (p[i] == ';' || p[i] == ' ' || p[i] == '\t'))
			i++;
		if (n - i >= 2 && (p[i] == 'q' || p[i] == 'Q') &&
		    p[i + 1] == '=') {
			i += 2;
			if (i >= n || p[i] != '0')
				return false;
			for (i++; i < n && (p[i] == '.' || p[i] == '0'); i++)
				;
			/* "0", "0.", "0.000" are zero; "0.5" is not. */
			return i == n || p[i] == ' ' || p[i] == '\t' ||
			    p[i] == ';';
		}
		while (i < n && p[i] != ';')
			i++;
	}
	return false;
}

bool
gzip_accepted(const char *ae)
{
	int gzip = -1, star = -1;	/* -1 unlisted, 0 refused, 1 taken */
	const char *p = ae, *end, *sep;
	size_t n, namelen;

	if (ae == NULL)
		return false;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = strchr(p, ',');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		sep = memchr(p, ';', n);
		namelen = sep != NULL ? (size_t)(sep - p) : n;
		while (namelen > 0 && (p[namelen - 1] == ' ' ||
		    p[namelen - 1] == '\t'))
			namelen--;
		if ((namelen == 4 && strncasecmp(p, "gzip", 4) == 0) ||
		    (namelen == 6 && strncasecmp(p, "x-gzip", 6) == 0))
			gzip = !zero_quality(p + namelen, n - namelen);
		else if (namelen == 1 && p[0] == '*')
			star = !zero_quality(p + namelen, n - namelen);
		p += n;
	}
	return gzip >= 0 ? gzip == 1 : star == 1;
}

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
