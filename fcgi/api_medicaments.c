/*
 * /v1/medicaments: exactly one of page (with pageSize), search, cis, cip;
 * /v1/medicaments/{cis}.
 */
#include <stdio.h>

#include "buf.h"
#include "handlers.h"
#include "query.h"
#include "request.h"
#include "response.h"

#define MEDICAMENTS_MAX_RESULTS	250
#define MEDICAMENT_JSON_AVERAGE	1536

static const struct find_spec search_spec = {
	.index = DB_INDEX_MEDICAMENTS,
	.document = DB_MEDICAMENT_CIS,
	.max_results = MEDICAMENTS_MAX_RESULTS,
	.ranked = 1,
	.kind = "search",
	.not_found = "No medicaments found",
	.too_broad = "Search too broad. Maximum 250 results returned. Use more "
	    "specific search terms or /export for full dataset",
	.too_broad_detail = "More than 250 medicaments match. Use more "
	    "specific search terms, or /v1/medicaments/export for the full "
	    "dataset",
};

static void
page_serve(struct request *r, long long page, long long size)
{
	const struct db_meta *meta = db_meta(r->db);
	struct buf body = BUF_INIT, norm = BUF_INIT;
	long long total = meta->page_items, max_page, count;
	char etag[ETAG_SIZE];
	struct reply rp = {
		.status = 200,
		.cache_control = CACHE_PUBLIC,
		.etag = etag,
		.last_modified = true,
	};

	max_page = (total + size - 1) / size;
	if (page > max_page) {
		page_not_found(r, page, max_page, size, "medicaments");
		goto out;
	}
	buf_puts(&norm, "page=");
	buf_put_decimal(&norm, page);
	buf_puts(&norm, "&pageSize=");
	buf_put_decimal(&norm, size);
	if (!etag_compose(etag, meta->data_etag, "page", norm.data)) {
		response_error(r, 500, NULL, "Could not compute the etag");
		goto out;
	}
	if (response_not_modified(r, &rp))
		goto out;
	/* A medicament's JSON is 1.4 kB on average: one allocation, no
	 * doubling and copying as the rows come. */
	buf_reserve(&body, (size_t)size * MEDICAMENT_JSON_AVERAGE + 128);
	buf_puts(&body, "{\"data\":[");
	if (db_page(r->db, (page - 1) * size, size, &body, &count) != DB_OK) {
		response_error(r, 500, NULL, "Could not read the database");
		goto out;
	}
	page_close(&body, page, size, total, max_page);
	response_send(r, &rp, body.data, body.len);
out:
	buf_free(&body);
	buf_free(&norm);
}

void
medicaments_serve(struct request *r)
{
	const struct query_value *v = r->params;
	size_t n;

	n = query_count_present(v, MEDICAMENTS_PARAM_MAX) -
	    (v[MEDICAMENTS_PAGE_SIZE].present ? 1 : 0);
	if (v[MEDICAMENTS_PAGE_SIZE].present && !v[MEDICAMENTS_PAGE].present) {
		response_error(r, 400, NULL,
		    "pageSize can only be used with page");
		return;
	}
	if (n == 0) {
		response_error_detail(r, 400, NULL, "Needs one parameter: "
		    "page, search, cis or cip. See /docs",
		    "Needs at least one param. See documentation");
		return;
	}
	if (n > 1) {
		response_error_detail(r, 400, NULL, "Choose one of: page, "
		    "search, cis, cip", "Only one parameter allowed at a "
		    "time. Choose: page, cip, search");
		return;
	}
	if (!lookup_params_valid(r))
		return;
	if (v[MEDICAMENTS_PAGE].present)
		page_serve(r, v[MEDICAMENTS_PAGE].number,
		    v[MEDICAMENTS_PAGE_SIZE].present ?
		    v[MEDICAMENTS_PAGE_SIZE].number : QUERY_PAGE_SIZE_DEFAULT);
	else if (v[MEDICAMENTS_SEARCH].present)
		find_serve(r, &search_spec, v[MEDICAMENTS_SEARCH].text,
		    v[MEDICAMENTS_SEARCH].len);
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
