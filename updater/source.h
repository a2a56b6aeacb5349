/*
 * The BDPM source files: for each, its columns and the table it fills.
 * Everything the loader knows about a file's format is in this table
 * (source.c), so a change of the BDPM's format is a change of one entry.
 */
#ifndef MEDICAMENTS_SOURCE_H
#define MEDICAMENTS_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

enum column_kind {
	COL_INTEGER,	/* digits, required; `digits` fixes their number */
	COL_INTEGER_OR_NULL,	/* digits or empty (NULL) */
	COL_TEXT,	/* text, trimmed, may be empty */
	COL_TEXT_REQUIRED,	/* text, trimmed, not empty */
	COL_DATE_DMY,	/* DD/MM/YYYY; `twin` gets the ISO date */
	COL_DATE_YMD,	/* YYYYMMDD; `twin` gets the ISO date */
	COL_PRICE,	/* French number, euros; empty is NULL */
	COL_HTML,	/* HTML: text here, first link in `twin` */
	COL_IGNORED,	/* the empty field after a trailing TAB */
	COL_KIND_MAX
};

struct column {
	enum column_kind kind;
	const char	*name;		/* SQL column; NULL for COL_IGNORED */
	const char	*twin;		/* second SQL column, or NULL */
	int		 digits;	/* exact digit count of an integer, 0: any */
};

struct source {
	const char	*file;		/* name on the BDPM site */
	const char	*table;
	bool		 core;		/* the update fails without it */
	int		 text_field;	/* column that may hold stray TABs, -1 */
	size_t		 minimum;	/* fewer fields than this: rejected */
	size_t		 ncolumns;
	const struct column *columns;
};

extern const struct source source_files[];
extern const size_t source_count;

/* The entry for a file or table name, or NULL. */
const struct source *source_by_file(const char *file);
const struct source *source_by_table(const char *table);

#endif
