/*
 * Medicament and presentation documents (API.md "Medicament",
 * "Presentation").
 */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "log.h"

enum statement {
	ST_MEDICAMENTS,
	ST_COMPOSITIONS,
	ST_GENERIQUES,
	ST_PRESENTATIONS,
	ST_ORPHAN_PRESENTATIONS,
	ST_CONDITIONS,
	ST_INSERT_MEDICAMENT,
	ST_INSERT_PRESENTATION,
	ST_MAX
};

/* The two presentation queries share their columns (see add_presentation). */
#define PRESENTATION_COLUMNS "cis, cip7, libelle, statut_administratif," \
	" etat_commercialisation, date_declaration, cip13," \
	" agrement_collectivites, taux_remboursement, prix_sans_honoraires"

static const char *const statement_sql[ST_MAX] = {
	[ST_MEDICAMENTS] = "SELECT cis, ligne, denomination,"
	    " forme_pharmaceutique, voies_administration, statut_amm,"
	    " type_procedure, etat_commercialisation, date_amm, titulaires,"
	    " surveillance_renforcee FROM medicaments ORDER BY ligne",
	[ST_COMPOSITIONS] = "SELECT element_pharmaceutique, code_substance,"
	    " denomination_substance, dosage, reference_dosage,"
	    " nature_composant FROM compositions WHERE cis = ?1 ORDER BY ligne",
	[ST_GENERIQUES] = "SELECT groupe, libelle, type FROM generiques"
	    " WHERE cis = ?1 ORDER BY ligne",
	[ST_PRESENTATIONS] = "SELECT " PRESENTATION_COLUMNS
	    " FROM presentations WHERE cis = ?1 ORDER BY ligne",
	[ST_ORPHAN_PRESENTATIONS] = "SELECT " PRESENTATION_COLUMNS
	    " FROM presentations WHERE cis NOT IN (SELECT cis FROM medicaments)"
	    " ORDER BY ligne",
	[ST_CONDITIONS] = "SELECT condition FROM conditions WHERE cis = ?1"
	    " ORDER BY ligne",
	[ST_INSERT_MEDICAMENT] = "INSERT INTO api_medicaments(cis, ligne,"
	    " json, etag) VALUES(?1, ?2, ?3, ?4)",
	[ST_INSERT_PRESENTATION] = "INSERT INTO api_presentations(cip13, cip7,"
	    " cis, json, etag) VALUES(?1, ?2, ?3, ?4, ?5)",
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

static bool
step_rows(sqlite3 *db, sqlite3_stmt *stmt, int *rc)
{
	*rc = sqlite3_step(stmt);
	if (*rc == SQLITE_ROW)
		return true;
	if (*rc != SQLITE_DONE)
		log_warn("sqlite: %s (in: %.200s)", sqlite3_errmsg(db),
		    sqlite3_sql(stmt));
	return false;
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

/* Columns as in PRESENTATION_COLUMNS. */
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
add_presentations(sqlite3 *db, sqlite3_stmt *stmt, sqlite3_stmt *insert,
    struct json_object *array)
{
	struct json_object *o;
	int rc = SQLITE_DONE;
	bool ok = true;

	while (ok && step_rows(db, stmt, &rc)) {
		o = render_row(stmt, MEMBERS(presentation_members), 0);

		sqlite3_bind_int64(insert, 1, sqlite3_column_int64(stmt, 6));
		sqlite3_bind_int64(insert, 2, sqlite3_column_int64(stmt, 1));
		sqlite3_bind_int64(insert, 3, sqlite3_column_int64(stmt, 0));
		ok = render_store(db, insert, 4, 5, o);
		if (array != NULL)
			json_object_array_add(array, o);
		else
			json_object_put(o);
	}
	sqlite3_reset(stmt);
	return ok && rc == SQLITE_DONE;
}

static bool
add_conditions(sqlite3 *db, sqlite3_stmt *stmt, sqlite3_int64 cis,
    struct json_object *array)
{
	int rc;

	sqlite3_bind_int64(stmt, 1, cis);
	while (step_rows(db, stmt, &rc))
		json_object_array_add(array, render_text(stmt, 0));
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE;
}

/*
 * Renders the medicament of the current row of st[ST_MEDICAMENTS], the
 * `position`th in page order: positions have no gaps (rejected lines leave
 * none), so that a page is a range of them.
 */
static bool
render_one(sqlite3 *db, sqlite3_stmt **st, sqlite3_int64 position)
{
	sqlite3_stmt *m = st[ST_MEDICAMENTS];
	sqlite3_int64 cis = sqlite3_column_int64(m, 0);
	struct json_object *doc, *compo, *gener, *pres, *cond;
	bool ok;

	doc = json_object_new_object();
	json_object_object_add(doc, "cis", json_object_new_int64(cis));
	json_object_object_add(doc, "elementPharmaceutique",
	    render_text(m, 2));
	json_object_object_add(doc, "formePharmaceutique", render_text(m, 3));
	json_object_object_add(doc, "voiesAdministration",
	    voies((const char *)sqlite3_column_text(m, 4)));
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

	sqlite3_bind_int64(st[ST_PRESENTATIONS], 1, cis);
	ok = render_rows(db, st[ST_COMPOSITIONS], cis,
	    MEMBERS(composition_members), compo) &&
	    render_rows(db, st[ST_GENERIQUES], cis,
	    MEMBERS(generique_members), gener) &&
	    add_presentations(db, st[ST_PRESENTATIONS],
	    st[ST_INSERT_PRESENTATION], pres) &&
	    add_conditions(db, st[ST_CONDITIONS], cis, cond);
	if (ok) {
		sqlite3_bind_int64(st[ST_INSERT_MEDICAMENT], 1, cis);
		sqlite3_bind_int64(st[ST_INSERT_MEDICAMENT], 2, position);
		ok = render_store(db, st[ST_INSERT_MEDICAMENT], 3, 4, doc);
	}
	json_object_put(doc);
	return ok;
}

bool
render_medicaments(sqlite3 *db)
{
	sqlite3_stmt *st[ST_MAX] = { NULL };
	sqlite3_int64 position = 0;
	bool ok = false;
	int i, rc;

	for (i = 0; i < ST_MAX; i++)
		if ((st[i] = db_prepare(db, statement_sql[i])) == NULL)
			goto out;
	while (step_rows(db, st[ST_MEDICAMENTS], &rc))
		if (!render_one(db, st, ++position))
			goto out;
	if (rc != SQLITE_DONE)
		goto out;
	/* Presentations of unknown CIS are still answered by CIP. */
	ok = add_presentations(db, st[ST_ORPHAN_PRESENTATIONS],
	    st[ST_INSERT_PRESENTATION], NULL);
out:
	for (i = 0; i < ST_MAX; i++)
		sqlite3_finalize(st[i]);
	return ok;
}
