/*
 * The endpoints, one file per family, each the handler of a row of the
 * route table (routes.c).  Each answers the request completely (success
 * or error object); dispatch.c has already matched the path, checked the
 * method, taken the rate-limit tokens, made sure that a database is open
 * (except for /health, which reports that itself), validated the "{...}"
 * segment into r->segment and read the query parameters into r->params
 * (request.h): a handler checks which of them came, then calls
 * lookup_params_valid before it uses them.
 */
#ifndef MEDICAMENTS_FCGI_HANDLERS_H
#define MEDICAMENTS_FCGI_HANDLERS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "db.h"

struct query_error;
struct request;

/* medicaments.c: /v1/medicaments?page|search|cis|cip, /v1/medicaments/{cis} */
enum medicaments_param {
	MEDICAMENTS_PAGE,
	MEDICAMENTS_PAGE_SIZE,
	MEDICAMENTS_SEARCH,
	MEDICAMENTS_CIS,
	MEDICAMENTS_CIP,
	MEDICAMENTS_PARAM_MAX
};
void	medicaments_serve(struct request *r);
void	medicaments_serve_cis(struct request *r);

/* export.c: /v1/medicaments/export */
void	export_serve(struct request *r);

/* generiques.c: /v1/generiques?libelle|group, /v1/generiques/{groupID} */
enum generiques_param {
	GENERIQUES_LIBELLE,
	GENERIQUES_GROUP,
	GENERIQUES_PARAM_MAX
};
void	generiques_serve(struct request *r);
void	generiques_serve_group(struct request *r);

/* presentations.c: /v1/presentations?cip, /v1/presentations/{cip} */
enum presentations_param {
	PRESENTATIONS_CIP,
	PRESENTATIONS_PARAM_MAX
};
void	presentations_serve(struct request *r);
void	presentations_serve_cip(struct request *r);

/* health.c: /health */
void	health_serve(struct request *r);

/* diagnostics.c: /v1/diagnostics; uptime counts from diagnostics_start. */
void	diagnostics_start(time_t now);
void	diagnostics_serve(struct request *r);

/* metrics.c: /metrics, on the internal port only */
void	metrics_serve(struct request *r);

/*
 * lookup.c: answers one stored document found by key (its own etag), or
 * 404 with not_found as the message.
 */
void	lookup_serve(struct request *r, enum db_lookup what, long long key,
	    const char *not_found);

/* lookup.c: answers 400 with a query error (query.h): message and detail. */
void	lookup_reject(struct request *r, const struct query_error *err);

/*
 * lookup.c: true when every parameter that came passed its validator;
 * else answers 400 with the first refusal.
 */
bool	lookup_params_valid(struct request *r);

/*
 * find.c: a name search (?search=, ?libelle=), ranked or in id order;
 * text was accepted by search_valid (search.h).
 */
struct find_spec {
	enum db_index	 index;
	enum db_lookup	 document;	/* how to read a found id's JSON */
	size_t		 max_results;	/* more is 400 */
	int		 ranked;	/* rank per API.md, else id order */
	const char	*kind;		/* for the etag: "search", "libelle" */
	const char	*not_found;	/* 404 message */
	const char	*too_broad;	/* 400 message (the Go service's) */
	const char	*too_broad_detail;	/* ... and ours */
};
void	find_serve(struct request *r, const struct find_spec *spec,
	    const char *text, size_t len);

#endif
