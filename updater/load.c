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

/* Builds "INSERT INTO table(ligne, columns..., twins...) VALUES(?...)". */
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

enum bind_result { BIND_OK, BIND_FIXED, BIND_BAD };

/*
 * Binds one field (and its twin) at *param.  BIND_FIXED: the value could not
 * be read but the row is kept with NULL in its place (a bad price or date);
 * BIND_BAD: the row is unusable (a bad key).
 */
static enum bind_result
bind_field(sqlite3_stmt *stmt, int *param, const struct column *c,
    const struct tsv_field *f, struct buf *text, struct buf *extra,
    const char **why)
{
	enum bind_result result = BIND_OK;
	const char *s = f->s;
	size_t n = f->n;
	int64_t number;
	char iso[11];

	text_trim(&s, &n);
	switch (c->kind) {
	case COL_INTEGER:
	case COL_INTEGER_OR_NULL:
		if (n == 0 && c->kind == COL_INTEGER_OR_NULL) {
			sqlite3_bind_null(stmt, (*param)++);
			break;
		}
		if (!field_integer(s, n, &number) ||
		    (c->digits > 0 && n != (size_t)c->digits)) {
			*why = c->name;
			return BIND_BAD;
		}
		sqlite3_bind_int64(stmt, (*param)++, number);
		break;
	case COL_TEXT_REQUIRED:
		if (n == 0) {
			*why = c->name;
			return BIND_BAD;
		}
		/* FALLTHROUGH */
	case COL_TEXT:
		clean_text(f, text);
		sqlite3_bind_text(stmt, (*param)++, buf_str(text),
		    (int)text->len, SQLITE_TRANSIENT);
		break;
	case COL_DATE_DMY:
	case COL_DATE_YMD:
		sqlite3_bind_text(stmt, (*param)++, s, (int)n,
		    SQLITE_TRANSIENT);
		if ((c->kind == COL_DATE_DMY ? field_date_dmy(s, n, iso) :
		    field_date_ymd(s, n, iso)))
			sqlite3_bind_text(stmt, (*param)++, iso, 10,
			    SQLITE_TRANSIENT);
		else {
			sqlite3_bind_null(stmt, (*param)++);
			if (n > 0) {
				*why = c->name;
				result = BIND_FIXED;
			}
		}
		break;
	case COL_PRICE:
		if (n == 0)
			sqlite3_bind_null(stmt, (*param)++);
		else if (field_fr_number(s, n, &number))
			sqlite3_bind_double(stmt, (*param)++,
			    (double)number / 100.0);
		else {
			sqlite3_bind_null(stmt, (*param)++);
			*why = c->name;
			result = BIND_FIXED;
		}
		break;
	case COL_HTML:
		buf_reset(text);
		buf_reset(extra);
		field_html(s, n, text, extra);
		sqlite3_bind_text(stmt, (*param)++, buf_str(text),
		    (int)text->len, SQLITE_TRANSIENT);
		if (extra->len > 0)
			sqlite3_bind_text(stmt, (*param)++, buf_str(extra),
			    (int)extra->len, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(stmt, (*param)++);
		break;
	case COL_IGNORED:
	case COL_KIND_MAX:
		break;
	}
	return result;
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
load_source(sqlite3 *db, const struct source *src, const char *data,
    size_t size, struct load_counts *counts)
{
	struct buf sql = BUF_INIT, text = BUF_INIT, extra = BUF_INIT;
	sqlite3_stmt *stmt = NULL;
	struct tsv_row row;
	const char *line, *why;
	size_t pos = 0, len, i;
	bool ok = false, trailing_empty;
	enum tsv_fit fit;
	enum bind_result bound;
	int param, rc;

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
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
		sqlite3_bind_int64(stmt, 1, counts->read);
		param = 2;
		bound = BIND_OK;
		for (i = 0; i < src->ncolumns && bound != BIND_BAD; i++) {
			enum bind_result r = bind_field(stmt, &param,
			    &src->columns[i], &row.field[i], &text, &extra,
			    &why);

			if (r != BIND_OK)
				bound = r;
		}
		if (bound == BIND_BAD) {
			counts->rejected++;
			log_line(src, counts->read, "rejected", why, line, len,
			    counts->rejected);
			continue;
		}
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_CONSTRAINT || (rc & 0xFF) == SQLITE_CONSTRAINT) {
			counts->rejected++;
			log_line(src, counts->read, "rejected", "duplicate key",
			    line, len, counts->rejected);
			continue;
		}
		if (rc != SQLITE_DONE) {
			log_warn("loading %s: %s", src->file,
			    sqlite3_errmsg(db));
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
	sqlite3_finalize(stmt);
	buf_free(&sql);
	buf_free(&text);
	buf_free(&extra);
	return ok;
}
