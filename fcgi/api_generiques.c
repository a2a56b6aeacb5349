/*
 * /v1/generiques: exactly one of libelle, group; /v1/generiques/{groupID}.
 */
#include "handlers.h"
#include "query.h"
#include "request.h"
#include "response.h"

/* A plain decimal literal: the messages below are written from it. */
#define GENERIQUES_MAX_RESULTS	100

static const struct find_spec libelle_spec = {
	.index = DB_INDEX_GENERIQUES,
	.document = DB_GENERIQUE_GROUP,
	.max_results = GENERIQUES_MAX_RESULTS,
	.ranked = 0,
	.kind = "libelle",
	.not_found = "No generiques found",
	.too_broad = FIND_TOO_BROAD(GENERIQUES_MAX_RESULTS,
	    " or /export for full dataset"),
	.too_broad_detail = FIND_TOO_BROAD_DETAIL(GENERIQUES_MAX_RESULTS,
	    "generic groups", ""),
};

void
generiques_serve(struct request *r)
{
	const struct query_value *v = r->params;

	/* Exactly one of them (the route's row): */
	if (v[GENERIQUES_LIBELLE].present)
		find_serve(r, &libelle_spec, v[GENERIQUES_LIBELLE].text,
		    v[GENERIQUES_LIBELLE].len, v[GENERIQUES_FUZZY].present &&
		    v[GENERIQUES_FUZZY].number == 1);
	else
		lookup_serve(r, DB_GENERIQUE_GROUP, v[GENERIQUES_GROUP].number,
		    "Generique group not found");
}

void
generiques_serve_group(struct request *r)
{
	lookup_serve(r, DB_GENERIQUE_GROUP, r->segment.number,
	    "Generique group not found");
}
