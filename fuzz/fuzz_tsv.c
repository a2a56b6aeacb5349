/*
 * libFuzzer target: the updater's reading of a BDPM file.  The first byte
 * picks one of the 11 files (its column table, updater/source.c), the rest
 * is that file's bytes: decoded (UTF-8 or Windows-1252), cut into lines,
 * split on TABs, brought to the file's shape (tsv_fit), each field read by
 * every conversion of updater/field.c, and the whole loaded by load_source
 * into an in-memory database built from schema.sql (rolled back after each
 * input).  Besides the sanitizers, it checks what the loader relies on:
 * decoded and converted text is valid UTF-8, a fitted row has exactly the
 * file's columns and every field lies inside its line, dates come out as
 * real ISO dates, every line read is stored or rejected, and the database
 * never fails.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "field.h"
#include "load.h"
#include "log.h"
#include "source.h"
#include "text.h"
#include "tsv.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *db;

static void
require(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_tsv: broken: %s\n", what);
		abort();
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_set_level(LOG_ERROR);
	require((db = db_open_memory()) != NULL, "open");
	require(db_create_schema(db), "schema.sql");
	return 0;
}

/* Runs fixed SQL that returns no row (the savepoint around each input). */
static bool
run(const char *sql)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	bool ok = st != NULL && db_step_done(db, st);

	db_finalize(st);
	return ok;
}

static void
check_date(const char *iso)
{
	size_t i;

	require(strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-',
	    "ISO date shape");
	for (i = 0; i < 10; i++)
		require(i == 4 || i == 7 || (iso[i] >= '0' && iso[i] <= '9'),
		    "ISO date digits");
}

/* Every conversion on one field. */
static void
convert(const struct tsv_field *f)
{
	struct buf text = BUF_INIT, link = BUF_INIT;
	const char *s = f->s;
	size_t n = f->n;
	int64_t v;
	char iso[11];

	text_trim(&s, &n);
	if (field_integer(s, n, &v))
		require(v >= 0, "integer sign");
	if (field_fr_number(s, n, &v))
		require(v >= 0, "price sign");
	if (field_date_dmy(s, n, iso))
		check_date(iso);
	if (field_date_ymd(s, n, iso))
		check_date(iso);
	field_html(s, n, &text, &link);
	require(text_utf8_valid(buf_str(&text), text.len), "HTML text UTF-8");
	require(text_utf8_valid(buf_str(&link), link.len), "HTML link UTF-8");
	buf_free(&text);
	buf_free(&link);
}

static void
split_and_fit(const struct source *src, const char *data, size_t size)
{
	bool trailing_empty =
	    src->columns[src->ncolumns - 1].kind == COL_IGNORED;
	struct tsv_row row;
	const char *line;
	size_t pos = 0, len, i;

	while (tsv_next_line(data, size, &pos, &line, &len)) {
		require(len > 0 && line >= data && line + len <= data + size,
		    "line inside the data");
		require(memchr(line, '\n', len) == NULL, "one line");
		tsv_split(line, len, &row);
		require(row.count >= 1 && row.count <= TSV_MAX_FIELDS,
		    "field count");
		if (tsv_fit(&row, src->ncolumns, src->minimum,
		    src->text_field, trailing_empty) == TSV_FIT_BAD)
			continue;
		require(row.count == src->ncolumns, "fitted to the columns");
		for (i = 0; i < row.count; i++) {
			const struct tsv_field *f = &row.field[i];

			require(f->n == 0 || (f->s >= line &&
			    f->s + f->n <= line + len), "field inside the line");
			convert(f);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct source *src;
	struct buf decoded = BUF_INIT;
	struct load_counts counts;

	if (size == 0)
		return 0;
	src = &source_files[data[0] % source_count];
	(void)text_decode(&decoded, (const char *)data + 1, size - 1);
	require(text_utf8_valid(buf_str(&decoded), decoded.len),
	    "decoded text is UTF-8");
	split_and_fit(src, buf_str(&decoded), decoded.len);
	require(run("SAVEPOINT fuzz"), "savepoint");
	require(load_source(db, src, buf_str(&decoded), decoded.len, &counts),
	    "load_source: the database failed");
	require(counts.read == counts.stored + counts.rejected &&
	    counts.repaired <= counts.stored, "counts");
	require(run("ROLLBACK TO fuzz") && run("RELEASE fuzz"),
	    "rollback");
	buf_free(&decoded);
	return 0;
}
