/*
 * /v1/mitm: the drugs of major therapeutic interest, paged, filtered by
 * the start of their ATC code; /v1/medicaments/{cis}/mitm.
 */
#include <string.h>

#include "handlers.h"
#include "query.h"
#include "request.h"
#include "response.h"

void
mitm_serve(struct request *r)
{
	const struct query_value *atc = &r->params[MITM_ATC];
	char lo[QUERY_ATC_MAX + 1], hi[QUERY_ATC_MAX + 1];
	struct buf data = BUF_INIT;
	struct paging p;
	long long first, last;
	size_t i;
	bool read;

	paging_init(&p, "mitm", "items", &r->params[MITM_PAGE],
	    &r->params[MITM_PAGE_SIZE]);
	/*
	 * The codes starting with the prefix are those in [lo, hi): hi is
	 * the prefix with its last character the next one (an ASCII letter
	 * or digit, query_valid_atc: no overflow).
	 */
	lo[0] = '\0';
	for (i = 0; atc->present && i < atc->len && i < QUERY_ATC_MAX; i++) {
		lo[i] = atc->text[i] >= 'a' && atc->text[i] <= 'z' ?
		    (char)(atc->text[i] - 'a' + 'A') : atc->text[i];
		lo[i + 1] = '\0';
	}
	memcpy(hi, lo, sizeof(hi));
	if (i > 0)
		hi[i - 1]++;
	buf_puts(&p.filter, "atc=");
	buf_puts(&p.filter, lo);
	read = db_span(r->db, i > 0 ? DB_SPAN_MITM_ATC : DB_SPAN_MITM, 0, lo,
	    hi, &first, &last) == DB_OK && paging_read_list(r->db, &p,
	    DB_LIST_MITM_PAGE, first, last, &data);
	paging_send_list(r, &p, read, &data);
}

void
mitm_serve_cis(struct request *r)
{
	lookup_serve(r, DB_MEDICAMENT_MITM, r->segment.number,
	    "Medicament not found");
}
