/*
 * The updater's database layer: every sqlite3 call of the updater is in
 * db.c, as every one of the worker's is in fcgi/db.c.
 *
 * Statements live in one table (db.c), named by enum db_stmt, prepared once
 * per connection on first use and kept until db_close: a renderer that
 * runs a statement per row prepares nothing per row.  Values are bound by
 * one function, db_bind, which checks every return code.  Every failure is
 * logged where it happens with what failed, sqlite3_errmsg and the
 * statement's SQL, and reported as false/NULL/-1 so that the caller abandons the build.
 */
#ifndef MEDICAMENTS_UPDATER_DB_H
#define MEDICAMENTS_UPDATER_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

/* A connection and its prepared statements. */
struct db;

enum db_stmt {
	/* build.c */
	DB_USER_VERSION,
	DB_PREVIOUS_USER_VERSION,
	DB_ATTACH_PREVIOUS,
	DB_DETACH_PREVIOUS,
	DB_PREVIOUS_HAS_TABLE,
	DB_BEGIN,
	DB_COMMIT,
	DB_VACUUM,
	DB_META_SET,
	DB_FILE_LOADED,
	DB_FILE_FROM_PREVIOUS,
	DB_FILE_KEPT,
	DB_FILE_MISSING,
	DB_COUNT_MEDICAMENTS,
	DB_COUNT_PRESENTATIONS,
	DB_COUNT_GENERIQUES,
	/* render_medicaments.c */
	DB_MEDICAMENTS,
	DB_MEDICAMENT_COMPOSITIONS,
	DB_MEDICAMENT_GENERIQUES,
	DB_MEDICAMENT_PRESENTATIONS,
	DB_ORPHAN_PRESENTATIONS,
	DB_MEDICAMENT_CONDITIONS,
	DB_INSERT_MEDICAMENT,
	DB_INSERT_PRESENTATION,
	/* render_generiques.c */
	DB_GROUP_MEMBERS,
	DB_MEMBER_COMPOSITIONS,
	DB_INSERT_GROUP,

