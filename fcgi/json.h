/*
 * The little JSON the worker writes itself (errors, health, diagnostics):
 * every stored document is already JSON and is copied as it is.
 */
#ifndef MEDICAMENTS_FCGI_JSON_H
#define MEDICAMENTS_FCGI_JSON_H

#include <stddef.h>

#include "buf.h"

/*
 * Appends s[0..n) as a JSON string, quotes included; bytes that are not
 * UTF-8 become U+FFFD (common/json_escape.h).
 */
void	json_string(struct buf *out, const char *s, size_t n);
void	json_cstring(struct buf *out, const char *s);

#endif
