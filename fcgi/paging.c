/*
 * Every paged answer (handlers.h struct paging): /v1/medicaments?page=,
 * /v1/substances/{code}, /v1/disponibilites, /v1/mitm.  The pages are
 * ranges of ranks 1..N (the updater numbers every list), read by db_list.
 */
#include "data_answer.h"
#include "handlers.h"
#include "query.h"
#include "request.h"
#include "response.h"

void
paging_init(struct paging *p, const char *kind, const char *items,
    const struct query_value *page, const struct query_value *size)
{
	p->kind = kind;
	p->items = items;
	p->filter = (struct buf)BUF_INIT;
	p->page = page->present ? page->number : 1;
	p->size = size->present ? size->number : QUERY_PAGE_SIZE_DEFAULT;
	p->total = 0;
	p->max_page = 0;
	/* Validated: page < 1e9, size <= 200, far from overflow. */
	p->from = (p->page - 1) * p->size;
}

bool
paging_found(struct request *r, struct paging *p)
{
	struct buf msg = BUF_INIT;

	/* The Go service's maxPage: 0 for an empty list. */
	p->max_page = (p->total + p->size - 1) / p->size;
	/* Page 1 of an empty list is found, without data. */
	if (p->page <= (p->max_page > 0 ? p->max_page : 1))
		return true;
	buf_printf(&msg, "Page %lld not found: there are %lld pages of %lld %s",
	    p->page, p->max_page, p->size, p->items);
	response_error_detail(r, 404, NULL, buf_str(&msg), "Page not found");
	buf_free(&msg);
	return false;
}

bool
paging_open(struct request *r, struct paging *p, struct data_answer *a)
{
	struct buf norm = BUF_INIT;
	bool open;

	if (p->filter.len > 0) {
		buf_append(&norm, p->filter.data, p->filter.len);
		buf_putc(&norm, '&');
	}
	buf_puts(&norm, "page=");
	buf_put_decimal(&norm, p->page);
	buf_puts(&norm, "&pageSize=");
	buf_put_decimal(&norm, p->size);
	open = data_answer_open(r, a, p->kind, buf_str(&norm));
	buf_free(&norm);
	return open;
}

void
paging_ranks(const struct paging *p, long long first, long long last,
    struct db_list_args *args)
{
	args->first = first + p->from;
	args->last = args->first + p->size - 1 < last ?
	    args->first + p->size - 1 : last;
}

void
paging_send(struct request *r, struct paging *p, const struct data_answer *a,
    struct buf *body)
{
	/* No printf per answer (common/buf.c buf_put_decimal). */
	buf_puts(body, "],\"page\":");
	buf_put_decimal(body, p->page);
	buf_puts(body, ",\"pageSize\":");
	buf_put_decimal(body, p->size);
	buf_puts(body, ",\"totalItems\":");
	buf_put_decimal(body, p->total);
	buf_puts(body, ",\"maxPage\":");
	buf_put_decimal(body, p->max_page);
	buf_putc(body, '}');
	response_send(r, &a->reply, body->data, body->len);
}

void
paging_free(struct paging *p)
{
	buf_free(&p->filter);
}

bool
paging_read_list(struct db *db, struct paging *p, enum db_list list,
    long long first, long long last, struct buf *data)
{
	struct db_list_args args = { 0, 0, 0, NULL };
	long long count;

	p->total = first > 0 ? last - first + 1 : 0;
	if (p->from >= p->total)
		return true;	/* empty, or past the end: paging_found */
	paging_ranks(p, first, last, &args);
	return db_list(db, list, &args, data, &count) == DB_OK;
}

void
paging_send_list(struct request *r, struct paging *p, bool read,
    struct buf *data)
{
	struct buf body = BUF_INIT;
	struct data_answer a;

	if (!read)
		response_error(r, 500, NULL, "Could not read the database");
	else if (paging_found(r, p) && paging_open(r, p, &a)) {
		buf_puts(&body, "{\"data\":[");
		if (data->len > 0)
			buf_append(&body, data->data, data->len);
		paging_send(r, p, &a, &body);
	}
	buf_free(&body);
	buf_free(data);
	paging_free(p);
}
