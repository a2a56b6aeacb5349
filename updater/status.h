/*
 * The result of each update, for monitoring: the status file
 * DB_PATH.last-update.json (common/status_file.h has its form), rewritten
 * after every run that held the lock, successful or not.
 */
#ifndef MEDICAMENTS_STATUS_H
#define MEDICAMENTS_STATUS_H

#include <stdbool.h>
#include <time.h>

/*
 * Records a run that ended at now and took duration seconds; error is
 * NULL on success, else the run's error line.  The count of failures in a
 * row and the last success's time come from the previous file.  False
 * (logged) when the file could not be written.
 */
bool	status_write(const char *db_path, time_t now, double duration,
	    const char *error);

#endif
