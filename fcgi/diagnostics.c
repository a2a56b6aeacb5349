/*
 * /v1/diagnostics: this worker's clock, uptime and memory, the data's age
 * and the updater's integrity report (stored JSON, copied as it is).
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "handlers.h"
#include "json.h"
#include "log.h"
#include "request.h"
#include "response.h"
#include "settings.h"
#include "timefmt.h"

#define INTEGRITY_DOCUMENT	"data_integrity"

static time_t diagnostics_started;

/* Resident set size in KiB from /proc/self/statm; -1 when unknown. */
static long long
rss_kib(void)
{
	unsigned long long size, resident;
	long page = sysconf(_SC_PAGESIZE);
	long long kib = -1;
	FILE *f;

	if (page <= 0 || (f = fopen("/proc/self/statm", "re")) == NULL)
		return -1;
	if (fscanf(f, "%llu %llu", &size, &resident) == 2)
		kib = (long long)(resident * (unsigned long long)page / 1024);
	if (fclose(f) == EOF)
		log_errno("fclose /proc/self/statm");
	return kib;
}

void
diagnostics_start(time_t now)
{
	diagnostics_started = now;
}

void
diagnostics_serve(struct request *r)
{
	const struct db_meta *m = db_meta(r->db);
	struct buf body = BUF_INIT, integrity = BUF_INIT;
	char now[TIMEFMT_ISO_SIZE], next[TIMEFMT_ISO_SIZE];
	char etag[ETAG_SIZE];
	struct reply rp = {
		.status = 200,
		.cache_control = CACHE_DIAGNOSTICS,
		.last_modified = true,
	};
	long long rss = rss_kib();
	double age;
	enum db_result res;

	if (!timefmt_iso_local(now, r->now) ||
	    !timefmt_iso_local(next, timefmt_next_update(r->now))) {
		response_error(r, 500, NULL, "Could not format the time");
		goto out;
	}
	res = db_document_text(r->db, INTEGRITY_DOCUMENT, &integrity, NULL);
	if (res == DB_ERROR) {
		response_error(r, 500, NULL, "Could not read the database");
		goto out;
	}
	age = (double)(r->now - (time_t)m->last_update_epoch) / 3600;
	buf_puts(&body, "{\"timestamp\":");
	json_cstring(&body, now);
	buf_printf(&body, ",\"uptime_seconds\":%lld,\"next_update\":",
	    (long long)(r->now - diagnostics_started));
	json_cstring(&body, next);
	buf_printf(&body, ",\"data_age_hours\":%.2f,\"last_update\":",
	    age < 0 ? 0 : age);
	json_cstring(&body, m->last_update);
	buf_printf(&body, ",\"system\":{\"workers\":%d,\"pid\":%ld,"
	    "\"memory\":{", r->settings->workers, (long)getpid());
	if (rss >= 0)
		buf_printf(&body, "\"rss_mb\":%lld,\"rss_kb\":%lld",
		    (rss + 512) / 1024, rss);
	else
		buf_puts(&body, "\"rss_mb\":null,\"rss_kb\":null");
	buf_puts(&body, "}},\"data_integrity\":");
	/* The updater's JSON as it is; null when this file has none. */
	if (res == DB_OK && integrity.len > 0)
		buf_append(&body, integrity.data, integrity.len);
	else
		buf_puts(&body, "null");
	buf_putc(&body, '}');
	if (etag_of(etag, body.data, body.len))
		rp.etag = etag;
	if (!response_not_modified(r, &rp))
		response_send(r, &rp, body.data, body.len);
out:
	buf_free(&body);
	buf_free(&integrity);
}
