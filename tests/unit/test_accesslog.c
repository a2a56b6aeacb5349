/* The access log's mending: lighttpd's lines made valid JSON. */
#include "check.h"

#include "mend.h"
#include "buf.h"

static const char *
mend(struct buf *b, const char *s, size_t n)
{
	buf_reset(b);
	accesslog_mend(b, s, n);
	return buf_str(b);
}

#define MEND(b, lit)	mend((b), (lit), sizeof(lit) - 1)

int
main(void)
{
	struct buf b = BUF_INIT;

	/* Good lines stay as they are. */
	CHECK_STR(MEND(&b, "{\"path\":\"/v1/a\\\"b\\\\c\",\"status\":200,"
	    "\"bytes\":12,\"ua\":\"\xc3\xa9t\xc3\xa9 \\u0001\"}"),
	    "{\"path\":\"/v1/a\\\"b\\\\c\",\"status\":200,\"bytes\":12,"
	    "\"ua\":\"\xc3\xa9t\xc3\xa9 \\u0001\"}");
	CHECK_STR(MEND(&b, "{\"d\":-1,\"e\":\"-\"}"), "{\"d\":-1,\"e\":\"-\"}");
	/* Nothing sent: a bare "-" is 0. */
	CHECK_STR(MEND(&b, "{\"bytes\":-,\"duration_us\":5}"),
	    "{\"bytes\":0,\"duration_us\":5}");
	CHECK_STR(MEND(&b, "{\"bytes\":-}"), "{\"bytes\":0}");
	CHECK_STR(MEND(&b, "{\"a\":\"x:-,y\"}"), "{\"a\":\"x:-,y\"}");
	/* Not UTF-8: U+FFFD per byte. */
	CHECK_STR(MEND(&b, "{\"p\":\"/\xff\xfe\xc3\x28\"}"),
	    "{\"p\":\"/\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd(\"}");
	CHECK_STR(MEND(&b, "{\"p\":\"\xed\xa0\x80\"}"),	/* a surrogate */
	    "{\"p\":\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"}");
	CHECK_STR(MEND(&b, "{\"p\":\"\xe2\x82\"}"),	/* cut short */
	    "{\"p\":\"\xef\xbf\xbd\xef\xbf\xbd\"}");
	/* lighttpd's \a and \v, raw control bytes, DEL. */
	CHECK_STR(MEND(&b, "{\"p\":\"\\a\\v\\t\"}"),
	    "{\"p\":\"\\u0007\\u000b\\t\"}");
	CHECK_STR(MEND(&b, "{\"p\":\"\x01\x1f\x7f\"}"),
	    "{\"p\":\"\\u0001\\u001f\\u007f\"}");
	CHECK_STR(mend(&b, "{\"p\":\"a\0b\"}", 11), "{\"p\":\"a\\u0000b\"}");
	/* Unknown escapes are literal backslashes; \u needs four digits. */
	CHECK_STR(MEND(&b, "{\"p\":\"\\q\\u12\"}"),
	    "{\"p\":\"\\\\q\\\\u12\"}");
	CHECK_STR(MEND(&b, "{\"p\":\"\\u00e9\\/\"}"),
	    "{\"p\":\"\\u00e9\\/\"}");
	/* A line cut in a string is closed; a trailing backslash kept. */
	CHECK_STR(MEND(&b, "{\"p\":\"abc"), "{\"p\":\"abc\"");
	CHECK_STR(MEND(&b, "{\"p\":\"abc\\"), "{\"p\":\"abc\\\\\"");
	CHECK_STR(MEND(&b, ""), "");
	buf_free(&b);
	return check_finish("test_fcgi_accesslog");
}
