#include "db.h"

#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "contract.h"
#include "log.h"
#include "monotonic.h"
#include "trigram_cache.h"
#include "uri.h"
#include "xalloc.h"

/* How long a stat(2) of DB_PATH is trusted before looking again. */
#define DB_CHECK_INTERVAL_MS	1000
/* SQLite's page cache per worker: enough for the hot pages, small in RSS. */
#define DB_CACHE_KIB		2048
/* The largest database mapped whole (2022: 75 MB). */
#define DB_MMAP_BYTES		(512LL * 1024 * 1024)
/* The etag of the document "[]": 16 hex digits of its SHA-256. */
#define ETAG_EMPTY_ARRAY	"4f53cda18c2baa0c"
/* A rename during an open is retried this many times. */
#define DB_OPEN_ATTEMPTS	3
/*
 * The oldest schema still served: 6 (no stored gzip members), 7 (the
 * members beside the documents, in a column) and 8 (no vocabulary) differ
 * from this one only there, so a worker updated before the updater's next
 * run goes on answering them, compressing at request time and suggesting
 * no corrections.
 */
#define DB_SCHEMA_OLDEST	6

enum db_stmt {
	STMT_USER_VERSION,
	STMT_META,
	STMT_PAGE_ITEMS,
	STMT_MEDICAMENT_CIS,
	STMT_MEDICAMENT_CIP7,
	STMT_MEDICAMENT_CIP13,
	STMT_PRESENTATION_CIP7,
	STMT_PRESENTATION_CIP13,
	STMT_GENERIQUE_GROUP,
	STMT_PAGE,
	STMT_EXPORT,
	STMT_SEARCH_MEDICAMENTS,
	STMT_SCAN_MEDICAMENTS,
	STMT_SEARCH_GENERIQUES,
	STMT_SCAN_GENERIQUES,
	STMT_TRIGRAMS_MEDICAMENTS,
	STMT_TRIGRAMS_GENERIQUES,
	STMT_TRIGRAMS_SUBSTANCES,
	STMT_DOCUMENT,
	STMT_DOCUMENT_CONTENT,
	STMT_TABLE_ROWS,
	STMT_MEDICAMENT_DISPONIBILITES,
	STMT_MEDICAMENT_MITM,
	STMT_DISPONIBILITES_SPAN,
	STMT_DISPONIBILITES_STATUT_SPAN,
	STMT_DISPONIBILITES_PAGE,
	STMT_DISPONIBILITES_CIS,
	STMT_MITM_SPAN,
	STMT_MITM_ATC_SPAN,
	STMT_MITM_PAGE,
	STMT_AVIS_CIS,
	STMT_SUBSTANCE_CODE,
	STMT_SEARCH_SUBSTANCES,
	STMT_SCAN_SUBSTANCES,
	STMT_INFORMATIONS,
	STMT_SUBSTANCE_PAGE,
	STMT_MEDICAMENT_EXISTS,
	/* From here on, those reading the *_gz tables (schema 8 on). */
	STMT_MEDICAMENT_CIS_GZIP,
	STMT_MEDICAMENT_CIP7_GZIP,
	STMT_MEDICAMENT_CIP13_GZIP,
	STMT_PRESENTATION_CIP7_GZIP,
	STMT_PRESENTATION_CIP13_GZIP,
	STMT_GENERIQUE_GROUP_GZIP,
	STMT_MEDICAMENT_DISPONIBILITES_GZIP,
	STMT_MEDICAMENT_MITM_GZIP,
	STMT_AVIS_CIS_GZIP,
	/* From here on, those reading the vocabulary (schema 9 on). */
	STMT_VOCABULARY_PREFIX,
	STMT_VOCABULARY_BUCKET,
	STMT_VOCABULARY_WORD,
	/* From here on, those reading the history (schema 10 on). */
	STMT_HISTORY,
	STMT_CHANGES_SPAN,
	STMT_CHANGES_PAGE,
	STMT_CHANGES_COUNT,
	STMT_CHANGES_OLDEST,
	STMT_CHANGES_NEWEST,
	STMT_CHANGES_CIS,
	STMT_PUBLICATIONS,
	STMT_CHANGES_INDEX,
	STMT_MAX
};
#define STMT_GZIP_FIRST		STMT_MEDICAMENT_CIS_GZIP
#define STMT_VOCABULARY_FIRST	STMT_VOCABULARY_PREFIX
#define STMT_HISTORY_FIRST	STMT_HISTORY
/* The first schemas with the *_gz tables, the vocabulary, the history. */
#define DB_SCHEMA_STORED_GZIP	8
#define DB_SCHEMA_VOCABULARY	9
#define DB_SCHEMA_HISTORY	10

/*
 * The changes passing a filter (struct db_changes_filter: ?2 the types,
 * 0 for any, ?3 the change or NULL), of ids ?1 on.  No index serves the
 * filter: the rows from ?1 on are read, their json left unread (the last
 * column).  The pages bind ?4 (offset) and ?5 (limit).
 */
#define CHANGES_FILTER							\
	" WHERE id >= ?1 AND (?2 = 0 OR types & ?2 <> 0)"		\
	" AND (?3 IS NULL OR changement = ?3)"

/* db_search's statements over search index `index` (schema.sql). */
#define SEARCH_SQL(index, names)					\
	"SELECT n.id, n.nom, n.ordre FROM " index "(?1) AS r"		\
	" JOIN " names " AS n ON n.id = r.rowid"
#define SCAN_SQL(names)							\
	"SELECT id, nom, ordre FROM " names
#define TRIGRAMS_SQL(trigrams)						\
	"SELECT noms FROM " trigrams " WHERE trigramme = ?1"

/*
 * A lookup reads (etag, document): the document is `json` (doc TEXT), or
 * for a client taking gzip (doc STORED_GZIP) the stored member of the
 * row's document, in its table's `_gz` twin, where there is one (a BLOB),
 * else the text: coalesce reads json only without a member.  Each
 * lookup's SQL is written once, with doc as a parameter: doc##_COLUMN is
 * the document of row, doc##_JOIN what it needs of row's table.
 */
#define TEXT_COLUMN(row)		row ".json"
#define TEXT_JOIN(row, table, key)	""
#define STORED_GZIP_COLUMN(row)		"coalesce(g.json_gz, " row ".json)"
#define STORED_GZIP_JOIN(row, table, key)				\
	" LEFT JOIN " table "_gz AS g ON g." key " = " row "." key
#define MEDICAMENT_CIS_SQL(doc)						\
	"SELECT m.etag, " doc##_COLUMN("m") " FROM api_medicaments AS m"	\
	doc##_JOIN("m", "api_medicaments", "cis") " WHERE m.cis = ?1"
#define MEDICAMENT_CIP7_SQL(doc)					\
	"SELECT m.etag, " doc##_COLUMN("m") " FROM api_presentations AS p"	\
	" JOIN api_medicaments AS m ON m.cis = p.cis"			\
	doc##_JOIN("m", "api_medicaments", "cis")			\
	" WHERE p.cip7 = ?1 ORDER BY p.cip13 LIMIT 1"
#define MEDICAMENT_CIP13_SQL(doc)					\
	"SELECT m.etag, " doc##_COLUMN("m") " FROM api_presentations AS p"	\
	" JOIN api_medicaments AS m ON m.cis = p.cis"			\
	doc##_JOIN("m", "api_medicaments", "cis") " WHERE p.cip13 = ?1"
#define PRESENTATION_CIP7_SQL(doc)					\
	"SELECT p.etag, " doc##_COLUMN("p") " FROM api_presentations AS p"	\
	doc##_JOIN("p", "api_presentations", "cip13")			\
	" WHERE p.cip7 = ?1 ORDER BY p.cip13 LIMIT 1"
#define PRESENTATION_CIP13_SQL(doc)					\
	"SELECT p.etag, " doc##_COLUMN("p") " FROM api_presentations AS p"	\
	doc##_JOIN("p", "api_presentations", "cip13") " WHERE p.cip13 = ?1"
#define GENERIQUE_GROUP_SQL(doc)					\
	"SELECT r.etag, " doc##_COLUMN("r") " FROM api_generiques AS r"	\
	doc##_JOIN("r", "api_generiques", "groupe") " WHERE r.groupe = ?1"
/*
 * A CIS's array, else [] for a medicament (whose etag is that of "[]", as
 * the updater's digest_etag gives it: same content, same tag); no row for
 * an unknown CIS.
 */
#define MEDICAMENT_ARRAY_SQL(table, doc)				\
	"SELECT a.etag, " doc##_COLUMN("a") " FROM " table " AS a"	\
	doc##_JOIN("a", table, "cis") " WHERE a.cis = ?1"		\
	" UNION ALL SELECT '" ETAG_EMPTY_ARRAY "', '[]'"		\
	" FROM api_medicaments WHERE cis = ?1 LIMIT 1"
#define AVIS_CIS_SQL(doc)						\
	"SELECT a.etag, " doc##_COLUMN("a") " FROM api_avis AS a"	\
	doc##_JOIN("a", "api_avis", "cis") " WHERE a.cis = ?1"

/*
 * Every statement of the worker.  Preparing them all (DB_PREPARE_ALL) is
 * also the check that a file has every table and column this worker reads.
 */
