/*
 * Documents of the drugs of major therapeutic interest (API.md "MITM"):
 * one per row of CIS_MITM, ranked in (code_atc, ligne) order so that the
 * codes starting with a prefix are a range of ranks (schema.sql api_mitm);
 * then each CIS's array.
 */
#include "render.h"

/* Columns of DB_MITM; the filter's key, code_atc, is 1. */
static const struct render_member mitm[] = {
	{ "cis", RENDER_INTEGER, 0 },
	{ "codeATC", RENDER_TEXT, 1 },
	{ "elementPharmaceutique", RENDER_TEXT, 2 },
	{ "lien", RENDER_TEXT, 3 },
};

bool
render_mitm(struct db *db)
{
	return render_ranked(db, DB_MITM, DB_INSERT_MITM, mitm,
	    sizeof(mitm) / sizeof(mitm[0]), 1) &&
	    render_by_cis(db, DB_MITM_BY_CIS, DB_INSERT_MEDICAMENT_MITM,
	    DB_INSERT_MEDICAMENT_MITM_GZ);
}
