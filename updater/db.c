#include "db.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "changes.h"
#include "contract.h"
#include "fold.h"
#include "log.h"
#include "schema_sql.h"
#include "xalloc.h"

struct db {
	sqlite3		*h;
	sqlite3_stmt	*stmt[DB_STMT_MAX];	/* NULL until first used */
	unsigned	 flush_every;	/* rows between cache flushes; 0: none */
	unsigned	 written;	/* rows written since the last flush */
};

/* The two presentation queries share their columns (render_medicaments.c). */
#define PRESENTATION_COLUMNS "cis, cip7, libelle, statut_administratif," \
	" etat_commercialisation, date_declaration, cip13," \
	" agrement_collectivites, taux_remboursement, prix_sans_honoraires"

/*
 * True when this run downloaded file (meta_fichiers, written before the
 * rendering): the table of an optional file that failed keeps the
 * previous database's rows (build.c), but the API never serves them.
 */
#define LOADED(file) " EXISTS (SELECT 1 FROM main.meta_fichiers" \
	" WHERE fichier = '" file "' AND statut = 'ok')"

/* The rows of table the documents are rendered from (check.c). */
#define RENDERED_ROWS(table, file) "(SELECT count(*) FROM " table \
	" WHERE" LOADED(file) ")"

/* The opinions of a CIS in avis_smr or avis_asmr (render_avis.c). */
#define AVIS_SELECT(table, file) "SELECT a.code_dossier_has, a.motif," \
	" a.date_avis, a.date_avis_iso, a.valeur, a.libelle," \
	" (SELECT l.url FROM liens_avis_ct l" \
	" WHERE l.code_dossier_has = a.code_dossier_has AND" \
	LOADED("HAS_LiensPageCT_bdpm.txt") " ORDER BY l.ligne" \
	" LIMIT 1) FROM " table " a WHERE a.cis = ?1 AND" LOADED(file) \
	" ORDER BY a.date_avis_iso IS NULL, a.date_avis_iso DESC, a.ligne"

/* The medicaments, in page order, that no row of table names. */
#define MEDICAMENTS_WITHOUT(table) "SELECT cis FROM medicaments m" \
	" WHERE NOT EXISTS (SELECT 1 FROM " table " t WHERE t.cis = m.cis)" \
	" ORDER BY ligne"

/*
 * Every statement of the updater but those that name one of source.c's
 * tables (load.c, db_count_rows, db_copy_previous_rows).  The columns a
 * SELECT returns are read by position in the file named above it.
 */
/*
 * The first document of table that is not JSON text (RFC 8259), by its
 * key: SQLite's parser, which allocates nothing per value, where json-c's
 * built every document's objects only to free them (0.25 s of the 2022
 * build's check).
 */
#define JSON_INVALID(key, column, table)				\
	"SELECT " key " FROM " table " WHERE NOT json_valid(" column ")"	\
	" LIMIT 1"

/*
 * changes.c: what a publication changed.  A part's rows are compared
 * without ligne, as each CIS's set (row_digest), and its cis noted in
 * temp.change_bits with the part's bit (?1).
 */
#define SET_CHANGED(table, cols)					\
	"INSERT OR IGNORE INTO temp.change_bits SELECT cis, ?1 FROM"	\
	" (SELECT cis, sum(DISTINCT row_digest(" cols ")) AS d"		\
	" FROM main." table " GROUP BY cis UNION ALL"			\
	" SELECT cis, sum(DISTINCT row_digest(" cols ")) FROM previous."	\
	table " GROUP BY cis) GROUP BY cis"				\
	" HAVING count(*) = 1 OR min(d) <> max(d)"
#define DIFFERS(col)	" n." col " IS NOT o." col
/* A presentation (cis, cip13) in both databases, n new and o old. */
#define PRESENTATIONS_BOTH " FROM main.presentations n JOIN"		\
	" previous.presentations o ON o.cip13 = n.cip13 AND o.cis = n.cis"
#define PRESENTATION_LABEL_DIFFERS DIFFERS("cip7") " OR"		\
	DIFFERS("libelle") " OR" DIFFERS("agrement_collectivites") " OR"	\
	DIFFERS("indications_remboursement")
#define PRICES_DIFFER DIFFERS("taux_remboursement") " OR"		\
	DIFFERS("prix_sans_honoraires") " OR"				\
	DIFFERS("prix_avec_honoraires") " OR" DIFFERS("honoraires")
#define COMMERCIALISATION_DIFFERS DIFFERS("statut_administratif") " OR"	\
	DIFFERS("etat_commercialisation") " OR" DIFFERS("date_declaration")
/* changes.h CHANGES_FIELDS: each pair (new, old), then one differs. */
#define FIELD_BOTH(col, name)	" n." col ", o." col ","
#define FIELD_DIFFERS(col, name) DIFFERS(col) " OR"
#define MEDICAMENTS_BOTH " FROM main.medicaments n JOIN"		\
	" previous.medicaments o ON o.cis = n.cis"
/* A shortage's key, (cis, cip13), has rows in schema. */
#define SHORTAGE_KEY_IN(schema) " EXISTS (SELECT 1 FROM " schema	\
	".disponibilites x WHERE x.cis = k.cis AND x.cip13 IS k.cip13"
#define SHORTAGE_COLUMNS "cis, cip13, code_statut, statut, date_debut,"	\
	" date_mise_a_jour, date_remise_disposition, lien"
#define SHORTAGE_ROW(schema) "SELECT code_statut, statut, date_debut_iso," \
	" date_mise_a_jour_iso, date_remise_disposition_iso, lien FROM "	\
	schema ".disponibilites WHERE cis = ?1 AND cip13 IS ?2"		\
	" ORDER BY ligne LIMIT 1"
/* The presentations of cis ?1 in `in` and not in `out`. */
#define PRESENTATIONS_ONLY(in, out) "SELECT n.cip13 FROM " in		\
	".presentations n WHERE n.cis = ?1 AND NOT EXISTS (SELECT 1 FROM "	\
	out ".presentations o WHERE o.cip13 = n.cip13 AND o.cis = n.cis)"	\
	" ORDER BY n.cip13"
/* The groups of `in` that `out` does not have, with their first libelle. */
#define GROUPS_ONLY(in, out, change) "SELECT g.groupe, '" change "',"	\
	" (SELECT x.libelle FROM " in ".generiques x WHERE"		\
	" x.groupe = g.groupe ORDER BY x.ligne LIMIT 1) FROM (SELECT groupe"	\
	" FROM " in ".generiques EXCEPT SELECT groupe FROM " out		\
	".generiques) g"
#define PUBLICATION_COLUMNS "id, publiee_le, publiee_epoch, data_etag,"	\
	" data_etag_precedent, ajouts, retraits, modifications,"	\
	" groupes_ajoutes, groupes_retires, json"
#define CHANGE_COLUMNS "id, publication, cis, groupe, changement, types, json"

