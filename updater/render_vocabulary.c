/*
 * The vocabulary of the names and its index of corrections (schema.sql
 * vocabulaire, vocabulaire_cles), from the noms_* tables: what the worker
 * needs to correct a query word that finds nothing (common/typo.h).
 *
 * Every word of every name is collected with its index and the name it
 * came from, then sorted: counting the names of each word is then one
 * pass, and the words come out in the order of their ids.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "render.h"
#include "typo.h"
#include "xalloc.h"

#define VOCABULARY_INDEXES	3	/* medicaments, generiques, substances */

/* 140 K of them for the 2022 dump: packed. */
struct occurrence {
	uint32_t	 at;	/* the word, in the collection's letters */
	uint32_t	 name;	/* which name of all, counted once per name */
	uint8_t		 len;	/* at most TYPO_WORD_MAX */
	uint8_t		 index;
};

struct collection {
	struct buf	 letters;
	struct occurrence *o;
	size_t		 n, cap;
	const char	*base;	/* letters.data once every word is in */
	size_t		 words;
};

/* A (hash, word id) pair of the index of corrections. */
struct pair {
	uint32_t	 hash;
	uint32_t	 id;
};

struct pairs {
	struct pair	*p;
	size_t		 n, cap;
	size_t		 word_start;	/* the current word's first pair */
};

static bool
is_letter(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool
collect_words(struct collection *c, unsigned index, size_t name,
    const char *s, size_t len)
{
	size_t i = 0, start;

	if (c->letters.len + len > UINT32_MAX || name > UINT32_MAX) {
		log_warn("vocabulary: more names than it can count");
		return false;
	}
	while (i < len) {
		while (i < len && !is_letter(s[i]))
			i++;
		for (start = i; i < len && is_letter(s[i]); i++)
			;
		if (i == start || i - start > TYPO_WORD_MAX)
			continue;
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 65536;
			c->o = xreallocarray(c->o, c->cap, sizeof(*c->o));
		}
		c->o[c->n++] = (struct occurrence){ (uint32_t)c->letters.len,
		    (uint32_t)name, (uint8_t)(i - start), (uint8_t)index };
		buf_append(&c->letters, s + start, i - start);
	}
	return true;
}

static int
occurrence_compare(const void *a, const void *b, void *collection)
{
	const struct occurrence *x = a, *y = b;
	const char *base = ((const struct collection *)collection)->base;
	unsigned n = x->len < y->len ? x->len : y->len;
	int d = memcmp(base + x->at, base + y->at, n);

	if (d != 0)
		return d;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	if (x->name != y->name)
		return x->name < y->name ? -1 : 1;
	return 0;
}

static void
pair_add(struct pairs *ps, const char *s, size_t n, uint32_t id)
{
	/* A word's deletes repeat ("abba" less either b): a word's pairs
	 * are few, so look back at them rather than sort them all. */
	size_t i;
	uint32_t hash = typo_hash(s, n);

	for (i = ps->n; i > ps->word_start; i--)
		if (ps->p[i - 1].hash == hash)
			return;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 65536;
		ps->p = xreallocarray(ps->p, ps->cap, sizeof(*ps->p));
	}
	ps->p[ps->n++] = (struct pair){ hash, id };
}

/* The key and every string it becomes with up to `deletes` letters
 * deleted; repeats are removed when the pairs are sorted. */
static void
add_deletes(struct pairs *ps, const char *key, size_t n, int deletes,
    uint32_t id)
{
	char shorter[TYPO_WORD_MAX];
	size_t i;

	pair_add(ps, key, n, id);
	if (deletes == 0 || n <= 1)
		return;
	for (i = 0; i < n; i++) {
		memcpy(shorter, key, i);
		memcpy(shorter + i, key + i + 1, n - i - 1);
		add_deletes(ps, shorter, n - 1, deletes - 1, id);
	}
}

