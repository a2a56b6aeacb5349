/* The rate limit: client addresses, buckets, the shared file. */
#include "check.h"

#include <stdlib.h>
#include <unistd.h>

#include "cidr.h"
#include "ratelimit.h"
#include "request.h"
#include "settings.h"
#include "worker_shm.h"

static bool
client_is(const char *remote, const char *xff, const char *trusted,
    const char *want)
{
	struct cidr_list l = CIDR_LIST_INIT;
	unsigned char a[16], b[16];
	char msg[256];
	bool ok;

	CHECK(cidr_list_parse(&l, trusted, msg, sizeof(msg)));
	ratelimit_client(remote, xff, &l, a);
	ratelimit_client(want, NULL, NULL, b);
	ok = memcmp(a, b, 16) == 0;
	cidr_list_free(&l);
	return ok;
}

static void
test_clients(void)
{
	unsigned char a[16], zero[16] = { 0 };

	ratelimit_client("192.0.2.1", NULL, NULL, a);
	CHECK(a[10] == 0xFF && a[11] == 0xFF && a[12] == 192 && a[15] == 1);
	ratelimit_client("2001:db8::1", NULL, NULL, a);
	CHECK(a[0] == 0x20 && a[1] == 0x01 && a[15] == 1);
	ratelimit_client("", NULL, NULL, a);
	CHECK(memcmp(a, zero, 16) == 0);
	ratelimit_client("not an address", NULL, NULL, a);
	CHECK(memcmp(a, zero, 16) == 0);
	/* X-Forwarded-For only from a trusted proxy. */
	CHECK(client_is("192.0.2.1", "198.51.100.7", "", "192.0.2.1"));
	CHECK(client_is("192.0.2.1", "198.51.100.7", "10.0.0.1",
	    "192.0.2.1"));
	CHECK(client_is("10.0.0.1", "198.51.100.7", "10.0.0.1",
	    "198.51.100.7"));
	CHECK(client_is("10.0.0.1", "6.6.6.6, 198.51.100.7", "10.0.0.1",
	    "198.51.100.7"));
	CHECK(client_is("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2",
	    "10.0.0.1, 10.0.0.2", "198.51.100.7"));
	CHECK(client_is("10.0.0.1", "10.0.0.2", "10.0.0.1,10.0.0.2",
	    "10.0.0.2"));
	CHECK(client_is("10.0.0.1", "garbage", "10.0.0.1", "10.0.0.1"));
	CHECK(client_is("10.0.0.1", "", "10.0.0.1", "10.0.0.1"));
	CHECK(client_is("::1", "2001:db8::5", "::1", "2001:db8::5"));
	/* Proxies named by their range. */
	CHECK(client_is("10.1.2.3", "198.51.100.7, 10.9.9.9", "10.0.0.0/8",
	    "198.51.100.7"));
	CHECK(client_is("11.1.2.3", "198.51.100.7", "10.0.0.0/8",
	    "11.1.2.3"));
	CHECK(client_is("fd00::17", "2001:db8::5", "fd00::/8, 10.0.0.1",
	    "2001:db8::5"));
}

static void
test_buckets(void)
{
	double tokens = 1000;
	int64_t stamp = 0;
	int i;

	/* 1 000 tokens: five exports, not six. */
	for (i = 0; i < 5; i++)
		CHECK(ratelimit_refill_take(&tokens, &stamp, 0, 1000, 3, 200));
	CHECK(!ratelimit_refill_take(&tokens, &stamp, 0, 1000, 3, 200));
	CHECK(tokens == 0);
	/* 3 a second: 5 tokens after 2 seconds is not enough, 6 is. */
	CHECK(!ratelimit_refill_take(&tokens, &stamp, 1000, 1000, 3, 5));
	CHECK(ratelimit_refill_take(&tokens, &stamp, 2000, 1000, 3, 5));
	CHECK(tokens == 1);
	/* Never above the burst. */
	CHECK(ratelimit_refill_take(&tokens, &stamp, 10000000, 1000, 3, 5));
	CHECK(tokens == 995);
	/* A stamp from the future (reboot) does not refill. */
	stamp = 50000000;
	CHECK(ratelimit_refill_take(&tokens, &stamp, 1000, 1000, 3, 5));
	CHECK(tokens == 990 && stamp == 1000);
}

