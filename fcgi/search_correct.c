#include "search_correct.h"

#include <stdlib.h>
#include <string.h>

#include "typo.h"
#include "xalloc.h"

/* Corrections kept per word, before they are combined. */
#define WORD_CANDIDATES		5
/* Combinations asked whether they find something, at most: each ask is
 * a search. */
#define COMBINATIONS_ASKED	10
/* Combinations ranked, at most (WORD_CANDIDATES ** 3). */
#define COMBINATIONS_MAX	125

struct candidate {
	struct buf	 text;
	int		 distance;
	long long	 names;
};

struct word_choices {
	struct candidate c[WORD_CANDIDATES];
	size_t		 n;
	bool		 corrected;	/* else c[0] is the word as typed */
};

struct combination {
	uint8_t		 pick[SEARCH_MAX_WORDS];
	int		 distance;
	double		 weight;	/* the words' names multiplied */
};

/* The distinct strings asked of the index, by hash. */
struct asked {
	uint32_t	*hash;
	size_t		 n, cap;
};

static bool
asked_before(struct asked *a, uint32_t hash)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (a->hash[i] == hash)
			return true;
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->hash = xreallocarray(a->hash, a->cap, sizeof(*a->hash));
	}
	a->hash[a->n++] = hash;
	return false;
}

static uint32_t
get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* The word ids whose key, less up to `deletes` letters, is s less as many. */
static int
lookup_deletes(const struct correction_source *src, const char *s, size_t n,
    int deletes, struct asked *asked, struct buf *pairs, struct asked *ids)
{
	char shorter[TYPO_WORD_MAX];
	uint32_t hash = typo_hash(s, n);
	size_t i;

	if (!asked_before(asked, hash)) {
		pairs->len = 0;
		switch (src->bucket(src->ctx, hash % TYPO_BUCKETS, pairs)) {
		case -1:
			return -1;
		case 0:
			break;
		default:
			for (i = 0; i + TYPO_PAIR_BYTES <= pairs->len;
			    i += TYPO_PAIR_BYTES) {
				const unsigned char *p =
				    (const unsigned char *)pairs->data + i;

				if (get_u32(p) == hash)
					(void)asked_before(ids, get_u32(p + 4));
			}
		}
	}
	if (deletes == 0 || n <= 1)
		return 0;
	for (i = 0; i < n; i++) {
		memcpy(shorter, s, i);
		memcpy(shorter + i, s + i + 1, n - i - 1);
		if (lookup_deletes(src, shorter, n - 1, deletes - 1, asked,
		    pairs, ids) < 0)
			return -1;
	}
	return 0;
}

static int
candidate_compare(const struct candidate *x, const struct candidate *y)
{
	size_t n;
	int d;

	if (x->distance != y->distance)
		return x->distance < y->distance ? -1 : 1;
	if (x->names != y->names)
		return x->names > y->names ? -1 : 1;
	n = x->text.len < y->text.len ? x->text.len : y->text.len;
	if ((d = memcmp(x->text.data, y->text.data, n)) != 0)
		return d;
	return x->text.len < y->text.len ? -1 : x->text.len > y->text.len;
}

/* Keeps cand among the WORD_CANDIDATES best of wc, in order. */
static void
keep_candidate(struct word_choices *wc, struct candidate *cand)
{
	size_t at = wc->n;

	while (at > 0 && candidate_compare(cand, &wc->c[at - 1]) < 0)
		at--;
	if (at == WORD_CANDIDATES) {
		buf_free(&cand->text);
		return;
	}
	if (wc->n == WORD_CANDIDATES)
		buf_free(&wc->c[--wc->n].text);
	memmove(&wc->c[at + 1], &wc->c[at], (wc->n - at) * sizeof(wc->c[0]));
	wc->c[at] = *cand;
	wc->n++;
}

/* The corrections of word w[0..n): the words of the names within its
 * budget, nearest and most frequent first. */
static bool
correct_word(const struct correction_source *src, const char *w, size_t n,
    struct word_choices *wc)
{
	char key[TYPO_WORD_MAX + 1];
	struct asked asked = { 0 }, ids = { 0 };
	struct buf pairs = BUF_INIT;
	int budget = typo_budget(n);
	size_t i, keylen = typo_key(key, w, n);
	bool ok = lookup_deletes(src, key, keylen, budget, &asked, &pairs,
	    &ids) == 0;

