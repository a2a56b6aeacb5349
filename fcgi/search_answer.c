/*
 * A name search: validate and fold the query (search_query.c), let FTS5 find the
 * candidates, check every word and rank in C, then read the documents of
 * the results only.  At most max_results + 1 hits are ever kept: one more
 * is enough to know the query is too broad.
 *
 * Only when it finds nothing does the search look for corrections
 * (search_correct.c): the 404 suggests them, and with ?fuzzy=true the
 * answer is the best one's results, named by X-Search-Corrected.
 */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "data_answer.h"
#include "handlers.h"
#include "json.h"
#include "log.h"
#include "request.h"
#include "response.h"
#include "search_correct.h"
#include "search_query.h"
#include "uri.h"
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

/* Runs q's search over the index, its hits into h. */
static enum db_result
search_collect(struct db *db, enum db_index index, struct hits *h)
{
	struct counter counter = { db, index };
	struct buf fts = BUF_INIT;
	bool use_fts = search_fts_expression(h->query, trigram_names,
	    &counter, &fts);
	enum db_result res;

	/* What the index was asked (bench/search-floor reads it). */
	log_debug("search \"%s\": FTS5 %s", buf_str(&h->query->words),
	    use_fts ? fts.data : "(none: every name scanned)");
	h->n = 0;
	h->too_many = 0;
	res = db_search(db, index, use_fts ? fts.data : NULL, collect, h);
	buf_free(&fts);
	return res;
}

/*
 * search_correct.c's source over the index searched: its vocabulary, and
 * whether a corrected query finds anything (a search that stops at its
 * first name holding every word).
 */
struct vocabulary {
	struct db	*db;
	const struct find_spec *spec;
};

static int
result_int(enum db_result res)
{
	return res == DB_OK ? 1 : res == DB_NOT_FOUND ? 0 : -1;
}

static int
vocabulary_known(void *ctx, const char *w, size_t n)
{
	struct vocabulary *v = ctx;

	return result_int(db_vocabulary_prefix(v->db, v->spec->index, w, n));
}

static int
vocabulary_bucket(void *ctx, uint32_t b, struct buf *out)
{
	struct vocabulary *v = ctx;

	return result_int(db_vocabulary_bucket(v->db, b, out));
}

static int
vocabulary_word(void *ctx, uint32_t id, struct buf *text, long long *names)
{
	struct vocabulary *v = ctx;

	return result_int(db_vocabulary_word(v->db, v->spec->index, id, text,
	    names));
}

static int
vocabulary_finds(void *ctx, const char *text, size_t n)
{
	struct vocabulary *v = ctx;
	struct search_query q = SEARCH_QUERY_INIT;
	/* No hit kept: "too many" is then "found one", and stops. */
	struct find_spec probe = *v->spec;
	struct hits h = { .query = &q, .spec = &probe };
	enum db_result res;

	probe.max_results = 0;
	search_fold(&q, text, n);
	res = search_collect(v->db, v->spec->index, &h);
	search_free(&q);
	if (res != DB_OK)
		return -1;
	return h.n > 0 || h.too_many;
}

/* The 404's members: "suggestions", every correction of the query. */
static void
suggestions_json(struct buf *out, const struct corrections *c)
{
	size_t i;

	buf_puts(out, ",\"suggestions\":[");
	for (i = 0; i < c->n; i++) {
		if (i > 0)
			buf_putc(out, ',');
		json_string(out, c->text[i].data, c->text[i].len);
	}
	buf_putc(out, ']');
}

/* The documents of h's hits, in rank order, as a JSON array. */
static enum db_result
documents_json(struct db *db, const struct find_spec *spec, struct hits *h,
    struct buf *body)
{
	size_t i, written = 0;
	enum db_result res;

	qsort(h->hit, h->n, sizeof(*h->hit), hit_compare);
	buf_reserve(body, h->n * FIND_DOCUMENT_RESERVE + 2);
	buf_putc(body, '[');
	for (i = 0; i < h->n; i++) {
		size_t mark = body->len;

		if (written > 0)
			buf_putc(body, ',');
		res = db_document_append(db, spec->document, h->hit[i].id,
		    body);
		if (res == DB_NOT_FOUND) {
			body->len = mark;	/* indexed but no document: skip */
			body->data[mark] = '\0';
			continue;
		}
		if (res != DB_OK)
			return res;
		written++;
	}
	buf_putc(body, ']');
	return DB_OK;
}

void
find_serve(struct request *r, const struct find_spec *spec,
    const char *text, size_t len, bool fuzzy)
{
	struct search_query q = SEARCH_QUERY_INIT, fixed = SEARCH_QUERY_INIT;
	struct corrections c = CORRECTIONS_INIT;
	struct vocabulary voc = { r->db, spec };
	const struct correction_source src = { &voc, vocabulary_known,
	    vocabulary_bucket, vocabulary_word, vocabulary_finds };
	struct buf body = BUF_INIT, more = BUF_INIT;
	struct hits h = { .query = &q, .spec = spec };
	struct data_answer a;
	char kind[32];
	enum db_result res;

	search_fold(&q, text, len);
	/* Same data, same folded words: same answer. */
	if (!data_answer_init(r, &a, spec->kind, buf_str(&q.words)))
		goto out;
	h.hit = xreallocarray(NULL, spec->max_results + 1, sizeof(*h.hit));
	res = search_collect(r->db, spec->index, &h);
	/* Nothing found: the corrections, and with fuzzy the best one's. */
	if (res == DB_OK && h.n == 0 && !h.too_many) {
		if (!search_correct(&q, &src, &c))
			log_warn("search \"%s\": corrections cut short by the "
			    "database", buf_str(&q.words));
		if (fuzzy && c.n > 0) {
			search_fold(&fixed, c.text[0].data, c.text[0].len);
			h.query = &fixed;
			res = search_collect(r->db, spec->index, &h);
			(void)snprintf(kind, sizeof(kind), "%s-fuzzy",
			    spec->kind);
			if (!data_answer_init(r, &a, kind, buf_str(&fixed.words)))
				goto out;
			buf_puts(&more, "X-Search-Corrected: ");
			uri_encode(&more, c.text[0].data, c.text[0].len,
			    URI_KEPT_UNRESERVED);
			buf_puts(&more, "\r\n");
			a.reply.extra = more.data;
		}
	}
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
		buf_free(&more);
		suggestions_json(&more, &c);
		response_error_more(r, 404, more.data, "%s", spec->not_found);
		goto out;
	}
	/* Checked once the answer is known to exist ("*" matches any). */
	if (response_not_modified(r, &a.reply))
		goto out;
	if (documents_json(r->db, spec, &h, &body) != DB_OK) {
		response_error(r, 500, NULL, "Could not read the database");
		goto out;
	}
	response_send(r, &a.reply, body.data, body.len);
out:
	free(h.hit);
	search_free(&q);
	search_free(&fixed);
	corrections_free(&c);
	buf_free(&body);
	buf_free(&more);
}
