#include "export_files.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <isa-l/igzip_lib.h>
#include <zstd.h>

#include "atomic_file.h"
#include "contract.h"
#include "db.h"
#include "export.h"
#include "log.h"
#include "monotonic.h"
#include "xalloc.h"

/*
 * A file beside a version: what writes its content to a descriptor, and
 * what reads it back from there (rewound) to prove it right before it
 * takes its name (NULL: written is enough).
 */
struct sibling {
	const char	*suffix;
	bool		(*fill)(int fd, void *ctx);
	bool		(*check)(int fd, void *ctx);
	void		*ctx;
};

/*
 * dir/INODE<suffix>, made whole (and checked) under a temporary name
 * first.  On failure no file of that name is left: one there could only be
 * an earlier file of the same inode number (a run that failed after
 * writing it), whose bytes are another database's.
 */
static bool
write_one(const char *dir, ino_t ino, const struct sibling *s)
{
	char target[4200], temp[4300], error[512];
	int fd;
	bool ok;

	if (snprintf(target, sizeof(target), "%s/%llu%s", dir,
	    (unsigned long long)ino, s->suffix) >= (int)sizeof(target) ||
	    snprintf(temp, sizeof(temp), "%s" CONTRACT_TEMP_SUFFIX "XXXXXX",
	    target) >= (int)sizeof(temp)) {
		log_warn("%s: path too long for its %s file", dir, s->suffix);
		return false;
	}
	if ((fd = atomic_file_create(temp, 0644, error, sizeof(error))) == -1) {
		log_warn("%s", error);
		ok = false;
		goto out;
	}
	if (!(ok = s->fill(fd, s->ctx)))
		log_errno("cannot write %s", temp);
	else if (s->check != NULL && (lseek(fd, 0, SEEK_SET) == -1 ||
	    !s->check(fd, s->ctx))) {
		log_warn("%s: not the bytes it was written from", temp);
		ok = false;
	}
	if (close(fd) == -1) {
		log_errno("cannot write %s", temp);
		ok = false;
	}
	if (ok && !(ok = atomic_file_commit(temp, target, error,
	    sizeof(error))))
		log_warn("%s", error);
	if (!ok)
		(void)unlink(temp);
out:
	if (!ok && unlink(target) == -1 && errno != ENOENT)
		log_errno("cannot remove %s", target);
	return ok;
}

/* --- the export ---------------------------------------------------------- */

/* The stored gzip member of the export. */
struct blob {
	const void	*data;
	size_t		 size;
};

static bool
fill_gzip(int fd, void *ctx)
{
	const struct blob *b = ctx;

	return atomic_file_write_all(fd, b->data, b->size);
}

static bool
write_piece(void *arg, const void *text, size_t len)
{
	return atomic_file_write_all(*(int *)arg, text, len);
}

/* The member inflated. */
static bool
fill_plain(int fd, void *ctx)
{
	const struct blob *b = ctx;

	return export_inflate(b->data, b->size, write_piece, &fd);
}

/* The export's two files; false (logged) when either is not written. */
static bool
write_export(const char *db_path, const char *dir, ino_t ino)
{
	struct db *db;
	sqlite3_stmt *stmt;
	struct blob b = { NULL, 0 };
	const struct sibling gzip = { CONTRACT_EXPORT_GZIP_SUFFIX, fill_gzip,
	    NULL, &b };
	const struct sibling plain = { CONTRACT_EXPORT_SUFFIX, fill_plain,
	    NULL, &b };
	bool ok = false, read = true;

	if ((db = db_open_readonly(db_path)) == NULL)
		return false;
	if ((stmt = db_stmt(db, DB_EXPORT_DOCUMENT)) == NULL ||
	    !db_row(db, stmt, &read)) {
		log_warn("export file: %s has no export", db_path);
		goto out;
	}
	b.data = db_column_blob(stmt, 0, &b.size);
	ok = b.data != NULL && b.size > 0 && write_one(dir, ino, &gzip) &&
	    write_one(dir, ino, &plain);
	db_reset(stmt);
out:
	(void)db_close(db);
	return ok;
}

