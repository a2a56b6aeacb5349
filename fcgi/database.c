/*
 * /v1/database: the SQLite file the workers read, whole, for sqlite3 users
 * on other machines and for mirrors.
 *
 * Its validators are the data's: the ETag is meta data_etag, weak like
 * every other answer's, because two builds of the same BDPM files hold the
 * same data in different bytes (the build's time is in meta): a client or
 * a mirror that has the data gets its 304.  Range requests are lighttpd's;
 * an If-Range naming the weak ETag never matches (RFC 9110 13.1.5: lighttpd
 * then sends the whole file), one naming the Last-Modified date (the data's
 * refresh time, one per published file) does.
 *
 * FastCGI: the worker sends the headers and "X-Sendfile: PATH", lighttpd
 * sends the bytes with its static-file code (sendfile(2), Range, HEAD).
 * PATH is DB_PATH.versions/INODE.db (common/contract.h), the updater's link
 * to the very file this worker has open, checked by its inode: a name there
 * never changes its bytes, so the ETag sent is the file's even when a newer
 * database is renamed to DB_PATH between this answer and lighttpd's open
 * (DB_PATH itself could then be the new file, and lighttpd's stat cache
 * keeps a name's open file for up to a second).  Once lighttpd has the file
 * open, a download goes on on it whatever happens to the names.
 *
 * A worker looks at DB_PATH at most once a second: its file may be one the
 * updater has since replaced twice, whose link is gone (the updater keeps
 * the previous version's only).  It then looks at DB_PATH at once and
 * answers from the file there.
 *
 * CGI mode, or a database without its version link (published by an older
 * updater): the worker streams the file itself, from a descriptor it has
 * checked is the file it has open (no Range: the whole file, 200).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "contract.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "request.h"
#include "response.h"
#include "settings.h"
#include "writer.h"
#include "xalloc.h"

#define DATABASE_CONTENT_TYPE	"application/vnd.sqlite3"
#define DATABASE_CHUNK		(256 * 1024)

/* 16 lowercase hex digits: the etag form (contract.h), safe in a header. */
static bool
etag_valid(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n == ETAG_SIZE - 1 && s[n] == '\0';
}

/*
 * "Content-Disposition: attachment; filename="medicaments-2026-11-26.db"":
 * the date of last_update (the updater's local date), else of its epoch.
 */
static void
put_disposition(struct buf *h, const struct db_meta *m)
{
	static const char form[] = "dddd-dd-dd";
	char date[sizeof(form)];
	time_t t = (time_t)m->last_update_epoch;
	struct tm tm;
	size_t i;
	bool ok = strlen(m->last_update) >= sizeof(form) - 1;

	for (i = 0; ok && i < sizeof(form) - 1; i++)
		ok = form[i] == 'd' ? m->last_update[i] >= '0' &&
		    m->last_update[i] <= '9' : m->last_update[i] == form[i];
	if (ok) {
		memcpy(date, m->last_update, sizeof(form) - 1);
		date[sizeof(form) - 1] = '\0';
	} else if (gmtime_r(&t, &tm) == NULL ||
	    strftime(date, sizeof(date), "%Y-%m-%d", &tm) == 0)
		memcpy(date, "undated", sizeof("undated"));
	buf_printf(h, "Content-Disposition: attachment; "
	    "filename=\"medicaments-%s.db\"\r\n", date);
}

/* True when st is the file this worker has open. */
static bool
is_open_file(const struct request *r, const struct stat *st)
{
	dev_t dev;
	ino_t ino;

	db_file(r->db, &dev, &ino);
	return S_ISREG(st->st_mode) && st->st_dev == dev && st->st_ino == ino;
}

/* path opened read-only when it is the file this worker has open; else -1. */
static int
open_if_same(const struct request *r, const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return -1;
	if (fstat(fd, st) == 0 && is_open_file(r, st))
		return fd;
	(void)close(fd);
	return -1;
}

