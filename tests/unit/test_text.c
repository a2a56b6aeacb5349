/* Decoding: valid UTF-8 stays, anything else is Windows-1252. */
#include "check.h"

#include "buf.h"
#include "text.h"

static void
test_utf8_validation(void)
{
	CHECK(text_utf8_valid("", 0));
	CHECK(text_utf8_valid("abc", 3));
	CHECK(text_utf8_valid("\xC3\xA9", 2));			/* é */
	CHECK(text_utf8_valid("\xE2\x80\x99", 3));		/* ’ */
	CHECK(text_utf8_valid("\xF0\x9F\x92\x8A", 4));		/* 💊 */
	CHECK(!text_utf8_valid("\xE9", 1));			/* cp1252 é */
	CHECK(!text_utf8_valid("\xC3", 1));			/* cut short */
	CHECK(!text_utf8_valid("\xC0\xAF", 2));			/* overlong / */
	CHECK(!text_utf8_valid("\xED\xA0\x80", 3));		/* surrogate */
	CHECK(!text_utf8_valid("\xF4\x90\x80\x80", 4));		/* > U+10FFFF */
	CHECK(!text_utf8_valid("\x92", 1));
}

static void
test_decode(void)
{
	struct buf out = BUF_INIT;

	/* Windows-1252: é, the right single quote 0x92, œ 0x9C, € 0x80. */
	CHECK(!text_decode(&out, "caf\xE9 l\x92\x9C" "uf \x80", 12));
	CHECK_STR(buf_str(&out), "caf\xC3\xA9 l\xE2\x80\x99\xC5\x93uf \xE2\x82\xAC");
	buf_reset(&out);

	/* Valid UTF-8 is kept as it is, its byte-order mark dropped. */
	CHECK(text_decode(&out, "\xEF\xBB\xBFPr\xC3\xA9sentation", 16));
	CHECK_STR(buf_str(&out), "Pr\xC3\xA9sentation");
	buf_reset(&out);

	/* One stray byte makes the whole file Windows-1252. */
	CHECK(!text_decode(&out, "\xC3\xA9\xE9", 3));
	CHECK_STR(buf_str(&out), "\xC3\x83\xC2\xA9\xC3\xA9");
	buf_reset(&out);

	/* ISO-8859-1 text (no 0x80-0x9F) decodes the same way. */
	CHECK(!text_decode(&out, "arr\xEAt", 5));
	CHECK_STR(buf_str(&out), "arr\xC3\xAAt");
	buf_free(&out);
}

static void
test_count_and_trim(void)
{
	const char *s = "  \tIBUPROF\xC3\x88NE \r";
	size_t n = strlen(s);

	text_trim(&s, &n);
	CHECK(n == 11);
	CHECK(strncmp(s, "IBUPROF\xC3\x88NE", n) == 0);
	CHECK(text_utf8_count(s, n) == 10);
	CHECK(text_all_digits("60002283", 8));
	CHECK(!text_all_digits("6000228a", 8));
	CHECK(!text_all_digits("", 0));
}

int
main(void)
{
	test_utf8_validation();
	test_decode();
	test_count_and_trim();
	return check_finish("test_text");
}
