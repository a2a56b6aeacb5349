/*
 * Percent-encoding (RFC 3986 2.1), the one encoder of the programs, and
 * SQLite "file:" URIs (https://sqlite.org/uri.html), the only way to pass
 * open parameters such as mode=ro or immutable=1 with a path.
 */
#ifndef MEDICAMENTS_URI_H
#define MEDICAMENTS_URI_H

#include <stddef.h>

#include "buf.h"

/* The bytes uri_encode leaves alone; every other one becomes %XX. */
enum uri_kept {
	/*
	 * RFC 3986 unreserved (letters, digits, - . _ ~): a query value or
	 * a path segment, '/' included, means the same once decoded.
	 */
	URI_KEPT_UNRESERVED,
	/* ... and '/': a path whose separators stay separators. */
	URI_KEPT_PATH,
	/*
	 * Printable ASCII but what SQLite reads as URI syntax (% ? #): a
	 * path as SQLite's "file:" URI takes it.
	 */
	URI_KEPT_SQLITE_PATH,
};

/* Appends s[0..n) percent-encoded, upper-case hex, but the bytes kept. */
void	uri_encode(struct buf *out, const char *s, size_t n,
	    enum uri_kept kept);

/*
 * Appends "file:" + path + "?" + query.  The bytes SQLite would read as
 * URI syntax (%, ?, #), spaces, controls and non-ASCII are %-escaped; an
 * absolute path gets an empty authority ("file:///a") so that one that
 * starts with "//" is not read as a host.
 */
void	uri_file(struct buf *out, const char *path, const char *query);

#endif
