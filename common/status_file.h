/*
 * The status file, DB_PATH.last-update.json: the result of the last update
 * run that held the lock, successful or not (a failed run publishes no
 * database, so its result cannot live in one).  The updater writes it
 * (updater/status.c decides the counts), the workers read it for /metrics.
 * One JSON object on one line:
 *
 *     {"result":"failed","timestamp":1795650004,
 *      "time":"2026-11-26T06:00:04+01:00","duration_seconds":12.51,
 *      "error":"CIS_bdpm.txt: HTTP 500 after 4 attempts",
 *      "consecutive_failures":2,"last_success_timestamp":1795606804,
 *      "mode":"build","source":"https://base-donnees-publique...",
 *      "unchanged":false,"source_etag":null,
 *      "file_bases":{"CIS_bdpm.txt":"https://base-donnees-publique...",
 *      ...}}
 *
 * "error" is null on success; "last_success_timestamp" is null until an
 * update has succeeded.  "mode" is "build" (from the BDPM files) or
 * "mirror" (a published database fetched: --mirror); "source" the URL,
 * or a build's bases (BDPM_BASE_URL) separated by spaces, each without its
 * user information nor query (an object store's signature);
 * "unchanged" true when a mirror run found nothing newer (HTTP 304, or the
 * same file); "source_etag" the ETag the source gave the database in place
 * (a mirror's next If-None-Match), null when none; "file_bases" the base
 * that served each file this run downloaded (a build's; a file that failed
 * is absent, a mirror's is {}).  The last five are absent from the files of
 * older versions: read as "build", "", false, null, {}.  Replaced
 * atomically (atomic_file.h) through DB_PATH.new-status-XXXXXX.
 */
#ifndef MEDICAMENTS_STATUS_FILE_H
#define MEDICAMENTS_STATUS_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"

/*
 * The file is a few hundred bytes, a few kilobytes with long bases; a
 * larger one is not ours.
 */
#define STATUS_FILE_MAX_BYTES	16384
/* Members of "file_bases" kept (the BDPM has 11 files). */
#define STATUS_FILE_MAX_FILES	16

/* Which base served a file. */
struct status_file_base {
	char		 file[64];	/* "CIS_bdpm.txt" */
	char		 base[320];	/* the base, without its secrets */
};

struct status_file {
	bool		 success;	/* "result": "ok" (else "failed") */
	long long	 timestamp;	/* when the run ended, Unix time */
	double		 duration;	/* seconds */
	long long	 failures;	/* failed runs in a row, this one included */
	long long	 last_success;	/* Unix time; -1: never */
	char		 error[1024];	/* the run's error line; "" on success */
	char		 mode[16];	/* "build" or "mirror" */
	char		 source[2304];	/* the URL or the bases, "" when unknown */
	bool		 unchanged;	/* a mirror run found nothing newer */
	char		 source_etag[256]; /* "" when none */
	size_t		 nfiles;	/* entries of files */
	struct status_file_base files[STATUS_FILE_MAX_FILES]; /* file_bases */
};

enum status_file_result {
	STATUS_FILE_OK,
	STATUS_FILE_MISSING,	/* no update has run yet */
	STATUS_FILE_BAD,	/* unreadable or not the updater's JSON */
};

/* Appends DB_PATH's status file path to out. */
void	status_file_path(struct buf *out, const char *db_path);

/*
 * Reads the status file at path.  STATUS_FILE_BAD says why in problem
 * (strerror, "too large", "not the updater's JSON"); s is only filled on
 * STATUS_FILE_OK.
 */
enum status_file_result status_file_read(const char *path,
	    struct status_file *s, char *problem, size_t problem_size);

/* Parses the file's text; false when it is not what the updater writes. */
bool	status_file_parse(const char *text, size_t len, struct status_file *s);

/*
 * Appends the file's text for s, newline included; false when it cannot be
 * rendered.  Bytes of error that are not UTF-8 are read as Windows-1252
 * (the error line may quote a URL or a file).
 */
bool	status_file_render(const struct status_file *s, struct buf *out);

/*
 * Replaces DB_PATH's status file with s (mode 0644: the workers may run as
 * another user).  False, with one line in error, when it could not.
 */
bool	status_file_write(const char *db_path, const struct status_file *s,
	    char *error, size_t error_size);

#endif
