#include "digest.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "log.h"
#include "xalloc.h"

struct digest {
	EVP_MD_CTX *ctx;
};

struct digest *
digest_new(void)
{
	struct digest *d = xmalloc(sizeof(*d));

	if ((d->ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(d->ctx, EVP_sha256(), NULL) != 1) {
		log_warn("digest: cannot initialise SHA-256");
		EVP_MD_CTX_free(d->ctx);
		free(d);
		return NULL;
	}
	return d;
}

void
digest_update(struct digest *d, const void *data, size_t len)
{
	if (d != NULL && len > 0)
		EVP_DigestUpdate(d->ctx, data, len);
}

void
digest_free(struct digest *d)
{
	if (d == NULL)
		return;
	EVP_MD_CTX_free(d->ctx);
	free(d);
}

bool
digest_finish(struct digest *d, char hex[DIGEST_HEX_SIZE])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;
	bool ok;

	if (d == NULL)
		return false;
	ok = EVP_DigestFinal_ex(d->ctx, md, &len) == 1 && len == 32;
	digest_free(d);
	if (!ok) {
		log_warn("digest: SHA-256 failed");
		return false;
	}
	for (i = 0; i < len; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xF];
	}
	hex[2 * len] = '\0';
	return true;
}

bool
digest_hex(const void *data, size_t len, char hex[DIGEST_HEX_SIZE])
{
	struct digest *d = digest_new();

	digest_update(d, data, len);
	return digest_finish(d, hex);
}

bool
digest_etag(const void *data, size_t len, char etag[ETAG_SIZE])
{
	char hex[DIGEST_HEX_SIZE];

	if (!digest_hex(data, len, hex))
		return false;
	memcpy(etag, hex, ETAG_SIZE - 1);
	etag[ETAG_SIZE - 1] = '\0';
	return true;
}
