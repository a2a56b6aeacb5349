/*
 * /v1/presentations?cip= and /v1/presentations/{cip}: CIP7 or CIP13.  A
 * presentation whose CIS is unknown is still answered.
 */
#include "handlers.h"
#include "query.h"
#include "request.h"
#include "response.h"

enum field {
	F_CIP,
	F_MAX
};

static const struct query_field fields[F_MAX] = {
	[F_CIP] = { "cip", query_valid_cip },
};

static void
serve_cip(struct request *r, long long cip, size_t digits)
{
	lookup_serve(r, digits == 7 ? DB_PRESENTATION_CIP7 :
	    DB_PRESENTATION_CIP13, cip, "Presentation not found");
}

void
presentations_serve(struct request *r)
{
	struct query_value v[F_MAX] = { { 0 } };
	struct query_error err;

	if (!query_parse(r->query, fields, F_MAX, v, &err)) {
		lookup_reject(r, &err);
		goto out;
	}
	/* The Go service's answer to /v1/presentations/ without a CIP. */
	if (!v[F_CIP].present) {
		response_error_detail(r, 400, NULL, "Needs the cip parameter "
		    "(CIP7 or CIP13), or the path /v1/presentations/{cip}",
		    "CIP path parameter is required");
		goto out;
	}
	if (!query_validate(fields, F_MAX, v, &err)) {
		lookup_reject(r, &err);
		goto out;
	}
	serve_cip(r, v[F_CIP].number, v[F_CIP].len);
out:
	query_values_free(v, F_MAX);
}

void
presentations_serve_cip(struct request *r, const char *cip, size_t n)
{
	struct query_error err;
	long long key;

	if (!query_valid_cip(cip, n, &key, &err)) {
		lookup_reject(r, &err);
		return;
	}
	serve_cip(r, key, n);
}
