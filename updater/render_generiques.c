/*
 * Generic group documents (API.md "Generic group").
 */
#include "render.h"

struct group {
	int64_t		 id;
	struct json_object *doc;	/* NULL before the first group */
	struct json_object *members;
	struct json_object *orphans;
	struct render_gzip *gzip;	/* the groups' gzip members */
};

static const struct render_member member_composition[] = {
	{ "elementPharmaceutique", RENDER_TEXT, 0 },
	{ "substance", RENDER_TEXT, 1 },
	{ "dosage", RENDER_TEXT, 2 },
};

/* Columns of DB_GROUP_MEMBERS. */
static const struct render_member member[] = {
	{ "cis", RENDER_INTEGER, 2 },
	{ "elementPharmaceutique", RENDER_TEXT, 5 },
	{ "formePharmaceutique", RENDER_TEXT, 6 },
	{ "type", RENDER_GENERIC_TYPE, 3 },
};

static bool
add_member(struct db *db, sqlite3_stmt *row, sqlite3_stmt *compo,
    struct group *g)
{
	struct json_object *o, *array;
	int64_t cis = db_column_int(row, 2);

	if (db_column_int(row, 4) == 0) {
		json_object_array_add(g->orphans, json_object_new_int64(cis));
		return true;
	}
	o = render_row(row, member, sizeof(member) / sizeof(member[0]), cis);
	array = json_object_new_array();
	json_object_object_add(o, "composition", array);
	json_object_array_add(g->members, o);
	return render_rows(db, compo, cis, member_composition,
	    sizeof(member_composition) / sizeof(member_composition[0]), array);
}

/* Stores the group being built, if any, and forgets it. */
static bool
flush_group(struct db *db, sqlite3_stmt *insert, struct group *g)
{
	bool ok;

	if (g->doc == NULL)
		return true;
	ok = db_bind(db, insert, 1, DB_INT(g->id)) &&
	    render_store(db, insert, 2, 3, &(struct render_gz){ g->gzip,
	    DB_INSERT_GROUP_GZ, g->id }, g->doc);
	json_object_put(g->doc);
	g->doc = NULL;
	return ok;
}

bool
render_generiques(struct db *db)
{
	struct group g = { 0, NULL, NULL, NULL, NULL };
	sqlite3_stmt *row, *compo, *insert;
	bool ok = true;

	if ((row = db_stmt(db, DB_GROUP_MEMBERS)) == NULL ||
	    (compo = db_stmt(db, DB_MEMBER_COMPOSITIONS)) == NULL ||
	    (insert = db_stmt(db, DB_INSERT_GROUP)) == NULL)
		return false;
	g.gzip = render_gzip_open(db);
	while (db_row(db, row, &ok)) {
		if (g.doc == NULL || db_column_int(row, 0) != g.id) {
			if (!flush_group(db, insert, &g))
				goto fail;
			g.id = db_column_int(row, 0);
			g.doc = json_object_new_object();
			g.members = json_object_new_array();
			g.orphans = json_object_new_array();
			json_object_object_add(g.doc, "groupID",
			    json_object_new_int64(g.id));
			json_object_object_add(g.doc, "libelle",
			    render_text(row, 1));
			json_object_object_add(g.doc, "medicaments", g.members);
			json_object_object_add(g.doc, "orphanCIS", g.orphans);
		}
		if (!add_member(db, row, compo, &g))
			goto fail;
	}
	ok = ok && flush_group(db, insert, &g);
	json_object_put(g.doc);
	return render_gzip_close(g.gzip) && ok;
fail:
	db_reset(row);
	json_object_put(g.doc);
	(void)render_gzip_close(g.gzip);
	return false;
}
