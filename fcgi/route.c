#include "route.h"

#include <string.h>

#include "query.h"

const struct route *
route_get(enum route_id id)
{
	return &route_table[(unsigned)id < ROUTE_ID_MAX ? id : ROUTE_NONE];
}

const char *
route_name(enum route_id id)
{
	return route_get(id)->name;
}

int
route_cost(const struct route *rt, const struct query_value *values)
{
	int cost = rt->cost, priced = 0;
	size_t i;

	for (i = 0; i < rt->nparams; i++)
		if (rt->params[i].cost > 0 && values[i].present) {
			cost = rt->params[i].cost;
			priced++;
		}
	return priced == 1 ? cost : rt->cost;
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

/* Matches one template; *param is the index of the "{...}" segment or -1. */
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
		if (plen >= 2 && p[0] == '{' && p[plen - 1] == '}') {
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
	const struct route_legacy *legacy = NULL;
	size_t i;
	int id, param = -1;

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
	for (id = 0; id < ROUTE_ID_MAX; id++)
		if (route_table[id].name[0] == '/' &&
		    pattern_matches(route_table[id].name, &seg, &param)) {
			r->id = (enum route_id)id;
			break;
		}
	for (i = 0; r->id == ROUTE_NONE && i < route_legacy_count; i++)
		if (pattern_matches(route_legacy[i].pattern, &seg, &param)) {
			r->id = ROUTE_LEGACY;
			legacy = &route_legacy[i];
		}
	if (r->id != ROUTE_NONE && param >= 0)
		buf_append(&r->param, seg.text.data + seg.off[param],
		    seg.len[param]);
	if (legacy != NULL)
		successor_path(&r->successor, legacy->successor,
		    buf_str(&r->param), r->param.len);
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
