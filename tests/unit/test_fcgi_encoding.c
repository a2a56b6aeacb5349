/* Accept-Encoding (RFC 9110 12.5.3): each coding's q, and the choice. */
#include "check.h"

#include "encoding.h"

static const enum coding json_offer[] = { CODING_GZIP, CODING_IDENTITY };
static const enum coding database_offer[] = {
	CODING_ZSTD, CODING_GZIP, CODING_IDENTITY
};

/* The coding chosen for value among the JSON answer's codings. */
static enum coding
json(const char *value)
{
	struct accept_encoding ae;

	accept_encoding_parse(value, &ae);
	return accept_encoding_choose(&ae, json_offer, 2);
}

static enum coding
database(const char *value)
{
	struct accept_encoding ae;

	accept_encoding_parse(value, &ae);
	return accept_encoding_choose(&ae, database_offer, 3);
}

static void
test_gzip_taken(void)
{
	CHECK(json("gzip") == CODING_GZIP);
	CHECK(json("gzip, deflate, br") == CODING_GZIP);
	CHECK(json("gzip, deflate, br, zstd") == CODING_GZIP);
	CHECK(json("br;q=1.0, gzip;q=0.8, *;q=0.1") == CODING_GZIP);
	CHECK(json("GZIP") == CODING_GZIP);
	CHECK(json("x-gzip") == CODING_GZIP);
	CHECK(json("*") == CODING_GZIP);
	CHECK(json("deflate, *;q=0.5") == CODING_GZIP);
	CHECK(json("gzip;q=0.001") == CODING_GZIP);
	CHECK(json("gzip ; q=1") == CODING_GZIP);
	CHECK(json("gzip;Q=1.000") == CODING_GZIP);
	CHECK(json("gzip;q=0.5") == CODING_GZIP);	/* above unlisted identity */
	CHECK(json(" , ,gzip,,") == CODING_GZIP);
}

static void
test_identity(void)
{
	CHECK(json(NULL) == CODING_IDENTITY);
	CHECK(json("") == CODING_IDENTITY);
	CHECK(json("identity") == CODING_IDENTITY);
	CHECK(json("deflate, br") == CODING_IDENTITY);
	CHECK(json("gzip;q=0") == CODING_IDENTITY);
	CHECK(json("gzip;q=0.0") == CODING_IDENTITY);
	CHECK(json("gzip;q=0.000, deflate") == CODING_IDENTITY);
	CHECK(json("gzip;q=0, *") == CODING_IDENTITY);
	CHECK(json("gzipx") == CODING_IDENTITY);
	CHECK(json("xgzip, gzi") == CODING_IDENTITY);
	/* Malformed qvalues drop their entry. */
	CHECK(json("gzip;q=2") == CODING_IDENTITY);
	CHECK(json("gzip;q=1.5") == CODING_IDENTITY);
	CHECK(json("gzip;q=0.5000") == CODING_IDENTITY);
	CHECK(json("gzip;q=") == CODING_IDENTITY);
	CHECK(json("gzip;q=x") == CODING_IDENTITY);
	/* Listed identity ranks by its q. */
	CHECK(json("identity, gzip;q=0.5") == CODING_IDENTITY);
	CHECK(json("identity;q=0.5, gzip") == CODING_GZIP);
	/* A tie goes to the server's order. */
	CHECK(json("identity, gzip") == CODING_GZIP);
}

static void
test_refused(void)
{
	CHECK(json("identity;q=0") == CODING_COUNT);
	CHECK(json("*;q=0") == CODING_COUNT);
	CHECK(json("br, identity;q=0") == CODING_COUNT);
	CHECK(json("gzip;q=0, identity;q=0") == CODING_COUNT);
	CHECK(json("gzip, identity;q=0") == CODING_GZIP);
	CHECK(json("gzip, *;q=0") == CODING_GZIP);
	CHECK(json("identity, *;q=0") == CODING_IDENTITY);
	/* The kinder of two entries for one coding. */
	CHECK(json("gzip;q=0, gzip") == CODING_GZIP);
	CHECK(json("x-gzip;q=0, gzip;q=0, identity;q=0") == CODING_COUNT);
}

static void
test_database(void)
{
	CHECK(database(NULL) == CODING_IDENTITY);
	CHECK(database("gzip, deflate, br, zstd") == CODING_ZSTD);
	CHECK(database("gzip") == CODING_GZIP);
	CHECK(database("zstd") == CODING_ZSTD);
	CHECK(database("zstd;q=0.5, gzip") == CODING_GZIP);
	CHECK(database("zstd, gzip;q=0") == CODING_ZSTD);
	CHECK(database("*") == CODING_ZSTD);
	CHECK(database("zstd;q=0, gzip;q=0") == CODING_IDENTITY);
	CHECK(database("br, identity;q=0") == CODING_COUNT);
}

static void
test_names(void)
{
	CHECK(coding_name(CODING_IDENTITY) == NULL);
	CHECK_STR(coding_name(CODING_GZIP), "gzip");
	CHECK_STR(coding_name(CODING_ZSTD), "zstd");
}

int
main(void)
{
	test_gzip_taken();
	test_identity();
	test_refused();
	test_database();
	test_names();
	return check_finish("test_fcgi_encoding");
}
