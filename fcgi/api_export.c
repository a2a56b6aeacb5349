/*
 * /v1/medicaments/export: every medicament in page order, about 20 MB of
 * JSON.  FastCGI: lighttpd sends the updater's export file of the
 * database this worker has open (X-Sendfile, contract.h), from the page
 * cache, holding no copy for a slow reader.  Otherwise (CGI, or a
 * database published without its files) never held in memory either: a
 * client taking gzip gets the stored gzip member (api_documents
 * 'export.json.gz') read in pieces, any other gets the documents streamed
 * one row at a time.
 */
#include <stdlib.h>
#include <sys/stat.h>

#include "buf.h"
#include "contract.h"
#include "data_answer.h"
#include "handlers.h"
#include "log.h"
#include "request.h"
#include "response.h"
#include "settings.h"
#include "writer.h"
#include "xalloc.h"

#define EXPORT_DOCUMENT		"export.json.gz"
#define EXPORT_CHUNK		(64 * 1024)

struct stream {
	struct writer	*out;
	bool		 first;
};

static bool
put_row(void *ctx, const char *json, size_t len)
{
	struct stream *s = ctx;

	if (!s->first && !writer_put(s->out, ",", 1))
		return false;
	s->first = false;
	return writer_put(s->out, json, len);
}

/* Sends the stored gzip member; false when there is none to send. */
static bool
send_gzip(struct request *r, const struct reply *rp)
{
	struct db_document doc;
	char *chunk = NULL;
	long long off;
	int n;
	bool sent = false;

	if (db_document_open(r->db, EXPORT_DOCUMENT, &doc) != DB_OK)
		return false;	/* logged there; the identity stream is next */
	if (doc.size <= 0 || doc.size > 0x7FFFFFFF) {
		log_error("%s: %lld bytes, not sent", EXPORT_DOCUMENT,
		    doc.size);
		goto out;
	}
	sent = true;
	if (!response_begin(r, rp, doc.size, "gzip") ||
	    r->method == METHOD_HEAD)
		goto out;
	chunk = xmalloc(EXPORT_CHUNK);
	for (off = 0; off < doc.size; off += n) {
		n = doc.size - off < EXPORT_CHUNK ? (int)(doc.size - off) :
		    EXPORT_CHUNK;
		/* Headers are out: a failure can only cut the body. */
		if (db_document_read(&doc, chunk, n, (int)off) != DB_OK ||
		    !writer_put(r->out, chunk, (size_t)n))
			break;
	}
out:
	free(chunk);
	db_document_close(&doc);
	return sent;
}

/*
 * Names the export file of the worker's open database to lighttpd; false
 * when there is none to name (CGI, no such file).
 */
static bool
send_file(struct request *r, struct reply *rp, bool gzip)
{
	const char *db_path = r->settings->db_path;
	struct buf path = BUF_INIT, extra = BUF_INIT;
	struct stat st;
	bool sent = false;

	/* lighttpd takes absolute paths only (x-sendfile-docroot). */
	if (!r->xsendfile || db_path[0] != '/')
		return false;
	db_version_file(r->db, gzip ? CONTRACT_EXPORT_GZIP_SUFFIX :
	    CONTRACT_EXPORT_SUFFIX, &path);
	if (stat(buf_str(&path), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0) {
		response_put_sendfile(&extra, buf_str(&path));
		rp->extra = buf_str(&extra);
		(void)response_begin(r, rp, -1, gzip ? "gzip" : NULL);
		rp->extra = NULL;
		sent = true;
	}
	buf_free(&extra);
	buf_free(&path);
	return sent;
}

void
export_serve(struct request *r)
{
	struct stream s = { .out = r->out, .first = true };
	static const enum coding offered[] = { CODING_GZIP, CODING_IDENTITY };
	struct db_document doc;
	long long length = -1;
	enum coding c;
	struct data_answer a;
	struct reply *rp = &a.reply;

	if (!data_answer_open(r, &a, "export", ""))
		return;
	if ((c = response_coding(r, offered, 2)) == CODING_COUNT)
		return;
	if (send_file(r, rp, c == CODING_GZIP))
		return;
	if (c == CODING_GZIP && send_gzip(r, rp))
		return;
	/*
	 * The rows joined below are the very text the updater compressed, so
	 * the stored export's uncompressed size is this answer's length: GET
	 * and HEAD both announce it.
	 */
	if (db_document_open(r->db, EXPORT_DOCUMENT, &doc) == DB_OK) {
		length = doc.octets_decompresses;
		db_document_close(&doc);
	}
	if (!response_begin(r, rp, length, NULL) || r->method == METHOD_HEAD)
		return;
	if (!writer_put(r->out, "[", 1))
		return;
	if (db_export(r->db, put_row, &s) != DB_OK) {
		log_error("export cut short by a database error");
		return;
	}
	writer_put(r->out, "]", 1);
}
