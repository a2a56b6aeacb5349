/*
 * Publishing a database without ever exposing a partial one: an exclusive
 * lock so that two runs never overlap, a temporary file in the target's
 * directory, fsync, then rename(2) — atomic for the workers, which either
 * see the old file or the new one.
 */
#ifndef MEDICAMENTS_PUBLISH_H
#define MEDICAMENTS_PUBLISH_H

#include <stdbool.h>
#include <stddef.h>

struct publish_siblings;

struct publish {
	char	*target;	/* the published path (DB_PATH) */
	char	*temp;		/* the file being built, NULL when none */
	int	 lock_fd;	/* DB_PATH.lock, flock'ed; -1 when not held */
	struct publish_siblings *siblings; /* publish_prepare's, or NULL */
};

/*
 * Takes the lock DB_PATH.lock without waiting, then removes the temporary
 * files that a run killed earlier left behind.  On failure, writes why.
 */
bool	publish_lock(struct publish *p, const char *target, char *error,
	    size_t error_size);

/*
 * Creates the temporary file DB_PATH.new-XXXXXX (mode 0644), which is
 * removed if the process is interrupted by SIGINT, SIGTERM or SIGHUP.
 */
bool	publish_temp(struct publish *p, char *error, size_t error_size);

/*
 * Starts writing the temporary file's export files and compressed forms
 * (export_files_write) into DB_PATH.versions, on a thread, so that the
 * caller checks the file meanwhile: the file must not change from here
 * on.  Nothing is published yet: publish_commit waits for them and
 * publishes, publish_abandon waits for them and removes them.  Optional:
 * publish_commit writes them itself otherwise.  On failure (the file
 * cannot be stat'ed), writes why.
 */
bool	publish_prepare(struct publish *p, char *error, size_t error_size);

/*
 * Writes the temporary file's export files (or waits for publish_prepare's)
 * and links the file as DB_PATH.versions/INODE.db (contract.h), fsyncs
 * it, renames it to the target, fsyncs the directory, then removes the
 * versions older than the previous database (a link left by a failed
 * commit goes then too).  Call it only for a file that passed its checks.
 */
bool	publish_commit(struct publish *p, char *error, size_t error_size);

/*
 * Removes the temporary file (and its journal), if any, and the files
 * publish_prepare wrote for it, once written.
 */
void	publish_abandon(struct publish *p);

/* Releases the lock and frees p's strings. */
void	publish_end(struct publish *p);

#endif
