/*
 * The least a worker can do for one search's answer, natively, without
 * FastCGI: read its already-rendered documents from SQLite (a blob handle
 * moved row to row, as fcgi/db.c does) into one buffer, compress it
 * (common/gzip.c, the worker's compressor), and run the search's FTS5
 * statement with the names it joins.  Prints the best of ROUNDS, in µs:
 * what no implementation of that search can go under on this machine.
 *
 *     search-floor DATABASE IDS_FILE FTS5_EXPRESSION [ROUNDS]
 *
 * IDS_FILE: the answer's CIS, one a line, in its order (bench/search-floor
 * takes them and the expression from the worker itself).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sqlite3.h>

#include "buf.h"
#include "gzip.h"

#define MAX_DOCUMENTS	1000

static double
now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static double
least(double best, double t)
{
	return t < best ? t : best;
}

int
main(int argc, char **argv)
{
	static long long ids[MAX_DOCUMENTS];
	struct buf body = BUF_INIT, gz = BUF_INIT;
	sqlite3 *db = NULL;
	sqlite3_blob *blob = NULL;
	sqlite3_stmt *fts = NULL;
	double best_read = 1e12, best_gzip = 1e12, best_fts = 1e12, t0, t1;
	int n = 0, rounds, r, i, len, candidates = 0;
	FILE *f;

	if (argc < 4 || (f = fopen(argv[2], "r")) == NULL) {
		fprintf(stderr, "usage: search-floor DATABASE IDS_FILE FTS5 [ROUNDS]\n");
		return 2;
	}
	rounds = argc > 4 ? atoi(argv[4]) : 300;
	while (n < MAX_DOCUMENTS && fscanf(f, "%lld", &ids[n]) == 1)
		n++;
	fclose(f);
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || sqlite3_exec(db, "PRAGMA mmap_size = 536870912;"
	    " BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(db, "SELECT n.id, n.nom, n.ordre"
	    " FROM recherche_medicaments(?1) AS r JOIN noms_medicaments AS n"
	    " ON n.id = r.rowid", -1, &fts, NULL) != SQLITE_OK) {
		fprintf(stderr, "search-floor: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	for (r = 0; r < rounds; r++) {
		t0 = now_us();
		buf_reset(&body);
		buf_putc(&body, '[');
		for (i = 0; i < n; i++) {
			if ((blob == NULL ? sqlite3_blob_open(db, "main",
			    "api_medicaments", "json", ids[i], 0, &blob) :
			    sqlite3_blob_reopen(blob, ids[i])) != SQLITE_OK) {
				fprintf(stderr, "search-floor: no document %lld\n",
				    ids[i]);
				return 1;
			}
			len = sqlite3_blob_bytes(blob);
			if (i > 0)
				buf_putc(&body, ',');
			buf_reserve(&body, (size_t)len);
			if (sqlite3_blob_read(blob, body.data + body.len, len, 0)
			    != SQLITE_OK)
				return 1;
			body.len += (size_t)len;
		}
		buf_putc(&body, ']');
		t1 = now_us();
		best_read = least(best_read, t1 - t0);
		buf_reset(&gz);
		if (!gzip_compress(&gz, body.data, body.len))
			return 1;
		best_gzip = least(best_gzip, now_us() - t1);
		t0 = now_us();
		candidates = 0;
		sqlite3_bind_text(fts, 1, argv[3], -1, SQLITE_STATIC);
		while (sqlite3_step(fts) == SQLITE_ROW) {
			(void)sqlite3_column_text(fts, 1);
			candidates++;
		}
		sqlite3_reset(fts);
		best_fts = least(best_fts, now_us() - t0);
	}
	printf("%d documents, %zu B (gzip %zu B): read %.0f us, gzip %.0f us,"
	    " FTS5 %.0f us (%d candidates)\n", n, body.len, gz.len, best_read,
	    best_gzip, best_fts, candidates);
	sqlite3_blob_close(blob);
	sqlite3_finalize(fts);
	sqlite3_close(db);
	buf_free(&body);
	buf_free(&gz);
	return 0;
}
