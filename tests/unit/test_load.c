/* Loading decoded rows: counts, repairs, rejections, typed values. */
#include "check.h"

#include "db.h"
#include "load.h"
#include "source.h"

static struct db *db;

static const char *
text_of(const char *sql)
{
	static char value[256];
	sqlite3_stmt *stmt = db_prepare(db, sql);
	const char *text;
	size_t len;
	bool ok = true;

	value[0] = '\0';
	if (stmt != NULL && db_row(db, stmt, &ok) &&
	    (text = db_column_text(stmt, 0, &len)) != NULL)
		snprintf(value, sizeof(value), "%s", text);
	db_finalize(stmt);
	return value;
}

static void
load(const char *file, const char *data, struct load_counts *c)
{
	CHECK(load_source(db, source_by_file(file), data, strlen(data), c));
}

static void
test_compositions(void)
{
	struct load_counts c;

	load("CIS_COMPO_bdpm.txt",
	    "60002283\tcomprim\xC3\xA9\t42215\tANASTROZOLE \t1,00 mg\tun"
	    " comprim\xC3\xA9\tSA\t1\t\r\n"
	    "68285029\tgranules\t02500\tMERCURIUS DULCIS POUR PR\xC3\x89PARATIONS"
	    " HOM\xC3\x89OPATHIQUES\t\t\t\t4CH \xC3\xA0 30CH et 7DH \xC3\xA0"
	    " 60DH\tune gomme\tSA\t14\t\r\n"
	    "\r\n"
	    "6828502X\tgranules\t02500\tX\t1 mg\tune gomme\tSA\t14\t\r\n"
	    "garbage without tabs\r\n", &c);
	CHECK(c.read == 4);
	CHECK(c.stored == 2);
	CHECK(c.repaired == 1);
	CHECK(c.rejected == 2);
	CHECK_STR(text_of("SELECT dosage FROM compositions WHERE cis = 68285029"),
	    "4CH \xC3\xA0 30CH et 7DH \xC3\xA0 60DH");
	CHECK_STR(text_of("SELECT code_substance FROM compositions"
	    " WHERE cis = 68285029"), "2500");
	CHECK_STR(text_of("SELECT typeof(code_substance) FROM compositions"
	    " LIMIT 1"), "integer");
	/* Trimmed: the source has a trailing space after ANASTROZOLE. */
	CHECK_STR(text_of("SELECT '[' || denomination_substance || ']'"
	    " FROM compositions WHERE cis = 60002283"), "[ANASTROZOLE]");
}

static void
test_presentations(void)
{
	struct load_counts c;

	load("CIS_CIP_bdpm.txt",
	    "60058620\t3014421\tflacon\tPr\xC3\xA9sentation active\tD\xC3\xA9"
	    "claration de commercialisation\t01/02/2003\t3400930144213\toui\t"
	    "100 %\t4,417,08\t4,418,10\t1,02\t\n"
	    "60058621\t3014422\tflacon\tactive\tcommercialis\xC3\xA9\t31/02/2003"
	    "\t3400930144220\tnon\t\t\t\t\t\n"
	    "60058622\t3014423\tflacon\tactive\tx\t01/02/2003\t3400930144213\t"
	    "oui\t\t1,00\t\t\t\n", &c);
	CHECK(c.read == 3);
	CHECK(c.stored == 2);
	CHECK(c.rejected == 1);		/* duplicate CIP13 */
	CHECK(c.repaired == 1);		/* impossible date kept, ISO NULL */
	CHECK_STR(text_of("SELECT prix_sans_honoraires FROM presentations"
	    " WHERE cip7 = 3014421"), "4417.08");
	CHECK_STR(text_of("SELECT date_declaration_iso FROM presentations"
	    " WHERE cip7 = 3014421"), "2003-02-01");
	CHECK_STR(text_of("SELECT coalesce(date_declaration_iso, 'null')"
	    " FROM presentations WHERE cip7 = 3014422"), "null");
	CHECK_STR(text_of("SELECT coalesce(prix_sans_honoraires, 'null')"
	    " FROM presentations WHERE cip7 = 3014422"), "null");
}

static void
test_html_and_dates(void)
{
	struct load_counts c;

	load("CIS_InfoImportantes.txt",
	    "61266250\t01/03/2024\t31/12/2025\t<a href='https://ansm.sante.fr/x'"
	    " target='_blank'>Rupture de stock</a>\n", &c);
	CHECK(c.stored == 1 && c.rejected == 0);
	CHECK_STR(text_of("SELECT texte || '|' || lien || '|' ||"
	    " date_fin_iso FROM informations_importantes"),
	    "Rupture de stock|https://ansm.sante.fr/x|2025-12-31");
	load("CIS_HAS_SMR_bdpm.txt",
	    "63806909\tCT-19691\tInscription (CT)\t20220209\tImportant\tLe"
	    " service m\xC3\xA9" "dical rendu\r\n", &c);
	CHECK(c.stored == 1);
	CHECK_STR(text_of("SELECT date_avis_iso FROM avis_smr"), "2022-02-09");
}

int
main(void)
{
	CHECK((db = db_create(":memory:")) != NULL);
	CHECK(db_create_schema(db));
	test_compositions();
	test_presentations();
	test_html_and_dates();
	CHECK(db_close(db));
	return check_finish("test_load");
}
