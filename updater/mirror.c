#include "config.h"

#include "mirror.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "contract.h"
#include "db.h"
#include "download.h"
#include "log.h"
#include "monotonic.h"
#include "publish.h"
#include "status.h"

/* What mirroring needs to know of a database: meta's identity of it. */
struct mirror_meta {
	char	 etag[ETAG_SIZE];	/* meta data_etag */
	int64_t	 epoch;			/* meta last_update_epoch */
};

/* The 100-byte header of an SQLite file (sqlite.org/fileformat.html). */
#define MIRROR_HEADER_SIZE	100

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * Checks the file before SQLite reads it: an SQLite file in rollback mode
 * (a WAL file would need its -wal and -shm beside it), whose size is the
 * one its header records.  A truncated transfer that curl could not see
 * (no Content-Length, a proxy cutting it) fails here.
 */
static bool
mirror_check_header(const char *path, char *error, size_t error_size)
{
	unsigned char h[MIRROR_HEADER_SIZE] = { 0 };
	long long size, expected, page;
	struct stat st;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		snprintf(error, error_size, "cannot read %s: %s", path,
		    strerror(errno));
		if (fd != -1)
			(void)close(fd);
		return false;
	}
	n = read(fd, h, sizeof(h));
	(void)close(fd);	/* read-only: nothing to lose */
	size = (long long)st.st_size;
	if (n != (ssize_t)sizeof(h) ||
	    memcmp(h, "SQLite format 3", 16) != 0) {
		snprintf(error, error_size, "not an SQLite database (%lld"
		    " bytes, beginning \"%.12s\")", size,
		    n > 0 && isprint(h[0]) ? (const char *)h : "");
		for (char *p = error; *p != '\0'; p++)
			if (!isprint((unsigned char)*p))
				*p = '?';
		return false;
	}
	page = h[16] << 8 | h[17];
	if (page == 1)
		page = 65536;
	if (page < 512 || (page & (page - 1)) != 0 || h[18] != 1 ||
	    h[19] != 1) {
		snprintf(error, error_size, "an SQLite database this updater"
		    " does not publish (page size %lld, %s journal)", page,
		    h[18] == 2 ? "write-ahead" : "rollback");
		return false;
	}
	/* The page count is valid when written by SQLite 3.7.0 or later. */
	expected = be32(h + 24) == be32(h + 92) && be32(h + 28) != 0 ?
	    (long long)be32(h + 28) * page : size - size % page;
	if (size != expected) {
		snprintf(error, error_size, "%s: %lld bytes, its header says"
		    " %lld", size < expected ? "truncated" : "damaged", size,
		    expected);
		return false;
	}
	return true;
}

/* Meta's value for key into out (NUL-terminated); false when absent. */
static bool
mirror_meta_text(struct db *db, const char *key, char *out, size_t size)
{
	sqlite3_stmt *stmt = db_stmt(db, DB_META_GET);
	const char *text;
	size_t len;
	bool ok = true, found = false;

	if (stmt == NULL || !db_bind(db, stmt, 1, DB_TEXT(key)))
		return false;
	if (db_row(db, stmt, &ok)) {
		text = db_column_text(stmt, 0, &len);
		if ((found = text != NULL && len < size))
			memcpy(out, text, len + 1);
		db_reset(stmt);
	}
	return found;
}

/*
 * Reads the schema version and meta's identity of the database db (at
 * path, for messages).  False, with why in error, for a database of
 * another version or without them: not one this worker can serve.
 */
