/*
 * The variables of the updater's schedule, which docker/entrypoint reads
 * (the times of the updates, the intervals, mirror mode, the updater
 * itself): `medicaments-updater --check-config` checks them with the
 * updater's own, so that the entry point validates nothing in shell.
 * Errors in common/env.h's style, every one reported.
 */
#ifndef MEDICAMENTS_UPDATER_ENVIRONMENT_H
#define MEDICAMENTS_UPDATER_ENVIRONMENT_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "schedule.h"

/* docker/entrypoint's defaults (its header documents them); the times
 * and intervals are read as --at, --retry and --every are (schedule.h). */
#define ENVIRONMENT_UPDATE_TIMES	"06:00 18:00"
#define ENVIRONMENT_LOGROTATE_INTERVAL	300L	/* seconds */
#define ENVIRONMENT_MIRROR_INTERVAL	300L	/* seconds */

struct environment {
	struct schedule	 update_times;		/* UPDATE_TIMES */
	long		 update_retry_interval;	/* UPDATE_RETRY_INTERVAL */
	long		 logrotate_interval;	/* LOGROTATE_INTERVAL */
	long		 mirror_interval;	/* MIRROR_INTERVAL */
	const char	*mirror_url;		/* MIRROR_URL, or NULL */
};

/*
 * Reads and checks UPDATE_TIMES (HH:MM, 00:00 to 23:59, separated by
 * spaces or commas), UPDATE_RETRY_INTERVAL and LOGROTATE_INTERVAL (10 to
 * 999999 seconds), MIRROR_INTERVAL (1 to 999999), MIRROR_URL (https://,
 * http://, file:///), UPDATER_BIN and LIGHTTPD_RUN (executable files).  False with one
 * line per bad value appended to errors; e holds the values otherwise.
 */
bool	environment_check(struct environment *e, struct buf *errors);

/* Prints e as NAME=VALUE lines, --check-config's. */
void	environment_print(const struct environment *e, FILE *out);

#endif