	DB_AVIS_MEDICAMENTS,
	DB_MEDICAMENT_SMR,
	DB_MEDICAMENT_ASMR,
	DB_INSERT_AVIS,
	DB_INFORMATIONS,
	DB_INSERT_INFORMATION,
	DB_SUBSTANCE_MEDICAMENTS,
	DB_INSERT_SUBSTANCE_MEDICAMENT,
	DB_SUBSTANCE_NAMES,
	DB_SUBSTANCE_COUNT,
	DB_INSERT_SUBSTANCE,
	DB_SUBSTANCE_ORDER,
	/* render_disponibilites.c, render_mitm.c */
	DB_DISPONIBILITES,
	DB_INSERT_DISPONIBILITE,
	DB_DISPONIBILITES_BY_CIS,
	DB_INSERT_MEDICAMENT_DISPONIBILITES,
	DB_MITM,
	DB_INSERT_MITM,
	DB_MITM_BY_CIS,
	DB_INSERT_MEDICAMENT_MITM,
	/* render_gzip.c: the documents' gzip members (schema.sql *_gz) */
	DB_INSERT_MEDICAMENT_GZ,
	DB_INSERT_PRESENTATION_GZ,
	DB_INSERT_GROUP_GZ,
	DB_INSERT_AVIS_GZ,
	DB_INSERT_MEDICAMENT_DISPONIBILITES_GZ,
	DB_INSERT_MEDICAMENT_MITM_GZ,
	/* render.c */
	DB_INDEX_MEDICAMENTS,
	DB_INDEX_GENERIQUES,
	DB_INDEX_SUBSTANCES,
	/* render_vocabulary.c */
	DB_VOCABULARY_NAMES,
	DB_INSERT_VOCABULARY,
	DB_INSERT_VOCABULARY_BUCKET,
	/* export.c, integrity.c */
	DB_EXPORT_ROWS,
	DB_STORE_DOCUMENT,
	DB_FINDING_NO_CONDITIONS,
	DB_FINDING_NO_GENERIQUES,
	DB_FINDING_NO_PRESENTATIONS,
	DB_FINDING_NO_COMPOSITIONS,
	DB_FINDING_GENERIQUE_ONLY,
	DB_FINDING_ORPHAN_PRESENTATIONS,
	/* check.c */
	DB_INTEGRITY_CHECK,
	DB_JSON_MEDICAMENTS,
	DB_JSON_PRESENTATIONS,
	DB_JSON_GENERIQUES,
	DB_JSON_INTEGRITY,
	DB_EXPORT_DOCUMENT,
	DB_REJECTIONS,
	DB_PAGE_GAPS,
	DB_JSON_DISPONIBILITES,
	DB_JSON_MEDICAMENT_DISPONIBILITES,
	DB_JSON_MITM,
	DB_JSON_MEDICAMENT_MITM,
	DB_JSON_PUBLICATIONS,
	DB_JSON_CHANGES,
	DB_DISPONIBILITES_ORDER,
	DB_MITM_ORDER,
	DB_JSON_AVIS,
	DB_JSON_INFORMATIONS,
	DB_JSON_SUBSTANCES,
	DB_JSON_SUBSTANCE_MEDICAMENTS,
	DB_DOCUMENTS_MISSING,
	/* changes.c */
	DB_CHANGES_PREVIOUS_ETAG,
	DB_CHANGES_FILE_CHANGED,
	DB_CHANGES_CARRY_PUBLICATIONS,
	DB_CHANGES_CARRY_CHANGES,
	DB_CHANGES_LAST_PUBLICATION,
	DB_CHANGES_LAST_CHANGE,
	DB_CHANGES_TEMP_BITS,
	DB_CHANGES_TEMP_SHORTAGES,
	DB_CHANGES_FIELDS,
	DB_CHANGES_PRESENTATIONS,
	DB_CHANGES_PRICES,
	DB_CHANGES_COMMERCIALISATION,
	DB_CHANGES_COMPOSITION,
	DB_CHANGES_GENERIQUES,
	DB_CHANGES_CONDITIONS,
	DB_CHANGES_AVIS_SMR,
	DB_CHANGES_AVIS_ASMR,
	DB_CHANGES_INFORMATIONS,
	DB_CHANGES_SHORTAGE_KEYS,
	DB_CHANGES_SHORTAGE_BITS,
	DB_CHANGES_MITM_IN,
	DB_CHANGES_MITM_OUT,
	DB_CHANGES_MEDICAMENTS,
	DB_CHANGES_GROUPS,
	DB_CHANGES_FIELD_VALUES,
	DB_CHANGES_PRESENTATIONS_ADDED,
	DB_CHANGES_PRESENTATIONS_REMOVED,
	DB_CHANGES_PRESENTATIONS_MODIFIED,
	DB_CHANGES_PRICE_VALUES,
	DB_CHANGES_COMMERCIALISATION_VALUES,
	DB_CHANGES_SHORTAGES_OF,
	DB_CHANGES_SHORTAGE_NEW_ROW,
	DB_CHANGES_SHORTAGE_OLD_ROW,
	DB_CHANGES_INSERT_PUBLICATION,
	DB_CHANGES_INSERT_CHANGE,
	/* mirror.c */
	DB_META_GET,
	/* main.c (--check) */
	DB_COUNT_META,
	DB_SUMMARY_META,
	DB_SUMMARY_FILES,
	DB_STMT_MAX
};

/* A value to bind: made with the DB_* macros below. */
enum db_value_type {
	DB_VALUE_NULL,
	DB_VALUE_INT,
	DB_VALUE_REAL,
	DB_VALUE_TEXT,
	DB_VALUE_BLOB,
};

struct db_value {
	enum db_value_type type;
	bool		 copy;	/* SQLite copies p: it may change before the step */
	union {
		int64_t	 i;
		double	 r;
		struct {
			const void *p;
			uint64_t n;	/* bytes */
		};
	};
};

#define DB_NULL		((struct db_value){ .type = DB_VALUE_NULL })
#define DB_INT(v)	((struct db_value){ .type = DB_VALUE_INT, .i = (v) })
#define DB_REAL(v)	((struct db_value){ .type = DB_VALUE_REAL, .r = (v) })
/* Text that lives until the statement is stepped (not copied). */
#define DB_TEXT(s)	((struct db_value){ .type = DB_VALUE_TEXT, \
			    .p = (s), .n = strlen(s) })
#define DB_TEXT_N(s, len) ((struct db_value){ .type = DB_VALUE_TEXT, \
			    .p = (s), .n = (len) })
/* Text in a buffer the caller reuses before the step: SQLite copies it. */
#define DB_TEXT_COPY(s, len) ((struct db_value){ .type = DB_VALUE_TEXT, \
			    .copy = true, .p = (s), .n = (len) })
#define DB_BLOB(b, len)	((struct db_value){ .type = DB_VALUE_BLOB, \
			    .p = (b), .n = (len) })

/* Number of elements of an array of values. */
#define DB_VALUES(a)	(a), (int)(sizeof(a) / sizeof((a)[0]))

