/*
 * Medicament and presentation documents (API.md "Medicament",
 * "Presentation").
 */
#include "render.h"

#include <string.h>

/* The statements of db.c's table this file runs. */
struct statements {
	sqlite3_stmt	*medicaments;
	sqlite3_stmt	*compositions;
	sqlite3_stmt	*generiques;
	sqlite3_stmt	*presentations;
	sqlite3_stmt	*orphans;		/* presentations of unknown CIS */
	sqlite3_stmt	*conditions;
	sqlite3_stmt	*insert_medicament;
	sqlite3_stmt	*insert_presentation;
	struct render_gzip *members;		/* their gzip members */
};

static struct json_object *
voies(const char *list)
{
	struct json_object *array = json_object_new_array();
	const char *p = list, *end;
	size_t len;

	while (p != NULL && *p != '\0') {
		end = strchr(p, ';');
		len = end ? (size_t)(end - p) : strlen(p);
		while (len > 0 && *p == ' ')
			p++, len--;
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (len > 0)
			json_object_array_add(array,
			    json_object_new_string_len(p, (int)len));
		p = end ? end + 1 : NULL;
	}
	return array;
}

#define MEMBERS(table) table, sizeof(table) / sizeof(table[0])

static const struct render_member composition_members[] = {
	{ "cis", RENDER_KEY, 0 },
	{ "elementPharmaceutique", RENDER_TEXT, 0 },
	{ "codeSubstance", RENDER_INTEGER, 1 },
	{ "denominationSubstance", RENDER_TEXT, 2 },
	{ "dosage", RENDER_TEXT, 3 },
	{ "referenceDosage", RENDER_TEXT, 4 },
	{ "natureComposant", RENDER_TEXT, 5 },
};

static const struct render_member generique_members[] = {
	{ "cis", RENDER_KEY, 0 },
	{ "group", RENDER_INTEGER, 0 },
	{ "libelle", RENDER_TEXT, 1 },
	{ "type", RENDER_GENERIC_TYPE, 2 },
};

/* Columns of DB_MEDICAMENT_PRESENTATIONS and DB_ORPHAN_PRESENTATIONS. */
static const struct render_member presentation_members[] = {
	{ "cis", RENDER_INTEGER, 0 },
	{ "cip7", RENDER_INTEGER, 1 },
	{ "libelle", RENDER_TEXT, 2 },
	{ "statusAdministratif", RENDER_TEXT, 3 },
	{ "etatComercialisation", RENDER_TEXT, 4 },
	{ "dateDeclaration", RENDER_TEXT, 5 },
	{ "cip13", RENDER_INTEGER, 6 },
	{ "agreement", RENDER_TEXT, 7 },
	{ "tauxRemboursement", RENDER_TEXT, 8 },
	{ "prix", RENDER_PRICE, 9 },
};

/*
 * Renders the presentations `stmt` yields, stores each in
 * api_presentations and, when array is not NULL, adds it there too.
 */
static bool
add_presentations(struct db *db, sqlite3_stmt *stmt, sqlite3_stmt *insert,
    struct render_gzip *members, struct json_object *array)
{
	struct json_object *o;
	struct render_gz gz = { members, DB_INSERT_PRESENTATION_GZ, 0 };
	bool ok = true, stored = true;

	while (stored && db_row(db, stmt, &ok)) {
		o = render_row(stmt, MEMBERS(presentation_members), 0);
		gz.key = db_column_int(stmt, 6);
		stored = db_bind(db, insert, 1, DB_INT(gz.key)) &&
		    db_bind(db, insert, 2, DB_INT(db_column_int(stmt, 1))) &&
		    db_bind(db, insert, 3, DB_INT(db_column_int(stmt, 0))) &&
		    render_store(db, insert, 4, 5, &gz, o);
		if (array != NULL)
			json_object_array_add(array, o);
		else
			json_object_put(o);
	}
	db_reset(stmt);
	return ok && stored;
}

static bool
add_conditions(struct db *db, sqlite3_stmt *stmt, int64_t cis,
    struct json_object *array)
{
	bool ok = true;

