/*
 * How far a word typed from memory is from a word of the names, for the
 * search's suggestions and ?fuzzy=true.  Both words are folded (fold.h), so
 * that an accent missing or added costs nothing.  The distance is Damerau's
 * (a letter deleted, inserted or replaced, two adjacent letters swapped:
 * one edit each) with what French spelling confuses counted as one edit
 * too: "ph" for "f", "qu" for "k" or "c" (y for i, c for k and a doubled
 * letter are one edit already).
 *
 * The updater indexes the names' words by typo_key, the worker looks a
 * query word up by the same keys (symmetric deletes) and checks each
 * candidate with typo_distance.
 */
#ifndef MEDICAMENTS_TYPO_H
#define MEDICAMENTS_TYPO_H

#include <stddef.h>
#include <stdint.h>

/* Longer words are never corrected: no drug name's word is this long. */
#define TYPO_WORD_MAX		40

/* The edits a query word of n letters may need: none below 5 letters (too
 * many words would be one edit away), one up to 7, two from 8. */
#define TYPO_MIN_LETTERS	5
#define TYPO_TWO_EDITS_LETTERS	8
int	typo_budget(size_t n);

/*
 * The distance between a[0..na) and b[0..nb) when it is at most max, else
 * max + 1 (the computation stops as soon as max is out of reach).  Words
 * longer than TYPO_WORD_MAX are max + 1 from everything.
 */
int	typo_distance(const char *a, size_t na, const char *b, size_t nb,
	    int max);

/*
 * Writes the key of the folded word w[0..n) to out (at least n + 1 bytes,
 * NUL-terminated) and returns its length: "ph" as "f", "qu", "c" and "k"
 * as "k", "y" as "i", a doubled letter once.  What French spelling
 * confuses costs nothing between keys, so two words within d edits have
 * keys within d edits, but where a replaced letter makes or breaks a
 * doubled one ("aba" and "aaa": one edit, keys "aba" and "a").
 */
size_t	typo_key(char *out, const char *w, size_t n);

/*
 * The index of corrections (schema.sql vocabulaire_cles): every key of a
 * word of the names, and every string its key becomes with up to
 * typo_deletes letters deleted, hashed into TYPO_BUCKETS buckets; a
 * bucket lists (hash, word id) pairs.  A query word's key with up to its
 * budget of letters deleted meets every word within its budget there
 * (symmetric deletes), and typo_distance sorts out the rest.
 */
#define TYPO_BUCKETS		65536
#define TYPO_PAIR_BYTES		8	/* hash, word id: uint32 little-endian */
uint32_t typo_hash(const char *s, size_t n);
/* Letters deleted from the key of a word of n letters in the index: what
 * the longest query word it can be a correction of may need. */
int	typo_deletes(size_t n);

#endif
