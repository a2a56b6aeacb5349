#include "route.h"

#include <string.h>

#include "query.h"
#include "uri.h"
#include "xalloc.h"

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

const struct route_refusal *
route_refuses(const struct route *rt, const struct query_value *values)
{
	const struct route_needs *needs = rt->needs;
	const struct route_choice *choice = rt->choice;
	size_t i, chosen = 0;

	if (needs != NULL && values[needs->param].present &&
	    !values[needs->with].present)
		return &needs->refusal;
	if (choice == NULL)
		return NULL;
	for (i = 0; i < rt->nparams; i++)
		if ((choice->among >> i & 1u) && values[i].present)
			chosen++;
	if (chosen == 0)
		return &choice->none;
	return chosen > 1 ? &choice->many : NULL;
}

/*
 * A path's segments, decoded: in the path itself when they need no
 * decoding, else one after the other in a buffer.
 */
struct segments {
	size_t		 n;
	const char	*text[ROUTE_MAX_SEGMENTS];
	size_t		 len[ROUTE_MAX_SEGMENTS];
};

/*
 * Splits and decodes; false on a bad escape, n = MAX + 1 when too deep.
 * A segment of printable ASCII without '%', most of them, is its own
 * decoding: read in place, with no escape or UTF-8 to check.
 */
static bool
split_path(const char *path, size_t n, struct buf *text, struct segments *seg)
{
	size_t i = 1, start, off[ROUTE_MAX_SEGMENTS];
	unsigned char u;
	bool plain;

	seg->n = 0;
	while (i <= n) {
		for (start = i, plain = true; i < n; i++) {
			u = (unsigned char)path[i];
			if (u - 0x30u < 0x50u)	/* '0' to DEL: plain, no '/' */
				continue;
			if (u == '/')
				break;
			if (u == '%' || u == '\0' || u >= 0x80)
				plain = false;
		}
		if (seg->n == ROUTE_MAX_SEGMENTS) {
			seg->n++;
			return true;
		}
		if (plain) {
			seg->text[seg->n] = path + start;
			seg->len[seg->n] = i - start;
		} else {
			/* Set below, once text no longer moves. */
			seg->text[seg->n] = NULL;
			off[seg->n] = text->len;
			if (query_decode(text, path + start, i - start,
			    false) != QUERY_OK)
				return false;
			seg->len[seg->n] = text->len - off[seg->n];
		}
		seg->n++;
		i++;		/* past the '/' (or the end) */
	}
	for (i = 0; i < seg->n; i++)
		if (seg->text[i] == NULL)
			seg->text[i] = text->data + off[i];
	/* "/a/b/" is "/a/b"; "/" stays one empty segment. */
	if (seg->n > 1 && seg->len[seg->n - 1] == 0)
		seg->n--;
	return true;
}

/*
 * A template split into its segments once, so that matching a path
 * compares segment counts and lengths before any byte: every template is
 * tried in turn, every request.  A template is '/' and non-empty
 * segments, at most ROUTE_MAX_SEGMENTS (the unit test checks each one);
 * one that is not never matches.
 */
struct template {
	size_t		 n;		/* segments; 0: never matches */
	unsigned	 params;	/* bit i: segment i is "{...}" */
	int		 param;		/* the last "{...}" one, or -1 */
	const char	*seg[ROUTE_MAX_SEGMENTS];
	size_t		 len[ROUTE_MAX_SEGMENTS];
};

static void
template_compile(struct template *t, const char *pattern)
{
	const char *p = pattern, *end;
	size_t len;

	memset(t, 0, sizeof(*t));
	t->param = -1;
	while (*p == '/') {
		for (end = ++p; *end != '/' && *end != '\0'; end++)
			;
		len = (size_t)(end - p);
		if (len == 0 || t->n == ROUTE_MAX_SEGMENTS) {
			t->n = 0;
			return;
		}
		if (len >= 2 && p[0] == '{' && p[len - 1] == '}') {
			t->params |= 1u << t->n;
			t->param = (int)t->n;
		}
		t->seg[t->n] = p;
		t->len[t->n] = len;
		t->n++;
		p = end;
	}
	if (*p != '\0')
		t->n = 0;
}

/*
 * The templates of route_table (by route id; "other" and "legacy" never
 * match) and of route_legacy, compiled on first use.
 */
static const struct template *
templates(const struct template **legacy)
{
	static struct template table[ROUTE_ID_MAX], *old;
	static bool compiled;
	size_t i;

	if (!compiled) {
		for (i = 0; i < ROUTE_ID_MAX; i++)
			template_compile(&table[i], route_table[i].name);
		/* + 1: never an allocation of 0 bytes. */
		old = xcalloc(route_legacy_count + 1, sizeof(*old));
		for (i = 0; i < route_legacy_count; i++)
			template_compile(&old[i], route_legacy[i].pattern);
		compiled = true;
	}
	*legacy = old;
	return table;
}

static inline bool
template_matches(const struct template *t, const struct segments *seg)
{
	size_t i;

	if (t->n != seg->n)
		return false;
	/*
	 * Last segment first: templates differ at their end
	 * ("/v1/medicaments/export", "/v1/medicaments/{cis}").
	 */
	for (i = t->n; i-- > 0; )
		if (t->params & (1u << i)) {
			if (seg->len[i] == 0)
				return false;
		} else if (t->len[i] != seg->len[i] ||
		    memcmp(t->seg[i], seg->text[i], t->len[i]) != 0)
			return false;
	return true;
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
	uri_encode(out, param, n, URI_KEPT_UNRESERVED);
	buf_puts(out, mark + 2);
}

enum route_status
route_match(const char *path, size_t n, struct route_result *r)
{
	struct segments seg;
	const struct template *table, *old;
	const struct route_legacy *legacy = NULL;
	size_t i;
	int id, param = -1;

	r->id = ROUTE_NONE;
	buf_reset(&r->param);
	buf_reset(&r->successor);
	buf_reset(&r->text);
	if (n == 0 || path[0] != '/')
		return ROUTE_OK;
	if (!split_path(path, n, &r->text, &seg))
		return ROUTE_BAD_PATH;
	if (seg.n > ROUTE_MAX_SEGMENTS)
		return ROUTE_OK;
	table = templates(&old);
	for (id = 0; id < ROUTE_ID_MAX; id++)
		if (template_matches(&table[id], &seg)) {
			r->id = (enum route_id)id;
			param = table[id].param;
			break;
		}
	for (i = 0; r->id == ROUTE_NONE && i < route_legacy_count; i++)
		if (template_matches(&old[i], &seg)) {
			r->id = ROUTE_LEGACY;
			legacy = &route_legacy[i];
			param = old[i].param;
		}
	if (r->id != ROUTE_NONE && param >= 0)
		buf_append(&r->param, seg.text[param], seg.len[param]);
	if (legacy != NULL)
		successor_path(&r->successor, legacy->successor,
		    buf_str(&r->param), r->param.len);
	return ROUTE_OK;
}

void
route_result_free(struct route_result *r)
{
	buf_free(&r->param);
	buf_free(&r->successor);
	buf_free(&r->text);
	r->id = ROUTE_NONE;
}
