/* Line splitting and the repair of shifted rows. */
#include "check.h"

#include "tsv.h"

static void
test_lines(void)
{
	const char data[] = "a\tb\r\n\r\r\nc\r\r\n\nd\ne";
	const char *line;
	size_t pos = 0, len;

	CHECK(tsv_next_line(data, sizeof(data) - 1, &pos, &line, &len));
	CHECK(len == 3 && strncmp(line, "a\tb", 3) == 0);
	CHECK(tsv_next_line(data, sizeof(data) - 1, &pos, &line, &len));
	CHECK(len == 1 && line[0] == 'c');		/* \r\r\n: one line */
	CHECK(tsv_next_line(data, sizeof(data) - 1, &pos, &line, &len));
	CHECK(len == 1 && line[0] == 'd');
	CHECK(tsv_next_line(data, sizeof(data) - 1, &pos, &line, &len));
	CHECK(len == 1 && line[0] == 'e');		/* no final newline */
	CHECK(!tsv_next_line(data, sizeof(data) - 1, &pos, &line, &len));
}

static struct tsv_row row;

static void
split(const char *s)
{
	tsv_split(s, strlen(s), &row);
}

static int
field_is(size_t i, const char *want)
{
	return i < row.count && row.field[i].n == strlen(want) &&
	    strncmp(row.field[i].s, want, row.field[i].n) == 0;
}

static void
test_split_and_fit(void)
{
	/* CIS_COMPO, CIS 68285029: three stray TABs after the substance. */
	split("68285029\tgranules\t02500\tMERCURIUS DULCIS\t\t\t\t4CH \xC3\xA0"
	    " 30CH\tune gomme\tSA\t14\t");
	CHECK(row.count == 12);
	CHECK(tsv_fit(&row, 9, 8, 3, true) == TSV_FIT_REPAIRED);
	CHECK(row.count == 9);
	CHECK(field_is(3, "MERCURIUS DULCIS"));
	CHECK(field_is(4, "4CH \xC3\xA0 30CH"));
	CHECK(field_is(7, "14"));
	CHECK(field_is(8, ""));

	/* CIS_GENER, group 1809: an empty field before the CIS. */
	split("1809\tPALIPERIDONE\t\t67215259\t0\t1\t");
	CHECK(tsv_fit(&row, 6, 5, 1, true) == TSV_FIT_REPAIRED);
	CHECK(field_is(1, "PALIPERIDONE"));
	CHECK(field_is(2, "67215259"));
	CHECK(field_is(4, "1"));

	/* A TAB inside the text: both halves stay in the text field. */
	split("1\tNOM\tSUITE\t67215259\t0\t1\t");
	CHECK(tsv_fit(&row, 6, 5, 1, true) == TSV_FIT_REPAIRED);
	CHECK(field_is(1, "NOM\tSUITE"));
	CHECK(field_is(2, "67215259"));

	/* Well-formed rows, and a missing trailing TAB, are not defects. */
	split("1\tNOM\t67215259\t0\t1\t");
	CHECK(tsv_fit(&row, 6, 5, 1, true) == TSV_FIT_OK);
	split("1\tNOM\t67215259\t0\t1");
	CHECK(tsv_fit(&row, 6, 5, 1, true) == TSV_FIT_OK);
	CHECK(row.count == 6 && field_is(5, ""));

	/* Too short: rejected. */
	split("1\tNOM\t67215259");
	CHECK(tsv_fit(&row, 6, 5, 1, true) == TSV_FIT_BAD);

	/* No text field: only empty extra fields can be dropped. */
	split("CT-1\thttps://x\t\t");
	CHECK(tsv_fit(&row, 2, 2, -1, false) == TSV_FIT_REPAIRED);
	split("CT-1\thttps://x\tjunk");
	CHECK(tsv_fit(&row, 2, 2, -1, false) == TSV_FIT_BAD);

	/* More fields than a row can hold: rejected, never overrun. */
	split("\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t"
	    "\t\t\t\t\t\t\t\t\t\t");
	CHECK(row.overflow);
	CHECK(tsv_fit(&row, 6, 5, 1, true) == TSV_FIT_BAD);
}

int
main(void)
{
	test_lines();
	test_split_and_fit();
	return check_finish("test_tsv");
}
