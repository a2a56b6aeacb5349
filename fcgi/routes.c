/*
 * The route table: every fact of a route in its row (route.h).  Templates
 * are tried in the order of enum route_id: a specific one comes before
 * the "{...}" that would also match it.  A parameter's cost applies when
 * it is the request's only priced parameter (API.md, "Rate limit"):
 * "cip=1&search=abc" costs the route's own.  Parameters are listed in
 * the order the Go service checks them: page before pageSize.
 */
#include "route.h"

#include "handlers.h"
#include "query.h"
#include "search_query.h"

/* The routes' parameter i as a bit of struct route_choice's among. */
#define PARAM(i)	(1u << (i))

/* Every paged route's rule, with the Go service's text. */
#define PAGE_SIZE_NEEDS_PAGE(page, page_size)				\
	(&(const struct route_needs){ (page_size), (page),		\
	    { "pageSize can only be used with page", NULL } })

const struct route route_table[ROUTE_ID_MAX] = {
	[ROUTE_NONE] = { .name = "other", .cost = 5 },
	[ROUTE_HEALTH] = {
		.name = "/health", .cost = 5, .flags = ROUTE_NO_DATABASE,
		.serve = health_serve,
	},
	[ROUTE_MEDICAMENTS] = {
		.name = "/v1/medicaments", .cost = 5,
		.params = (const struct query_field[MEDICAMENTS_PARAM_MAX]) {
			[MEDICAMENTS_PAGE] = { "page", query_valid_page, 20 },
			[MEDICAMENTS_PAGE_SIZE] = { "pageSize",
			    query_valid_page_size, 0 },
			[MEDICAMENTS_SEARCH] = { "search", search_valid, 50 },
			[MEDICAMENTS_CIS] = { "cis", query_valid_cis, 10 },
			[MEDICAMENTS_CIP] = { "cip", query_valid_cip, 10 },
			[MEDICAMENTS_FUZZY] = { "fuzzy", query_valid_boolean,
			    0 },
		},
		.nparams = MEDICAMENTS_PARAM_MAX,
		.needs = PAGE_SIZE_NEEDS_PAGE(MEDICAMENTS_PAGE,
		    MEDICAMENTS_PAGE_SIZE),
		.choice = &(const struct route_choice){
			PARAM(MEDICAMENTS_PAGE) | PARAM(MEDICAMENTS_SEARCH) |
			    PARAM(MEDICAMENTS_CIS) | PARAM(MEDICAMENTS_CIP),
			{ "Needs at least one param. See documentation",
			    "Needs one parameter: page, search, cis or cip. "
			    "See /docs" },
			{ "Only one parameter allowed at a time. Choose: page, "
			    "cip, search", "Choose one of: page, search, cis, "
			    "cip" },
		},
		.serve = medicaments_serve,
	},
	[ROUTE_MEDICAMENTS_EXPORT] = {
		.name = "/v1/medicaments/export", .cost = 200,
		.serve = export_serve,
	},
	[ROUTE_MEDICAMENT] = {
		.name = "/v1/medicaments/{cis}", .cost = 10,
		.segment = query_valid_cis, .serve = medicaments_serve_cis,
	},
	[ROUTE_GENERIQUES] = {
		.name = "/v1/generiques", .cost = 5,
		.params = (const struct query_field[GENERIQUES_PARAM_MAX]) {
			[GENERIQUES_LIBELLE] = { "libelle", search_valid, 30 },
			[GENERIQUES_GROUP] = { "group", query_valid_group, 5 },
			[GENERIQUES_FUZZY] = { "fuzzy", query_valid_boolean,
			    0 },
		},
		.nparams = GENERIQUES_PARAM_MAX,
		/* The Go service knows libelle only: both is ours to refuse. */
		.choice = &(const struct route_choice){
			PARAM(GENERIQUES_LIBELLE) | PARAM(GENERIQUES_GROUP),
			{ "Needs libelle param", "Needs one parameter: "
			    "libelle or group. See /docs" },
			{ "Only one parameter allowed at a time. Choose: "
			    "libelle, group", NULL },
		},
		.serve = generiques_serve,
	},
	[ROUTE_GENERIQUE] = {
		.name = "/v1/generiques/{groupID}", .cost = 5,
		.segment = query_valid_group, .serve = generiques_serve_group,
	},
	[ROUTE_PRESENTATIONS] = {
		.name = "/v1/presentations", .cost = 5,
		.params = (const struct query_field[PRESENTATIONS_PARAM_MAX]) {
			[PRESENTATIONS_CIP] = { "cip", query_valid_cip, 0 },
		},
		.nparams = PRESENTATIONS_PARAM_MAX,
		/* The Go service's answer to /v1/presentations/ without one. */
		.choice = &(const struct route_choice){
			PARAM(PRESENTATIONS_CIP),
			{ "CIP path parameter is required", "Needs the cip "
			    "parameter (CIP7 or CIP13), or the path "
			    "/v1/presentations/{cip}" },
			{ NULL, NULL },	/* one parameter: never many */
		},
		.serve = presentations_serve,
	},
	[ROUTE_PRESENTATION] = {
		.name = "/v1/presentations/{cip}", .cost = 5,
		.segment = query_valid_cip, .serve = presentations_serve_cip,
	},
	[ROUTE_DIAGNOSTICS] = {
		.name = "/v1/diagnostics", .cost = 30,
		.serve = diagnostics_serve,
	},
	[ROUTE_METRICS] = {
		.name = "/metrics",
		.flags = ROUTE_INTERNAL | ROUTE_NO_DATABASE,
		.serve = metrics_serve,
	},
	/* dispatch.c answers 410 with the successor (route_legacy). */
	[ROUTE_LEGACY] = { .name = "legacy", .cost = 5 },
	[ROUTE_MEDICAMENT_AVIS] = {
		.name = "/v1/medicaments/{cis}/avis", .cost = 10,
		.segment = query_valid_cis, .serve = avis_serve_cis,
	},
	[ROUTE_MEDICAMENT_INFORMATIONS] = {
		.name = "/v1/medicaments/{cis}/informations", .cost = 10,
		.segment = query_valid_cis,
		.params = (const struct query_field[INFORMATIONS_PARAM_MAX]) {
			[INFORMATIONS_ACTIVES] = { "actives",
			    query_valid_boolean, 0 },
		},
		.nparams = INFORMATIONS_PARAM_MAX,
		.serve = informations_serve_cis,
	},
	[ROUTE_SUBSTANCES] = {
		.name = "/v1/substances", .cost = 5,
		.params = (const struct query_field[SUBSTANCES_PARAM_MAX]) {
			[SUBSTANCES_SEARCH] = { "search", search_valid, 50 },
			[SUBSTANCES_FUZZY] = { "fuzzy", query_valid_boolean,
			    0 },
		},
		.nparams = SUBSTANCES_PARAM_MAX,
		.choice = &(const struct route_choice){
			PARAM(SUBSTANCES_SEARCH),
			{ "Needs the search parameter. See /docs", NULL },
			{ NULL, NULL },	/* one parameter: never many */
		},
		.serve = substances_serve,
	},
	[ROUTE_SUBSTANCE] = {
		.name = "/v1/substances/{code}", .cost = 10,
		.segment = query_valid_substance,
		.params = (const struct query_field[SUBSTANCE_PARAM_MAX]) {
			[SUBSTANCE_PAGE] = { "page", query_valid_page, 0 },
			[SUBSTANCE_PAGE_SIZE] = { "pageSize",
			    query_valid_page_size, 0 },
		},
		.nparams = SUBSTANCE_PARAM_MAX,
		.needs = PAGE_SIZE_NEEDS_PAGE(SUBSTANCE_PAGE,
		    SUBSTANCE_PAGE_SIZE),
		.serve = substances_serve_code,
	},
	/*
	 * The whole SQLite file, 70 MB and more: a 304 or a Range costs as
	 * much, so that a client fetches it whole and rarely (API.md).
	 */
	[ROUTE_DATABASE] = {
		.name = "/v1/database", .cost = 500,
		.serve = database_serve,
	},
	/* A page of a list costs as one of /v1/medicaments, filtered or not. */
	[ROUTE_DISPONIBILITES] = {
		.name = "/v1/disponibilites", .cost = 20,
		.params = (const struct query_field[DISPONIBILITES_PARAM_MAX]) {
			[DISPONIBILITES_PAGE] = { "page", query_valid_page, 0 },
			[DISPONIBILITES_PAGE_SIZE] = { "pageSize",
			    query_valid_page_size, 0 },
			[DISPONIBILITES_STATUT] = { "statut",
			    query_valid_statut, 0 },
			[DISPONIBILITES_CIS] = { "cis", query_valid_cis, 0 },
		},
		.nparams = DISPONIBILITES_PARAM_MAX,
		.needs = PAGE_SIZE_NEEDS_PAGE(DISPONIBILITES_PAGE,
		    DISPONIBILITES_PAGE_SIZE),
		.serve = disponibilites_serve,
	},
	[ROUTE_MEDICAMENT_DISPONIBILITES] = {
		.name = "/v1/medicaments/{cis}/disponibilites", .cost = 10,
		.segment = query_valid_cis, .serve = disponibilites_serve_cis,
	},
	[ROUTE_MITM] = {
		.name = "/v1/mitm", .cost = 20,
		.params = (const struct query_field[MITM_PARAM_MAX]) {
			[MITM_PAGE] = { "page", query_valid_page, 0 },
			[MITM_PAGE_SIZE] = { "pageSize",
			    query_valid_page_size, 0 },
			[MITM_ATC] = { "atc", query_valid_atc, 0 },
		},
		.nparams = MITM_PARAM_MAX,
		.needs = PAGE_SIZE_NEEDS_PAGE(MITM_PAGE, MITM_PAGE_SIZE),
		.serve = mitm_serve,
	},
	[ROUTE_MEDICAMENT_MITM] = {
		.name = "/v1/medicaments/{cis}/mitm", .cost = 10,
		.segment = query_valid_cis, .serve = mitm_serve_cis,
	},
	/* The change feed: a page costs as one of /v1/disponibilites. */
	[ROUTE_CHANGES] = {
		.name = "/v1/changes", .cost = 20,
		.params = (const struct query_field[CHANGES_PARAM_MAX]) {
			[CHANGES_SINCE] = { "since", query_valid_since, 0 },
			[CHANGES_TYPE] = { "type", query_valid_change_types,
			    0 },
			[CHANGES_CHANGE] = { "change", query_valid_change, 0 },
			[CHANGES_PAGE] = { "page", query_valid_page, 0 },
			[CHANGES_PAGE_SIZE] = { "pageSize",
			    query_valid_page_size, 0 },
		},
		.nparams = CHANGES_PARAM_MAX,
		.needs = PAGE_SIZE_NEEDS_PAGE(CHANGES_PAGE, CHANGES_PAGE_SIZE),
		.serve = changes_serve,
	},
	[ROUTE_MEDICAMENT_CHANGES] = {
		.name = "/v1/medicaments/{cis}/changes", .cost = 10,
		.segment = query_valid_cis, .serve = changes_serve_cis,
	},
	[ROUTE_PUBLICATIONS] = {
		.name = "/v1/publications", .cost = 5,
		.serve = publications_serve,
	},
	/*
	 * The 100 newest changes, each summarised from its JSON: 7 to 9 M
	 * instructions (bench/callgrind-changes), a broad search's order.
	 */
	[ROUTE_CHANGES_ATOM] = {
		.name = "/v1/changes.atom", .cost = 50,
		.params = (const struct query_field[CHANGES_ATOM_PARAM_MAX]) {
			[CHANGES_SINCE] = { "since", query_valid_since, 0 },
			[CHANGES_TYPE] = { "type", query_valid_change_types,
			    0 },
			[CHANGES_CHANGE] = { "change", query_valid_change, 0 },
		},
		.nparams = CHANGES_ATOM_PARAM_MAX,
		.serve = changes_atom_serve,
	},
};

