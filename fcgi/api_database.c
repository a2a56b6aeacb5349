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
 *
 * Compressed: the updater writes each version's bytes as INODE.db.zst and
 * INODE.db.gz beside its link (contract.h), 30 and 36 MB for the 2022
 * dump's 99.  A client that takes zstd or gzip gets that file, sent the
 * same ways (X-Sendfile, else streamed), with its Content-Encoding: its
 * own length and Range over its own bytes, the same weak ETag (the same
 * data: a client's 304 does not depend on the coding it took), and the
 * same "filename=...db": the coding is the transfer's, which the client
 * undoes, and what it saves is the SQLite file (RFC 9110 8.4).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "conditional.h"
#include "contract.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "request.h"
#include "response.h"
#include "settings.h"
#include "timefmt.h"
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

/*
 * The file's codings in the server's order of preference (the smallest
 * first; identity, always there, last), each with the suffix of its file
 * beside the version link (contract.h).
 */
static const struct form {
	enum coding	 coding;
	const char	*suffix;
} forms[] = {
	{ CODING_ZSTD, CONTRACT_DATABASE_ZSTD_SUFFIX },
	{ CODING_GZIP, CONTRACT_DATABASE_GZIP_SUFFIX },
	{ CODING_IDENTITY, ".db" },
};
#define FORMS	(sizeof(forms) / sizeof(forms[0]))

/* Where the bytes of the worker's open file are found. */
struct source {
	struct buf	 version;	/* DB_PATH.versions/INODE */
	bool		 sendfile;	/* lighttpd sends the chosen form */
	int		 fd;		/* else the worker streams this */
	struct stat	 st;		/* ... which is fd's fstat */
};

/* s->version and the suffix: the path of a form's file. */
static void
form_path(const struct source *s, const struct form *f, struct buf *path)
{
	buf_reset(path);
	buf_printf(path, "%s%s", buf_str(&s->version), f->suffix);
}

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
	struct buf path = BUF_INIT;

	db_version_file(r->db, "", &s->version);
	form_path(s, &forms[FORMS - 1], &path);
	/* lighttpd takes absolute paths only (x-sendfile-docroot). */
	s->sendfile = r->xsendfile && db_path[0] == '/' &&
	    stat(buf_str(&path), &s->st) == 0 && is_open_file(r, &s->st);
	if (!s->sendfile) {
		s->fd = open_if_same(r, buf_str(&path), &s->st);
		if (s->fd == -1)
			s->fd = open_if_same(r, db_path, &s->st);
	}
	buf_free(&path);
	return s->sendfile || s->fd != -1;
}

/*
 * A compressed form's file, opened: -1 when there is none (a database
 * published by an older updater, a form that failed: export_files.h).
 * Its name is its database's inode's, which the updater never gives
 * another database's bytes.
 */
static int
form_open(const struct source *s, const struct form *f, struct stat *st)
{
	struct buf path = BUF_INIT;
	int fd;

	form_path(s, f, &path);
	fd = open(buf_str(&path), O_RDONLY | O_CLOEXEC);
	buf_free(&path);
	if (fd != -1 && fstat(fd, st) == 0 && S_ISREG(st->st_mode) &&
	    st->st_size > 0)
		return fd;
	if (fd != -1)
		(void)close(fd);
	return -1;
}

/*
 * The whole file fd, of size bytes, in its coding (NULL: identity), without
 * the body for HEAD.
 */
static void
stream(struct request *r, const struct reply *rp, int fd, off_t size,
    const char *coding)
{
	char *chunk;
	off_t off;
	ssize_t n;

	if (!response_begin(r, rp, (long long)size, coding) ||
	    r->method == METHOD_HEAD)
		return;
	chunk = xmalloc(DATABASE_CHUNK);
	for (off = 0; off < size; off += n) {
		n = pread(fd, chunk, DATABASE_CHUNK, off);
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

/*
 * X-Sendfile for a compressed form of size bytes at path, with its Range
 * applied here: lighttpd 1.4.69 applies none to an answer that has a
 * Content-Encoding (http_range_rfc7233, written for mod_deflate's
 * answers, whose bytes it cannot know in advance), but ours are a file
 * and RFC 9110 14.1.1 says a Range is over the encoded bytes.  So the same
 * rules as lighttpd's for the plain file: one range, If-Range matching
 * the Last-Modified date exactly, never the weak ETag (conditional.h), 416
 * past the end.  False when that 416 is sent.
 */
static bool
put_sendfile_coded(struct request *r, struct reply *rp, struct buf *extra,
    const char *path, long long size)
{
	char date[TIMEFMT_HTTP_SIZE], range[64];
	long long first = 0, last = 0;
	bool dated = timefmt_http(date,
	    (time_t)db_meta(r->db)->last_update_epoch);

	switch (r->method != METHOD_GET ? RANGE_WHOLE :
	    conditional_range(r->range, r->if_range, dated ? date : NULL, size,
	    &first, &last)) {
	case RANGE_UNSATISFIABLE:
		(void)snprintf(range, sizeof(range),
		    "Content-Range: bytes */%lld\r\n", size);
		response_error(r, 416, range, "The range starts past the end"
		    " of the %lld bytes sent", size);
		return false;
	case RANGE_PART:
		rp->status = 206;
		buf_printf(extra, "Content-Range: bytes %lld-%lld/%lld\r\n",
		    first, last, size);
		response_put_sendfile_range(extra, path, first, last);
		break;
	case RANGE_WHOLE:
		response_put_sendfile(extra, path);
		break;
	}
	buf_puts(extra, "Accept-Ranges: bytes\r\n");
	return true;
}

/*
 * Sends the form the client takes best among those there (zstd, gzip,
 * identity: RFC 9110's q values decide, then our order), or 406.  Each
 * form is its own representation (its length, its bytes for Range), all
 * under the data's one weak ETag.
 */
static void
send_form(struct request *r, struct reply *rp, struct source *s,
    struct buf *extra)
{
	enum coding offered[FORMS];
	int fds[FORMS];
	struct stat st[FORMS];
	struct buf path = BUF_INIT;
	size_t i, n = 0;
	enum coding c;

	for (i = 0; i < FORMS; i++) {
		fds[i] = -1;
		if (forms[i].coding == CODING_IDENTITY) {
			fds[i] = s->fd;
			st[i] = s->st;
		} else if ((fds[i] = form_open(s, &forms[i], &st[i])) == -1)
			continue;
		offered[n++] = forms[i].coding;
	}
	if ((c = response_coding(r, offered, n)) == CODING_COUNT)
		goto out;
	for (i = 0; forms[i].coding != c; i++)
		;
	if (s->sendfile) {
		form_path(s, &forms[i], &path);
		if (c == CODING_IDENTITY)
			response_put_sendfile(extra, buf_str(&path));
		else if (!put_sendfile_coded(r, rp, extra, buf_str(&path),
		    (long long)st[i].st_size))
			goto out;
		rp->extra = buf_str(extra);
		(void)response_begin(r, rp, -1, coding_name(c));
	} else
		stream(r, rp, fds[i], st[i].st_size, coding_name(c));
out:
	/* Identity's is s->fd, the caller's. */
	for (i = 0; i < FORMS - 1; i++)
		if (fds[i] != -1)
			(void)close(fds[i]);
	buf_free(&path);
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
	rp.extra = buf_str(&extra);
	send_form(r, &rp, &s, &extra);
out:
	if (s.fd != -1)
		(void)close(s.fd);
	buf_free(&extra);
	buf_free(&s.version);
}
