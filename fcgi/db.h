/*
 * The database, read-only: every sqlite3 call of the worker is in db.c.
 *
 * A published database file is never modified, only replaced by rename(2),
 * so it is opened immutable and its statements are prepared once.  Between
 * requests (db_refresh) the worker notices, at most about once a second, that
 * DB_PATH names a new file and switches to it; a missing or broken file
 * never replaces a good one, and without any good one the worker keeps
 * trying while every data endpoint answers 503.
 */
#ifndef MEDICAMENTS_FCGI_DB_H
#define MEDICAMENTS_FCGI_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "conditional.h"

struct db;

enum db_result {
	DB_OK,
	DB_NOT_FOUND,
	DB_ERROR,		/* logged with the SQL; the client gets 500 */
};

/* What the updater wrote in `meta`, read once per opened file. */
struct db_meta {
	char		last_update[64];	/* ISO 8601 with offset */
	long long	last_update_epoch;
	char		data_etag[ETAG_SIZE];
	long long	medicaments_count;	/* CIS_bdpm rows */
	long long	generiques_count;	/* generic groups */
	long long	page_items;		/* rows of api_medicaments */
};

/* Lookups of one stored document by key. */
enum db_lookup {
	DB_MEDICAMENT_CIS,
	DB_MEDICAMENT_CIP7,	/* the medicament owning the presentation */
	DB_MEDICAMENT_CIP13,
	DB_PRESENTATION_CIP7,
	DB_PRESENTATION_CIP13,
	DB_GENERIQUE_GROUP,
	/* the CIS's array; [] for a medicament without any, else 404 */
	DB_MEDICAMENT_DISPONIBILITES,
	DB_MEDICAMENT_MITM,
	DB_AVIS_CIS,		/* /v1/medicaments/{cis}/avis */
	DB_SUBSTANCE_CODE,	/* a substance; db_lookup_count: its medicaments */
	DB_LOOKUP_MAX
};

/* The two search indexes. */
enum db_index {
	DB_INDEX_MEDICAMENTS,	/* id = CIS, order = page order (ligne) */
	DB_INDEX_GENERIQUES,	/* id = order = group id */
	DB_INDEX_SUBSTANCES,	/* id = code, order = by name (ligne) */
	DB_INDEX_MAX
};

/* The tables of the BDPM files, whose rows /metrics reports. */
enum db_table {
	DB_TABLE_MEDICAMENTS,
	DB_TABLE_PRESENTATIONS,
	DB_TABLE_COMPOSITIONS,
	DB_TABLE_GENERIQUES,
	DB_TABLE_CONDITIONS,
	DB_TABLE_AVIS_SMR,
	DB_TABLE_AVIS_ASMR,
	DB_TABLE_LIENS_AVIS_CT,
	DB_TABLE_INFORMATIONS_IMPORTANTES,
	DB_TABLE_DISPONIBILITES,
	DB_TABLE_MITM,
	DB_TABLE_MAX
};

/* A whole document of api_documents, read in pieces. */
struct db_document {
	char		 etag[ETAG_SIZE];
	char		 content_type[64];
	long long	 octets_decompresses;
	long long	 size;		/* bytes of contenu */
	void		*blob;		/* sqlite3_blob * */
};

/* When a file's statements are prepared. */
enum db_prepare {
	/*
	 * All of them as the file is opened, once for the many requests of
	 * a FastCGI worker: also the check that the file has every table
	 * and column the worker reads (a file that fails it never replaces
	 * a good one).
	 */
	DB_PREPARE_ALL,
	/*
	 * Each on its first use: a CGI process answers one request, which
	 * needs one or two of them (preparing all cost it a quarter of its
	 * instructions).  A file without a table is then found by the
	 * request that reads it: logged, 500.
	 */
	DB_PREPARE_LAZY,
};

/* Only remembers the path: the first db_refresh opens. */
struct db *db_new(const char *path, enum db_prepare prepare);
void	db_free(struct db *db);

/* See above.  Cheap when called for every request. */
void	db_refresh(struct db *db);
/* The same without waiting for the second: DB_PATH is looked at now. */
void	db_refresh_now(struct db *db);

/* True when a good database is open. */
bool	db_ready(const struct db *db);
/* Why no database is open (for /health and the logs); "" when ready. */
const char *db_problem(const struct db *db);
/* The open database's meta; only when db_ready. */
const struct db_meta *db_meta(const struct db *db);
/*
 * The device and inode of the open file, only when db_ready: a published
 * file is never modified, so they name its bytes (/v1/database).
 */
