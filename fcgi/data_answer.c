#include "data_answer.h"

#include "db.h"
#include "request.h"

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
	if (meta == NULL || !etag_compose(a->etag, meta->data_etag, kind,
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
