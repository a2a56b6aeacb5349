#include "cidr.h"

#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Longest address text: a full IPv6 address with an IPv4 tail is 45. */
#define CIDR_ADDR_MAX	64

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* Parses s[0..n) as an address; *v4 tells which family it was. */
static bool
parse_addr(const char *s, size_t n, unsigned char addr[16], bool *v4)
{
	char tmp[CIDR_ADDR_MAX];
	struct in_addr a4;

	trim(&s, &n);
	if (n == 0 || n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET, tmp, &a4) == 1) {
		memset(addr, 0, 10);
		addr[10] = addr[11] = 0xFF;
		memcpy(addr + 12, &a4, 4);
		*v4 = true;
		return true;
	}
	*v4 = false;
	return inet_pton(AF_INET6, tmp, addr) == 1;
}

bool
cidr_addr_parse(const char *s, size_t n, unsigned char addr[16])
{
	bool v4;

	return parse_addr(s, n, addr, &v4);
}

/* Parses "address" or "address/bits" at s[0..n). */
static bool
parse_range(const char *s, size_t n, struct cidr *c)
{
	const char *slash = memchr(s, '/', n);
	size_t alen = slash != NULL ? (size_t)(slash - s) : n;
	bool v4;
	long bits;
	size_t i;
	int b;

	if (!parse_addr(s, alen, c->addr, &v4))
		return false;
	if (slash == NULL) {
		c->bits = 128;
		return true;
	}
	s = slash + 1;
	n -= alen + 1;
	trim(&s, &n);
	if (n == 0 || n > 3)
		return false;
	for (bits = 0, i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		bits = bits * 10 + (s[i] - '0');
	}
	if (bits > (v4 ? 32 : 128) || (n > 1 && s[0] == '0'))
		return false;
	c->bits = (int)bits + (v4 ? 96 : 0);
	/* 10.1.2.3/8 is 10.0.0.0/8, as most tools read it. */
	for (b = c->bits; b < 128; b++)
		c->addr[b / 8] &= (unsigned char)~(0x80 >> (b % 8));
	return true;
}

void
cidr_list_free(struct cidr_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

bool
cidr_list_parse(struct cidr_list *l, const char *s, char *msg,
    size_t msgsize)
{
	const char *p = s, *comma, *item;
	size_t n, items = 1, len;

	cidr_list_free(l);
	len = strlen(s);
	item = s;
	trim(&item, &len);
	if (len == 0)
		return true;
	for (p = s; *p != '\0'; p++)
		if (*p == ',')
			items++;
	if (items > CIDR_LIST_MAX) {
		snprintf(msg, msgsize, "more than %d entries", CIDR_LIST_MAX);
		return false;
	}
	l->v = xcalloc(items, sizeof(*l->v));
	for (p = s; p != NULL; p = comma != NULL ? comma + 1 : NULL) {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		item = p;
		trim(&item, &n);
		if (!parse_range(item, n, &l->v[l->n])) {
			snprintf(msg, msgsize, "\"%.*s\" is not an IPv4 or IPv6 "
			    "address or CIDR range (such as 10.0.0.0/8 or "
			    "2001:db8::/32)", (int)(n > 64 ? 64 : n), item);
			cidr_list_free(l);
			return false;
		}
		l->n++;
	}
	return true;
}

bool
cidr_list_match(const struct cidr_list *l, const unsigned char addr[16])
{
	const struct cidr *c;
	size_t i;
	int whole, rest;

	for (i = 0; i < l->n; i++) {
		c = &l->v[i];
		whole = c->bits / 8;
		rest = c->bits % 8;
		if (memcmp(c->addr, addr, (size_t)whole) != 0)
			continue;
		if (rest == 0 || ((c->addr[whole] ^ addr[whole]) &
		    (0xFF << (8 - rest)) & 0xFF) == 0)
			return true;
	}
	return false;
}
