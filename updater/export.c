#include "export.h"

#include <stdint.h>
#include <string.h>

#include <zlib.h>

#include "buf.h"
#include "db.h"
#include "digest.h"
#include "log.h"

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
export_store_document(sqlite3 *db, const char *name, const char *content_type,
    const void *content, size_t size, long long uncompressed_size,
    const char *etag)
{
	sqlite3_stmt *stmt = db_prepare(db, "INSERT OR REPLACE INTO"
	    " api_documents(nom, etag, content_type, octets_decompresses,"
	    " contenu) VALUES(?1, ?2, ?3, ?4, ?5)");
	bool ok;

	if (stmt == NULL)
		return false;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, etag, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, content_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, uncompressed_size);
	sqlite3_bind_blob64(stmt, 5, content, size, SQLITE_STATIC);
	ok = db_step_done(db, stmt);
	sqlite3_finalize(stmt);
	return ok;
}

bool
export_render(sqlite3 *db)
{
	struct gzip_writer w;
	sqlite3_stmt *stmt = NULL;
	char hex[DIGEST_HEX_SIZE], etag[ETAG_SIZE];
	bool ok = false, first = true;
	int rc;

	memset(&w, 0, sizeof(w));
	/* windowBits 15 + 16: a gzip member rather than a zlib stream. */
	if (deflateInit2(&w.z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		log_warn("export: cannot initialise zlib");
		return false;
	}
	if ((w.digest = digest_new()) == NULL)
		goto out;
	if ((stmt = db_prepare(db, "SELECT json FROM api_medicaments"
	    " ORDER BY ligne")) == NULL)
		goto out;
	if (!gzip_write(&w, "[", 1, Z_NO_FLUSH))
		goto out;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (!first && !gzip_write(&w, ",", 1, Z_NO_FLUSH))
			goto out;
		first = false;
		if (!gzip_write(&w, sqlite3_column_text(stmt, 0),
		    (size_t)sqlite3_column_bytes(stmt, 0), Z_NO_FLUSH))
			goto out;
	}
	if (rc != SQLITE_DONE) {
		log_warn("export: %s", sqlite3_errmsg(db));
		goto out;
	}
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
	sqlite3_finalize(stmt);
	deflateEnd(&w.z);
	buf_free(&w.out);
	return ok;
}
