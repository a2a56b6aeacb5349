#ifndef TRIGRAM_CACHE_H
#define TRIGRAM_CACHE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The trigram counts a worker has read (db_trigram_count), kept with the
 * database handle they came from and freed with it: a search reads the
 * count of every trigram of every word, the same few thousand trigrams
 * again and again.  Direct-mapped and bounded: a new entry replaces the
 * one in its slot.
 */
struct trigram_cache;

struct trigram_cache *trigram_cache_new(void);
void	trigram_cache_free(struct trigram_cache *c);
/* The count of trigram t[0..n) of search index `index`, when kept. */
bool	trigram_cache_get(const struct trigram_cache *c, int index,
	    const char *t, size_t n, long long *count);
/* Keeps it (a trigram longer than a trigram's 12 bytes is not kept). */
void	trigram_cache_put(struct trigram_cache *c, int index, const char *t,
	    size_t n, long long count);

#endif