static const char *const db_sql[STMT_MAX] = {
	[STMT_USER_VERSION] = "PRAGMA user_version",
	[STMT_META] = "SELECT value FROM meta WHERE key = ?1",
	[STMT_PAGE_ITEMS] = "SELECT count(*) FROM api_medicaments",
	[STMT_MEDICAMENT_CIS] = MEDICAMENT_CIS_SQL(TEXT),
	[STMT_MEDICAMENT_CIP7] = MEDICAMENT_CIP7_SQL(TEXT),
	[STMT_MEDICAMENT_CIP13] = MEDICAMENT_CIP13_SQL(TEXT),
	[STMT_PRESENTATION_CIP7] = PRESENTATION_CIP7_SQL(TEXT),
	[STMT_PRESENTATION_CIP13] = PRESENTATION_CIP13_SQL(TEXT),
	[STMT_GENERIQUE_GROUP] = GENERIQUE_GROUP_SQL(TEXT),
	/*
	 * ligne is 1..N without gaps (schema.sql, checked by the updater):
	 * a page is a range of it, found by one index seek, where an OFFSET
	 * would step over every entry before the page.
	 */
	[STMT_PAGE] =
	    "SELECT json FROM api_medicaments WHERE ligne BETWEEN ?2 AND ?3"
	    " ORDER BY ligne",
	[STMT_EXPORT] = "SELECT json FROM api_medicaments ORDER BY ligne",
	/*
	 * A search: the candidates' ids from the contentless FTS5 index,
	 * each one's name and order by one rowid seek into its noms_* table;
	 * a scan reads the index's names alone.
	 */
	[STMT_SEARCH_MEDICAMENTS] = SEARCH_SQL("recherche_medicaments",
	    "noms_medicaments"),
	[STMT_SCAN_MEDICAMENTS] = SCAN_SQL("noms_medicaments"),
	[STMT_SEARCH_GENERIQUES] = SEARCH_SQL("recherche_generiques",
	    "noms_generiques"),
	[STMT_SCAN_GENERIQUES] = SCAN_SQL("noms_generiques"),
	/* One per index, one seek by the trigram (search_query.c). */
	[STMT_TRIGRAMS_MEDICAMENTS] = TRIGRAMS_SQL("trigrammes_medicaments"),
	[STMT_TRIGRAMS_GENERIQUES] = TRIGRAMS_SQL("trigrammes_generiques"),
	[STMT_TRIGRAMS_SUBSTANCES] = TRIGRAMS_SQL("trigrammes_substances"),
	/* search_correct.c's: a word of the names starting so (?1 <= mot <
	 * ?2), a bucket of the index of corrections, a word by its id; the
	 * names of each index in enum db_index's order. */
	[STMT_VOCABULARY_PREFIX] =
	    "SELECT medicaments, generiques, substances FROM vocabulaire"
	    " WHERE mot >= ?1 AND mot < ?2",
	[STMT_VOCABULARY_BUCKET] =
	    "SELECT paires FROM vocabulaire_cles WHERE seau = ?1",
	[STMT_VOCABULARY_WORD] =
	    "SELECT mot, medicaments, generiques, substances FROM vocabulaire"
	    " WHERE id = ?1",
	[STMT_DOCUMENT] =
	    "SELECT rowid, etag, content_type, octets_decompresses,"
	    " length(contenu) FROM api_documents WHERE nom = ?1",
	[STMT_DOCUMENT_CONTENT] =
	    "SELECT etag, contenu FROM api_documents WHERE nom = ?1",
	/* One column per enum db_table, in its order. */
	[STMT_TABLE_ROWS] =
	    "SELECT (SELECT count(*) FROM medicaments),"
	    " (SELECT count(*) FROM presentations),"
	    " (SELECT count(*) FROM compositions),"
	    " (SELECT count(*) FROM generiques),"
	    " (SELECT count(*) FROM conditions),"
	    " (SELECT count(*) FROM avis_smr),"
	    " (SELECT count(*) FROM avis_asmr),"
	    " (SELECT count(*) FROM liens_avis_ct),"
	    " (SELECT count(*) FROM informations_importantes),"
	    " (SELECT count(*) FROM disponibilites),"
	    " (SELECT count(*) FROM mitm)",
	[STMT_MEDICAMENT_DISPONIBILITES] = MEDICAMENT_ARRAY_SQL(
	    "api_medicament_disponibilites", TEXT),
	[STMT_MEDICAMENT_MITM] = MEDICAMENT_ARRAY_SQL("api_medicament_mitm",
	    TEXT),
	/*
	 * The first and last rank of a list or of a filter: each a seek in
	 * an index (rang is the rowid; a filter's index holds its key, then
	 * the rowid), the updater having checked that the rows of a key are
	 * consecutive ranks (check.c).  The pages (db_list) bind ?2, ?3.
	 */
	[STMT_DISPONIBILITES_SPAN] =
	    "SELECT (SELECT min(rang) FROM api_disponibilites),"
	    " (SELECT max(rang) FROM api_disponibilites)",
	[STMT_DISPONIBILITES_STATUT_SPAN] =
	    "SELECT (SELECT rang FROM api_disponibilites WHERE code_statut = ?1"
	    " ORDER BY rang LIMIT 1), (SELECT rang FROM api_disponibilites"
	    " WHERE code_statut = ?1 ORDER BY rang DESC LIMIT 1)",
	[STMT_DISPONIBILITES_PAGE] =
	    "SELECT json FROM api_disponibilites WHERE rang BETWEEN ?2 AND ?3"
	    " ORDER BY rang",
	[STMT_DISPONIBILITES_CIS] =
	    "SELECT code_statut, json FROM api_disponibilites WHERE cis = ?1"
	    " ORDER BY rang",
	[STMT_MITM_SPAN] =
	    "SELECT (SELECT min(rang) FROM api_mitm),"
	    " (SELECT max(rang) FROM api_mitm)",
	[STMT_MITM_ATC_SPAN] =
	    "SELECT (SELECT rang FROM api_mitm WHERE code_atc >= ?2"
	    " AND code_atc < ?3 ORDER BY code_atc, rang LIMIT 1),"
	    " (SELECT rang FROM api_mitm WHERE code_atc >= ?2"
	    " AND code_atc < ?3 ORDER BY code_atc DESC, rang DESC LIMIT 1)",
	[STMT_MITM_PAGE] =
	    "SELECT json FROM api_mitm WHERE rang BETWEEN ?2 AND ?3"
	    " ORDER BY rang",
	[STMT_AVIS_CIS] = AVIS_CIS_SQL(TEXT),
	[STMT_SUBSTANCE_CODE] =
	    "SELECT etag, json, medicaments FROM api_substances"
	    " WHERE code = ?1",
	[STMT_SEARCH_SUBSTANCES] = SEARCH_SQL("recherche_substances",
	    "noms_substances"),
	[STMT_SCAN_SUBSTANCES] = SCAN_SQL("noms_substances"),
	/*
	 * The medicament's row says whether the CIS exists: one row with a
	 * NULL document for a medicament without (matching) information.
	 */
	[STMT_INFORMATIONS] =
	    "SELECT i.json FROM api_medicaments AS m"
	    " LEFT JOIN api_informations AS i ON i.cis = m.cis AND (?2 IS NULL"
	    " OR ((i.date_debut_iso IS NULL OR i.date_debut_iso <= ?2) AND"
	    " (i.date_fin_iso IS NULL OR i.date_fin_iso >= ?2)))"
	    " WHERE m.cis = ?1 ORDER BY i.rang",
	/* rang is 1..N without gaps per code (checked by the updater). */
	[STMT_SUBSTANCE_PAGE] =
	    "SELECT json FROM api_substance_medicaments"
	    " WHERE code = ?1 AND rang BETWEEN ?2 AND ?3 ORDER BY rang",
	[STMT_MEDICAMENT_EXISTS] = "SELECT 1 FROM medicaments WHERE cis = ?1",
	/* Each a seek: the rowid's ends, the last row. */
	[STMT_HISTORY] =
	    "SELECT (SELECT min(id) FROM publications),"
	    " (SELECT max(id) FROM publications),"
	    " (SELECT publiee_le FROM publications ORDER BY id DESC LIMIT 1)",
	/*
	 * The first change of the first publication after ?1 (the
	 * publications' ids are in time order, their changes' ids in theirs:
	 * two seeks, publications_epoch then changes_publication), and the
	 * last change.
	 */
	[STMT_CHANGES_SPAN] =
	    "SELECT (SELECT c.id FROM changes AS c WHERE c.publication >="
	    " (SELECT p.id FROM publications AS p WHERE p.publiee_epoch > ?1"
	    " ORDER BY p.publiee_epoch LIMIT 1) ORDER BY c.publication, c.id"
	    " LIMIT 1), (SELECT max(id) FROM changes)",
	[STMT_CHANGES_PAGE] =
	    "SELECT json FROM changes WHERE id BETWEEN ?2 AND ?3 ORDER BY id",
	[STMT_CHANGES_COUNT] = "SELECT count(*) FROM changes" CHANGES_FILTER,
	[STMT_CHANGES_OLDEST] = "SELECT id, json FROM changes" CHANGES_FILTER
	    " ORDER BY id LIMIT ?5 OFFSET ?4",
	[STMT_CHANGES_NEWEST] = "SELECT id, json FROM changes" CHANGES_FILTER
	    " ORDER BY id DESC LIMIT ?5 OFFSET ?4",
	/* changes_cis, (cis, id): a seek, then its entries backwards. */
	[STMT_CHANGES_CIS] =
	    "SELECT json FROM changes WHERE cis = ?1 ORDER BY id DESC",
	[STMT_PUBLICATIONS] = "SELECT json FROM publications ORDER BY id DESC",
	/* struct change_index's, read once: the json is the last column. */
	[STMT_CHANGES_INDEX] =
	    "SELECT id, types, changement FROM changes ORDER BY id",
	[STMT_MEDICAMENT_CIS_GZIP] = MEDICAMENT_CIS_SQL(STORED_GZIP),
	[STMT_MEDICAMENT_CIP7_GZIP] = MEDICAMENT_CIP7_SQL(STORED_GZIP),
	[STMT_MEDICAMENT_CIP13_GZIP] = MEDICAMENT_CIP13_SQL(STORED_GZIP),
	[STMT_PRESENTATION_CIP7_GZIP] = PRESENTATION_CIP7_SQL(STORED_GZIP),
	[STMT_PRESENTATION_CIP13_GZIP] = PRESENTATION_CIP13_SQL(STORED_GZIP),
	[STMT_GENERIQUE_GROUP_GZIP] = GENERIQUE_GROUP_SQL(STORED_GZIP),
	[STMT_MEDICAMENT_DISPONIBILITES_GZIP] = MEDICAMENT_ARRAY_SQL(
	    "api_medicament_disponibilites", STORED_GZIP),
	[STMT_MEDICAMENT_MITM_GZIP] = MEDICAMENT_ARRAY_SQL(
	    "api_medicament_mitm", STORED_GZIP),
	[STMT_AVIS_CIS_GZIP] = AVIS_CIS_SQL(STORED_GZIP),
};

