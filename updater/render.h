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
#include "render_gzip.h"

/* api_medicaments and api_presentations. */
bool	render_medicaments(struct db *db);
/* api_generiques. */
bool	render_generiques(struct db *db);
/* api_avis (render_avis.c). */
bool	render_avis(struct db *db);
/* api_informations (render_informations.c). */
bool	render_informations(struct db *db);
/* api_substances, api_substance_medicaments (render_substances.c). */
bool	render_substances(struct db *db);
/* api_disponibilites, api_medicament_disponibilites. */
bool	render_disponibilites(struct db *db);
/* api_mitm, api_medicament_mitm (render_mitm.c). */
bool	render_mitm(struct db *db);
/*
 * recherche_medicaments, recherche_generiques and recherche_substances,
 * from the tables above.
 */
bool	render_search(struct db *db);
/* The names' words and the index of their corrections (render_vocabulary.c),
 * from the noms_* tables render_search fills. */
bool	render_vocabulary(struct db *db);

/* Helpers shared by the renderers (render.c). */

/* How a JSON member is made from a result column. */
enum render_kind {
	RENDER_TEXT,		/* the column's text ("" for NULL) */
	RENDER_TEXT_OR_NULL,	/* the column's text, null for NULL */
	RENDER_INTEGER_OR_NULL,	/* the column's integer, null for NULL */
	RENDER_INTEGER,		/* the column's integer */
	RENDER_PRICE,		/* the column's REAL, two decimals, 0 for NULL */
	RENDER_PRICE_OR_NULL,	/* the same, null for NULL */
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

/*
 * The documents of a paged list: one per row of `select` (the CIS in
 * column 0, the filter's key in column `key`), ranked 1..N in its order,
 * stored by `insert` (rang, cis, key, json).
 */
bool	render_ranked(struct db *db, enum db_stmt select, enum db_stmt insert,
	    const struct render_member *members, size_t count, int key);
/*
 * The documents of a paged list grouped by CIS: `select` yields (cis,
 * json) ordered by cis, then page order; each CIS's array is stored by
 * `insert` (cis, json, etag), its gzip member by `insert_gz`.
 */
bool	render_by_cis(struct db *db, enum db_stmt select, enum db_stmt insert,
	    enum db_stmt insert_gz);

/* A column's text as a JSON string ("" for NULL). */
struct json_object *render_text(sqlite3_stmt *stmt, int column);
/* The name of a generic type code (API.md). */
const char *render_generic_type(int type);
/* doc as the API writes it (owned by doc); NULL on failure. */
const char *render_json(struct json_object *doc, size_t *len);
/* Where a document's gzip member goes (schema.sql *_gz): queue, insert, key. */
struct render_gz {
	struct render_gzip	*queue;
	enum db_stmt		 insert;
	int64_t			 key;
};

/*
 * Serialises doc, binds its text to parameter `json_param` and its entity
 * tag to `etag_param` of insert (0: none), steps it, and queues its gzip
 * member as gz says (NULL: none).  Does not free doc.
 */
bool	render_store(struct db *db, sqlite3_stmt *insert, int json_param,
	    int etag_param, const struct render_gz *gz,
	    struct json_object *doc);

#endif
