/*
 * Substance documents (/v1/substances): for each substance code of
 * CIS_COMPO, its names and the medicaments of CIS_bdpm holding it, one
 * per CIS (its first composition row) in page order and ranked 1..n
 * without gaps, so that a worker reads a page as a range of ranks.
 */
#include "render.h"

#include <string.h>

/* Columns of DB_SUBSTANCE_MEDICAMENTS. */
static const struct render_member medicament_members[] = {
	{ "cis", RENDER_INTEGER, 1 },
	{ "denomination", RENDER_TEXT, 2 },
	{ "elementPharmaceutique", RENDER_TEXT, 3 },
	{ "dosage", RENDER_TEXT, 4 },
	{ "referenceDosage", RENDER_TEXT, 5 },
	{ "natureComposant", RENDER_TEXT, 6 },
};

static bool
render_medicament_lists(struct db *db)
{
	sqlite3_stmt *row, *insert;
	struct json_object *o;
	const char *json;
	size_t len;
	int64_t code, cis, last_code = -1, last_cis = -1, rank = 0;
	bool ok = true, stored = true;

	if ((row = db_stmt(db, DB_SUBSTANCE_MEDICAMENTS)) == NULL ||
	    (insert = db_stmt(db, DB_INSERT_SUBSTANCE_MEDICAMENT)) == NULL)
		return false;
	while (stored && db_row(db, row, &ok)) {
		code = db_column_int(row, 0);
		cis = db_column_int(row, 1);
		if (code == last_code && cis == last_cis)
			continue;	/* the CIS's next element: listed once */
		rank = code == last_code ? rank + 1 : 1;
		last_code = code;
		last_cis = cis;
		o = render_row(row, medicament_members,
		    sizeof(medicament_members) /
		    sizeof(medicament_members[0]), code);
		stored = (json = render_json(o, &len)) != NULL &&
		    db_bind(db, insert, 1, DB_INT(code)) &&
		    db_bind(db, insert, 2, DB_INT(rank)) &&
		    db_bind(db, insert, 3, DB_TEXT_N(json, len)) &&
		    db_step_done(db, insert);
		json_object_put(o);
	}
	if (!stored)
		db_reset(row);
	return ok && stored;
}

/* True when array (of strings) holds name[0..len). */
static bool
has_name(struct json_object *array, const char *name, size_t len)
{
	size_t i, n = json_object_array_length(array);
	struct json_object *v;

	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(array, i);
		if ((size_t)json_object_get_string_len(v) == len &&
		    memcmp(json_object_get_string(v), name, len) == 0)
			return true;
	}
	return false;
}

/* Stores the substance code with its names; frees doc. */
static bool
store_substance(struct db *db, sqlite3_stmt *insert, int64_t code,
    struct json_object *doc)
{
	struct db_value v[] = { DB_INT(code) };
	int64_t count = db_integer(db, DB_SUBSTANCE_COUNT, DB_VALUES(v));
	bool ok;

	json_object_object_add(doc, "nombreMedicaments",
	    json_object_new_int64(count));
	ok = count >= 0 && db_bind(db, insert, 1, DB_INT(code)) &&
	    db_bind(db, insert, 2, DB_INT(count)) &&
	    render_store(db, insert, 3, 4, NULL, doc);
	json_object_put(doc);
	return ok;
}

bool
render_substances(struct db *db)
{
	sqlite3_stmt *row, *insert;
	struct json_object *doc = NULL, *names = NULL;
	const char *name;
	size_t len;
	int64_t code, last = -1;
	bool ok = true, stored = true;

	if (!render_medicament_lists(db) ||
	    (row = db_stmt(db, DB_SUBSTANCE_NAMES)) == NULL ||
	    (insert = db_stmt(db, DB_INSERT_SUBSTANCE)) == NULL)
		return false;
	while (stored && db_row(db, row, &ok)) {
		code = db_column_int(row, 0);
		if (doc == NULL || code != last) {
			if (doc != NULL)
				stored = store_substance(db, insert, last, doc);
			doc = json_object_new_object();
			names = json_object_new_array();
			json_object_object_add(doc, "codeSubstance",
			    json_object_new_int64(code));
			json_object_object_add(doc, "denominations", names);
			last = code;
		}
		name = db_column_text(row, 1, &len);
		if (name != NULL && len > 0 && !has_name(names, name, len))
			json_object_array_add(names,
			    json_object_new_string_len(name, (int)len));
	}
	if (!stored) {
		db_reset(row);
		json_object_put(doc);
		return false;
	}
	if (doc != NULL && !store_substance(db, insert, last, doc))
		return false;
	/* Search results in the order of the substances' names. */
	return ok && db_register_fold(db) &&
	    db_run(db, DB_SUBSTANCE_ORDER, NULL, 0);
}