/* Where the bytes of the worker's open file are found. */
struct source {
	struct buf	 version;	/* DB_PATH.versions/INODE.db */
	bool		 sendfile;	/* lighttpd sends version */
	int		 fd;		/* else the worker streams this */
	struct stat	 st;		/* ... which is fd's fstat */
};

/*
 * Finds the worker's open file by a name that still is that file: its
 * version link, else DB_PATH.  False when neither is any more (the worker
 * has not yet looked at a newer DB_PATH, and the updater has since removed
 * that link: two publications within a second).
 */
static bool
locate(const struct request *r, struct source *s)
{
	const char *db_path = r->settings->db_path;
	dev_t dev;
	ino_t ino;

	db_file(r->db, &dev, &ino);
	buf_reset(&s->version);
	buf_printf(&s->version, "%s" CONTRACT_VERSIONS_SUFFIX "/%llu.db",
	    db_path, (unsigned long long)ino);
	/* lighttpd takes absolute paths only (x-sendfile-docroot). */
	s->sendfile = r->xsendfile && db_path[0] == '/' &&
	    stat(buf_str(&s->version), &s->st) == 0 && is_open_file(r, &s->st);
	if (s->sendfile)
		return true;
	s->fd = open_if_same(r, buf_str(&s->version), &s->st);
	if (s->fd == -1)
		s->fd = open_if_same(r, db_path, &s->st);
	return s->fd != -1;
}

/* The whole file from s->fd, without the body for HEAD. */
static void
stream(struct request *r, const struct reply *rp, const struct source *s)
{
	char *chunk;
	off_t off;
	ssize_t n;

	if (!response_begin(r, rp, (long long)s->st.st_size, NULL) ||
	    r->method == METHOD_HEAD)
		return;
	chunk = xmalloc(DATABASE_CHUNK);
	for (off = 0; off < s->st.st_size; off += n) {
		n = pread(s->fd, chunk, DATABASE_CHUNK, off);
		if (n == -1 && errno == EINTR) {
			n = 0;
			continue;
		}
		/* Headers are out: a failure can only cut the body short. */
		if (n <= 0) {
			log_error("/v1/database: reading the file: %s", n == 0 ?
			    "unexpected end" : strerror(errno));
			break;
		}
		if (!writer_put(r->out, chunk, (size_t)n))
			break;
	}
	free(chunk);
}

void
database_serve(struct request *r)
{
	const struct db_meta *m;
	struct source s = { .version = BUF_INIT, .fd = -1 };
	struct buf extra = BUF_INIT;
	struct reply rp = {
		.status = 200,
		.content_type = DATABASE_CONTENT_TYPE,
		.cache_control = CACHE_PUBLIC,
		.last_modified = true,
	};

	/*
	 * A file no name holds any more is an old one: the worker moves to
	 * DB_PATH's now rather than at its next look, then answers from it.
	 */
	if (!locate(r, &s)) {
		db_refresh_now(r->db);
		if (!locate(r, &s)) {
			response_error(r, 503, "Retry-After: 1\r\n", "The "
			    "database is being replaced: retry in a second");
			goto out;
		}
	}
	m = db_meta(r->db);
	if (!etag_valid(m->data_etag)) {
		response_error(r, 500, NULL, "The database has no valid "
		    "data_etag");
		goto out;
	}
	rp.etag = m->data_etag;
	if (response_not_modified(r, &rp))
		goto out;
	put_disposition(&extra, m);
	if (s.sendfile)
		response_put_sendfile(&extra, buf_str(&s.version));
	rp.extra = buf_str(&extra);
	if (s.sendfile)
		(void)response_begin(r, &rp, -1, NULL);
	else
		stream(r, &rp, &s);
out:
	if (s.fd != -1)
		(void)close(s.fd);
	buf_free(&extra);
	buf_free(&s.version);
}
