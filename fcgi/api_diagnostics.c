/*
 * /v1/diagnostics: this worker's clock, uptime and memory, the data's age
 * and the updater's integrity report (stored JSON, copied as it is).  The
 * Go service's system keys are there with their nearest meaning in a C
 * worker (html/docs/openapi.yaml says which), ours beside them.
 */
#include <errno.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/*
 * Reads count numbers from the first line of the /proc file path that
 * starts with prefix ("" for the first line).  False when unreadable.
 */
static bool
proc_numbers(const char *path, const char *prefix, unsigned long long *v,
    int count)
{
	char line[256], *p, *end;
	size_t plen = strlen(prefix);
	bool ok = false;
	int i;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL)
		return false;
	while (!ok && fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, prefix, plen) != 0)
			continue;
		for (p = line + plen, i = 0; i < count; i++, p = end) {
			errno = 0;
			v[i] = strtoull(p, &end, 10);
			if (end == p || errno != 0)
				break;
		}
		ok = i == count;
		if (plen == 0)
			break;
	}
	if (fclose(f) == EOF)
		log_errno("fclose %s", path);
	return ok;
}

/* Resident set size in KiB from /proc/self/statm; -1 when unknown. */
static long long
rss_kib(void)
{
	unsigned long long v[2];	/* size, resident (pages) */
	long page = sysconf(_SC_PAGESIZE);

	if (page <= 0 || !proc_numbers("/proc/self/statm", "", v, 2))
		return -1;
	return (long long)(v[1] * (unsigned long long)page / 1024);
}

/*
 * The Go service's system.goroutines is how many units of execution its
 * process runs; ours is this worker's threads (1: a worker is one
 * thread), at least the one answering.
 */
static unsigned long long
threads(void)
{
	unsigned long long n;

	if (!proc_numbers("/proc/self/status", "Threads:", &n, 1) || n == 0)
		return 1;
	return n;
}

/* Bytes malloc has handed out and not got back; -1 when unknown. */
static long long
heap_in_use(void)
{
#if defined(__GLIBC__) && __GLIBC_PREREQ(2, 33)
	struct mallinfo2 mi = mallinfo2();

	return (long long)mi.uordblks;
#else
	return -1;
#endif
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
	long long rss = rss_kib(), heap = heap_in_use();
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
	/* The Go service's keys first (the OpenAPI document maps them). */
	buf_printf(&body, ",\"system\":{\"goroutines\":%llu,\"workers\":%d,"
	    "\"pid\":%ld,\"memory\":{", threads(), r->settings->workers,
	    (long)getpid());
	if (heap >= 0)
		buf_printf(&body, "\"alloc_mb\":%lld,", heap / (1024 * 1024));
	else
		buf_puts(&body, "\"alloc_mb\":null,");
	if (rss >= 0)
		buf_printf(&body, "\"sys_mb\":%lld,\"num_gc\":0,"
		    "\"rss_mb\":%lld,\"rss_kb\":%lld", rss / 1024,
		    (rss + 512) / 1024, rss);
	else
		buf_puts(&body, "\"sys_mb\":null,\"num_gc\":0,"
		    "\"rss_mb\":null,\"rss_kb\":null");
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
