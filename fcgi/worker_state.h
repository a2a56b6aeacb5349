/*
 * What a worker keeps from one request to the next, in one place.  A
 * worker answers one request at a time: a buffer grown to one request's
 * size serves the next without an allocation.  Once a request is done,
 * worker_state_recycle empties each buffer, and frees one grown past its
 * bound (worker_state.c), so that one large answer does not stay
 * resident.  The owner (main.c's worker) hands it to every request
 * (struct request's kept).
 */
#ifndef MEDICAMENTS_FCGI_WORKER_STATE_H
#define MEDICAMENTS_FCGI_WORKER_STATE_H

#include "buf.h"
#include "query.h"
#include "route.h"

struct worker_state {
	struct route_result	match;		/* dispatch.c: the path's match */
	struct query_buffers	query;		/* query_parse's decoding */
	struct buf		document;	/* serve_document.c: a stored one */
	struct buf		head;		/* response.c: the header block */
	struct buf		gzip;		/* response.c: a body gzip-coded */
};

#define WORKER_STATE_INIT { ROUTE_RESULT_INIT, { BUF_INIT, BUF_INIT }, \
	BUF_INIT, BUF_INIT, BUF_INIT }

/* After each request: every buffer empty, the large ones freed. */
void	worker_state_recycle(struct worker_state *ws);
void	worker_state_free(struct worker_state *ws);

#endif
