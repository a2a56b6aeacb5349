/*
 * /v1/disponibilites: the shortages and supply tensions, paged, filtered
 * by statut and/or cis; /v1/medicaments/{cis}/disponibilites.
 */
#include "handlers.h"
#include "query.h"
#include "request.h"
#include "response.h"

/* The page of one CIS's shortages being cut out (a CIS has a few). */
struct cis_page {
	struct list_page *lp;
	long long	 statut;	/* 0: any */
};

static void
cis_row(void *ctx, long long statut, const char *json, size_t len)
{
	struct cis_page *c = ctx;
	struct list_page *lp = c->lp;

	if (c->statut != 0 && statut != c->statut)
		return;
	if (lp->total >= lp->from && lp->total < lp->from + lp->size) {
		if (lp->data.len > 0)
			buf_putc(&lp->data, ',');
		buf_append(&lp->data, json, len);
	}
	lp->total++;
}

void
disponibilites_serve(struct request *r)
{
	const struct query_value *v = r->params;
	const struct query_value *statut = &v[DISPONIBILITES_STATUT];
	const struct query_value *cis = &v[DISPONIBILITES_CIS];
	struct list_page lp;
	struct cis_page c;
	long long first, last;
	bool read;

	if (!lookup_params_valid(r) || !list_page_init(r, &lp,
	    "disponibilites", &v[DISPONIBILITES_PAGE],
	    &v[DISPONIBILITES_PAGE_SIZE]))
		return;
	c.lp = &lp;
	c.statut = statut->present ? statut->number : 0;
	buf_puts(&lp.filter, "statut=");
	buf_put_decimal(&lp.filter, c.statut);
	buf_puts(&lp.filter, "&cis=");
	buf_put_decimal(&lp.filter, cis->present ? cis->number : 0);
	if (cis->present)
		read = db_disponibilites_cis(r->db, cis->number, cis_row,
		    &c) == DB_OK;
	else
		read = db_span(r->db, c.statut != 0 ?
		    DB_SPAN_DISPONIBILITES_STATUT : DB_SPAN_DISPONIBILITES,
		    c.statut, NULL, NULL, &first, &last) == DB_OK &&
		    list_page_read(r->db, &lp, DB_LIST_DISPONIBILITES_PAGE,
		    first, last);
	list_page_send(r, &lp, read);
}

void
disponibilites_serve_cis(struct request *r)
{
	lookup_serve(r, DB_MEDICAMENT_DISPONIBILITES, r->segment.number,
	    "Medicament not found");
}
