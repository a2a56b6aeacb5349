/* gzip members of buffered bodies; JSON strings. */
#include "check.h"

#include <stdlib.h>

#include <zlib.h>

#include "buf.h"
#include "gzip.h"
#include "json.h"

/* True when the member z inflates (zlib: another implementation) to in. */
static bool
inflates_to(const struct buf *z, const struct buf *in)
{
	unsigned char *out = malloc(in->len + 1);
	z_stream s;
	bool same;

	CHECK(out != NULL);
	memset(&s, 0, sizeof(s));
	CHECK(inflateInit2(&s, 15 + 16) == Z_OK);
	s.next_in = (Bytef *)z->data;
	s.avail_in = (uInt)z->len;
	s.next_out = out;
	s.avail_out = (uInt)in->len + 1;
	same = inflate(&s, Z_FINISH) == Z_STREAM_END &&
	    s.total_out == in->len && memcmp(out, in->data, in->len) == 0;
	inflateEnd(&s);
	free(out);
	return same;
}

/* Each body is a whole member, the compressor reused from one to the next. */
static void
test_compress(int items)
{
	struct buf in = BUF_INIT, z = BUF_INIT;
	int i;

	for (i = 0; i < items; i++)
		buf_printf(&in, "{\"cis\":%d,\"name\":\"DOLIPRANE\"},", i);
	CHECK(gzip_compress(&z, in.data, in.len));
	CHECK(z.len > 18 && z.len < in.len);
	CHECK((unsigned char)z.data[0] == 0x1f &&
	    (unsigned char)z.data[1] == 0x8b);
	CHECK(inflates_to(&z, &in));
	buf_free(&in);
	buf_free(&z);
}

/*
 * Bytes deflate cannot shrink (stored blocks: the member is larger than
 * them) still fit the room reserved, past what the buffer already holds.
 */
static void
test_incompressible(void)
{
	struct buf in = BUF_INIT, z = BUF_INIT, tail = BUF_INIT;
	unsigned long x = 88172645463325252UL;
	size_t i;

	for (i = 0; i < 300 * 1024; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf_putc(&in, (char)(x & 0xFF));
	}
	buf_puts(&z, "kept");
	CHECK(gzip_compress(&z, in.data, in.len));
	CHECK(z.len > in.len && memcmp(z.data, "kept", 4) == 0);
	buf_append(&tail, z.data + 4, z.len - 4);
	CHECK(inflates_to(&tail, &in));
	buf_free(&in);
	buf_free(&z);
	buf_free(&tail);
}

static void
test_json(void)
{
	struct buf b = BUF_INIT;

	json_cstring(&b, "a\"b\\c\n\x01\x7f\xC3\xA9");
	CHECK_STR(buf_str(&b), "\"a\\\"b\\\\c\\n\\u0001\\u007f\xC3\xA9\"");
	buf_free(&b);
}

int
main(void)
{
	test_compress(200);
	test_compress(20);
	test_compress(200);
	test_incompressible();
	test_compress(5000);
	test_json();
	return check_finish("test_fcgi_gzip");
}
