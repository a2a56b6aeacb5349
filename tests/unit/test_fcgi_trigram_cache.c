/* The trigram counts kept with a database handle. */
#include "check.h"

#include "trigram_cache.h"

static void
test_keeps_and_tells_apart(void)
{
	struct trigram_cache *c = trigram_cache_new();
	long long n = -5;
	char key[12];
	int i, kept = 0;

	CHECK(!trigram_cache_get(c, 0, "ibu", 3, &n));
	CHECK(n == -5);
	trigram_cache_put(c, 0, "ibu", 3, 42);
	CHECK(trigram_cache_get(c, 0, "ibu", 3, &n) && n == 42);
	/* Another index, another trigram, a prefix: not the same entry. */
	CHECK(!trigram_cache_get(c, 1, "ibu", 3, &n));
	CHECK(!trigram_cache_get(c, 0, "ibx", 3, &n));
	CHECK(!trigram_cache_get(c, 0, "ib", 2, &n));
	/* None known (0) is kept too. */
	trigram_cache_put(c, 2, "zzz", 3, 0);
	CHECK(trigram_cache_get(c, 2, "zzz", 3, &n) && n == 0);
	/* A replaced count is the new one. */
	trigram_cache_put(c, 0, "ibu", 3, 7);
	CHECK(trigram_cache_get(c, 0, "ibu", 3, &n) && n == 7);
	/* Characters of several bytes: 12 bytes at most. */
	trigram_cache_put(c, 0, "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 12, 3);
	CHECK(trigram_cache_get(c, 0,
	    "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 12, &n) && n == 3);
	trigram_cache_put(c, 0, "0123456789abc", 13, 9);
	CHECK(!trigram_cache_get(c, 0, "0123456789abc", 13, &n));
	CHECK(!trigram_cache_get(c, 0, "", 0, &n));
	/* Bounded: many trigrams replace one another, none is ever wrong. */
	for (i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "%03d", i % 1000);
		trigram_cache_put(c, i / 1000 % 3, key, 3, i);
	}
	for (i = 19000; i < 20000; i++) {
		snprintf(key, sizeof(key), "%03d", i % 1000);
		if (trigram_cache_get(c, i / 1000 % 3, key, 3, &n)) {
			CHECK(n == i);
			kept++;
		}
	}
	CHECK(kept > 0);
	trigram_cache_free(c);
	/* No cache (never allocated): nothing kept, nothing breaks. */
	CHECK(!trigram_cache_get(NULL, 0, "ibu", 3, &n));
	trigram_cache_put(NULL, 0, "ibu", 3, 1);
}

int
main(void)
{
	test_keeps_and_tells_apart();
	return check_finish("test_fcgi_trigram_cache");
}
