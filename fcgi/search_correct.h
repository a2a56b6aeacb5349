/*
 * Corrections of a search that found nothing (a 404's suggestions,
 * ?fuzzy=true): each query word that no word of the names starts with,
 * of TYPO_MIN_LETTERS letters or more, is replaced by the words of the
 * names within its budget of edits (common/typo.h), the nearest first,
 * then the most frequent; the other words stay as they were typed.
 *
 * Pure but for what it asks its source, which db.c answers from the
 * vocabulary the updater stored (schema.sql vocabulaire,
 * vocabulaire_cles).
 */
#ifndef MEDICAMENTS_FCGI_SEARCH_CORRECT_H
#define MEDICAMENTS_FCGI_SEARCH_CORRECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "search_query.h"

/* A 404 suggests at most this many corrected queries. */
#define SEARCH_SUGGESTIONS_MAX	5

/* What the corrections are read from; each returns -1 on a failure. */
struct correction_source {
	void	*ctx;
	/* 1 when a word of the names of this index starts with w[0..n). */
	int	(*known)(void *ctx, const char *w, size_t n);
	/* Appends bucket b's (hash, id) pairs to out; 0 when it has none. */
	int	(*bucket)(void *ctx, uint32_t b, struct buf *out);
	/* Word id's text into text, and how many names of this index hold
	 * it into *names. */
	int	(*word)(void *ctx, uint32_t id, struct buf *text,
		    long long *names);
	/* 1 when the folded query q[0..n) finds something. */
	int	(*finds)(void *ctx, const char *q, size_t n);
};

/* Corrected queries, best first: folded words joined by one space. */
struct corrections {
	struct buf	 text[SEARCH_SUGGESTIONS_MAX];
	size_t		 n;
};

#define CORRECTIONS_INIT { .n = 0 }

/*
 * Fills out with up to SEARCH_SUGGESTIONS_MAX corrections of q that find
 * something.  False on a failure of the source (out then holds what was
 * found before it).
 */
bool	search_correct(const struct search_query *q,
	    const struct correction_source *src, struct corrections *out);
void	corrections_free(struct corrections *c);

#endif