static bool
mirror_read_meta(struct db *db, struct mirror_meta *m, char *error,
    size_t error_size)
{
	char epoch[32], *end;
	int64_t version = db_integer(db, DB_USER_VERSION, NULL, 0);
	size_t i;

	if (version != CONTRACT_SCHEMA_VERSION) {
		snprintf(error, error_size, "schema version %" PRId64 ", this"
		    " updater publishes version %d", version,
		    CONTRACT_SCHEMA_VERSION);
		return false;
	}
	if (!mirror_meta_text(db, "data_etag", m->etag, sizeof(m->etag)) ||
	    !mirror_meta_text(db, "last_update_epoch", epoch,
	    sizeof(epoch))) {
		snprintf(error, error_size, "no data_etag or last_update_epoch"
		    " in meta: not a medicaments database");
		return false;
	}
	for (i = 0; i < ETAG_SIZE - 1; i++)
		if (!isxdigit((unsigned char)m->etag[i]))
			break;
	errno = 0;
	m->epoch = strtoll(epoch, &end, 10);
	if (i != ETAG_SIZE - 1 || m->etag[i] != '\0' || errno != 0 ||
	    end == epoch || *end != '\0' || m->epoch <= 0) {
		snprintf(error, error_size, "meta data_etag \"%s\" or"
		    " last_update_epoch \"%s\" malformed", m->etag, epoch);
		return false;
	}
	return true;
}

/* Meta of the database in place; false (logged) when there is none usable. */
static bool
mirror_in_place(const char *path, struct mirror_meta *m)
{
	char why[256];
	struct db *db;
	bool ok;

	if (access(path, F_OK) == -1)
		return false;
	if ((db = db_open_readonly(path)) == NULL) {
		log_warn("%s: cannot open it: mirroring without comparing",
		    path);
		return false;
	}
	if (!(ok = mirror_read_meta(db, m, why, sizeof(why))))
		log_warn("%s: %s: mirroring without comparing", path, why);
	(void)db_close(db);	/* read-only: nothing to lose */
	return ok;
}

enum mirror_verdict {
	MIRROR_REFUSED,
	MIRROR_SAME,		/* the file in place, built at the same time */
	MIRROR_NEWER,
};

/*
 * Checks the downloaded file at path against the database in place (here,
 * when have_here): cheap checks first, then everything --check does
 * (check.c: PRAGMA integrity_check, core tables, every JSON document, the
 * export, the page order: about 0.5 s of CPU on the 2022 dump's 72 MiB).
 */
static enum mirror_verdict
mirror_verify(const char *path, const struct mirror_meta *here,
    bool have_here, char *error, size_t error_size)
{
	struct mirror_meta got;
	enum mirror_verdict verdict = MIRROR_REFUSED;
	struct db *db;

	if (!mirror_check_header(path, error, error_size))
		return MIRROR_REFUSED;
	if ((db = db_open_readonly(path)) == NULL) {
		snprintf(error, error_size, "SQLite cannot open it");
		return MIRROR_REFUSED;
	}
	if (!mirror_read_meta(db, &got, error, error_size))
		goto out;
	if (have_here && got.epoch < here->epoch) {
		snprintf(error, error_size, "older than the database in place"
		    " (last_update_epoch %" PRId64 " < %" PRId64 ")", got.epoch,
		    here->epoch);
		goto out;
	}
	if (have_here && got.epoch == here->epoch &&
	    strcmp(got.etag, here->etag) == 0) {
		verdict = MIRROR_SAME;
		goto out;
	}
	if (check_database(db, path, error, error_size))
		verdict = MIRROR_NEWER;
out:
	(void)db_close(db);	/* read-only: nothing to lose */
	return verdict;
}

/*
 * If-None-Match: the weak tag an instance's /v1/database gives the data in
 * place, and the tag the source gave last time (a static server's or an
 * object store's strong one), when it differs.
 */
static void
mirror_if_none_match(struct buf *out, const struct mirror_meta *here,
    bool have_here, const char *last_etag)
{
	struct buf weak = BUF_INIT;

	/* Nothing usable in place: whatever the source has is wanted. */
	if (!have_here)
		return;
	buf_printf(&weak, "W/\"%s\"", here->etag);
	buf_puts(out, buf_str(&weak));
	if (last_etag[0] != '\0' && strcmp(last_etag, buf_str(&weak)) != 0)
		buf_printf(out, ", %s", last_etag);
	buf_free(&weak);
}

