/*
 * Shortage and supply-tension documents (API.md "Disponibilité"): one per
 * row of CIS_CIP_Dispo_Spec, ranked in (code_statut, ligne) order so that
 * every page, of the whole list or of one statut, is a range of ranks
 * (schema.sql api_disponibilites); then each CIS's array.
 */
#include "render.h"

/* Columns of DB_DISPONIBILITES; the filter's key, code_statut, is 3. */
static const struct render_member disponibilite[] = {
	{ "cis", RENDER_INTEGER, 0 },
	{ "cip13", RENDER_INTEGER_OR_NULL, 1 },
	{ "elementPharmaceutique", RENDER_TEXT_OR_NULL, 2 },
	{ "codeStatut", RENDER_INTEGER, 3 },
	{ "statut", RENDER_TEXT, 4 },
	{ "dateDebut", RENDER_TEXT, 5 },
	{ "dateDebutIso", RENDER_TEXT_OR_NULL, 6 },
	{ "dateMiseAJour", RENDER_TEXT, 7 },
	{ "dateMiseAJourIso", RENDER_TEXT_OR_NULL, 8 },
	{ "dateRemiseDisposition", RENDER_TEXT, 9 },
	{ "dateRemiseDispositionIso", RENDER_TEXT_OR_NULL, 10 },
	{ "lien", RENDER_TEXT, 11 },
};

bool
render_disponibilites(struct db *db)
{
	return render_ranked(db, DB_DISPONIBILITES, DB_INSERT_DISPONIBILITE,
	    disponibilite, sizeof(disponibilite) / sizeof(disponibilite[0]),
	    3) && render_by_cis(db, DB_DISPONIBILITES_BY_CIS,
	    DB_INSERT_MEDICAMENT_DISPONIBILITES,
	    DB_INSERT_MEDICAMENT_DISPONIBILITES_GZ);
}
