/*
 * Lines and fields of a BDPM file (TAB-separated, no quoting, no header).
 */
#ifndef MEDICAMENTS_TSV_H
#define MEDICAMENTS_TSV_H

#include <stdbool.h>
#include <stddef.h>

#define TSV_MAX_FIELDS 32

struct tsv_field {
	const char	*s;
	size_t		 n;
};

struct tsv_row {
	struct tsv_field field[TSV_MAX_FIELDS];
	size_t		 count;
	bool		 overflow;	/* more than TSV_MAX_FIELDS fields */
};

/*
 * Iterates over the lines of data[0..size): *pos is the cursor (start at 0).
 * Carriage returns at the end of a line are dropped ("\r\n", "\r\r\n") and
 * lines left empty are skipped.  Returns false at the end.
 */
bool	tsv_next_line(const char *data, size_t size, size_t *pos,
	    const char **line, size_t *len);

/* Splits a line on TABs into row (fields point into the line). */
void	tsv_split(const char *line, size_t len, struct tsv_row *row);

enum tsv_fit {
	TSV_FIT_OK,		/* the row had the expected shape */
	TSV_FIT_REPAIRED,	/* the row was brought to the expected shape */
	TSV_FIT_BAD,		/* the row cannot be brought to it */
};

/*
 * Brings row to exactly `expected` fields.  Embedded TABs inside the free
 * text field `text_field` (-1: none) add fields after it: those are merged
 * back into it, anchoring the fields that follow from the right.  A row
 * short of fields is padded with empty ones when at least `minimum` were
 * present.  A missing trailing empty field, when `trailing_empty` says the
 * format ends rows with a TAB, is not a defect.
 */
enum tsv_fit tsv_fit(struct tsv_row *row, size_t expected, size_t minimum,
	    int text_field, bool trailing_empty);

#endif
