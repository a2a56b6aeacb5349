/*
 * The endpoints, one file per family, each the handler of a row of the
 * route table (routes.c).  Each answers the request completely (success
 * or error object); dispatch.c has already matched the path, checked the
 * method, taken the rate-limit tokens, made sure that a database is open
 * (except for /health, which reports that itself), validated the "{...}"
 * segment into r->segment and read the query parameters into r->params
 * (request.h), refused the combinations of parameters its row refuses
 * (route.h) and validated every value: a handler reads what it is
 * handed.
 */
#ifndef MEDICAMENTS_FCGI_HANDLERS_H
#define MEDICAMENTS_FCGI_HANDLERS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "db.h"

struct data_answer;
struct query_value;
struct request;

/* api_medicaments.c: ?page, ?search, ?cis, ?cip; /v1/medicaments/{cis} */
enum medicaments_param {
	MEDICAMENTS_PAGE,
	MEDICAMENTS_PAGE_SIZE,
	MEDICAMENTS_SEARCH,
	MEDICAMENTS_CIS,
	MEDICAMENTS_CIP,
	MEDICAMENTS_FUZZY,	/* with search: its corrections' results */
	MEDICAMENTS_PARAM_MAX
};
void	medicaments_serve(struct request *r);
void	medicaments_serve_cis(struct request *r);

/* api_export.c: /v1/medicaments/export */
void	export_serve(struct request *r);

/* api_generiques.c: ?libelle, ?group; /v1/generiques/{groupID} */
enum generiques_param {
	GENERIQUES_LIBELLE,
	GENERIQUES_GROUP,
	GENERIQUES_FUZZY,
	GENERIQUES_PARAM_MAX
};
void	generiques_serve(struct request *r);
void	generiques_serve_group(struct request *r);

/* api_presentations.c: /v1/presentations?cip, /v1/presentations/{cip} */
enum presentations_param {
	PRESENTATIONS_CIP,
	PRESENTATIONS_PARAM_MAX
};
void	presentations_serve(struct request *r);
void	presentations_serve_cip(struct request *r);

/* api_avis.c: /v1/medicaments/{cis}/avis */
void	avis_serve_cis(struct request *r);

/* api_informations.c: /v1/medicaments/{cis}/informations?actives */
enum informations_param {
	INFORMATIONS_ACTIVES,
	INFORMATIONS_PARAM_MAX
};
void	informations_serve_cis(struct request *r);

/* api_substances.c: /v1/substances?search, /v1/substances/{code}?page */
enum substances_param {
	SUBSTANCES_SEARCH,
	SUBSTANCES_FUZZY,
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
 * api_changes.c: the change feed (doc/changes.md): /v1/changes?since,
 * type, change, page, pageSize; /v1/medicaments/{cis}/changes;
 * /v1/publications.  changes_atom.c: /v1/changes.atom?since, type,
 * change.  The routes give since, type and change the same validators
 * and the same indexes below.
 */
enum changes_param {
	CHANGES_SINCE,
	CHANGES_TYPE,
	CHANGES_CHANGE,
	CHANGES_PAGE,
	CHANGES_PAGE_SIZE,
	CHANGES_PARAM_MAX
};
#define CHANGES_ATOM_PARAM_MAX	(CHANGES_CHANGE + 1)
void	changes_serve(struct request *r);
void	changes_serve_cis(struct request *r);
void	publications_serve(struct request *r);
void	changes_atom_serve(struct request *r);

/*
 * The filters of r's since, type and change as the statements take them
 * (db.h), and their normalised text for an etag or a feed id:
 * "since=2026-12-01T00:00:00Z&type=prices,shortageStarted&change=added",
 * each only when given, types in bit order (api_changes.c).
 */
struct changes_query {
	long long	 since;		/* Unix time; LLONG_MIN: none */
	struct db_changes_filter filter;
	struct buf	 normalised;
};
void	changes_query_read(const struct request *r, struct changes_query *q);
void	changes_query_free(struct changes_query *q);
/*
 * The etag of an answer of the feed of kind, with the history's span
 * (a republication may drop its oldest publications without changing
 * the data's etag) and what: false when it answered 500.
 */
bool	changes_answer_init(struct request *r, struct data_answer *a,
	    const char *kind, const char *what);

/*
 * paging.c: every paged answer, {"data", "page", "pageSize", "totalItems",
 * "maxPage"}.  In order: paging_init from the page and pageSize
 * parameters (the routes refuse pageSize without page); total set from
 * the list; paging_found (else 404); paging_open (else 304 or 500); the
 * body's start and its documents read from paging_ranks; paging_send.
 * Page 1 of an empty list is 200 with no data, a page past the end 404.
 */
struct paging {
	const char	*kind;		/* for the etag: "page", "mitm" */
	const char	*items;		/* in the 404: "medicaments" */
	struct buf	 filter;	/* normalised, for the etag: "atc=N02" */
	long long	 page, size;	/* asked, or 1 and the default */
	long long	 total;		/* items of the (filtered) list */
	long long	 max_page;	/* set by paging_found */
	long long	 from;		/* the page's first item's offset */
};
void	paging_init(struct paging *p, const char *kind, const char *items,
	    const struct query_value *page, const struct query_value *size);
/* True when the page exists; else answers 404. */
bool	paging_found(struct request *r, struct paging *p);
/*
 * The page's etag (kind, filter, page, pageSize) in a: false when it
 * answered 304 or 500.
 */
bool	paging_open(struct request *r, struct paging *p,
	    struct data_answer *a);
/*
 * The page's ranks in a list ranked first..last (db_span; 1..total for
 * a whole list), for db_list.
 */
void	paging_ranks(const struct paging *p, long long first, long long last,
	    struct db_list_args *args);
/* Closes body's "data" array with the page's counts, and sends it. */
void	paging_send(struct request *r, struct paging *p,
	    const struct data_answer *a, struct buf *body);
void	paging_free(struct paging *p);
/*
 * The lists (/v1/disponibilites, /v1/mitm), read before the page is
 * checked: their total is known once read.  paging_read_list reads the
 * page of the ranks first..last (db_span: 0, 0 when empty) into data,
 * false on a database failure (logged); paging_send_list answers it (or
 * 404, 304, 500 when not read) and frees p and data.
 */
bool	paging_read_list(struct db *db, struct paging *p, enum db_list list,
	    long long first, long long last, struct buf *data);
void	paging_send_list(struct request *r, struct paging *p, bool read,
	    struct buf *data);

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

/*
 * The digits of a limit defined as a plain decimal literal, for a message
 * written at compile time ("Maximum " FIND_DIGITS(N) " results"): the
 * message follows the limit, it cannot say another.
 */
#define FIND_DIGITS(limit)	FIND_DIGITS_OF(limit)
#define FIND_DIGITS_OF(literal)	#literal
/* The Go service's words for a search with more than limit results, and
 * ours in the detail ("More than 250 medicaments match. Use more ..."). */
#define FIND_TOO_BROAD(limit, after)					\
	"Search too broad. Maximum " FIND_DIGITS(limit) " results "	\
	"returned. Use more specific search terms" after
#define FIND_TOO_BROAD_DETAIL(limit, what, after)			\
	"More than " FIND_DIGITS(limit) " " what " match. Use more "	\
	"specific search terms" after

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
	    const char *text, size_t len, bool fuzzy);

#endif
