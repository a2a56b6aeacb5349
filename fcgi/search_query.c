#include "search_query.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "fold.h"
#include "query.h"
#include "text.h"

bool
search_is_letter(uint32_t cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return true;
	if (cp < 0x80)
		return false;
	/* Latin-1 letters (not × and ÷), Latin Extended A/B, Greek, µ. */
	return cp == 0xB5 ||
	    (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
	    (cp >= 0x370 && cp <= 0x3FF) ||
	    (cp >= 0x1E00 && cp <= 0x1EFF);
}

static bool
is_alnum(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || search_is_letter(cp);
}

/* Punctuation allowed in a query besides letters, digits and separators. */
static bool
is_query_punct(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == '/' || cp == '-' ||
	    cp == '.' || cp == ',';
}

static bool
is_separator(char c)
{
	return c == ' ' || c == '+';
}

/*
 * Substrings the Go service refuses in a search ("input contains
 * potentially dangerous content"), lower case.  Most hold a character this
 * service refuses anyway; they only choose the message of a refused query
 * so that it reads as the Go service's.
 */
static const char *const go_dangerous[] = {
	"<script", "</script>", "javascript:", "vbscript:", "onload=",
	"onerror=", "onclick=", "onmouseover=", "onfocus=", "onblur=",
	"onchange=", "onsubmit=", "eval(", "expression(", "url(", "import ",
	"@import", "binding(", "behavior(", "' or ", "\" or ",
	"union select", "drop table", "delete from", "insert into",
	"update set", "--", "/*", "*/", "xp_", "sp_", "exec(", "execute(",
	"; ", "| ", "& ", "`", "$(", "${", "../", "..\\", "%2e%2e",
	"file://", "*)(", "*|(", "*)%", "{$ne:", "{$gt:", "{$where:",
	"{$or:", "{$regex:", "{$expr:",
};

static bool
go_finds_dangerous(const char *s, size_t n)
{
	struct buf lower = BUF_INIT;
	size_t i;
	bool found = false;

	for (i = 0; i < n; i++)
		buf_putc(&lower, s[i] >= 'A' && s[i] <= 'Z' ?
		    (char)(s[i] - 'A' + 'a') : s[i]);
	for (i = 0; !found && i < sizeof(go_dangerous) /
	    sizeof(go_dangerous[0]); i++)
		found = memmem(buf_str(&lower), lower.len, go_dangerous[i],
		    strlen(go_dangerous[i])) != NULL;
	buf_free(&lower);
	return found;
}

/* What a first pass over the characters of a query learns. */
struct search_scan {
	size_t	chars;		/* characters; a byte that is not UTF-8 is one */
	size_t	words;		/* runs between Go's spaces and '+' */
	bool	blank;		/* nothing but Go's spaces and '+' */
	bool	refused;	/* a character API.md does not allow */
};

static void
search_scan(const char *s, size_t n, struct search_scan *sc)
{
	size_t i, len;
	uint32_t cp;
	bool space, in_word = false;

	memset(sc, 0, sizeof(*sc));
	sc->blank = true;
	for (i = 0; i < n; i += len, sc->chars++) {
		if ((len = text_utf8_next(s + i, n - i, &cp)) == 0) {
			cp = 0xFFFD;	/* refused by both */
			len = 1;
		}
		space = cp == '+' || query_is_go_space(cp);
		sc->blank = sc->blank && space;
		if (!space && !in_word)
			sc->words++;
		in_word = !space;
		if (is_alnum(cp) || is_query_punct(cp) || cp == ' ' ||
		    cp == '+')
			continue;
		sc->refused = true;
	}
}

/*
 * Checks in the Go service's order (validation/data_validator.go), so that
 * a query both refuse gets its message: blank, too short, too long, too
 * many words, then the characters, then "..", each with the Go
 * service's message (ours, which lists the characters exactly, in
 * detail).  Lengths are characters here, bytes there.
 */
static bool
search_check(const char *s, size_t n, struct query_error *err)
{
	static const char ours_chars[] = "Search query contains invalid "
	    "characters. Only letters, digits, spaces and "
	    "+ ' \xE2\x80\x99 / - . , are allowed";
	static const char ours_dots[] = "Search query must not contain '..'";
	static const char go_allowed[] = "Only letters, numbers, spaces, "
	    "hyphens, periods, forward slash, apostrophe, and plus sign are "
	    "allowed";
	struct search_scan sc;
	char msg[QUERY_MSG_SIZE];
	bool dots = memmem(s, n, "..", 2) != NULL;

	search_scan(s, n, &sc);
	if (sc.blank) {
		query_error_set(err, "input cannot be empty",
		    "Search query must contain at least one word");
		return false;
	}
	if (sc.chars < SEARCH_MIN_CHARS || sc.chars > SEARCH_MAX_CHARS) {
		snprintf(msg, sizeof(msg), sc.chars < SEARCH_MIN_CHARS ?
		    "input too short: minimum %d characters" :
		    "input too long: maximum %d characters",
		    sc.chars < SEARCH_MIN_CHARS ? SEARCH_MIN_CHARS :
		    SEARCH_MAX_CHARS);
		query_error_set(err, msg, NULL);
		return false;
	}
	if (sc.words > SEARCH_MAX_WORDS) {
		snprintf(msg, sizeof(msg), "search query too complex: "
		    "maximum %d words allowed", SEARCH_MAX_WORDS);
		query_error_set(err, msg, NULL);
		return false;
	}
	if (!sc.refused && !dots)
		return true;
	if (go_finds_dangerous(s, n))
		query_error_set(err, "input contains potentially dangerous "
		    "content", sc.refused ? ours_chars : ours_dots);
	else {
		snprintf(msg, sizeof(msg), "input contains %s. %s",
		    sc.refused ? "invalid characters" :
		    "consecutive dots which are not allowed", go_allowed);
		query_error_set(err, msg, sc.refused ? ours_chars : NULL);
	}
	return false;
}

bool
search_parse(struct search_query *q, const char *s, size_t n,
    struct query_error *err)
{
	buf_reset(&q->words);
	q->nwords = 0;
	if (!search_check(s, n, err))
		return false;
	search_fold(q, s, n);
	return true;
}

void
search_fold(struct search_query *q, const char *s, size_t n)
{
	size_t i, start;

	buf_reset(&q->words);
	q->nwords = 0;
	/* A valid query has at most SEARCH_MAX_WORDS words. */
	for (i = 0; i < n && q->nwords < SEARCH_MAX_WORDS; ) {
		while (i < n && is_separator(s[i]))
			i++;
		if (i == n)
			break;
		for (start = i; i < n && !is_separator(s[i]); i++)
			;
		if (q->nwords > 0)
			buf_putc(&q->words, ' ');
		q->off[q->nwords] = q->words.len;
		fold_text(&q->words, s + start, i - start);
		q->len[q->nwords] = q->words.len - q->off[q->nwords];
		q->nwords++;
	}
}

void
search_free(struct search_query *q)
{
	buf_free(&q->words);
	q->nwords = 0;
}

bool
search_valid(const char *s, size_t n, long long *number,
    struct query_error *err)
{
	(void)number;
	return search_check(s, n, err);
}

/* A trigram of the expression: one of the rarest of a word. */
struct trigram {
	const char	*t;		/* into the folded words */
	size_t		 n;		/* bytes */
	long long	 names;		/* names holding it; LLONG_MAX: unknown */
};

/*
 * Adds t to set[0..*n) (room for one more) unless it is there, keeping the
 * set in increasing counts, the first come first on a tie.
 */
static void
trigram_add(struct trigram *set, size_t *n, struct trigram t)
{
	size_t j;

	for (j = 0; j < *n; j++)
		if (set[j].n == t.n && memcmp(set[j].t, t.t, t.n) == 0)
			return;
	for (j = *n; j > 0 && set[j - 1].names > t.names; j--)
		set[j] = set[j - 1];
	set[j] = t;
	(*n)++;
}

/*
 * Adds to set[0..*n) the SEARCH_FTS_PER_WORD rarest trigrams of word w, of
 * nc characters (3 or more), cp[i] the byte offset of character i; the
 * first ones on a tie, all of them when counts are unknown.  A trigram no
 * name holds (0) finds no candidate at all: it is enough alone.
 */
static void
word_rarest(const char *w, const size_t *cp, size_t nc,
    search_count_fn count, void *ctx, struct trigram *set, size_t *n)
{
	struct trigram best[SEARCH_FTS_PER_WORD + 1], t;
	size_t k, nbest = 0;

	for (k = 0; k + 3 <= nc && (nbest == 0 || best[0].names > 0); k++) {
		t.t = w + cp[k];
		t.n = cp[k + 3] - cp[k];
		t.names = count != NULL ? count(ctx, t.t, t.n) : LLONG_MAX;
		if (t.names < 0)
			t.names = LLONG_MAX;
		trigram_add(best, &nbest, t);
		if (nbest > SEARCH_FTS_PER_WORD)
			nbest--;	/* the most common one out */
		if (count == NULL && nbest == SEARCH_FTS_PER_WORD)
			break;
	}
	if (nbest > 0 && best[0].names == 0)
		nbest = 1;
	for (k = 0; k < nbest; k++)
		trigram_add(set, n, best[k]);
}

/* The characters of word w[0..len): their byte offsets in cp, how many. */
static size_t
word_offsets(const char *w, size_t len, size_t *cp)
{
	size_t nc, pos, n;
	uint32_t c;

	for (nc = 0, pos = 0; pos < len && nc < SEARCH_MAX_BYTES;
	    pos += n, nc++) {
		cp[nc] = pos;
		if ((n = text_utf8_next(w + pos, len - pos, &c)) == 0)
			n = 1;	/* not folded output: never */
	}
	cp[nc] = pos;
	return nc;
}

bool
search_fts_expression(const struct search_query *q, search_count_fn count,
    void *ctx, struct buf *out)
{
	struct trigram set[SEARCH_MAX_WORDS * SEARCH_FTS_PER_WORD];
	size_t cp[SEARCH_MAX_BYTES + 1];	/* byte offset of each character */
	size_t i, k, nc, nset = 0;
	const char *w;

	for (i = 0; i < q->nwords; i++) {
		w = q->words.data + q->off[i];
		if ((nc = word_offsets(w, q->len[i], cp)) >=
		    SEARCH_FTS_MIN_CHARS)
			word_rarest(w, cp, nc, count, ctx, set, &nset);
	}
	for (i = 0; i < nset; i++) {
		if (i > 0 && set[0].names <= LLONG_MAX / SEARCH_FTS_RATIO &&
		    set[i].names > set[0].names * SEARCH_FTS_RATIO)
			break;
		if (i > 0)
			buf_puts(out, " AND ");
		/* A quoted FTS5 string: only '"' is special, written twice. */
		buf_putc(out, '"');
		for (k = 0; k < set[i].n; k++) {
			if (set[i].t[k] == '"')
				buf_putc(out, '"');
			buf_putc(out, set[i].t[k]);
		}
		buf_putc(out, '"');
	}
	return nset > 0;
}

/* The code point that ends just before name[pos] (pos > 0). */
static uint32_t
previous_cp(const char *name, size_t pos)
{
	size_t start = pos - 1, back = 0;
	uint32_t cp;

	while (start > 0 && back < 3 &&
	    ((unsigned char)name[start] & 0xC0) == 0x80)
		start--, back++;
	if (text_utf8_next(name + start, pos - start, &cp) != pos - start)
		return ' ';	/* not a well-formed character: not a letter */
	return cp;
}

/* Best class of word w[0..wn) in name[0..n), -1 when absent. */
static int
word_class(const char *name, size_t n, const char *w, size_t wn)
{
	const char *hit;
	size_t pos = 0;
	int best = -1, class;

	while (pos + wn <= n &&
	    (hit = memmem(name + pos, n - pos, w, wn)) != NULL) {
		pos = (size_t)(hit - name);
		if (pos == 0)
			return SEARCH_STARTS_NAME;
		class = is_alnum(previous_cp(name, pos)) ?
		    SEARCH_INSIDE_WORD : SEARCH_STARTS_WORD;
		if (best < 0 || class < best)
			best = class;
		if (best == SEARCH_STARTS_WORD)
			break;	/* only the start of the name does better */
		pos++;
	}
	return best;
}

int
search_rank(const struct search_query *q, const char *name, size_t n)
{
	int worst = SEARCH_STARTS_NAME, class;
	size_t i;

	if (q->nwords == 0)
		return -1;
	for (i = 0; i < q->nwords; i++) {
		class = word_class(name, n, q->words.data + q->off[i],
		    q->len[i]);
		if (class < 0)
			return -1;
		if (class > worst)
			worst = class;
	}
	return worst;
}
