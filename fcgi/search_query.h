/*
 * Search queries (?search= and ?libelle=): validation (API.md), folding
 * into words exactly as the updater folded the indexed names, the FTS5
 * expression that finds candidates, and the rank of a matching name.
 * Pure functions: db.c runs the expression, the handlers rank and page.
 */
#ifndef MEDICAMENTS_FCGI_SEARCH_QUERY_H
#define MEDICAMENTS_FCGI_SEARCH_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct query_error;

#define SEARCH_MIN_CHARS	3
#define SEARCH_MAX_CHARS	50
#define SEARCH_MAX_WORDS	6
/* Longest decoded value read at all: 50 characters of up to 4 bytes. */
#define SEARCH_MAX_BYTES	(SEARCH_MAX_CHARS * 4)
/* FTS5 trigram phrases need 3 characters; shorter words are checked in C. */
#define SEARCH_FTS_MIN_CHARS	3

/* How well a name matches; a lower class ranks first. */
enum search_class {
	SEARCH_STARTS_NAME,	/* a query word starts the name */
	SEARCH_STARTS_WORD,	/* ... starts a word of the name */
	SEARCH_INSIDE_WORD,	/* ... sits inside a word */
	SEARCH_CLASS_MAX
};

struct search_query {
	struct buf	words;		/* folded words joined by one space */
	size_t		nwords;
	size_t		off[SEARCH_MAX_WORDS];	/* word i is words.data[off[i]..+len[i]) */
	size_t		len[SEARCH_MAX_WORDS];
};

#define SEARCH_QUERY_INIT { BUF_INIT, 0, { 0 }, { 0 } }

/*
 * Validates the decoded query s[0..n) and folds its words into q.  Returns
 * false with the client's message (400) in err.  q is freed by search_free
 * whatever the result.
 */
bool	search_parse(struct search_query *q, const char *s, size_t n,
	    struct query_error *err);
void	search_free(struct search_query *q);

/*
 * Folds the words of s[0..n), already accepted by search_valid (the
 * route's validator), into q: search_parse without checking again.
 */
void	search_fold(struct search_query *q, const char *s, size_t n);

/* The same checks as a query_validator (query.h). */
bool	search_valid(const char *s, size_t n, long long *number,
	    struct query_error *err);

/*
 * How many indexed names hold trigram t[0..n): 0 when none does, negative
 * when it cannot be known.
 */
typedef long long (*search_count_fn)(void *ctx, const char *t, size_t n);

/*
 * The trigrams of a word asked: its rarest two leave about half the
 * candidates its rarest one does, for little more reading (300 names).
 */
#define SEARCH_FTS_PER_WORD	2
/*
 * A trigram is left out of the expression when it is held by more than
 * this many times the names of the rarest one asked: reading its doclist
 * would cost more than checking in C the candidates it would remove
 * (300 names, warm worker: 64 306 K instructions a search, 16 296 K,
 * 8 292 K, 4 291 K, 2 289 K; 4 keeps a margin for other mixes).
 */
#define SEARCH_FTS_RATIO	4

/*
 * Appends to out the FTS5 MATCH expression finding the candidates of the
 * words of 3 characters or more: the SEARCH_FTS_PER_WORD rarest trigrams
 * of each (count, called with ctx, tells; NULL: the first ones), all
 * required, but those too common (SEARCH_FTS_RATIO) to be worth reading.  Every name holding the words
 * matches it: search_rank decides.  Returns false (nothing appended) when
 * no word is that long: the caller scans instead.
 */
bool	search_fts_expression(const struct search_query *q,
	    search_count_fn count, void *ctx, struct buf *out);

/*
 * Ranks the folded name[0..n): -1 when a word of q does not occur in it,
 * else the search_class of its weakest word (each word counted at its best
 * occurrence).
 */
int	search_rank(const struct search_query *q, const char *name, size_t n);

/* True for the letters a query may hold and that make up a word of a name. */
bool	search_is_letter(uint32_t cp);

#endif
