#include "config.h"

#include "build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "buf.h"
#include "check.h"
#include "db.h"
#include "digest.h"
#include "export.h"
#include "load.h"
#include "log.h"
#include "publish.h"
#include "render.h"
#include "schema_sql.h"
#include "source.h"
#include "status.h"
#include "text.h"
#include "xalloc.h"

struct file_result {
	const struct source	*src;
	struct load_counts	 counts;
	char			 sha256[DIGEST_HEX_SIZE];
	bool			 utf8;
};

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Logs, at debug level, how long the step that just ended took. */
static bool
timed(const char *step, bool ok)
{
	static double last;
	double now = now_seconds();

	if (last > 0.0)
		log_debug("%s in %.3f s", step, now - last);
	last = now;
	return ok;
}

/* "file:" URI of a path, read-only, for ATTACH. */
static void
readonly_uri(const char *path, struct buf *uri)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	buf_puts(uri, "file:");
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 ||
		    *p >= 0x7F) {
			buf_putc(uri, '%');
			buf_putc(uri, hex[*p >> 4]);
			buf_putc(uri, hex[*p & 0xF]);
		} else
			buf_putc(uri, (char)*p);
	}
	buf_puts(uri, "?mode=ro");
}

/*
 * Attaches the database in place as `previous` when it is one of ours with
 * the same schema.  Returns true when attached.
 */
static bool
attach_previous(sqlite3 *db, const char *path)
{
	struct buf uri = BUF_INIT;
	sqlite3_stmt *stmt;
	struct stat st;
	bool attached = false;
	int64_t version;

	if (stat(path, &st) == -1)
		return false;
	readonly_uri(path, &uri);
	if ((stmt = db_prepare(db, "ATTACH DATABASE ?1 AS previous")) == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, buf_str(&uri), -1, SQLITE_STATIC);
	attached = db_step_done(db, stmt);
	sqlite3_finalize(stmt);
	if (!attached)
		goto out;
	version = db_count(db, "PRAGMA previous.user_version");
	if (version != db_count(db, "PRAGMA main.user_version") ||
	    !db_table_exists(db, "previous", "meta_fichiers")) {
		log_warn("%s is not a database of this schema: it is not"
		    " compared with the new one", path);
		db_exec(db, "DETACH DATABASE previous");
		attached = false;
	}
out:
	buf_free(&uri);
	return attached;
}

static bool
record_file(sqlite3 *db, const struct file_result *r, const char *url,
    size_t bytes)
{
	sqlite3_stmt *stmt = db_prepare(db, "INSERT INTO meta_fichiers(fichier,"
	    " url, statut, sha256, octets, encodage, lignes_lues,"
	    " lignes_stockees, lignes_reparees, lignes_rejetees)"
	    " VALUES(?1, ?2, 'ok', ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	bool ok;

	if (stmt == NULL)
		return false;
	sqlite3_bind_text(stmt, 1, r->src->file, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, url, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, r->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)bytes);
	sqlite3_bind_text(stmt, 5, r->utf8 ? "UTF-8" : "Windows-1252", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, r->counts.read);
	sqlite3_bind_int64(stmt, 7, r->counts.stored);
	sqlite3_bind_int64(stmt, 8, r->counts.repaired);
	sqlite3_bind_int64(stmt, 9, r->counts.rejected);
	ok = db_step_done(db, stmt);
	sqlite3_finalize(stmt);
	return ok;
}

/*
 * An optional file that failed: its rows, and its line of meta_fichiers,
 * come from the previous database when there is one.
 */