static void
test_shared(void)
{
	char dir[] = "/tmp/test_fcgi_ratelimit.XXXXXX", path[128], bad[160];
	char msg[256];
	char *paths[2] = { bad, path };
	struct settings c;
	struct request r;
	struct shared *a, *b;
	struct ratelimit_verdict v;
	int i;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/state", dir);
	memset(&c, 0, sizeof(c));
	c.ratelimit_burst = 100;
	c.ratelimit_rate = 1;
	memset(&r, 0, sizeof(r));
	r.settings = &c;
	r.remote_addr = "192.0.2.9";
	/* The first path that works is used. */
	snprintf(bad, sizeof(bad), "%s/no/such/dir/state", dir);
	a = shared_open(paths, 2);
	b = shared_open(paths + 1, 1);
	CHECK(a != NULL && b != NULL && a->fd != -1 && b->fd != -1);
	/* Two workers, one bucket. */
	ratelimit_take(a, &r, 50, &v);
	CHECK(v.allowed && v.remaining == 50 && v.limit == 100 && v.rate == 1);
	ratelimit_take(b, &r, 50, &v);
	CHECK(v.allowed && v.remaining == 0);
	ratelimit_take(a, &r, 10, &v);
	CHECK(!v.allowed && v.remaining == 0 && v.retry_after >= 9 &&
	    v.retry_after <= 11);
	CHECK(a->st->rate_limited == 1);
	/* Another client has its own. */
	r.remote_addr = "192.0.2.10";
	ratelimit_take(b, &r, 10, &v);
	CHECK(v.allowed && v.remaining == 90);
	/* Many clients: slots are reused, nothing breaks. */
	for (i = 0; i < 3 * SHARED_SLOTS; i++) {
		char addr[64];

		snprintf(addr, sizeof(addr), "10.%d.%d.%d", i >> 16,
		    (i >> 8) & 255, i & 255);
		r.remote_addr = addr;
		ratelimit_take(a, &r, 1, &v);
		if (!v.allowed)
			break;
	}
	CHECK(i == 3 * SHARED_SLOTS);
	/*
	 * A client that emptied its bucket keeps it through a flood of new
	 * clients: they take the fullest buckets, never the emptiest.
	 */
	r.remote_addr = "192.0.2.11";
	ratelimit_take(a, &r, 100, &v);
	CHECK(v.allowed && v.remaining == 0);
	for (i = 0; i < 3 * SHARED_SLOTS; i++) {
		char addr[64];

		snprintf(addr, sizeof(addr), "10.%d.%d.%d", 64 + (i >> 16),
		    (i >> 8) & 255, i & 255);
		r.remote_addr = addr;
		ratelimit_take(a, &r, 1, &v);
	}
	r.remote_addr = "192.0.2.11";
	ratelimit_take(a, &r, 50, &v);
	CHECK(!v.allowed);
	/* An exempt client is never limited, and its bucket never shrinks. */
	CHECK(cidr_list_parse(&c.ratelimit_exempt, "192.0.2.0/28, ::1", msg,
	    sizeof(msg)));
	r.remote_addr = "192.0.2.9";
	for (i = 0; i < 10; i++) {
		ratelimit_take(a, &r, 50, &v);
		CHECK(v.allowed && v.remaining == 100);
	}
	r.remote_addr = "192.0.2.17";	/* outside the /28 */
	ratelimit_take(a, &r, 60, &v);
	CHECK(v.allowed && v.remaining == 40);
	ratelimit_take(a, &r, 60, &v);
	CHECK(!v.allowed);
	cidr_list_free(&c.ratelimit_exempt);
	shared_close(a);
	shared_close(b);
	/* No usable file: private memory, still counting. */
	a = shared_open(paths, 1);
	CHECK(a != NULL && a->fd == -1);
	r.remote_addr = "192.0.2.9";
	ratelimit_take(a, &r, 60, &v);
	CHECK(v.allowed && v.remaining == 40);
	shared_close(a);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	test_clients();
	test_buckets();
	test_shared();
	return check_finish("test_fcgi_ratelimit");
}