static const char *const db_sql[DB_STMT_MAX] = {
	/* build.c */
	[DB_USER_VERSION] =
	    "PRAGMA main.user_version",
	[DB_PREVIOUS_USER_VERSION] =
	    "PRAGMA previous.user_version",
	[DB_ATTACH_PREVIOUS] =
	    "ATTACH DATABASE ?1 AS previous",
	[DB_DETACH_PREVIOUS] =
	    "DETACH DATABASE previous",
	[DB_PREVIOUS_HAS_TABLE] =
	    "SELECT count(*) FROM previous.sqlite_schema"
	    " WHERE type IN ('table', 'view') AND name = ?1",
	[DB_BEGIN] =
	    "BEGIN",
	[DB_COMMIT] =
	    "COMMIT",
	/*
	 * Rows rendered out of rowid order leave the pages about 3/4 full
	 * and the tables interleaved: the workers map the file (fcgi/db.c),
	 * and every page of it they touch, with the kernel's fault-around
	 * neighbours, counts in their memory.  Rewritten, each table is
	 * packed and in one piece.
	 */
	[DB_VACUUM] =
	    "VACUUM",
	[DB_META_SET] =
	    "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)",
	[DB_FILE_LOADED] =
	    "INSERT INTO meta_fichiers(fichier, url, base_url, statut, sha256,"
	    " octets, encodage, lignes_lues, lignes_stockees, lignes_reparees,"
	    " lignes_rejetees) VALUES(?1, ?2, ?3, 'ok', ?4, ?5, ?6, ?7, ?8,"
	    " ?9, ?10)",
	/* The rows, and where they came from, are the previous run's. */
	[DB_FILE_FROM_PREVIOUS] =
	    "INSERT INTO main.meta_fichiers(fichier, url, base_url, statut,"
	    " message, sha256, octets, encodage, lignes_lues, lignes_stockees,"
	    " lignes_reparees, lignes_rejetees)"
	    " SELECT fichier, url, base_url, 'previous',"
	    " ?2, sha256, octets, encodage, lignes_lues, lignes_stockees,"
	    " lignes_reparees, lignes_rejetees FROM previous.meta_fichiers"
	    " WHERE fichier = ?1",
	/* A previous database without that file's line: recorded anyway. */
	[DB_FILE_KEPT] =
	    "INSERT INTO meta_fichiers(fichier, url, statut, message)"
	    " VALUES(?1, '', 'previous', 'kept')",
	[DB_FILE_MISSING] =
	    "INSERT INTO meta_fichiers(fichier, url, statut, message)"
	    " VALUES(?1, ?3, 'missing', ?2)",
	[DB_COUNT_MEDICAMENTS] =
	    "SELECT count(*) FROM medicaments",
	[DB_COUNT_PRESENTATIONS] =
	    "SELECT count(*) FROM api_presentations",
	[DB_COUNT_GENERIQUES] =
	    "SELECT count(*) FROM api_generiques",

	/* render_medicaments.c */
	/*
	 * By CIS, the key of api_medicaments (and of its _gz twin): each
	 * insert appends to the tables instead of landing anywhere in them,
	 * bigger than the build's cache.  The second column is the page
	 * order, 1..N.
	 */
	[DB_MEDICAMENTS] =
	    "SELECT cis, row_number() OVER (ORDER BY ligne), denomination,"
	    " forme_pharmaceutique, voies_administration, statut_amm,"
	    " type_procedure, etat_commercialisation, date_amm, titulaires,"
	    " surveillance_renforcee FROM medicaments ORDER BY cis",
	[DB_MEDICAMENT_COMPOSITIONS] =
	    "SELECT element_pharmaceutique, code_substance,"
	    " denomination_substance, dosage, reference_dosage,"
	    " nature_composant FROM compositions WHERE cis = ?1"
	    " ORDER BY ligne",
	[DB_MEDICAMENT_GENERIQUES] =
	    "SELECT groupe, libelle, type FROM generiques WHERE cis = ?1"
	    " ORDER BY ligne",
	[DB_MEDICAMENT_PRESENTATIONS] =
	    "SELECT " PRESENTATION_COLUMNS " FROM presentations"
	    " WHERE cis = ?1 ORDER BY ligne",
	[DB_ORPHAN_PRESENTATIONS] =
	    "SELECT " PRESENTATION_COLUMNS " FROM presentations"
	    " WHERE cis NOT IN (SELECT cis FROM medicaments) ORDER BY ligne",
	[DB_MEDICAMENT_CONDITIONS] =
	    "SELECT condition FROM conditions WHERE cis = ?1 ORDER BY ligne",
	[DB_INSERT_MEDICAMENT] =
	    "INSERT INTO api_medicaments(cis, ligne, json, etag)"
	    " VALUES(?1, ?2, ?3, ?4)",
	[DB_INSERT_PRESENTATION] =
	    "INSERT INTO api_presentations(cip13, cip7, cis, json, etag)"
	    " VALUES(?1, ?2, ?3, ?4, ?5)",

	/* render_generiques.c: members by group, n° de tri, file order. */
	[DB_GROUP_MEMBERS] =
	    "SELECT g.groupe, g.libelle, g.cis, g.type, m.cis IS NOT NULL,"
	    " m.denomination, m.forme_pharmaceutique"
	    " FROM generiques g LEFT JOIN medicaments m ON m.cis = g.cis"
	    " ORDER BY g.groupe, g.numero_tri, g.ligne",
	[DB_MEMBER_COMPOSITIONS] =
	    "SELECT element_pharmaceutique, denomination_substance, dosage"
	    " FROM compositions WHERE cis = ?1 ORDER BY ligne",
	[DB_INSERT_GROUP] =
	    "INSERT INTO api_generiques(groupe, json, etag) VALUES(?1, ?2, ?3)",

	/*
	 * render_avis.c: newest first (an unreadable date last), then file
	 * order; the HAS page of the dossier from liens_avis_ct.
	 */
	[DB_AVIS_MEDICAMENTS] =
	    "SELECT cis FROM medicaments ORDER BY cis",
	[DB_MEDICAMENT_SMR] =
	    AVIS_SELECT("avis_smr", "CIS_HAS_SMR_bdpm.txt"),
	[DB_MEDICAMENT_ASMR] =
	    AVIS_SELECT("avis_asmr", "CIS_HAS_ASMR_bdpm.txt"),
	[DB_INSERT_AVIS] =
	    "INSERT INTO api_avis(cis, json, etag) VALUES(?1, ?2, ?3)",

	/* render_informations.c: by CIS, newest first. */
	[DB_INFORMATIONS] =
	    "SELECT i.cis, i.date_debut, i.date_debut_iso, i.date_fin,"
	    " i.date_fin_iso, i.texte, i.lien FROM informations_importantes i"
	    " JOIN medicaments m ON m.cis = i.cis"
	    " WHERE" LOADED("CIS_InfoImportantes.txt") " ORDER BY i.cis,"
	    " i.date_debut_iso IS NULL, i.date_debut_iso DESC, i.ligne",
	[DB_INSERT_INFORMATION] =
	    "INSERT INTO api_informations(cis, rang, date_debut_iso,"
	    " date_fin_iso, json) VALUES(?1, ?2, ?3, ?4, ?5)",

	/*
	 * render_substances.c: each substance's medicaments in page order,
	 * one row per CIS (its first composition row), then its names.
	 */
	[DB_SUBSTANCE_MEDICAMENTS] =
	    "SELECT c.code_substance, c.cis, m.denomination,"
	    " c.element_pharmaceutique, c.dosage, c.reference_dosage,"
	    " c.nature_composant FROM compositions c"
	    " JOIN medicaments m ON m.cis = c.cis"
	    " ORDER BY c.code_substance, m.ligne, c.ligne",
	[DB_INSERT_SUBSTANCE_MEDICAMENT] =
	    "INSERT INTO api_substance_medicaments(code, rang, json)"
	    " VALUES(?1, ?2, ?3)",
	[DB_SUBSTANCE_NAMES] =
	    "SELECT code_substance, trim(denomination_substance)"
	    " FROM compositions ORDER BY code_substance, ligne",
	[DB_SUBSTANCE_COUNT] =
	    "SELECT count(*) FROM api_substance_medicaments WHERE code = ?1",
	/* ligne -code until DB_SUBSTANCE_ORDER: UNIQUE, never 1..N. */
	[DB_INSERT_SUBSTANCE] =
	    "INSERT INTO api_substances(code, ligne, medicaments, json, etag)"
	    " VALUES(?1, -?1, ?2, ?3, ?4)",
	[DB_SUBSTANCE_ORDER] =
	    "UPDATE api_substances AS s SET ligne = o.n FROM (SELECT code,"
	    " row_number() OVER (ORDER BY fold(json_extract(json,"
	    " '$.denominations[0]')), code) AS n FROM api_substances) AS o"
	    " WHERE o.code = s.code",

	/*
	 * render_disponibilites.c, render_mitm.c: each list in the order
	 * its filter needs (schema.sql), the drug's name from CIS_bdpm;
	 * then the documents again, by CIS.
	 */
	[DB_DISPONIBILITES] =
	    "SELECT d.cis, d.cip13, m.denomination, d.code_statut, d.statut,"
	    " d.date_debut, d.date_debut_iso, d.date_mise_a_jour,"
	    " d.date_mise_a_jour_iso, d.date_remise_disposition,"
	    " d.date_remise_disposition_iso, d.lien FROM disponibilites d"
	    " LEFT JOIN medicaments m ON m.cis = d.cis"
	    " WHERE" LOADED("CIS_CIP_Dispo_Spec.txt")
	    " ORDER BY d.code_statut, d.ligne",
	[DB_INSERT_DISPONIBILITE] =
	    "INSERT INTO api_disponibilites(rang, cis, code_statut, json)"
	    " VALUES(?1, ?2, ?3, ?4)",
	[DB_DISPONIBILITES_BY_CIS] =
	    "SELECT cis, json FROM api_disponibilites ORDER BY cis, rang",
	[DB_INSERT_MEDICAMENT_DISPONIBILITES] =
	    "INSERT INTO api_medicament_disponibilites(cis, json, etag)"
	    " VALUES(?1, ?2, ?3)",
	[DB_MITM] =
	    "SELECT cis, code_atc, denomination, lien FROM mitm"
	    " WHERE" LOADED("CIS_MITM.txt") " ORDER BY code_atc, ligne",
	[DB_INSERT_MITM] =
	    "INSERT INTO api_mitm(rang, cis, code_atc, json)"
	    " VALUES(?1, ?2, ?3, ?4)",
	[DB_MITM_BY_CIS] =
	    "SELECT cis, json FROM api_mitm ORDER BY cis, rang",
	[DB_INSERT_MEDICAMENT_MITM] =
	    "INSERT INTO api_medicament_mitm(cis, json, etag)"
	    " VALUES(?1, ?2, ?3)",

	/* render_gzip.c: (key, member), in the order of the documents. */
	[DB_INSERT_MEDICAMENT_GZ] =
	    "INSERT INTO api_medicaments_gz(cis, json_gz) VALUES(?1, ?2)",
	[DB_INSERT_PRESENTATION_GZ] =
	    "INSERT INTO api_presentations_gz(cip13, json_gz) VALUES(?1, ?2)",
	[DB_INSERT_GROUP_GZ] =
	    "INSERT INTO api_generiques_gz(groupe, json_gz) VALUES(?1, ?2)",
	[DB_INSERT_AVIS_GZ] =
	    "INSERT INTO api_avis_gz(cis, json_gz) VALUES(?1, ?2)",
	[DB_INSERT_MEDICAMENT_DISPONIBILITES_GZ] =
	    "INSERT INTO api_medicament_disponibilites_gz(cis, json_gz)"
	    " VALUES(?1, ?2)",
	[DB_INSERT_MEDICAMENT_MITM_GZ] =
	    "INSERT INTO api_medicament_mitm_gz(cis, json_gz) VALUES(?1, ?2)",

	/*
	 * render.c: the names of each index, one row per document (the
	 * worker's order comes with it), then db_fill_search.
	 */
	[DB_INDEX_MEDICAMENTS] =
	    "INSERT INTO noms_medicaments(id, nom, ordre)"
	    " SELECT m.cis, fold(m.denomination), a.ligne"
	    " FROM medicaments AS m"
	    " JOIN api_medicaments AS a ON a.cis = m.cis",
	[DB_INDEX_GENERIQUES] =
	    "INSERT INTO noms_generiques(id, nom, ordre)"
	    " SELECT groupe, fold(json_extract(json, '$.libelle')), groupe"
	    " FROM api_generiques",
	/* Each distinct folded name once: the worker ranks on them. */
	[DB_INDEX_SUBSTANCES] =
	    "INSERT INTO noms_substances(id, nom, ordre)"
	    " SELECT code, (SELECT group_concat(f,"
	    " ' / ') FROM (SELECT DISTINCT fold(value) AS f"
	    " FROM json_each(s.json, '$.denominations'))), ligne"
	    " FROM api_substances AS s",

	/* render_vocabulary.c: which index each name is of, 0 to 2. */
	[DB_VOCABULARY_NAMES] =
	    "SELECT 0, nom FROM noms_medicaments WHERE nom IS NOT NULL"
	    " UNION ALL SELECT 1, nom FROM noms_generiques"
	    " WHERE nom IS NOT NULL"
	    " UNION ALL SELECT 2, nom FROM noms_substances"
	    " WHERE nom IS NOT NULL",
	[DB_INSERT_VOCABULARY] =
	    "INSERT INTO vocabulaire(id, mot, medicaments, generiques,"
	    " substances) VALUES(?1, ?2, ?3, ?4, ?5)",
	[DB_INSERT_VOCABULARY_BUCKET] =
	    "INSERT INTO vocabulaire_cles(seau, paires) VALUES(?1, ?2)",

	/* export.c */
	[DB_EXPORT_ROWS] =
	    "SELECT json FROM api_medicaments ORDER BY ligne",
	[DB_STORE_DOCUMENT] =
	    "INSERT OR REPLACE INTO api_documents(nom, etag, content_type,"
	    " octets_decompresses, contenu) VALUES(?1, ?2, ?3, ?4, ?5)",

	/* integrity.c: the identifiers of each finding, in a stable order. */
	[DB_FINDING_NO_CONDITIONS] =
	    MEDICAMENTS_WITHOUT("conditions"),
	[DB_FINDING_NO_GENERIQUES] =
	    MEDICAMENTS_WITHOUT("generiques"),
	[DB_FINDING_NO_PRESENTATIONS] =
	    MEDICAMENTS_WITHOUT("presentations"),
	[DB_FINDING_NO_COMPOSITIONS] =
	    MEDICAMENTS_WITHOUT("compositions"),
	[DB_FINDING_GENERIQUE_ONLY] =
	    "SELECT DISTINCT cis FROM generiques g WHERE NOT EXISTS"
	    " (SELECT 1 FROM medicaments m WHERE m.cis = g.cis) ORDER BY cis",
	[DB_FINDING_ORPHAN_PRESENTATIONS] =
	    "SELECT cip13 FROM presentations p WHERE NOT EXISTS"
	    " (SELECT 1 FROM medicaments m WHERE m.cis = p.cis)"
	    " ORDER BY ligne",

	/* check.c: JSON columns are (key, text). */
	[DB_INTEGRITY_CHECK] =
	    "PRAGMA integrity_check",
	[DB_JSON_MEDICAMENTS] =
	    JSON_INVALID("cis", "json", "api_medicaments"),
	[DB_JSON_PRESENTATIONS] =
	    JSON_INVALID("cip13", "json", "api_presentations"),
	[DB_JSON_GENERIQUES] =
	    JSON_INVALID("groupe", "json", "api_generiques"),
	[DB_JSON_INTEGRITY] =
	    "SELECT nom FROM api_documents WHERE nom = 'data_integrity'"
	    " AND NOT json_valid(contenu)",
	[DB_EXPORT_DOCUMENT] =
	    "SELECT contenu, octets_decompresses FROM api_documents"
	    " WHERE nom = 'export.json.gz'",
	[DB_REJECTIONS] =
	    "SELECT fichier, lignes_rejetees, lignes_lues"
	    " FROM main.meta_fichiers WHERE statut = 'ok'"
	    " AND lignes_rejetees * 100 > lignes_lues * ?1 ORDER BY rowid",
	/* Rows out of 1..N: ligne is UNIQUE, so none means 1..N exactly. */
	[DB_PAGE_GAPS] =
	    "SELECT count(*) FROM api_medicaments WHERE ligne NOT BETWEEN 1"
	    " AND (SELECT count(*) FROM api_medicaments)",
	[DB_JSON_DISPONIBILITES] =
	    JSON_INVALID("rang", "json", "api_disponibilites"),
	[DB_JSON_MEDICAMENT_DISPONIBILITES] =
	    JSON_INVALID("cis", "json", "api_medicament_disponibilites"),
	[DB_JSON_MITM] =
	    JSON_INVALID("rang", "json", "api_mitm"),
	[DB_JSON_MEDICAMENT_MITM] =
	    JSON_INVALID("cis", "json", "api_medicament_mitm"),
	[DB_JSON_PUBLICATIONS] =
	    JSON_INVALID("id", "json", "publications"),
	[DB_JSON_CHANGES] =
	    JSON_INVALID("id", "json", "changes"),
	/*
	 * Rows that break a list's page order: every source row once, rang
	 * 1..N (rang is the rowid: unique), each next rang's key not below
	 * its predecessor's.
	 */
	[DB_DISPONIBILITES_ORDER] =
	    "SELECT abs((SELECT count(*) FROM api_disponibilites) - "
	    RENDERED_ROWS("disponibilites", "CIS_CIP_Dispo_Spec.txt")
	    ") + (SELECT count(*) FROM api_disponibilites WHERE rang NOT"
	    " BETWEEN 1 AND "
	    RENDERED_ROWS("disponibilites", "CIS_CIP_Dispo_Spec.txt")
	    ") + (SELECT count(*)"
	    " FROM api_disponibilites a JOIN api_disponibilites b"
	    " ON b.rang = a.rang + 1 WHERE b.code_statut < a.code_statut)",
	[DB_MITM_ORDER] =
	    "SELECT abs((SELECT count(*) FROM api_mitm) - "
	    RENDERED_ROWS("mitm", "CIS_MITM.txt")
	    ") + (SELECT count(*) FROM api_mitm WHERE rang NOT BETWEEN 1 AND "
	    RENDERED_ROWS("mitm", "CIS_MITM.txt") ") +"
	    " (SELECT count(*) FROM api_mitm a JOIN api_mitm b"
	    " ON b.rang = a.rang + 1 WHERE b.code_atc < a.code_atc)",
	[DB_JSON_AVIS] =
	    JSON_INVALID("cis", "json", "api_avis"),
	[DB_JSON_INFORMATIONS] =
	    JSON_INVALID("cis || '/' || rang", "json", "api_informations"),
	[DB_JSON_SUBSTANCES] =
	    JSON_INVALID("code", "json", "api_substances"),
	[DB_JSON_SUBSTANCE_MEDICAMENTS] =
	    JSON_INVALID("code || '/' || rang", "json",
	    "api_substance_medicaments"),
	/*
	 * Documents a worker would miss: a medicament without its opinions,
	 * an information or a substance's medicament not rendered, a
	 * substance page out of 1..N or a search order out of 1..N.
	 */
	[DB_DOCUMENTS_MISSING] =
	    "SELECT (SELECT count(*) FROM medicaments m WHERE NOT EXISTS"
	    " (SELECT 1 FROM api_avis a WHERE a.cis = m.cis))"
	    " + abs((SELECT count(*) FROM informations_importantes i"
	    " JOIN medicaments m ON m.cis = i.cis WHERE"
	    LOADED("CIS_InfoImportantes.txt") ")"
	    " - (SELECT count(*) FROM api_informations))"
	    " + (SELECT count(*) FROM api_substances s WHERE s.medicaments !="
	    " (SELECT count(*) FROM api_substance_medicaments p"
	    " WHERE p.code = s.code AND p.rang BETWEEN 1 AND s.medicaments))"
	    " + (SELECT count(*) FROM api_substances WHERE ligne NOT BETWEEN 1"
	    " AND (SELECT count(*) FROM api_substances))",

	/* changes.c */
	[DB_CHANGES_PREVIOUS_ETAG] =
	    "SELECT value FROM previous.meta WHERE key = 'data_etag'",
	/*
	 * 1 when file's rows may differ: both databases loaded it (or kept
	 * the rows of one that did, 'previous', which then differ from
	 * nothing) and its bytes changed.  A file never loaded on one side
	 * (missing, or 'previous' over none: no sha256) is not compared:
	 * its empty table is neither "everything removed" nor, when the
	 * file first comes, "everything added".
	 */
	[DB_CHANGES_FILE_CHANGED] =
	    "SELECT count(*) FROM main.meta_fichiers n JOIN"
	    " previous.meta_fichiers o ON o.fichier = n.fichier"
	    " WHERE n.fichier = ?1 AND n.statut IN ('ok', 'previous') AND"
	    " o.statut IN ('ok', 'previous') AND n.sha256 IS NOT NULL AND"
	    " o.sha256 IS NOT NULL AND n.sha256 <> o.sha256",
	[DB_CHANGES_CARRY_PUBLICATIONS] =
	    "INSERT INTO main.publications(" PUBLICATION_COLUMNS ") SELECT "
	    PUBLICATION_COLUMNS " FROM previous.publications"
	    " WHERE publiee_epoch >= ?1",
	[DB_CHANGES_CARRY_CHANGES] =
	    "INSERT INTO main.changes(" CHANGE_COLUMNS ") SELECT "
	    CHANGE_COLUMNS " FROM previous.changes WHERE publication IN"
	    " (SELECT id FROM main.publications)",
	[DB_CHANGES_LAST_PUBLICATION] =
	    "SELECT coalesce(max(id), 0) FROM previous.publications",
	[DB_CHANGES_LAST_CHANGE] =
	    "SELECT coalesce(max(id), 0) FROM previous.changes",
	[DB_CHANGES_TEMP_BITS] =
	    "CREATE TEMP TABLE change_bits(cis INTEGER NOT NULL,"
	    " bit INTEGER NOT NULL, PRIMARY KEY(cis, bit)) WITHOUT ROWID",
	[DB_CHANGES_TEMP_SHORTAGES] =
	    "CREATE TEMP TABLE change_shortages(cis INTEGER NOT NULL,"
	    " cip13 INTEGER, change TEXT NOT NULL)",
	[DB_CHANGES_FIELDS] =
	    "INSERT OR IGNORE INTO temp.change_bits SELECT n.cis, ?1"
	    MEDICAMENTS_BOTH " WHERE" CHANGES_FIELDS(FIELD_DIFFERS) " 0",
	/* A cip13 added, removed, moved to another cis, or relabelled. */
	[DB_CHANGES_PRESENTATIONS] =
	    "INSERT OR IGNORE INTO temp.change_bits SELECT n.cis, ?1"
	    " FROM main.presentations n LEFT JOIN previous.presentations o"
	    " ON o.cip13 = n.cip13 WHERE o.cip13 IS NULL OR o.cis <> n.cis OR"
	    PRESENTATION_LABEL_DIFFERS
	    " UNION SELECT o.cis, ?1 FROM previous.presentations o"
	    " LEFT JOIN main.presentations n ON n.cip13 = o.cip13"
	    " WHERE n.cip13 IS NULL OR n.cis <> o.cis",
	[DB_CHANGES_PRICES] =
	    "INSERT OR IGNORE INTO temp.change_bits SELECT n.cis, ?1"
	    PRESENTATIONS_BOTH " WHERE" PRICES_DIFFER,
	[DB_CHANGES_COMMERCIALISATION] =
	    "INSERT OR IGNORE INTO temp.change_bits SELECT n.cis, ?1"
	    PRESENTATIONS_BOTH " WHERE" COMMERCIALISATION_DIFFERS,
	[DB_CHANGES_COMPOSITION] =
	    SET_CHANGED("compositions", "element_pharmaceutique,"
	    " code_substance, denomination_substance, dosage,"
	    " reference_dosage, nature_composant, numero_liaison"),
	[DB_CHANGES_GENERIQUES] =
	    SET_CHANGED("generiques", "groupe, libelle, type, numero_tri"),
	[DB_CHANGES_CONDITIONS] =
	    SET_CHANGED("conditions", "condition"),
	[DB_CHANGES_AVIS_SMR] =
	    SET_CHANGED("avis_smr", "code_dossier_has, motif, date_avis,"
	    " valeur, libelle"),
	[DB_CHANGES_AVIS_ASMR] =
	    SET_CHANGED("avis_asmr", "code_dossier_has, motif, date_avis,"
	    " valeur, libelle"),
	[DB_CHANGES_INFORMATIONS] =
	    SET_CHANGED("informations_importantes", "date_debut, date_fin,"
	    " texte, lien"),
	/*
	 * Each shortage key (cis, cip13; a NULL cip13 is a key too) that
	 * started, ended or changed; a change that brings a code 4 (remise
	 * à disposition) the key did not have ends it.
	 */
	[DB_CHANGES_SHORTAGE_KEYS] =
	    "INSERT INTO temp.change_shortages(cis, cip13, change)"
	    " SELECT cis, cip13, 'started' FROM (SELECT DISTINCT cis, cip13"
	    " FROM main.disponibilites k WHERE NOT" SHORTAGE_KEY_IN("previous")
	    "))"
	    " UNION ALL SELECT cis, cip13, 'ended' FROM (SELECT DISTINCT cis,"
	    " cip13 FROM previous.disponibilites k WHERE NOT"
	    SHORTAGE_KEY_IN("main") "))"
	    " UNION ALL SELECT cis, cip13, CASE WHEN" SHORTAGE_KEY_IN("main")
	    " AND x.code_statut = 4) AND NOT" SHORTAGE_KEY_IN("previous")
	    " AND x.code_statut = 4) THEN 'ended' ELSE 'updated' END"
	    " FROM (SELECT cis, cip13 FROM (SELECT " SHORTAGE_COLUMNS
	    " FROM main.disponibilites EXCEPT SELECT " SHORTAGE_COLUMNS
	    " FROM previous.disponibilites) UNION SELECT cis, cip13 FROM"
	    " (SELECT " SHORTAGE_COLUMNS " FROM previous.disponibilites"
	    " EXCEPT SELECT " SHORTAGE_COLUMNS " FROM main.disponibilites)) k"
	    " WHERE" SHORTAGE_KEY_IN("main") ") AND"
	    SHORTAGE_KEY_IN("previous") ")",
	[DB_CHANGES_SHORTAGE_BITS] =
	    "INSERT OR IGNORE INTO temp.change_bits SELECT cis, CASE change"
	    " WHEN 'started' THEN ?1 WHEN 'updated' THEN ?2 ELSE ?3 END"
	    " FROM temp.change_shortages",
	[DB_CHANGES_MITM_IN] =
	    "INSERT OR IGNORE INTO temp.change_bits SELECT cis, ?1 FROM"
	    " (SELECT cis FROM main.mitm EXCEPT SELECT cis FROM previous.mitm)",
	[DB_CHANGES_MITM_OUT] =
	    "INSERT OR IGNORE INTO temp.change_bits SELECT cis, ?1 FROM"
	    " (SELECT cis FROM previous.mitm EXCEPT SELECT cis FROM main.mitm)",
	/*
	 * The medicaments' items in cis order: (cis, change, denomination,
	 * bits); added and removed only when ?1 (CIS_bdpm changed).  A bit
	 * is noted once per cis: their sum is their union.
	 */
	[DB_CHANGES_MEDICAMENTS] =
	    "SELECT n.cis, 'added', n.denomination, 0 FROM main.medicaments n"
	    " WHERE ?1 AND NOT EXISTS (SELECT 1 FROM previous.medicaments o"
	    " WHERE o.cis = n.cis)"
	    " UNION ALL SELECT o.cis, 'removed', o.denomination, 0"
	    " FROM previous.medicaments o WHERE ?1 AND NOT EXISTS"
	    " (SELECT 1 FROM main.medicaments n WHERE n.cis = o.cis)"
	    " UNION ALL SELECT n.cis, 'modified', n.denomination, b.bits"
	    " FROM (SELECT cis, sum(bit) AS bits FROM temp.change_bits"
	    " GROUP BY cis) b JOIN main.medicaments n ON n.cis = b.cis"
	    " WHERE EXISTS (SELECT 1 FROM previous.medicaments o"
	    " WHERE o.cis = b.cis)"
	    " ORDER BY 1",
	[DB_CHANGES_GROUPS] =
	    GROUPS_ONLY("main", "previous", "added") " UNION ALL "
	    GROUPS_ONLY("previous", "main", "removed") " ORDER BY 1",
	[DB_CHANGES_FIELD_VALUES] =
	    "SELECT" CHANGES_FIELDS(FIELD_BOTH) " n.cis" MEDICAMENTS_BOTH
	    " WHERE n.cis = ?1",
	[DB_CHANGES_PRESENTATIONS_ADDED] =
	    PRESENTATIONS_ONLY("main", "previous"),
	[DB_CHANGES_PRESENTATIONS_REMOVED] =
	    PRESENTATIONS_ONLY("previous", "main"),
	[DB_CHANGES_PRESENTATIONS_MODIFIED] =
	    "SELECT n.cip13" PRESENTATIONS_BOTH " WHERE n.cis = ?1 AND ("
	    PRESENTATION_LABEL_DIFFERS ") ORDER BY n.cip13",
	[DB_CHANGES_PRICE_VALUES] =
	    "SELECT n.cip13, o.taux_remboursement, o.prix_sans_honoraires,"
	    " o.prix_avec_honoraires, o.honoraires, n.taux_remboursement,"
	    " n.prix_sans_honoraires, n.prix_avec_honoraires, n.honoraires"
	    PRESENTATIONS_BOTH " WHERE n.cis = ?1 AND (" PRICES_DIFFER ")"
	    " ORDER BY n.cip13",
	[DB_CHANGES_COMMERCIALISATION_VALUES] =
	    "SELECT n.cip13, o.statut_administratif, o.etat_commercialisation,"
	    " o.date_declaration, n.statut_administratif,"
	    " n.etat_commercialisation, n.date_declaration"
	    PRESENTATIONS_BOTH " WHERE n.cis = ?1 AND ("
	    COMMERCIALISATION_DIFFERS ") ORDER BY n.cip13",
	[DB_CHANGES_SHORTAGES_OF] =
	    "SELECT cip13, change FROM temp.change_shortages WHERE cis = ?1"
	    " ORDER BY cip13",
	[DB_CHANGES_SHORTAGE_NEW_ROW] =
	    SHORTAGE_ROW("main"),
	[DB_CHANGES_SHORTAGE_OLD_ROW] =
	    SHORTAGE_ROW("previous"),
	[DB_CHANGES_INSERT_PUBLICATION] =
	    "INSERT INTO main.publications(" PUBLICATION_COLUMNS ")"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[DB_CHANGES_INSERT_CHANGE] =
	    "INSERT INTO main.changes(" CHANGE_COLUMNS ")"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	/* mirror.c */
	[DB_META_GET] =
	    "SELECT value FROM meta WHERE key = ?1",

	/* main.c */
	[DB_COUNT_META] =
	    "SELECT count(*) FROM meta",
	[DB_SUMMARY_META] =
	    "SELECT key, value FROM meta ORDER BY key",
	[DB_SUMMARY_FILES] =
	    "SELECT fichier, statut, encodage, octets, lignes_lues,"
	    " lignes_stockees, lignes_reparees, lignes_rejetees"
	    " FROM meta_fichiers ORDER BY rowid",
};