static bool
keep_previous_rows(sqlite3 *db, bool have_previous, const struct source *src,
    const char *url, const char *why)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *stmt;
	bool ok = false, kept = have_previous &&
	    db_table_exists(db, "previous", src->table);

	if (kept) {
		buf_printf(&sql, "INSERT INTO main.%s SELECT * FROM previous.%s",
		    src->table, src->table);
		if (!db_exec(db, buf_str(&sql)))
			goto out;
		log_warn("%s: %s; keeping the previous database's rows",
		    src->file, why);
		stmt = db_prepare(db, "INSERT INTO main.meta_fichiers"
		    " SELECT fichier, url, 'previous', ?2, sha256, octets,"
		    " encodage, lignes_lues, lignes_stockees, lignes_reparees,"
		    " lignes_rejetees FROM previous.meta_fichiers"
		    " WHERE fichier = ?1");
	} else {
		log_warn("%s: %s; its table stays empty", src->file, why);
		stmt = db_prepare(db, "INSERT INTO meta_fichiers(fichier, url,"
		    " statut, message) VALUES(?1, ?3, 'missing', ?2)");
	}
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, src->file, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, why, -1, SQLITE_STATIC);
	if (!kept)
		sqlite3_bind_text(stmt, 3, url, -1, SQLITE_STATIC);
	ok = db_step_done(db, stmt);
	sqlite3_finalize(stmt);
	/* A previous database without that file's line: record it anyway. */
	if (ok && kept && db_count(db, "SELECT changes()") == 0) {
		buf_reset(&sql);
		buf_printf(&sql, "INSERT INTO meta_fichiers(fichier, url, statut,"
		    " message) VALUES('%s', '', 'previous', 'kept')", src->file);
		ok = db_exec(db, buf_str(&sql));
	}
out:
	buf_free(&sql);
	return ok;
}

static bool
load_file(sqlite3 *db, const struct source *src, struct download *d,
    struct file_result *r)
{
	struct buf text = BUF_INIT;
	bool ok;

	r->src = src;
	if (!digest_hex(d->body.data, d->body.len, r->sha256))
		return false;
	r->utf8 = text_decode(&text, buf_str(&d->body), d->body.len);
	/* The raw bytes are no longer needed: keep the peak memory low. */
	buf_free(&d->body);
	ok = load_source(db, src, buf_str(&text), text.len, &r->counts);
	buf_free(&text);
	if (ok)
		log_info("%s: %lld rows read, %lld stored, %lld repaired,"
		    " %lld rejected (%s)", src->file,
		    (long long)r->counts.read, (long long)r->counts.stored,
		    (long long)r->counts.repaired,
		    (long long)r->counts.rejected,
		    r->utf8 ? "UTF-8" : "Windows-1252");
	return ok;
}

static bool
write_meta(sqlite3 *db, const struct build_options *opts,
    const char *data_etag)
{
	char stamp[40], offset[8];
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm) == 0 ||
	    strftime(offset, sizeof(offset), "%z", &tm) != 5)
		return false;
	/* ISO 8601 wants the offset as +01:00, strftime gives +0100. */
	snprintf(stamp + strlen(stamp), sizeof(stamp) - strlen(stamp),
	    "%.3s:%.2s", offset, offset + 3);
	return db_meta_set_int(db, "schema_version",
	    db_count(db, "PRAGMA user_version")) &&
	    db_meta_set(db, "last_update", stamp) &&
	    db_meta_set_int(db, "last_update_epoch", (int64_t)now) &&
	    db_meta_set(db, "source_url", opts->source_url) &&
	    db_meta_set(db, "updater_version", PACKAGE_VERSION) &&
	    db_meta_set(db, "data_etag", data_etag) &&
	    db_meta_set_int(db, "medicaments_count",
	    db_count(db, "SELECT count(*) FROM medicaments")) &&
	    db_meta_set_int(db, "presentations_count",
	    db_count(db, "SELECT count(*) FROM api_presentations")) &&
	    db_meta_set_int(db, "generiques_count",
	    db_count(db, "SELECT count(*) FROM api_generiques"));
}

/* Fills the database from the downloads; false on a database failure. */
static bool
fill_database(sqlite3 *db, const struct build_options *opts,
    struct download *downloads, bool have_previous)
{
	struct file_result r;
	struct digest *all;
	char data_etag[DIGEST_HEX_SIZE];
	size_t i, bytes;
	bool ok = true;

	if ((all = digest_new()) == NULL)
		return false;
	for (i = 0; ok && i < source_count; i++) {
		const struct source *src = &source_files[i];
		struct download *d = &downloads[i];

		memset(&r, 0, sizeof(r));
		if (!d->ok) {
			ok = keep_previous_rows(db, have_previous, src, d->url,
			    d->error);
			continue;
		}
		bytes = d->body.len;
		ok = load_file(db, src, d, &r) &&
		    record_file(db, &r, d->url, bytes);
		digest_update(all, r.sha256, strlen(r.sha256));
	}
	if (!digest_finish(all, data_etag) || !ok)
		return false;
	data_etag[ETAG_SIZE - 1] = '\0';
	return timed("files loaded", true) &&
	    timed("medicaments rendered", render_medicaments(db)) &&
	    timed("generic groups rendered", render_generiques(db)) &&
	    timed("search indexed", render_search(db)) &&
	    timed("export compressed", export_render(db)) &&
	    timed("integrity report", integrity_render(db)) &&
	    write_meta(db, opts, data_etag);
}

