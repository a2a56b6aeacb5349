/*
 * Renders the JSON documents of the API (API.md) once, at build time, so
 * that a worker answers a lookup with one indexed read.
 */
#ifndef MEDICAMENTS_RENDER_H
#define MEDICAMENTS_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "db.h"

/* api_medicaments and api_presentations. */
bool	render_medicaments(struct db *db);
/* api_generiques. */
bool	render_generiques(struct db *db);
/* recherche_medicaments and recherche_generiques, from the tables above. */
bool	render_search(struct db *db);

/* Helpers shared by the renderers (render.c). */

/* How a JSON member is made from a result column. */
enum render_kind {
	RENDER_TEXT,		/* the column's text ("" for NULL) */
	RENDER_INTEGER,		/* the column's integer */
	RENDER_PRICE,		/* the column's REAL, two decimals, 0 for NULL */
	RENDER_GENERIC_TYPE,	/* the column's type code, spelt out */
	RENDER_KEY,		/* the key the rows were selected by (the CIS) */
};

struct render_member {
	const char	*name;
	enum render_kind kind;
	int		 column;
};

/* An object of the current row of stmt, members in the order given. */
struct json_object *render_row(sqlite3_stmt *stmt,
	    const struct render_member *members, size_t count,
	    int64_t key);

/*
 * Binds key to parameter 1 of stmt and adds one object per result row to
 * array.  False (logged) when the query fails.
 */
bool	render_rows(struct db *db, sqlite3_stmt *stmt, int64_t key,
	    const struct render_member *members, size_t count,
	    struct json_object *array);

/* A column's text as a JSON string ("" for NULL). */
struct json_object *render_text(sqlite3_stmt *stmt, int column);
/* The name of a generic type code (API.md). */
const char *render_generic_type(int type);
/*
 * Serialises doc, binds its text to parameter `json_param` and its entity
 * tag to `etag_param` of insert, steps it.  Does not free doc.
 */
bool	render_store(struct db *db, sqlite3_stmt *insert, int json_param,
	    int etag_param, struct json_object *doc);

#endif
