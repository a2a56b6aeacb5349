#include "metrics.h"

#include <time.h>

#include "buf.h"
#include "db.h"
#include "handlers.h"
#include "request.h"
#include "response.h"
#include "shared.h"

void
metrics_count(struct shared *s, enum route_id id, int status)
{
	int class = status / 100;

	if (s == NULL || (unsigned)id >= ROUTE_ID_MAX)
		return;
	if (class < 0 || class >= SHARED_STATUS_CLASSES)
		class = 0;
	__atomic_fetch_add(&s->st->requests[id][class], 1, __ATOMIC_RELAXED);
}

void
metrics_serve(struct request *r)
{
	const struct db_meta *m = db_meta(r->db);
	struct buf body = BUF_INIT;
	struct reply rp = {
		.status = 200,
		.content_type = "text/plain; version=0.0.4; charset=utf-8",
		.cache_control = CACHE_NONE,
	};
	uint64_t n;
	int id, class;

	buf_puts(&body, "# HELP medicaments_requests_total Requests answered "
	    "by the workers, by endpoint and status class.\n"
	    "# TYPE medicaments_requests_total counter\n");
	for (id = 0; r->shared != NULL && id < ROUTE_ID_MAX; id++)
		for (class = 1; class < SHARED_STATUS_CLASSES; class++) {
			n = __atomic_load_n(&r->shared->st->requests[id][class],
			    __ATOMIC_RELAXED);
			if (n > 0)
				buf_printf(&body, "medicaments_requests_total"
				    "{route=\"%s\",status=\"%dxx\"} %llu\n",
				    route_name((enum route_id)id), class,
				    (unsigned long long)n);
		}
	buf_printf(&body, "# HELP medicaments_rate_limited_total Requests "
	    "refused by the rate limit.\n"
	    "# TYPE medicaments_rate_limited_total counter\n"
	    "medicaments_rate_limited_total %llu\n",
	    r->shared != NULL ? (unsigned long long)__atomic_load_n(
	    &r->shared->st->rate_limited, __ATOMIC_RELAXED) : 0ULL);
	buf_printf(&body, "# HELP medicaments_database_up Whether a good "
	    "database is open.\n# TYPE medicaments_database_up gauge\n"
	    "medicaments_database_up %d\n", m != NULL);
	if (m != NULL)
		buf_printf(&body, "# HELP medicaments_data_age_seconds Age of "
		    "the data.\n# TYPE medicaments_data_age_seconds gauge\n"
		    "medicaments_data_age_seconds %lld\n"
		    "# HELP medicaments_medicaments Medicaments served.\n"
		    "# TYPE medicaments_medicaments gauge\n"
		    "medicaments_medicaments %lld\n",
		    (long long)(r->now - (time_t)m->last_update_epoch),
		    m->medicaments_count);
	response_send(r, &rp, body.data, body.len);
	buf_free(&body);
}