static const char *const db_table_names[DB_TABLE_MAX] = {
	[DB_TABLE_MEDICAMENTS] = "medicaments",
	[DB_TABLE_PRESENTATIONS] = "presentations",
	[DB_TABLE_COMPOSITIONS] = "compositions",
	[DB_TABLE_GENERIQUES] = "generiques",
	[DB_TABLE_CONDITIONS] = "conditions",
	[DB_TABLE_AVIS_SMR] = "avis_smr",
	[DB_TABLE_AVIS_ASMR] = "avis_asmr",
	[DB_TABLE_LIENS_AVIS_CT] = "liens_avis_ct",
	[DB_TABLE_INFORMATIONS_IMPORTANTES] = "informations_importantes",
	[DB_TABLE_DISPONIBILITES] = "disponibilites",
	[DB_TABLE_MITM] = "mitm",
};

/*
 * Each lookup's statement, and its twin reading the stored gzip (0, never
 * a lookup's statement: none).
 */
static const struct {
	enum db_stmt	text, gzip;
} lookup_stmt[DB_LOOKUP_MAX] = {
	[DB_MEDICAMENT_CIS] = { STMT_MEDICAMENT_CIS, STMT_MEDICAMENT_CIS_GZIP },
	[DB_MEDICAMENT_CIP7] = { STMT_MEDICAMENT_CIP7,
	    STMT_MEDICAMENT_CIP7_GZIP },
	[DB_MEDICAMENT_CIP13] = { STMT_MEDICAMENT_CIP13,
	    STMT_MEDICAMENT_CIP13_GZIP },
	[DB_PRESENTATION_CIP7] = { STMT_PRESENTATION_CIP7,
	    STMT_PRESENTATION_CIP7_GZIP },
	[DB_PRESENTATION_CIP13] = { STMT_PRESENTATION_CIP13,
	    STMT_PRESENTATION_CIP13_GZIP },
	[DB_GENERIQUE_GROUP] = { STMT_GENERIQUE_GROUP,
	    STMT_GENERIQUE_GROUP_GZIP },
	[DB_MEDICAMENT_DISPONIBILITES] = { STMT_MEDICAMENT_DISPONIBILITES,
	    STMT_MEDICAMENT_DISPONIBILITES_GZIP },
	[DB_MEDICAMENT_MITM] = { STMT_MEDICAMENT_MITM,
	    STMT_MEDICAMENT_MITM_GZIP },
	[DB_AVIS_CIS] = { STMT_AVIS_CIS, STMT_AVIS_CIS_GZIP },
	[DB_SUBSTANCE_CODE] = { STMT_SUBSTANCE_CODE, 0 },
};

/*
 * What the filters of the history read, in memory: each change's types
 * and change, 4 bytes a change by id (the updater numbers them without
 * gaps), read once per file on the first filtered request.  Counting a
 * filter's changes is then a pass over an array, where SQLite would step
 * through every row of the table (no index serves a bit of types): two
 * years of history are a few hundred kilobytes per worker.  A history
 * with a gap in its ids is filtered by CHANGES_FILTER's statements.
 */
struct change_index {
	uint32_t	*bits;		/* types | change << CHANGE_CODE_SHIFT */
	long long	 first;		/* the id of bits[0] */
	size_t		 n;
	bool		 read;		/* tried: bits is the index, or NULL */
	/*
	 * The last filter read and the positions in bits of the changes
	 * passing it: the pages of one filter, which clients read in turn,
	 * then find their changes at once (the file never changes under its
	 * index).  At most 4 bytes a change more.
	 */
	uint32_t	 memo_types, memo_code;
	size_t		 memo_start;
	uint32_t	*memo;		/* NULL: none yet */
	size_t		 memo_n;
};
#define CHANGE_CODE_SHIFT	28	/* types use bits 0 to 17 */

/* One opened file. */
struct db_handle {
	sqlite3		*h;
	sqlite3_stmt	*stmt[STMT_MAX];
	struct db_meta	 meta;
	long long	 rows[DB_TABLE_MAX];	/* db_table_rows, once counted */
	bool		 rows_counted;
	struct trigram_cache *trigrams;	/* db_trigram_count's, once read */
	sqlite3_blob	*docs[DB_LOOKUP_MAX];	/* db_document_append's */
	sqlite3_blob	*buckets;	/* vocabulaire_cles.paires, reopened */
	bool		 stored_gzip;	/* has the *_gz tables: schema 8 on */
	bool		 vocabulary;	/* has the vocabulary: schema 9 on */
	bool		 history;	/* has the change feed: schema 10 on */
	struct db_history feed;		/* db_history's, once read */
	bool		 feed_read;
	struct change_index changes;	/* the filters' */
	sqlite3_blob	*change_json;	/* changes.json, reopened by id */
	dev_t		 dev;
	ino_t		 ino;
};

struct db {
	char		*path;
	char		*uri;		/* file:PATH?immutable=1, escaped */
	struct db_handle *cur;		/* NULL while no good file is open */
	long long	 checked_ms;	/* last look at DB_PATH, monotonic */
	bool		 checked;
	char		 problem[256];	/* why cur is NULL, or the last failure */
	char		 logged[256];	/* the last problem logged, logged once */
	dev_t		 bad_dev;	/* ... for this file */
	ino_t		 bad_ino;
	enum db_prepare	 prepare;
};

/* Readies a statement for its next use: no row, no binding left. */
static void
finish_statement(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Logs a failed call on statement s with SQLite's message and the SQL. */
static void
db_log(sqlite3 *h, enum db_stmt s, const char *what)
{
	log_error("sqlite3 %s: %s (SQL: %s)", what, sqlite3_errmsg(h),
	    db_sql[s]);
}

/*
 * Statement s of the file: prepared already (DB_PREPARE_ALL, or an earlier
 * use), or now.  NULL, logged, when the file cannot have it.
 */
static sqlite3_stmt *
handle_stmt(struct db_handle *dh, enum db_stmt s)
{
	if (dh->stmt[s] == NULL && sqlite3_prepare_v3(dh->h, db_sql[s], -1,
	    SQLITE_PREPARE_PERSISTENT, &dh->stmt[s], NULL) != SQLITE_OK) {
		db_log(dh->h, s, "prepare");
		return NULL;
	}
	return dh->stmt[s];
}

static void
handle_close(struct db_handle *dh)
{
	int i;

	if (dh == NULL)
		return;
	for (i = 0; i < STMT_MAX; i++)
		sqlite3_finalize(dh->stmt[i]);
	for (i = 0; i < DB_LOOKUP_MAX; i++)
		(void)sqlite3_blob_close(dh->docs[i]);	/* read only */
	(void)sqlite3_blob_close(dh->buckets);
	(void)sqlite3_blob_close(dh->change_json);
	free(dh->changes.bits);
	free(dh->changes.memo);
	trigram_cache_free(dh->trigrams);
	if (sqlite3_close(dh->h) != SQLITE_OK)
		log_error("sqlite3_close: %s", sqlite3_errmsg(dh->h));
	free(dh);
}

/* Runs a one-row, one-column integer statement (no parameter). */
static bool
handle_integer(struct db_handle *dh, enum db_stmt s, long long *value)
{
	sqlite3_stmt *st = handle_stmt(dh, s);
	bool ok = false;

	if (st == NULL)
		return false;
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_log(dh->h, s, "step");
		goto out;
	}
	*value = sqlite3_column_int64(st, 0);
	ok = true;
out:
	sqlite3_reset(st);
	return ok;
}

/* Copies meta `key` into out[0..size); false when absent or too long. */
static bool
handle_meta(struct db_handle *dh, const char *key, char *out, size_t size)
{
	sqlite3_stmt *st = handle_stmt(dh, STMT_META);
	const unsigned char *v;
	bool ok = false;
	int rc, n;

	if (st == NULL)
		return false;
	if (sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC) != SQLITE_OK) {
		db_log(dh->h, STMT_META, "bind");
		goto out;
	}
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			db_log(dh->h, STMT_META, "step");
		goto out;
	}
	v = sqlite3_column_text(st, 0);
	n = sqlite3_column_bytes(st, 0);
	if (v == NULL || n < 0 || (size_t)n >= size)
		goto out;
	memcpy(out, v, (size_t)n);
	out[n] = '\0';
	ok = true;