/*
 * Downloads into pub's temporary file; false with why in error.  The
 * request's Accept-Encoding is libcurl's every decoder (download.c), zstd
 * and gzip among them with Debian's libcurl: an instance's /v1/database
 * then sends its INODE.db.zst, 16 MB for 84 (contract.h), which libcurl
 * decodes as it arrives, so the file written, the size limit and every
 * check after are the database's own bytes.  A damaged frame or member
 * fails here (the zstd checksum the updater writes, gzip's CRC), else in
 * the checks after, like any damaged file; one cut short fails the
 * header's size check (mirror_check_header).  A libcurl without zstd
 * asks for gzip.
 */
static bool
mirror_fetch(struct publish *pub, struct download *d,
    const struct build_options *opts, const char *url, char *error,
    size_t error_size)
{
	bool set_up;

	d->to_file = true;
	d->max_bytes = opts->download.mirror_max_bytes;
	if ((d->fd = open(pub->temp, O_WRONLY | O_CLOEXEC)) == -1) {
		snprintf(error, error_size, "cannot open %s: %s", pub->temp,
		    strerror(errno));
		return false;
	}
	set_up = download_all(d, 1, &opts->download);
	if (close(d->fd) == -1 && set_up && d->ok && !d->not_modified) {
		snprintf(error, error_size, "cannot write %s: %s", pub->temp,
		    strerror(errno));
		return false;
	}
	if (!set_up)
		snprintf(error, error_size, "%s: cannot set up the download",
		    url);
	else if (!d->ok)
		snprintf(error, error_size, "%s: %s", url, d->error);
	return set_up && d->ok;
}

bool
mirror_run(const struct build_options *opts, char *error, size_t error_size)
{
	struct publish pub;
	struct download d;
	struct mirror_meta here;
	struct buf url = BUF_INIT, inm = BUF_INIT;
	enum mirror_verdict verdict = MIRROR_REFUSED;
	char last_etag[sizeof(d.etag)], why[512];
	const char *etag = NULL;
	double started = monotonic_seconds();
	bool have_here, ok = false;

	memset(&pub, 0, sizeof(pub));
	memset(&d, 0, sizeof(d));
	pub.lock_fd = -1;
	/* Messages and the status file name the URL without its secrets. */
	status_public_url(&url, opts->source_url);
	if (!publish_lock(&pub, opts->db_path, error, error_size))
		goto out;
	have_here = mirror_in_place(opts->db_path, &here);
	status_source_etag(opts->db_path, opts->source_url, last_etag,
	    sizeof(last_etag));
	mirror_if_none_match(&inm, &here, have_here, last_etag);
	d.url = opts->source_url;
	d.name = buf_str(&url);
	d.if_none_match = inm.len > 0 ? buf_str(&inm) : NULL;
	if (!publish_temp(&pub, error, error_size) ||
	    !mirror_fetch(&pub, &d, opts, buf_str(&url), error, error_size))
		goto out;
	if (d.not_modified) {
		log_info("%s: not modified (%s): %s stays", buf_str(&url),
		    d.if_none_match, opts->db_path);
		ok = true;
		etag = last_etag[0] != '\0' ? last_etag : NULL;
		goto out;
	}
	verdict = mirror_verify(pub.temp, &here, have_here, why, sizeof(why));
	if (verdict == MIRROR_REFUSED) {
		snprintf(error, error_size, "%s: refused: %s", buf_str(&url),
		    why);
		goto out;
	}
	if (verdict == MIRROR_NEWER &&
	    !publish_commit(&pub, error, error_size))
		goto out;
	log_info(verdict == MIRROR_SAME ? "%s: the same database (%zu bytes):"
	    " %s stays" : "%s: %zu bytes checked, published %s", buf_str(&url),
	    d.bytes, opts->db_path);
	etag = d.etag[0] != '\0' ? d.etag : NULL;
	ok = true;
out:
	if (pub.lock_fd != -1 && !status_write(opts->db_path, time(NULL),
	    monotonic_seconds() - started, ok ? NULL : error,
	    &(struct status_run){ .mode = "mirror",
	    .source = opts->source_url,
	    .unchanged = ok && verdict != MIRROR_NEWER,
	    .source_etag = etag }))
		log_warn("this mirror run's result is not recorded for"
		    " /metrics");
	publish_end(&pub);
	download_free(&d, 1);
	buf_free(&url);
	buf_free(&inm);
	return ok;
}
