/*
 * /v1/presentations?cip= and /v1/presentations/{cip}: CIP7 or CIP13.  A
 * presentation whose CIS is unknown is still answered.
 */
#include "handlers.h"
#include "request.h"
#include "response.h"

static void
serve_cip(struct request *r, long long cip, size_t digits)
{
	lookup_serve(r, digits == 7 ? DB_PRESENTATION_CIP7 :
	    DB_PRESENTATION_CIP13, cip, "Presentation not found");
}

void
presentations_serve(struct request *r)
{
	const struct query_value *cip = &r->params[PRESENTATIONS_CIP];

	/* Present: the route's row requires it. */
	serve_cip(r, cip->number, cip->len);
}

void
presentations_serve_cip(struct request *r)
{
	serve_cip(r, r->segment.number, r->segment.len);
}
