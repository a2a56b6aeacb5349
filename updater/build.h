/*
 * One refresh: download, decode, load, render, check, publish.
 */
#ifndef MEDICAMENTS_BUILD_H
#define MEDICAMENTS_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "download.h"

struct build_options {
	const char	*source_url;	/* build: bases.list; mirror: its URL */
	struct download_bases bases;	/* build: where the files are, in the
					   order they are tried */
	const char	*db_path;
	bool		 force;		/* accept tables that shrink */
	long		 changes_retention_days; /* CHANGES_RETENTION_DAYS */
	struct download_options download;
};

/*
 * Builds a new database and publishes it at db_path.  Returns false, with
 * one line in error, when anything fails; the database in place is then
 * untouched and no temporary file is left.
 */
bool	build_run(const struct build_options *opts, char *error,
	    size_t error_size);

#endif