/* --- the database, compressed ------------------------------------------- */

/*
 * Pieces read and produced at a time: what the compressed forms cost in
 * memory is these buffers and the coders' state (zstd's 2 MiB window at
 * level 3), never the file: the updater stays within 64 MB.
 */
#define SIBLING_CHUNK		(256 * 1024)
/*
 * zstd level 3 (the library's default): 15.7 MB for the 2022 dump's
 * 84 MB, in about 0.3 s; gzip by ISA-L's igzip at level 1, in about a
 * third of zlib's level 1 time (doc/database.md and doc/performance.md, "The
 * database file's compressed forms").
 */
#define SIBLING_ZSTD_LEVEL	3
#define SIBLING_GZIP_LEVEL	1

/* One coder, compressing or decompressing; the codec's members only. */
struct coder {
	bool		 encode;
	struct isal_zstream *deflate;
	unsigned char	*deflate_level_buf;
	struct inflate_state *inflate;
	ZSTD_CCtx	*cctx;
	ZSTD_DCtx	*dctx;
};

/* Where a coder's step is, between the driver and the codec. */
struct pump {
	const unsigned char *in;
	size_t		 in_len, in_pos;
	bool		 eof;		/* in is the last of the input */
	unsigned char	*out;
	size_t		 out_len;	/* out: bytes the step produced */
};

enum step {
	STEP_GO,		/* more to do: more input, or more output */
	STEP_END,		/* the stream ended (encoder: at eof) */
	STEP_ERROR,
};

struct codec {
	const char	*name;		/* for the logs */
	const char	*suffix;
	bool		(*begin)(struct coder *c, long long size);
	enum step	(*step)(struct coder *c, struct pump *p);
	void		(*end)(struct coder *c);
};

static bool
zstd_begin(struct coder *c, long long size)
{
	if (!c->encode)
		return (c->dctx = ZSTD_createDCtx()) != NULL;
	if ((c->cctx = ZSTD_createCCtx()) == NULL)
		return false;
	/*
	 * A checksum of the content, so that any zstd client (curl, the
	 * mirror) sees a damaged transfer; the size in the frame's header,
	 * which keeps the window at level 3's 2 MiB or less.
	 */
	return !ZSTD_isError(ZSTD_CCtx_setParameter(c->cctx,
	    ZSTD_c_compressionLevel, SIBLING_ZSTD_LEVEL)) &&
	    !ZSTD_isError(ZSTD_CCtx_setParameter(c->cctx,
	    ZSTD_c_checksumFlag, 1)) &&
	    !ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(c->cctx,
	    (unsigned long long)size));
}

static enum step
zstd_step(struct coder *c, struct pump *p)
{
	ZSTD_inBuffer in = { p->in, p->in_len, p->in_pos };
	ZSTD_outBuffer out = { p->out, SIBLING_CHUNK, 0 };
	size_t left = c->encode ? ZSTD_compressStream2(c->cctx, &out, &in,
	    p->eof ? ZSTD_e_end : ZSTD_e_continue) :
	    ZSTD_decompressStream(c->dctx, &out, &in);

	p->in_pos = in.pos;
	p->out_len = out.pos;
	if (ZSTD_isError(left)) {
		log_warn("zstd: %s", ZSTD_getErrorName(left));
		return STEP_ERROR;
	}
	/* 0: the frame is whole and flushed. */
	return left == 0 && (p->eof || !c->encode) ? STEP_END : STEP_GO;
}

static void
zstd_end(struct coder *c)
{
	ZSTD_freeCCtx(c->cctx);
	ZSTD_freeDCtx(c->dctx);
}

/*
 * One gzip member (a multi-member file is not read by every client),
 * streamed through igzip; read back with its CRC and length checked.
 */
