/*
 * What the worker processes share: one small file mapped by all of them
 * (lighttpd spawns the workers, no common parent of ours holds memory for
 * them).  It holds the rate limit's token buckets, under an flock, and the
 * counters of /metrics, updated with C11 atomics and no lock: a worker
 * that dies, even by SIGKILL, has already added what it counted, and the
 * file outlives every worker.  When the file cannot be used, each worker
 * falls back to private memory: the limits and the counts then hold per
 * worker instead of per server, which is logged once.
 */
#ifndef MEDICAMENTS_FCGI_WORKER_SHM_H
#define MEDICAMENTS_FCGI_WORKER_SHM_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "route.h"

/*
 * Atomics in a file mapped by several processes work only when they are
 * lock-free (a lock would be private to each process).
 */
#if ATOMIC_LLONG_LOCK_FREE != 2 || ATOMIC_INT_LOCK_FREE != 2
#error "the shared counters need lock-free 64-bit and int atomics"
#endif

/* Client addresses tracked at once; the least useful bucket is reused. */
#define SHARED_SLOTS		8192
/* Methods counted apart: GET, HEAD, OPTIONS, anything else (enum method). */
#define SHARED_METHODS		4
/* Statuses counted: 100 to 599, each its own counter. */
#define SHARED_STATUS_FIRST	100
#define SHARED_STATUSES		500
/* Latency buckets: metrics.c's bounds, then +Inf. */
#define SHARED_BUCKETS		15
/*
 * Worker processes whose request in flight is seen: also the most WORKERS
 * accepts (fcgi/settings.c), so that every worker is seen.
 */
#define SHARED_WORKERS		1024

struct shared_slot {
	unsigned char	addr[16];	/* IPv6, or IPv4 mapped */
	double		tokens;
	int64_t		stamp_ms;	/* CLOCK_MONOTONIC of the last refill */
	uint32_t	used;
	uint32_t	pad;
};

/* One worker process: whether it is answering a request right now. */
struct shared_worker {
	atomic_int	pid;		/* 0: free */
	atomic_int	busy;
};

/* Per method and route: a histogram's buckets (not cumulated) and sum. */
struct shared_latency {
	atomic_ullong	bucket[SHARED_BUCKETS];
	atomic_ullong	sum_us;		/* microseconds */
};

struct shared_state {
	uint64_t	magic;
	uint64_t	size;		/* sizeof(struct shared_state) */
	atomic_ullong	requests[ROUTE_ID_MAX][SHARED_METHODS][SHARED_STATUSES];
	struct shared_latency latency[ROUTE_ID_MAX][SHARED_METHODS];
	atomic_ullong	rate_limited;	/* requests refused with 429 */
	struct shared_worker worker[SHARED_WORKERS];
	struct shared_slot slot[SHARED_SLOTS];	/* under the flock */
};

struct shared {
	int		 fd;		/* -1 with private memory */
	struct shared_state *st;
	struct shared_worker *self;	/* this process's, once claimed */
};

/*
 * Maps the first of paths[0..n) that can be used (created 0600 when
 * absent); private memory when none can.  NULL only when even that fails.
 */
struct shared *shared_open(char *const *paths, int n);
/* Also gives this process's worker entry back. */
void	shared_close(struct shared *s);

/* Exclusive access to the buckets, across processes. */
bool	shared_lock(struct shared *s);
void	shared_unlock(struct shared *s);

/*
 * This process's worker entry, claimed on first use: a free one, else one
 * whose process is gone.  NULL when all SHARED_WORKERS are taken by live
 * processes (logged once).
 */
struct shared_worker *shared_worker(struct shared *s);

/* True while process pid exists (a worker entry's owner). */
bool	shared_pid_alive(int pid);

#endif