out:
	finish_statement(st);
	return ok;
}

static bool
parse_count(const char *s, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && *v >= 0;
}

/* Reads the meta keys this worker needs; false with problem filled. */
static bool
handle_read_meta(struct db_handle *dh, char *problem, size_t psize)
{
	struct db_meta *m = &dh->meta;
	char tmp[64];

	if (!handle_meta(dh, "last_update", m->last_update,
	    sizeof(m->last_update)) ||
	    !handle_meta(dh, "last_update_epoch", tmp, sizeof(tmp)) ||
	    !parse_count(tmp, &m->last_update_epoch)) {
		snprintf(problem, psize, "meta last_update missing or invalid");
		return false;
	}
	if (!handle_meta(dh, "data_etag", m->data_etag,
	    sizeof(m->data_etag))) {
		snprintf(problem, psize, "meta data_etag missing or invalid");
		return false;
	}
	if (!handle_integer(dh, STMT_PAGE_ITEMS, &m->page_items)) {
		snprintf(problem, psize, "cannot count api_medicaments");
		return false;
	}
	if (!handle_meta(dh, "medicaments_count", tmp, sizeof(tmp)) ||
	    !parse_count(tmp, &m->medicaments_count))
		m->medicaments_count = m->page_items;
	if (!handle_meta(dh, "generiques_count", tmp, sizeof(tmp)) ||
	    !parse_count(tmp, &m->generiques_count))
		m->generiques_count = 0;
	return true;
}

/*
 * Opens the file named by db->path and checks it: schema version, every
 * statement, meta.  Returns NULL with db->problem filled.  *st is the
 * stat(2) of the path taken before the open.
 */
/*
 * A worker is one thread with one connection at a time (two during a
 * switch): SQLite's mutexes and its memory statistics, taken on every
 * statement and every allocation, guard nothing here and cost a quarter
 * of a lookup's instructions.  Memory stays bounded by each connection's
 * cache_size (the statistics would only have served a heap limit).  Must
 * come before SQLite's first use; a second call is refused and harmless.
 */
static void
library_configure(void)
{
	static bool done;
	int rc;

	if (done)
		return;
	done = true;
	if ((rc = sqlite3_config(SQLITE_CONFIG_SINGLETHREAD)) != SQLITE_OK ||
	    (rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0)) != SQLITE_OK)
		log_warn("SQLite keeps its mutexes: %s", sqlite3_errstr(rc));
}

static struct db_handle *
handle_open(struct db *db, const struct stat *st)
{
	struct db_handle *dh = xcalloc(1, sizeof(*dh));
	struct db_handle *result = NULL;
	long long version;
	char sql[96];
	int i, rc;

	rc = sqlite3_open_v2(db->uri, &dh->h, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(db->problem, sizeof(db->problem), "cannot open: %s",
		    dh->h != NULL ? sqlite3_errmsg(dh->h) : sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_extended_result_codes(dh->h, 1);
	/*
	 * The file is read through mmap: pages are not copied into a private
	 * cache (fewer instructions per page, one copy shared by every
	 * worker).  Mapped pages count in each worker's RSS but not in its
	 * PSS, the measure of shared file pages.  The file is never written
	 * in place (the updater renames a new one), so the mapping stays
	 * valid while this handle is open.
	 */
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d; PRAGMA "
	    "mmap_size = %lld", DB_CACHE_KIB, (long long)DB_MMAP_BYTES);
	if (sqlite3_exec(dh->h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(db->problem, sizeof(db->problem), "not a database: %s",
		    sqlite3_errmsg(dh->h));
		goto out;
	}
	/*
	 * One read transaction for the handle's life, begun by the first
	 * read below: the file never changes under it (immutable, replaced
	 * by rename), and each statement then skips beginning and ending one
	 * of its own.  Should a statement's error end it, statements go on
	 * in autocommit mode, only slower.
	 */
	if (sqlite3_exec(dh->h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(dh->h, db_sql[STMT_USER_VERSION], -1,
	    SQLITE_PREPARE_PERSISTENT, &dh->stmt[STMT_USER_VERSION], NULL) !=
	    SQLITE_OK || sqlite3_step(dh->stmt[STMT_USER_VERSION]) !=
	    SQLITE_ROW) {
		snprintf(db->problem, sizeof(db->problem), "not a database: %s",
		    sqlite3_errmsg(dh->h));
		goto out;
	}
	version = sqlite3_column_int64(dh->stmt[STMT_USER_VERSION], 0);
	sqlite3_reset(dh->stmt[STMT_USER_VERSION]);
	if (version < DB_SCHEMA_OLDEST || version > CONTRACT_SCHEMA_VERSION) {
		snprintf(db->problem, sizeof(db->problem),
		    "schema version %lld, this worker reads %d to %d", version,
		    DB_SCHEMA_OLDEST, CONTRACT_SCHEMA_VERSION);
		goto out;
	}
	dh->stored_gzip = version >= DB_SCHEMA_STORED_GZIP;
	dh->vocabulary = version >= DB_SCHEMA_VOCABULARY;
	dh->history = version >= DB_SCHEMA_HISTORY;
	for (i = STMT_USER_VERSION + 1; db->prepare == DB_PREPARE_ALL &&
	    i < (dh->history ? STMT_MAX : dh->vocabulary ?
	    STMT_HISTORY_FIRST : dh->stored_gzip ? STMT_VOCABULARY_FIRST :
	    STMT_GZIP_FIRST); i++)
		if (sqlite3_prepare_v3(dh->h, db_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &dh->stmt[i], NULL) !=
		    SQLITE_OK) {
			snprintf(db->problem, sizeof(db->problem),
			    "incomplete database: %s", sqlite3_errmsg(dh->h));
			goto out;
		}
	if (!handle_read_meta(dh, db->problem, sizeof(db->problem)))
		goto out;
	dh->dev = st->st_dev;
	dh->ino = st->st_ino;
	result = dh;
	dh = NULL;
out:
	handle_close(dh);
	return result;
}

struct db *
db_new(const char *path, enum db_prepare prepare)
{
	struct db *db = xcalloc(1, sizeof(*db));
	struct buf uri = BUF_INIT;

	db->prepare = prepare;
	library_configure();
	db->path = xstrdup(path);
	uri_file(&uri, path, "immutable=1");
	db->uri = uri.data;
	snprintf(db->problem, sizeof(db->problem), "not opened yet");
	return db;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	handle_close(db->cur);
	free(db->path);
	free(db->uri);
	free(db);
}

/* Logs a problem once per file and message, not every second. */
static void
log_problem(struct db *db, const struct stat *st)
{
	dev_t dev = st != NULL ? st->st_dev : 0;
	ino_t ino = st != NULL ? st->st_ino : 0;

	if (dev == db->bad_dev && ino == db->bad_ino &&
	    strcmp(db->logged, db->problem) == 0)
		return;
	db->bad_dev = dev;
	db->bad_ino = ino;
	memcpy(db->logged, db->problem, sizeof(db->logged));
	if (db->cur != NULL)
		log_warn("database %s: new file not used, keeping the "
		    "current one: %s", db->path, db->problem);
	else
		log_error("database %s: %s", db->path, db->problem);
}

void
db_refresh(struct db *db)
{
	struct stat before, after;
	struct db_handle *dh = NULL;
	long long now = monotonic_ms();
	int attempt;

	/* Without data, every request looks again: it has nothing to keep. */
	if (db->cur != NULL && db->checked && now >= db->checked_ms &&
	    now - db->checked_ms < DB_CHECK_INTERVAL_MS)
		return;
	db->checked = true;
	db->checked_ms = now;
	for (attempt = 0; attempt < DB_OPEN_ATTEMPTS; attempt++) {
		if (stat(db->path, &before) == -1) {
			if (db->cur != NULL)
				return;	/* keep serving what is open */
			snprintf(db->problem, sizeof(db->problem),
			    "no database file (%s)", strerror(errno));
			log_problem(db, NULL);
			return;
		}
		if (db->cur != NULL && before.st_dev == db->cur->dev &&
		    before.st_ino == db->cur->ino)
			return;
		if ((dh = handle_open(db, &before)) == NULL) {
			log_problem(db, &before);
			return;
		}
		/* The name must still be the file that was opened. */
		if (stat(db->path, &after) == 0 &&
		    after.st_dev == before.st_dev &&
		    after.st_ino == before.st_ino)
			break;
		handle_close(dh);
		dh = NULL;
	}
	if (dh == NULL)
		return;
	/* A switch is news; the first open is every CGI request's. */
	if (db->cur != NULL)
		log_info("database %s: new file (inode %llu), serving the "
		    "data of %s", db->path, (unsigned long long)dh->ino,
		    dh->meta.last_update);
	else
		log_debug("database %s: serving the data of %s (inode %llu)",
		    db->path, dh->meta.last_update,
		    (unsigned long long)dh->ino);
	handle_close(db->cur);
	db->cur = dh;
	db->problem[0] = db->logged[0] = '\0';
	db->bad_dev = 0;
	db->bad_ino = 0;
}

void
db_refresh_now(struct db *db)
{
	db->checked = false;
	db_refresh(db);
}

bool
db_ready(const struct db *db)
{
	return db->cur != NULL;
}

const char *
db_problem(const struct db *db)
{
	return db->cur != NULL ? "" : db->problem;
}

const struct db_meta *
db_meta(const struct db *db)
{
	return db->cur != NULL ? &db->cur->meta : NULL;
}

void
db_file(const struct db *db, dev_t *dev, ino_t *ino)
{
	*dev = db->cur != NULL ? db->cur->dev : 0;
	*ino = db->cur != NULL ? db->cur->ino : 0;
}

void
db_version_file(const struct db *db, const char *suffix, struct buf *path)
{
	dev_t dev;
	ino_t ino;

	db_file(db, &dev, &ino);
	buf_reset(path);
	buf_printf(path, "%s" CONTRACT_VERSIONS_SUFFIX "/%llu%s", db->path,
	    (unsigned long long)ino, suffix);
}

/* Copies column i (16 hex digits) into etag; "" when it is not that. */
static void
column_etag(sqlite3_stmt *st, int i, char etag[ETAG_SIZE])
{
	const unsigned char *v = sqlite3_column_text(st, i);
	int n = sqlite3_column_bytes(st, i);

	etag[0] = '\0';
	if (v != NULL && n > 0 && n < ETAG_SIZE) {
		memcpy(etag, v, (size_t)n);
		etag[n] = '\0';
	}
}

/* Copies text column i into out[0..size), "" when NULL or too long. */
static void
column_copy(sqlite3_stmt *st, int i, char *out, size_t size)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	int n = sqlite3_column_bytes(st, i);

	out[0] = '\0';
	if (v != NULL && n > 0 && (size_t)n < size) {
		memcpy(out, v, (size_t)n);
		out[n] = '\0';
	}
}

/* Appends text column i; false when it is NULL. */
static bool
column_append(sqlite3_stmt *st, int i, struct buf *out)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	int n = sqlite3_column_bytes(st, i);

	if (v == NULL || n < 0)
		return false;
	buf_append(out, v, (size_t)n);
	return true;
}

/*
 * Steps statement s of h (prepared: handle_stmt) once, its parameter 1 bound
 * to name, or to key when name is NULL.  DB_OK: a row is there to read;
 * DB_NOT_FOUND: none; DB_ERROR: logged.  Either way the caller ends with
 * finish_statement().
 */
static enum db_result
step_one(struct db_handle *h, enum db_stmt s, const char *name, long long key)
{
	sqlite3_stmt *st = h->stmt[s];
	int rc;

	rc = name != NULL ? sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) :
	    sqlite3_bind_int64(st, 1, key);
	if (rc != SQLITE_OK) {
		db_log(h->h, s, "bind");
		return DB_ERROR;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_DONE)
		return DB_NOT_FOUND;
	if (rc != SQLITE_ROW) {
		db_log(h->h, s, "step");
		return DB_ERROR;
	}
	return DB_OK;
}

