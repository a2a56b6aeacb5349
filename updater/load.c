#include "load.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "field.h"
#include "log.h"
#include "text.h"
#include "tsv.h"
#include "db.h"

/* How many rejected or repaired lines of a file are logged in full. */
#define LOAD_LOGGED_LINES 3

/*
 * Builds "INSERT INTO table(ligne, columns..., twins...) VALUES(?...)".
 * The names are source.c's, never data's: SQL binds values, not names.
 */
static void
insert_sql(const struct source *src, struct buf *sql)
{
	size_t i, params = 1;

	buf_printf(sql, "INSERT INTO %s(ligne", src->table);
	for (i = 0; i < src->ncolumns; i++) {
		const struct column *c = &src->columns[i];

		if (c->name != NULL) {
			buf_printf(sql, ", %s", c->name);
			params++;
		}
		if (c->twin != NULL) {
			buf_printf(sql, ", %s", c->twin);
			params++;
		}
	}
	buf_puts(sql, ") VALUES(?");
	while (--params > 0)
		buf_puts(sql, ", ?");
	buf_putc(sql, ')');
}

/* Trims a field and folds the TABs left by a repaired row into spaces. */
static void
clean_text(const struct tsv_field *f, struct buf *out)
{
	const char *s = f->s;
	size_t n = f->n, i;

	text_trim(&s, &n);
	buf_reset(out);
	for (i = 0; i < n; i++) {
		if (s[i] == '\t') {
			while (i + 1 < n && s[i + 1] == '\t')
				i++;
			buf_putc(out, ' ');
		} else
			buf_putc(out, s[i]);
	}
}

enum bind_result { BIND_OK, BIND_FIXED, BIND_BAD, BIND_FAILED };

/*
 * The value of one field, and its twin's when the column has one (v[1]);
 * returns how many values.  *result: BIND_FIXED, the value could not be
 * read but the row is kept with NULL in its place (a bad price or date);
 * BIND_BAD, the row is unusable (a bad key).  text, extra and iso hold
 * what the values point to until they are bound (copied: they are reused).
 */
static int
field_values(const struct column *c, const struct tsv_field *f,
    struct buf *text, struct buf *extra, char iso[11], struct db_value v[2],
    enum bind_result *result, const char **why)
{
	const char *s = f->s;
	size_t n = f->n;
	int64_t number;

	*result = BIND_OK;
	text_trim(&s, &n);
	switch (c->kind) {
	case COL_INTEGER:
	case COL_INTEGER_OR_NULL:
		if (n == 0 && c->kind == COL_INTEGER_OR_NULL) {
			v[0] = DB_NULL;
			return 1;
		}
		if (!field_integer(s, n, &number) ||
		    (c->digits > 0 && n != (size_t)c->digits)) {
			*why = c->name;
			*result = BIND_BAD;
			return 0;
		}
		v[0] = DB_INT(number);
		return 1;
	case COL_TEXT_REQUIRED:
		if (n == 0) {
			*why = c->name;
			*result = BIND_BAD;
			return 0;
		}
		/* FALLTHROUGH */
	case COL_TEXT:
		clean_text(f, text);
		v[0] = DB_TEXT_COPY(buf_str(text), text->len);
		return 1;
	case COL_DATE_DMY:
	case COL_DATE_YMD:
		v[0] = DB_TEXT_COPY(s, n);
		if ((c->kind == COL_DATE_DMY ? field_date_dmy(s, n, iso) :
		    field_date_ymd(s, n, iso))) {
			v[1] = DB_TEXT_COPY(iso, 10);
		} else {
			v[1] = DB_NULL;
			if (n > 0) {
				*why = c->name;
				*result = BIND_FIXED;
			}
		}
		return 2;
	case COL_PRICE:
		if (n == 0)
			v[0] = DB_NULL;
		else if (field_fr_number(s, n, &number))
			v[0] = DB_REAL((double)number / 100.0);
		else {
			v[0] = DB_NULL;
			*why = c->name;
			*result = BIND_FIXED;
		}
		return 1;
	case COL_HTML:
		buf_reset(text);
		buf_reset(extra);
		field_html(s, n, text, extra);
		v[0] = DB_TEXT_COPY(buf_str(text), text->len);
		v[1] = extra->len > 0 ? DB_TEXT_COPY(buf_str(extra),
		    extra->len) : DB_NULL;
		return 2;
	case COL_IGNORED:
	case COL_KIND_MAX:
		break;
	}
	return 0;
}

