/* Address and CIDR range lists: TRUSTED_PROXIES, RATE_LIMIT_EXEMPT. */
#include "check.h"

#include <stdbool.h>

#include "cidr.h"

static bool
in(const char *list, const char *addr)
{
	struct cidr_list l = CIDR_LIST_INIT;
	unsigned char a[16];
	char msg[256];
	bool ok;

	CHECK(cidr_list_parse(&l, list, msg, sizeof(msg)));
	CHECK(cidr_addr_parse(addr, strlen(addr), a));
	ok = cidr_list_match(&l, a);
	cidr_list_free(&l);
	return ok;
}

static bool
refused(const char *list, const char *needle)
{
	struct cidr_list l = CIDR_LIST_INIT;
	char msg[256] = "";
	bool ok;

	ok = !cidr_list_parse(&l, list, msg, sizeof(msg)) && l.n == 0 &&
	    l.v == NULL && strstr(msg, needle) != NULL;
	if (!ok)
		fprintf(stderr, "\"%s\": message \"%s\"\n", list, msg);
	cidr_list_free(&l);
	return ok;
}

static void
test_parse(void)
{
	struct cidr_list l = CIDR_LIST_INIT;
	char msg[256];

	CHECK(cidr_list_parse(&l, "", msg, sizeof(msg)) && l.n == 0);
	CHECK(cidr_list_parse(&l, "  ", msg, sizeof(msg)) && l.n == 0);
	CHECK(cidr_list_parse(&l, "10.0.0.1", msg, sizeof(msg)) && l.n == 1);
	CHECK(l.v[0].bits == 128);
	CHECK(cidr_list_parse(&l, " 10.0.0.0/8 ,::1, 2001:db8::/32,0.0.0.0/0",
	    msg, sizeof(msg)) && l.n == 4);
	CHECK(l.v[0].bits == 104 && l.v[1].bits == 128 && l.v[2].bits == 32 &&
	    l.v[3].bits == 96);
	/* Host bits are cleared: 10.1.2.3/8 is 10.0.0.0/8. */
	CHECK(cidr_list_parse(&l, "10.1.2.3/8", msg, sizeof(msg)) &&
	    l.v[0].addr[12] == 10 && l.v[0].addr[13] == 0 &&
	    l.v[0].addr[15] == 0);
	cidr_list_free(&l);
	CHECK(l.v == NULL && l.n == 0);

	CHECK(refused("localhost", "\"localhost\""));
	CHECK(refused("10.0.0.1,", "\"\""));
	CHECK(refused("10.0.0.1,,10.0.0.2", "\"\""));
	CHECK(refused("10.0.0.0/33", "10.0.0.0/33"));
	CHECK(refused("::/129", "::/129"));
	CHECK(refused("10.0.0.0/", "10.0.0.0/"));
	CHECK(refused("10.0.0.0/8x", "10.0.0.0/8x"));
	CHECK(refused("10.0.0.0/-1", "10.0.0.0/-1"));
	CHECK(refused("10.0.0.0/08", "10.0.0.0/08"));
	CHECK(refused("1.2.3.4/8/8", "1.2.3.4/8/8"));
	CHECK(refused("1.2.3", "1.2.3"));
	CHECK(refused("1.2.3.4 5.6.7.8", "1.2.3.4 5.6.7.8"));
	CHECK(refused("[::1]", "[::1]"));
	CHECK(refused("10.0.0.1, 2001:db8::zz", "2001:db8::zz"));
}

static void
test_match(void)
{
	CHECK(!in("", "10.0.0.1"));
	CHECK(in("10.0.0.1", "10.0.0.1"));
	CHECK(!in("10.0.0.1", "10.0.0.2"));
	CHECK(in("10.0.0.0/8", "10.255.255.255"));
	CHECK(!in("10.0.0.0/8", "11.0.0.0"));
	CHECK(in("192.168.1.128/25", "192.168.1.200"));
	CHECK(!in("192.168.1.128/25", "192.168.1.127"));
	CHECK(in("172.16.0.0/12", "172.31.255.1"));
	CHECK(!in("172.16.0.0/12", "172.32.0.1"));
	CHECK(in("0.0.0.0/0", "203.0.113.9"));
	/* IPv4 ranges never hold IPv6 addresses, and the other way. */
	CHECK(!in("0.0.0.0/0", "2001:db8::1"));
	CHECK(!in("2001:db8::/32", "10.0.0.1"));
	CHECK(in("::/0", "2001:db8::1"));
	CHECK(in("2001:db8::/32", "2001:db8:ffff::1"));
	CHECK(!in("2001:db8::/32", "2001:db9::1"));
	CHECK(in("fe80::/10", "febf::1"));
	CHECK(!in("fe80::/10", "fec0::1"));
	CHECK(in("::1", "::1"));
	/* An IPv4-mapped IPv6 address is the IPv4 one. */
	CHECK(in("10.0.0.0/8", "::ffff:10.1.1.1"));
	CHECK(in("127.0.0.1, ::1", "127.0.0.1"));
}

int
main(void)
{
	test_parse();
	test_match();
	return check_finish("test_fcgi_cidr");
}
