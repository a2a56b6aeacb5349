#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>


#include "buf.h"
#include "contract.h"
#include "digest.h"
#include "log.h"
#include "render_gzip.h"

struct json_object *
render_text(sqlite3_stmt *stmt, int column)
{
	size_t len;
	const char *text = db_column_text(stmt, column, &len);

	/* Exact: a SQLite value has at most SQLITE_MAX_LENGTH < INT_MAX bytes. */
	return json_object_new_string_len(text ? text : "", (int)len);
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

	if (!db_column_null(stmt, column))
		value = round(db_column_real(stmt, column) * 100.0) / 100.0;
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
    size_t count, int64_t key)
{
	struct json_object *o = json_object_new_object(), *v = NULL;
	size_t i;

	for (i = 0; i < count; i++) {
		const struct render_member *m = &members[i];

		switch (m->kind) {
		case RENDER_TEXT:
			v = render_text(stmt, m->column);
			break;
		case RENDER_INTEGER_OR_NULL:
			v = db_column_null(stmt, m->column) ? NULL :
			    json_object_new_int64(db_column_int(stmt,
			    m->column));
			break;
		case RENDER_TEXT_OR_NULL:
			v = db_column_null(stmt, m->column) ? NULL :
			    render_text(stmt, m->column);
			break;
		case RENDER_INTEGER:
			v = json_object_new_int64(db_column_int(stmt,
			    m->column));
			break;
		case RENDER_PRICE:
			v = price(stmt, m->column);
			break;
		case RENDER_PRICE_OR_NULL:
			v = db_column_null(stmt, m->column) ? NULL :
			    price(stmt, m->column);
			break;
		case RENDER_GENERIC_TYPE:
			v = json_object_new_string(render_generic_type(
			    (int)db_column_int(stmt, m->column)));
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
render_rows(struct db *db, sqlite3_stmt *stmt, int64_t key,
    const struct render_member *members, size_t count,
    struct json_object *array)
{
	bool ok = true;

	if (!db_bind(db, stmt, 1, DB_INT(key)))
		return false;
	while (db_row(db, stmt, &ok))
		json_object_array_add(array, render_row(stmt, members, count,
		    key));
	return ok;
}

const char *
render_json(struct json_object *doc, size_t *len)
{
	return json_object_to_json_string_length(doc, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE, len);
}

bool
render_store(struct db *db, sqlite3_stmt *insert, int json_param,
    int etag_param, const struct render_gz *gz, struct json_object *doc)
{
	const char *json;
	size_t len;
	char etag[ETAG_SIZE];

	json = render_json(doc, &len);
	if (json == NULL || !digest_etag(json, len, etag))
		return false;
	/* json lives in doc, etag here, until the step: neither copied. */
	return db_bind(db, insert, json_param, DB_TEXT_N(json, len)) &&
	    (etag_param == 0 || db_bind(db, insert, etag_param,
	    DB_TEXT(etag))) &&
	    db_step_done(db, insert) &&
	    (gz == NULL || render_gzip_add(gz->queue, gz->insert, gz->key,
	    json, len));
}

bool
render_ranked(struct db *db, enum db_stmt select, enum db_stmt insert,
    const struct render_member *members, size_t count, int key)
{
	sqlite3_stmt *rows, *ins;
	struct json_object *o;
	const char *text;
	size_t len;
	int64_t rang = 0;
	bool ok = true, stored = true;

	if ((rows = db_stmt(db, select)) == NULL ||
	    (ins = db_stmt(db, insert)) == NULL)
		return false;
	while (stored && db_row(db, rows, &ok)) {
		o = render_row(rows, members, count, 0);
		/* As text: the column's affinity gives it back its type. */
		text = db_column_text(rows, key, &len);
		stored = db_bind(db, ins, 1, DB_INT(++rang)) &&
		    db_bind(db, ins, 2, DB_INT(db_column_int(rows, 0))) &&
		    db_bind(db, ins, 3, DB_TEXT_N(text != NULL ? text : "",
		    len)) &&
		    render_store(db, ins, 4, 0, NULL, o);
		json_object_put(o);
	}
	db_reset(rows);
	return ok && stored;
}

/* Stores the array being built for cis, if any, and empties it. */
static bool
store_array(struct db *db, sqlite3_stmt *insert, const struct render_gz *gz,
    struct buf *array)
{
	char etag[ETAG_SIZE];
	bool ok;

	if (array->len == 0)
		return true;
	buf_putc(array, ']');
	ok = digest_etag(array->data, array->len, etag) &&
	    db_bind(db, insert, 1, DB_INT(gz->key)) &&
	    db_bind(db, insert, 2, DB_TEXT_N(array->data, array->len)) &&
	    db_bind(db, insert, 3, DB_TEXT(etag)) &&
	    db_step_done(db, insert) &&
	    render_gzip_add(gz->queue, gz->insert, gz->key, array->data,
	    array->len);
	buf_reset(array);
	return ok;
}

/*
 * The elements are already JSON text: joined as they are, not parsed
 * again (check.c parses the result before it is published).
 */
bool
render_by_cis(struct db *db, enum db_stmt select, enum db_stmt insert,
    enum db_stmt insert_gz)
{
	sqlite3_stmt *rows, *ins;
	struct buf array = BUF_INIT;
	struct render_gz gz = { NULL, insert_gz, 0 };
	const char *json;
	size_t len;
	bool ok = true;

	if ((rows = db_stmt(db, select)) == NULL ||
	    (ins = db_stmt(db, insert)) == NULL)
		return false;
	gz.queue = render_gzip_open(db);
	while (ok && db_row(db, rows, &ok)) {
		if (array.len > 0 && db_column_int(rows, 0) != gz.key)
			ok = store_array(db, ins, &gz, &array);
		gz.key = db_column_int(rows, 0);
		json = db_column_text(rows, 1, &len);
		buf_putc(&array, array.len == 0 ? '[' : ',');
		buf_append(&array, json != NULL ? json : "null",
		    json != NULL ? len : 4);
	}
	db_reset(rows);
	ok = ok && store_array(db, ins, &gz, &array);
	ok = render_gzip_close(gz.queue) && ok;
	buf_free(&array);
	return ok;
}

bool
render_search(struct db *db)
{
	return db_register_fold(db) &&
	    db_run(db, DB_INDEX_MEDICAMENTS, NULL, 0) &&
	    db_run(db, DB_INDEX_GENERIQUES, NULL, 0) &&
	    db_run(db, DB_INDEX_SUBSTANCES, NULL, 0) &&
	    db_fill_search(db) && render_vocabulary(db);
}