_Static_assert(MEDICAMENTS_PARAM_MAX <= ROUTE_MAX_PARAMS &&
    GENERIQUES_PARAM_MAX <= ROUTE_MAX_PARAMS &&
    PRESENTATIONS_PARAM_MAX <= ROUTE_MAX_PARAMS &&
    DISPONIBILITES_PARAM_MAX <= ROUTE_MAX_PARAMS &&
    MITM_PARAM_MAX <= ROUTE_MAX_PARAMS &&
    INFORMATIONS_PARAM_MAX <= ROUTE_MAX_PARAMS &&
    SUBSTANCES_PARAM_MAX <= ROUTE_MAX_PARAMS &&
    SUBSTANCE_PARAM_MAX <= ROUTE_MAX_PARAMS &&
    CHANGES_PARAM_MAX <= ROUTE_MAX_PARAMS,
    "struct request holds ROUTE_MAX_PARAMS values");

const struct route_legacy route_legacy[] = {
	{ "/database",			"/v1/medicaments/export" },
	{ "/database/{page}",		"/v1/medicaments?page=%s" },
	{ "/medicament/id/{cis}",	"/v1/medicaments/%s" },
	{ "/medicament/cip/{cip}",	"/v1/medicaments?cip=%s" },
	{ "/medicament/{nom}",		"/v1/medicaments?search=%s" },
	{ "/generiques/group/{id}",	"/v1/generiques/%s" },
	{ "/generiques/{libelle}",	"/v1/generiques?libelle=%s" },
};
const size_t route_legacy_count = sizeof(route_legacy) /
    sizeof(route_legacy[0]);