	for (i = 0; ok && i < ids.n; i++) {
		struct candidate cand = { .text = BUF_INIT };

		switch (src->word(src->ctx, ids.hash[i], &cand.text,
		    &cand.names)) {
		case -1:
			ok = false;
			break;
		case 1:
			cand.distance = typo_distance(w, n, cand.text.data,
			    cand.text.len, budget);
			if (cand.names > 0 && cand.distance <= budget) {
				keep_candidate(wc, &cand);
				continue;
			}
			break;
		}
		buf_free(&cand.text);
	}
	free(asked.hash);
	free(ids.hash);
	buf_free(&pairs);
	return ok;
}

static bool
all_letters(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return false;
	return true;
}

static int
combination_compare(const void *a, const void *b)
{
	const struct combination *x = a, *y = b;

	if (x->distance != y->distance)
		return x->distance < y->distance ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return memcmp(x->pick, y->pick, sizeof(x->pick));
}

/* Every combination of the words' choices, best first; how many. */
static size_t
combine(const struct word_choices *wc, size_t nwords,
    struct combination *out)
{
	size_t n = 1, i, k, count = 0;

	for (i = 0; i < nwords; i++)
		n *= wc[i].n;
	for (k = 0; k < n && count < COMBINATIONS_MAX; k++) {
		struct combination *c = &out[count++];
		size_t rest = k;

		memset(c, 0, sizeof(*c));
		c->weight = 1;
		for (i = 0; i < nwords; i++) {
			const struct candidate *cand;

			c->pick[i] = (uint8_t)(rest % wc[i].n);
			rest /= wc[i].n;
			cand = &wc[i].c[c->pick[i]];
			c->distance += cand->distance;
			if (wc[i].corrected)
				c->weight *= (double)cand->names;
		}
	}
	qsort(out, count, sizeof(*out), combination_compare);
	return count;
}

bool
search_correct(const struct search_query *q,
    const struct correction_source *src, struct corrections *out)
{
	struct word_choices wc[SEARCH_MAX_WORDS];
	struct combination *comb = NULL;
	size_t i, j, ncomb, corrected = 0, asked = 0;
	bool ok = true;

	memset(wc, 0, sizeof(wc));
	for (i = 0; ok && i < q->nwords; i++) {
		const char *w = q->words.data + q->off[i];
		size_t n = q->len[i];
		int known = 0;

		if (typo_budget(n) > 0 && n <= TYPO_WORD_MAX &&
		    all_letters(w, n) &&
		    (known = src->known(src->ctx, w, n)) == 0) {
			wc[i].corrected = true;
			ok = correct_word(src, w, n, &wc[i]);
			if (wc[i].n == 0)
				goto out;	/* a word nothing resembles */
			corrected++;
			continue;
		}
		if (known < 0) {
			ok = false;
			break;
		}
		wc[i].c[0].text = (struct buf)BUF_INIT;
		buf_append(&wc[i].c[0].text, w, n);
		wc[i].n = 1;
	}
	if (!ok || corrected == 0)
		goto out;
	comb = xreallocarray(NULL, COMBINATIONS_MAX, sizeof(*comb));
	ncomb = combine(wc, q->nwords, comb);
	for (j = 0; ok && j < ncomb && out->n < SEARCH_SUGGESTIONS_MAX &&
	    asked < COMBINATIONS_ASKED; j++) {
		struct buf *text = &out->text[out->n];
		int finds;

		*text = (struct buf)BUF_INIT;
		for (i = 0; i < q->nwords; i++) {
			const struct buf *word = &wc[i].c[comb[j].pick[i]].text;

			if (i > 0)
				buf_putc(text, ' ');
			buf_append(text, word->data, word->len);
		}
		/* One word of the names finds the names holding it. */
		if (q->nwords == 1)
			finds = 1;
		else {
			finds = src->finds(src->ctx, text->data, text->len);
			asked++;
		}
		if (finds == 1)
			out->n++;
		else
			buf_free(text);
		ok = finds >= 0;
	}
out:
	free(comb);
	for (i = 0; i < q->nwords; i++)
		for (j = 0; j < wc[i].n; j++)
			buf_free(&wc[i].c[j].text);
	return ok;
}

void
corrections_free(struct corrections *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		buf_free(&c->text[i]);
	c->n = 0;
}
