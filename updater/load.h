/*
 * Loads one decoded BDPM file into its table.
 */
#ifndef MEDICAMENTS_LOAD_H
#define MEDICAMENTS_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "source.h"

struct load_counts {
	int64_t	read;		/* non-empty lines */
	int64_t	stored;
	int64_t	repaired;	/* stored after their shape or a value was fixed */
	int64_t	rejected;
};

/*
 * Parses data[0..size) (UTF-8) as the rows of src and inserts them.  Rows
 * that cannot be read are counted, the first few logged, and skipped.
 * Returns false only when the database fails (the build must stop).
 */
bool	load_source(struct db *db, const struct source *src, const char *data,
	    size_t size, struct load_counts *counts);

#endif