/* The downloads that the update cannot go without. */
static bool
core_downloaded(const struct download *downloads, char *error,
    size_t error_size)
{
	size_t i;

	for (i = 0; i < source_count; i++)
		if (source_files[i].core && !downloads[i].ok) {
			snprintf(error, error_size, "%s: %s",
			    source_files[i].file, downloads[i].error);
			return false;
		}
	return true;
}

bool
build_run(const struct build_options *opts, char *error, size_t error_size)
{
	struct download *downloads;
	struct publish pub;
	sqlite3 *db = NULL;
	size_t i, baselen;
	bool ok = false, have_previous;
	double started = now_seconds();
	char *base;

	memset(&pub, 0, sizeof(pub));
	pub.lock_fd = -1;
	downloads = xcalloc(source_count, sizeof(*downloads));
	base = xstrdup(opts->source_url);
	baselen = strlen(base);
	while (baselen > 0 && base[baselen - 1] == '/')
		base[--baselen] = '\0';
	for (i = 0; i < source_count; i++) {
		struct buf url = BUF_INIT;

		buf_printf(&url, "%s/%s", base, source_files[i].file);
		downloads[i].url = url.data;
	}

	if (!publish_lock(&pub, opts->db_path, error, error_size))
		goto out;
	if (!download_all(downloads, source_count, &opts->download)) {
		snprintf(error, error_size, "cannot set up the downloads");
		goto out;
	}
	if (!core_downloaded(downloads, error, error_size))
		goto out;
	for (i = 0; i < source_count; i++)
		log_debug("%s: %zu bytes in %d attempt(s)", source_files[i].file,
		    downloads[i].body.len, downloads[i].attempts);

	if (!publish_temp(&pub, error, error_size))
		goto out;
	if ((db = db_create(pub.temp)) == NULL || !db_exec(db, schema_sql)) {
		snprintf(error, error_size, "cannot create the database %s: %s",
		    pub.temp, db ? sqlite3_errmsg(db) : "cannot open it");
		goto out;
	}
	timed("downloaded", true);
	have_previous = attach_previous(db, opts->db_path);
	if (!db_exec(db, "BEGIN") ||
	    !fill_database(db, opts, downloads, have_previous) ||
	    !db_exec(db, "COMMIT")) {
		snprintf(error, error_size, "building the database failed: %s",
		    sqlite3_errmsg(db));
		goto out;
	}
	timed("committed", true);
	if (!check_database(db, pub.temp, error, error_size))
		goto out;
	timed("checked", true);
	if (!opts->force && (!check_rejections(db, error, error_size) ||
	    (have_previous && !check_shrink(db, error, error_size))))
		goto out;
	if (have_previous && !db_exec(db, "DETACH DATABASE previous")) {
		snprintf(error, error_size, "cannot detach the previous"
		    " database");
		goto out;
	}
	{
		char seconds[32];

		snprintf(seconds, sizeof(seconds), "%.2f",
		    now_seconds() - started);
		if (!db_meta_set(db, "build_seconds", seconds) ||
		    !db_exec(db, "PRAGMA optimize")) {
			snprintf(error, error_size, "cannot finish the"
			    " database: %s", sqlite3_errmsg(db));
			goto out;
		}
	}
	if (sqlite3_close(db) != SQLITE_OK) {
		snprintf(error, error_size, "cannot close the database: %s",
		    sqlite3_errmsg(db));
		goto out;
	}
	db = NULL;
	if (!publish_commit(&pub, error, error_size))
		goto out;
	log_info("published %s in %.2f s", opts->db_path,
	    now_seconds() - started);
	ok = true;
out:
	if (db != NULL)
		sqlite3_close(db);
	/* A run that never got the lock (another one runs) records nothing. */
	if (pub.lock_fd != -1 && !status_write(opts->db_path, time(NULL),
	    now_seconds() - started, ok ? NULL : error))
		log_warn("this update's result is not recorded for /metrics");
	publish_end(&pub);
	for (i = 0; i < source_count; i++)
		free((char *)downloads[i].url);
	download_free(downloads, source_count);
	free(downloads);
	free(base);
	return ok;
}
