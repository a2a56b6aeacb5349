/*
 * The JSON string escaper (common/json_escape.c): the escapes, invalid
 * UTF-8 as U+FFFD, the bounded form log.c uses, the appending form the
 * worker uses.
 */
#include "check.h"

#include "buf.h"
#include "json_escape.h"

static const char *
esc(const char *s, size_t n, size_t cap)
{
	static char out[256];

	CHECK(cap <= sizeof(out));
	CHECK(json_escape_bounded(out, cap, s, n) == strlen(out));
	return out;
}

#define ESC(lit)	esc((lit), sizeof(lit) - 1, 256)

/* The appending form must say the same as the bounded one. */
static const char *
append(const char *s, size_t n)
{
	static struct buf out = BUF_INIT;

	buf_reset(&out);
	json_escape_append(&out, s, n);
	CHECK_STR(buf_str(&out), esc(s, n, 256));
	return buf_str(&out);
}

#define APPEND(lit)	append((lit), sizeof(lit) - 1)

static void
test_escapes(void)
{
	CHECK_STR(ESC("plain"), "plain");
	CHECK_STR(ESC("a\"b\\c/d"), "a\\\"b\\\\c/d");
	CHECK_STR(ESC("\n\r\t\x01\x1f\x7f"), "\\n\\r\\t\\u0001\\u001f\\u007f");
	CHECK_STR(esc("a\0b", 3, 256), "a\\u0000b");
	CHECK_STR(ESC("\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\x8a"),
	    "\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\x8a");
	CHECK_STR(APPEND("plain \"quoted\" \\ /"),
	    "plain \\\"quoted\\\" \\\\ /");
	CHECK_STR(APPEND("\x08\x0c\r\n"), "\\u0008\\u000c\\r\\n");
	CHECK_STR(APPEND("caf\xc3\xa9 \xf0\x9f\x92\x8a"),
	    "caf\xc3\xa9 \xf0\x9f\x92\x8a");
}

/* Output is valid UTF-8 whatever the input: one U+FFFD per bad byte. */
static void
test_invalid_utf8(void)
{
	CHECK_STR(ESC("\xff\xc3(\xe2\x82"),
	    "\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_STR(ESC("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");	/* overlong */
	CHECK_STR(ESC("\xed\xa0\x80"),			/* a surrogate */
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_STR(ESC("\xf4\x90\x80\x80"),		/* above U+10FFFF */
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_STR(APPEND("Doliprane \xe9t\xe9"),	/* Windows-1252 */
	    "Doliprane \xef\xbf\xbdt\xef\xbf\xbd");
	CHECK_STR(APPEND("\x80\"\xbf"), "\xef\xbf\xbd\\\"\xef\xbf\xbd");
	/* A character cut at the end of the input. */
	CHECK_STR(APPEND("ab\xe2\x82"), "ab\xef\xbf\xbd\xef\xbf\xbd");
}

/* Bounded, never cutting an escape or a character. */
static void
test_bounded(void)
{
	char out[4] = "xyz";

	CHECK_STR(esc("abcdef", 6, 4), "abc");
	CHECK_STR(esc("ab\"", 3, 4), "ab");
	CHECK_STR(esc("a\x01", 2, 7), "a");
	CHECK_STR(esc("a\xc3\xa9", 3, 3), "a");
	CHECK_STR(esc("a\xff", 2, 4), "a");
	CHECK_STR(esc("x", 1, 1), "");
	CHECK(json_escape_bounded(out, 0, "abc", 3) == 0);
	CHECK_STR(out, "xyz");	/* nothing written without room */
}

static void
test_next(void)
{
	char out[JSON_ESCAPE_MAX];
	size_t len;

	CHECK(json_escape_next("\x1f", 1, out, &len) == 1 && len == 6 &&
	    memcmp(out, "\\u001f", 6) == 0);
	CHECK(json_escape_next("\xf0\x9f\x92\x8a!", 5, out, &len) == 4 &&
	    len == 4);
	CHECK(json_escape_next("\xf0\x9f\x92", 3, out, &len) == 1 &&
	    len == 3 && memcmp(out, "\xef\xbf\xbd", 3) == 0);
}

int
main(void)
{
	test_escapes();
	test_invalid_utf8();
	test_bounded();
	test_next();
	return check_finish("test_json_escape");
}