	if (!db_bind(db, stmt, 1, DB_INT(cis)))
		return false;
	while (db_row(db, stmt, &ok))
		json_object_array_add(array, render_text(stmt, 0));
	return ok;
}

/*
 * Renders the medicament of the current row of st->medicaments, whose
 * position in page order has no gaps (rejected lines leave none), so
 * that a page is a range of them.
 */
static bool
render_one(struct db *db, const struct statements *st)
{
	sqlite3_stmt *m = st->medicaments;
	int64_t cis = db_column_int(m, 0), position = db_column_int(m, 1);
	size_t len;
	struct json_object *doc, *compo, *gener, *pres, *cond;
	bool ok;

	doc = json_object_new_object();
	json_object_object_add(doc, "cis", json_object_new_int64(cis));
	json_object_object_add(doc, "elementPharmaceutique",
	    render_text(m, 2));
	json_object_object_add(doc, "formePharmaceutique", render_text(m, 3));
	json_object_object_add(doc, "voiesAdministration",
	    voies(db_column_text(m, 4, &len)));
	json_object_object_add(doc, "statusAutorisation", render_text(m, 5));
	json_object_object_add(doc, "typeProcedure", render_text(m, 6));
	json_object_object_add(doc, "etatComercialisation", render_text(m, 7));
	json_object_object_add(doc, "dateAMM", render_text(m, 8));
	json_object_object_add(doc, "titulaire", render_text(m, 9));
	json_object_object_add(doc, "surveillanceRenforcee",
	    render_text(m, 10));
	compo = json_object_new_array();
	gener = json_object_new_array();
	pres = json_object_new_array();
	cond = json_object_new_array();
	json_object_object_add(doc, "composition", compo);
	json_object_object_add(doc, "generiques", gener);
	json_object_object_add(doc, "presentation", pres);
	json_object_object_add(doc, "conditions", cond);

	ok = db_bind(db, st->presentations, 1, DB_INT(cis)) &&
	    render_rows(db, st->compositions, cis,
	    MEMBERS(composition_members), compo) &&
	    render_rows(db, st->generiques, cis,
	    MEMBERS(generique_members), gener) &&
	    add_presentations(db, st->presentations,
	    st->insert_presentation, st->members, pres) &&
	    add_conditions(db, st->conditions, cis, cond);
	ok = ok && db_bind(db, st->insert_medicament, 1, DB_INT(cis)) &&
	    db_bind(db, st->insert_medicament, 2, DB_INT(position)) &&
	    render_store(db, st->insert_medicament, 3, 4,
	    &(struct render_gz){ st->members, DB_INSERT_MEDICAMENT_GZ, cis },
	    doc);
	json_object_put(doc);
	return ok;
}

bool
render_medicaments(struct db *db)
{
	struct statements st;
	bool ok = true;

	if ((st.medicaments = db_stmt(db, DB_MEDICAMENTS)) == NULL ||
	    (st.compositions = db_stmt(db, DB_MEDICAMENT_COMPOSITIONS)) ==
	    NULL ||
	    (st.generiques = db_stmt(db, DB_MEDICAMENT_GENERIQUES)) == NULL ||
	    (st.presentations = db_stmt(db, DB_MEDICAMENT_PRESENTATIONS)) ==
	    NULL ||
	    (st.orphans = db_stmt(db, DB_ORPHAN_PRESENTATIONS)) == NULL ||
	    (st.conditions = db_stmt(db, DB_MEDICAMENT_CONDITIONS)) == NULL ||
	    (st.insert_medicament = db_stmt(db, DB_INSERT_MEDICAMENT)) ==
	    NULL ||
	    (st.insert_presentation = db_stmt(db, DB_INSERT_PRESENTATION)) ==
	    NULL)
		return false;
	st.members = render_gzip_open(db);
	while (ok && db_row(db, st.medicaments, &ok))
		if (!render_one(db, &st)) {
			db_reset(st.medicaments);
			ok = false;
		}
	/* Presentations of unknown CIS are still answered by CIP. */
	ok = ok && add_presentations(db, st.orphans, st.insert_presentation,
	    st.members, NULL);
	return render_gzip_close(st.members) && ok;
}
