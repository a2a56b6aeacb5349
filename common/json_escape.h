/*
 * The one JSON string escaper (RFC 8259), for the JSON both programs write
 * by hand: log lines (log.c), the worker's errors, /health, diagnostics
 * (fcgi/json.c).
 *
 * The output is always valid UTF-8, whatever the input: JSON text must be
 * UTF-8 (RFC 8259 section 8.1) and a client's strict parser may reject the
 * whole answer for one stray byte.  So a byte that does not start a
 * well-formed UTF-8 sequence (overlongs and surrogates included) becomes
 * U+FFFD, one per byte, as a WHATWG decoder would show it.  Escaping it
 * instead is impossible: \u escapes name code points, not bytes.  json-c,
 * which renders the stored documents, copies such bytes unchanged (checked
 * with json-c 0.16): the updater decodes every text (text_decode) before
 * json-c sees it, so both kinds of output follow the same rule.
 *
 * Escaped: " and \, \n \r \t by name, every other control and DEL as
 * \u00XX.  '/' is not escaped.
 */
#ifndef MEDICAMENTS_JSON_ESCAPE_H
#define MEDICAMENTS_JSON_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/* The longest escaped form of one input character ("\u001f"). */
#define JSON_ESCAPE_MAX	6

/*
 * Escapes the character at s[0..n), n > 0: writes its escaped form to out
 * (*outlen bytes, no NUL) and returns how many input bytes it took (>= 1).
 */
size_t	json_escape_next(const char *s, size_t n, char out[JSON_ESCAPE_MAX],
	    size_t *outlen);

/* Appends s[0..n) escaped, without quotes. */
void	json_escape_append(struct buf *out, const char *s, size_t n);

/*
 * Writes s[0..n) escaped (no quotes) into dst, NUL included, at most cap
 * bytes; never cuts an escape or a character in two.  Returns the length
 * written.  No allocation: log.c uses it on its fixed buffers.
 */
size_t	json_escape_bounded(char *dst, size_t cap, const char *s, size_t n);

#endif
