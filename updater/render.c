#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "digest.h"
#include "fold.h"
#include "log.h"

struct json_object *
render_text(sqlite3_stmt *stmt, int column)
{
	const unsigned char *text = sqlite3_column_text(stmt, column);

	return json_object_new_string_len(text ? (const char *)text : "",
	    text ? sqlite3_column_bytes(stmt, column) : 0);
}

const char *
render_generic_type(int type)
{
	switch (type) {
	case 0:
		return "Princeps";
	case 1:
		return "Générique";
	case 2:
		return "Génériques par complémentarité posologique";
	case 4:
		return "Générique substituable";
	default:
		return "Inconnu";
	}
}

/*
 * A price as a JSON number with at most two decimals, written as Go would
 * write the float (30.36, 30.3, 0), from the REAL the loader stored.
 */
static struct json_object *
price(sqlite3_stmt *stmt, int column)
{
	char text[32];
	size_t len;
	double value = 0.0;

	if (sqlite3_column_type(stmt, column) != SQLITE_NULL)
		value = round(sqlite3_column_double(stmt, column) * 100.0) /
		    100.0;
	snprintf(text, sizeof(text), "%.2f", value);
	len = strlen(text);
	while (text[len - 1] == '0')
		text[--len] = '\0';
	if (text[len - 1] == '.')
		text[--len] = '\0';
	return json_object_new_double_s(value, text);
}

struct json_object *
render_row(sqlite3_stmt *stmt, const struct render_member *members,
    size_t count, sqlite3_int64 key)
{
	struct json_object *o = json_object_new_object(), *v = NULL;
	size_t i;

	for (i = 0; i < count; i++) {
		const struct render_member *m = &members[i];

		switch (m->kind) {
		case RENDER_TEXT:
			v = render_text(stmt, m->column);
			break;
		case RENDER_INTEGER:
			v = json_object_new_int64(sqlite3_column_int64(stmt,
			    m->column));
			break;
		case RENDER_PRICE:
			v = price(stmt, m->column);
			break;
		case RENDER_GENERIC_TYPE:
			v = json_object_new_string(render_generic_type(
			    sqlite3_column_int(stmt, m->column)));
			break;
		case RENDER_KEY:
			v = json_object_new_int64(key);
			break;
		}
		json_object_object_add(o, m->name, v);
	}
	return o;
}

bool
render_rows(sqlite3 *db, sqlite3_stmt *stmt, sqlite3_int64 key,
    const struct render_member *members, size_t count,
    struct json_object *array)
{
	int rc;

	sqlite3_bind_int64(stmt, 1, key);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		json_object_array_add(array, render_row(stmt, members, count,
		    key));
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		log_warn("sqlite: %s (in: %.200s)", sqlite3_errmsg(db),
		    sqlite3_sql(stmt));
		return false;
	}
	return true;
}

bool
render_store(sqlite3 *db, sqlite3_stmt *insert, int json_param,
    int etag_param, struct json_object *doc)
{
	const char *json;
	size_t len;
	char etag[ETAG_SIZE];

	json = json_object_to_json_string_length(doc, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (json == NULL || !digest_etag(json, len, etag))
		return false;
	sqlite3_bind_text(insert, json_param, json, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(insert, etag_param, etag, -1, SQLITE_TRANSIENT);
	return db_step_done(db, insert);
}

/* fold(text): the search folding of common/fold.c, for SQL. */
static void
sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf folded = BUF_INIT;
	const unsigned char *text = sqlite3_value_text(argv[0]);

	(void)argc;
	if (text == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	fold_text(&folded, (const char *)text,
	    (size_t)sqlite3_value_bytes(argv[0]));
	sqlite3_result_text(ctx, buf_str(&folded), (int)folded.len,
	    SQLITE_TRANSIENT);
	buf_free(&folded);
}

bool
render_search(sqlite3 *db)
{
	/*
	 * One bulk insert per index, after the documents: FTS5 then builds
	 * each index in memory and writes it once, which is several times
	 * faster than interleaving its writes with the documents'.
	 */
	if (sqlite3_create_function(db, "fold", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_fold, NULL, NULL) != SQLITE_OK)
		return false;
	return db_exec(db, "INSERT INTO recherche_medicaments(rowid, nom)"
	    " SELECT cis, fold(denomination) FROM medicaments") &&
	    db_exec(db, "INSERT INTO recherche_generiques(rowid, libelle)"
	    " SELECT groupe, fold(json_extract(json, '$.libelle'))"
	    " FROM api_generiques");
}
