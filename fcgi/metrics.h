/*
 * The counters of every worker (in the shared state, shared.h) and their
 * Prometheus text exposition on /metrics, which dispatch.c serves on
 * METRICS_PORT only.  Labels are bounded whatever clients send: method is
 * GET, HEAD, OPTIONS (CORS preflights, 204; 405 otherwise) or OTHER; route
 * is the route's template ("/v1/medicaments/{cis}"),
 * every unknown path being "other"; status is the status sent.
 *
 * Besides the requests, /metrics reports the data (age, rows per table,
 * from the open database) and the last update, from the file the updater
 * writes next to the database on success and on failure,
 * DB_PATH.last-update.json (common/status_file.h).
 */
#ifndef MEDICAMENTS_FCGI_METRICS_H
#define MEDICAMENTS_FCGI_METRICS_H

#include "route.h"

struct request;

/* The request has begun: it is in flight until metrics_end. */
void	metrics_begin(struct request *r);

/* Counts the answered request under route id, with its status and time. */
void	metrics_end(struct request *r, enum route_id id);

#endif