/*
 * Binds the row's fields from parameter 2 on (1 is the line number).
 * BIND_FAILED: SQLite refused a value (logged): the load must stop.
 */
static enum bind_result
bind_row(struct db *db, sqlite3_stmt *stmt, const struct source *src,
    const struct tsv_row *row, struct buf *text, struct buf *extra,
    const char **why)
{
	enum bind_result bound = BIND_OK, r;
	struct db_value v[2];
	char iso[11];
	int param = 2, count, k;
	size_t i;

	for (i = 0; i < src->ncolumns; i++) {
		count = field_values(&src->columns[i], &row->field[i], text,
		    extra, iso, v, &r, why);
		if (r == BIND_BAD)
			return BIND_BAD;
		if (r != BIND_OK)
			bound = r;
		for (k = 0; k < count; k++)
			if (!db_bind(db, stmt, param++, v[k]))
				return BIND_FAILED;
	}
	return bound;
}

/*
 * Some BDPM files (CIS_MITM) open with a line of column titles: a first
 * line whose numeric key holds no digit at all is such a header.
 */
static bool
is_header(const struct source *src, const struct tsv_row *row)
{
	size_t i;

	if (src->columns[0].kind != COL_INTEGER || row->count < 2)
		return false;
	for (i = 0; i < row->field[0].n; i++)
		if (row->field[0].s[i] >= '0' && row->field[0].s[i] <= '9')
			return false;
	return true;
}

static void
log_line(const struct source *src, int64_t lineno, const char *what,
    const char *why, const char *line, size_t len, int64_t count)
{
	if (count > LOAD_LOGGED_LINES)
		return;
	log_warn("%s line %lld %s (%s): %.*s", src->file, (long long)lineno,
	    what, why, (int)(len > 300 ? 300 : len), line);
}

bool
load_source(struct db *db, const struct source *src, const char *data,
    size_t size, struct load_counts *counts)
{
	struct buf sql = BUF_INIT, text = BUF_INIT, extra = BUF_INIT;
	sqlite3_stmt *stmt = NULL;
	struct tsv_row row;
	const char *line, *why;
	size_t pos = 0, len;
	bool ok = false, trailing_empty;
	enum tsv_fit fit;
	enum bind_result bound;

	memset(counts, 0, sizeof(*counts));
	insert_sql(src, &sql);
	if ((stmt = db_prepare(db, buf_str(&sql))) == NULL)
		goto out;
	trailing_empty = src->columns[src->ncolumns - 1].kind == COL_IGNORED;

	while (tsv_next_line(data, size, &pos, &line, &len)) {
		bool repaired;

		tsv_split(line, len, &row);
		if (counts->read == 0 && is_header(src, &row)) {
			log_debug("%s: skipping its header line", src->file);
			continue;
		}
		counts->read++;
		fit = tsv_fit(&row, src->ncolumns, src->minimum,
		    src->text_field, trailing_empty);
		if (fit == TSV_FIT_BAD) {
			counts->rejected++;
			log_line(src, counts->read, "rejected", row.overflow ?
			    "too many fields" : "wrong number of fields",
			    line, len, counts->rejected);
			continue;
		}
		repaired = fit == TSV_FIT_REPAIRED;
		why = "shifted fields";
		db_reset(stmt);
		if (!db_bind(db, stmt, 1, DB_INT(counts->read)))
			goto out;
		bound = bind_row(db, stmt, src, &row, &text, &extra, &why);
		if (bound == BIND_FAILED)
			goto out;
		if (bound == BIND_BAD) {
			counts->rejected++;
			log_line(src, counts->read, "rejected", why, line, len,
			    counts->rejected);
			continue;
		}
		switch (db_insert(db, stmt)) {
		case DB_INSERTED:
			break;
		case DB_DUPLICATE:
			counts->rejected++;
			log_line(src, counts->read, "rejected", "duplicate key",
			    line, len, counts->rejected);
			continue;
		case DB_INSERT_FAILED:
			log_warn("loading %s failed", src->file);
			goto out;
		}
		counts->stored++;
		if (repaired || bound == BIND_FIXED) {
			counts->repaired++;
			log_line(src, counts->read, "repaired", why, line, len,
			    counts->repaired);
		}
	}
	ok = true;
out:
	db_finalize(stmt);
	buf_free(&sql);
	buf_free(&text);
	buf_free(&extra);
	return ok;
}