/*
 * Logs a failure on st (or on sql when st is NULL) on one line: what
 * failed, SQLite's message, the statement's SQL (its first 120 bytes are
 * enough to find it in db_sql).  At warn level: the caller turns the
 * failure into the run's one error line.
 */
static void
log_failure(struct db *db, sqlite3_stmt *st, const char *what,
    const char *sql)
{
	size_t len;

	if (st != NULL && sqlite3_sql(st) != NULL)
		sql = sqlite3_sql(st);
	if (sql == NULL)
		sql = "";
	len = strcspn(sql, "\n");
	log_warn("sqlite: %s: %s (in: %.*s%s)", what, sqlite3_errmsg(db->h),
	    (int)(len > 120 ? 120 : len), sql,
	    sql[len] != '\0' || len > 120 ? " ..." : "");
}

/* Runs fixed SQL of one or more statements (no parameter, no row). */
static bool
db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		size_t len = strcspn(sql, "\n");

		log_warn("sqlite: %s (in: %.*s ...)", msg ? msg :
		    sqlite3_errmsg(db->h), (int)(len > 120 ? 120 : len), sql);
		sqlite3_free(msg);
		return false;
	}
	return true;
}

/*
 * Each connection is used by one thread at a time (the build's, the
 * check's), so SQLite needs no mutex of its own: they took 3 % of the
 * build's main thread.  Nor memory statistics.  Before the first open.
 */
