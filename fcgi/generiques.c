/*
 * /v1/generiques: exactly one of libelle, group; /v1/generiques/{groupID}.
 */
#include "handlers.h"
#include "query.h"
#include "request.h"
#include "response.h"
#include "search.h"

#define GENERIQUES_MAX_RESULTS	100

enum field {
	F_LIBELLE,
	F_GROUP,
	F_MAX
};

static const struct query_field fields[F_MAX] = {
	[F_LIBELLE] = { "libelle", search_valid },
	[F_GROUP] = { "group", query_valid_group },
};

static const struct find_spec libelle_spec = {
	.index = DB_INDEX_GENERIQUES,
	.document = DB_GENERIQUE_GROUP,
	.max_results = GENERIQUES_MAX_RESULTS,
	.ranked = 0,
	.kind = "libelle",
	.not_found = "No generiques found",
	.too_broad = "Search too broad. Maximum 100 results returned. Use more "
	    "specific search terms or /export for full dataset",
	.too_broad_detail = "More than 100 generic groups match. Use more "
	    "specific search terms",
};

void
generiques_serve(struct request *r)
{
	struct query_value v[F_MAX] = { { 0 } };
	struct query_error err;
	size_t n;

	if (!query_parse(r->query, fields, F_MAX, v, &err)) {
		lookup_reject(r, &err);
		goto out;
	}
	/* The Go service knows libelle only: both at once is ours to refuse. */
	if ((n = query_count_present(v, F_MAX)) == 0) {
		response_error_detail(r, 400, NULL, "Needs one parameter: "
		    "libelle or group. See /docs", "Needs libelle param");
		goto out;
	}
	if (n > 1) {
		response_error(r, 400, NULL, "Only one parameter allowed at a "
		    "time. Choose: libelle, group");
		goto out;
	}
	if (!query_validate(fields, F_MAX, v, &err)) {
		lookup_reject(r, &err);
		goto out;
	}
	if (v[F_LIBELLE].present)
		find_serve(r, &libelle_spec, v[F_LIBELLE].text,
		    v[F_LIBELLE].len);
	else
		lookup_serve(r, DB_GENERIQUE_GROUP, v[F_GROUP].number,
		    "Generique group not found");
out:
	query_values_free(v, F_MAX);
}

void
generiques_serve_group(struct request *r, const char *id, size_t n)
{
	struct query_error err;
	long long key;

	if (!query_valid_group(id, n, &key, &err)) {
		lookup_reject(r, &err);
		return;
	}
	lookup_serve(r, DB_GENERIQUE_GROUP, key, "Generique group not found");
}
