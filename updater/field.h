/*
 * Conversions of BDPM field values: French numbers, the two date formats,
 * and HTML reduced to text and link.  Each returns false on a value it
 * cannot read, so that the row can be reported instead of stored wrongly.
 */
#ifndef MEDICAMENTS_FIELD_H
#define MEDICAMENTS_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Reads a French decimal number into hundredths: "30,36" → 3036,
 * "4,417,08" → 441708 (a comma also groups thousands in prices above
 * 1 000), "12" → 1200, "0,5" → 50.  The last separator followed by one or two
 * digits is the decimal one; every other separator must be followed by
 * exactly three digits.  Spaces (also U+00A0) between digits are ignored.
 */
bool	field_fr_number(const char *s, size_t n, int64_t *hundredths);

/* Reads an unsigned decimal integer made of digits only, at most 18 of them. */
bool	field_integer(const char *s, size_t n, int64_t *value);

/* "DD/MM/YYYY" → "YYYY-MM-DD" (a real calendar date), iso is 11 bytes. */
bool	field_date_dmy(const char *s, size_t n, char iso[11]);

/* "YYYYMMDD" → "YYYY-MM-DD". */
bool	field_date_ymd(const char *s, size_t n, char iso[11]);

/*
 * Reduces an HTML fragment to its text (tags removed, the common entities
 * decoded, white space runs folded to one space, trimmed) and the target of
 * its first <a href="...">, empty when there is none.
 */
void	field_html(const char *s, size_t n, struct buf *text, struct buf *link);

#endif
