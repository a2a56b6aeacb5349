#include "gzip.h"

#include <isa-l/igzip_lib.h>

#include "log.h"

/*
 * The stream and the level-1 hash tables, for the worker's life: a
 * stateless call sets them up in place, so nothing is allocated per
 * answer (zlib's deflateInit2 and deflateEnd allocated and cleared 268 KB
 * every time).  Static, so a CGI request that compresses nothing never
 * touches their pages.  ISAL_DEF_LVL1_SMALL: the large tables compress
 * the search answers of the 2022 dump to the same bytes in the same
 * instructions, with 200 KB more.
 */
static struct isal_zstream stream;
static unsigned char level_buf[ISAL_DEF_LVL1_SMALL];

/*
 * Room for the member of n bytes: ISA-L falls back to stored blocks (5
 * bytes each 64 KiB) when deflate would grow the input, plus the gzip
 * header and trailer; generous, a buffer reused from one answer to the
 * next.
 */
static size_t
gzip_bound(size_t n)
{
	return n + n / 8 + 1024;
}

bool
gzip_compress(struct buf *out, const void *in, size_t n)
{
	size_t bound = gzip_bound(n);
	int rc;

	/* ISA-L counts in 32 bits; bodies are far smaller. */
	if (n > UINT32_MAX / 2)
		return false;
	buf_reserve(out, bound);
	isal_deflate_stateless_init(&stream);
	stream.gzip_flag = IGZIP_GZIP;
	stream.level = GZIP_LEVEL;
	stream.level_buf = level_buf;
	stream.level_buf_size = sizeof(level_buf);
	stream.end_of_stream = 1;
	stream.flush = NO_FLUSH;
	stream.next_in = (uint8_t *)(uintptr_t)in;
	stream.avail_in = (uint32_t)n;
	stream.next_out = (uint8_t *)out->data + out->len;
	stream.avail_out = (uint32_t)bound;
	if ((rc = isal_deflate_stateless(&stream)) != COMP_OK) {
		/* Cannot happen with the bound's room: logged, sent plain. */
		log_error("isal_deflate_stateless: error %d for %zu bytes", rc,
		    n);
		return false;
	}
	out->len += stream.total_out;
	out->data[out->len] = '\0';
	return true;
}