static void
library_configure(void)
{
	static bool done;
	int rc;

	if (done)
		return;
	done = true;
	if ((rc = sqlite3_config(SQLITE_CONFIG_MULTITHREAD)) != SQLITE_OK ||
	    (rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0)) != SQLITE_OK)
		log_warn("SQLite keeps its mutexes: %s", sqlite3_errstr(rc));
}

/* Opens path with flags; NULL when it can't, why in message. */
static struct db *
db_open(const char *path, int flags, char *message, size_t size)
{
	struct db *db;
	sqlite3 *h = NULL;

	library_configure();
	if (sqlite3_open_v2(path, &h, flags, NULL) != SQLITE_OK) {
		snprintf(message, size, "%s", h ? sqlite3_errmsg(h) :
		    "out of memory");
		(void)sqlite3_close(h);	/* the open failed: nothing to say */
		return NULL;
	}
	(void)sqlite3_extended_result_codes(h, 1);
	db = xcalloc(1, sizeof(*db));
	db->h = h;
	return db;
}

/*
 * The build's page cache, in KiB: some documents are rendered out of
 * their table's key order (a medicament's presentations, by CIP13), so
 * their inserts land all over tables bigger than any cache we can
 * afford; what does not fit is written to the file and read back, from
 * the kernel's page cache.  Measured when every document was rendered in
 * page order: 36 MiB built in 3.6 s with a peak of 58 MB, 24 MiB in
 * 4.5 s with 50 MB; 44 MiB no faster (doc/performance.md, "The updater",
 * "Memory").
 */
