#include "conditional.h"

#include <string.h>

#include <openssl/evp.h>

#include "buf.h"
#include "timefmt.h"

bool
etag_of(char out[ETAG_SIZE], const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	int i;

	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen < 8)
		return false;
	for (i = 0; i < 8; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xF];
	}
	out[16] = '\0';
	return true;
}

bool
etag_compose(char out[ETAG_SIZE], const char *data_etag, const char *kind,
    const char *normalised)
{
	struct buf b = BUF_INIT;
	bool ok;

	/* NUL separators: no part can run into the next. */
	buf_append(&b, data_etag, strlen(data_etag) + 1);
	buf_append(&b, kind, strlen(kind) + 1);
	buf_puts(&b, normalised);
	ok = etag_of(out, b.data, b.len);
	buf_free(&b);
	return ok;
}

static const char *
skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

bool
conditional_etag_listed(const char *p, const char *etag)
{
	const char *start;
	size_t elen = etag != NULL ? strlen(etag) : 0;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			return false;
		if (*p == '*')
			return true;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (*p != '"')
			return false;
		for (start = ++p; *p != '\0' && *p != '"'; p++)
			;
		if (*p == '\0')
			return false;
		if (etag != NULL && (size_t)(p - start) == elen &&
		    memcmp(start, etag, elen) == 0)
			return true;
		p = skip_ows(p + 1);
		if (*p != ',' && *p != '\0')
			return false;
	}
}

bool
conditional_not_modified(const char *if_none_match,
    const char *if_modified_since, const char *etag, time_t last_modified,
    time_t now)
{
	time_t since;

	if (if_none_match != NULL && *if_none_match != '\0')
		return conditional_etag_listed(if_none_match, etag);
	if (if_modified_since == NULL || *if_modified_since == '\0' ||
	    last_modified <= 0)
		return false;
	if (!timefmt_parse_http(if_modified_since, &since) || since > now)
		return false;
	return last_modified <= since;
}
