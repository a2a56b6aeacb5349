#include "config.h"

#include "build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "buf.h"
#include "changes.h"
#include "check.h"
#include "db.h"
#include "digest.h"
#include "export.h"
#include "load.h"
#include "log.h"
#include "monotonic.h"
#include "publish.h"
#include "render.h"
#include "source.h"
#include "status.h"
#include "text.h"
#include "uri.h"
#include "xalloc.h"

/*
 * The page cache once the database is written: the checks and VACUUM read
 * it in order, once, and VACUUM's own copy takes the same number of pages
 * (db_cache_pages).  2 MiB reads and vacuums as fast as 16 MiB.
 */
#define BUILD_READ_CACHE_PAGES	64

struct file_result {
	const struct source	*src;
	struct load_counts	 counts;
	char			 sha256[DIGEST_HEX_SIZE];
	bool			 utf8;
};

/*
 * When the previous step of one run ended (monotonic seconds): each run has
 * its own, so that a scheduled run's first step is not timed from the end
 * of the previous run.
 */
struct step_clock {
	double	last;
};

/*
 * Logs, at debug level, how long the step that just ended took (since the
 * clock's previous step) and the process's peak memory so far
 * (bench/updater measures the same peak); returns ok.
 */
static bool
timed(struct step_clock *steps, const char *step, bool ok)
{
	double now = monotonic_seconds();
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) == 0)
		log_debug("%s in %.3f s (peak RSS %ld MB)", step,
		    now - steps->last, ru.ru_maxrss / 1024);	/* KiB */
	steps->last = now;
	return ok;
}

/*
 * Gives the heap's free pages back to the kernel: what a step freed (the
 * downloads once loaded, the page cache once committed) would otherwise
 * stay resident, under the next step's peak, since glibc only returns the
 * top of its heap by itself.
 */
static void
release_free_memory(void)
{
#ifdef __GLIBC__
	(void)malloc_trim(0);	/* says whether it released anything */
#endif
}

/*
 * The oldest schema whose source tables are this one's: a failed optional
 * file's rows are copied from it, and the change feed compares with it
 * (schema 10 added the feed's tables only).
 */
#define BUILD_PREVIOUS_OLDEST	9

/*
 * Attaches the database in place as `previous` when it is one of ours
 * with the same source tables.  Returns true when attached.
 */
static bool
attach_previous(struct db *db, const char *path)
{
	struct buf uri = BUF_INIT;
	struct db_value v[1];
	struct stat st;
	int64_t version;
	bool attached;

	if (stat(path, &st) == -1)
		return false;
	uri_file(&uri, path, "mode=ro");
	v[0] = DB_TEXT(buf_str(&uri));
	attached = db_run(db, DB_ATTACH_PREVIOUS, DB_VALUES(v));
	buf_free(&uri);
	if (!attached)
		return false;
	version = db_integer(db, DB_PREVIOUS_USER_VERSION, NULL, 0);
	if (version < BUILD_PREVIOUS_OLDEST ||
	    version > db_integer(db, DB_USER_VERSION, NULL, 0) ||
	    !db_previous_has_table(db, "meta_fichiers")) {
		log_warn("%s is not a database of this schema: it is not"
		    " compared with the new one", path);
		if (!db_run(db, DB_DETACH_PREVIOUS, NULL, 0))
			log_warn("cannot detach %s", path);
		return false;
	}
	return true;
}

static bool
record_file(struct db *db, const struct file_result *r, const char *url,
    const char *base, size_t bytes)
{
	struct db_value v[] = {
		DB_TEXT(r->src->file),
		DB_TEXT(url),
		DB_TEXT(base),
		DB_TEXT(r->sha256),
		DB_INT((int64_t)bytes),
		DB_TEXT(r->utf8 ? "UTF-8" : "Windows-1252"),
		DB_INT(r->counts.read),
		DB_INT(r->counts.stored),
		DB_INT(r->counts.repaired),
		DB_INT(r->counts.rejected),
	};

	return db_run(db, DB_FILE_LOADED, DB_VALUES(v));
}

/*
 * An optional file that failed: its rows, and its line of meta_fichiers,
 * come from the previous database when there is one.
 */
static bool
keep_previous_rows(struct db *db, bool have_previous, const struct source *src,
    const char *url, const char *why)
{
	struct db_value v[] = { DB_TEXT(src->file), DB_TEXT(why), DB_TEXT(url) };

	if (!have_previous || !db_previous_has_table(db, src->table)) {
		log_warn("%s: %s; its table stays empty", src->file, why);
		return db_run(db, DB_FILE_MISSING, DB_VALUES(v));
	}
	if (!db_copy_previous_rows(db, src->table))
		return false;
	log_warn("%s: %s; keeping the previous database's rows", src->file,
	    why);
	if (!db_run(db, DB_FILE_FROM_PREVIOUS, v, 2))
		return false;
	/* A previous database without that file's line: record it anyway. */
	return db_changes(db) > 0 || db_run(db, DB_FILE_KEPT, v, 1);
}

