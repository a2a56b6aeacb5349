/*
 * Text decoding and the small string helpers that both programs share.
 * Everything the project stores or serves is UTF-8.
 */
#ifndef MEDICAMENTS_TEXT_H
#define MEDICAMENTS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool	text_utf8_valid(const char *s, size_t n);

/*
 * Decodes one code point at s[0..n); returns its length in bytes, or 0 when
 * the bytes there are not well-formed UTF-8.
 */
size_t	text_utf8_next(const char *s, size_t n, uint32_t *cp);

/* Appends the UTF-8 encoding of cp (which must be a scalar value). */
void	text_utf8_put(struct buf *out, uint32_t cp);

/* Number of code points in a valid UTF-8 string. */
size_t	text_utf8_count(const char *s, size_t n);

/*
 * Appends s[0..n) to out as UTF-8: a valid UTF-8 input is copied (a leading
 * byte-order mark dropped), anything else is read as Windows-1252, the rule
 * that decodes every BDPM file.  Returns true when the input was UTF-8.
 */
bool	text_decode(struct buf *out, const char *s, size_t n);

/* Narrows [*s, *s + *n) to exclude leading and trailing ASCII white space. */
void	text_trim(const char **s, size_t *n);

/* True when s[0..n) is non-empty and made of ASCII digits only. */
bool	text_all_digits(const char *s, size_t n);

#endif
