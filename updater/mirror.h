/*
 * medicaments-updater --mirror URL: a database that another instance
 * published (its GET /v1/database) or that an object store holds, fetched
 * instead of built.  Replicas mirror one builder so that the BDPM site
 * sees one download per update, not one per replica.
 */
#ifndef MEDICAMENTS_MIRROR_H
#define MEDICAMENTS_MIRROR_H

#include <stdbool.h>
#include <stddef.h>

#include "build.h"

/*
 * Fetches opts->source_url (If-None-Match: the tags of the database in
 * place; compressed when the source offers it, decoded as it arrives:
 * mirror.c) into a temporary file beside opts->db_path, checks it (an SQLite
 * file whole by its header, this schema version, its meta, not older than
 * the database in place, every check of --check) and publishes it like a
 * build: same lock, fsync and rename.  A 304, or the very file in place,
 * publishes nothing.  Returns false, with one line in error, when the
 * fetch or a check fails: the database in place is then untouched.  The
 * result goes to the status file either way (mode "mirror").
 */
bool	mirror_run(const struct build_options *opts, char *error,
	    size_t error_size);

#endif
