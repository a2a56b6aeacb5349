/*
 * Replacing a file so that a reader sees the old one or the new one, never
 * a part: write a temporary file in the same directory, fsync it, rename(2)
 * it over the target, fsync the directory (the rename is durable only
 * then).  The updater publishes the database and the status file this way.
 *
 * Every function reports a failure as one line in error (path and
 * strerror) and returns false or -1.
 */
#ifndef MEDICAMENTS_ATOMIC_FILE_H
#define MEDICAMENTS_ATOMIC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Creates a temporary file from template (ending in XXXXXX, filled in
 * place), close-on-exec, with mode (set with fchmod, not left to the
 * umask: the readers may be another user).  Returns its descriptor, or -1
 * (nothing left behind).
 */
int	atomic_file_create(char *template, mode_t mode, char *error,
	    size_t error_size);

/* Writes all of data[0..len) to fd, retrying short writes and EINTR. */
bool	atomic_file_write_all(int fd, const void *data, size_t len);

/*
 * fsyncs the file temp (closed), renames it to target, fsyncs target's
 * directory.  On failure temp may still exist: the caller removes it.
 */
bool	atomic_file_commit(const char *temp, const char *target, char *error,
	    size_t error_size);

/*
 * The whole sequence for a small file: target's content becomes
 * data[0..len), with mode, through the temporary file template (created
 * with atomic_file_create, removed on failure).
 */
bool	atomic_file_replace(const char *target, char *template,
	    const void *data, size_t len, mode_t mode, char *error,
	    size_t error_size);

#endif
