#include "check.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <zlib.h>

#include "db.h"
#include "log.h"
#include "source.h"

static bool
check_integrity(sqlite3 *db, char *error, size_t error_size)
{
	sqlite3_stmt *stmt = db_prepare(db, "PRAGMA integrity_check");
	const char *result;
	bool ok = false;

	if (stmt == NULL) {
		snprintf(error, error_size, "integrity check failed: %s",
		    sqlite3_errmsg(db));
		return false;
	}
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    (result = (const char *)sqlite3_column_text(stmt, 0)) != NULL) {
		ok = strcmp(result, "ok") == 0;
		if (!ok)
			snprintf(error, error_size, "integrity check: %s",
			    result);
	} else
		snprintf(error, error_size, "integrity check failed: %s",
		    sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	return ok;
}

static bool
check_core_tables(sqlite3 *db, char *error, size_t error_size)
{
	char sql[128];
	size_t i;

	for (i = 0; i < source_count; i++) {
		if (!source_files[i].core)
			continue;
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s",
		    source_files[i].table);
		if (db_count(db, sql) <= 0) {
			snprintf(error, error_size, "%s: no rows (table %s)",
			    source_files[i].file, source_files[i].table);
			return false;
		}
	}
	return true;
}

/* Parses the JSON text of column 1 of every row of sql (column 0: its key). */
static bool
check_json_column(sqlite3 *db, const char *sql, char *error,
    size_t error_size)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;
	sqlite3_stmt *stmt;
	bool ok = true;
	int rc;

	if (tok == NULL || (stmt = db_prepare(db, sql)) == NULL) {
		json_tokener_free(tok);
		snprintf(error, error_size, "cannot read documents: %s",
		    sqlite3_errmsg(db));
		return false;
	}
	while (ok && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		json_tokener_reset(tok);
		o = json_tokener_parse_ex(tok,
		    (const char *)sqlite3_column_text(stmt, 1),
		    sqlite3_column_bytes(stmt, 1));
		if (o == NULL || json_tokener_get_parse_end(tok) !=
		    (size_t)sqlite3_column_bytes(stmt, 1)) {
			snprintf(error, error_size, "invalid JSON document %s"
			    " (%s)", sqlite3_column_text(stmt, 0), sql);
			ok = false;
		}
		json_object_put(o);
	}
	if (ok && rc != SQLITE_DONE) {
		snprintf(error, error_size, "cannot read documents: %s",
		    sqlite3_errmsg(db));
		ok = false;
	}
	sqlite3_finalize(stmt);
	json_tokener_free(tok);
	return ok;
}

/* Inflates the export and compares its size with the one recorded. */
static bool
check_export(sqlite3 *db, char *error, size_t error_size)
{
	sqlite3_stmt *stmt = db_prepare(db, "SELECT contenu,"
	    " octets_decompresses FROM api_documents"
	    " WHERE nom = 'export.json.gz'");
	unsigned char out[65536];
	long long total = 0;
	z_stream z;
	bool ok = false;
	int rc = Z_OK;

	if (stmt == NULL || sqlite3_step(stmt) != SQLITE_ROW) {
		snprintf(error, error_size, "the export is missing");
		sqlite3_finalize(stmt);
		return false;
	}
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK) {
		snprintf(error, error_size, "cannot initialise zlib");
		sqlite3_finalize(stmt);
		return false;
	}
	z.next_in = (Bytef *)(uintptr_t)sqlite3_column_blob(stmt, 0);
	z.avail_in = (uInt)sqlite3_column_bytes(stmt, 0);
	while (rc == Z_OK) {
		z.next_out = out;
		z.avail_out = sizeof(out);
		rc = inflate(&z, Z_NO_FLUSH);
		total += (long long)(sizeof(out) - z.avail_out);
	}
	if (rc != Z_STREAM_END)
		snprintf(error, error_size, "the export is not valid gzip");
	else if (total != sqlite3_column_int64(stmt, 1))
		snprintf(error, error_size, "the export holds %lld bytes,"
		    " %lld expected", total, sqlite3_column_int64(stmt, 1));
	else
		ok = true;
	inflateEnd(&z);
	sqlite3_finalize(stmt);
	return ok;
}

