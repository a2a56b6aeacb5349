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

/* One URL of len bytes at url, without its secrets, to out. */
static void
status_public_one(struct buf *out, const char *url, size_t len)
{
	const char *host, *at, *end, *stop = url + len;
	size_t n;

	host = strstr(url, "://");
	host = host != NULL && host < stop ? host + 3 : url;
	for (end = host; end < stop && strchr("/?#", *end) == NULL; end++)
		;
	/* user:password@host: the last @ before the path ends the secret. */
	for (at = end; at > host && at[-1] != '@'; at--)
		;
	buf_append(out, url, (size_t)(host - url));
	for (n = 0; at + n < stop && at[n] != '?' && at[n] != '#'; n++)
		;
	buf_append(out, at, n);
}

void
status_public_url(struct buf *out, const char *url)
{
	const char *p = url;
	size_t len;
	bool first = true;

	for (;;) {
		p += strspn(p, " ");
		if (*p == '\0')
			break;
		len = strcspn(p, " ");
		if (!first)
			buf_putc(out, ' ');
		status_public_one(out, p, len);
		first = false;
		p += len;
	}
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
	struct buf public = BUF_INIT, base = BUF_INIT;
	char problem[512];
	size_t i;
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
	s.nfiles = 0;
	for (i = 0; i < run->file_count && s.nfiles < STATUS_FILE_MAX_FILES;
	    i++) {
		if (run->file_bases[i] == NULL)
			continue;
		buf_reset(&base);
		status_public_url(&base, run->file_bases[i]);
		snprintf(s.files[s.nfiles].file, sizeof(s.files[0].file),
		    "%s", run->files[i]);
		snprintf(s.files[s.nfiles].base, sizeof(s.files[0].base),
		    "%s", buf_str(&base));
		s.nfiles++;
	}
	buf_free(&base);
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
