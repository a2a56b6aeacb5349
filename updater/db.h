/*
 * The updater's SQLite helpers: every failure is logged where it happens,
 * with sqlite3_errmsg and the SQL, and reported as false/NULL so that the
 * caller abandons the build.
 */
#ifndef MEDICAMENTS_UPDATER_DB_H
#define MEDICAMENTS_UPDATER_DB_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

/* Opens (creating) a database to build; tuned for one bulk write. */
sqlite3	*db_create(const char *path);
/* Opens an existing database read-only; NULL (no log) when it can't. */
sqlite3	*db_open_readonly(const char *path);
void	 db_close(sqlite3 *db);

bool	 db_exec(sqlite3 *db, const char *sql);
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql);
/* Steps a statement that returns no row (INSERT, UPDATE), then resets it. */
bool	 db_step_done(sqlite3 *db, sqlite3_stmt *stmt);
/* First column of the first row of sql as an integer; -1 on error. */
int64_t	 db_count(sqlite3 *db, const char *sql);
bool	 db_table_exists(sqlite3 *db, const char *schema, const char *table);

bool	 db_meta_set(sqlite3 *db, const char *key, const char *value);
bool	 db_meta_set_int(sqlite3 *db, const char *key, int64_t value);

#endif
