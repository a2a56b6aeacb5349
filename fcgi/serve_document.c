#include <stddef.h>

#include "buf.h"
#include "encoding.h"
#include "handlers.h"
#include "query.h"
#include "request.h"
#include "response.h"
#include "worker_state.h"

void
lookup_serve(struct request *r, enum db_lookup what, long long key,
    const char *not_found)
{
	/* The worker's: grown to a document's size once, not per request. */
	struct buf *json = &r->kept->document;
	static const enum coding offered[] = { CODING_GZIP, CODING_IDENTITY };
	char etag[ETAG_SIZE];
	/*
	 * One weak ETag for the document in either coding.  A weak validator
	 * promises only semantic equivalence (RFC 9110 8.8.1), which the two
	 * codings of the same JSON have, so a client holding either may
	 * revalidate with it (If-None-Match uses the weak comparison, 8.8.3.2,
	 * 13.1.2); and weak tags are never used for a Range request, where
	 * identical bytes would matter (8.8.3, 13.1.5).  Vary: Accept-Encoding
	 * keeps a cache from handing one client's coding to another.
	 */
	struct reply rp = {
		.status = 200,
		.cache_control = CACHE_PUBLIC,
		.etag = etag,
		.last_modified = true,
	};
	enum db_result found;
	bool gzip = false;

	/* The stored member, read only when gzip is what will be sent. */
	if (accept_encoding_choose(&r->accept, offered, 2) == CODING_GZIP)
		found = db_lookup_gzip(r->db, what, key, json, etag, &gzip);
	else
		found = db_lookup(r->db, what, key, json, etag);
	switch (found) {
	case DB_OK:
		if (response_not_modified(r, &rp))
			break;
		if (gzip)
			response_send_coded(r, &rp, json->data, json->len,
			    CODING_GZIP);
		else
			response_send(r, &rp, json->data, json->len);
		break;
	case DB_NOT_FOUND:
		response_error(r, 404, NULL, "%s", not_found);
		break;
	default:
		response_error(r, 500, NULL, "Could not read the database");
		break;
	}
}
