/*
 * The opening of every answer composed from the data (a page, a search,
 * the export, a medicament's informations): 200, public, an etag that
 * hashes the data's etag with the kind of answer and its normalised query
 * (etag_compose), and the data's Last-Modified.  One place says how such
 * an answer is cached and what a failure to name it answers.
 */
#ifndef MEDICAMENTS_FCGI_DATA_ANSWER_H
#define MEDICAMENTS_FCGI_DATA_ANSWER_H

#include <stdbool.h>

#include "conditional.h"
#include "db.h"
#include "response.h"

struct request;

struct data_answer {
	char		 etag[ETAG_SIZE];
	struct reply	 reply;		/* its etag is the one above: never copied */
};

/*
 * Sets a's etag for kind ("page") and the normalised query; false when it
 * answered 500 (no database meta, or the etag could not be composed).
 */
bool	data_answer_init(struct request *r, struct data_answer *a,
	    const char *kind, const char *normalised);

/*
 * data_answer_init, then 304 when the client holds that etag: false when
 * the request was answered, either way.  For answers that nothing but
 * the query decides (a 404 found by reading has been answered before).
 */
bool	data_answer_open(struct request *r, struct data_answer *a,
	    const char *kind, const char *normalised);

/*
 * A medicament's array read into body ("[...", result the read's): 200
 * (or 304 when the client holds a's etag), 404 "Medicament not found", or
 * 500.
 */
void	data_answer_send_array(struct request *r, struct data_answer *a,
	    struct buf *body, enum db_result result);

#endif
