#include "status.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "status_file.h"

/* The previous status, or a blank one (no failure, no success yet). */
static void
status_previous(const char *db_path, struct status_file *s)
{
	struct buf path = BUF_INIT;
	char problem[512];

	status_file_path(&path, db_path);
	switch (status_file_read(buf_str(&path), s, problem,
	    sizeof(problem))) {
	case STATUS_FILE_OK:
		break;
	case STATUS_FILE_BAD:
		log_warn("%s: %s: counting failures afresh", buf_str(&path),
		    problem);
		/* FALLTHROUGH */
	case STATUS_FILE_MISSING:
		memset(s, 0, sizeof(*s));
		s->last_success = -1;
		break;
	}
	buf_free(&path);
}

void
status_public_url(struct buf *out, const char *url)
{
	const char *host = strstr(url, "://"), *at, *end;

	host = host != NULL ? host + 3 : url;
	end = host + strcspn(host, "/?#");
	/* user:password@host: the last @ before the path ends the secret. */
	for (at = end; at > host && at[-1] != '@'; at--)
		;
	buf_append(out, url, (size_t)(host - url));
	buf_append(out, at, strcspn(at, "?#"));
}

void
status_source_etag(const char *db_path, const char *source, char *etag,
    size_t etag_size)
{
	struct status_file s;
	struct buf public = BUF_INIT;

	status_previous(db_path, &s);
	status_public_url(&public, source);
	snprintf(etag, etag_size, "%s", strcmp(s.mode, "mirror") == 0 &&
	    strcmp(s.source, buf_str(&public)) == 0 ? s.source_etag : "");
	buf_free(&public);
}

bool
status_write(const char *db_path, time_t now, double duration,
    const char *error, const struct status_run *run)
{
	struct status_file s;
	struct buf public = BUF_INIT;
	char problem[512];
	bool ok, same_source;

	status_previous(db_path, &s);
	status_public_url(&public, run->source);
	same_source = strcmp(s.mode, run->mode) == 0 &&
	    strcmp(s.source, buf_str(&public)) == 0;
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
	snprintf(s.mode, sizeof(s.mode), "%s", run->mode);
	snprintf(s.source, sizeof(s.source), "%s", buf_str(&public));
	s.unchanged = s.success && run->unchanged;
	/* A failed run changed nothing: the database in place keeps its tag. */
	if (run->source_etag != NULL)
		snprintf(s.source_etag, sizeof(s.source_etag), "%s",
		    run->source_etag);
	else if (s.success || !same_source)
		s.source_etag[0] = '\0';
	buf_free(&public);
	if (!(ok = status_file_write(db_path, &s, problem, sizeof(problem))))
		log_error("%s", problem);
	return ok;
}
