/*
 * The result of each update, for monitoring: DB_PATH.last-update.json,
 * rewritten after every run that held the lock, successful or not (a
 * failed run publishes no database, so its result cannot live in one).
 * The workers read it for /metrics (fcgi/metrics.h).  One JSON object:
 *
 *     {"result":"failed","timestamp":1795650004,
 *      "time":"2026-11-26T06:00:04+01:00","duration_seconds":12.51,
 *      "error":"CIS_bdpm.txt: HTTP 500 after 4 attempts",
 *      "consecutive_failures":2,"last_success_timestamp":1795606804}
 *
 * "error" is null on success; "last_success_timestamp" is null until an
 * update has succeeded.  Written to a temporary file DB_PATH.new-status-*
 * (removed with the others by the next run if this one is killed) and
 * renamed into place: a reader sees the old file or the new one.
 */
#ifndef MEDICAMENTS_STATUS_H
#define MEDICAMENTS_STATUS_H

#include <stdbool.h>
#include <time.h>

/* Appended to DB_PATH; fcgi/metrics.h has the same. */
#define STATUS_SUFFIX	".last-update.json"

/*
 * Records a run that ended at now and took duration seconds; error is
 * NULL on success, else the run's error line.  The count of failures in a
 * row and the last success's time come from the previous file.  False
 * (logged) when the file could not be written.
 */
bool	status_write(const char *db_path, time_t now, double duration,
	    const char *error);

#endif
