/*
 * typo_distance against the examples and a plain Damerau
 * (optimal string alignment) written the obvious way, over every pair of
 * a set of words and their misspellings; typo_key's French spellings.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "typo.h"

static int
dist(const char *a, const char *b, int max)
{
	return typo_distance(a, strlen(a), b, strlen(b), max);
}

static const char *
key(const char *w)
{
	static char out[TYPO_WORD_MAX + 1];

	typo_key(out, w, strlen(w));
	return out;
}

/* Damerau (optimal string alignment), full matrix, no French: the
 * reference for the pairs the French rules do not touch. */
static int
reference(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), i, j;
	int d[TYPO_WORD_MAX + 1][TYPO_WORD_MAX + 1];

	for (i = 0; i <= na; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= nb; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= na; i++)
		for (j = 1; j <= nb; j++) {
			int v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[na][nb];
}

int
main(void)
{
	static const char *words[] = {
		"amoxicilline", "amoxiciline", "levothyrox", "levotyrox",
		"doliprane", "doliprans", "dolirpane", "metformine",
		"mtformine", "ibuprofene", "kardegic", "spasfon", "aspirine",
		"paracetamol", "abc", "", "a", "ba", "ab", "acb", "tramadol",
	};
	size_t i, j, n = sizeof(words) / sizeof(words[0]);
	char long_word[TYPO_WORD_MAX + 2];

	/* The edit budget by length. */
	CHECK(typo_budget(4) == 0);
	CHECK(typo_budget(5) == 1);
	CHECK(typo_budget(7) == 1);
	CHECK(typo_budget(8) == 2);
	CHECK(typo_budget(20) == 2);

	/* The misspellings, one edit each. */
	CHECK(dist("amoxiciline", "amoxicilline", 2) == 1);
	CHECK(dist("levotyrox", "levothyrox", 2) == 1);
	CHECK(dist("doliprans", "doliprane", 2) == 1);
	CHECK(dist("dolirpane", "doliprane", 2) == 1);	/* swapped */
	CHECK(dist("mtformine", "metformine", 2) == 1);
	/* French spellings, one edit each. */
	CHECK(dist("ketoprofene", "ketoprophene", 2) == 1);
	CHECK(dist("ketoprophene", "ketoprofene", 2) == 1);
	CHECK(dist("kinine", "quinine", 2) == 1);
	CHECK(dist("quinine", "cinine", 2) == 1);
	CHECK(dist("cardegic", "kardegic", 2) == 1);
	CHECK(dist("amoxycilline", "amoxicilline", 2) == 1);
	/* Two of them. */
	CHECK(dist("ketoprophenne", "ketoprofene", 2) == 2);
	/* Beyond the bound: max + 1, whatever the real distance. */
	CHECK(dist("maison", "metformine", 2) == 3);
	CHECK(dist("abc", "abcdef", 1) == 2);
	CHECK(dist("abc", "abc", 0) == 0);
	CHECK(dist("abc", "abd", 0) == 1);
	memset(long_word, 'a', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	CHECK(dist(long_word, long_word, 2) == 3);

	/* Where no French rule applies, the plain Damerau distance, cut at
	 * the bound. */
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			int want = reference(words[i], words[j]), max;

			if (strstr(words[i], "ph") || strstr(words[j], "ph") ||
			    strstr(words[i], "qu") || strstr(words[j], "qu"))
				continue;
			for (max = 0; max <= 3; max++) {
				int got = dist(words[i], words[j], max);

				CHECK(got == (want <= max ? want : max + 1));
				if (got != (want <= max ? want : max + 1))
					fprintf(stderr, "%s %s max %d: %d, "
					    "want %d\n", words[i], words[j],
					    max, got, want);
			}
		}

	/* Keys: what French confuses costs nothing. */
	CHECK_STR(key("ketoprophene"), key("ketoprofene"));
	CHECK_STR(key("quinine"), "kinine");
	CHECK_STR(key("cardegic"), key("kardegic"));
	CHECK_STR(key("amoxycilline"), "amoxikiline");
	CHECK_STR(key("amoxiciline"), key("amoxicilline"));
	CHECK_STR(key("levotyrox"), "levotirox");
	CHECK_STR(key(""), "");
	return check_finish("test_typo");
}
