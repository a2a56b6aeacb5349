#include "export.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "buf.h"
#include "digest.h"
#include "log.h"
#include "xalloc.h"

/*
 * zlib's level for the stored export: 1 halves level 6's time in the
 * build for a member a fifth larger (2022 dump: 0.1 s, 2.2 MB against
 * 0.26 s, 1.8 MB; ARCHITECTURE.md, "The updater's memory").
 */
#define EXPORT_GZIP_LEVEL	1

struct gzip_writer {
	z_stream	 z;
	struct buf	 out;
	struct digest	*digest;	/* of the uncompressed text: its etag */
	long long	 size;		/* uncompressed bytes */
};

static bool
gzip_write(struct gzip_writer *w, const void *data, size_t len, int flush)
{
	int rc;

	digest_update(w->digest, data, len);
	w->size += (long long)len;
	w->z.next_in = (Bytef *)(uintptr_t)data;
	w->z.avail_in = (uInt)len;
	do {
		buf_reserve(&w->out, 65536);
		w->z.next_out = (Bytef *)w->out.data + w->out.len;
		w->z.avail_out = (uInt)(w->out.cap - w->out.len - 1);
		rc = deflate(&w->z, flush);
		if (rc == Z_STREAM_ERROR) {
			log_warn("export: deflate failed");
			return false;
		}
		w->out.len = w->out.cap - 1 - w->z.avail_out;
	} while (w->z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
	return true;
}

bool
export_store_document(struct db *db, const char *name,
    const char *content_type, const void *content, size_t size,
    long long uncompressed_size, const char *etag)
{
	struct db_value v[] = {
		DB_TEXT(name),
		DB_TEXT(etag),
		DB_TEXT(content_type),
		DB_INT(uncompressed_size),
		DB_BLOB(content, size),
	};

	return db_run(db, DB_STORE_DOCUMENT, DB_VALUES(v));
}

bool
export_render(struct db *db)
{
	struct gzip_writer w;
	sqlite3_stmt *stmt = NULL;
	char hex[DIGEST_HEX_SIZE], etag[ETAG_SIZE];
	const char *json;
	size_t len;
	bool ok = false, first = true, read = true;

	memset(&w, 0, sizeof(w));
	/* windowBits 15 + 16: a gzip member rather than a zlib stream. */
	if (deflateInit2(&w.z, EXPORT_GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		log_warn("export: cannot initialise zlib");
		return false;
	}
	if ((w.digest = digest_new()) == NULL)
		goto out;
	if ((stmt = db_stmt(db, DB_EXPORT_ROWS)) == NULL)
		goto out;
	if (!gzip_write(&w, "[", 1, Z_NO_FLUSH))
		goto out;
	while (db_row(db, stmt, &read)) {
		if (!first && !gzip_write(&w, ",", 1, Z_NO_FLUSH))
			goto out;
		first = false;
		json = db_column_text(stmt, 0, &len);
		if (!gzip_write(&w, json, len, Z_NO_FLUSH))
			goto out;
	}
	if (!read)
		goto out;
	if (!gzip_write(&w, "]", 1, Z_FINISH))
		goto out;
	ok = digest_finish(w.digest, hex);
	w.digest = NULL;
	if (!ok)
		goto out;
	memcpy(etag, hex, ETAG_SIZE - 1);
	etag[ETAG_SIZE - 1] = '\0';
	ok = export_store_document(db, "export.json.gz", "application/json",
	    w.out.data, w.out.len, w.size, etag);
out:
	digest_free(w.digest);
	if (stmt != NULL)
		db_reset(stmt);
	deflateEnd(&w.z);
	buf_free(&w.out);
	return ok;
}

#define EXPORT_PIECE	(256 * 1024)

bool
export_inflate(const void *blob, size_t size, export_out_fn *out, void *arg)
{
	/* On the heap: the checks may run on another thread meanwhile. */
	unsigned char *piece;
	z_stream z;
	int rc = Z_OK;
	bool ok = true;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return false;
	piece = xmalloc(EXPORT_PIECE);
	/* The export is far below 4 GB (uInt): the whole blob at once. */
	z.next_in = (Bytef *)(uintptr_t)blob;
	z.avail_in = (uInt)size;
	while (ok && rc == Z_OK) {
		z.next_out = piece;
		z.avail_out = EXPORT_PIECE;
		rc = inflate(&z, Z_NO_FLUSH);
		ok = (rc == Z_OK || rc == Z_STREAM_END) &&
		    out(arg, piece, EXPORT_PIECE - z.avail_out);
	}
	free(piece);
	(void)inflateEnd(&z);
	return ok && rc == Z_STREAM_END;
}