/*
 * Runs lookup statement s for key: the etag, the document (column 1)
 * appended to body, *gzip whether it is a stored gzip member (a BLOB; the
 * text otherwise), *count column 2 when count is not NULL.
 */
static enum db_result
lookup_row(struct db *db, enum db_stmt s, long long key, struct buf *body,
    char etag[ETAG_SIZE], bool *gzip, long long *count)
{
	enum db_result result;
	sqlite3_stmt *st;
	const void *member;
	int n;

	if ((st = handle_stmt(db->cur, s)) == NULL)
		return DB_ERROR;
	if ((result = step_one(db->cur, s, NULL, key)) != DB_OK)
		goto out;
	column_etag(st, 0, etag);
	/* The type first: asking for a BLOB's text would copy it. */
	*gzip = sqlite3_column_type(st, 1) == SQLITE_BLOB;
	if (*gzip && (member = sqlite3_column_blob(st, 1)) != NULL &&
	    (n = sqlite3_column_bytes(st, 1)) > 0)
		buf_append(body, member, (size_t)n);
	else if (*gzip || !column_append(st, 1, body)) {
		log_error("NULL document (SQL: %s, key %lld)", db_sql[s], key);
		result = DB_ERROR;
	}
	if (count != NULL)
		*count = sqlite3_column_int64(st, 2);
out:
	finish_statement(st);
	return result;
}

enum db_result
db_lookup(struct db *db, enum db_lookup what, long long key,
    struct buf *json, char etag[ETAG_SIZE])
{
	return db_lookup_count(db, what, key, json, etag, NULL);
}

enum db_result
db_lookup_count(struct db *db, enum db_lookup what, long long key,
    struct buf *json, char etag[ETAG_SIZE], long long *count)
{
	bool gzip;

	if (db->cur == NULL || (unsigned)what >= DB_LOOKUP_MAX)
		return DB_ERROR;
	return lookup_row(db, lookup_stmt[what].text, key, json, etag, &gzip,
	    count);
}

enum db_result
db_lookup_gzip(struct db *db, enum db_lookup what, long long key,
    struct buf *body, char etag[ETAG_SIZE], bool *gzip)
{
	*gzip = false;
	if (db->cur == NULL || (unsigned)what >= DB_LOOKUP_MAX)
		return DB_ERROR;
	if (!db->cur->stored_gzip || lookup_stmt[what].gzip == 0)
		return db_lookup(db, what, key, body, etag);
	return lookup_row(db, lookup_stmt[what].gzip, key, body, etag, gzip,
	    NULL);
}

/*
 * The documents a search returns, by a blob handle kept open on their
 * table and moved from row to row: 2.6 K instructions a document against
 * 4.7 K for a statement's bind, step and reset (callgrind, 2,000 CIS).
 * Only for documents keyed by their table's rowid.
 */
static const char *const doc_table[DB_LOOKUP_MAX] = {
	[DB_MEDICAMENT_CIS] = "api_medicaments",
	[DB_GENERIQUE_GROUP] = "api_generiques",
	[DB_SUBSTANCE_CODE] = "api_substances",
};

enum db_result
db_document_append(struct db *db, enum db_lookup what, long long key,
    struct buf *json)
{
	sqlite3_blob **b;
	char etag[ETAG_SIZE];
	int rc, n;

	if (db->cur == NULL || (unsigned)what >= DB_LOOKUP_MAX)
		return DB_ERROR;
	if (doc_table[what] == NULL)
		return db_lookup(db, what, key, json, etag);
	b = &db->cur->docs[what];
	rc = *b == NULL ? sqlite3_blob_open(db->cur->h, "main",
	    doc_table[what], "json", key, 0, b) :
	    sqlite3_blob_reopen(*b, key);
	if (rc == SQLITE_OK && (n = sqlite3_blob_bytes(*b)) >= 0) {
		buf_reserve(json, (size_t)n);
		if (sqlite3_blob_read(*b, json->data + json->len, n, 0) ==
		    SQLITE_OK) {
			json->len += (size_t)n;
			json->data[json->len] = '\0';
			return DB_OK;
		}
	}
	/*
	 * No such row (an indexed name without a document) or an error: the
	 * handle is spent; the statement tells which, and logs an error.
	 */
	(void)sqlite3_blob_close(*b);
	*b = NULL;
	return db_lookup(db, what, key, json, etag);
}

/* Binds the arguments of list `what` to its statement st. */
static bool
bind_list(sqlite3_stmt *st, enum db_list what, const struct db_list_args *a)
{
	if (sqlite3_bind_int64(st, 1, a->key) != SQLITE_OK)
		return false;
	if (what == DB_LIST_INFORMATIONS)
		return a->day == NULL ||
		    sqlite3_bind_text(st, 2, a->day, -1, SQLITE_STATIC) ==
		    SQLITE_OK;
	return sqlite3_bind_int64(st, 2, a->first) == SQLITE_OK &&
	    sqlite3_bind_int64(st, 3, a->last) == SQLITE_OK;
}

enum db_result
db_list(struct db *db, enum db_list what, const struct db_list_args *args,
    struct buf *out, long long *count)
{
	static const enum db_stmt list_stmt[DB_LIST_MAX] = {
		[DB_LIST_INFORMATIONS] = STMT_INFORMATIONS,
		[DB_LIST_MEDICAMENTS_PAGE] = STMT_PAGE,
		[DB_LIST_SUBSTANCE_PAGE] = STMT_SUBSTANCE_PAGE,
		[DB_LIST_DISPONIBILITES_PAGE] = STMT_DISPONIBILITES_PAGE,
		[DB_LIST_MITM_PAGE] = STMT_MITM_PAGE,
		[DB_LIST_CHANGES_PAGE] = STMT_CHANGES_PAGE,
	};
	enum db_result result = DB_ERROR;
	sqlite3_stmt *st;
	enum db_stmt s;
	bool rows = false;
	int rc;

	*count = 0;
	if (db->cur == NULL || (unsigned)what >= DB_LIST_MAX)
		return DB_ERROR;
	s = list_stmt[what];
	if ((st = handle_stmt(db->cur, s)) == NULL)
		return DB_ERROR;
	if (!bind_list(st, what, args)) {
		db_log(db->cur->h, s, "bind");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows = true;
		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			continue;	/* a medicament without any: [] */
		if (*count > 0)
			buf_putc(out, ',');
		if (!column_append(st, 0, out))
			goto out;
		(*count)++;
	}
	if (rc != SQLITE_DONE) {
		db_log(db->cur->h, s, "step");
		goto out;
	}
	result = rows || what != DB_LIST_INFORMATIONS ? DB_OK : DB_NOT_FOUND;
out:
	finish_statement(st);
	return result;
}

