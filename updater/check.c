#include "check.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "check_gzip.h"
#include "export.h"
#include "log.h"
#include "monotonic.h"
#include "source.h"

static bool
check_integrity(struct db *db, char *error, size_t error_size)
{
	sqlite3_stmt *stmt = db_stmt(db, DB_INTEGRITY_CHECK);
	const char *result;
	size_t len;
	bool ok = false, read = true;

	if (stmt != NULL && db_row(db, stmt, &read) &&
	    (result = db_column_text(stmt, 0, &len)) != NULL) {
		ok = strcmp(result, "ok") == 0;
		if (!ok)
			snprintf(error, error_size, "integrity check: %s",
			    result);
	} else
		snprintf(error, error_size, "integrity check failed: %s",
		    db_errmsg(db));
	if (stmt != NULL)
		db_reset(stmt);
	return ok;
}

static bool
check_core_tables(struct db *db, char *error, size_t error_size)
{
	size_t i;

	for (i = 0; i < source_count; i++) {
		if (!source_files[i].core)
			continue;
		if (db_count_rows(db, "main", source_files[i].table) <= 0) {
			snprintf(error, error_size, "%s: no rows (table %s)",
			    source_files[i].file, source_files[i].table);
			return false;
		}
	}
	return true;
}

/* Whether s (db.c JSON_INVALID) finds no document that is not JSON. */
static bool
check_json_column(struct db *db, enum db_stmt s, char *error,
    size_t error_size)
{
	sqlite3_stmt *stmt;
	const char *key;
	size_t keylen;
	bool read = true;

	if ((stmt = db_stmt(db, s)) == NULL) {
		snprintf(error, error_size, "cannot read documents: %s",
		    db_errmsg(db));
		return false;
	}
	if (db_row(db, stmt, &read)) {
		key = db_column_text(stmt, 0, &keylen);
		snprintf(error, error_size, "invalid JSON document %s (%s)",
		    key ? key : "NULL", db_stmt_sql(s));
		db_reset(stmt);
		return false;
	}
	if (!read) {
		snprintf(error, error_size, "cannot read documents: %s",
		    db_errmsg(db));
		return false;
	}
	return true;
}

static bool
count_bytes(void *arg, const void *text, size_t len)
{
	(void)text;
	*(long long *)arg += (long long)len;
	return true;
}

/* Inflates the export and compares its size with the one recorded. */
static bool
check_export(struct db *db, char *error, size_t error_size)
{
	sqlite3_stmt *stmt = db_stmt(db, DB_EXPORT_DOCUMENT);
	const void *blob;
	long long total = 0, expected;
	size_t size;
	bool ok = false, read = true;

	if (stmt == NULL || !db_row(db, stmt, &read)) {
		snprintf(error, error_size, "the export is missing");
		return false;
	}
	blob = db_column_blob(stmt, 0, &size);
	expected = db_column_int(stmt, 1);
	if (!export_inflate(blob, size, count_bytes, &total))
		snprintf(error, error_size, "the export is not valid gzip");
	else if (total != expected)
		snprintf(error, error_size, "the export holds %lld bytes,"
		    " %lld expected", total, expected);
	else
		ok = true;
	db_reset(stmt);
	return ok;
}

/*
 * The page order of a paged table: the worker reads a page as the rows
 * whose number is in a range (fcgi/db.c), which needs them numbered 1..N
 * without gaps: api_medicaments.ligne (DB_PAGE_GAPS); and, for the lists
 * whose filters are ranges of that same numbering, every source row once,
 * sorted by the filter's key (DB_DISPONIBILITES_ORDER, DB_MITM_ORDER).
 * Statement s counts the rows that break it.
 */
static bool
check_page_order(struct db *db, enum db_stmt s, const char *table,
    char *error, size_t error_size)
{
	int64_t stray = db_integer(db, s, NULL, 0);

	if (stray < 0) {
		snprintf(error, error_size, "cannot read %s: %s", table,
		    db_errmsg(db));
		return false;
	}
	if (stray > 0) {
		snprintf(error, error_size, "%s: %lld rows missing or out of"
		    " the page order 1..N", table, (long long)stray);
		return false;
	}
	return true;
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
	double		 cpu;		/* the thread's CPU seconds */
};

