/*
 * The pages of the lists beyond the medicaments (handlers.h list_page):
 * the same page object and limits as /v1/medicaments?page=, read as a
 * range of the list's ranks (db_span, db_list).
 */
#include "handlers.h"
#include "query.h"
#include "request.h"
#include "response.h"

bool
list_page_init(struct request *r, struct list_page *lp, const char *kind,
    const struct query_value *page, const struct query_value *size)
{
	if (size->present && !page->present) {
		response_error(r, 400, NULL,
		    "pageSize can only be used with page");
		return false;
	}
	lp->kind = kind;
	lp->filter = (struct buf)BUF_INIT;
	lp->data = (struct buf)BUF_INIT;
	lp->page = page->present ? page->number : 1;
	lp->size = size->present ? size->number : QUERY_PAGE_SIZE_DEFAULT;
	lp->total = 0;
	/* Validated: page < 1e9, size <= 200, far from overflow. */
	lp->from = (lp->page - 1) * lp->size;
	return true;
}

bool
list_page_read(struct db *db, struct list_page *lp, enum db_list list,
    long long first, long long last)
{
	struct db_list_args args = { 0, 0, 0, NULL };
	long long count;

	lp->total = first > 0 ? last - first + 1 : 0;
	if (lp->from >= lp->total)
		return true;	/* empty, or past the end: list_page_send */
	args.first = first + lp->from;
	args.last = args.first + lp->size - 1 < last ?
	    args.first + lp->size - 1 : last;
	return db_list(db, list, &args, &lp->data, &count) == DB_OK;
}

void
page_not_found(struct request *r, long long page, long long max_page,
    long long size, const char *items)
{
	struct buf msg = BUF_INIT;

	buf_printf(&msg, "Page %lld not found: there are %lld pages of %lld %s",
	    page, max_page, size, items);
	response_error_detail(r, 404, NULL, buf_str(&msg), "Page not found");
	buf_free(&msg);
}

void
page_close(struct buf *body, long long page, long long size, long long total,
    long long max_page)
{
	/* No printf per answer (common/buf.c buf_put_decimal). */
	buf_puts(body, "],\"page\":");
	buf_put_decimal(body, page);
	buf_puts(body, ",\"pageSize\":");
	buf_put_decimal(body, size);
	buf_puts(body, ",\"totalItems\":");
	buf_put_decimal(body, total);
	buf_puts(body, ",\"maxPage\":");
	buf_put_decimal(body, max_page);
	buf_putc(body, '}');
}

void
list_page_send(struct request *r, struct list_page *lp, bool read)
{
	const struct db_meta *meta = db_meta(r->db);
	struct buf body = BUF_INIT, norm = BUF_INIT;
	long long max_page = (lp->total + lp->size - 1) / lp->size;
	char etag[ETAG_SIZE];
	struct reply rp = {
		.status = 200,
		.cache_control = CACHE_PUBLIC,
		.etag = etag,
		.last_modified = true,
	};

	if (!read) {
		response_error(r, 500, NULL, "Could not read the database");
		goto out;
	}
	if (lp->page > (max_page > 0 ? max_page : 1)) {
		page_not_found(r, lp->page, max_page, lp->size, "items");
		goto out;
	}
	buf_append(&norm, buf_str(&lp->filter), lp->filter.len);
	buf_puts(&norm, "&page=");
	buf_put_decimal(&norm, lp->page);
	buf_puts(&norm, "&pageSize=");
	buf_put_decimal(&norm, lp->size);
	if (!etag_compose(etag, meta->data_etag, lp->kind, norm.data)) {
		response_error(r, 500, NULL, "Could not compute the etag");
		goto out;
	}
	if (response_not_modified(r, &rp))
		goto out;
	buf_puts(&body, "{\"data\":[");
	if (lp->data.len > 0)
		buf_append(&body, lp->data.data, lp->data.len);
	page_close(&body, lp->page, lp->size, lp->total, max_page);
	response_send(r, &rp, body.data, body.len);
out:
	buf_free(&body);
	buf_free(&norm);
	buf_free(&lp->filter);
	buf_free(&lp->data);
}
