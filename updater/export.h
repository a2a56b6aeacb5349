/*
 * The documents rendered from the whole database: the gzip export and the
 * data-integrity report, both stored in api_documents.
 */
#ifndef MEDICAMENTS_EXPORT_H
#define MEDICAMENTS_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"

/*
 * Stores 'export.json.gz': the JSON array of every medicament in page order,
 * compressed as it is produced so that the 20 MB text is never held whole.
 */
bool	export_render(struct db *db);

/* Stores 'data_integrity', the report of /v1/diagnostics. */
bool	integrity_render(struct db *db);

/*
 * Inflates the stored gzip member blob[0..size) (igzip), passing the
 * text to out in pieces of at most 256 KiB.  False when it is not one
 * valid gzip member, CRC-32 and length checked, with nothing after it, or
 * when out returns false.
 */
typedef bool	export_out_fn(void *arg, const void *text, size_t len);
bool	export_inflate(const void *blob, size_t size, export_out_fn *out,
	    void *arg);

/* Stores one api_documents row. */
bool	export_store_document(struct db *db, const char *name,
	    const char *content_type, const void *content, size_t size,
	    long long uncompressed_size, const char *etag);

#endif
