/*
 * The updater's database layer (updater/db.c): every statement of its
 * table prepares against schema.sql, binds are checked, values keep their
 * exact bytes.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "contract.h"
#include "db.h"
#include "log.h"

static char dir[] = "/tmp/test_db.XXXXXX";

/* Statements that read the database attached as `previous`, or the change
 * feed's temporary tables (updater/changes.c): prepared in test_previous. */
static bool
needs_previous(int s)
{
	return s == DB_DETACH_PREVIOUS ||
	    strstr(db_stmt_sql(s), "previous.") != NULL ||
	    strstr(db_stmt_sql(s), "temp.change_") != NULL;
}

static void
test_statements(struct db *db)
{
	int s;

	CHECK(db_integer(db, DB_USER_VERSION, NULL, 0) ==
	    CONTRACT_SCHEMA_VERSION);
	CHECK(db_register_fold(db));
	/* The `previous` ones once a database is attached as previous. */
	for (s = 0; s < DB_STMT_MAX; s++) {
		CHECK(db_stmt_sql(s)[0] != '\0');
		if (!needs_previous(s) && db_stmt(db, s) == NULL) {
			fprintf(stderr, "statement %s\n", db_stmt_sql(s));
			CHECK(!"prepares");
		}
	}
	/* Prepared once: the same statement every time. */
	CHECK(db_stmt(db, DB_META_SET) == db_stmt(db, DB_META_SET));
}

static void
test_binds(struct db *db)
{
	static const char bytes[] = "a\0b\xc3\xa9";
	struct db_value v[] = { DB_TEXT("k"), DB_TEXT_N(bytes, 5) };
	sqlite3_stmt *st = db_stmt(db, DB_META_SET);
	const char *text;
	size_t len;
	bool ok = true;

	CHECK(db_run(db, DB_META_SET, DB_VALUES(v)));
	st = db_prepare(db, "SELECT value, length(CAST(value AS BLOB))"
	    " FROM meta WHERE key = 'k'");
	CHECK(st != NULL && db_row(db, st, &ok));
	text = db_column_text(st, 0, &len);
	CHECK(len == 5 && text != NULL && memcmp(text, bytes, 5) == 0);
	CHECK(db_column_int(st, 1) == 5);
	CHECK(!db_row(db, st, &ok) && ok);
	db_finalize(st);

	/* A parameter that is not there: refused, reported. */
	st = db_stmt(db, DB_META_SET);
	CHECK(!db_bind(db, st, 3, DB_INT(1)));
	CHECK(!db_bind(db, st, 0, DB_NULL));
	db_reset(st);
	CHECK(db_meta_set_int(db, "n", -42));
	CHECK(db_meta_set(db, "r", "x"));

	/* The single-row helper: the row's value, -1 without one. */
	CHECK(db_integer(db, DB_COUNT_META, NULL, 0) == 3);
	CHECK(db_count_rows(db, "main", "meta") == 3);
	CHECK(db_count_rows(db, "main", "no_such_table") == -1);
}

static void
test_previous(struct db *db, const char *path)
{
	struct buf uri = BUF_INIT;
	struct db_value v[1];
	int s;

	buf_printf(&uri, "file:%s?mode=ro", path);
	v[0] = DB_TEXT(buf_str(&uri));
	CHECK(db_run(db, DB_ATTACH_PREVIOUS, DB_VALUES(v)));
	CHECK(db_integer(db, DB_PREVIOUS_USER_VERSION, NULL, 0) ==
	    CONTRACT_SCHEMA_VERSION);
	CHECK(db_previous_has_table(db, "meta"));
	CHECK(!db_previous_has_table(db, "no_such_table"));
	CHECK(db_register_row_digest(db));
	CHECK(db_run(db, DB_CHANGES_TEMP_BITS, NULL, 0));
	CHECK(db_run(db, DB_CHANGES_TEMP_SHORTAGES, NULL, 0));
	for (s = 0; s < DB_STMT_MAX; s++)
		if (needs_previous(s) && s != DB_DETACH_PREVIOUS &&
		    db_stmt(db, s) == NULL) {
			fprintf(stderr, "statement %s\n", db_stmt_sql(s));
			CHECK(!"prepares with previous attached");
		}
	CHECK(db_copy_previous_rows(db, "medicaments"));
	CHECK(db_run(db, DB_DETACH_PREVIOUS, NULL, 0));
	buf_free(&uri);
}

int
main(void)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct db *db, *other;

	log_set_level(LOG_ERROR);	/* the refusals below are expected */
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	buf_printf(&a, "%s/a.db", dir);
	buf_printf(&b, "%s/b.db", dir);
	CHECK((db = db_create(buf_str(&a))) != NULL);
	CHECK(db_create_schema(db));
	test_statements(db);
	test_binds(db);
	CHECK(db_close(db));

	CHECK((other = db_create(buf_str(&b))) != NULL);
	CHECK(db_create_schema(other));
	CHECK(db_meta_set(other, "k", "v"));
	test_previous(other, buf_str(&a));
	CHECK(db_close(other));
	CHECK(db_open_readonly("/nonexistent/dir/x.db") == NULL);

	CHECK(unlink(buf_str(&a)) == 0 && unlink(buf_str(&b)) == 0);
	CHECK(rmdir(dir) == 0);
	buf_free(&a);
	buf_free(&b);
	return check_finish("test_db");
}
