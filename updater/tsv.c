#include "tsv.h"

#include <string.h>

bool
tsv_next_line(const char *data, size_t size, size_t *pos, const char **line,
    size_t *len)
{
	const char *nl;
	size_t start, end;

	while (*pos < size) {
		start = *pos;
		nl = memchr(data + start, '\n', size - start);
		end = nl != NULL ? (size_t)(nl - data) : size;
		*pos = nl != NULL ? end + 1 : size;
		while (end > start && data[end - 1] == '\r')
			end--;
		if (end == start)
			continue;
		*line = data + start;
		*len = end - start;
		return true;
	}
	return false;
}

void
tsv_split(const char *line, size_t len, struct tsv_row *row)
{
	const char *p = line, *end = line + len, *tab;

	row->count = 0;
	row->overflow = false;
	for (;;) {
		tab = memchr(p, '\t', (size_t)(end - p));
		if (row->count == TSV_MAX_FIELDS) {
			row->overflow = true;
			return;
		}
		row->field[row->count].s = p;
		row->field[row->count].n = (size_t)((tab ? tab : end) - p);
		row->count++;
		if (tab == NULL)
			return;
		p = tab + 1;
	}
}

enum tsv_fit
tsv_fit(struct tsv_row *row, size_t expected, size_t minimum, int text_field,
    bool trailing_empty)
{
	size_t surplus, i, keep;
	struct tsv_field *text;

	if (row->overflow || expected == 0 || expected > TSV_MAX_FIELDS)
		return TSV_FIT_BAD;
	if (row->count == expected)
		return TSV_FIT_OK;
	if (row->count < expected) {
		if (row->count < minimum)
			return TSV_FIT_BAD;
		keep = row->count;
		for (i = keep; i < expected; i++) {
			row->field[i].s = "";
			row->field[i].n = 0;
		}
		row->count = expected;
		return trailing_empty && keep == expected - 1 ?
		    TSV_FIT_OK : TSV_FIT_REPAIRED;
	}

	surplus = row->count - expected;
	if (text_field < 0 || (size_t)text_field >= expected) {
		/* Only empty trailing fields can be dropped safely. */
		for (i = expected; i < row->count; i++)
			if (row->field[i].n != 0)
				return TSV_FIT_BAD;
		row->count = expected;
		return TSV_FIT_REPAIRED;
	}

	/*
	 * The surplus fields follow the text field.  Empty ones are stray
	 * TABs; a non-empty one is text that held a TAB.  The fields point
	 * into one line, so a merged text field spans from its start to the
	 * end of the last merged field, TABs included; the loader turns
	 * those TABs into spaces.
	 */
	text = &row->field[text_field];
	for (i = 1; i <= surplus; i++) {
		const struct tsv_field *extra = &row->field[text_field + i];

		if (extra->n > 0)
			text->n = (size_t)(extra->s + extra->n - text->s);
	}
	memmove(&row->field[text_field + 1],
	    &row->field[text_field + 1 + surplus],
	    (row->count - (size_t)text_field - 1 - surplus) *
	    sizeof(row->field[0]));
	row->count = expected;
	return TSV_FIT_REPAIRED;
}
