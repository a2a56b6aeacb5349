/*
 * /health: whether the data is there and fresh.  Healthy (200) under 24
 * hours, degraded (503) after, unhealthy (503) after 48 hours or without
 * data.  The flat fields and the `data` object carry the same values: the
 * old API's clients read either.
 */
#include <sys/file.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "buf.h"
#include "handlers.h"
#include "json.h"
#include "log.h"
#include "request.h"
#include "response.h"
#include "settings.h"

#define HEALTH_DEGRADED_HOURS	24
#define HEALTH_UNHEALTHY_HOURS	48

/*
 * True while the updater holds its lock on DB_PATH.lock.  The probe takes a
 * shared lock without waiting and drops it at once; it never creates the
 * file.
 */
static bool
health_is_updating(const char *lock_path)
{
	bool locked = false;
	int fd;

	if ((fd = open(lock_path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		if (errno != ENOENT)
			log_errno("open %s", lock_path);
		return false;
	}
	if (flock(fd, LOCK_SH | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK)
			locked = true;
		else
			log_errno("flock %s", lock_path);
	} else if (flock(fd, LOCK_UN) == -1)
		log_errno("flock unlock %s", lock_path);
	if (close(fd) == -1)
		log_errno("close %s", lock_path);
	return locked;
}

/* The fields both levels share. */
static void
health_fields(struct buf *b, const struct db_meta *m, double age,
    bool updating)
{
	if (m != NULL) {
		buf_puts(b, "\"last_update\":");
		json_cstring(b, m->last_update);
		buf_printf(b, ",\"data_age_hours\":%.2f,\"medicaments\":%lld,"
		    "\"generiques\":%lld", age, m->medicaments_count,
		    m->generiques_count);
	} else
		buf_puts(b, "\"last_update\":null,\"data_age_hours\":null,"
		    "\"medicaments\":0,\"generiques\":0");
	buf_printf(b, ",\"is_updating\":%s", updating ? "true" : "false");
}

void
health_serve(struct request *r)
{
	const struct db_meta *m = db_meta(r->db);
	bool updating = health_is_updating(r->settings->lock_path);
	struct buf body = BUF_INIT;
	const char *status;
	char etag[ETAG_SIZE];
	struct reply rp = {
		.status = 503,
		.cache_control = CACHE_NONE,
		.last_modified = m != NULL,
	};
	double age = 0;

	if (m == NULL)
		status = "unhealthy";
	else {
		age = (double)(r->now - (time_t)m->last_update_epoch) / 3600;
		if (age < 0)
			age = 0;	/* a clock behind the updater's */
		if (m->medicaments_count == 0 || age > HEALTH_UNHEALTHY_HOURS)
			status = "unhealthy";
		else if (age > HEALTH_DEGRADED_HOURS)
			status = "degraded";
		else {
			status = "healthy";
			rp.status = 200;
		}
	}
	buf_puts(&body, "{\"status\":");
	json_cstring(&body, status);
	if (m == NULL) {
		buf_puts(&body, ",\"message\":");
		json_cstring(&body, db_problem(r->db));
	}
	buf_putc(&body, ',');
	health_fields(&body, m, age, updating);
	buf_puts(&body, ",\"data\":{");
	health_fields(&body, m, age, updating);
	buf_puts(&body, "}}");
	if (rp.status == 200 && etag_of(etag, body.data, body.len))
		rp.etag = etag;
	if (rp.etag == NULL || !response_not_modified(r, &rp))
		response_send(r, &rp, body.data, body.len);
	buf_free(&body);
}
