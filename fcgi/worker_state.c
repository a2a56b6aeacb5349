#include "worker_state.h"

#include "response.h"

/*
 * How much of each buffer stays allocated between requests: what most
 * requests need, so that only the rare large one allocates.
 */
enum {
	/* A path's decoded segments and successor: paths are short. */
	KEEP_MATCH = 1024,
	/* A name or value is at most the query string. */
	KEEP_QUERY = 2 * QUERY_MAX_LENGTH,
	/* Most stored documents (a medicament's JSON is 1.4 kB). */
	KEEP_DOCUMENT = 64 * 1024,
	/* Headers and a small body sent with them (response.c's 8 KiB). */
	KEEP_HEAD = 2 * RESPONSE_ONE_WRITE,
	/* The gzip of an answer of a few pages. */
	KEEP_GZIP = 64 * 1024,
};

void
worker_state_recycle(struct worker_state *ws)
{
	buf_recycle(&ws->match.param, KEEP_MATCH);
	buf_recycle(&ws->match.successor, KEEP_MATCH);
	buf_recycle(&ws->match.text, KEEP_MATCH);
	buf_recycle(&ws->query.name, KEEP_QUERY);
	buf_recycle(&ws->query.value, KEEP_QUERY);
	buf_recycle(&ws->document, KEEP_DOCUMENT);
	buf_recycle(&ws->head, KEEP_HEAD);
	buf_recycle(&ws->gzip, KEEP_GZIP);
}

void
worker_state_free(struct worker_state *ws)
{
	route_result_free(&ws->match);
	buf_free(&ws->query.name);
	buf_free(&ws->query.value);
	buf_free(&ws->document);
	buf_free(&ws->head);
	buf_free(&ws->gzip);
}