static int
pair_compare(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	uint32_t bx = x->hash % TYPO_BUCKETS, by = y->hash % TYPO_BUCKETS;

	if (bx != by)
		return bx < by ? -1 : 1;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

static void
put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* Each bucket's pairs, one row per bucket that has any. */
static bool
store_buckets(struct db *db, struct pairs *ps)
{
	sqlite3_stmt *insert;
	unsigned char *blob;
	size_t i = 0, j, len;

	if ((insert = db_stmt(db, DB_INSERT_VOCABULARY_BUCKET)) == NULL)
		return false;
	qsort(ps->p, ps->n, sizeof(*ps->p), pair_compare);
	blob = xreallocarray(NULL, ps->n ? ps->n : 1, TYPO_PAIR_BYTES);
	while (i < ps->n) {
		uint32_t bucket = ps->p[i].hash % TYPO_BUCKETS;

		len = 0;
		for (j = i; j < ps->n && ps->p[j].hash % TYPO_BUCKETS ==
		    bucket; j++) {
			put_u32(blob + len, ps->p[j].hash);
			put_u32(blob + len + 4, ps->p[j].id);
			len += TYPO_PAIR_BYTES;
		}
		if (!db_bind(db, insert, 1, DB_INT(bucket)) ||
		    !db_bind(db, insert, 2, DB_BLOB(blob, len)) ||
		    !db_step_done(db, insert)) {
			free(blob);
			return false;
		}
		i = j;
	}
	free(blob);
	return true;
}

/* One row per word, with its names in each index; its pairs. */
static bool
store_words(struct db *db, struct collection *c, struct pairs *ps)
{
	sqlite3_stmt *insert;
	char key[TYPO_WORD_MAX + 1];
	size_t i = 0, j, keylen;
	uint32_t id = 0;

	if ((insert = db_stmt(db, DB_INSERT_VOCABULARY)) == NULL)
		return false;
	while (i < c->n) {
		const struct occurrence *w = &c->o[i];
		int64_t names[VOCABULARY_INDEXES] = { 0 };

		for (j = i; j < c->n && c->o[j].len == w->len &&
		    memcmp(c->base + c->o[j].at, c->base + w->at, w->len) == 0;
		    j++)
			if (j == i || c->o[j].index != c->o[j - 1].index ||
			    c->o[j].name != c->o[j - 1].name)
				names[c->o[j].index]++;
		id++;
		c->words++;
		if (!db_bind(db, insert, 1, DB_INT(id)) ||
		    !db_bind(db, insert, 2, DB_TEXT_N(c->base + w->at,
		    w->len)) ||
		    !db_bind(db, insert, 3, DB_INT(names[0])) ||
		    !db_bind(db, insert, 4, DB_INT(names[1])) ||
		    !db_bind(db, insert, 5, DB_INT(names[2])) ||
		    !db_step_done(db, insert))
			return false;
		if (typo_deletes(w->len) > 0) {
			ps->word_start = ps->n;
			keylen = typo_key(key, c->base + w->at, w->len);
			add_deletes(ps, key, keylen, typo_deletes(w->len), id);
		}
		i = j;
	}
	return true;
}

bool
render_vocabulary(struct db *db)
{
	struct collection c = { .letters = BUF_INIT };
	struct pairs ps = { 0 };
	sqlite3_stmt *names;
	const char *name;
	size_t len, count = 0;
	bool ok = true;

	if ((names = db_stmt(db, DB_VOCABULARY_NAMES)) == NULL)
		return false;
	while (db_row(db, names, &ok)) {
		int64_t index = db_column_int(names, 0);

		if ((name = db_column_text(names, 1, &len)) != NULL &&
		    index >= 0 && index < VOCABULARY_INDEXES &&
		    !collect_words(&c, (unsigned)index, count++, name, len)) {
			db_reset(names);
			ok = false;
			break;
		}
	}
	if (ok) {
		c.base = c.letters.data;
		qsort_r(c.o, c.n, sizeof(*c.o), occurrence_compare, &c);
		ok = store_words(db, &c, &ps);
	}
	free(c.o);
	c.o = NULL;
	buf_free(&c.letters);
	ok = ok && store_buckets(db, &ps);
	if (ok)
		log_debug("vocabulary: %zu words, %zu in names, %zu pairs of"
		    " corrections", c.words, c.n, ps.n);
	free(ps.p);
	return ok;
}
