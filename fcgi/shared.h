/*
 * What the worker processes share: one small file mapped by all of them
 * (lighttpd spawns the workers, no common parent of ours holds memory for
 * them).  It holds the rate limit's token buckets, under an flock, and the
 * request counters of /metrics, updated atomically.  When the file cannot
 * be used, each worker falls back to private memory: the limits then hold
 * per worker instead of per server, which is logged once.
 */
#ifndef MEDICAMENTS_FCGI_SHARED_H
#define MEDICAMENTS_FCGI_SHARED_H

#include <stdbool.h>
#include <stdint.h>

#include "route.h"

/* Client addresses tracked at once; the least useful bucket is reused. */
#define SHARED_SLOTS		8192
/* Status classes counted: index status / 100 (0 for anything odd). */
#define SHARED_STATUS_CLASSES	6

struct shared_slot {
	unsigned char	addr[16];	/* IPv6, or IPv4 mapped */
	double		tokens;
	int64_t		stamp_ms;	/* CLOCK_MONOTONIC of the last refill */
	uint32_t	used;
	uint32_t	pad;
};

struct shared_state {
	uint64_t	magic;
	uint64_t	size;		/* sizeof(struct shared_state) */
	uint64_t	requests[ROUTE_ID_MAX][SHARED_STATUS_CLASSES];
	uint64_t	rate_limited;
	struct shared_slot slot[SHARED_SLOTS];
};

struct shared {
	int		 fd;		/* -1 with private memory */
	struct shared_state *st;
};

/*
 * Maps the first of paths[0..n) that can be used (created 0600 when
 * absent); private memory when none can.  NULL only when even that fails.
 */
struct shared *shared_open(char *const *paths, int n);
void	shared_close(struct shared *s);

/* Exclusive access to the buckets, across processes. */
bool	shared_lock(struct shared *s);
void	shared_unlock(struct shared *s);

#endif
