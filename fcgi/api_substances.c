/*
 * /v1/substances?search=: active substances by name, searched and ranked
 * as medicament names are (search_answer.c); /v1/substances/{code}: a substance
 * and its medicaments, paged like /v1/medicaments?page= (the updater
 * ranks them 1..N per substance: a page is one range read).
 */
#include <stdio.h>

#include "buf.h"
#include "conditional.h"
#include "data_answer.h"
#include "handlers.h"
#include "query.h"
#include "request.h"
#include "response.h"

/* A plain decimal literal: the messages below are written from it. */
#define SUBSTANCES_MAX_RESULTS	250

static const struct find_spec search_spec = {
	.index = DB_INDEX_SUBSTANCES,
	.document = DB_SUBSTANCE_CODE,
	.max_results = SUBSTANCES_MAX_RESULTS,
	.ranked = 1,
	.kind = "substances",
	.not_found = "No substances found",
	.too_broad = FIND_TOO_BROAD(SUBSTANCES_MAX_RESULTS,
	    ""),
	.too_broad_detail = FIND_TOO_BROAD_DETAIL(SUBSTANCES_MAX_RESULTS,
	    "substances", ""),
};

void
substances_serve(struct request *r)
{
	const struct query_value *search = &r->params[SUBSTANCES_SEARCH];
	const struct query_value *fuzzy = &r->params[SUBSTANCES_FUZZY];

	/* Present: the route's row requires it. */
	find_serve(r, &search_spec, search->text, search->len,
	    fuzzy->present && fuzzy->number == 1);
}

void
substances_serve_code(struct request *r)
{
	const struct query_value *v = r->params;
	struct db_list_args args = { .key = r->segment.number };
	struct buf body = BUF_INIT;
	char doc_etag[ETAG_SIZE];
	struct data_answer a;
	struct paging p;
	enum db_result res;
	long long count;

	/* The page holds medicaments' names too: the data's etag. */
	paging_init(&p, "substance", "medicaments", &v[SUBSTANCE_PAGE],
	    &v[SUBSTANCE_PAGE_SIZE]);
	buf_puts(&p.filter, "code=");
	buf_put_decimal(&p.filter, args.key);
	buf_puts(&body, "{\"substance\":");
	res = db_lookup_count(r->db, DB_SUBSTANCE_CODE, args.key, &body,
	    doc_etag, &p.total);
	if (res == DB_NOT_FOUND) {
		response_error(r, 404, NULL, "Substance not found");
		goto out;
	}
	if (res != DB_OK) {
		response_error(r, 500, NULL, "Could not read the database");
		goto out;
	}
	if (!paging_found(r, &p) || !paging_open(r, &p, &a))
		goto out;
	/* The updater ranks a substance's medicaments 1..total. */
	paging_ranks(&p, 1, p.total, &args);
	buf_puts(&body, ",\"data\":[");
	if (db_list(r->db, DB_LIST_SUBSTANCE_PAGE, &args, &body, &count) !=
	    DB_OK) {
		response_error(r, 500, NULL, "Could not read the database");
		goto out;
	}
	paging_send(r, &p, &a, &body);
out:
	buf_free(&body);
	paging_free(&p);
}
