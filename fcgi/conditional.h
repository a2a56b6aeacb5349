/*
 * Conditional requests: entity tags (weak, 16 hex digits like the
 * updater's), If-None-Match and If-Modified-Since (RFC 9110 section 13).
 */
#ifndef MEDICAMENTS_FCGI_CONDITIONAL_H
#define MEDICAMENTS_FCGI_CONDITIONAL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "contract.h"	/* ETAG_SIZE: the form of every etag */

/*
 * The etag of data[0..len): the first 8 bytes of its SHA-256, in hex
 * (common/sha256.c: no start-up cost).  Never fails: true, like
 * etag_compose (callers check it; a hash that could fail would be theirs).
 */
bool	etag_of(char out[ETAG_SIZE], const void *data, size_t len);

/*
 * The etag of a composed answer: a hash of the data's etag, the kind of
 * answer ("page", "search", ...) and its normalised query.
 */
bool	etag_compose(char out[ETAG_SIZE], const char *data_etag,
	    const char *kind, const char *normalised);

/*
 * True when the If-None-Match field value lists etag (weak comparison:
 * W/"x" and "x" both match x) or is "*".  A malformed list matches nothing.
 */
bool	conditional_etag_listed(const char *if_none_match, const char *etag);

/*
 * Whether a GET or HEAD may answer 304: If-None-Match decides when present
 * (etag may be NULL: nothing matches but "*"); otherwise If-Modified-Since
 * against last_modified (0: unknown) when it is a valid date not after now.
 */
bool	conditional_not_modified(const char *if_none_match,
	    const char *if_modified_since, const char *etag,
	    time_t last_modified, time_t now);

/* What a Range asks of a representation. */
enum range {
	RANGE_WHOLE,		/* the whole representation, 200 */
	RANGE_PART,		/* [first, last], 206 */
	RANGE_UNSATISFIABLE,	/* 416 */
};

/*
 * The one byte range of a representation of size bytes (> 0) that a GET's
 * Range asks for (RFC 9110 14.1.2: "bytes=FIRST-", "bytes=FIRST-LAST",
 * "bytes=-SUFFIX"), into [*first, *last].  If-Range (NULL: absent) must
 * then be last_modified's text exactly (13.1.5: an entity tag never
 * matches, ours being weak).  RANGE_WHOLE for no Range, a failed If-Range,
 * a malformed or multiple range (a server may ignore any Range, 14.2);
 * RANGE_UNSATISFIABLE for a FIRST past the end or "-0" (lighttpd's rules
 * for the plain file).
 */
enum range conditional_range(const char *range, const char *if_range,
	    const char *last_modified, long long size, long long *first,
	    long long *last);

#endif
