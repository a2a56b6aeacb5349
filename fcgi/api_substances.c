/*
 * /v1/substances?search=: active substances by name, searched and ranked
 * as medicament names are (search_answer.c); /v1/substances/{code}: a substance
 * and its medicaments, paged like /v1/medicaments?page= (the updater
 * ranks them 1..N per substance: a page is one range read).
 */
#include <stdio.h>

#include "buf.h"
#include "conditional.h"
#include "handlers.h"
#include "query.h"
#include "request.h"
#include "response.h"

#define SUBSTANCES_MAX_RESULTS	250

static const struct find_spec search_spec = {
	.index = DB_INDEX_SUBSTANCES,
	.document = DB_SUBSTANCE_CODE,
	.max_results = SUBSTANCES_MAX_RESULTS,
	.ranked = 1,
	.kind = "substances",
	.not_found = "No substances found",
	.too_broad = "Search too broad. Maximum 250 results returned. Use more "
	    "specific search terms",
	.too_broad_detail = "More than 250 substances match. Use more "
	    "specific search terms",
};

void
substances_serve(struct request *r)
{
	const struct query_value *search = &r->params[SUBSTANCES_SEARCH];

	if (!search->present) {
		response_error(r, 400, NULL, "Needs the search parameter. "
		    "See /docs");
		return;
	}
	if (!lookup_params_valid(r))
		return;
	find_serve(r, &search_spec, search->text, search->len);
}

void
substances_serve_code(struct request *r)
{
	const struct query_value *v = r->params;
	const struct db_meta *meta = db_meta(r->db);
	struct db_list_args args = { .key = r->segment.number };
	struct buf body = BUF_INIT, norm = BUF_INIT;
	long long page, size, total, max_page, count;
	char etag[ETAG_SIZE], doc_etag[ETAG_SIZE];
	enum db_result res;
	struct reply rp = {
		.status = 200,
		.cache_control = CACHE_PUBLIC,
		.etag = etag,
		.last_modified = true,
	};

	if (v[SUBSTANCE_PAGE_SIZE].present && !v[SUBSTANCE_PAGE].present) {
		response_error(r, 400, NULL,
		    "pageSize can only be used with page");
		goto out;
	}
	if (!lookup_params_valid(r))
		goto out;
	page = v[SUBSTANCE_PAGE].present ? v[SUBSTANCE_PAGE].number : 1;
	size = v[SUBSTANCE_PAGE_SIZE].present ?
	    v[SUBSTANCE_PAGE_SIZE].number : QUERY_PAGE_SIZE_DEFAULT;
	buf_puts(&body, "{\"substance\":");
	res = db_lookup_count(r->db, DB_SUBSTANCE_CODE, args.key, &body,
	    doc_etag, &total);
	if (res == DB_NOT_FOUND) {
		response_error(r, 404, NULL, "Substance not found");
		goto out;
	}
	if (res != DB_OK) {
		response_error(r, 500, NULL, "Could not read the database");
		goto out;
	}
	/* A substance of orphan CIS only has one page, empty. */
	max_page = total > 0 ? (total + size - 1) / size : 1;
	if (page > max_page) {
		page_not_found(r, page, max_page, size, "medicaments");
		goto out;
	}
	/* The page holds medicaments' names too: the data's etag. */
	buf_printf(&norm, "code=%lld&page=%lld&pageSize=%lld", args.key, page,
	    size);
	if (meta == NULL || !etag_compose(etag, meta->data_etag, "substance",
	    norm.data)) {
		response_error(r, 500, NULL, "Could not compute the etag");
		goto out;
	}
	if (response_not_modified(r, &rp))
		goto out;
	/* Validated page numbers and sizes keep this far from overflow. */
	args.first = (page - 1) * size + 1;
	args.last = page * size;
	buf_puts(&body, ",\"data\":[");
	if (db_list(r->db, DB_LIST_SUBSTANCE_PAGE, &args, &body, &count) !=
	    DB_OK) {
		response_error(r, 500, NULL, "Could not read the database");
		goto out;
	}
	page_close(&body, page, size, total, max_page);
	response_send(r, &rp, body.data, body.len);
out:
	buf_free(&body);
	buf_free(&norm);
}
