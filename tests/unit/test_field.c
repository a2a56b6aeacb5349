/* French numbers, the two date formats, HTML reduced to text and link. */
#include "check.h"

#include <stdint.h>

#include "buf.h"
#include "field.h"

static int64_t
number(const char *s)
{
	int64_t v = -1;

	if (!field_fr_number(s, strlen(s), &v))
		return -1;
	return v;
}

static void
test_numbers(void)
{
	CHECK(number("30,36") == 3036);
	CHECK(number("4,417,08") == 441708);	/* thousands by comma */
	CHECK(number("1,02") == 102);
	CHECK(number("12") == 1200);
	CHECK(number("0,5") == 50);
	CHECK(number("1 234,56") == 123456);
	CHECK(number("1\xC2\xA0" "234,56") == 123456);	/* NBSP */
	CHECK(number("12.5") == 1250);
	CHECK(number("1,234,567,89") == 123456789);
	CHECK(number("") == -1);
	CHECK(number(",5") == -1);
	CHECK(number("5,") == -1);
	CHECK(number("4,41,08") == -1);		/* groups of three only */
	CHECK(number("1,,2") == -1);
	CHECK(number("12a") == -1);
	CHECK(number("-3,00") == -1);
	CHECK(number("99999999999999999999") == -1);
}

static void
test_dates(void)
{
	char iso[11];

	CHECK(field_date_dmy("28/10/2010", 10, iso));
	CHECK_STR(iso, "2010-10-28");
	CHECK(field_date_dmy("29/02/2024", 10, iso));
	CHECK(!field_date_dmy("29/02/2023", 10, iso));
	CHECK(!field_date_dmy("31/04/2020", 10, iso));
	CHECK(!field_date_dmy("2010-10-28", 10, iso));
	CHECK(!field_date_dmy("1/1/2020", 8, iso));
	CHECK(!field_date_dmy("", 0, iso));
	CHECK(field_date_ymd("20220209", 8, iso));
	CHECK_STR(iso, "2022-02-09");
	CHECK(!field_date_ymd("20221309", 8, iso));
	CHECK(!field_date_ymd("2022029", 7, iso));
	CHECK(!field_date_ymd("2022o209", 8, iso));
}

static void
test_integers(void)
{
	int64_t v;

	CHECK(field_integer("02500", 5, &v) && v == 2500);
	CHECK(field_integer("3400949497294", 13, &v) && v == 3400949497294LL);
	CHECK(!field_integer("", 0, &v));
	CHECK(!field_integer("12 3", 4, &v));
	CHECK(!field_integer("1234567890123456789", 19, &v));
}

static void
test_html(void)
{
	struct buf text = BUF_INIT, link = BUF_INIT;
	const char *s = "Risque de <b>erreur</b> m&eacute;dicamenteuse :"
	    " <a href=\"https://ansm.sante.fr/info/x?a=1&amp;b=2\" target="
	    "'_blank'>lire l&#39;information</a><br>Fin";

	field_html(s, strlen(s), &text, &link);
	CHECK_STR(buf_str(&text), "Risque de erreur m\xC3\xA9" "dicamenteuse :"
	    " lire l'information Fin");
	CHECK_STR(buf_str(&link), "https://ansm.sante.fr/info/x?a=1&amp;b=2");
	buf_reset(&text);
	buf_reset(&link);
	field_html("pas de lien", 11, &text, &link);
	CHECK_STR(buf_str(&text), "pas de lien");
	CHECK(link.len == 0);
	buf_reset(&text);
	field_html("<a href=x", 9, &text, &link);	/* unterminated tag */
	CHECK(text.len == 0);
	buf_free(&text);
	buf_free(&link);
}

int
main(void)
{
	test_numbers();
	test_dates();
	test_integers();
	test_html();
	return check_finish("test_field");
}
