/*
 * Generic group documents (API.md "Generic group").
 */
#include "render.h"

#include "db.h"
#include "log.h"

enum statement {
	ST_MEMBERS,
	ST_COMPOSITIONS,
	ST_INSERT_GROUP,
	ST_MAX
};

static const char *const statement_sql[ST_MAX] = {
	/* Members by group, in n° de tri then file order (API.md). */
	[ST_MEMBERS] = "SELECT g.groupe, g.libelle, g.cis, g.type,"
	    " m.cis IS NOT NULL, m.denomination, m.forme_pharmaceutique"
	    " FROM generiques g LEFT JOIN medicaments m ON m.cis = g.cis"
	    " ORDER BY g.groupe, g.numero_tri, g.ligne",
	[ST_COMPOSITIONS] = "SELECT element_pharmaceutique,"
	    " denomination_substance, dosage FROM compositions WHERE cis = ?1"
	    " ORDER BY ligne",
	[ST_INSERT_GROUP] = "INSERT INTO api_generiques(groupe, json, etag)"
	    " VALUES(?1, ?2, ?3)",
};

struct group {
	sqlite3_int64	 id;
	struct json_object *doc;	/* NULL before the first group */
	struct json_object *members;
	struct json_object *orphans;
};

static const struct render_member member_composition[] = {
	{ "elementPharmaceutique", RENDER_TEXT, 0 },
	{ "substance", RENDER_TEXT, 1 },
	{ "dosage", RENDER_TEXT, 2 },
};

/* Columns of ST_MEMBERS. */
static const struct render_member member[] = {
	{ "cis", RENDER_INTEGER, 2 },
	{ "elementPharmaceutique", RENDER_TEXT, 5 },
	{ "formePharmaceutique", RENDER_TEXT, 6 },
	{ "type", RENDER_GENERIC_TYPE, 3 },
};

static bool
add_member(sqlite3 *db, sqlite3_stmt *row, sqlite3_stmt *compo,
    struct group *g)
{
	struct json_object *o, *array;
	sqlite3_int64 cis = sqlite3_column_int64(row, 2);

	if (!sqlite3_column_int(row, 4)) {
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
flush_group(sqlite3 *db, sqlite3_stmt **st, struct group *g)
{
	bool ok;

	if (g->doc == NULL)
		return true;
	sqlite3_bind_int64(st[ST_INSERT_GROUP], 1, g->id);
	ok = render_store(db, st[ST_INSERT_GROUP], 2, 3, g->doc);
	json_object_put(g->doc);
	g->doc = NULL;
	return ok;
}

bool
render_generiques(sqlite3 *db)
{
	sqlite3_stmt *st[ST_MAX] = { NULL };
	struct group g = { 0, NULL, NULL, NULL };
	sqlite3_stmt *row;
	bool ok = false;
	int i, rc;

	for (i = 0; i < ST_MAX; i++)
		if ((st[i] = db_prepare(db, statement_sql[i])) == NULL)
			goto out;
	row = st[ST_MEMBERS];
	while ((rc = sqlite3_step(row)) == SQLITE_ROW) {
		if (g.doc == NULL || sqlite3_column_int64(row, 0) != g.id) {
			if (!flush_group(db, st, &g))
				goto out;
			g.id = sqlite3_column_int64(row, 0);
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
		if (!add_member(db, row, st[ST_COMPOSITIONS], &g))
			goto out;
	}
	if (rc != SQLITE_DONE) {
		log_warn("sqlite: %s (in: %s)", sqlite3_errmsg(db),
		    sqlite3_sql(row));
		goto out;
	}
	ok = flush_group(db, st, &g);
out:
	json_object_put(g.doc);
	for (i = 0; i < ST_MAX; i++)
		sqlite3_finalize(st[i]);
	return ok;
}