static bool
gzip_begin(struct coder *c, long long size)
{
	(void)size;
	if (!c->encode) {
		c->inflate = xmalloc(sizeof(*c->inflate));
		isal_inflate_init(c->inflate);
		c->inflate->crc_flag = ISAL_GZIP;
		return true;
	}
	c->deflate = xmalloc(sizeof(*c->deflate));
	c->deflate_level_buf = xmalloc(ISAL_DEF_LVL1_DEFAULT);
	isal_deflate_init(c->deflate);
	c->deflate->gzip_flag = IGZIP_GZIP;
	c->deflate->level = SIBLING_GZIP_LEVEL;
	c->deflate->level_buf = c->deflate_level_buf;
	c->deflate->level_buf_size = ISAL_DEF_LVL1_DEFAULT;
	c->deflate->flush = NO_FLUSH;
	return true;
}

static enum step
gzip_deflate_step(struct isal_zstream *z, struct pump *p)
{
	int rc;

	/* Our pieces are far below 4 GiB (uint32_t). */
	z->next_in = (uint8_t *)(uintptr_t)(p->in + p->in_pos);
	z->avail_in = (uint32_t)(p->in_len - p->in_pos);
	z->end_of_stream = p->eof;
	z->next_out = p->out;
	z->avail_out = SIBLING_CHUNK;
	rc = isal_deflate(z);
	p->in_pos = p->in_len - z->avail_in;
	p->out_len = SIBLING_CHUNK - z->avail_out;
	if (rc != COMP_OK) {
		log_warn("igzip: deflate error %d", rc);
		return STEP_ERROR;
	}
	return z->internal_state.state == ZSTATE_END ? STEP_END : STEP_GO;
}

static enum step
gzip_inflate_step(struct inflate_state *z, struct pump *p)
{
	int rc;

	z->next_in = (uint8_t *)(uintptr_t)(p->in + p->in_pos);
	z->avail_in = (uint32_t)(p->in_len - p->in_pos);
	z->next_out = p->out;
	z->avail_out = SIBLING_CHUNK;
	rc = isal_inflate(z);
	p->in_pos = p->in_len - z->avail_in;
	p->out_len = SIBLING_CHUNK - z->avail_out;
	if (rc < 0) {
		/* ISAL_INCORRECT_CHECKSUM among them: the CRC or the length. */
		log_warn("igzip: inflate error %d", rc);
		return STEP_ERROR;
	}
	return z->block_state == ISAL_BLOCK_FINISH ? STEP_END : STEP_GO;
}

static enum step
gzip_step(struct coder *c, struct pump *p)
{
	return c->encode ? gzip_deflate_step(c->deflate, p) :
	    gzip_inflate_step(c->inflate, p);
}

static void
gzip_end(struct coder *c)
{
	free(c->deflate);
	free(c->deflate_level_buf);
	free(c->inflate);
}

static const struct codec codec_zstd = {
	"zstd", CONTRACT_DATABASE_ZSTD_SUFFIX, zstd_begin, zstd_step, zstd_end
};
static const struct codec codec_gzip = {
	"gzip", CONTRACT_DATABASE_GZIP_SUFFIX, gzip_begin, gzip_step, gzip_end
};

/* Reads up to size bytes; 0 at the end, -1 on error. */
static ssize_t
read_some(int fd, void *into, size_t size)
{
	ssize_t n;

	do
		n = read(fd, into, size);
	while (n == -1 && errno == EINTR);
	return n;
}

typedef bool	sink_fn(void *arg, const void *data, size_t len);

/*
 * Runs what fd holds through c, passing what comes out to sink, until the
 * stream ends: an encoder at the end of fd, a decoder at its stream's end,
 * which must also be fd's (nothing may follow, nothing may be missing).
 */