/*
 * The checks that need not run on the caller's connection: they run on a
 * second, read-only one, in a thread, while the caller parses the
 * medicaments' documents — the two halves take about as long, and the
 * machine has two cores.
 */
struct side_checks {
	const char	*path;
	bool		 ok;
	char		 error[512];
};

static void *
run_side_checks(void *arg)
{
	struct side_checks *c = arg;
	sqlite3 *db = db_open_readonly(c->path);

	if (db == NULL) {
		snprintf(c->error, sizeof(c->error), "cannot open %s", c->path);
		c->ok = false;
		return NULL;
	}
	c->ok = check_integrity(db, c->error, sizeof(c->error)) &&
	    check_json_column(db, "SELECT cip13, json FROM api_presentations",
	    c->error, sizeof(c->error)) &&
	    check_json_column(db, "SELECT groupe, json FROM api_generiques",
	    c->error, sizeof(c->error)) &&
	    check_json_column(db, "SELECT nom, contenu FROM api_documents"
	    " WHERE nom = 'data_integrity'", c->error, sizeof(c->error)) &&
	    check_export(db, c->error, sizeof(c->error));
	db_close(db);
	return NULL;
}

bool
check_database(sqlite3 *db, const char *path, char *error, size_t error_size)
{
	struct side_checks side = { path, false, "" };
	pthread_t thread;
	bool threaded, ok;

	threaded = pthread_create(&thread, NULL, run_side_checks, &side) == 0;
	ok = check_core_tables(db, error, error_size) &&
	    check_json_column(db, "SELECT cis, json FROM api_medicaments",
	    error, error_size);
	if (threaded)
		pthread_join(thread, NULL);
	else
		run_side_checks(&side);
	if (ok && !side.ok) {
		snprintf(error, error_size, "%s", side.error);
		ok = false;
	}
	return ok;
}

bool
check_shrink(sqlite3 *db, char *error, size_t error_size)
{
	char sql[160];
	int64_t now, before;
	size_t i;

	for (i = 0; i < source_count; i++) {
		const char *table = source_files[i].table;

		if (!db_table_exists(db, "previous", table))
			continue;
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM previous.%s",
		    table);
		before = db_count(db, sql);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM main.%s",
		    table);
		now = db_count(db, sql);
		if (before < 0 || now < 0) {
			snprintf(error, error_size, "cannot count the rows"
			    " of %s", table);
			return false;
		}
		if (before > 0 && now * 100 < before *
		    (100 - CHECK_MAX_SHRINK_PERCENT)) {
			snprintf(error, error_size, "%s: table %s would shrink"
			    " from %lld to %lld rows (more than %d %%; use"
			    " --force to accept)", source_files[i].file, table,
			    (long long)before, (long long)now,
			    CHECK_MAX_SHRINK_PERCENT);
			return false;
		}
	}
	return true;
}

bool
check_rejections(sqlite3 *db, char *error, size_t error_size)
{
	sqlite3_stmt *stmt = db_prepare(db, "SELECT fichier, lignes_rejetees,"
	    " lignes_lues FROM main.meta_fichiers WHERE statut = 'ok'"
	    " AND lignes_rejetees * 100 > lignes_lues * ?1 ORDER BY rowid");
	bool ok;
	int rc;

	if (stmt == NULL) {
		snprintf(error, error_size, "cannot read meta_fichiers");
		return false;
	}
	sqlite3_bind_int(stmt, 1, CHECK_MAX_REJECTED_PERCENT);
	rc = sqlite3_step(stmt);
	ok = rc == SQLITE_DONE;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		snprintf(error, error_size, "cannot read meta_fichiers: %s",
		    sqlite3_errmsg(db));
	else if (rc == SQLITE_ROW)
		snprintf(error, error_size, "%s: %lld of its %lld rows were"
		    " rejected (more than %d %%; use --force to accept)",
		    sqlite3_column_text(stmt, 0),
		    (long long)sqlite3_column_int64(stmt, 1),
		    (long long)sqlite3_column_int64(stmt, 2),
		    CHECK_MAX_REJECTED_PERCENT);
	sqlite3_finalize(stmt);
	return ok;
}
