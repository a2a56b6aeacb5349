#include "metrics.h"

#include <sys/stat.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accesslog_state.h"
#include "buf.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "request.h"
#include "response.h"
#include "settings.h"
#include "worker_shm.h"
#include "status_file.h"

static const char *const metrics_methods[SHARED_METHODS] = {
	[METHOD_GET] = "GET",
	[METHOD_HEAD] = "HEAD",
	[METHOD_OPTIONS] = "OPTIONS",	/* preflights: status 204 */
	[METHOD_OTHER] = "OTHER",
};
_Static_assert(METHOD_OTHER + 1 == SHARED_METHODS, "methods counted");

/*
 * Upper bounds of the latency buckets, in microseconds and as the "le"
 * label; the last bucket is +Inf.  250 ms is one: the p99 alert's limit.
 */
static const struct {
	long long	 us;
	const char	*le;
} metrics_bounds[SHARED_BUCKETS - 1] = {
	{ 500, "0.0005" }, { 1000, "0.001" }, { 2500, "0.0025" },
	{ 5000, "0.005" }, { 10000, "0.01" }, { 25000, "0.025" },
	{ 50000, "0.05" }, { 100000, "0.1" }, { 250000, "0.25" },
	{ 500000, "0.5" }, { 1000000, "1" }, { 2500000, "2.5" },
	{ 5000000, "5" }, { 10000000, "10" },
};

static int
method_index(enum method m)
{
	return (unsigned)m < SHARED_METHODS ? (int)m : METHOD_OTHER;
}

void
metrics_begin(struct request *r)
{
	struct shared_worker *w;

	if (r->shared == NULL || (w = shared_worker(r->shared)) == NULL)
		return;
	atomic_store_explicit(&w->busy, 1, memory_order_relaxed);
}

void
metrics_end(struct request *r, enum route_id id)
{
	struct shared_state *st;
	struct shared_latency *lat;
	struct timespec end;
	long long us = 0;
	int m, status, b;

	if (r->shared == NULL)
		return;
	st = r->shared->st;
	if ((unsigned)id >= ROUTE_ID_MAX)
		id = ROUTE_NONE;
	m = method_index(r->method);
	status = r->status;
	/* Never happens (an answer is always sent): counted as a 500. */
	if (status < SHARED_STATUS_FIRST ||
	    status >= SHARED_STATUS_FIRST + SHARED_STATUSES)
		status = 500;
	if (clock_gettime(CLOCK_MONOTONIC, &end) == 0 &&
	    (r->started.tv_sec != 0 || r->started.tv_nsec != 0))
		us = (long long)(end.tv_sec - r->started.tv_sec) * 1000000 +
		    (end.tv_nsec - r->started.tv_nsec) / 1000;
	if (us < 0)
		us = 0;
	for (b = 0; b < SHARED_BUCKETS - 1 && us > metrics_bounds[b].us; b++)
		;
	lat = &st->latency[id][m];
	atomic_fetch_add_explicit(&st->requests[id][m]
	    [status - SHARED_STATUS_FIRST], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&lat->bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&lat->sum_us, (unsigned long long)us,
	    memory_order_relaxed);
	if (r->shared->self != NULL)
		atomic_store_explicit(&r->shared->self->busy, 0,
		    memory_order_relaxed);
}

