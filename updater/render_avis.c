/*
 * HAS opinion documents (/v1/medicaments/{cis}/avis): one per medicament
 * of CIS_bdpm, its SMR and ASMR opinions newest first, each with the URL
 * of the HAS page of its dossier (HAS_LiensPageCT, null when the file
 * has no line for it or was not downloaded in this run: db.c LOADED).  A medicament without opinions gets empty arrays:
 * the worker tells it from an unknown CIS (404) with one read.
 */
#include "render.h"

#define MEMBERS(table) table, sizeof(table) / sizeof(table[0])

/* Columns of AVIS_SELECT (db.c). */
static const struct render_member avis_members[] = {
	{ "codeDossierHas", RENDER_TEXT, 0 },
	{ "motif", RENDER_TEXT, 1 },
	{ "dateAvis", RENDER_TEXT, 2 },
	{ "dateAvisIso", RENDER_TEXT_OR_NULL, 3 },
	{ "valeur", RENDER_TEXT, 4 },
	{ "libelle", RENDER_TEXT, 5 },
	{ "lienHas", RENDER_TEXT_OR_NULL, 6 },
};

bool
render_avis(struct db *db)
{
	sqlite3_stmt *cis_list, *smr, *asmr, *insert;
	struct render_gzip *members;
	struct json_object *doc, *smr_array, *asmr_array;
	int64_t cis;
	bool ok = true, stored = true;

	if ((cis_list = db_stmt(db, DB_AVIS_MEDICAMENTS)) == NULL ||
	    (smr = db_stmt(db, DB_MEDICAMENT_SMR)) == NULL ||
	    (asmr = db_stmt(db, DB_MEDICAMENT_ASMR)) == NULL ||
	    (insert = db_stmt(db, DB_INSERT_AVIS)) == NULL)
		return false;
	members = render_gzip_open(db);
	while (stored && db_row(db, cis_list, &ok)) {
		cis = db_column_int(cis_list, 0);
		doc = json_object_new_object();
		smr_array = json_object_new_array();
		asmr_array = json_object_new_array();
		json_object_object_add(doc, "cis", json_object_new_int64(cis));
		json_object_object_add(doc, "smr", smr_array);
		json_object_object_add(doc, "asmr", asmr_array);
		stored = render_rows(db, smr, cis, MEMBERS(avis_members),
		    smr_array) &&
		    render_rows(db, asmr, cis, MEMBERS(avis_members),
		    asmr_array) &&
		    db_bind(db, insert, 1, DB_INT(cis)) &&
		    render_store(db, insert, 2, 3, &(struct render_gz){
		    members, DB_INSERT_AVIS_GZ, cis }, doc);
		json_object_put(doc);
	}
	if (!stored)
		db_reset(cis_list);
	return render_gzip_close(members) && ok && stored;
}
