/*
 * Content negotiation of the coding (Accept-Encoding, RFC 9110 12.5.3):
 * which of the codings an answer exists in the client takes, and which it
 * prefers.
 */
#ifndef MEDICAMENTS_FCGI_ENCODING_H
#define MEDICAMENTS_FCGI_ENCODING_H

#include <stddef.h>

enum coding {
	CODING_IDENTITY,
	CODING_GZIP,
	CODING_ZSTD,
	CODING_COUNT		/* also: none of them is acceptable */
};

/*
 * What a request's Accept-Encoding asks: each coding's quality, 0 (refused)
 * to 1000 (q=1).
 */
struct accept_encoding {
	unsigned short	q[CODING_COUNT];
};

/*
 * Parses the field's value, NULL when the request has none.
 *
 * Without the field, identity alone: RFC 9110 leaves the server free, and
 * a client that sends nothing (curl without --compressed, scripts) reads
 * what it gets as it is.  With it, a coding takes its own entry's q, else
 * "*"'s, else 0; "x-gzip" is gzip.  Identity is acceptable unless
 * "identity;q=0", or "*;q=0" without an identity entry, refuses it; when
 * not listed it ranks below every listed coding (q=0.001): "gzip;q=0.5"
 * means "gzip, please", not "rather not".  A malformed q ("q=2", "q=x")
 * drops its entry.  An empty value asks for identity alone.
 */
void	accept_encoding_parse(const char *value, struct accept_encoding *ae);

/*
 * The coding to send among offered[0..n), the answer's codings in the
 * server's order of preference: the highest q, the earliest on a tie;
 * CODING_COUNT when the client refuses all of them (a 406).
 */
enum coding accept_encoding_choose(const struct accept_encoding *ae,
	    const enum coding *offered, size_t n);

/* "gzip", "zstd", NULL for identity: the Content-Encoding value. */
const char *coding_name(enum coding c);

#endif
