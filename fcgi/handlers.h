/*
 * The endpoints, one file per family.  Each answers the request completely
 * (success or error object); dispatch.c has already matched the path,
 * checked the method, taken the rate-limit tokens and made sure that a
 * database is open (except for /health, which reports that itself).
 */
#ifndef MEDICAMENTS_FCGI_HANDLERS_H
#define MEDICAMENTS_FCGI_HANDLERS_H

#include <stddef.h>
#include <time.h>

#include "db.h"

struct query_error;
struct request;

/* medicaments.c: /v1/medicaments?page|search|cis|cip, /v1/medicaments/{cis} */
void	medicaments_serve(struct request *r);
void	medicaments_serve_cis(struct request *r, const char *cis, size_t n);

/* export.c: /v1/medicaments/export */
void	export_serve(struct request *r);

/* generiques.c: /v1/generiques?libelle|group, /v1/generiques/{groupID} */
void	generiques_serve(struct request *r);
void	generiques_serve_group(struct request *r, const char *id, size_t n);

/* presentations.c: /v1/presentations?cip, /v1/presentations/{cip} */
void	presentations_serve(struct request *r);
void	presentations_serve_cip(struct request *r, const char *cip, size_t n);

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

/* find.c: a name search (?search=, ?libelle=), ranked or in id order. */
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
