/*
 * Part of the checks before publishing (check.c): the stored gzip members.
 */
#ifndef MEDICAMENTS_CHECK_GZIP_H
#define MEDICAMENTS_CHECK_GZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"

/*
 * Decompresses every `json_gz` of the database (schema.sql) and compares it
 * with its `json`: false, the first mismatch written to error, unless each
 * is one gzip member of exactly its document.
 */
bool	check_gzip(struct db *db, char *error, size_t error_size);

#endif