enum db_result
db_span(struct db *db, enum db_span what, long long key, const char *lo,
    const char *hi, long long *first, long long *last)
{
	static const enum db_stmt span_stmt[DB_SPAN_MAX] = {
		[DB_SPAN_DISPONIBILITES] = STMT_DISPONIBILITES_SPAN,
		[DB_SPAN_DISPONIBILITES_STATUT] =
		    STMT_DISPONIBILITES_STATUT_SPAN,
		[DB_SPAN_MITM] = STMT_MITM_SPAN,
		[DB_SPAN_MITM_ATC] = STMT_MITM_ATC_SPAN,
		[DB_SPAN_CHANGES] = STMT_CHANGES_SPAN,
	};
	enum db_result result = DB_ERROR;
	sqlite3_stmt *st;
	enum db_stmt s;

	*first = *last = 0;
	if (db->cur == NULL || (unsigned)what >= DB_SPAN_MAX)
		return DB_ERROR;
	if (what == DB_SPAN_CHANGES && !db->cur->history)
		return DB_OK;	/* no history: empty */
	s = span_stmt[what];
	if ((st = handle_stmt(db->cur, s)) == NULL)
		return DB_ERROR;
	/* Each statement has the parameters it uses: the others are absent. */
	if (((what == DB_SPAN_DISPONIBILITES_STATUT ||
	    what == DB_SPAN_CHANGES) &&
	    sqlite3_bind_int64(st, 1, key) != SQLITE_OK) ||
	    (what == DB_SPAN_MITM_ATC &&
	    (sqlite3_bind_text(st, 2, lo, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, hi, -1, SQLITE_STATIC) != SQLITE_OK))) {
		db_log(db->cur->h, s, "bind");
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_log(db->cur->h, s, "step");
		goto out;
	}
	/* NULL (no row) reads as 0. */
	*first = sqlite3_column_int64(st, 0);
	*last = sqlite3_column_int64(st, 1);
	if (*first < 1 || *last < *first)
		*first = *last = 0;
	result = DB_OK;
out:
	finish_statement(st);
	return result;
}

enum db_result
db_disponibilites_cis(struct db *db, long long cis, db_disponibilite_fn fn,
    void *ctx)
{
	enum db_result result;
	const unsigned char *v;
	sqlite3_stmt *st;
	int rc, n;

	if (db->cur == NULL)
		return DB_ERROR;
	if ((st = handle_stmt(db->cur, STMT_DISPONIBILITES_CIS)) == NULL)
		return DB_ERROR;
	if ((result = step_one(db->cur, STMT_DISPONIBILITES_CIS, NULL, cis)) !=
	    DB_OK) {
		finish_statement(st);
		return result == DB_NOT_FOUND ? DB_OK : result;
	}
	do {
		v = sqlite3_column_text(st, 1);
		n = sqlite3_column_bytes(st, 1);
		if (v == NULL || n < 0) {
			log_error("NULL document in api_disponibilites");
			result = DB_ERROR;
			goto out;
		}
		fn(ctx, sqlite3_column_int64(st, 0), (const char *)v,
		    (size_t)n);
	} while ((rc = sqlite3_step(st)) == SQLITE_ROW);
	if (rc != SQLITE_DONE) {
		db_log(db->cur->h, STMT_DISPONIBILITES_CIS, "step");
		result = DB_ERROR;
	}
out:
	finish_statement(st);
	return result;
}

enum db_result
db_export(struct db *db, db_row_fn fn, void *ctx)
{
	enum db_result result = DB_ERROR;
	const unsigned char *v;
	sqlite3_stmt *st;
	int rc, n;

	if (db->cur == NULL)
		return DB_ERROR;
	if ((st = handle_stmt(db->cur, STMT_EXPORT)) == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = sqlite3_column_text(st, 0);
		n = sqlite3_column_bytes(st, 0);
		if (v == NULL || n < 0) {
			log_error("NULL document in api_medicaments");
			goto out;
		}
		if (!fn(ctx, (const char *)v, (size_t)n)) {
			result = DB_OK;	/* the caller stopped: not an error */
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		db_log(db->cur->h, STMT_EXPORT, "step");
		goto out;
	}
	result = DB_OK;
out:
	sqlite3_reset(st);
	return result;
}

enum db_result
db_search(struct db *db, enum db_index index, const char *fts, db_hit_fn fn,
    void *ctx)
{
	static const enum db_stmt search[DB_INDEX_MAX][2] = {
		[DB_INDEX_MEDICAMENTS] = { STMT_SCAN_MEDICAMENTS,
		    STMT_SEARCH_MEDICAMENTS },
		[DB_INDEX_GENERIQUES] = { STMT_SCAN_GENERIQUES,
		    STMT_SEARCH_GENERIQUES },
		[DB_INDEX_SUBSTANCES] = { STMT_SCAN_SUBSTANCES,
		    STMT_SEARCH_SUBSTANCES },
	};
	enum db_result result = DB_ERROR;
	const unsigned char *name;
	sqlite3_stmt *st;
	enum db_stmt s;
	int rc, n;

	if (db->cur == NULL || (unsigned)index >= DB_INDEX_MAX)
		return DB_ERROR;
	s = search[index][fts != NULL];
	if ((st = handle_stmt(db->cur, s)) == NULL)
		return DB_ERROR;
	/* The expression is data, never SQL: always a bound parameter. */
	if (fts != NULL && sqlite3_bind_text(st, 1, fts, -1,
	    SQLITE_TRANSIENT) != SQLITE_OK) {
		db_log(db->cur->h, s, "bind");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		name = sqlite3_column_text(st, 1);
		n = sqlite3_column_bytes(st, 1);
		if (name == NULL || n < 0)
			continue;
		if (!fn(ctx, sqlite3_column_int64(st, 0), (const char *)name,
		    (size_t)n, sqlite3_column_int64(st, 2))) {
			result = DB_OK;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		db_log(db->cur->h, s, "step");
		goto out;
	}
	result = DB_OK;
out:
	finish_statement(st);
	return result;
}

enum db_result
db_trigram_count(struct db *db, enum db_index index, const char *t,
    size_t n, long long *count)
{
	static const enum db_stmt trigrams[DB_INDEX_MAX] = {
		[DB_INDEX_MEDICAMENTS] = STMT_TRIGRAMS_MEDICAMENTS,
		[DB_INDEX_GENERIQUES] = STMT_TRIGRAMS_GENERIQUES,
		[DB_INDEX_SUBSTANCES] = STMT_TRIGRAMS_SUBSTANCES,
	};
	enum db_result result = DB_ERROR;
	enum db_stmt s;
	sqlite3_stmt *st;
	int rc;

	if (db->cur == NULL || (unsigned)index >= DB_INDEX_MAX ||
	    n > INT_MAX)
		return DB_ERROR;
	if (trigram_cache_get(db->cur->trigrams, index, t, n, count))
		return *count > 0 ? DB_OK : DB_NOT_FOUND;
	if (db->cur->trigrams == NULL)
		db->cur->trigrams = trigram_cache_new();
	s = trigrams[index];
	if ((st = handle_stmt(db->cur, s)) == NULL)
		return DB_ERROR;
	if (sqlite3_bind_text(st, 1, t, (int)n, SQLITE_STATIC) != SQLITE_OK) {
		db_log(db->cur->h, s, "bind");
		goto out;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		result = DB_OK;
	} else if (rc == SQLITE_DONE)
		result = DB_NOT_FOUND;
	else
		db_log(db->cur->h, s, "step");
	if (result != DB_ERROR)
		trigram_cache_put(db->cur->trigrams, index, t, n,
		    result == DB_OK ? *count : 0);
out:
	finish_statement(st);
	return result;
}

enum db_result
db_document_open(struct db *db, const char *name, struct db_document *doc)
{
	enum db_result result;
	const unsigned char *ct;
	sqlite3_stmt *st;
	sqlite3_blob *blob = NULL;
	sqlite3_int64 rowid;

	memset(doc, 0, sizeof(*doc));
	if (db->cur == NULL)
		return DB_ERROR;
	if ((st = handle_stmt(db->cur, STMT_DOCUMENT)) == NULL)
		return DB_ERROR;
	if ((result = step_one(db->cur, STMT_DOCUMENT, name, 0)) != DB_OK)
		goto out;
	rowid = sqlite3_column_int64(st, 0);
	column_etag(st, 1, doc->etag);
	if ((ct = sqlite3_column_text(st, 2)) != NULL)
		snprintf(doc->content_type, sizeof(doc->content_type), "%s",
		    (const char *)ct);
	doc->octets_decompresses = sqlite3_column_int64(st, 3);
	doc->size = sqlite3_column_int64(st, 4);
	if (sqlite3_blob_open(db->cur->h, "main", "api_documents", "contenu",
	    rowid, 0, &blob) != SQLITE_OK) {
		log_error("sqlite3_blob_open api_documents %s: %s", name,
		    sqlite3_errmsg(db->cur->h));
		sqlite3_blob_close(blob);
		result = DB_ERROR;
		goto out;
	}
	doc->size = sqlite3_blob_bytes(blob);
	doc->blob = blob;
out:
	finish_statement(st);
	return result;
}

enum db_result
db_document_read(struct db_document *doc, void *buf, int n, int offset)
{
	int rc;

	if (doc->blob == NULL)
		return DB_ERROR;
	if ((rc = sqlite3_blob_read(doc->blob, buf, n, offset)) != SQLITE_OK) {
		log_error("sqlite3_blob_read: %s", sqlite3_errstr(rc));
		return DB_ERROR;
	}
	return DB_OK;
}

void
db_document_close(struct db_document *doc)
{
	if (doc->blob != NULL && sqlite3_blob_close(doc->blob) != SQLITE_OK)
		log_error("sqlite3_blob_close failed");
	doc->blob = NULL;
}

enum db_result
db_document_text(struct db *db, const char *name, struct buf *out,
    char *etag)
{
	enum db_result result;
	const void *v;
	sqlite3_stmt *st;
	int n;

	if (db->cur == NULL)
		return DB_ERROR;
	if ((st = handle_stmt(db->cur, STMT_DOCUMENT_CONTENT)) == NULL)
		return DB_ERROR;
	if ((result = step_one(db->cur, STMT_DOCUMENT_CONTENT, name, 0)) !=
	    DB_OK)
		goto out;
	if (etag != NULL)
		column_etag(st, 0, etag);
	v = sqlite3_column_blob(st, 1);
	n = sqlite3_column_bytes(st, 1);
	if (n > 0 && v == NULL)
		result = DB_ERROR;
	else if (n > 0)
		buf_append(out, v, (size_t)n);
out:
	finish_statement(st);
	return result;
}

const char *
db_table_name(enum db_table t)
{
	return (unsigned)t < DB_TABLE_MAX ? db_table_names[t] : "";
}

enum db_result
db_table_rows(struct db *db, long long rows[DB_TABLE_MAX])
{
	struct db_handle *dh = db->cur;
	sqlite3_stmt *st;
	int i;

	if (dh == NULL)
		return DB_ERROR;
	if (!dh->rows_counted) {
		if ((st = handle_stmt(dh, STMT_TABLE_ROWS)) == NULL)
			return DB_ERROR;
		if (sqlite3_step(st) != SQLITE_ROW) {
			db_log(dh->h, STMT_TABLE_ROWS, "step");
			sqlite3_reset(st);
			return DB_ERROR;
		}
		for (i = 0; i < DB_TABLE_MAX; i++)
			dh->rows[i] = sqlite3_column_int64(st, i);
		sqlite3_reset(st);
		dh->rows_counted = true;
	}
	memcpy(rows, dh->rows, sizeof(dh->rows));
	return DB_OK;
}

/* Statement s, ready: the database has a vocabulary.  NULL otherwise. */
static sqlite3_stmt *
vocabulary_stmt(struct db *db, enum db_stmt s, enum db_result *result)
{
	*result = DB_ERROR;
	if (db->cur == NULL)
		return NULL;
	if (!db->cur->vocabulary) {
		*result = DB_NOT_FOUND;
		return NULL;
	}
	return handle_stmt(db->cur, s);
}

enum db_result
db_vocabulary_prefix(struct db *db, enum db_index index, const char *w,
    size_t n)
{
	enum db_result result;
	sqlite3_stmt *st;
	char after[64];
	int rc;

	if ((unsigned)index >= DB_INDEX_MAX || n == 0 || n >= sizeof(after))
		return DB_ERROR;
	if ((st = vocabulary_stmt(db, STMT_VOCABULARY_PREFIX, &result)) ==
	    NULL)
		return result;
	/* The first string after every one starting with w: its last
	 * letter, one more ('z' + 1 is '{'). */
	memcpy(after, w, n);
	after[n - 1]++;
	if (sqlite3_bind_text(st, 1, w, (int)n, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, after, (int)n, SQLITE_STATIC) !=
	    SQLITE_OK) {
		db_log(db->cur->h, STMT_VOCABULARY_PREFIX, "bind");
		finish_statement(st);
		return DB_ERROR;
	}
	result = DB_NOT_FOUND;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_int64(st, (int)index) > 0) {
			result = DB_OK;
			break;
		}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db->cur->h, STMT_VOCABULARY_PREFIX, "step");
		result = DB_ERROR;
	}
	finish_statement(st);
	return result;
}

