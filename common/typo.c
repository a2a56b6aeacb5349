#include "typo.h"

#include <stdbool.h>

int
typo_budget(size_t n)
{
	if (n < TYPO_MIN_LETTERS)
		return 0;
	return n < TYPO_TWO_EDITS_LETTERS ? 1 : 2;
}

/* True when x[0..2) is what French writes for the one letter y. */
static bool
spells(const char *x, char y)
{
	if (x[0] == 'p' && x[1] == 'h')
		return y == 'f';
	if (x[0] == 'q' && x[1] == 'u')
		return y == 'k' || y == 'c';
	return false;
}

static int
min2(int x, int y)
{
	return x < y ? x : y;
}

int
typo_distance(const char *a, size_t na, const char *b, size_t nb, int max)
{
	/* Three rows: a transposition and a two-letter spelling look two
	 * rows back. */
	int rows[3][TYPO_WORD_MAX + 1];
	int *back2 = rows[0], *back1 = rows[1], *cur = rows[2], *t;
	size_t i, j;
	int before = 0;		/* the least of the row before back1 */

	if (max < 0 || na > TYPO_WORD_MAX || nb > TYPO_WORD_MAX)
		return max + 1;
	if ((na > nb ? na - nb : nb - na) > (size_t)max)
		return max + 1;	/* each edit changes the length by one at most */
	for (j = 0; j <= nb; j++)
		back1[j] = (int)j;
	for (i = 1; i <= na; i++) {
		int best;

		cur[0] = (int)i;
		best = cur[0];
		for (j = 1; j <= nb; j++) {
			int d = back1[j - 1] + (a[i - 1] != b[j - 1]);

			d = min2(d, back1[j] + 1);
			d = min2(d, cur[j - 1] + 1);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1])
				d = min2(d, back2[j - 2] + 1);
			if (i > 1 && spells(a + i - 2, b[j - 1]))
				d = min2(d, back2[j - 1] + 1);
			if (j > 1 && spells(b + j - 2, a[i - 1]))
				d = min2(d, back1[j - 2] + 1);
			cur[j] = d;
			best = min2(best, d);
		}
		/* A later row comes from one of the last two, plus one. */
		if (best > max && before > max)
			return max + 1;
		before = best;
		t = back2;
		back2 = back1;
		back1 = cur;
		cur = t;
	}
	return min2(back1[nb], max + 1);
}

size_t
typo_key(char *out, const char *w, size_t n)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		char c = w[i];

		if (c == 'p' && i + 1 < n && w[i + 1] == 'h') {
			c = 'f';
			i++;
		} else if (c == 'q' && i + 1 < n && w[i + 1] == 'u') {
			c = 'k';
			i++;
		} else if (c == 'q' || c == 'c') {
			c = 'k';
		} else if (c == 'y') {
			c = 'i';
		}
		if (len > 0 && out[len - 1] == c)
			continue;	/* a doubled letter, once */
		out[len++] = c;
	}
	out[len] = '\0';
	return len;
}

uint32_t
typo_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

int
typo_deletes(size_t n)
{
	/* A word is a correction of query words at most as many letters
	 * longer as their budget: n + 1 letters (one edit) from 4, n + 2
	 * (two) from 6. */
	if (n + 2 >= TYPO_TWO_EDITS_LETTERS)
		return 2;
	return n + 1 >= TYPO_MIN_LETTERS ? 1 : 0;
}