static unsigned long long
load(atomic_ullong *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

static void
family(struct buf *b, const char *name, const char *type, const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
put_requests(struct buf *b, struct shared_state *st)
{
	unsigned long long n;
	int id, m, s;

	family(b, "http_request_total", "counter", "Requests answered by the "
	    "workers, by method, route template and status.");
	for (id = 0; id < ROUTE_ID_MAX; id++)
		for (m = 0; m < SHARED_METHODS; m++)
			for (s = 0; s < SHARED_STATUSES; s++) {
				if ((n = load(&st->requests[id][m][s])) == 0)
					continue;
				buf_printf(b, "http_request_total{method=\"%s\","
				    "route=\"%s\",status=\"%d\"} %llu\n",
				    metrics_methods[m], route_name(id),
				    s + SHARED_STATUS_FIRST, n);
			}
}

static void
put_latency(struct buf *b, struct shared_state *st)
{
	unsigned long long bucket[SHARED_BUCKETS], total, sum_us;
	struct shared_latency *lat;
	int id, m, i;

	family(b, "http_request_duration_seconds", "histogram", "Time the "
	    "workers took to answer, by method and route template.");
	for (id = 0; id < ROUTE_ID_MAX; id++)
		for (m = 0; m < SHARED_METHODS; m++) {
			lat = &st->latency[id][m];
			/*
			 * One read of each bucket, cumulated here: the count
			 * is the +Inf bucket whatever lands meanwhile.
			 */
			for (total = 0, i = 0; i < SHARED_BUCKETS; i++)
				total += bucket[i] = load(&lat->bucket[i]);
			if (total == 0)
				continue;
			sum_us = load(&lat->sum_us);
			for (total = 0, i = 0; i < SHARED_BUCKETS; i++) {
				total += bucket[i];
				buf_printf(b, "http_request_duration_seconds_bucket"
				    "{method=\"%s\",route=\"%s\",le=\"%s\"} %llu\n",
				    metrics_methods[m], route_name(id),
				    i < SHARED_BUCKETS - 1 ?
				    metrics_bounds[i].le : "+Inf", total);
			}
			buf_printf(b, "http_request_duration_seconds_sum"
			    "{method=\"%s\",route=\"%s\"} %llu.%06llu\n"
			    "http_request_duration_seconds_count"
			    "{method=\"%s\",route=\"%s\"} %llu\n",
			    metrics_methods[m], route_name(id),
			    sum_us / 1000000, sum_us % 1000000,
			    metrics_methods[m], route_name(id), total);
		}
}

static void
put_in_flight(struct buf *b, struct shared_state *st)
{
	struct shared_worker *w;
	long n = 0;
	int i, pid;

	for (i = 0; i < SHARED_WORKERS; i++) {
		w = &st->worker[i];
		pid = atomic_load_explicit(&w->pid, memory_order_relaxed);
		/* A worker killed in a request left its flag set. */
		if (pid != 0 && atomic_load_explicit(&w->busy,
		    memory_order_relaxed) != 0 && shared_pid_alive(pid))
			n++;
	}
	family(b, "http_request_in_flight", "gauge", "Requests being answered "
	    "by the workers, this scrape included.");
	buf_printf(b, "http_request_in_flight %ld\n", n);
}

/*
 * Clients whose bucket is not full: those the rate limit remembers
 * something about (a full bucket is as good as no bucket).
 */
static long
tracked_clients(struct request *r)
{
	const struct settings *c = r->settings;
	struct shared_slot *s;
	struct timespec ts;
	int64_t now;
	long n = 0;
	int i;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return -1;
	now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (!shared_lock(r->shared))
		return -1;
	for (i = 0; i < SHARED_SLOTS; i++) {
		s = &r->shared->st->slot[i];
		if (s->used && s->tokens + (double)(now - s->stamp_ms) / 1000 *
		    (double)c->ratelimit_rate < (double)c->ratelimit_burst)
			n++;
	}
	shared_unlock(r->shared);
	return n;
}

static void
put_ratelimit(struct buf *b, struct request *r)
{
	long n = tracked_clients(r);

	family(b, "medicaments_ratelimit_rejected_total", "counter",
	    "Requests refused with 429 by the rate limit.");
	buf_printf(b, "medicaments_ratelimit_rejected_total %llu\n",
	    load(&r->shared->st->rate_limited));
	if (n >= 0) {
		family(b, "medicaments_ratelimit_tracked_clients", "gauge",
		    "Client addresses whose token bucket is not full.");
		buf_printf(b, "medicaments_ratelimit_tracked_clients %ld\n",
		    n);
	}
	family(b, "medicaments_ratelimit_capacity_clients", "gauge",
	    "Client addresses the rate limit can track at once.");
	buf_printf(b, "medicaments_ratelimit_capacity_clients %d\n",
	    SHARED_SLOTS);
}

static void
put_data(struct buf *b, struct request *r)
{
	const struct db_meta *m = db_meta(r->db);
	long long rows[DB_TABLE_MAX], age;
	int i;

	family(b, "medicaments_database_up", "gauge", "Whether a good database "
	    "is open (the data endpoints answer 503 otherwise).");
	buf_printf(b, "medicaments_database_up %d\n", m != NULL);
	if (m == NULL)
		return;
	age = (long long)r->now - m->last_update_epoch;
	family(b, "medicaments_data_timestamp_seconds", "gauge", "When the "
	    "data served was built (Unix time).");
	buf_printf(b, "medicaments_data_timestamp_seconds %lld\n",
	    m->last_update_epoch);
	family(b, "medicaments_data_age_seconds", "gauge", "Age of the data "
	    "served.");
	buf_printf(b, "medicaments_data_age_seconds %lld\n", age < 0 ? 0 : age);
	if (db_table_rows(r->db, rows) != DB_OK)
		return;
	family(b, "medicaments_data_rows", "gauge", "Rows of each table of "
	    "the data served.");
	for (i = 0; i < DB_TABLE_MAX; i++)
		buf_printf(b, "medicaments_data_rows{table=\"%s\"} %lld\n",
		    db_table_name((enum db_table)i), rows[i]);
}

/*
 * What the updater's status file (common/status_file.h) says; false when
 * there is none or it cannot be read, which is logged once per kind of
 * problem, not at every scrape.
 */
static bool
update_read(const char *db_path, struct status_file *u)
{
	static char logged[64];
	struct buf path = BUF_INIT;
	char problem[64];
	enum status_file_result result;

	status_file_path(&path, db_path);
	result = status_file_read(buf_str(&path), u, problem, sizeof(problem));
	if (result != STATUS_FILE_BAD)
		logged[0] = '\0';
	else if (strcmp(logged, problem) != 0) {
		log_warn("%s: %s", buf_str(&path), problem);
		snprintf(logged, sizeof(logged), "%s", problem);
	}
	buf_free(&path);
	return result == STATUS_FILE_OK;
}

/* A label value: backslash, double quote and line feed escaped. */
static void
label_value(struct buf *b, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			buf_putc(b, '\\');
		if (*v == '\n')
			buf_puts(b, "\\n");
		else
			buf_putc(b, *v);
	}
}

/*
 * Which base of BDPM_BASE_URL served each file in the last build: one
 * series per file, a handful of bases (the configuration's).
 */
static void
put_file_bases(struct buf *b, const struct status_file *u)
{
	size_t i;

	if (u->nfiles == 0)
		return;
	family(b, "medicaments_source_file_base", "gauge", "The base URL "
	    "(BDPM_BASE_URL) that served each BDPM file in the last update; "
	    "a file that failed has no series.");
	for (i = 0; i < u->nfiles && i < STATUS_FILE_MAX_FILES; i++) {
		buf_puts(b, "medicaments_source_file_base{file=\"");
		label_value(b, u->files[i].file);
		buf_puts(b, "\",base=\"");
		label_value(b, u->files[i].base);
		buf_puts(b, "\"} 1\n");
	}
}

static void
put_update(struct buf *b, struct request *r)
{
	struct status_file u;

	if (!update_read(r->settings->db_path, &u))
		return;
	family(b, "medicaments_update_info", "gauge", "How the data served "
	    "is updated: mode build (from the BDPM files) or mirror (a "
	    "database another instance published), and from where.");
	buf_puts(b, "medicaments_update_info{mode=\"");
	label_value(b, u.mode);
	buf_puts(b, "\",source=\"");
	label_value(b, u.source);
	buf_puts(b, "\"} 1\n");
	put_file_bases(b, &u);
	family(b, "medicaments_update_last_unchanged", "gauge", "Whether the "
	    "last update found nothing newer to publish (a mirror's 304).");
	buf_printf(b, "medicaments_update_last_unchanged %d\n", u.unchanged);
	family(b, "medicaments_update_last_success", "gauge", "Whether the "
	    "last update succeeded (1) or failed (0).");
	buf_printf(b, "medicaments_update_last_success %d\n", u.success);
	family(b, "medicaments_update_last_timestamp_seconds", "gauge",
	    "When the last update ended (Unix time).");
	buf_printf(b, "medicaments_update_last_timestamp_seconds %lld\n",
	    u.timestamp);
	family(b, "medicaments_update_last_duration_seconds", "gauge",
	    "How long the last update took.");
	buf_printf(b, "medicaments_update_last_duration_seconds %.3f\n",
	    u.duration);
	family(b, "medicaments_update_consecutive_failures", "gauge",
	    "Updates failed in a row since the last success.");
	buf_printf(b, "medicaments_update_consecutive_failures %lld\n",
	    u.failures);
	if (u.last_success >= 0) {
		family(b, "medicaments_update_last_success_timestamp_seconds",
		    "gauge", "When the last successful update ended (Unix "
		    "time).");
		buf_printf(b, "medicaments_update_last_success_timestamp_seconds"
		    " %lld\n", u.last_success);
	}
}

/*
 * The access log's follower, from its checkpoint (LOG_DIR/lighttpd-
 * access.state; lighttpd.conf passes LOG_DIR on): one small read a
 * scrape.  The lag is what lighttpd has written to lighttpd-access.raw
 * (next to it) that the follower has not yet made lines of: growing with
 * no write, the access log is stalled (the MedicamentsAccessLogStalled
 * alert).  Nothing without LOG_DIR or before the first checkpoint.
 */
static void
put_accesslog(struct buf *b)
{
	const char *dir = getenv("LOG_DIR");
	struct accesslog_state st;
	struct buf path = BUF_INIT;
	struct stat sb;
	unsigned long long lag = 0;
	bool ok;

	if (dir == NULL || dir[0] == '\0')
		return;
	buf_printf(&path, "%s/lighttpd-access.state", dir);
	ok = accesslog_state_read(buf_str(&path), &st);
	buf_reset(&path);
	buf_printf(&path, "%s/lighttpd-access.raw", dir);
	if (ok && stat(buf_str(&path), &sb) == 0) {
		if ((unsigned long long)sb.st_dev == st.raw_dev &&
		    (unsigned long long)sb.st_ino == st.raw_ino)
			lag = (unsigned long long)sb.st_size > st.raw_off ?
			    (unsigned long long)sb.st_size - st.raw_off : 0;
		else	/* still on the rotated file, or gone: at least */
			lag = (unsigned long long)sb.st_size;
	}
	buf_free(&path);
	if (!ok)
		return;
	family(b, "medicaments_accesslog_lines_total", "counter", "Lines "
	    "written to access.log by the access log's follower.");
	buf_printf(b, "medicaments_accesslog_lines_total %llu\n", st.lines);
	family(b, "medicaments_accesslog_last_write_timestamp_seconds",
	    "gauge", "When the follower last wrote to access.log (Unix time).");
	buf_printf(b, "medicaments_accesslog_last_write_timestamp_seconds "
	    "%lld\n", st.last_write);
	family(b, "medicaments_accesslog_lag_bytes", "gauge", "Bytes lighttpd "
	    "wrote that the follower has not yet made access.log lines of.");
	buf_printf(b, "medicaments_accesslog_lag_bytes %llu\n", lag);
}

void
metrics_serve(struct request *r)
{
	struct buf body = BUF_INIT;
	struct reply rp = {
		.status = 200,
		.content_type = "text/plain; version=0.0.4; charset=utf-8",
		.cache_control = CACHE_NONE,
	};

	if (r->shared != NULL) {
		put_requests(&body, r->shared->st);
		put_latency(&body, r->shared->st);
		put_in_flight(&body, r->shared->st);
		put_ratelimit(&body, r);
	}
	put_data(&body, r);
	put_update(&body, r);
	put_accesslog(&body);
	response_send(r, &rp, body.data, body.len);
	buf_free(&body);
}
