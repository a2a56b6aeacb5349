/* Search queries: validation, folding into words, FTS5 expression, rank. */
#include "check.h"

#include "buf.h"
#include "query.h"
#include "search_query.h"

static struct search_query q = SEARCH_QUERY_INIT;
static struct query_error err;
static const char *msg = err.message;

static bool
parse(const char *s)
{
	memset(&err, 0, sizeof(err));
	return search_parse(&q, s, strlen(s), &err);
}

static const char *
fts(void)
{
	static struct buf out;

	buf_reset(&out);
	if (!search_fts_expression(&q, NULL, NULL, &out))
		return "(scan)";
	return buf_str(&out);
}

static int
rank(const char *name)
{
	return search_rank(&q, name, strlen(name));
}

static void
test_validation(void)
{
	CHECK(parse("doliprane"));
	CHECK(parse("abc"));
	CHECK(!parse("ab"));
	CHECK(strstr(msg, "too short") != NULL);
	CHECK(!parse(""));
	/* Characters, not bytes: "éé" is 4 bytes, 2 characters. */
	CHECK(!parse("\xC3\xA9\xC3\xA9"));
	CHECK(parse("\xC3\xA9\xC3\xA9\xC3\xA9"));
	CHECK(parse("12345678901234567890123456789012345678901234567890"));
	CHECK(!parse("123456789012345678901234567890123456789012345678901"));
	CHECK(strstr(msg, "too long") != NULL);
	CHECK(parse("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"));
	/* Allowed punctuation. */
	CHECK(parse("l'eau"));
	CHECK(parse("l\xE2\x80\x99" "eau"));
	CHECK(parse("500 mg/5 ml, sol."));
	CHECK(parse("co-amoxi"));
	CHECK(parse("a+b+c"));
	CHECK(parse("100 \xC2\xB5g"));		/* µg */
	CHECK(parse("\xC5\x93strog\xC3\xA8ne"));	/* œstrogène */
	/* Refused characters. */
	CHECK(!parse("abc;"));
	CHECK(strstr(msg, "invalid characters") != NULL);
	CHECK(!parse("a\"bc"));
	CHECK(!parse("abc*"));
	CHECK(!parse("abc%"));
	CHECK(!parse("a\tbc"));
	CHECK(!parse("<script>"));
	CHECK(!parse("abc\xC3\x97"));		/* × */
	CHECK(!parse("abc\xFF"));		/* not UTF-8 */
	CHECK(!parse("a..b"));
	CHECK(strstr(msg, "consecutive dots") != NULL);
	CHECK(parse("a.b.c"));
	/* Words: spaces and '+' separate, at most 6. */
	CHECK(parse("a b c d e f"));
	CHECK(q.nwords == 6);
	CHECK(!parse("a b c d e f g"));
	CHECK(strstr(msg, "maximum 6 words") != NULL);
	CHECK(!parse("a+b+c+d+e+f+g"));
	CHECK(parse("  a   b  "));
	CHECK(q.nwords == 2);
	CHECK(!parse("   "));
	CHECK(!parse("+++"));
	CHECK_STR(msg, "input cannot be empty");
	CHECK(strstr(err.detail, "at least one word") != NULL);
}

static void
test_folding(void)
{
	CHECK(parse("IBUPROF\xC3\x88NE"));
	CHECK_STR(buf_str(&q.words), "ibuprofene");
	CHECK(parse("Doli+PRANE  500"));
	CHECK(q.nwords == 3);
	CHECK_STR(buf_str(&q.words), "doli prane 500");
	CHECK(parse("L\xE2\x80\x99" "HUILE"));
	CHECK_STR(buf_str(&q.words), "l'huile");
	CHECK(parse("\xC5\x92STRO"));
	CHECK_STR(buf_str(&q.words), "oestro");
}

static void
test_fts(void)
{
	/*
	 * Without counts, each word's first two trigrams (detail=none index:
	 * single trigrams only; search_rank checks the words).
	 */
	CHECK(parse("doliprane"));
	CHECK_STR(fts(), "\"dol\" AND \"oli\"");
	CHECK(parse("doliprane 500 mg"));
	CHECK_STR(fts(), "\"dol\" AND \"oli\" AND \"500\"");
	CHECK(parse("ibuprof\xC3\xA8ne"));
	CHECK_STR(fts(), "\"ibu\" AND \"bup\"");
	CHECK(parse("a b c"));
	CHECK_STR(fts(), "(scan)");
	CHECK(parse("l'huile"));
	CHECK_STR(fts(), "\"l'h\" AND \"'hu\"");
	/* An FTS5 operator is only a word inside quotes. */
	CHECK(parse("NOT OR AND"));
	CHECK_STR(fts(), "\"not\" AND \"and\"");
	CHECK(parse("ab-c"));
	CHECK_STR(fts(), "\"ab-\" AND \"b-c\"");
	/* A trigram asked once, whichever words repeat it. */
	CHECK(parse("aaaaaa aaa"));
	CHECK_STR(fts(), "\"aaa\"");
	/* Characters, not bytes: a trigram of two-byte characters. */
	CHECK(parse("\xCE\xB4\xCE\xB1\xCE\xB2\xCE\xB3"));
	CHECK_STR(fts(), "\"\xCE\xB4\xCE\xB1\xCE\xB2\" AND "
	    "\"\xCE\xB1\xCE\xB2\xCE\xB3\"");
	/* Characters, not bytes: "éé" is too short for a trigram. */
	CHECK(parse("\xC3\xA9t \xC3\xA0 b"));
	CHECK_STR(fts(), "(scan)");
}

