/*
 * SHA-256 (OpenSSL) for the files' fingerprints and the documents' ETags.
 */
#ifndef MEDICAMENTS_DIGEST_H
#define MEDICAMENTS_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "contract.h"	/* ETAG_SIZE */

#define DIGEST_HEX_SIZE 65	/* 64 hex digits and a NUL */

struct digest;

/* Incremental hashing; NULL when OpenSSL fails. */
struct digest *digest_new(void);
void	digest_update(struct digest *d, const void *data, size_t len);
/* Frees an unfinished digest (NULL is fine). */
void	digest_free(struct digest *d);
/* Writes the hex digest and frees d. */
bool	digest_finish(struct digest *d, char hex[DIGEST_HEX_SIZE]);

bool	digest_hex(const void *data, size_t len, char hex[DIGEST_HEX_SIZE]);
/* The first 16 hex digits of the SHA-256 of data: an entity tag. */
bool	digest_etag(const void *data, size_t len, char etag[ETAG_SIZE]);

#endif
