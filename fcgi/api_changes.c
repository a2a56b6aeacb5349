/*
 * The change feed (doc/changes.md): /v1/changes, a page of the changes
 * the updater recorded, oldest first, so that a client resumes where it
 * stopped; /v1/medicaments/{cis}/changes, one CIS's, newest first (a
 * removed CIS keeps its history); /v1/publications.  The items are the
 * updater's JSON, copied.  A database before schema 10 has no history:
 * an empty page, [] (or 404), [].
 */
#include <limits.h>
#include <stdint.h>

#include "change_types.h"
#include "data_answer.h"
#include "handlers.h"
#include "query.h"
#include "request.h"
#include "response.h"
#include "timefmt.h"
#include "worker_state.h"

void
changes_query_read(const struct request *r, struct changes_query *q)
{
	const struct query_value *since = &r->params[CHANGES_SINCE];
	const struct query_value *type = &r->params[CHANGES_TYPE];
	const struct query_value *change = &r->params[CHANGES_CHANGE];
	char iso[TIMEFMT_ISO_SIZE];
	size_t i;

	q->since = since->present ? since->number : LLONG_MIN;
	q->filter.types = type->present ? (uint32_t)type->number : 0;
	q->filter.change = change->present ?
	    query_change_names[change->number] : NULL;
	q->normalised = (struct buf)BUF_INIT;
	/*
	 * Two spellings of one query name one answer: the instant in UTC,
	 * the types as single names in bit order ("shortages" is three).
	 */
	if (since->present) {
		buf_puts(&q->normalised, "since=");
		if (timefmt_iso_utc(iso, (time_t)q->since))
			buf_puts(&q->normalised, iso);
		else
			buf_put_decimal(&q->normalised, q->since);
	}
	if (q->filter.types != 0) {
		buf_puts(&q->normalised, q->normalised.len > 0 ? "&type=" :
		    "type=");
		for (i = 0; i < change_type_single_count; i++)
			if (q->filter.types & change_type_names[i].bits) {
				if (q->normalised.data[q->normalised.len - 1]
				    != '=')
					buf_putc(&q->normalised, ',');
				buf_puts(&q->normalised,
				    change_type_names[i].name);
			}
	}
	if (q->filter.change != NULL) {
		buf_puts(&q->normalised, q->normalised.len > 0 ? "&change=" :
		    "change=");
		buf_puts(&q->normalised, q->filter.change);
	}
}

void
changes_query_free(struct changes_query *q)
{
	buf_free(&q->normalised);
}

/*
 * Appends "history=FIRST-LAST", the span of the history's publications,
 * to an etag's normalised query: false when it cannot be read.
 */
static bool
put_history(struct db *db, struct buf *norm)
{
	struct db_history h;

	if (db_history(db, &h) != DB_OK)
		return false;
	buf_puts(norm, "history=");
	buf_put_decimal(norm, h.first);
	buf_putc(norm, '-');
	buf_put_decimal(norm, h.last);
	return true;
}

bool
changes_answer_init(struct request *r, struct data_answer *a,
    const char *kind, const char *what)
{
	struct buf norm = BUF_INIT;
	bool ok = false;

	if (!put_history(r->db, &norm))
		response_error(r, 500, NULL, "Could not read the database");
	else {
		if (what != NULL && what[0] != '\0') {
			buf_putc(&norm, '&');
			buf_puts(&norm, what);
		}
		ok = data_answer_init(r, a, kind, buf_str(&norm));
	}
	buf_free(&norm);
	return ok;
}

/* db_change_fn: a change appended to a comma-separated list. */
static void
row_add(void *ctx, long long id, const char *json, size_t len)
{
	struct buf *out = ctx;

	(void)id;
	if (out->len > 0)
		buf_putc(out, ',');
	buf_append(out, json, len);
}

/* A filtered page: its changes counted, then those of the page read. */
static bool
read_filtered(struct db *db, struct paging *p, long long first,
    const struct db_changes_filter *f, struct buf *data)
{
	p->total = 0;
	if (first == 0)
		return true;	/* no history after since */
	if (db_changes_count(db, first, f, &p->total) != DB_OK)
		return false;
	if (p->from >= p->total)
		return true;	/* empty, or past the end: paging_found */
	return db_changes_read(db, DB_CHANGES_OLDEST, first, f, p->from,
	    p->size, row_add, data) == DB_OK;
}

void
changes_serve(struct request *r)
{
	struct changes_query q;
	struct buf data = BUF_INIT;
	struct paging p;
	long long first, last;
	bool read;

	paging_init(&p, "changes", "items", &r->params[CHANGES_PAGE],
	    &r->params[CHANGES_PAGE_SIZE]);
	changes_query_read(r, &q);
	/* The history's span: see changes_answer_init. */
	read = put_history(r->db, &p.filter);
	if (q.normalised.len > 0) {
		buf_putc(&p.filter, '&');
		buf_append(&p.filter, q.normalised.data, q.normalised.len);
	}
	/*
	 * since is a range of ids, found by two seeks; without a filter the
	 * page is a range of it, like a page of /v1/disponibilites.  No
	 * SQLite index serves a filter: db.c reads its own, in memory.
	 */
	read = read && db_span(r->db, DB_SPAN_CHANGES, q.since, NULL, NULL,
	    &first, &last) == DB_OK;
	if (read && q.filter.types == 0 && q.filter.change == NULL)
		read = paging_read_list(r->db, &p, DB_LIST_CHANGES_PAGE, first,
		    last, &data);
	else if (read)
		read = read_filtered(r->db, &p, first, &q.filter, &data);
	changes_query_free(&q);
	paging_send_list(r, &p, read, &data);
}

void
changes_serve_cis(struct request *r)
{
	/* The worker's, as a lookup's: grown once, not per request. */
	struct buf *body = &r->kept->document;
	struct data_answer a;
	long long count;

	/*
	 * One etag for every CIS's history: it names a representation of
	 * this URL, which the data and the history's span decide (and a
	 * worker then composes it once, data_answer.c).
	 */
	if (changes_answer_init(r, &a, "changes-cis", NULL)) {
		buf_reset(body);
		buf_putc(body, '[');
		data_answer_send_array(r, &a, body, db_changes_cis(r->db,
		    r->segment.number, body, &count));
	}
}

void
publications_serve(struct request *r)
{
	struct buf body = BUF_INIT;
	struct data_answer a;
	long long count;

	if (changes_answer_init(r, &a, "publications", NULL) &&
	    !response_not_modified(r, &a.reply)) {
		buf_putc(&body, '[');
		data_answer_send_array(r, &a, &body, db_publications(r->db, &body,
		    &count));
	}
	buf_free(&body);
}