#define DB_BUILD_CACHE	"-36864"

/* Rows written between two flushes of the build's cache (db_wrote). */
#define DB_FLUSH_EVERY	1024

struct db *
db_create(const char *path)
{
	char message[256];
	struct db *db;

	if ((db = db_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_URI, message, sizeof(message))) == NULL) {
		log_warn("cannot create database %s: %s", path, message);
		return NULL;
	}
	/*
	 * A failed build is deleted, never repaired: no rollback journal and
	 * no syncs while building; the finished file is fsync'ed once before
	 * it is published.  A small page cache keeps the peak memory low.
	 * Pages of 32 KiB hold 22 medicaments of 1.4 kB with less left over
	 * than 8 KiB ones (5 each): the file the workers map is 2 MB
	 * smaller where they read it.  page_size comes before cache_size:
	 * the other way round, the cache of the one build transaction
	 * never spilled its dirty pages to the file and held the whole
	 * database (90 MB on the 2022 dump) until COMMIT.
	 */
	if (!db_exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
	    " PRAGMA temp_store = FILE; PRAGMA page_size = 32768;"
	    " PRAGMA cache_size = " DB_BUILD_CACHE ";")) {
		(void)db_close(db);
		return NULL;
	}
	db->flush_every = DB_FLUSH_EVERY;
	return db;
}

