/*
 * /v1/medicaments/{cis}/avis: the HAS opinions of a medicament, one
 * document rendered by the updater (render_avis.c); 404 for a CIS not in
 * CIS_bdpm, empty arrays for a medicament without opinions.
 */
#include "handlers.h"
#include "request.h"

void
avis_serve_cis(struct request *r)
{
	lookup_serve(r, DB_AVIS_CIS, r->segment.number,
	    "Medicament not found");
}
