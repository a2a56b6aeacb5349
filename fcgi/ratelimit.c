#include "ratelimit.h"

#include <string.h>
#include <time.h>

#include "cidr.h"
#include "log.h"
#include "request.h"
#include "settings.h"
#include "worker_shm.h"

/* Slots looked at from an address's hash before one is reused. */
#define RATELIMIT_PROBES	32

void
ratelimit_client(const char *remote, const char *xff,
    const struct cidr_list *trusted, unsigned char addr[16])
{
	unsigned char a[16];
	const char *end, *start;

	memset(addr, 0, 16);
	if (remote == NULL || !cidr_addr_parse(remote, strlen(remote), addr))
		return;
	if (xff == NULL || trusted == NULL || !cidr_list_match(trusted, addr))
		return;
	/* Right to left: the first hop our proxies did not add. */
	for (end = xff + strlen(xff); end > xff; end = start - 1) {
		for (start = end; start > xff && start[-1] != ','; start--)
			;
		if (!cidr_addr_parse(start, (size_t)(end - start), a))
			return;	/* garbage: keep the proxy's address */
		memcpy(addr, a, 16);
		if (!cidr_list_match(trusted, a) || start == xff)
			return;
	}
}

bool
ratelimit_refill_take(double *tokens, int64_t *stamp_ms, int64_t now_ms,
    double burst, double rate, int cost)
{
	if (*stamp_ms > now_ms)
		*stamp_ms = now_ms;	/* a file from before a reboot */
	*tokens += (double)(now_ms - *stamp_ms) / 1000 * rate;
	if (*tokens > burst)
		*tokens = burst;
	*stamp_ms = now_ms;
	if (*tokens < cost)
		return false;
	*tokens -= cost;
	return true;
}

static uint32_t
addr_hash(const unsigned char addr[16])
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	int i;

	for (i = 0; i < 16; i++)
		h = (h ^ addr[i]) * 16777619u;
	return h;
}

/* The tokens slot s would hold now, never more than the burst. */
static double
refilled(const struct shared_slot *s, int64_t now, double burst, double rate)
{
	double t = s->tokens;

	if (now > s->stamp_ms)
		t += (double)(now - s->stamp_ms) / 1000 * rate;
	return t < burst ? t : burst;
}

/*
 * The slot of addr: its own, else a free one, else the one whose bucket,
 * refilled to now, holds the most tokens (the oldest of those): its client
 * loses the least by starting again with a full bucket.  Reusing the
 * oldest instead would let a flood of new addresses push out a client that
 * had emptied its bucket, which would come back with a full one.
 */
static struct shared_slot *
find_slot(struct shared_state *st, const unsigned char addr[16],
    int64_t now, double burst, double rate)
{
	struct shared_slot *s, *free_slot = NULL, *best = NULL;
	uint32_t h = addr_hash(addr);
	double level, best_level = 0;
	int i;

	for (i = 0; i < RATELIMIT_PROBES; i++) {
		s = &st->slot[(h + (uint32_t)i) % SHARED_SLOTS];
		if (s->used && memcmp(s->addr, addr, 16) == 0)
			return s;
		if (!s->used) {
			if (free_slot == NULL)
				free_slot = s;
			continue;
		}
		level = refilled(s, now, burst, rate);
		if (best == NULL || level > best_level ||
		    (level == best_level && s->stamp_ms < best->stamp_ms)) {
			best = s;
			best_level = level;
		}
	}
	s = free_slot != NULL ? free_slot : best;
	memcpy(s->addr, addr, 16);
	s->used = 1;
	s->tokens = burst;
	s->stamp_ms = now;
	return s;
}

void
ratelimit_take(struct shared *sh, const struct request *r, int cost,
    struct ratelimit_verdict *v)
{
	const struct settings *c = r->settings;
	double burst = (double)c->ratelimit_burst;
	double rate = (double)c->ratelimit_rate;
	unsigned char addr[16];
	struct shared_slot *slot;
	struct timespec ts;
	int64_t now;

	v->allowed = true;
	v->limit = c->ratelimit_burst;
	v->rate = c->ratelimit_rate;
	v->remaining = c->ratelimit_burst;
	v->retry_after = 0;
	if (sh == NULL || clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return;		/* fail open: never refuse for our own fault */
	now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	ratelimit_client(r->remote_addr, r->forwarded_for,
	    &c->trusted_proxies, addr);
	if (cidr_list_match(&c->ratelimit_exempt, addr))
		return;		/* RATE_LIMIT_EXEMPT: never counted */
	if (!shared_lock(sh))
		return;
	slot = find_slot(sh->st, addr, now, burst, rate);
	v->allowed = ratelimit_refill_take(&slot->tokens, &slot->stamp_ms,
	    now, burst, rate, cost);
	/* Tokens are never negative: truncation is floor. */
	v->remaining = (long)slot->tokens;
	if (!v->allowed)
		v->retry_after = (long)((cost - slot->tokens) / rate) + 1;
	shared_unlock(sh);
	if (!v->allowed) {
		if (v->retry_after < 1)
			v->retry_after = 1;
		atomic_fetch_add_explicit(&sh->st->rate_limited, 1,
		    memory_order_relaxed);
	}
}