/*
 * A page count, not KiB: VACUUM gives its temporary database the main
 * one's cache_size, which a negative value (KiB) would turn into a page
 * count at the default 4 KiB page, before that database takes our 32 KiB
 * pages: eight times the memory asked for (96 MB for the 2022 dump).
 * Lowering it frees the clean pages above it at once.
 */
bool
db_cache_pages(struct db *db, int pages)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA main.cache_size = %d", pages);
	return db_exec(db, sql);
}

struct db *
db_open_memory(void)
{
	char message[256];
	struct db *db;

	if ((db = db_open(":memory:", SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, message, sizeof(message))) == NULL)
		log_warn("cannot open a database in memory: %s", message);
	return db;
}

struct db *
db_open_readonly(const char *path)
{
	char message[256];

	return db_open(path, SQLITE_OPEN_READONLY, message, sizeof(message));
}

bool
db_close(struct db *db)
{
	bool ok = true;
	int i;

	if (db == NULL)
		return true;
	for (i = 0; i < DB_STMT_MAX; i++)
		(void)sqlite3_finalize(db->stmt[i]);	/* its step said */
	if (sqlite3_close(db->h) != SQLITE_OK) {
		log_warn("closing the database: %s", sqlite3_errmsg(db->h));
		ok = false;
	}
	free(db);
	return ok;
}

