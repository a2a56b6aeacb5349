/*
 * Safety information (/v1/medicaments/{cis}/informations): one object per
 * row of CIS_InfoImportantes whose CIS is in CIS_bdpm, ranked 1..n per
 * CIS newest first.  The rows are stored apart, with their ISO dates, and
 * not as one document: which of them are in force depends on the day of
 * the request, not on the day of the update.
 */
#include "render.h"

/* Columns of DB_INFORMATIONS. */
static const struct render_member information_members[] = {
	{ "dateDebut", RENDER_TEXT, 1 },
	{ "dateDebutIso", RENDER_TEXT_OR_NULL, 2 },
	{ "dateFin", RENDER_TEXT, 3 },
	{ "dateFinIso", RENDER_TEXT_OR_NULL, 4 },
	{ "texte", RENDER_TEXT, 5 },
	{ "lien", RENDER_TEXT_OR_NULL, 6 },
};

/* Binds column `column` of row, or NULL, to parameter `param` of insert. */
static bool
bind_date(struct db *db, sqlite3_stmt *insert, int param, sqlite3_stmt *row,
    int column)
{
	size_t len;
	const char *iso = db_column_text(row, column, &len);

	return db_bind(db, insert, param, iso != NULL ?
	    DB_TEXT_COPY(iso, len) : DB_NULL);
}

bool
render_informations(struct db *db)
{
	sqlite3_stmt *row, *insert;
	struct json_object *o;
	const char *json;
	size_t len;
	int64_t cis, last = -1, rank = 0;
	bool ok = true, stored = true;

	if ((row = db_stmt(db, DB_INFORMATIONS)) == NULL ||
	    (insert = db_stmt(db, DB_INSERT_INFORMATION)) == NULL)
		return false;
	while (stored && db_row(db, row, &ok)) {
		cis = db_column_int(row, 0);
		rank = cis == last ? rank + 1 : 1;
		last = cis;
		o = render_row(row, information_members,
		    sizeof(information_members) /
		    sizeof(information_members[0]), cis);
		json = render_json(o, &len);
		stored = json != NULL &&
		    db_bind(db, insert, 1, DB_INT(cis)) &&
		    db_bind(db, insert, 2, DB_INT(rank)) &&
		    bind_date(db, insert, 3, row, 2) &&
		    bind_date(db, insert, 4, row, 4) &&
		    db_bind(db, insert, 5, DB_TEXT_N(json, len)) &&
		    db_step_done(db, insert);
		json_object_put(o);
	}
	if (!stored)
		db_reset(row);
	return ok && stored;
}