/* A trigrammes_* table: the names holding each trigram, else 1000. */
static long long
fake_count(void *ctx, const char *t, size_t n)
{
	static const struct {
		const char	*t;
		long long	 names;
	} table[] = {
		{ "dol", 90 }, { "oli", 300 }, { "lip", 200 }, { "ipr", 40 },
		{ "pra", 500 }, { "ran", 700 }, { "ane", 2000 },
		{ "500", 120 }, { "100", 150 }, { "cly", 3 },
		{ "xyz", 0 }, { "zzz", -1 },
		{ "\xCE\xB1\xCE\xB2\xCE\xB3", 5 },
	};
	size_t i;

	(*(int *)ctx)++;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strlen(table[i].t) == n && memcmp(table[i].t, t, n) == 0)
			return table[i].names;
	return 1000;
}

static const char *
fts_counted(int *calls)
{
	static struct buf out;

	*calls = 0;
	buf_reset(&out);
	if (!search_fts_expression(&q, fake_count, calls, &out))
		return "(scan)";
	return buf_str(&out);
}

static void
test_fts_rarest(void)
{
	int calls;

	/* Every trigram of the word asked, the two rarest kept. */
	CHECK(parse("doliprane"));
	CHECK_STR(fts_counted(&calls), "\"ipr\" AND \"dol\"");
	CHECK(calls == 7);
	/* Rarest first; 120 names are worth reading beside 40. */
	CHECK(parse("500 doliprane"));
	CHECK_STR(fts_counted(&calls), "\"ipr\" AND \"dol\" AND \"500\"");
	/* 150 beside 3 (more than SEARCH_FTS_RATIO times) are not. */
	CHECK(parse("venclyxto 100"));
	CHECK_STR(fts_counted(&calls), "\"cly\"");
	CHECK(parse("100 doliprane"));
	CHECK_STR(fts_counted(&calls), "\"ipr\" AND \"dol\" AND \"100\"");
	/* A trigram no name holds ends the look-ups: no candidate, alone. */
	CHECK(parse("axyzb doliprane"));
	CHECK_STR(fts_counted(&calls), "\"xyz\"");
	CHECK(calls == 2 + 7);
	/* Unknown counts rank last, and are kept only without a known one. */
	CHECK(parse("zzz doliprane"));
	CHECK_STR(fts_counted(&calls), "\"ipr\" AND \"dol\"");
	CHECK(parse("zzz"));
	CHECK_STR(fts_counted(&calls), "\"zzz\"");
	/* Characters, not bytes. */
	CHECK(parse("\xCE\xB4\xCE\xB1\xCE\xB2\xCE\xB3"));
	CHECK_STR(fts_counted(&calls), "\"\xCE\xB1\xCE\xB2\xCE\xB3\"");
	CHECK(calls == 2);
	/* Short words: no look-up, a scan. */
	CHECK(parse("a b c"));
	CHECK_STR(fts_counted(&calls), "(scan)");
	CHECK(calls == 0);
}

static void
test_rank(void)
{
	CHECK(parse("doli"));
	CHECK(rank("doliprane 500 mg, comprime") == SEARCH_STARTS_NAME);
	CHECK(rank("paracetamol (doliprane)") == SEARCH_STARTS_WORD);
	CHECK(rank("xdoli") == SEARCH_INSIDE_WORD);
	CHECK(rank("paracetamol") == -1);
	/* The best occurrence of a word counts. */
	CHECK(rank("adoli doli") == SEARCH_STARTS_WORD);
	CHECK(rank("adoli bdoli") == SEARCH_INSIDE_WORD);
	/* A word starts after anything but a letter or a digit. */
	CHECK(rank("a-doli") == SEARCH_STARTS_WORD);
	CHECK(rank("a/doli") == SEARCH_STARTS_WORD);
	CHECK(rank("a'doli") == SEARCH_STARTS_WORD);
	CHECK(rank("1doli") == SEARCH_INSIDE_WORD);
	CHECK(rank("\xC2\xB5" "doli") == SEARCH_INSIDE_WORD);	/* µ */
	CHECK(rank("\xC2\xAE" "doli") == SEARCH_STARTS_WORD);	/* ® */
	/* Several words: the weakest decides; all must be there. */
	CHECK(parse("doli 500"));
	CHECK(rank("doliprane 500 mg") == SEARCH_STARTS_WORD);
	CHECK(rank("doliprane 1500 mg") == SEARCH_INSIDE_WORD);
	CHECK(rank("doliprane 1000 mg") == -1);
	CHECK(parse("dol doli"));
	CHECK(rank("doliprane") == SEARCH_STARTS_NAME);
	/* Short words are checked too. */
	CHECK(parse("a b c"));
	CHECK(rank("abc") == SEARCH_INSIDE_WORD);
	CHECK(rank("c b a") == SEARCH_STARTS_WORD);
	CHECK(rank("a") == -1);
	CHECK(rank("ab") == -1);
}

int
main(void)
{
	test_validation();
	test_folding();
	test_fts();
	test_fts_rarest();
	test_rank();
	search_free(&q);
	return check_finish("test_fcgi_search");
}