const char *
db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->h);
}

bool
db_create_schema(struct db *db)
{
	int64_t version;

	if (!db_exec(db, schema_sql))
		return false;
	if ((version = db_integer(db, DB_USER_VERSION, NULL, 0)) !=
	    CONTRACT_SCHEMA_VERSION) {
		log_warn("schema.sql is version %" PRId64 ", this updater writes"
		    " version %d (common/contract.h)", version,
		    CONTRACT_SCHEMA_VERSION);
		return false;
	}
	return true;
}

/* fold(text): the search folding of common/fold.c, for SQL. */
static void
sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf folded = BUF_INIT;
	const unsigned char *text = sqlite3_value_text(argv[0]);

	(void)argc;
	if (text == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	fold_text(&folded, (const char *)text,
	    (size_t)sqlite3_value_bytes(argv[0]));
	sqlite3_result_text64(ctx, buf_str(&folded), folded.len,
	    SQLITE_TRANSIENT, SQLITE_UTF8);
	buf_free(&folded);
}

/*
 * row_digest(v1, v2, ...): 40 bits of FNV-1a over each value's type and
 * bytes, so that a set of rows sums (sum(DISTINCT ...)) without overflow
 * up to 2^23 rows: changes.c compares each CIS's rows of a table by that
 * sum, one narrow row per CIS, where EXCEPT sorted every wide row twice.
 * Two different sets have the same sum once in 2^40.
 */
static void
sql_row_digest(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	uint64_t h = 14695981039346656037ULL;
	const unsigned char *p;
	int i, n, j;

	for (i = 0; i < argc; i++) {
		int type = sqlite3_value_type(argv[i]);

		h = (h ^ (uint64_t)type) * 1099511628211ULL;
		if (type == SQLITE_NULL)
			continue;
		/* Text of any value: an integer's and a real's are exact. */
		p = sqlite3_value_text(argv[i]);
		n = sqlite3_value_bytes(argv[i]);
		for (j = 0; p != NULL && j < n; j++)
			h = (h ^ p[j]) * 1099511628211ULL;
		/* The end of the value: ("ab", "c") is not ("a", "bc"). */
		h = (h ^ 0xFFu) * 1099511628211ULL;
	}
	sqlite3_result_int64(ctx, (sqlite3_int64)(h >> 24));
}

bool
db_register_row_digest(struct db *db)
{
	if (sqlite3_create_function(db->h, "row_digest", -1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_row_digest, NULL, NULL) !=
	    SQLITE_OK) {
		log_warn("sqlite: cannot create row_digest(): %s",
		    sqlite3_errmsg(db->h));
		return false;
	}
	return true;
}

bool
db_register_fold(struct db *db)
{
	if (sqlite3_create_function(db->h, "fold", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_fold, NULL, NULL) != SQLITE_OK) {
		log_warn("sqlite: cannot create fold(): %s",
		    sqlite3_errmsg(db->h));
		return false;
	}
	return true;
}

/*
 * One FTS5 index from its noms_* rows, in one bulk insert: FTS5 builds it
 * in memory and writes it once, several times faster than interleaving its
 * writes with the documents'.  The bulk insert still leaves several
 * segments, each searched for every term: 'optimize' merges them into one
 * (a third fewer instructions per search on the 2022 dump).  Then its
 * trigrams' counts (fts5vocab's) in its trigrammes_* table.
 */
#define SEARCH_INDEX(index, column, names, trigrams)			\
	"INSERT INTO " index "(rowid, " column ") SELECT id, nom"	\
	" FROM " names ";"						\
	"INSERT INTO " index "(" index ") VALUES('optimize');"		\
	"CREATE VIRTUAL TABLE temp.vocabulaire USING fts5vocab("	\
	"main, " index ", row);"					\
	"INSERT INTO " trigrams "(trigramme, noms)"			\
	" SELECT term, doc FROM temp.vocabulaire;"			\
	"DROP TABLE temp.vocabulaire;"

bool
db_fill_search(struct db *db)
{
	return db_exec(db, SEARCH_INDEX("recherche_medicaments", "nom",
	    "noms_medicaments", "trigrammes_medicaments")) &&
	    db_exec(db, SEARCH_INDEX("recherche_generiques", "libelle",
	    "noms_generiques", "trigrammes_generiques")) &&
	    db_exec(db, SEARCH_INDEX("recherche_substances", "nom",
	    "noms_substances", "trigrammes_substances"));
}

const char *
db_stmt_sql(enum db_stmt s)
{
	return (unsigned)s < DB_STMT_MAX ? db_sql[s] : "?";
}

