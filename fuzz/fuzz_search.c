/*
 * libFuzzer target: the search normaliser (fcgi/search_query.c, common/fold.c).
 * The input is a decoded ?search= value.  When it is accepted, its words
 * are folded, turned into the FTS5 expression the worker binds to MATCH,
 * and run against an in-memory trigram index built as the updater builds
 * it (schema.sql): FTS5 must accept every expression the worker can write
 * (a syntax error would be a 500), and must find a name that holds every
 * word (the input's own folded text is such a name: a miss would be a
 * result lost).  fold_text must write valid UTF-8 whatever it reads.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "fold.h"
#include "query.h"
#include "search_query.h"
#include "text.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input's folded text is indexed under this rowid. */
#define SELF_ROWID	1000000

static sqlite3 *db;
static sqlite3_stmt *insert, *delete, *match;

static const char *const names[] = {
	"ANASTROZOLE ACCORD 1 mg, comprimé pelliculé",
	"DOLIPRANE 1000 mg, comprimé",
	"IBUPROFÈNE BIOGARAN 400 mg, comprimé enrobé",
	"ACIDE ACÉTYLSALICYLIQUE EG LABO CONSEIL 500 mg",
	"L'OCÉAL 3,5 % - 2/3, solution (NEAR \"OR\" AND) *",
};

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_search: %s: %s\n", what, sqlite3_errmsg(db));
	abort();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct buf folded = BUF_INIT;
	size_t i;

	(void)argc;
	(void)argv;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE VIRTUAL TABLE recherche USING "
	    "fts5(nom, tokenize = 'trigram', detail = none)", NULL, NULL,
	    NULL) != SQLITE_OK)
		die("schema");
	if (sqlite3_prepare_v2(db, "INSERT INTO recherche(rowid, nom) "
	    "VALUES(?1, ?2)", -1, &insert, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "DELETE FROM recherche WHERE rowid = ?1",
	    -1, &delete, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT rowid, nom FROM recherche(?1)", -1,
	    &match, NULL) != SQLITE_OK)
		die("prepare");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		buf_reset(&folded);
		fold_text(&folded, names[i], strlen(names[i]));
		sqlite3_bind_int64(insert, 1, (sqlite3_int64)i + 1);
		sqlite3_bind_text(insert, 2, buf_str(&folded), (int)folded.len,
		    SQLITE_STATIC);
		if (sqlite3_step(insert) != SQLITE_DONE)
			die("insert");
		sqlite3_reset(insert);
	}
	buf_free(&folded);
	return 0;
}

/*
 * Counts of trigrams drawn from their bytes, unknown (-1) and none (0)
 * included: any choice of trigrams must still find the name.
 */
static long long
fake_count(void *ctx, const char *t, size_t n)
{
	unsigned h = 0;
	size_t i;

	(void)ctx;
	for (i = 0; i < n; i++)
		h = h * 31 + (unsigned char)t[i];
	return (long long)(h % 5000) - 1;
}

/* Runs expr; true when the row SELF_ROWID was among the hits. */
static int
run_match(const char *expr)
{
	int rc, self = 0;

	sqlite3_bind_text(match, 1, expr, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(match)) == SQLITE_ROW)
		if (sqlite3_column_int64(match, 0) == SELF_ROWID)
			self = 1;
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "fuzz_search: MATCH %s\n", expr);
		die("FTS5 refused the expression");
	}
	sqlite3_reset(match);
	return self;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct search_query q = SEARCH_QUERY_INIT;
	struct buf folded = BUF_INIT, fts = BUF_INIT;
	struct query_error err;
	size_t i;
	int found;

	fold_text(&folded, s, size);
	if (!text_utf8_valid(buf_str(&folded), folded.len))
		abort();
	if (!search_parse(&q, s, size, &err))
		goto out;
	if (q.nwords == 0 || q.nwords > SEARCH_MAX_WORDS)
		abort();
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		(void)search_rank(&q, names[i], strlen(names[i]));
	/* Each word is a piece of the input: its folded text ranks. */
	if (search_rank(&q, buf_str(&folded), folded.len) < 0)
		abort();
	if (!search_fts_expression(&q, fake_count, NULL, &fts))
		goto out;
	sqlite3_bind_int64(insert, 1, SELF_ROWID);
	sqlite3_bind_text(insert, 2, buf_str(&folded), (int)folded.len,
	    SQLITE_STATIC);
	if (sqlite3_step(insert) != SQLITE_DONE)
		die("insert");
	sqlite3_reset(insert);
	found = run_match(buf_str(&fts));
	sqlite3_bind_int64(delete, 1, SELF_ROWID);
	if (sqlite3_step(delete) != SQLITE_DONE)
		die("delete");
	sqlite3_reset(delete);
	if (!found) {
		fprintf(stderr, "fuzz_search: %s does not find %s\n",
		    buf_str(&fts), buf_str(&folded));
		abort();
	}
out:
	search_free(&q);
	buf_free(&folded);
	buf_free(&fts);
	return 0;
}
