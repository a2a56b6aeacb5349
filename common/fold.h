/*
 * Folding for search: the updater indexes folded names and the workers fold
 * the query the same way, so that matching is case- and accent-insensitive
 * ("ibuprofène" finds "IBUPROFENE").
 */
#ifndef MEDICAMENTS_FOLD_H
#define MEDICAMENTS_FOLD_H

#include <stddef.h>

#include "buf.h"

/*
 * Appends the folded form of the UTF-8 text s[0..n) to out: ASCII lowercase,
 * Latin letters without their diacritics (é → e, Œ → oe, ß → ss), typographic
 * apostrophes as "'".  Other characters are kept; invalid bytes are dropped.
 */
void	fold_text(struct buf *out, const char *s, size_t n);

#endif