sqlite3_stmt *
db_stmt(struct db *db, enum db_stmt s)
{
	sqlite3_stmt *st;

	if ((unsigned)s >= DB_STMT_MAX)
		return NULL;
	if ((st = db->stmt[s]) != NULL) {
		/* A caller that stopped reading early left it running. */
		if (sqlite3_stmt_busy(st))
			(void)sqlite3_reset(st);
		return st;
	}
	if (sqlite3_prepare_v3(db->h, db_sql[s], -1,
	    SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		log_warn("sqlite: prepare: %s (in: %s)", sqlite3_errmsg(db->h),
		    db_sql[s]);
		(void)sqlite3_finalize(st);
		return NULL;
	}
	return db->stmt[s] = st;
}

sqlite3_stmt *
db_prepare(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK) {
		log_failure(db, NULL, "prepare", sql);
		(void)sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

void
db_finalize(sqlite3_stmt *st)
{
	/* Returns the last step's error, already reported. */
	(void)sqlite3_finalize(st);
}

bool
db_bind(struct db *db, sqlite3_stmt *st, int index, struct db_value v)
{
	void (*lifetime)(void *) = v.copy ? SQLITE_TRANSIENT : SQLITE_STATIC;
	char what[32];
	int rc = SQLITE_MISUSE;

	switch (v.type) {
	case DB_VALUE_NULL:
		rc = sqlite3_bind_null(st, index);
		break;
	case DB_VALUE_INT:
		rc = sqlite3_bind_int64(st, index, v.i);
		break;
	case DB_VALUE_REAL:
		rc = sqlite3_bind_double(st, index, v.r);
		break;
	case DB_VALUE_TEXT:
		rc = sqlite3_bind_text64(st, index, v.p, v.n, lifetime,
		    SQLITE_UTF8);
		break;
	case DB_VALUE_BLOB:
		rc = sqlite3_bind_blob64(st, index, v.p, v.n, lifetime);
		break;
	}
	if (rc == SQLITE_OK)
		return true;
	snprintf(what, sizeof(what), "bind ?%d", index);
	log_failure(db, st, what, NULL);
	return false;
}

bool
db_bind_all(struct db *db, sqlite3_stmt *st, const struct db_value *v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!db_bind(db, st, i + 1, v[i]))
			return false;
	return true;
}

void
db_reset(sqlite3_stmt *st)
{
	/* Both return the last step's error, already reported. */
	(void)sqlite3_reset(st);
	(void)sqlite3_clear_bindings(st);
}

bool
db_row(struct db *db, sqlite3_stmt *st, bool *ok)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return true;
	if (rc != SQLITE_DONE) {
		log_failure(db, st, "step", NULL);
		*ok = false;
	}
	(void)sqlite3_reset(st);
	return false;
}

/*
 * Called after each row written: every flush_every rows of a build, the
 * dirty pages go to the file, in the middle of the transaction.  SQLite
 * recycles clean pages first and keeps dirty ones until 90 % of the cache
 * is dirty, so the documents written by the one build transaction crowded
 * out the tables and indexes the rendering reads, which were read from the
 * file again and again (doc/performance.md, "The updater", "Memory").
 * Written, a page stays cached, recyclable like any other.
 */
static bool
db_wrote(struct db *db)
{
	int rc;

	if (db->flush_every == 0 || ++db->written < db->flush_every)
		return true;
	db->written = 0;
	if ((rc = sqlite3_db_cacheflush(db->h)) != SQLITE_OK) {
		log_warn("sqlite: cannot write the page cache: %s",
		    sqlite3_errstr(rc));
		return false;
	}
	return true;
}

bool
db_step_done(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE)
		log_failure(db, st, "step", NULL);
	(void)sqlite3_reset(st);
	return rc == SQLITE_DONE && db_wrote(db);
}

enum db_insert
db_insert(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	enum db_insert result = DB_INSERTED;

	if ((rc & 0xFF) == SQLITE_CONSTRAINT)
		result = DB_DUPLICATE;
	else if (rc != SQLITE_DONE) {
		log_failure(db, st, "step", NULL);
		result = DB_INSERT_FAILED;
	}
	(void)sqlite3_reset(st);
	if (result == DB_INSERTED && !db_wrote(db))
		result = DB_INSERT_FAILED;
	return result;
}

bool
db_run(struct db *db, enum db_stmt s, const struct db_value *v, int n)
{
	sqlite3_stmt *st = db_stmt(db, s);
	bool ok;

	if (st == NULL)
		return false;
	ok = db_bind_all(db, st, v, n) && db_step_done(db, st);
	db_reset(st);
	return ok;
}

int64_t
db_integer(struct db *db, enum db_stmt s, const struct db_value *v, int n)
{
	sqlite3_stmt *st = db_stmt(db, s);
	int64_t value = -1;
	bool ok = true;

	if (st == NULL)
		return -1;
	if (db_bind_all(db, st, v, n) && db_row(db, st, &ok))
		value = sqlite3_column_int64(st, 0);
	db_reset(st);
	return value;
}

int64_t
db_column_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

double
db_column_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_double(st, i);
}

bool
db_column_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL;
}

const char *
db_column_text(sqlite3_stmt *st, int i, size_t *len)
{
	const unsigned char *text = sqlite3_column_text(st, i);

	/* After the text: the conversion may change the length. */
	*len = text != NULL ? (size_t)sqlite3_column_bytes(st, i) : 0;
	return (const char *)text;
}

const void *
db_column_blob(sqlite3_stmt *st, int i, size_t *len)
{
	const void *blob = sqlite3_column_blob(st, i);

	*len = blob != NULL ? (size_t)sqlite3_column_bytes(st, i) : 0;
	return blob;
}

/*
 * Table names come from source.c's fixed table, never from data: SQL can
 * bind values, not identifiers, so they are quoted into the text.
 */
int64_t
db_count_rows(struct db *db, const char *schema, const char *table)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	int64_t count = -1;
	bool ok = true;

	buf_printf(&sql, "SELECT count(*) FROM \"%s\".\"%s\"", schema, table);
	if ((st = db_prepare(db, buf_str(&sql))) != NULL &&
	    db_row(db, st, &ok))
		count = sqlite3_column_int64(st, 0);
	db_finalize(st);
	buf_free(&sql);
	return count;
}

bool
db_previous_has_table(struct db *db, const char *table)
{
	struct db_value v[] = { DB_TEXT(table) };

	return db_integer(db, DB_PREVIOUS_HAS_TABLE, DB_VALUES(v)) > 0;
}

/* The table name is source.c's, as in db_count_rows. */
bool
db_copy_previous_rows(struct db *db, const char *table)
{
	struct buf sql = BUF_INIT;
	bool ok;

	buf_printf(&sql, "INSERT INTO main.\"%s\" SELECT * FROM"
	    " previous.\"%s\"", table, table);
	ok = db_exec(db, buf_str(&sql));
	buf_free(&sql);
	return ok;
}

int64_t
db_changes(struct db *db)
{
	return sqlite3_changes64(db->h);
}

bool
db_meta_set(struct db *db, const char *key, const char *value)
{
	struct db_value v[] = { DB_TEXT(key), DB_TEXT(value) };

	return db_run(db, DB_META_SET, DB_VALUES(v));
}

bool
db_meta_set_int(struct db *db, const char *key, int64_t value)
{
	char text[24];

	snprintf(text, sizeof(text), "%" PRId64, value);
	return db_meta_set(db, key, text);
}
