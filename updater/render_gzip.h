/*
 * The documents' gzip members (schema.sql *_gz), compressed on a second
 * thread while the caller goes on rendering: compression was a quarter of
 * the rendering's time on one core, and the machine has two.
 */
#ifndef MEDICAMENTS_UPDATER_RENDER_GZIP_H
#define MEDICAMENTS_UPDATER_RENDER_GZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct render_gzip;

/* A queue whose members are inserted on db (the caller's thread only). */
struct render_gzip *render_gzip_open(struct db *db);
/*
 * Queues the member of json[0..len) (copied) for `insert` (key, member):
 * none when the document is too short for gzip to pay.  The members of
 * earlier documents may be inserted meanwhile, in the order they came.
 */
bool	render_gzip_add(struct render_gzip *q, enum db_stmt insert,
	    int64_t key, const char *json, size_t len);
/*
 * Inserts every member still queued and frees q (NULL: nothing); false if
 * any compression or insert failed, since the queue was opened.
 */
bool	render_gzip_close(struct render_gzip *q);

#endif
