/*
 * The stored gzip members (schema.sql *_gz): a worker sends them as
 * they are, unread, to every client that accepts gzip, so a member that
 * does not decompress to its document exactly must never be published.
 */
#include "check_gzip.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <isa-l/igzip_lib.h>

#include "buf.h"
#include "db.h"
#include "log.h"
#include "xalloc.h"

/*
 * Every stored member with its table, key and document (NULL: a member
 * without its document, refused too).  Its own statement, not one of
 * db.c's table: run once per build, by this check alone.
 */
#define GZIP_ROWS(table, key)						\
	"SELECT '" table "', g." key ", t.json, g.json_gz FROM "	\
	table "_gz AS g LEFT JOIN " table " AS t ON t." key " = g." key
static const char check_gzip_sql[] =
	GZIP_ROWS("api_medicaments", "cis") " UNION ALL "
	GZIP_ROWS("api_presentations", "cip13") " UNION ALL "
	GZIP_ROWS("api_generiques", "groupe") " UNION ALL "
	GZIP_ROWS("api_avis", "cis") " UNION ALL "
	GZIP_ROWS("api_medicament_disponibilites", "cis") " UNION ALL "
	GZIP_ROWS("api_medicament_mitm", "cis");

/*
 * Whether member[0..n) is one gzip member of exactly json[0..len), its CRC
 * and length checked, nothing after it: it is decompressed into out, grown
 * to the document's size and reused from one row to the next.
 */
static bool
member_matches(struct inflate_state *st, struct buf *out,
    const void *member, size_t n, const char *json, size_t len)
{
	if (n > UINT32_MAX || len >= UINT32_MAX)
		return false;
	buf_reset(out);
	buf_reserve(out, len + 1);
	isal_inflate_init(st);
	st->crc_flag = ISAL_GZIP;
	st->next_in = (uint8_t *)(uintptr_t)member;
	st->avail_in = (uint32_t)n;
	st->next_out = (uint8_t *)out->data;
	/* Room for one byte more than the document: a longer one is caught. */
	st->avail_out = (uint32_t)len + 1;
	return isal_inflate_stateless(st) == ISAL_DECOMP_OK &&
	    st->avail_in == 0 && st->total_out == len &&
	    memcmp(out->data, json, len) == 0;
}

bool
check_gzip(struct db *db, char *error, size_t error_size)
{
	struct inflate_state *inflate = xmalloc(sizeof(*inflate));
	struct buf out = BUF_INIT;
	sqlite3_stmt *st = NULL;
	const char *json, *table;
	const void *member;
	size_t len, n, tlen;
	bool ok = false, read = true;

	if ((st = db_prepare(db, check_gzip_sql)) == NULL) {
		snprintf(error, error_size, "cannot read the gzip members: %s",
		    db_errmsg(db));
		goto out;
	}
	while (db_row(db, st, &read)) {
		json = db_column_text(st, 2, &len);
		member = db_column_blob(st, 3, &n);
		if (json == NULL || member == NULL ||
		    !member_matches(inflate, &out, member, n, json, len)) {
			table = db_column_text(st, 0, &tlen);
			snprintf(error, error_size, "%s %lld: json_gz does not "
			    "decompress to its json", table != NULL ? table :
			    "?", (long long)db_column_int(st, 1));
			goto out;
		}
	}
	if (!read) {
		snprintf(error, error_size, "cannot read the gzip members: %s",
		    db_errmsg(db));
		goto out;
	}
	ok = true;
out:
	db_finalize(st);
	free(inflate);
	buf_free(&out);
	return ok;
}
