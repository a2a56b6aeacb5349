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
struct query_value;
struct request;

/* api_medicaments.c: /v1/medicaments?page|search|cis|cip, /v1/medicaments/{cis} */
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

/* api_export.c: /v1/medicaments/export */
void	export_serve(struct request *r);

/* api_generiques.c: /v1/generiques?libelle|group, /v1/generiques/{groupID} */
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

/* avis.c: /v1/medicaments/{cis}/avis */
void	avis_serve_cis(struct request *r);

/* informations.c: /v1/medicaments/{cis}/informations?actives */
enum informations_param {
	INFORMATIONS_ACTIVES,
	INFORMATIONS_PARAM_MAX
};
void	informations_serve_cis(struct request *r);

/* api_substances.c: /v1/substances?search, /v1/substances/{code}?page */
enum substances_param {
	SUBSTANCES_SEARCH,
	SUBSTANCES_PARAM_MAX
};
enum substance_param {
	SUBSTANCE_PAGE,
	SUBSTANCE_PAGE_SIZE,
	SUBSTANCE_PARAM_MAX
};
void	substances_serve(struct request *r);
void	substances_serve_code(struct request *r);

/* api_database.c: /v1/database, the SQLite file itself */
void	database_serve(struct request *r);

/*
 * disponibilites.c: /v1/disponibilites?statut|cis|page|pageSize,
 * /v1/medicaments/{cis}/disponibilites
 */
enum disponibilites_param {
	DISPONIBILITES_PAGE,
	DISPONIBILITES_PAGE_SIZE,
	DISPONIBILITES_STATUT,
	DISPONIBILITES_CIS,
	DISPONIBILITES_PARAM_MAX
};
void	disponibilites_serve(struct request *r);
void	disponibilites_serve_cis(struct request *r);

/* mitm.c: /v1/mitm?atc|page|pageSize, /v1/medicaments/{cis}/mitm */
enum mitm_param {
	MITM_PAGE,
	MITM_PAGE_SIZE,
	MITM_ATC,
	MITM_PARAM_MAX
};
void	mitm_serve(struct request *r);
void	mitm_serve_cis(struct request *r);

/*
 * paging.c: a page {"data", "page", "pageSize", "totalItems", "maxPage"} of
 * a filtered list (/v1/disponibilites, /v1/mitm), pageSize as
 * /v1/medicaments's; page 1 of an empty list is 200 with no data, a page
 * past the end 404.
 */
struct list_page {
	const char	*kind;		/* for the etag: "mitm" */
	struct buf	 filter;	/* normalised, for the etag */
	long long	 page, size;
	long long	 total;		/* items of the filtered list */
	long long	 from;		/* the page's first item's offset */
	struct buf	 data;		/* its documents, comma-separated */
};
/*
 * From the page and pageSize parameters (absent: 1 and the default); false
 * when it answered 400 (pageSize without page, as /v1/medicaments).
 */
bool	list_page_init(struct request *r, struct list_page *lp,
	    const char *kind, const struct query_value *page,
	    const struct query_value *size);
/*
 * Reads the page of the list's ranks [first, last] (db_span: 0, 0 when
 * empty) into lp->data; false on a database failure (logged).
 */
bool	list_page_read(struct db *db, struct list_page *lp,
	    enum db_list list, long long first, long long last);
/*
 * Answers the page (or 404, or 304; 500 when it could not be read) and
 * frees lp.
 */
void	list_page_send(struct request *r, struct list_page *lp, bool read);
/* Every paged answer's 404 for a page past the end; items: "medicaments". */
void	page_not_found(struct request *r, long long page, long long max_page,
	    long long size, const char *items);
/* Ends a paged answer's body: closes "data" and writes its counts. */
void	page_close(struct buf *body, long long page, long long size,
	    long long total, long long max_page);

/* api_health.c: /health */
void	health_serve(struct request *r);

/* api_diagnostics.c: /v1/diagnostics; uptime counts from diagnostics_start. */
void	diagnostics_start(time_t now);
void	diagnostics_serve(struct request *r);

/* metrics.c: /metrics, on the internal port only */
void	metrics_serve(struct request *r);

/*
 * serve_document.c: answers one stored document found by key (its own etag), or
 * 404 with not_found as the message.
 */
void	lookup_serve(struct request *r, enum db_lookup what, long long key,
	    const char *not_found);

/* serve_document.c: answers 400 with a query error (query.h): message and detail. */
void	lookup_reject(struct request *r, const struct query_error *err);

/*
 * serve_document.c: true when every parameter that came passed its validator;
 * else answers 400 with the first refusal.
 */
bool	lookup_params_valid(struct request *r);

/*
 * search_answer.c: a name search (?search=, ?libelle=), ranked or in id order;
 * text was accepted by search_valid (search_query.h).
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
