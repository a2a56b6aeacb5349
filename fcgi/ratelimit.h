/*
 * The rate limit of API.md: one token bucket per client address (burst
 * 1 000, 3 tokens a second by default), shared by every worker through
 * worker_shm.c, each request costing what its route costs (route_cost).
 */
#ifndef MEDICAMENTS_FCGI_RATELIMIT_H
#define MEDICAMENTS_FCGI_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct cidr_list;
struct request;
struct shared;

struct ratelimit_verdict {
	bool	allowed;
	long	limit;		/* X-RateLimit-Limit: the burst */
	long	remaining;	/* X-RateLimit-Remaining: whole tokens left */
	long	rate;		/* X-RateLimit-Rate: tokens per second */
	long	retry_after;	/* seconds until the request would pass */
};

/*
 * A CORS preflight costs a token: no database read, and a browser sends
 * one per URL and page at most every Access-Control-Max-Age.
 */
#define RATELIMIT_COST_PREFLIGHT	1

/*
 * The client's address as 16 bytes (IPv4 mapped into IPv6): the peer, or
 * when the peer is in the trusted proxies' ranges, the rightmost address
 * of X-Forwarded-For that is not.  An unreadable address gives all zeros
 * (one bucket for them all).
 */
void	ratelimit_client(const char *remote, const char *forwarded_for,
	    const struct cidr_list *trusted, unsigned char addr[16]);

/*
 * Takes the request's tokens from its client's bucket; a client in
 * RATE_LIMIT_EXEMPT's ranges takes none and is always allowed.
 */
void	ratelimit_take(struct shared *s, const struct request *r, int cost,
	    struct ratelimit_verdict *v);

/*
 * Refills a bucket for the time since *stamp_ms and takes cost tokens if
 * there are enough.  Pure: the caller holds the lock.
 */
bool	ratelimit_refill_take(double *tokens, int64_t *stamp_ms,
	    int64_t now_ms, double burst, double rate, int cost);

#endif
