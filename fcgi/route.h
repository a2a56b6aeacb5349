/*
 * Paths to endpoints.  The path is decoded one segment at a time (RFC
 * 3986: "%2F" stays inside its segment) and matched against a table; a
 * "*" segment of a pattern takes any non-empty segment, handed to the
 * endpoint as its parameter.  The old API's paths are in the table too:
 * they answer 410 with the path of their successor.
 */
#ifndef MEDICAMENTS_FCGI_ROUTE_H
#define MEDICAMENTS_FCGI_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

enum route_id {
	ROUTE_NONE,			/* no such path: 404 */
	ROUTE_HEALTH,
	ROUTE_MEDICAMENTS,		/* ?page, ?search, ?cis, ?cip */
	ROUTE_MEDICAMENTS_EXPORT,
	ROUTE_MEDICAMENT,		/* /{cis} */
	ROUTE_GENERIQUES,		/* ?libelle, ?group */
	ROUTE_GENERIQUE,		/* /{groupID} */
	ROUTE_PRESENTATIONS,		/* ?cip */
	ROUTE_PRESENTATION,		/* /{cip} */
	ROUTE_DIAGNOSTICS,
	ROUTE_METRICS,
	ROUTE_LEGACY,			/* gone: 410 and a successor */
	ROUTE_ID_MAX
};

/* Segments a path may have at most (the API's deepest has 3). */
#define ROUTE_MAX_SEGMENTS	8

enum route_status {
	ROUTE_OK,			/* r->id says which (ROUTE_NONE: 404) */
	ROUTE_BAD_PATH,			/* invalid escape or UTF-8: 400 */
};

struct route_result {
	enum route_id	 id;
	struct buf	 param;		/* decoded "*" segment, "" when none */
	struct buf	 successor;	/* ROUTE_LEGACY: path of the new endpoint */
};

#define ROUTE_RESULT_INIT { ROUTE_NONE, BUF_INIT, BUF_INIT }

/*
 * Matches the raw (still percent-encoded) path, without its query string.
 * One trailing slash is ignored ("/v1/medicaments/" is "/v1/medicaments").
 * r is freed by route_result_free whatever the result.
 */
enum route_status route_match(const char *path, size_t n,
	    struct route_result *r);
void	route_result_free(struct route_result *r);

/* The route's name in logs and metrics ("medicaments", "legacy", ...). */
const char *route_name(enum route_id id);

/*
 * Appends s[0..n) percent-encoded for a query value or a path segment:
 * everything but RFC 3986 unreserved characters is escaped.
 */
void	route_encode(struct buf *out, const char *s, size_t n);

#endif
