/* Percent-encoding and SQLite "file:" URIs of paths (common/uri.c). */
#include "check.h"

#include <string.h>

#include "buf.h"
#include "uri.h"

static const char *
uri(const char *path, const char *query)
{
	static struct buf out = BUF_INIT;

	buf_reset(&out);
	uri_file(&out, path, query);
	return buf_str(&out);
}

static const char *
encoded(const char *s, enum uri_kept kept)
{
	static struct buf out = BUF_INIT;

	buf_reset(&out);
	uri_encode(&out, s, strlen(s), kept);
	return buf_str(&out);
}

/* The three sets of bytes left alone, on the same bytes. */
static void
test_encode(void)
{
	static const char all[] = "aZ09-._~/ %?#+&=\x01\x7f\xc3\xa9";

	CHECK_STR(encoded(all, URI_KEPT_UNRESERVED),
	    "aZ09-._~%2F%20%25%3F%23%2B%26%3D%01%7F%C3%A9");
	CHECK_STR(encoded(all, URI_KEPT_PATH),
	    "aZ09-._~/%20%25%3F%23%2B%26%3D%01%7F%C3%A9");
	CHECK_STR(encoded(all, URI_KEPT_SQLITE_PATH),
	    "aZ09-._~/%20%25%3F%23+&=%01%7F%C3%A9");
	/* n bytes, a NUL among them. */
	{
		struct buf out = BUF_INIT;

		uri_encode(&out, "a\0b", 3, URI_KEPT_UNRESERVED);
		CHECK_STR(buf_str(&out), "a%00b");
		buf_free(&out);
	}
}

int
main(void)
{
	test_encode();
	CHECK_STR(uri("/var/lib/medicaments-api/medicaments.db", "mode=ro"),
	    "file:///var/lib/medicaments-api/medicaments.db?mode=ro");
	CHECK_STR(uri("data/medicaments.db", "immutable=1"),
	    "file:data/medicaments.db?immutable=1");
	/* What SQLite would read as URI syntax is escaped. */
	CHECK_STR(uri("/a b/c%d?e#f", "mode=ro"),
	    "file:///a%20b/c%25d%3Fe%23f?mode=ro");
	CHECK_STR(uri("/t\tn\n\x7f", "x=1"), "file:///t%09n%0A%7F?x=1");
	CHECK_STR(uri("/donn\xc3\xa9" "es", "mode=ro"),
	    "file:///donn%C3%A9es?mode=ro");
	/* Not a host: the authority stays empty. */
	CHECK_STR(uri("//server/db", "mode=ro"), "file:////server/db?mode=ro");
	return check_finish("test_uri");
}
