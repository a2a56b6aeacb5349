#include <stddef.h>

#include "buf.h"
#include "handlers.h"
#include "query.h"
#include "request.h"
#include "response.h"

/* Documents up to this size leave their buffer for the next lookup. */
#define LOOKUP_KEEP	(64 * 1024)

void
lookup_serve(struct request *r, enum db_lookup what, long long key,
    const char *not_found)
{
	/*
	 * Kept from one lookup to the next (a worker answers one request at
	 * a time): grown to a document's size once, not allocated per
	 * request.
	 */
	static struct buf json;
	char etag[ETAG_SIZE];
	struct reply rp = {
		.status = 200,
		.cache_control = CACHE_PUBLIC,
		.etag = etag,
		.last_modified = true,
	};

	switch (db_lookup(r->db, what, key, &json, etag)) {
	case DB_OK:
		if (!response_not_modified(r, &rp))
			response_send(r, &rp, json.data, json.len);
		break;
	case DB_NOT_FOUND:
		response_error(r, 404, NULL, "%s", not_found);
		break;
	default:
		response_error(r, 500, NULL, "Could not read the database");
		break;
	}
	buf_recycle(&json, LOOKUP_KEEP);
}

void
lookup_reject(struct request *r, const struct query_error *err)
{
	response_error_detail(r, 400, NULL, err->detail, "%s", err->message);
}

bool
lookup_params_valid(struct request *r)
{
	if (r->params_valid)
		return true;
	lookup_reject(r, &r->params_error);
	return false;
}
