/*
 * The documents' gzip members (updater/render_gzip.c), compressed on a
 * second thread and inserted by the caller: every document long enough
 * and compressible gets exactly its member, in its table, under its key,
 * across many batches; the short and the incompressible get none.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "buf.h"
#include "contract.h"
#include "db.h"
#include "log.h"
#include "render_gzip.h"

static char dir[] = "/tmp/test_render_gzip.XXXXXX";

/* Document n: JSON-like text, compressible, of a length varying with n. */
static void
document(struct buf *b, int n)
{
	int i;

	buf_reset(b);
	buf_printf(b, "{\"cis\":%d,\"items\":[", n);
	for (i = 0; i < n % 97; i++)
		buf_printf(b, "%s{\"rang\":%d,\"texte\":\"comprimé pelliculé\"}",
		    i ? "," : "", i);
	buf_puts(b, "]}");
}

/* Bytes gzip cannot shrink, longer than the minimum. */
static void
noise(struct buf *b)
{
	unsigned int x = 12345;
	int i;

	buf_reset(b);
	for (i = 0; i < 4 * CONTRACT_GZIP_MIN_BYTES; i++) {
		x = x * 1103515245u + 12345u;
		buf_putc(b, (char)(x >> 16));
	}
}

/* Whether member decompresses (zlib, not the compressor's library) to doc. */
static bool
inflates_to(const void *member, size_t n, const struct buf *doc)
{
	unsigned char *out = malloc(doc->len + 1);
	z_stream z;
	bool ok;

	memset(&z, 0, sizeof(z));
	if (out == NULL || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(out);
		return false;
	}
	z.next_in = (unsigned char *)(uintptr_t)member;
	z.avail_in = (unsigned int)n;
	z.next_out = out;
	z.avail_out = (unsigned int)doc->len + 1;
	ok = inflate(&z, Z_FINISH) == Z_STREAM_END && z.avail_in == 0 &&
	    z.total_out == doc->len && memcmp(out, doc->data, doc->len) == 0;
	inflateEnd(&z);
	free(out);
	return ok;
}

#define DOCUMENTS	3000

static void
test_members(struct db *db)
{
	struct render_gzip *q = render_gzip_open(db);
	struct buf doc = BUF_INIT;
	sqlite3_stmt *st;
	const void *member;
	size_t n;
	int i, expected = 0, found = 0;
	bool ok = true;

	for (i = 1; i <= DOCUMENTS; i++) {
		document(&doc, i);
		expected += doc.len >= CONTRACT_GZIP_MIN_BYTES;
		CHECK(render_gzip_add(q, i % 2 ? DB_INSERT_MEDICAMENT_GZ :
		    DB_INSERT_AVIS_GZ, i, doc.data, doc.len));
	}
	noise(&doc);
	CHECK(render_gzip_add(q, DB_INSERT_MEDICAMENT_GZ, DOCUMENTS + 1,
	    doc.data, doc.len));
	CHECK(render_gzip_close(q));
	CHECK(render_gzip_close(NULL));

	st = db_prepare(db, "SELECT cis, json_gz, 1 FROM api_medicaments_gz"
	    " UNION ALL SELECT cis, json_gz, 0 FROM api_avis_gz ORDER BY 1");
	CHECK(st != NULL);
	while (db_row(db, st, &ok)) {
		i = (int)db_column_int(st, 0);
		CHECK(i >= 1 && i <= DOCUMENTS);
		CHECK(db_column_int(st, 2) == i % 2);
		document(&doc, i);
		member = db_column_blob(st, 1, &n);
		CHECK(member != NULL && n < doc.len &&
		    inflates_to(member, n, &doc));
		found++;
	}
	CHECK(ok);
	db_finalize(st);
	/* Every long document has its member: none is lost between batches. */
	CHECK(found == expected && expected > DOCUMENTS / 2);
	buf_free(&doc);
}

int
main(void)
{
	struct buf path = BUF_INIT;
	struct db *db;

	log_set_level(LOG_ERROR);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	buf_printf(&path, "%s/m.db", dir);
	CHECK((db = db_create(buf_str(&path))) != NULL);
	CHECK(db_create_schema(db));
	test_members(db);
	CHECK(db_close(db));
	CHECK(unlink(buf_str(&path)) == 0);
	CHECK(rmdir(dir) == 0);
	buf_free(&path);
	return check_finish("test_render_gzip");
}
