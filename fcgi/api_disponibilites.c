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
	struct paging	*p;
	struct buf	*data;		/* the page's documents */
	long long	 statut;	/* 0: any */
};

static void
cis_row(void *ctx, long long statut, const char *json, size_t len)
{
	struct cis_page *c = ctx;
	struct paging *p = c->p;

	if (c->statut != 0 && statut != c->statut)
		return;
	if (p->total >= p->from && p->total < p->from + p->size) {
		if (c->data->len > 0)
			buf_putc(c->data, ',');
		buf_append(c->data, json, len);
	}
	p->total++;
}

void
disponibilites_serve(struct request *r)
{
	const struct query_value *v = r->params;
	const struct query_value *statut = &v[DISPONIBILITES_STATUT];
	const struct query_value *cis = &v[DISPONIBILITES_CIS];
	struct buf data = BUF_INIT;
	struct paging p;
	struct cis_page c;
	long long first, last;
	bool read;

	paging_init(&p, "disponibilites", "items", &v[DISPONIBILITES_PAGE],
	    &v[DISPONIBILITES_PAGE_SIZE]);
	c.p = &p;
	c.data = &data;
	c.statut = statut->present ? statut->number : 0;
	buf_puts(&p.filter, "statut=");
	buf_put_decimal(&p.filter, c.statut);
	buf_puts(&p.filter, "&cis=");
	buf_put_decimal(&p.filter, cis->present ? cis->number : 0);
	if (cis->present)
		read = db_disponibilites_cis(r->db, cis->number, cis_row,
		    &c) == DB_OK;
	else
		read = db_span(r->db, c.statut != 0 ?
		    DB_SPAN_DISPONIBILITES_STATUT : DB_SPAN_DISPONIBILITES,
		    c.statut, NULL, NULL, &first, &last) == DB_OK &&
		    paging_read_list(r->db, &p, DB_LIST_DISPONIBILITES_PAGE,
		    first, last, &data);
	paging_send_list(r, &p, read, &data);
}

void
disponibilites_serve_cis(struct request *r)
{
	lookup_serve(r, DB_MEDICAMENT_DISPONIBILITES, r->segment.number,
	    "Medicament not found");
}
