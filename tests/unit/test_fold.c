/* Search folding: case- and accent-insensitive matching. */
#include "check.h"

#include "buf.h"
#include "fold.h"

static const char *
fold(const char *s)
{
	static struct buf out;

	buf_reset(&out);
	fold_text(&out, s, strlen(s));
	return buf_str(&out);
}

int
main(void)
{
	CHECK_STR(fold("IBUPROFENE"), "ibuprofene");
	CHECK_STR(fold("ibuprof\xC3\xA8ne"), "ibuprofene");
	CHECK_STR(fold("IBUPROF\xC3\x88NE"), "ibuprofene");
	CHECK_STR(fold("CIM\xC3\x89TIDINE"), "cimetidine");
	CHECK_STR(fold("\xC5\x92STRADIOL"), "oestradiol");		/* Œ */
	CHECK_STR(fold("L\xE2\x80\x99HUILE"), "l'huile");		/* ’ */
	CHECK_STR(fold("ma\xC3\xAF" "s \xC3\xA7" "a \xC3\xB4t\xC3\xA9"),
	    "mais ca ote");
	CHECK_STR(fold("500 mg/5 ml, comprim\xC3\xA9"), "500 mg/5 ml, comprime");
	/* Outside Latin: kept as it is. */
	CHECK_STR(fold("\xCE\xB1-tocoph\xC3\xA9rol"), "\xCE\xB1-tocopherol");
	/* Invalid bytes are dropped, never copied. */
	CHECK_STR(fold("a\xFF" "b"), "ab");
	return check_finish("test_fold");
}
