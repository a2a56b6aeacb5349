/*
 * /v1/medicaments/{cis}/informations: the safety information of a
 * medicament, newest first, a JSON array ([] when it has none, 404 for a
 * CIS not in CIS_bdpm).  With actives=true only those in force today
 * (the server's local date): start on or before it, end on or after it
 * or none.  The rows are rendered by the updater (render_informations.c);
 * the day is the request's, so it is part of the etag.
 */
#include <stdio.h>
#include <time.h>

#include "buf.h"
#include "conditional.h"
#include "data_answer.h"
#include "handlers.h"
#include "request.h"
#include "response.h"

/* today as YYYY-MM-DD in day[11]; false when the clock says nothing. */
static bool
today(char day[11])
{
	time_t now = time(NULL);
	struct tm tm;

	return now != (time_t)-1 && localtime_r(&now, &tm) != NULL &&
	    strftime(day, 11, "%Y-%m-%d", &tm) == 10;
}

void
informations_serve_cis(struct request *r)
{
	const struct query_value *actives = &r->params[INFORMATIONS_ACTIVES];
	struct db_list_args args = { .key = r->segment.number };
	struct buf body = BUF_INIT, norm = BUF_INIT;
	struct data_answer a;
	char day[11];
	long long count;

	if (actives->present && actives->number == 1) {
		if (!today(day)) {
			response_error(r, 500, NULL, "Could not read the clock");
			goto out;
		}
		args.day = day;
	}
	buf_printf(&norm, "cis=%lld&day=%s", args.key,
	    args.day != NULL ? args.day : "");
	if (!data_answer_init(r, &a, "informations", norm.data))
		goto out;
	buf_putc(&body, '[');
	data_answer_send_array(r, &a, &body, db_list(r->db,
	    DB_LIST_INFORMATIONS, &args, &body, &count));
out:
	buf_free(&body);
	buf_free(&norm);
}
