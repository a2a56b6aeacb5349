/*
 * A name search: validate and fold the query (search_query.c), let FTS5 find the
 * candidates, check every word and rank in C, then read the documents of
 * the results only.  At most max_results + 1 hits are ever kept: one more
 * is enough to know the query is too broad.
 */
#include <stdlib.h>

#include "buf.h"
#include "data_answer.h"
#include "handlers.h"
#include "log.h"
#include "request.h"
#include "response.h"
#include "search_query.h"
#include "xalloc.h"

struct hit {
	long long	id;
	long long	order;		/* page order, or the id */
	int		class;		/* enum search_class */
};

/*
 * Room reserved for each found document before reading them: more than
 * the medicaments' mean (1.4 kB in the 2022 dump), so that the answer's
 * buffer is allocated once instead of doubling its way up, each doubling
 * copying what was read (a broad search of 282 kB grew 64 B → 512 KiB).
 * Larger documents still grow it.
 */
#define FIND_DOCUMENT_RESERVE	2048

struct hits {
	const struct search_query *query;
	const struct find_spec *spec;
	struct hit	*hit;		/* max_results + 1 */
	size_t		 n;
	int		 too_many;
};

static bool
collect(void *ctx, long long id, const char *name, size_t len,
    long long order)
{
	struct hits *h = ctx;
	int class;

	/* FTS5 found the long words; C checks them all and the short ones. */
	if ((class = search_rank(h->query, name, len)) < 0)
		return true;
	if (h->n == h->spec->max_results) {
		h->too_many = 1;
		return false;
	}
	h->hit[h->n].id = id;
	h->hit[h->n].order = order;
	h->hit[h->n].class = h->spec->ranked ? class : 0;
	h->n++;
	return true;
}

/* search_count_fn over the index being searched. */
struct counter {
	struct db	*db;
	enum db_index	 index;
};

static long long
trigram_names(void *ctx, const char *t, size_t n)
{
	struct counter *c = ctx;
	long long names = 0;

	switch (db_trigram_count(c->db, c->index, t, n, &names)) {
	case DB_OK:
		return names;
	case DB_NOT_FOUND:
		return 0;
	default:
		return -1;	/* logged; the other trigrams still narrow */
	}
}

static int
hit_compare(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->class != y->class)
		return x->class < y->class ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return 0;
}

void
find_serve(struct request *r, const struct find_spec *spec,
    const char *text, size_t len)
{
	struct search_query q = SEARCH_QUERY_INIT;
	struct buf fts = BUF_INIT, body = BUF_INIT;
	struct hits h = { .query = &q, .spec = spec };
	struct counter counter = { r->db, spec->index };
	struct data_answer a;
	size_t i, written = 0;
	enum db_result res;
	bool use_fts;

	search_fold(&q, text, len);
	/* Same data, same folded words: same answer. */
	if (!data_answer_init(r, &a, spec->kind, buf_str(&q.words)))
		goto out;
	h.hit = xreallocarray(NULL, spec->max_results + 1, sizeof(*h.hit));
	use_fts = search_fts_expression(&q, trigram_names, &counter, &fts);
	/* What the index was asked (bench/search-floor reads it). */
	log_debug("search \"%s\": FTS5 %s", buf_str(&q.words),
	    use_fts ? fts.data : "(none: every name scanned)");
	res = db_search(r->db, spec->index, use_fts ? fts.data : NULL,
	    collect, &h);
	if (res != DB_OK) {
		response_error(r, 500, NULL, "Could not search the database");
		goto out;
	}
	if (h.too_many) {
		response_error_detail(r, 400, NULL, spec->too_broad_detail,
		    "%s", spec->too_broad);
		goto out;
	}
	if (h.n == 0) {
		response_error(r, 404, NULL, "%s", spec->not_found);
		goto out;
	}
	/* Checked once the answer is known to exist ("*" matches any). */
	if (response_not_modified(r, &a.reply))
		goto out;
	qsort(h.hit, h.n, sizeof(*h.hit), hit_compare);
	buf_reserve(&body, h.n * FIND_DOCUMENT_RESERVE + 2);
	buf_putc(&body, '[');
	for (i = 0; i < h.n; i++) {
		size_t mark = body.len;

		if (written > 0)
			buf_putc(&body, ',');
		res = db_document_append(r->db, spec->document, h.hit[i].id,
		    &body);
		if (res == DB_NOT_FOUND) {
			body.len = mark;	/* indexed but no document: skip */
			body.data[mark] = '\0';
			continue;
		}
		if (res != DB_OK) {
			response_error(r, 500, NULL,
			    "Could not read the database");
			goto out;
		}
		written++;
	}
	buf_putc(&body, ']');
	response_send(r, &a.reply, body.data, body.len);
out:
	free(h.hit);
	search_free(&q);
	buf_free(&fts);
	buf_free(&body);
}