static void *
run_side_checks(void *arg)
{
	struct side_checks *c = arg;
	double started = thread_cpu_seconds();
	struct db *db = db_open_readonly(c->path);

	if (db == NULL) {
		snprintf(c->error, sizeof(c->error), "cannot open %s", c->path);
		c->ok = false;
		return NULL;
	}
	c->ok = check_integrity(db, c->error, sizeof(c->error)) &&
	    check_page_order(db, DB_PAGE_GAPS, "api_medicaments", c->error,
	    sizeof(c->error)) &&
	    check_json_column(db, DB_JSON_PRESENTATIONS, c->error,
	    sizeof(c->error)) &&
	    check_json_column(db, DB_JSON_GENERIQUES, c->error,
	    sizeof(c->error)) &&
	    check_json_column(db, DB_JSON_INTEGRITY, c->error,
	    sizeof(c->error)) &&
	    check_page_order(db, DB_DOCUMENTS_MISSING, "api_avis,"
	    " api_informations, api_substances", c->error,
	    sizeof(c->error)) &&
	    check_json_column(db, DB_JSON_AVIS, c->error,
	    sizeof(c->error)) &&
	    check_json_column(db, DB_JSON_INFORMATIONS, c->error,
	    sizeof(c->error)) &&
	    check_json_column(db, DB_JSON_SUBSTANCES, c->error,
	    sizeof(c->error)) &&
	    check_json_column(db, DB_JSON_SUBSTANCE_MEDICAMENTS, c->error,
	    sizeof(c->error)) &&
	    check_page_order(db, DB_DISPONIBILITES_ORDER, "api_disponibilites",
	    c->error, sizeof(c->error)) &&
	    check_page_order(db, DB_MITM_ORDER, "api_mitm", c->error,
	    sizeof(c->error)) &&
	    check_json_column(db, DB_JSON_DISPONIBILITES, c->error,
	    sizeof(c->error)) &&
	    check_json_column(db, DB_JSON_MEDICAMENT_DISPONIBILITES, c->error,
	    sizeof(c->error)) &&
	    check_json_column(db, DB_JSON_MITM, c->error, sizeof(c->error)) &&
	    check_json_column(db, DB_JSON_MEDICAMENT_MITM, c->error,
	    sizeof(c->error)) &&
	    check_json_column(db, DB_JSON_PUBLICATIONS, c->error,
	    sizeof(c->error)) &&
	    check_json_column(db, DB_JSON_CHANGES, c->error,
	    sizeof(c->error)) &&
	    check_export(db, c->error, sizeof(c->error));
	(void)db_close(db);	/* read-only: nothing to lose */
	c->cpu = thread_cpu_seconds() - started;
	return NULL;
}

bool
check_database(struct db *db, const char *path, char *error, size_t error_size)
{
	struct side_checks side = { path, false, "", 0.0 };
	pthread_t thread;
	double started = thread_cpu_seconds();
	bool threaded, ok;

	threaded = pthread_create(&thread, NULL, run_side_checks, &side) == 0;
	ok = check_core_tables(db, error, error_size) &&
	    check_json_column(db, DB_JSON_MEDICAMENTS, error, error_size) &&
	    check_gzip(db, error, error_size);
	if (threaded)
		pthread_join(thread, NULL);
	else
		run_side_checks(&side);
	log_debug("checks: CPU %.2f s (documents and members), %.2f s"
	    " (integrity, the other checks)", thread_cpu_seconds() - started -
	    (threaded ? 0.0 : side.cpu), side.cpu);
	if (ok && !side.ok) {
		snprintf(error, error_size, "%s", side.error);
		ok = false;
	}
	return ok;
}

bool
check_shrink(struct db *db, char *error, size_t error_size)
{
	int64_t now, before;
	size_t i;

	for (i = 0; i < source_count; i++) {
		const char *table = source_files[i].table;

		if (!db_previous_has_table(db, table))
			continue;
		before = db_count_rows(db, "previous", table);
		now = db_count_rows(db, "main", table);
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
check_rejections(struct db *db, char *error, size_t error_size)
{
	sqlite3_stmt *stmt = db_stmt(db, DB_REJECTIONS);
	const char *file;
	size_t len;
	bool read = true;

	if (stmt == NULL ||
	    !db_bind(db, stmt, 1, DB_INT(CHECK_MAX_REJECTED_PERCENT))) {
		snprintf(error, error_size, "cannot read meta_fichiers");
		return false;
	}
	if (!db_row(db, stmt, &read)) {
		if (!read)
			snprintf(error, error_size, "cannot read meta_fichiers:"
			    " %s", db_errmsg(db));
		return read;
	}
	file = db_column_text(stmt, 0, &len);
	snprintf(error, error_size, "%s: %lld of its %lld rows were"
	    " rejected (more than %d %%; use --force to accept)",
	    file ? file : "?", (long long)db_column_int(stmt, 1),
	    (long long)db_column_int(stmt, 2), CHECK_MAX_REJECTED_PERCENT);
	db_reset(stmt);
	return false;
}
