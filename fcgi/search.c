#include "search.h"

#include <stdio.h>
#include <string.h>

#include "fold.h"
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

bool
search_parse(struct search_query *q, const char *s, size_t n, char *msg,
    size_t msgsize)
{
	size_t i, len, chars = 0, start;
	uint32_t cp;

	buf_reset(&q->words);
	q->nwords = 0;
	for (i = 0; i < n; i += len, chars++) {
		if ((len = text_utf8_next(s + i, n - i, &cp)) == 0 ||
		    !(is_alnum(cp) || is_query_punct(cp) || cp == ' ' ||
		    cp == '+')) {
			snprintf(msg, msgsize, "Search query contains invalid "
			    "characters. Only letters, digits, spaces and "
			    "+ ' \xE2\x80\x99 / - . , are allowed");
			return false;
		}
	}
	if (chars < SEARCH_MIN_CHARS) {
		snprintf(msg, msgsize, "Search query too short: minimum %d "
		    "characters", SEARCH_MIN_CHARS);
		return false;
	}
	if (chars > SEARCH_MAX_CHARS) {
		snprintf(msg, msgsize, "Search query too long: maximum %d "
		    "characters", SEARCH_MAX_CHARS);
		return false;
	}
	if (memmem(s, n, "..", 2) != NULL) {
		snprintf(msg, msgsize, "Search query must not contain '..'");
		return false;
	}
	for (i = 0; i < n; ) {
		while (i < n && is_separator(s[i]))
			i++;
		if (i == n)
			break;
		for (start = i; i < n && !is_separator(s[i]); i++)
			;
		if (q->nwords == SEARCH_MAX_WORDS) {
			snprintf(msg, msgsize, "Search query too complex: "
			    "maximum %d words allowed", SEARCH_MAX_WORDS);
			return false;
		}
		if (q->nwords > 0)
			buf_putc(&q->words, ' ');
		q->off[q->nwords] = q->words.len;
		fold_text(&q->words, s + start, i - start);
		q->len[q->nwords] = q->words.len - q->off[q->nwords];
		q->nwords++;
	}
	if (q->nwords == 0) {
		snprintf(msg, msgsize, "Search query must contain at least "
		    "one word");
		return false;
	}
	return true;
}

void
search_free(struct search_query *q)
{
	buf_free(&q->words);
	q->nwords = 0;
}

bool
search_valid(const char *s, size_t n, long long *number, char *msg,
    size_t msgsize)
{
	struct search_query q = SEARCH_QUERY_INIT;
	bool ok;

	(void)number;
	ok = search_parse(&q, s, n, msg, msgsize);
	search_free(&q);
	return ok;
}

bool
search_fts_expression(const struct search_query *q, struct buf *out)
{
	const char *w;
	size_t i, j;
	bool any = false;

	for (i = 0; i < q->nwords; i++) {
		w = q->words.data + q->off[i];
		if (text_utf8_count(w, q->len[i]) < SEARCH_FTS_MIN_CHARS)
			continue;
		if (any)
			buf_puts(out, " AND ");
		/* A quoted FTS5 string: only '"' is special, written twice. */
		buf_putc(out, '"');
		for (j = 0; j < q->len[i]; j++) {
			if (w[j] == '"')
				buf_putc(out, '"');
			buf_putc(out, w[j]);
		}
		buf_putc(out, '"');
		any = true;
	}
	return any;
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
