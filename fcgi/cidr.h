/*
 * Lists of addresses and CIDR ranges (TRUSTED_PROXIES, RATE_LIMIT_EXEMPT):
 * "10.0.0.1, 192.168.0.0/16, ::1, 2001:db8::/32", parsed once at start.
 * Addresses are 16 bytes, IPv4 mapped into IPv6 (::ffff:a.b.c.d), so that
 * one comparison serves both families.
 */
#ifndef MEDICAMENTS_FCGI_CIDR_H
#define MEDICAMENTS_FCGI_CIDR_H

#include <stdbool.h>
#include <stddef.h>

/* At most this many entries in one list. */
#define CIDR_LIST_MAX	1024

struct cidr {
	unsigned char	addr[16];	/* host bits cleared */
	int		bits;		/* prefix length, 0-128 */
};

struct cidr_list {
	struct cidr	*v;
	size_t		 n;
};

#define CIDR_LIST_INIT	{ NULL, 0 }

/*
 * Parses s[0..n) as one IPv4 or IPv6 address (blanks around it ignored)
 * into addr.  False when it is neither.
 */
bool	cidr_addr_parse(const char *s, size_t n, unsigned char addr[16]);

/*
 * Parses a comma-separated list of addresses and ranges into *l (which is
 * emptied first); an empty or blank s is the empty list.  False, with a
 * message quoting the bad entry, on anything else; *l is then empty.
 */
bool	cidr_list_parse(struct cidr_list *l, const char *s, char *msg,
	    size_t msgsize);
/* True when addr is in one of the list's ranges. */
bool	cidr_list_match(const struct cidr_list *l,
	    const unsigned char addr[16]);
void	cidr_list_free(struct cidr_list *l);

#endif
