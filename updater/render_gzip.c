#include "render_gzip.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "contract.h"
#include "gzip.h"
#include "log.h"
#include "xalloc.h"

/*
 * Two batches take turns: the caller fills one while the thread compresses
 * the other, then inserts the compressed one's members itself (SQLite's
 * connection is the caller's).  A batch holds this much text: big enough
 * that handing over is rare, small enough for the memory target.
 */
#define BATCH_BYTES	(512 * 1024)

struct member {
	enum db_stmt	 insert;
	int64_t		 key;
	size_t		 text_at, text_len;	/* in batch.text */
	size_t		 gz_at, gz_len;		/* in batch.gz; 0: not stored */
};

struct batch {
	struct buf	 text;
	struct buf	 gz;
	struct member	*members;
	size_t		 count, size;
	bool		 ok;		/* every member compressed */
};

struct render_gzip {
	struct db	*db;
	struct batch	 batch[2];
	int		 filling;	/* the caller's batch */
	bool		 ok;
	/* The thread's side, under lock. */
	pthread_t	 thread;
	bool		 threaded;
	bool		 synced;	/* lock and changed set up */
	pthread_mutex_t	 lock;
	pthread_cond_t	 changed;
	struct batch	*work;		/* to compress; NULL: idle */
	bool		 quit;
};

/*
 * gzip_compress's stream is static (common/gzip.c): in the updater only
 * this queue compresses, and only one thread of it at a time.
 */
static void
compress_batch(struct batch *b)
{
	size_t i, before;

	b->ok = true;
	buf_reset(&b->gz);
	for (i = 0; i < b->count; i++) {
		struct member *m = &b->members[i];

		before = b->gz.len;
		if (!gzip_compress(&b->gz, b->text.data + m->text_at,
		    m->text_len)) {
			b->ok = false;
			return;
		}
		m->gz_at = before;
		m->gz_len = b->gz.len - before;
		/* Not smaller: the worker sends the text. */
		if (m->gz_len >= m->text_len) {
			b->gz.len = before;
			m->gz_len = 0;
		}
	}
}

static void *
compress_run(void *arg)
{
	struct render_gzip *q = arg;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (q->work == NULL && !q->quit)
			pthread_cond_wait(&q->changed, &q->lock);
		if (q->work == NULL)
			break;
		pthread_mutex_unlock(&q->lock);
		compress_batch(q->work);
		pthread_mutex_lock(&q->lock);
		q->work = NULL;
		pthread_cond_broadcast(&q->changed);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

/* Waits until the thread has finished the batch it was given. */
static void
wait_idle(struct render_gzip *q)
{
	if (!q->threaded)
		return;
	pthread_mutex_lock(&q->lock);
	while (q->work != NULL)
		pthread_cond_wait(&q->changed, &q->lock);
	pthread_mutex_unlock(&q->lock);
}

static bool
insert_batch(struct render_gzip *q, struct batch *b)
{
	size_t i;
	sqlite3_stmt *st;

	if (b->count > 0 && !b->ok) {
		log_error("cannot compress the documents' gzip members");
		return false;
	}
	for (i = 0; i < b->count; i++) {
		const struct member *m = &b->members[i];

		if (m->gz_len == 0)
			continue;
		if ((st = db_stmt(q->db, m->insert)) == NULL ||
		    !db_bind(q->db, st, 1, DB_INT(m->key)) ||
		    !db_bind(q->db, st, 2, DB_BLOB(b->gz.data + m->gz_at,
		    m->gz_len)) || !db_step_done(q->db, st))
			return false;
	}
	return true;
}

static void
batch_empty(struct batch *b)
{
	buf_reset(&b->text);
	b->count = 0;
}

/*
 * Gives the caller's batch to the thread (or compresses it here, without
 * one), then inserts the batch the thread had, and takes it to fill.
 */
static bool
hand_over(struct render_gzip *q)
{
	struct batch *full = &q->batch[q->filling],
	    *other = &q->batch[!q->filling];
	bool ok;

	wait_idle(q);
	if (q->threaded) {
		pthread_mutex_lock(&q->lock);
		q->work = full;
		pthread_cond_broadcast(&q->changed);
		pthread_mutex_unlock(&q->lock);
	} else
		compress_batch(full);
	ok = insert_batch(q, other);
	batch_empty(other);
	q->filling = !q->filling;
	return ok;
}

struct render_gzip *
render_gzip_open(struct db *db)
{
	struct render_gzip *q = xcalloc(1, sizeof(*q));
	int rc;

	q->db = db;
	q->ok = true;
	q->batch[0].text = q->batch[1].text = (struct buf)BUF_INIT;
	q->batch[0].gz = q->batch[1].gz = (struct buf)BUF_INIT;
	if ((rc = pthread_mutex_init(&q->lock, NULL)) == 0 &&
	    (rc = pthread_cond_init(&q->changed, NULL)) != 0)
		(void)pthread_mutex_destroy(&q->lock);
	q->synced = rc == 0;
	if (rc == 0)
		rc = pthread_create(&q->thread, NULL, compress_run, q);
	if (rc != 0)
		/* Unlikely, and only slower. */
		log_warn("cannot start a compression thread (%s): compressing"
		    " on the main one", strerror(rc));
	q->threaded = rc == 0;
	return q;
}

bool
render_gzip_add(struct render_gzip *q, enum db_stmt insert, int64_t key,
    const char *json, size_t len)
{
	struct batch *b = &q->batch[q->filling];
	struct member *m;

	if (len < CONTRACT_GZIP_MIN_BYTES)
		return q->ok;
	if (b->count == b->size) {
		b->size = b->size ? 2 * b->size : 256;
		b->members = xreallocarray(b->members, b->size,
		    sizeof(*b->members));
	}
	m = &b->members[b->count++];
	m->insert = insert;
	m->key = key;
	m->text_at = b->text.len;
	m->text_len = len;
	m->gz_len = 0;
	buf_append(&b->text, json, len);
	if (b->text.len >= BATCH_BYTES && !hand_over(q))
		q->ok = false;
	return q->ok;
}

bool
render_gzip_close(struct render_gzip *q)
{
	bool ok;
	int i;

	if (q == NULL)
		return true;
	/* The last batch, then the one it was given to the thread with. */
	ok = hand_over(q) && q->ok;
	wait_idle(q);
	ok = insert_batch(q, &q->batch[!q->filling]) && ok;
	if (q->threaded) {
		pthread_mutex_lock(&q->lock);
		q->quit = true;
		pthread_cond_broadcast(&q->changed);
		pthread_mutex_unlock(&q->lock);
		(void)pthread_join(q->thread, NULL);
	}
	if (q->synced) {
		(void)pthread_cond_destroy(&q->changed);
		(void)pthread_mutex_destroy(&q->lock);
	}
	for (i = 0; i < 2; i++) {
		buf_free(&q->batch[i].text);
		buf_free(&q->batch[i].gz);
		free(q->batch[i].members);
	}
	free(q);
	return ok;
}
