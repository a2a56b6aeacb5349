/* CORS_ORIGINS and the CORS header lines of an answer (fcgi/cors.h). */
#include "check.h"

#include <stdbool.h>

#include "cors.h"

#define EXPOSE	"Access-Control-Expose-Headers: " CORS_EXPOSE_HEADERS "\r\n"

/* The lines an answer to origin gets under CORS_ORIGINS=list. */
static void
lines(const char *list, const char *origin, const char *want)
{
	struct cors c = { CORS_OFF, NULL, 0 };
	struct buf h = BUF_INIT;
	char msg[256] = "";

	CHECK(cors_parse(&c, list, msg, sizeof(msg)));
	if (msg[0] != '\0')
		fprintf(stderr, "\"%s\": %s\n", list, msg);
	cors_headers(&c, origin, &h);
	CHECK_STR(buf_str(&h), want);
	buf_free(&h);
	cors_free(&c);
}

static bool
refused(const char *list, const char *needle)
{
	struct cors c = { CORS_OFF, NULL, 0 };
	char msg[256] = "";
	bool ok;

	ok = !cors_parse(&c, list, msg, sizeof(msg)) && c.mode == CORS_OFF &&
	    c.n == 0 && c.v == NULL && strstr(msg, needle) != NULL;
	if (!ok)
		fprintf(stderr, "\"%s\": message \"%s\"\n", list, msg);
	cors_free(&c);
	return ok;
}

static void
test_modes(void)
{
	struct cors c = { CORS_OFF, NULL, 0 };
	char msg[256];

	CHECK(cors_parse(&c, "*", msg, sizeof(msg)) && c.mode == CORS_ANY);
	CHECK(cors_parse(&c, " * ", msg, sizeof(msg)) && c.mode == CORS_ANY);
	CHECK(cors_parse(&c, "", msg, sizeof(msg)) && c.mode == CORS_OFF);
	CHECK(cors_parse(&c, " \t", msg, sizeof(msg)) && c.mode == CORS_OFF);
	CHECK(cors_parse(&c, "https://a.example", msg, sizeof(msg)) &&
	    c.mode == CORS_LIST && c.n == 1);
	/* A second parse starts afresh. */
	CHECK(cors_parse(&c, "http://x, http://y:8080", msg, sizeof(msg)) &&
	    c.mode == CORS_LIST && c.n == 2);
	cors_free(&c);
	CHECK(c.mode == CORS_OFF && c.v == NULL);
}

static void
test_headers(void)
{
	const char *list = "https://a.example, http://127.0.0.1:8080 ,"
	    "http://[::1]:3000,app+x-y.z://host-1.example";

	lines("*", NULL, "Access-Control-Allow-Origin: *\r\n" EXPOSE);
	lines("*", "https://evil.example\r\nX: y",
	    "Access-Control-Allow-Origin: *\r\n" EXPOSE);
	lines("", "https://a.example", "");
	lines(list, "https://a.example",
	    "Access-Control-Allow-Origin: https://a.example\r\n" EXPOSE);
	lines(list, "http://127.0.0.1:8080",
	    "Access-Control-Allow-Origin: http://127.0.0.1:8080\r\n" EXPOSE);
	lines(list, "http://[::1]:3000",
	    "Access-Control-Allow-Origin: http://[::1]:3000\r\n" EXPOSE);
	lines(list, "app+x-y.z://host-1.example",
	    "Access-Control-Allow-Origin: app+x-y.z://host-1.example\r\n"
	    EXPOSE);
	/* Exact matches only: the Fetch standard compares bytes. */
	lines(list, NULL, "");
	lines(list, "", "");
	lines(list, "https://a.example.evil", "");
	lines(list, "https://a.exampl", "");
	lines(list, "http://a.example", "");
	lines(list, "https://A.example", "");
	lines(list, "https://a.example/", "");
	lines(list, "http://127.0.0.1:808", "");
	lines(list, "null", "");
}

static void
test_refused(void)
{
	CHECK(refused("https://a.example,*", "wildcard"));
	CHECK(refused("*,https://a.example", "wildcard"));
	CHECK(refused("https://*.example.org", "wildcard"));
	CHECK(refused("**", "wildcard"));
	CHECK(refused("https://a.example/", "no path"));
	CHECK(refused("https://a.example/app", "no path"));
	CHECK(refused("https://a.example?x", "no path"));
	CHECK(refused("https://a.example#x", "no path"));
	CHECK(refused("a.example", "scheme://host"));
	CHECK(refused("://a.example", "scheme://host"));
	CHECK(refused("1http://a.example", "scheme://host"));
	CHECK(refused("HTTPS://a.example", "lower case"));
	CHECK(refused("ht_tp://a.example", "scheme"));
	CHECK(refused("https://", "no host"));
	CHECK(refused("https://:8080", "no host"));
	CHECK(refused("https://A.example", "lower case"));
	CHECK(refused("https://user@a.example", "scheme://host"));
	CHECK(refused("https://a.example:", "bad port"));
	CHECK(refused("https://a.example:0", "bad port"));
	CHECK(refused("https://a.example:080", "bad port"));
	CHECK(refused("https://a.example:65536", "bad port"));
	CHECK(refused("https://a.example:99999999999999999999", "bad port"));
	CHECK(refused("https://a.example:8x", "scheme://host"));
	CHECK(refused("https://a.example:443", "default port"));
	CHECK(refused("http://a.example:80", "default port"));
	CHECK(refused("https://[::1", "IPv6"));
	CHECK(refused("https://[]", "IPv6"));
	CHECK(refused("https://[::g]", "IPv6"));
	CHECK(refused("https://a.example,", "\"\": an empty entry"));
	CHECK(refused("https://a.example,,https://b.example", "empty entry"));
	CHECK(refused(",https://a.example", "empty entry"));
	CHECK(refused("null", "scheme://host"));
	CHECK(refused("https://a.example\r\nX-Injected: 1", "control"));
	CHECK(refused("https://a b.example", "blank"));
	CHECK(refused("https://\xc3\xa9t\xc3\xa9.example", "non-ASCII"));
}

static void
test_bounds(void)
{
	struct cors c = { CORS_OFF, NULL, 0 };
	struct buf b = BUF_INIT;
	char msg[256];
	int i;

	for (i = 0; i < CORS_LIST_MAX; i++)
		buf_printf(&b, "%shttp://h%d.example", i > 0 ? "," : "", i);
	CHECK(cors_parse(&c, buf_str(&b), msg, sizeof(msg)) &&
	    c.n == CORS_LIST_MAX);
	buf_puts(&b, ",http://one-more.example");
	CHECK(!cors_parse(&c, buf_str(&b), msg, sizeof(msg)) &&
	    strstr(msg, "more than") != NULL && c.v == NULL);
	buf_free(&b);
	cors_free(&c);
}

int
main(void)
{
	test_modes();
	test_headers();
	test_refused();
	test_bounds();
	return check_finish("test_fcgi_cors");
}
