/*
 * SHA-256 (common/sha256.c): the vectors of FIPS 180-4's examples and NIST's
 * SHAVS, and the same digest whatever the pieces the data comes in.
 */
#include "check.h"

#include <stdlib.h>

#include "sha256.h"

static void
hex(char out[2 * SHA256_SIZE + 1], const unsigned char md[SHA256_SIZE])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < SHA256_SIZE; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 0xF];
	}
	out[2 * SHA256_SIZE] = '\0';
}

static void
check_vector(const char *data, size_t len, const char *want)
{
	unsigned char md[SHA256_SIZE];
	char got[2 * SHA256_SIZE + 1];

	sha256(data, len, md);
	hex(got, md);
	CHECK_STR(got, want);
}

static void
test_vectors(void)
{
	check_vector("", 0,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check_vector("abc", 3,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* 56 bytes: the padding takes a second block. */
	check_vector("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	check_vector("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 112,
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	/* A NUL is data like any byte. */
	check_vector("\0", 1,
	    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
}

/* One million 'a': many blocks, fed in pieces that straddle them. */
static void
test_million(void)
{
	static const size_t pieces[] = { 1, 63, 64, 65, 1000, 7 };
	unsigned char md[SHA256_SIZE];
	char got[2 * SHA256_SIZE + 1];
	struct sha256 s;
	size_t done = 0, n, i = 0;
	char *a = malloc(1000000);

	CHECK(a != NULL);
	if (a == NULL)
		return;
	memset(a, 'a', 1000000);
	sha256(a, 1000000, md);
	hex(got, md);
	CHECK_STR(got,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	sha256_init(&s);
	while (done < 1000000) {
		n = pieces[i++ % (sizeof(pieces) / sizeof(pieces[0]))];
		if (n > 1000000 - done)
			n = 1000000 - done;
		sha256_update(&s, a + done, n);
		done += n;
	}
	sha256_final(&s, md);
	hex(got, md);
	CHECK_STR(got,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}

/* Every length around the block and padding boundaries, whole or split. */
static void
test_split(void)
{
	unsigned char data[200], whole[SHA256_SIZE], split[SHA256_SIZE];
	struct sha256 s;
	size_t len, cut;

	for (len = 0; len < sizeof(data); len++)
		data[len] = (unsigned char)(len * 7 + 3);
	for (len = 0; len <= sizeof(data); len++) {
		sha256(data, len, whole);
		for (cut = 0; cut <= len; cut += 13) {
			sha256_init(&s);
			sha256_update(&s, data, cut);
			sha256_update(&s, data + cut, len - cut);
			sha256_final(&s, split);
			CHECK(memcmp(whole, split, SHA256_SIZE) == 0);
		}
	}
}

int
main(void)
{
	test_vectors();
	test_million();
	test_split();
	return check_finish("test_sha256");
}