void	db_file(const struct db *db, dev_t *dev, ino_t *ino);

/*
 * Sets path to DB_PATH.versions/INODE<suffix>: the updater's file of that
 * suffix beside the open file's version link (common/contract.h).
 */
void	db_version_file(const struct db *db, const char *suffix,
	    struct buf *path);

/*
 * Reads the document found by key: its JSON appended to json, its etag into
 * etag.
 */
enum db_result db_lookup(struct db *db, enum db_lookup what, long long key,
	    struct buf *json, char etag[ETAG_SIZE]);

/*
 * db_lookup for a client that takes gzip: the document's stored gzip
 * member (schema.sql `json_gz`) appended to body and *gzip true, else, as
 * db_lookup, its JSON and *gzip false (a document too short for gzip to
 * pay, or a file of the schema before the stored members).
 */
enum db_result db_lookup_gzip(struct db *db, enum db_lookup what,
	    long long key, struct buf *body, char etag[ETAG_SIZE], bool *gzip);

/*
 * Appends the document of `what` for key, as db_lookup does without its
 * etag, cheaper when read one after another (a search's results).
 */
enum db_result db_document_append(struct db *db, enum db_lookup what,
	    long long key, struct buf *json);
/* db_lookup, with the row's count (api_substances.medicaments) in *count. */
enum db_result db_lookup_count(struct db *db, enum db_lookup what,
	    long long key, struct buf *json, char etag[ETAG_SIZE],
	    long long *count);

/* Lists of documents read with one statement (db_list). */
enum db_list {
	/*
	 * The safety information of CIS key, newest first; with day
	 * ("YYYY-MM-DD"), only those in force that day.
	 */
	DB_LIST_INFORMATIONS,
	/* The medicaments ranked first..last (their page order; key unused). */
	DB_LIST_MEDICAMENTS_PAGE,
	/* The medicaments of substance key ranked first..last. */
	DB_LIST_SUBSTANCE_PAGE,
	/* The shortages, the MITM ranked first..last (db_span; key unused). */
	DB_LIST_DISPONIBILITES_PAGE,
	DB_LIST_MITM_PAGE,
	/* The changes of ids first..last (db_span DB_SPAN_CHANGES). */
	DB_LIST_CHANGES_PAGE,
	DB_LIST_MAX
};

struct db_list_args {
	long long	 key;
	long long	 first, last;	/* the pages' ranks */
	const char	*day;		/* DB_LIST_INFORMATIONS, or NULL */
};

/*
 * Appends the documents of list `what`, comma-separated; *count says how
 * many.  DB_NOT_FOUND: DB_LIST_INFORMATIONS of a CIS not in CIS_bdpm.
 */
enum db_result db_list(struct db *db, enum db_list what,
	    const struct db_list_args *args, struct buf *out,
	    long long *count);

/*
 * The paged lists beyond the medicaments (schema.sql): documents ranked
 * 1..N, so that a page, of the whole list or of one filter, is a range of
 * ranks, read by db_list.  db_span finds that range: the whole list's, one
 * statut's (key), or the ATC codes' in [lo, hi); 0 and 0 when empty.
 * Seeks only.
 */
enum db_span {
	DB_SPAN_DISPONIBILITES,		/* (code statut, file) order */
	DB_SPAN_DISPONIBILITES_STATUT,
	DB_SPAN_MITM,			/* in (ATC code, file) order */
	DB_SPAN_MITM_ATC,
	/*
	 * The changes of the publications after Unix time key, by id: the
	 * updater numbers them without gaps in feed order (doc/changes.md),
	 * and drops only the oldest publications.  0 and 0 before schema 10.
	 */
	DB_SPAN_CHANGES,
	DB_SPAN_MAX
};
enum db_result db_span(struct db *db, enum db_span what, long long key,
	    const char *lo, const char *hi, long long *first, long long *last);

/* Called with each shortage of a CIS in turn, with its statut code. */
typedef void (*db_disponibilite_fn)(void *ctx, long long statut,
	    const char *json, size_t len);
/* The shortages of one CIS (a few rows), in list order. */
enum db_result db_disponibilites_cis(struct db *db, long long cis,
	    db_disponibilite_fn fn, void *ctx);