static bool
load_file(struct db *db, const struct source *src, struct download *d,
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

/*
 * now as ISO 8601 in local time with its offset (2026-12-07T06:00:03+01:00),
 * meta last_update's and the change feed's form.
 */
static bool
local_iso8601(time_t now, char *stamp, size_t size)
{
	char offset[8];
	struct tm tm;
	size_t len;

	if (localtime_r(&now, &tm) == NULL ||
	    (len = strftime(stamp, size, "%Y-%m-%dT%H:%M:%S", &tm)) == 0 ||
	    strftime(offset, sizeof(offset), "%z", &tm) != 5)
		return false;
	/* ISO 8601 wants the offset as +01:00, strftime gives +0100. */
	return (size_t)snprintf(stamp + len, size - len, "%.3s:%.2s", offset,
	    offset + 3) < size - len;
}

static bool
write_meta(struct db *db, const struct build_options *opts,
    const char *data_etag, const char *stamp, time_t now)
{
	return db_meta_set_int(db, "schema_version",
	    db_integer(db, DB_USER_VERSION, NULL, 0)) &&
	    db_meta_set(db, "last_update", stamp) &&
	    db_meta_set_int(db, "last_update_epoch", (int64_t)now) &&
	    db_meta_set(db, "source_url", opts->source_url) &&
	    db_meta_set(db, "updater_version", PACKAGE_VERSION) &&
	    db_meta_set(db, "data_etag", data_etag) &&
	    db_meta_set_int(db, "medicaments_count",
	    db_integer(db, DB_COUNT_MEDICAMENTS, NULL, 0)) &&
	    db_meta_set_int(db, "presentations_count",
	    db_integer(db, DB_COUNT_PRESENTATIONS, NULL, 0)) &&
	    db_meta_set_int(db, "generiques_count",
	    db_integer(db, DB_COUNT_GENERIQUES, NULL, 0));
}

/* Fills the database from the downloads; false on a database failure. */
static bool
fill_database(struct db *db, const struct build_options *opts,
    struct download *downloads, bool have_previous, struct step_clock *steps)
{
	struct file_result r;
	struct digest *all;
	char data_etag[DIGEST_HEX_SIZE], stamp[40];
	time_t now = time(NULL);
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
		    record_file(db, &r, d->url, opts->bases.base[d->url_index],
		    bytes);
		digest_update(all, r.sha256, strlen(r.sha256));
	}
	if (!digest_finish(all, data_etag) || !ok)
		return false;
	data_etag[ETAG_SIZE - 1] = '\0';
	release_free_memory();
	return timed(steps, "files loaded", true) &&
	    timed(steps, "medicaments rendered", render_medicaments(db)) &&
	    timed(steps, "generic groups rendered", render_generiques(db)) &&
	    timed(steps, "shortages rendered", render_disponibilites(db)) &&
	    timed(steps, "MITM rendered", render_mitm(db)) &&
	    timed(steps, "HAS opinions rendered", render_avis(db)) &&
	    timed(steps, "safety information rendered",
	    render_informations(db)) &&
	    timed(steps, "substances rendered", render_substances(db)) &&
	    timed(steps, "search indexed", render_search(db)) &&
	    timed(steps, "export compressed", export_render(db)) &&
	    timed(steps, "integrity report", integrity_render(db)) &&
	    local_iso8601(now, stamp, sizeof(stamp)) &&
	    (!have_previous || timed(steps, "changes recorded",
	    changes_record(db, &(struct changes_publication){ stamp,
	    (int64_t)now, data_etag, opts->changes_retention_days }))) &&
	    write_meta(db, opts, data_etag, stamp, now);
}

/*
 * For the tests only: MEDICAMENTS_UPDATER_FAULT=check makes the build's
 * checks fail as if they had found a problem, once they have run (the
 * build writes nothing they refuse, so nothing else reaches that path
 * with the compressed forms written: tests/updater/
 * check-fails-leaves-no-files.sh).
 */
