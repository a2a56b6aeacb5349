#include "db.h"

#include <stdio.h>
#include <string.h>

#include "log.h"

/*
 * Logs a failed statement where it failed, on one line: its first line of
 * SQL is enough to find it.  At warn level: the caller turns the failure into
 * the run's one error line.
 */
static void
log_failure(const char *message, const char *sql)
{
	size_t len = strcspn(sql, "\n");

	log_warn("sqlite: %s (in: %.*s%s)", message, (int)(len > 120 ? 120 : len),
	    sql, sql[len] != '\0' || len > 120 ? " ..." : "");
}

sqlite3 *
db_create(const char *path)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
		log_warn("cannot create database %s: %s", path,
		    db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	/*
	 * A failed build is deleted, never repaired: no rollback journal and
	 * no syncs while building; the finished file is fsync'ed once before
	 * it is published.  A small page cache keeps the peak memory low.
	 */
	if (!db_exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
	    " PRAGMA temp_store = FILE;"
	    " PRAGMA cache_size = -16384; PRAGMA page_size = 8192;")) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

sqlite3 *
db_open_readonly(const char *path)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	return db;
}

void
db_close(sqlite3 *db)
{
	if (db != NULL && sqlite3_close(db) != SQLITE_OK)
		log_warn("closing the database: %s", sqlite3_errmsg(db));
}

bool
db_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_failure(msg ? msg : sqlite3_errmsg(db), sql);
		sqlite3_free(msg);
		return false;
	}
	return true;
}

sqlite3_stmt *
db_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		log_failure(sqlite3_errmsg(db), sql);
		return NULL;
	}
	return stmt;
}

bool
db_step_done(sqlite3 *db, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		log_failure(sqlite3_errmsg(db), sqlite3_sql(stmt));
		return false;
	}
	return true;
}

int64_t
db_count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt = db_prepare(db, sql);
	int64_t value = -1;
	int rc;

	if (stmt == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		value = sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_DONE)
		log_failure(sqlite3_errmsg(db), sql);
	sqlite3_finalize(stmt);
	return value;
}

bool
db_table_exists(sqlite3 *db, const char *schema, const char *table)
{
	char sql[160];
	sqlite3_stmt *stmt;
	bool exists = false;

	snprintf(sql, sizeof(sql), "SELECT 1 FROM \"%s\".sqlite_schema"
	    " WHERE type IN ('table', 'view') AND name = ?1", schema);
	if ((stmt = db_prepare(db, sql)) == NULL)
		return false;
	sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
	exists = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_finalize(stmt);
	return exists;
}

bool
db_meta_set(sqlite3 *db, const char *key, const char *value)
{
	sqlite3_stmt *stmt = db_prepare(db,
	    "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
	bool ok;

	if (stmt == NULL)
		return false;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	ok = db_step_done(db, stmt);
	sqlite3_finalize(stmt);
	return ok;
}

bool
db_meta_set_int(sqlite3 *db, const char *key, int64_t value)
{
	char text[24];

	snprintf(text, sizeof(text), "%lld", (long long)value);
	return db_meta_set(db, key, text);
}
