/*
 * /v1/medicaments: exactly one of page (with pageSize), search, cis, cip;
 * /v1/medicaments/{cis}.
 */
#include <stdio.h>

#include "buf.h"
#include "data_answer.h"
#include "handlers.h"
#include "query.h"
#include "request.h"
#include "response.h"

/* A plain decimal literal: the messages below are written from it. */
#define MEDICAMENTS_MAX_RESULTS	250
#define MEDICAMENT_JSON_AVERAGE	1536

static const struct find_spec search_spec = {
	.index = DB_INDEX_MEDICAMENTS,
	.document = DB_MEDICAMENT_CIS,
	.max_results = MEDICAMENTS_MAX_RESULTS,
	.ranked = 1,
	.kind = "search",
	.not_found = "No medicaments found",
	.too_broad = FIND_TOO_BROAD(MEDICAMENTS_MAX_RESULTS,
	    " or /export for full dataset"),
	.too_broad_detail = FIND_TOO_BROAD_DETAIL(MEDICAMENTS_MAX_RESULTS,
	    "medicaments", ", or /v1/medicaments/export for the full dataset"),
};

static void
page_serve(struct request *r)
{
	const struct query_value *v = r->params;
	struct db_list_args args = { 0, 0, 0, NULL };
	struct buf body = BUF_INIT;
	struct data_answer a;
	struct paging p;
	long long count;

	paging_init(&p, "page", "medicaments", &v[MEDICAMENTS_PAGE],
	    &v[MEDICAMENTS_PAGE_SIZE]);
	p.total = db_meta(r->db)->page_items;
	if (!paging_found(r, &p) || !paging_open(r, &p, &a))
		goto out;
	/* A medicament's JSON is 1.4 kB on average: one allocation, no
	 * doubling and copying as the rows come. */
	buf_reserve(&body, (size_t)p.size * MEDICAMENT_JSON_AVERAGE + 128);
	buf_puts(&body, "{\"data\":[");
	paging_ranks(&p, 1, p.total, &args);
	if (db_list(r->db, DB_LIST_MEDICAMENTS_PAGE, &args, &body, &count) !=
	    DB_OK) {
		response_error(r, 500, NULL, "Could not read the database");
		goto out;
	}
	paging_send(r, &p, &a, &body);
out:
	buf_free(&body);
	paging_free(&p);
}

void
medicaments_serve(struct request *r)
{
	const struct query_value *v = r->params;

	/* Exactly one of them (the route's row): */
	if (v[MEDICAMENTS_PAGE].present)
		page_serve(r);
	else if (v[MEDICAMENTS_SEARCH].present)
		find_serve(r, &search_spec, v[MEDICAMENTS_SEARCH].text,
		    v[MEDICAMENTS_SEARCH].len, v[MEDICAMENTS_FUZZY].present &&
		    v[MEDICAMENTS_FUZZY].number == 1);
	else if (v[MEDICAMENTS_CIS].present)
		lookup_serve(r, DB_MEDICAMENT_CIS, v[MEDICAMENTS_CIS].number,
		    "Medicament not found");
	else
		lookup_serve(r, v[MEDICAMENTS_CIP].len == 7 ?
		    DB_MEDICAMENT_CIP7 : DB_MEDICAMENT_CIP13,
		    v[MEDICAMENTS_CIP].number, "Medicament not found");
}

void
medicaments_serve_cis(struct request *r)
{
	lookup_serve(r, DB_MEDICAMENT_CIS, r->segment.number,
	    "Medicament not found");
}