/*
 * A bucket is a row read by its rowid, as the documents are: a blob
 * handle moved from row to row costs a third of a statement's step
 * (searching a word of ten letters reads some fifty buckets).  A bucket
 * without a row leaves the handle spent; the statement then says so.
 */
enum db_result
db_vocabulary_bucket(struct db *db, uint32_t bucket, struct buf *out)
{
	enum db_result result;
	sqlite3_blob **b;
	sqlite3_stmt *st;
	int rc, n;

	if ((st = vocabulary_stmt(db, STMT_VOCABULARY_BUCKET, &result)) ==
	    NULL)
		return result;
	b = &db->cur->buckets;
	rc = *b == NULL ? sqlite3_blob_open(db->cur->h, "main",
	    "vocabulaire_cles", "paires", bucket, 0, b) :
	    sqlite3_blob_reopen(*b, bucket);
	if (rc == SQLITE_OK && (n = sqlite3_blob_bytes(*b)) >= 0) {
		buf_reserve(out, (size_t)n);
		if (sqlite3_blob_read(*b, out->data + out->len, n, 0) ==
		    SQLITE_OK) {
			out->len += (size_t)n;
			return DB_OK;
		}
	}
	(void)sqlite3_blob_close(*b);
	*b = NULL;
	if (sqlite3_bind_int64(st, 1, bucket) != SQLITE_OK) {
		db_log(db->cur->h, STMT_VOCABULARY_BUCKET, "bind");
		finish_statement(st);
		return DB_ERROR;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_append(out, sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
		result = DB_OK;
	} else if (rc == SQLITE_DONE)
		result = DB_NOT_FOUND;
	else {
		db_log(db->cur->h, STMT_VOCABULARY_BUCKET, "step");
		result = DB_ERROR;
	}
	finish_statement(st);
	return result;
}

enum db_result
db_vocabulary_word(struct db *db, enum db_index index, uint32_t id,
    struct buf *text, long long *names)
{
	enum db_result result;
	sqlite3_stmt *st;
	int rc;

	if ((unsigned)index >= DB_INDEX_MAX)
		return DB_ERROR;
	if ((st = vocabulary_stmt(db, STMT_VOCABULARY_WORD, &result)) == NULL)
		return result;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK) {
		db_log(db->cur->h, STMT_VOCABULARY_WORD, "bind");
		finish_statement(st);
		return DB_ERROR;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_append(text, sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
		*names = sqlite3_column_int64(st, 1 + (int)index);
		result = DB_OK;
	} else if (rc == SQLITE_DONE)
		result = DB_NOT_FOUND;
	else {
		db_log(db->cur->h, STMT_VOCABULARY_WORD, "step");
		result = DB_ERROR;
	}
	finish_statement(st);
	return result;
}

enum db_result
db_history(struct db *db, struct db_history *h)
{
	struct db_handle *dh = db->cur;
	sqlite3_stmt *st;
	bool ok;

	memset(h, 0, sizeof(*h));
	if (dh == NULL)
		return DB_ERROR;
	if (!dh->feed_read && dh->history) {
		if ((st = handle_stmt(dh, STMT_HISTORY)) == NULL)
			return DB_ERROR;
		if ((ok = sqlite3_step(st) == SQLITE_ROW)) {
			dh->feed.first = sqlite3_column_int64(st, 0);
			dh->feed.last = sqlite3_column_int64(st, 1);
			column_copy(st, 2, dh->feed.newest,
			    sizeof(dh->feed.newest));
		} else
			db_log(dh->h, STMT_HISTORY, "step");
		finish_statement(st);
		if (!ok)
			return DB_ERROR;
	}
	dh->feed_read = true;
	*h = dh->feed;
	return DB_OK;
}

/* Binds a filter of the history's statements (CHANGES_FILTER). */
static bool
bind_filter(sqlite3_stmt *st, long long from,
    const struct db_changes_filter *f)
{
	return sqlite3_bind_int64(st, 1, from) == SQLITE_OK &&
	    sqlite3_bind_int64(st, 2, f->types) == SQLITE_OK &&
	    (f->change == NULL || sqlite3_bind_text(st, 3, f->change, -1,
	    SQLITE_STATIC) == SQLITE_OK);
}

/* The code of a change ("added": 1, "removed": 2, "modified": 3), 0: none. */
static uint32_t
change_code(const char *change)
{
	if (change == NULL)
		return 0;
	return strcmp(change, "added") == 0 ? 1 :
	    strcmp(change, "removed") == 0 ? 2 : 3;
}

/*
 * The index of the history (struct change_index), read now if it was not:
 * NULL when it cannot serve (a gap in the ids, or a failure, logged).
 */
static const struct change_index *
change_index(struct db_handle *dh)
{
	struct change_index *ci = &dh->changes;
	const unsigned char *change;
	sqlite3_stmt *st;
	size_t cap = 0;
	long long id;
	int rc;

	if (ci->read)
		return ci->bits != NULL ? ci : NULL;
	ci->read = true;
	if ((st = handle_stmt(dh, STMT_CHANGES_INDEX)) == NULL)
		return NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (ci->n == 0)
			ci->first = id;
		if (id != ci->first + (long long)ci->n) {
			log_warn("changes: id %lld after %lld: a gap, the "
			    "filters read the table", id,
			    ci->first + (long long)ci->n - 1);
			break;
		}
		if (ci->n == cap) {
			cap = cap == 0 ? 1024 : cap * 2;
			ci->bits = xreallocarray(ci->bits, cap,
			    sizeof(*ci->bits));
		}
		change = sqlite3_column_text(st, 2);
		ci->bits[ci->n++] = ((uint32_t)sqlite3_column_int64(st, 1) &
		    ((1u << CHANGE_CODE_SHIFT) - 1)) |
		    change_code((const char *)change) << CHANGE_CODE_SHIFT;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		db_log(dh->h, STMT_CHANGES_INDEX, "step");
	finish_statement(st);
	if (rc != SQLITE_DONE || ci->n == 0) {
		free(ci->bits);
		ci->bits = NULL;
		ci->n = 0;
		return NULL;
	}
	return ci;
}

static inline bool
change_passes(uint32_t bits, uint32_t types, uint32_t code)
{
	return (types == 0 || (bits & types) != 0) &&
	    (code == 0 || bits >> CHANGE_CODE_SHIFT == code);
}

/* The index of id from in ci->bits, within [0, n]. */
static size_t
change_start(const struct change_index *ci, long long from)
{
	if (from <= ci->first)
		return 0;
	return from - ci->first >= (long long)ci->n ? ci->n :
	    (size_t)(from - ci->first);
}

/* The positions of the changes passing a filter from start (ci->memo). */
static void
change_matches(struct change_index *ci, uint32_t types, uint32_t code,
    size_t start)
{
	size_t i, n = 0;

	if (ci->memo != NULL && ci->memo_types == types &&
	    ci->memo_code == code && ci->memo_start == start)
		return;
	if (ci->memo == NULL)
		ci->memo = xreallocarray(NULL, ci->n, sizeof(*ci->memo));
	for (i = start; i < ci->n; i++)
		if (change_passes(ci->bits[i], types, code))
			ci->memo[n++] = (uint32_t)i;
	ci->memo_types = types;
	ci->memo_code = code;
	ci->memo_start = start;
	ci->memo_n = n;
}

enum db_result
db_changes_count(struct db *db, long long from,
    const struct db_changes_filter *f, long long *count)
{
	struct change_index *ci;
	enum db_result result = DB_ERROR;
	sqlite3_stmt *st;

	*count = 0;
	if (db->cur == NULL)
		return DB_ERROR;
	if (!db->cur->history)
		return DB_OK;
	if (change_index(db->cur) != NULL) {
		ci = &db->cur->changes;
		change_matches(ci, f->types, change_code(f->change),
		    change_start(ci, from));
		*count = (long long)ci->memo_n;
		return DB_OK;
	}
	if ((st = handle_stmt(db->cur, STMT_CHANGES_COUNT)) == NULL)
		return DB_ERROR;
	if (!bind_filter(st, from, f)) {
		db_log(db->cur->h, STMT_CHANGES_COUNT, "bind");
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_log(db->cur->h, STMT_CHANGES_COUNT, "step");
		goto out;
	}
	*count = sqlite3_column_int64(st, 0);
	result = DB_OK;
out:
	finish_statement(st);
	return result;
}

/*
 * The JSON of change id into json (reset), by a blob handle moved from
 * row to row, as db_document_append reads documents.
 */
static enum db_result
change_json(struct db_handle *dh, long long id, struct buf *json)
{
	sqlite3_blob **b = &dh->change_json;
	int rc, n;

	buf_reset(json);
	rc = *b == NULL ? sqlite3_blob_open(dh->h, "main", "changes", "json",
	    id, 0, b) : sqlite3_blob_reopen(*b, id);
	if (rc == SQLITE_OK && (n = sqlite3_blob_bytes(*b)) >= 0) {
		buf_reserve(json, (size_t)n);
		if (sqlite3_blob_read(*b, json->data, n, 0) == SQLITE_OK) {
			json->len = (size_t)n;
			json->data[n] = '\0';
			return DB_OK;
		}
	}
	log_error("changes.json of id %lld: %s", id, sqlite3_errmsg(dh->h));
	(void)sqlite3_blob_close(*b);
	*b = NULL;
	return DB_ERROR;
}

/* db_changes_read from the index: the changes passing, read by id. */
static enum db_result
changes_read_index(struct db_handle *dh, struct change_index *ci,
    enum db_changes_order order, long long from,
    const struct db_changes_filter *f, long long offset, long long limit,
    db_change_fn fn, void *ctx)
{
	struct buf json = BUF_INIT;
	enum db_result result = DB_OK;
	long long id;
	size_t k;

	change_matches(ci, f->types, change_code(f->change),
	    change_start(ci, from));
	for (k = (size_t)offset; k < ci->memo_n && limit > 0; k++, limit--) {
		id = ci->first + ci->memo[order == DB_CHANGES_NEWEST ?
		    ci->memo_n - 1 - k : k];
		if ((result = change_json(dh, id, &json)) != DB_OK)
			break;
		fn(ctx, id, json.data, json.len);
	}
	buf_free(&json);
	return result;
}

enum db_result
db_changes_read(struct db *db, enum db_changes_order order, long long from,
    const struct db_changes_filter *f, long long offset, long long limit,
    db_change_fn fn, void *ctx)
{
	enum db_stmt s = order == DB_CHANGES_NEWEST ? STMT_CHANGES_NEWEST :
	    STMT_CHANGES_OLDEST;
	enum db_result result = DB_ERROR;
	const unsigned char *v;
	sqlite3_stmt *st;
	int rc, n;

	if (db->cur == NULL)
		return DB_ERROR;
	if (!db->cur->history)
		return DB_OK;
	if (change_index(db->cur) != NULL)
		return changes_read_index(db->cur, &db->cur->changes, order,
		    from, f, offset, limit, fn, ctx);
	if ((st = handle_stmt(db->cur, s)) == NULL)
		return DB_ERROR;
	if (!bind_filter(st, from, f) ||
	    sqlite3_bind_int64(st, 4, offset) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, limit) != SQLITE_OK) {
		db_log(db->cur->h, s, "bind");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = sqlite3_column_text(st, 1);
		n = sqlite3_column_bytes(st, 1);
		if (v == NULL || n < 0) {
			log_error("NULL document in changes");
			goto out;
		}
		fn(ctx, sqlite3_column_int64(st, 0), (const char *)v,
		    (size_t)n);
	}
	if (rc != SQLITE_DONE) {
		db_log(db->cur->h, s, "step");
		goto out;
	}
	result = DB_OK;
out:
	finish_statement(st);
	return result;
}