static bool
pump_all(struct coder *c, const struct codec *codec, int fd, sink_fn *sink,
    void *arg)
{
	unsigned char *in = xmalloc(SIBLING_CHUNK), *out = xmalloc(SIBLING_CHUNK);
	struct pump p = { .in = in, .out = out };
	enum step s = STEP_GO;
	ssize_t n;
	bool ok = false;

	while (s == STEP_GO) {
		size_t before = p.in_pos;

		if (p.in_pos == p.in_len && !p.eof) {
			if ((n = read_some(fd, in, SIBLING_CHUNK)) == -1)
				goto out;
			p.in_len = (size_t)n;
			p.in_pos = before = 0;
			p.eof = n == 0;
		}
		s = codec->step(c, &p);
		if (p.out_len > 0 && !sink(arg, out, p.out_len))
			goto out;
		/* At the end of fd, a coder that moves no more is cut short. */
		if (s == STEP_GO && p.eof && p.in_pos == before &&
		    p.out_len == 0) {
			log_warn("%s: the stream is cut short", codec->name);
			goto out;
		}
	}
	ok = s == STEP_END && p.in_pos == p.in_len &&
	    (p.eof || read_some(fd, in, 1) == 0);
	if (s == STEP_END && !ok)
		log_warn("%s: bytes after the end of the stream", codec->name);
out:
	free(in);
	free(out);
	return ok;
}

/* A compressed form of the database being published. */
struct compressed {
	const struct codec *codec;
	int		 db_fd;
	long long	 size;		/* of the database */
	long long	 compared;	/* bytes of it found again */
	unsigned char	*expect;	/* its bytes there, when comparing */
	bool		 ok;		/* written, checked and named */
	double		 cpu[2];	/* seconds of CPU to write, to check */
};

/* Runs the database, or the file fd, through the codec. */
static bool
compressed_pump(struct compressed *z, bool encode, int fd, sink_fn *sink,
    void *arg)
{
	struct coder c = { .encode = encode };
	double started = thread_cpu_seconds();
	bool ok;

	if (!z->codec->begin(&c, z->size)) {
		log_warn("%s: cannot set up its coder", z->codec->name);
		z->codec->end(&c);
		return false;
	}
	ok = pump_all(&c, z->codec, encode ? z->db_fd : fd, sink, arg);
	z->codec->end(&c);
	z->cpu[encode ? 0 : 1] = thread_cpu_seconds() - started;
	return ok;
}

static bool
sink_write(void *arg, const void *data, size_t len)
{
	return atomic_file_write_all(*(int *)arg, data, len);
}

static bool
compressed_fill(int fd, void *ctx)
{
	struct compressed *z = ctx;

	return z->size >= 0 && lseek(z->db_fd, 0, SEEK_SET) != -1 &&
	    compressed_pump(z, true, -1, sink_write, &fd);
}

/* Whether data is the database's next len bytes. */
static bool
sink_compare(void *arg, const void *data, size_t len)
{
	struct compressed *z = arg;
	ssize_t n;

	while (len > 0) {
		if ((n = pread(z->db_fd, z->expect, len, z->compared)) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			/* The decoded stream is longer than the database. */
			return false;
		}
		if (memcmp(z->expect, data, (size_t)n) != 0)
			return false;
		z->compared += n;
		data = (const unsigned char *)data + n;
		len -= (size_t)n;
	}
	return true;
}

/* Decompresses the written file: the database's bytes, all of them. */
static bool
compressed_check(int fd, void *ctx)
{
	struct compressed *z = ctx;
	bool ok;

	z->compared = 0;
	z->expect = xmalloc(SIBLING_CHUNK);
	ok = compressed_pump(z, false, fd, sink_compare, z) &&
	    z->compared == z->size;
	free(z->expect);
	z->expect = NULL;
	return ok;
}

/* Where each compression goes, for its thread. */
struct compress_job {
	const char	*db_path;
	const char	*dir;
	ino_t		 ino;
	struct compressed z;
};

