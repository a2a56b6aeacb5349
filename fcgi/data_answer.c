#include "data_answer.h"

#include <string.h>

#include "db.h"
#include "request.h"

/*
 * The last etag composed, and what it was composed of: a worker answering
 * the same kind of answer again (every CIS's history has one etag per
 * database: an etag names a representation of one resource, its URL)
 * compares some fifty bytes where SHA-256 would cost 4 K instructions.
 */
static struct {
	char	data_etag[ETAG_SIZE];
	char	kind[32];
	char	normalised[256];
	char	etag[ETAG_SIZE];
} last;

static bool
compose(char out[ETAG_SIZE], const char *data_etag, const char *kind,
    const char *normalised)
{
	size_t nk = strlen(kind), nn = strlen(normalised);

	if (last.etag[0] != '\0' && strcmp(last.data_etag, data_etag) == 0 &&
	    strcmp(last.kind, kind) == 0 &&
	    strcmp(last.normalised, normalised) == 0) {
		memcpy(out, last.etag, ETAG_SIZE);
		return true;
	}
	if (!etag_compose(out, data_etag, kind, normalised))
		return false;
	if (strlen(data_etag) < ETAG_SIZE && nk < sizeof(last.kind) &&
	    nn < sizeof(last.normalised)) {
		memcpy(last.data_etag, data_etag, strlen(data_etag) + 1);
		memcpy(last.kind, kind, nk + 1);
		memcpy(last.normalised, normalised, nn + 1);
		memcpy(last.etag, out, ETAG_SIZE);
	}
	return true;
}

bool
data_answer_init(struct request *r, struct data_answer *a, const char *kind,
    const char *normalised)
{
	const struct db_meta *meta = db_meta(r->db);

	a->reply = (struct reply){
		.status = 200,
		.cache_control = CACHE_PUBLIC,
		.etag = a->etag,
		.last_modified = true,
	};
	if (meta == NULL || !compose(a->etag, meta->data_etag, kind,
	    normalised)) {
		response_error(r, 500, NULL, "Could not compute the etag");
		return false;
	}
	return true;
}

bool
data_answer_open(struct request *r, struct data_answer *a, const char *kind,
    const char *normalised)
{
	return data_answer_init(r, a, kind, normalised) &&
	    !response_not_modified(r, &a->reply);
}

void
data_answer_send_array(struct request *r, struct data_answer *a,
    struct buf *body, enum db_result result)
{
	switch (result) {
	case DB_OK:
		buf_putc(body, ']');
		if (!response_not_modified(r, &a->reply))
			response_send(r, &a->reply, body->data, body->len);
		break;
	case DB_NOT_FOUND:
		response_error(r, 404, NULL, "Medicament not found");
		break;
	default:
		response_error(r, 500, NULL, "Could not read the database");
		break;
	}
}
