/*
 * Checks a database must pass before it is published (and that --check
 * runs on the database in place).
 */
#ifndef MEDICAMENTS_CHECK_H
#define MEDICAMENTS_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"

/* How much a table may shrink from one refresh to the next, in percent. */
#define CHECK_MAX_SHRINK_PERCENT 20

/* How many of a file's rows may be rejected before it is suspicious. */
#define CHECK_MAX_REJECTED_PERCENT 10

/*
 * PRAGMA integrity_check, every core table filled, every JSON document
 * parses, every stored gzip member decompresses to its document
 * (check_gzip.c), the export decompresses to the size recorded.  db is a connection
 * to the file at path, with no write transaction open (a second connection
 * reads it at the same time).  On failure, writes the first problem to
 * error.
 */
bool	check_database(struct db *db, const char *path, char *error,
	    size_t error_size);

/*
 * Compares each source table of `main` with the same table of the attached
 * database `previous`: false when one lost more than the limit.
 */
bool	check_shrink(struct db *db, char *error, size_t error_size);

/*
 * False when a file of this refresh had more than the limit of its rows
 * rejected: a format change or a damaged download, not data to publish.
 */
bool	check_rejections(struct db *db, char *error, size_t error_size);

#endif
