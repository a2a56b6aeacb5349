#include "status.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "status_file.h"

bool
status_write(const char *db_path, time_t now, double duration,
    const char *error)
{
	struct status_file s;
	struct buf path = BUF_INIT;
	char problem[512];
	bool ok;

	status_file_path(&path, db_path);
	switch (status_file_read(buf_str(&path), &s, problem,
	    sizeof(problem))) {
	case STATUS_FILE_OK:
		break;
	case STATUS_FILE_BAD:
		log_warn("%s: %s: counting failures afresh", buf_str(&path),
		    problem);
		/* FALLTHROUGH */
	case STATUS_FILE_MISSING:
		s.failures = 0;
		s.last_success = -1;
		break;
	}
	buf_free(&path);
	s.success = error == NULL;
	s.timestamp = (long long)now;
	s.duration = duration;
	if (s.success) {
		s.failures = 0;
		s.last_success = (long long)now;
		s.error[0] = '\0';
	} else {
		s.failures++;
		snprintf(s.error, sizeof(s.error), "%s", error);
	}
	if (!(ok = status_file_write(db_path, &s, problem, sizeof(problem))))
		log_error("%s", problem);
	return ok;
}
