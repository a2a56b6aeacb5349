#include "route.h"

#include <string.h>

#include "query.h"

/*
 * A legacy successor holds at most one "%s": the parameter, re-encoded.
 * Specific patterns come before the "*" that would also match them.
 */
static const struct route_pattern {
	const char	*pattern;
	enum route_id	 id;
	const char	*successor;	/* ROUTE_LEGACY only */
} routes[] = {
	{ "/health",			ROUTE_HEALTH, NULL },
	{ "/v1/medicaments",		ROUTE_MEDICAMENTS, NULL },
	{ "/v1/medicaments/export",	ROUTE_MEDICAMENTS_EXPORT, NULL },
	{ "/v1/medicaments/*",		ROUTE_MEDICAMENT, NULL },
	{ "/v1/generiques",		ROUTE_GENERIQUES, NULL },
	{ "/v1/generiques/*",		ROUTE_GENERIQUE, NULL },
	{ "/v1/presentations",		ROUTE_PRESENTATIONS, NULL },
	{ "/v1/presentations/*",	ROUTE_PRESENTATION, NULL },
	{ "/v1/diagnostics",		ROUTE_DIAGNOSTICS, NULL },
	{ "/metrics",			ROUTE_METRICS, NULL },
	{ "/database",			ROUTE_LEGACY, "/v1/medicaments/export" },
	{ "/database/*",		ROUTE_LEGACY, "/v1/medicaments?page=%s" },
	{ "/medicament/id/*",		ROUTE_LEGACY, "/v1/medicaments/%s" },
	{ "/medicament/cip/*",		ROUTE_LEGACY, "/v1/medicaments?cip=%s" },
	{ "/medicament/*",		ROUTE_LEGACY, "/v1/medicaments?search=%s" },
	{ "/generiques/group/*",	ROUTE_LEGACY, "/v1/generiques/%s" },
	{ "/generiques/*",		ROUTE_LEGACY, "/v1/generiques?libelle=%s" },
};

static const char *const route_names[ROUTE_ID_MAX] = {
	"none", "health", "medicaments", "export", "medicament",
	"generiques", "generique", "presentations", "presentation",
	"diagnostics", "metrics", "legacy",
};

const char *
route_name(enum route_id id)
{
	return (unsigned)id < ROUTE_ID_MAX ? route_names[id] : "none";
}

struct segments {
	struct buf	 text;			/* decoded segments */
	size_t		 n;
	size_t		 off[ROUTE_MAX_SEGMENTS];
	size_t		 len[ROUTE_MAX_SEGMENTS];
};

/* Splits and decodes; false on a bad escape, n = MAX + 1 when too deep. */
static bool
split_path(const char *path, size_t n, struct segments *seg)
{
	size_t i = 1, start;

	seg->n = 0;
	while (i <= n) {
		for (start = i; i < n && path[i] != '/'; i++)
			;
		if (seg->n == ROUTE_MAX_SEGMENTS) {
			seg->n++;
			return true;
		}
		seg->off[seg->n] = seg->text.len;
		if (query_decode(&seg->text, path + start, i - start, false) !=
		    QUERY_OK)
			return false;
		seg->len[seg->n] = seg->text.len - seg->off[seg->n];
		seg->n++;
		i++;		/* past the '/' (or the end) */
	}
	/* "/a/b/" is "/a/b"; "/" stays one empty segment. */
	if (seg->n > 1 && seg->len[seg->n - 1] == 0)
		seg->n--;
	return true;
}

/* Matches one pattern; *param is the index of the "*" segment or -1. */
static bool
pattern_matches(const char *pattern, const struct segments *seg, int *param)
{
	const char *p = pattern + 1, *end;
	size_t i, plen;

	*param = -1;
	for (i = 0; i < seg->n; i++) {
		if (*p == '\0')
			return false;
		end = strchr(p, '/');
		plen = end != NULL ? (size_t)(end - p) : strlen(p);
		if (plen == 1 && *p == '*') {
			if (seg->len[i] == 0)
				return false;
			*param = (int)i;
		} else if (plen != seg->len[i] ||
		    memcmp(p, seg->text.data + seg->off[i], plen) != 0)
			return false;
		p += plen;
		if (*p == '/')
			p++;
		else if (i + 1 < seg->n)
			return false;
	}
	return *p == '\0';
}

/* Appends successor with its "%s" replaced by the encoded parameter. */
static void
successor_path(struct buf *out, const char *successor, const char *param,
    size_t n)
{
	const char *mark = strstr(successor, "%s");

	if (mark == NULL) {
		buf_puts(out, successor);
		return;
	}
	buf_append(out, successor, (size_t)(mark - successor));
	route_encode(out, param, n);
	buf_puts(out, mark + 2);
}

enum route_status
route_match(const char *path, size_t n, struct route_result *r)
{
	struct segments seg;
	enum route_status status = ROUTE_OK;
	size_t i;
	int param;

	memset(&seg, 0, sizeof(seg));
	r->id = ROUTE_NONE;
	buf_reset(&r->param);
	buf_reset(&r->successor);
	if (n == 0 || path[0] != '/')
		goto out;
	if (!split_path(path, n, &seg)) {
		status = ROUTE_BAD_PATH;
		goto out;
	}
	if (seg.n > ROUTE_MAX_SEGMENTS)
		goto out;
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!pattern_matches(routes[i].pattern, &seg, &param))
			continue;
		r->id = routes[i].id;
		if (param >= 0)
			buf_append(&r->param, seg.text.data + seg.off[param],
			    seg.len[param]);
		if (routes[i].successor != NULL)
			successor_path(&r->successor, routes[i].successor,
			    buf_str(&r->param), r->param.len);
		break;
	}
out:
	buf_free(&seg.text);
	return status;
}

void
route_result_free(struct route_result *r)
{
	buf_free(&r->param);
	buf_free(&r->successor);
	r->id = ROUTE_NONE;
}

void
route_encode(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			buf_putc(out, (char)c);
		else {
			buf_putc(out, '%');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 0xF]);
		}
	}
}
