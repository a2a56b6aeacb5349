/*
 * Counters of every worker (in the shared state) and their Prometheus text
 * exposition on /metrics, which dispatch.c serves on METRICS_PORT only.
 */
#ifndef MEDICAMENTS_FCGI_METRICS_H
#define MEDICAMENTS_FCGI_METRICS_H

#include "route.h"

struct request;
struct shared;

/* Counts one answered request; s may be NULL. */
void	metrics_count(struct shared *s, enum route_id id, int status);

#endif