/* Called with each document in turn; returns false to stop. */
typedef bool (*db_row_fn)(void *ctx, const char *json, size_t len);
/* Every medicament document in page order (the export). */
enum db_result db_export(struct db *db, db_row_fn fn, void *ctx);

/* Called with each candidate of a search; returns false to stop. */
typedef bool (*db_hit_fn)(void *ctx, long long id, const char *name,
	    size_t len, long long order);
/*
 * Candidates of a search: the rows of the index matching the FTS5
 * expression fts (bound as a parameter), or every row when fts is NULL.
 */
enum db_result db_search(struct db *db, enum db_index index,
	    const char *fts, db_hit_fn fn, void *ctx);
/*
 * How many names of the index hold trigram t[0..n) (its trigrammes_* table),
 * in *count; DB_NOT_FOUND when none does.
 */
enum db_result db_trigram_count(struct db *db, enum db_index index,
	    const char *t, size_t n, long long *count);

/*
 * The vocabulary of the names (schema.sql vocabulaire, vocabulaire_cles),
 * read by search_correct.c; DB_NOT_FOUND from a database without one
 * (schema 8 and before: no corrections).
 *
 * db_vocabulary_prefix: DB_OK when a word of the names of the index
 * starts with w[0..n) (letters a to z).  db_vocabulary_bucket: the pairs
 * of the index of corrections' bucket, appended to out.  db_vocabulary_word:
 * word id into text, and how many names of the index hold it in *names.
 */
enum db_result db_vocabulary_prefix(struct db *db, enum db_index index,
	    const char *w, size_t n);
enum db_result db_vocabulary_bucket(struct db *db, uint32_t bucket,
	    struct buf *out);
enum db_result db_vocabulary_word(struct db *db, enum db_index index,
	    uint32_t id, struct buf *text, long long *names);

/*
 * The change feed (schema.sql publications, changes; schema 10 on: an
 * older database has no history, and every call below answers it empty).
 */
struct db_history {
	long long	 first, last;	/* the publications' ids; 0: none */
	char		 newest[64];	/* the last one's publiee_le, or "" */
};
/* Read once per opened file. */
enum db_result db_history(struct db *db, struct db_history *h);

/* Which changes: of any of the types (0: any), of one change or any. */
struct db_changes_filter {
	uint32_t	 types;
	const char	*change;	/* added, removed, modified, or NULL */
};
/* How many changes of ids from on pass the filter. */
enum db_result db_changes_count(struct db *db, long long from,
	    const struct db_changes_filter *f, long long *count);
enum db_changes_order {
	DB_CHANGES_OLDEST,	/* the feed's order, /v1/changes's */
	DB_CHANGES_NEWEST,	/* the Atom feed's */
};
/* Called with each change in turn, its id and its JSON. */
typedef void (*db_change_fn)(void *ctx, long long id, const char *json,
	    size_t len);
/*
 * Calls fn with the changes of ids from on that pass the filter, in that
 * order, skipping offset of them, at most limit.
 */
enum db_result db_changes_read(struct db *db, enum db_changes_order order,
	    long long from, const struct db_changes_filter *f,
	    long long offset, long long limit, db_change_fn fn, void *ctx);
/*
 * The changes of CIS cis, newest first, comma-separated into out
 * (*count of them); DB_NOT_FOUND for a CIS neither in CIS_bdpm nor in the
 * history.
 */
enum db_result db_changes_cis(struct db *db, long long cis, struct buf *out,
	    long long *count);
/* Every publication's JSON, newest first, comma-separated into out. */
enum db_result db_publications(struct db *db, struct buf *out,
	    long long *count);

/* Opens the api_documents row `name` for db_document_read. */
enum db_result db_document_open(struct db *db, const char *name,
	    struct db_document *doc);
/* Reads n bytes of the document at offset. */
enum db_result db_document_read(struct db_document *doc, void *buf, int n,
	    int offset);
void	db_document_close(struct db_document *doc);

/* The SQL name of table t ("avis_smr"). */
const char *db_table_name(enum db_table t);

/*
 * The rows of every table of the open database, counted the first time
 * they are asked for and remembered with the file.  Only when db_ready.
 */
enum db_result db_table_rows(struct db *db, long long rows[DB_TABLE_MAX]);

/* Appends the whole content of a (small) document; etag may be NULL. */
enum db_result db_document_text(struct db *db, const char *name,
	    struct buf *out, char *etag);

#endif
