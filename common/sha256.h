/*
 * SHA-256 (FIPS 180-4), small and self-contained: the worker's entity tags
 * (fcgi/conditional.c, the first 8 bytes of it: common/contract.h) without
 * a cryptographic library.  A CGI request runs one or two hashes of a few
 * hundred bytes; OpenSSL's start-up (provider and configuration loading,
 * 5 M instructions and the relocation of libcrypto) cost more than the rest
 * of the request.
 */
#ifndef MEDICAMENTS_SHA256_H
#define MEDICAMENTS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_SIZE	32	/* bytes of a digest */

/* A hash in progress: sha256_init, sha256_update..., sha256_final. */
struct sha256 {
	uint32_t	state[8];
	uint64_t	bytes;		/* hashed so far, block included */
	unsigned char	block[64];	/* the partial block, bytes % 64 used */
};

void	sha256_init(struct sha256 *);
void	sha256_update(struct sha256 *, const void *data, size_t len);
/* Writes the digest; the context must be initialised again to be reused. */
void	sha256_final(struct sha256 *, unsigned char out[SHA256_SIZE]);

/* The digest of data[0..len) in one call. */
void	sha256(const void *data, size_t len, unsigned char out[SHA256_SIZE]);

#endif