static void *
compress_run(void *arg)
{
	struct compress_job *j = arg;
	const struct sibling s = { j->z.codec->suffix, compressed_fill,
	    compressed_check, &j->z };
	struct stat st;
	double started = monotonic_seconds();

	j->z.size = -1;
	j->z.db_fd = open(j->db_path, O_RDONLY | O_CLOEXEC);
	if (j->z.db_fd == -1 || fstat(j->z.db_fd, &st) == -1)
		log_errno("cannot read %s", j->db_path);
	else
		j->z.size = (long long)st.st_size;
	/* Called all the same: it removes a stale file of that name. */
	j->z.ok = write_one(j->dir, j->ino, &s);
	if (j->z.db_fd != -1)
		(void)close(j->z.db_fd);
	if (j->z.ok)
		log_info("%s/%llu%s: %s in %.2f s (CPU: %.2f s to write, %.2f s"
		    " to check)", j->dir, (unsigned long long)j->ino, s.suffix,
		    j->z.codec->name, monotonic_seconds() - started, j->z.cpu[0],
		    j->z.cpu[1]);
	else
		log_warn("%s/%llu%s not written: /v1/database is offered without"
		    " %s", j->dir, (unsigned long long)j->ino, s.suffix,
		    j->z.codec->name);
	return NULL;
}

/* The export's files, for a thread; logged when they are not written. */
static void
export_run(const char *db_path, const char *dir, ino_t ino)
{
	/* The workers stream the export themselves when these are missing. */
	if (!write_export(db_path, dir, ino))
		log_warn("the export's files are missing: the workers will "
		    "stream /v1/medicaments/export themselves");
}

/* gzip's thread: gzip (0.3 s of CPU), then the export's files (0.1 s). */
static void *
gzip_then_export_run(void *arg)
{
	struct compress_job *j = arg;

	(void)compress_run(j);
	export_run(j->db_path, j->dir, j->ino);
	return NULL;
}

void
export_files_write(const char *db_path, const char *dir, ino_t ino)
{
	struct compress_job jobs[] = {
		{ db_path, dir, ino, { .codec = &codec_gzip, .db_fd = -1 } },
		{ db_path, dir, ino, { .codec = &codec_zstd, .db_fd = -1 } },
	};
	pthread_t gzip;
	int rc;

	/*
	 * zstd, the longest (0.4-0.5 s of CPU for the 2022 dump), on this
	 * thread; gzip then the export's files (0.4 s, and their fsyncs) on
	 * one of their own: the two cores of a small machine take both at
	 * once.
	 */
	if ((rc = pthread_create(&gzip, NULL, gzip_then_export_run,
	    &jobs[0])) != 0)
		log_warn("cannot start a thread (%s): compressing one form"
		    " after the other", strerror(rc));
	(void)compress_run(&jobs[1]);
	if (rc != 0)
		(void)gzip_then_export_run(&jobs[0]);
	else if ((rc = pthread_join(gzip, NULL)) != 0)
		/* Cannot happen with a joinable thread of ours. */
		log_warn("cannot join the gzip thread: %s", strerror(rc));
}

/* The names export_files_write gives, after the inode's digits. */
static const char *const export_files_suffixes[] = {
	CONTRACT_EXPORT_SUFFIX, CONTRACT_EXPORT_GZIP_SUFFIX,
	CONTRACT_DATABASE_ZSTD_SUFFIX, CONTRACT_DATABASE_GZIP_SUFFIX,
};
#define EXPORT_FILES_SUFFIXES \
	(sizeof(export_files_suffixes) / sizeof(export_files_suffixes[0]))

void
export_files_remove(const char *dir, ino_t ino)
{
	char path[4200];
	size_t i;

	for (i = 0; i < EXPORT_FILES_SUFFIXES; i++) {
		if (snprintf(path, sizeof(path), "%s/%llu%s", dir,
		    (unsigned long long)ino, export_files_suffixes[i]) >=
		    (int)sizeof(path)) {
			log_warn("%s: path too long", dir);
			continue;
		}
		if (unlink(path) == -1 && errno != ENOENT)
			log_errno("cannot remove %s", path);
	}
}

bool
export_files_name(const char *name, unsigned long long *ino)
{
	const char *const *suffixes = export_files_suffixes;
	size_t digits = strspn(name, "0123456789"), i;

	if (digits == 0 || digits > 20)
		return false;
	for (i = 0; i < EXPORT_FILES_SUFFIXES; i++)
		if (strcmp(name + digits, suffixes[i]) == 0) {
			*ino = strtoull(name, NULL, 10);
			return true;
		}
	return false;
}