static bool
fault_injected(const char *where, char *error, size_t error_size)
{
	const char *v = getenv("MEDICAMENTS_UPDATER_FAULT");

	if (v == NULL || strcmp(v, where) != 0)
		return false;
	snprintf(error, error_size, "%s failed: injected by"
	    " MEDICAMENTS_UPDATER_FAULT", where);
	return true;
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

/*
 * Which base served each file, for the status file (NULL: it failed, or
 * was not downloaded); names and bases are the callers'.
 */
static void
served_bases(const struct build_options *opts, const struct download *d,
    const char **files, const char **bases)
{
	size_t i;

	for (i = 0; i < source_count; i++) {
		files[i] = source_files[i].file;
		bases[i] = d[i].ok ? opts->bases.base[d[i].url_index] : NULL;
	}
}

bool
build_run(const struct build_options *opts, char *error, size_t error_size)
{
	struct download *downloads;
	struct publish pub;
	struct db *db = NULL;
	size_t i, j, nbases = opts->bases.count;
	bool ok = false, have_previous, closed;
	double started = monotonic_seconds();
	struct step_clock run_clock = { started }, *steps = &run_clock;
	const char **files, **served;
	char **urls;

	memset(&pub, 0, sizeof(pub));
	pub.lock_fd = -1;
	downloads = xcalloc(source_count, sizeof(*downloads));
	files = xcalloc(source_count, sizeof(*files));
	served = xcalloc(source_count, sizeof(*served));
	/* Each file under each base, in the order they are tried. */
	urls = xcalloc(source_count * nbases, sizeof(*urls));
	for (i = 0; i < source_count; i++) {
		for (j = 0; j < nbases; j++) {
			struct buf url = BUF_INIT;

			buf_printf(&url, "%s/%s", opts->bases.base[j],
			    source_files[i].file);
			urls[i * nbases + j] = url.data;
		}
		downloads[i].urls = (const char *const *)&urls[i * nbases];
		downloads[i].url_count = nbases;
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
	if ((db = db_create(pub.temp)) == NULL || !db_create_schema(db)) {
		snprintf(error, error_size, "cannot create the database %s: %s",
		    pub.temp, db ? db_errmsg(db) : "cannot open it");
		goto out;
	}
	timed(steps, "downloaded", true);
	have_previous = attach_previous(db, opts->db_path);
	if (!db_run(db, DB_BEGIN, NULL, 0) ||
	    !fill_database(db, opts, downloads, have_previous,
	    steps) ||
	    !db_run(db, DB_COMMIT, NULL, 0) ||
	    !db_cache_pages(db, BUILD_READ_CACHE_PAGES)) {
		snprintf(error, error_size, "building the database failed: %s",
		    db_errmsg(db));
		goto out;
	}
	release_free_memory();
	timed(steps, "committed", true);
	/* Before the detach: they compare with the previous database. */
	if (!opts->force && (!check_rejections(db, error, error_size) ||
	    (have_previous && !check_shrink(db, error, error_size))))
		goto out;
	if (have_previous && !db_run(db, DB_DETACH_PREVIOUS, NULL, 0)) {
		snprintf(error, error_size, "cannot detach the previous"
		    " database");
		goto out;
	}
	{
		char seconds[32];

		snprintf(seconds, sizeof(seconds), "%.2f",
		    monotonic_seconds() - started);
		/*
		 * No ANALYZE (nor "PRAGMA optimize"): every statement of the
		 * API plans the same without sqlite_stat1, and a CGI request,
		 * which parses the schema each time, would read the table's
		 * rows too (80 K instructions, 2 % of a search).
		 */
		if (!db_meta_set(db, "build_seconds", seconds) ||
		    !timed(steps, "finished", db_run(db, DB_VACUUM, NULL, 0))) {
			snprintf(error, error_size, "cannot finish the"
			    " database: %s", db_errmsg(db));
			goto out;
		}
	}
	/*
	 * The file is final: its compressed forms and export files are
	 * written (publish_prepare, a thread) while it is checked, the file
	 * that is published, VACUUM's copy included.  Nothing takes a name
	 * the workers read before both are done and the check passed: a
	 * failed check removes them (publish_abandon, at out).
	 */
	if (!publish_prepare(&pub, error, error_size))
		goto out;
	if (!timed(steps, "checked", check_database(db, pub.temp, error,
	    error_size)) || fault_injected("check", error, error_size))
		goto out;
	/* db_close frees db whatever happens. */
	closed = db_close(db);
	db = NULL;
	if (!closed) {
		snprintf(error, error_size, "cannot close the database %s",
		    pub.temp);
		goto out;
	}
	if (!timed(steps, "published", publish_commit(&pub, error,
	    error_size)))
		goto out;
	log_info("published %s in %.2f s", opts->db_path,
	    monotonic_seconds() - started);
	ok = true;
out:
	(void)db_close(db);	/* after a failure: the file is removed */
	/* A run that never got the lock (another one runs) records nothing. */
	served_bases(opts, downloads, files, served);
	if (pub.lock_fd != -1 && !status_write(opts->db_path, time(NULL),
	    monotonic_seconds() - started, ok ? NULL : error,
	    &(struct status_run){ .mode = "build",
	    .source = opts->source_url, .files = files, .file_bases = served,
	    .file_count = source_count }))
		log_warn("this update's result is not recorded for /metrics");
	publish_end(&pub);
	for (i = 0; i < source_count * nbases; i++)
		free(urls[i]);
	free(urls);
	free(files);
	free(served);
	download_free(downloads, source_count);
	free(downloads);
	return ok;
}
