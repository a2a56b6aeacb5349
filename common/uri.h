/*
 * SQLite "file:" URIs (https://sqlite.org/uri.html), the only way to pass
 * open parameters such as mode=ro or immutable=1 with a path.
 */
#ifndef MEDICAMENTS_URI_H
#define MEDICAMENTS_URI_H

#include "buf.h"

/*
 * Appends "file:" + path + "?" + query.  The bytes SQLite would read as
 * URI syntax (%, ?, #), spaces, controls and non-ASCII are %-escaped; an
 * absolute path gets an empty authority ("file:///a") so that one that
 * starts with "//" is not read as a host.
 */
void	uri_file(struct buf *out, const char *path, const char *query);

#endif
