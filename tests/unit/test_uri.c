/* SQLite "file:" URIs of paths (common/uri.c). */
#include "check.h"

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

int
main(void)
{
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
