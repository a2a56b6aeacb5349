/*
 * The routes: one row per route in routes.c's table, indexed by enum
 * route_id — its path template (which is also its name in logs and
 * metrics), its rate-limit cost, the query parameters it takes with their
 * validators (query.h, kcgi's kvalid style), and its handler.  Adding an
 * endpoint is a row there and its handler file.
 *
 * The path is decoded one segment at a time (RFC 3986: "%2F" stays inside
 * its segment) and matched against the templates; a "{...}" segment of a
 * template takes any non-empty segment, handed to the endpoint.  The old
 * API's paths are matched too: they answer 410 with the path of their
 * successor.
 */
#ifndef MEDICAMENTS_FCGI_ROUTE_H
#define MEDICAMENTS_FCGI_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "query.h"

struct request;

/* Also the index of the shared counters (worker_shm.h): append, never reorder. */
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
	ROUTE_MEDICAMENT_AVIS,		/* /{cis}/avis */
	ROUTE_MEDICAMENT_INFORMATIONS,	/* /{cis}/informations?actives */
	ROUTE_SUBSTANCES,		/* ?search */
	ROUTE_SUBSTANCE,		/* /{code}?page&pageSize */
	ROUTE_DATABASE,			/* the SQLite file (X-Sendfile) */
	ROUTE_DISPONIBILITES,		/* ?statut&cis&page&pageSize */
	ROUTE_MEDICAMENT_DISPONIBILITES,	/* /{cis}/disponibilites */
	ROUTE_MITM,			/* ?atc&page&pageSize */
	ROUTE_MEDICAMENT_MITM,		/* /{cis}/mitm */
	ROUTE_CHANGES,			/* ?since&type&change&page&pageSize */
	ROUTE_MEDICAMENT_CHANGES,	/* /{cis}/changes */
	ROUTE_PUBLICATIONS,
	ROUTE_CHANGES_ATOM,		/* ?since&type&change */
	ROUTE_ID_MAX
};

/* Segments a path may have at most (the API's deepest has 4). */
#define ROUTE_MAX_SEGMENTS	8
/* Query parameters a route may take (struct request holds their values). */
#define ROUTE_MAX_PARAMS	8

/* struct route's flags. */
#define ROUTE_INTERNAL		0x1	/* METRICS_PORT only, never limited */
#define ROUTE_NO_DATABASE	0x2	/* answers without a database */

/*
 * A combination of parameters a route refuses: dispatch.c answers it 400
 * before any value is validated and before the handler runs (the Go
 * service's order: which parameters came, then what they hold), as kcgi
 * sorts the fields before a page's handler.  detail: ours, NULL for none.
 */
struct route_refusal {
	const char	*message;	/* the Go service's text */
	const char	*detail;
};

/* params[param] may only come with params[with] ("pageSize", "page"). */
struct route_needs {
	size_t		 param, with;
	struct route_refusal refusal;
};

/* Exactly one of the parameters of the bit mask among (bit i: params[i]). */
struct route_choice {
	unsigned	 among;
	struct route_refusal none;	/* none of them came */
	struct route_refusal many;	/* more than one */
};

struct route {
	/*
	 * "/v1/medicaments/{cis}": matched, and the route's name in logs and
	 * metrics; a name without a leading '/' ("other", "legacy") is never
	 * matched as a template.
	 */
	const char	*name;
	int		 cost;		/* tokens, unless a priced parameter says */
	unsigned	 flags;		/* ROUTE_INTERNAL, ROUTE_NO_DATABASE */
	query_validator	 segment;	/* checks the "{...}" segment */
	const struct query_field *params;	/* the query parameters taken */
	size_t		 nparams;
	const struct route_needs *needs;	/* checked first, or NULL */
	const struct route_choice *choice;	/* then this, or NULL */
	void		(*serve)(struct request *r);	/* handlers.h */
};

/* The table, indexed by enum route_id (routes.c). */
extern const struct route route_table[ROUTE_ID_MAX];

/*
 * The old API's paths (routes.c), matched after the table: ROUTE_LEGACY.
 * The successor holds at most one "%s": the segment, re-encoded
 * (uri_encode, URI_KEPT_UNRESERVED).
 */
struct route_legacy {
	const char	*pattern;
	const char	*successor;
};
extern const struct route_legacy route_legacy[];
extern const size_t route_legacy_count;

enum route_status {
	ROUTE_OK,			/* r->id says which (ROUTE_NONE: 404) */
	ROUTE_BAD_PATH,			/* invalid escape or UTF-8: 400 */
};

struct route_result {
	enum route_id	 id;
	struct buf	 param;		/* decoded "{...}" segment, or "" */
	struct buf	 successor;	/* ROUTE_LEGACY: path of the new endpoint */
	struct buf	 text;		/* the decoded segments (route.c's) */
};

#define ROUTE_RESULT_INIT { ROUTE_NONE, BUF_INIT, BUF_INIT, BUF_INIT }

/*
 * Matches the raw (still percent-encoded) path, without its query string.
 * One trailing slash is ignored ("/v1/medicaments/" is "/v1/medicaments").
 * r is freed by route_result_free whatever the result.  A result matched
 * again keeps its buffers: once they have grown to a path's size,
 * matching allocates nothing.
 */
enum route_status route_match(const char *path, size_t n,
	    struct route_result *r);
void	route_result_free(struct route_result *r);

/* The row of id; ROUTE_NONE's for an id out of range. */
const struct route *route_get(enum route_id id);

/* The route's name in logs and metrics ("/v1/medicaments/{cis}", "other"). */
const char *route_name(enum route_id id);

/*
 * Tokens a request costs, from its route and its parameters as query_parse
 * read them (values[i] is rt->params[i], also after a failed parse): the
 * cost of its one priced parameter, else the route's.
 */
int	route_cost(const struct route *rt, const struct query_value *values);

/*
 * The first combination of the parameters present in values (read by
 * query_parse against rt->params) that rt refuses, or NULL.
 */
const struct route_refusal *route_refuses(const struct route *rt,
	    const struct query_value *values);

#endif
