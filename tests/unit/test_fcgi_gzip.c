/* gzip members of buffered bodies; JSON strings. */
#include "check.h"

#include <zlib.h>

#include "buf.h"
#include "gzip.h"
#include "json.h"

static void
test_compress(void)
{
	struct buf in = BUF_INIT, z = BUF_INIT;
	unsigned char out[8192];
	z_stream s;
	int i;

	for (i = 0; i < 200; i++)
		buf_printf(&in, "{\"cis\":%d,\"name\":\"DOLIPRANE\"},", i);
	CHECK(gzip_compress(&z, in.data, in.len));
	CHECK(z.len > 18 && z.len < in.len);
	CHECK((unsigned char)z.data[0] == 0x1f &&
	    (unsigned char)z.data[1] == 0x8b);
	memset(&s, 0, sizeof(s));
	CHECK(inflateInit2(&s, 15 + 16) == Z_OK);
	s.next_in = (Bytef *)z.data;
	s.avail_in = (uInt)z.len;
	s.next_out = out;
	s.avail_out = sizeof(out);
	CHECK(inflate(&s, Z_FINISH) == Z_STREAM_END);
	CHECK(s.total_out == in.len && memcmp(out, in.data, in.len) == 0);
	inflateEnd(&s);
	buf_free(&in);
	buf_free(&z);
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
	test_compress();
	test_json();
	return check_finish("test_fcgi_gzip");
}
