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
#include "search.h"

#define MEDICAMENTS_MAX_RESULTS	250

enum field {
	F_PAGE,
	F_PAGE_SIZE,
	F_SEARCH,
	F_CIS,
	F_CIP,
	F_MAX
};

/* In the Go service's order: page is checked before pageSize. */
static const struct query_field fields[F_MAX] = {
	[F_PAGE] = { "page", query_valid_page },
	[F_PAGE_SIZE] = { "pageSize", query_valid_page_size },
	[F_SEARCH] = { "search", search_valid },
	[F_CIS] = { "cis", query_valid_cis },
	[F_CIP] = { "cip", query_valid_cip },
};

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
		buf_printf(&norm, "Page %lld not found: there are %lld pages "
		    "of %lld medicaments", page, max_page, size);
		response_error_detail(r, 404, NULL, buf_str(&norm),
		    "Page not found");
		goto out;
	}
	buf_printf(&norm, "page=%lld&pageSize=%lld", page, size);
	if (!etag_compose(etag, meta->data_etag, "page", norm.data)) {
		response_error(r, 500, NULL, "Could not compute the etag");
		goto out;
	}
	if (response_not_modified(r, &rp))
		goto out;
	buf_puts(&body, "{\"data\":[");
	if (db_page(r->db, (page - 1) * size, size, &body, &count) != DB_OK) {
		response_error(r, 500, NULL, "Could not read the database");
		goto out;
	}
	buf_printf(&body, "],\"page\":%lld,\"pageSize\":%lld,"
	    "\"totalItems\":%lld,\"maxPage\":%lld}", page, size, total,
	    max_page);
	response_send(r, &rp, body.data, body.len);
out:
	buf_free(&body);
	buf_free(&norm);
}

void
medicaments_serve(struct request *r)
{
	struct query_value v[F_MAX] = { { 0 } };
	struct query_error err;
	size_t n;

	if (!query_parse(r->query, fields, F_MAX, v, &err)) {
		lookup_reject(r, &err);
		goto out;
	}
	n = query_count_present(v, F_MAX) - (v[F_PAGE_SIZE].present ? 1 : 0);
	if (v[F_PAGE_SIZE].present && !v[F_PAGE].present) {
		response_error(r, 400, NULL,
		    "pageSize can only be used with page");
		goto out;
	}
	if (n == 0) {
		response_error_detail(r, 400, NULL, "Needs one parameter: "
		    "page, search, cis or cip. See /docs",
		    "Needs at least one param. See documentation");
		goto out;
	}
	if (n > 1) {
		response_error_detail(r, 400, NULL, "Choose one of: page, "
		    "search, cis, cip", "Only one parameter allowed at a "
		    "time. Choose: page, cip, search");
		goto out;
	}
	if (!query_validate(fields, F_MAX, v, &err)) {
		lookup_reject(r, &err);
		goto out;
	}
	if (v[F_PAGE].present)
		page_serve(r, v[F_PAGE].number, v[F_PAGE_SIZE].present ?
		    v[F_PAGE_SIZE].number : QUERY_PAGE_SIZE_DEFAULT);
	else if (v[F_SEARCH].present)
		find_serve(r, &search_spec, v[F_SEARCH].text,
		    v[F_SEARCH].len);
	else if (v[F_CIS].present)
		lookup_serve(r, DB_MEDICAMENT_CIS, v[F_CIS].number,
		    "Medicament not found");
	else
		lookup_serve(r, v[F_CIP].len == 7 ? DB_MEDICAMENT_CIP7 :
		    DB_MEDICAMENT_CIP13, v[F_CIP].number,
		    "Medicament not found");
out:
	query_values_free(v, F_MAX);
}

void
medicaments_serve_cis(struct request *r, const char *cis, size_t n)
{
	struct query_error err;
	long long key;

	if (!query_valid_cis(cis, n, &key, &err)) {
		lookup_reject(r, &err);
		return;
	}
	lookup_serve(r, DB_MEDICAMENT_CIS, key, "Medicament not found");
}
