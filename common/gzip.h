/*
 * gzip members of buffered bodies (ISA-L's igzip): the worker's answers
 * compressed at request time (lists, searches, documents stored without
 * their member), and the updater's stored members (schema.sql json_gz).
 */
#ifndef MEDICAMENTS_FCGI_GZIP_H
#define MEDICAMENTS_FCGI_GZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "contract.h"

/* Bodies shorter than this are sent as they are: gzip would not pay. */
#define GZIP_MIN_BYTES	CONTRACT_GZIP_MIN_BYTES

/*
 * igzip's level, chosen by measure on the 2022 dump's search answers
 * (doc/performance.md, "Request-time gzip").
 */
#define GZIP_LEVEL	1

/* Appends the gzip member of in[0..n) to out; false (logged) on failure. */
bool	gzip_compress(struct buf *out, const void *in, size_t n);

#endif