/*
 * Steps st (bound), calling fn with each row's text column 0; DB_OK
 * when every row was read or fn stopped, *rows of them.
 */
static enum db_result
rows_each(struct db_handle *dh, enum db_stmt s, db_row_fn fn, void *ctx,
    long long *rows)
{
	sqlite3_stmt *st = dh->stmt[s];
	const unsigned char *v;
	int rc, n;

	*rows = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = sqlite3_column_text(st, 0);
		n = sqlite3_column_bytes(st, 0);
		if (v == NULL || n < 0) {
			log_error("NULL document (SQL: %s)", db_sql[s]);
			return DB_ERROR;
		}
		(*rows)++;
		if (!fn(ctx, (const char *)v, (size_t)n))
			return DB_OK;
	}
	if (rc != SQLITE_DONE) {
		db_log(dh->h, s, "step");
		return DB_ERROR;
	}
	return DB_OK;
}

/* db_row_fn appending a document to a comma-separated list. */
struct row_list {
	struct buf	*out;
	long long	 count;
};

static bool
row_list_add(void *ctx, const char *json, size_t len)
{
	struct row_list *l = ctx;

	if (l->count++ > 0)
		buf_putc(l->out, ',');
	buf_append(l->out, json, len);
	return true;
}

enum db_result
db_changes_cis(struct db *db, long long cis, struct buf *out,
    long long *count)
{
	struct row_list l = { out, 0 };
	enum db_result result = DB_OK;
	sqlite3_stmt *st;
	long long rows;

	*count = 0;
	if (db->cur == NULL)
		return DB_ERROR;
	if (db->cur->history) {
		if ((st = handle_stmt(db->cur, STMT_CHANGES_CIS)) == NULL)
			return DB_ERROR;
		if (sqlite3_bind_int64(st, 1, cis) != SQLITE_OK) {
			db_log(db->cur->h, STMT_CHANGES_CIS, "bind");
			result = DB_ERROR;
		} else
			result = rows_each(db->cur, STMT_CHANGES_CIS,
			    row_list_add, &l, &rows);
		finish_statement(st);
		*count = l.count;
		if (result != DB_OK || l.count > 0)
			return result;
	}
	/* No history: [] for a medicament, 404 for no such CIS. */
	if ((st = handle_stmt(db->cur, STMT_MEDICAMENT_EXISTS)) == NULL)
		return DB_ERROR;
	result = step_one(db->cur, STMT_MEDICAMENT_EXISTS, NULL, cis);
	finish_statement(st);
	return result;
}

enum db_result
db_publications(struct db *db, struct buf *out, long long *count)
{
	struct row_list l = { out, 0 };
	enum db_result result;
	sqlite3_stmt *st;
	long long rows;

	*count = 0;
	if (db->cur == NULL)
		return DB_ERROR;
	if (!db->cur->history)
		return DB_OK;
	if ((st = handle_stmt(db->cur, STMT_PUBLICATIONS)) == NULL)
		return DB_ERROR;
	result = rows_each(db->cur, STMT_PUBLICATIONS, row_list_add, &l,
	    &rows);
	finish_statement(st);
	*count = l.count;
	return result;
}
