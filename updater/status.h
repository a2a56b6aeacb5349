/*
 * The result of each update, for monitoring: the status file
 * DB_PATH.last-update.json (common/status_file.h has its form), rewritten
 * after every run that held the lock, successful or not.
 */
#ifndef MEDICAMENTS_STATUS_H
#define MEDICAMENTS_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"

/* What a run was, besides its result. */
struct status_run {
	const char	*mode;		/* "build" or "mirror" */
	const char	*source;	/* the URL, or the bases separated by
					   spaces (written without secrets) */
	bool		 unchanged;	/* mirror: nothing newer to publish */
	const char	*source_etag;	/* mirror: the source's ETag of the
					   database in place now, or NULL */
	const char *const *files;	/* build: the files, or NULL */
	const char *const *file_bases;	/* the base that served each, or
					   NULL when it failed */
	size_t		 file_count;
};

/*
 * Records a run that ended at now and took duration seconds; error is
 * NULL on success, else the run's error line.  The count of failures in a
 * row and the last success's time come from the previous file, and so does
 * source_etag after a failed mirror run of the same source.  False
 * (logged) when the file could not be written.
 */
bool	status_write(const char *db_path, time_t now, double duration,
	    const char *error, const struct status_run *run);

/*
 * The ETag the last mirror run of source recorded (its database is the one
 * in place, unless a build replaced it since), or "" into etag.
 */
void	status_source_etag(const char *db_path, const char *source,
	    char *etag, size_t etag_size);

/*
 * Appends url without its user information and query (secrets) to out;
 * each of them when url is several separated by spaces (a URL holds none).
 */
void	status_public_url(struct buf *out, const char *url);

#endif
