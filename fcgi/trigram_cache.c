#include "trigram_cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Three characters of at most 4 UTF-8 bytes each. */
#define TRIGRAM_MAX_BYTES	12
/*
 * Slots (a power of 2): the 300-name mix reads about 800 distinct
 * trigrams; 2048 slots of 24 bytes, 48 KB a worker.
 */
#define TRIGRAM_CACHE_SLOTS	2048

struct slot {
	long long	count;
	unsigned char	len;		/* 0: empty */
	unsigned char	index;
	char		t[TRIGRAM_MAX_BYTES];
};

struct trigram_cache {
	struct slot	slot[TRIGRAM_CACHE_SLOTS];
};

/* FNV-1a over the index and the bytes. */
static size_t
slot_of(int index, const char *t, size_t n)
{
	uint32_t h = 2166136261u ^ (unsigned char)index;
	size_t i;

	h *= 16777619u;
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)t[i];
		h *= 16777619u;
	}
	return h & (TRIGRAM_CACHE_SLOTS - 1);
}

struct trigram_cache *
trigram_cache_new(void)
{
	return xcalloc(1, sizeof(struct trigram_cache));
}

void
trigram_cache_free(struct trigram_cache *c)
{
	free(c);
}

bool
trigram_cache_get(const struct trigram_cache *c, int index, const char *t,
    size_t n, long long *count)
{
	const struct slot *s;

	if (c == NULL || n == 0 || n > TRIGRAM_MAX_BYTES || index < 0 ||
	    index > UINT8_MAX)
		return false;
	s = &c->slot[slot_of(index, t, n)];
	if (s->len != n || s->index != index || memcmp(s->t, t, n) != 0)
		return false;
	*count = s->count;
	return true;
}

void
trigram_cache_put(struct trigram_cache *c, int index, const char *t,
    size_t n, long long count)
{
	struct slot *s;

	if (c == NULL || n == 0 || n > TRIGRAM_MAX_BYTES || index < 0 ||
	    index > UINT8_MAX)
		return;
	s = &c->slot[slot_of(index, t, n)];
	s->count = count;
	s->len = (unsigned char)n;
	s->index = (unsigned char)index;
	memcpy(s->t, t, n);
}