/* Opens (creating) a database to build; tuned for one bulk write. */
struct db *db_create(const char *path);
/* Sets the main database's page cache to that many pages. */
bool	 db_cache_pages(struct db *db, int pages);
/*
 * An empty database in memory with SQLite's defaults (a rollback journal:
 * savepoints work), for the tests and the fuzzer.
 */
struct db *db_open_memory(void);
/* Opens an existing database read-only; NULL (no log) when it can't. */
struct db *db_open_readonly(const char *path);
/* Finalizes the statements and closes; false (logged) when it fails. */
bool	 db_close(struct db *db);
/* SQLite's message for the last failure on db. */
const char *db_errmsg(struct db *db);

/*
 * Creates the tables of schema.sql; false (logged) when it fails or when
 * its user_version is not CONTRACT_SCHEMA_VERSION (common/contract.h).
 */
bool	 db_create_schema(struct db *db);
/* Makes row_digest(...), a set's digest by sum (db.c), callable from SQL. */
bool	 db_register_row_digest(struct db *db);
/* Makes fold(text), common/fold.c's search folding, callable from SQL. */
bool	 db_register_fold(struct db *db);
/*
 * Fills the FTS5 search indexes from the noms_* tables (DB_INDEX_*), then
 * the trigrammes_* tables: the worker queries each word's rarest trigrams.
 */
bool	 db_fill_search(struct db *db);

/* Statement s's SQL, for messages. */
const char *db_stmt_sql(enum db_stmt s);
/* Statement s, prepared on first use; NULL (logged) when it can't be. */
sqlite3_stmt *db_stmt(struct db *db, enum db_stmt s);
/*
 * A statement whose SQL names tables or columns (source.c's), which SQL
 * cannot bind; the caller finalizes it with db_finalize.
 */
sqlite3_stmt *db_prepare(struct db *db, const char *sql);
void	 db_finalize(sqlite3_stmt *st);

/* Binds v to parameter index (from 1) of st. */
bool	 db_bind(struct db *db, sqlite3_stmt *st, int index,
	    struct db_value v);
/* Binds v[0..n) to parameters 1..n. */
bool	 db_bind_all(struct db *db, sqlite3_stmt *st, const struct db_value *v,
	    int n);
/* Forgets st's row and bindings: ready for its next use. */
void	 db_reset(sqlite3_stmt *st);

/*
 * Steps st: true with a row to read; false at the end, or on a failure
 * (logged, *ok set to false).  At the end st is reset.
 */
bool	 db_row(struct db *db, sqlite3_stmt *st, bool *ok);
/* Steps a statement that returns no row, then resets it. */
bool	 db_step_done(struct db *db, sqlite3_stmt *st);

enum db_insert {
	DB_INSERTED,
	DB_DUPLICATE,	/* a constraint refused the row: not an error */
	DB_INSERT_FAILED,	/* logged */
};
/* Steps an INSERT, then resets it. */
enum db_insert db_insert(struct db *db, sqlite3_stmt *st);

/* Binds v[0..n) to statement s, steps it to its end, resets it. */
bool	 db_run(struct db *db, enum db_stmt s, const struct db_value *v, int n);
/*
 * The first column of the one row of statement s (v[0..n) bound) as an
 * integer; -1 when there is none or on failure (logged).
 */
int64_t	 db_integer(struct db *db, enum db_stmt s, const struct db_value *v,
	    int n);

/* Columns of the current row. */
int64_t	 db_column_int(sqlite3_stmt *st, int i);
double	 db_column_real(sqlite3_stmt *st, int i);
bool	 db_column_null(sqlite3_stmt *st, int i);
/* Text (UTF-8) and its length in bytes; NULL for NULL. */
const char *db_column_text(sqlite3_stmt *st, int i, size_t *len);
/* A blob and its length; NULL when empty or NULL. */
const void *db_column_blob(sqlite3_stmt *st, int i, size_t *len);

/* The rows of table in schema ("main" or "previous"); -1 on failure. */
int64_t	 db_count_rows(struct db *db, const char *schema, const char *table);
/* True when the attached `previous` database has table. */
bool	 db_previous_has_table(struct db *db, const char *table);
/* Copies every row of previous.table into main.table. */
bool	 db_copy_previous_rows(struct db *db, const char *table);
/* Rows changed by the last INSERT, UPDATE or DELETE. */
int64_t	 db_changes(struct db *db);

bool	 db_meta_set(struct db *db, const char *key, const char *value);
bool	 db_meta_set_int(struct db *db, const char *key, int64_t value);

#endif
