/*
 * What a publication changed (doc/changes.md, "What is recorded"): the
 * tables of the new database against those of the one it replaces, part
 * by part, each part only when its file's bytes changed.  SQL finds the
 * CIS of each part (db.c, DB_CHANGES_*) into temp.change_bits; the items
 * are then rendered here, in cis order, with what changed in detail.
 */
#include "changes.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "change_types.h"
#include "log.h"
#include "render.h"

/* A part of the medicaments, compared when its file changed. */
struct part {
	enum db_stmt	 stmt;
	uint32_t	 bit;
	const char	*file;
};

static const struct part parts[] = {
	{ DB_CHANGES_FIELDS, CHANGE_FIELDS, "CIS_bdpm.txt" },
	{ DB_CHANGES_PRESENTATIONS, CHANGE_PRESENTATIONS, "CIS_CIP_bdpm.txt" },
	{ DB_CHANGES_PRICES, CHANGE_PRICES, "CIS_CIP_bdpm.txt" },
	{ DB_CHANGES_COMMERCIALISATION, CHANGE_COMMERCIALISATION,
	    "CIS_CIP_bdpm.txt" },
	{ DB_CHANGES_COMPOSITION, CHANGE_COMPOSITION, "CIS_COMPO_bdpm.txt" },
	{ DB_CHANGES_GENERIQUES, CHANGE_GENERIQUES, "CIS_GENER_bdpm.txt" },
	{ DB_CHANGES_CONDITIONS, CHANGE_CONDITIONS, "CIS_CPD_bdpm.txt" },
	/* One type, two files: each compared on its own. */
	{ DB_CHANGES_AVIS_SMR, CHANGE_AVIS, "CIS_HAS_SMR_bdpm.txt" },
	{ DB_CHANGES_AVIS_ASMR, CHANGE_AVIS, "CIS_HAS_ASMR_bdpm.txt" },
	{ DB_CHANGES_INFORMATIONS, CHANGE_INFORMATIONS,
	    "CIS_InfoImportantes.txt" },
	{ DB_CHANGES_MITM_IN, CHANGE_MITM_IN, "CIS_MITM.txt" },
	{ DB_CHANGES_MITM_OUT, CHANGE_MITM_OUT, "CIS_MITM.txt" },
};

#define FIELD_NAME(column, name)	name,
static const char *const field_names[] = { CHANGES_FIELDS(FIELD_NAME) };
#define FIELD_COUNT	(sizeof(field_names) / sizeof(field_names[0]))

/* DB_CHANGES_PRICE_VALUES: cip13, then the old four, then the new four. */
#define PRICE_MEMBERS(first) {						\
	{ "tauxRemboursement", RENDER_TEXT, (first) },			\
	{ "prixSansHonoraires", RENDER_PRICE_OR_NULL, (first) + 1 },	\
	{ "prixAvecHonoraires", RENDER_PRICE_OR_NULL, (first) + 2 },	\
	{ "honoraires", RENDER_PRICE_OR_NULL, (first) + 3 } }
static const struct render_member prices_before[] = PRICE_MEMBERS(1);
static const struct render_member prices_after[] = PRICE_MEMBERS(5);

/* DB_CHANGES_COMMERCIALISATION_VALUES: cip13, the old three, the new. */
#define COMMERCIALISATION_MEMBERS(first) {				\
	{ "statusAdministratif", RENDER_TEXT, (first) },			\
	{ "etatComercialisation", RENDER_TEXT, (first) + 1 },		\
	{ "dateDeclaration", RENDER_TEXT, (first) + 2 } }
static const struct render_member commercialisation_before[] =
    COMMERCIALISATION_MEMBERS(1);
static const struct render_member commercialisation_after[] =
    COMMERCIALISATION_MEMBERS(4);

/* DB_CHANGES_SHORTAGE_*_ROW. */
static const struct render_member shortage_row[] = {
	{ "codeStatut", RENDER_INTEGER, 0 },
	{ "statut", RENDER_TEXT, 1 },
	{ "dateDebut", RENDER_TEXT_OR_NULL, 2 },
	{ "dateMiseAJour", RENDER_TEXT_OR_NULL, 3 },
	{ "dateRemiseDisposition", RENDER_TEXT_OR_NULL, 4 },
	{ "lien", RENDER_TEXT, 5 },
};

#define MEMBERS(a)	(a), sizeof(a) / sizeof((a)[0])

enum count {
	COUNT_ADDED,
	COUNT_REMOVED,
	COUNT_MODIFIED,
	COUNT_GROUPS_ADDED,
	COUNT_GROUPS_REMOVED,
	COUNT_MAX
};

/* This publication's recording. */
struct recording {
	struct db	*db;
	const struct changes_publication *pub;
	int64_t		 publication;	/* its id */
	int64_t		 next_change;	/* the id of its next change */
	int64_t		 counts[COUNT_MAX];
};

/* 1 when file's rows may differ (DB_CHANGES_FILE_CHANGED), -1 on failure. */
static int
file_changed(struct db *db, const char *file)
{
	struct db_value v[] = { DB_TEXT(file) };
	int64_t n = db_integer(db, DB_CHANGES_FILE_CHANGED, DB_VALUES(v));

	return n < 0 ? -1 : n > 0;
}

/* Copies the previous database's history younger than the retention. */
static bool
carry_history(struct recording *rec)
{
	struct db *db = rec->db;
	struct db_value v[] = { DB_INT(rec->pub->epoch -
	    (int64_t)rec->pub->retention_days * 86400) };
	int64_t last_publication, last_change;

	/* A database of schema 9 compares, but has no history to carry. */
	if (!db_previous_has_table(db, "publications")) {
		rec->publication = rec->next_change = 1;
		return true;
	}
	if (!db_run(db, DB_CHANGES_CARRY_PUBLICATIONS, DB_VALUES(v)) ||
	    !db_run(db, DB_CHANGES_CARRY_CHANGES, NULL, 0))
		return false;
	/* Ids go on from the previous ones, even those just dropped. */
	last_publication = db_integer(db, DB_CHANGES_LAST_PUBLICATION, NULL, 0);
	last_change = db_integer(db, DB_CHANGES_LAST_CHANGE, NULL, 0);
	if (last_publication < 0 || last_change < 0)
		return false;
	rec->publication = last_publication + 1;
	rec->next_change = last_change + 1;
	return true;
}

/* Notes in temp.change_bits the CIS of every part whose file changed. */
static bool
compare_parts(struct db *db, bool *cis_bdpm_changed)
{
	size_t i;
	int changed;

	if (!db_register_row_digest(db) ||
	    !db_run(db, DB_CHANGES_TEMP_BITS, NULL, 0) ||
	    !db_run(db, DB_CHANGES_TEMP_SHORTAGES, NULL, 0) ||
	    (changed = file_changed(db, "CIS_bdpm.txt")) < 0)
		return false;
	*cis_bdpm_changed = changed;
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		struct db_value v[] = { DB_INT(parts[i].bit) };

		if ((changed = file_changed(db, parts[i].file)) < 0)
			return false;
		if (changed && !db_run(db, parts[i].stmt, DB_VALUES(v)))
			return false;
	}
	if ((changed = file_changed(db, "CIS_CIP_Dispo_Spec.txt")) < 0)
		return false;
	if (changed) {
		struct db_value v[] = { DB_INT(CHANGE_SHORTAGE_STARTED),
		    DB_INT(CHANGE_SHORTAGE_UPDATED),
		    DB_INT(CHANGE_SHORTAGE_ENDED) };

		if (!db_run(db, DB_CHANGES_SHORTAGE_KEYS, NULL, 0) ||
		    !db_run(db, DB_CHANGES_SHORTAGE_BITS, DB_VALUES(v)))
			return false;
	}
	return true;
}

static struct json_object *
types_array(uint32_t bits)
{
	struct json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < change_type_single_count; i++)
		if (bits & change_type_names[i].bits)
			json_object_array_add(a, json_object_new_string(
			    change_type_names[i].name));
	return a;
}

/* The members every item starts with (doc/changes.md, "An item"). */
static struct json_object *
item_new(const struct recording *rec, sqlite3_stmt *st, bool medicament,
    uint32_t bits)
{
	struct json_object *o = json_object_new_object();
	size_t len;
	const char *change = db_column_text(st, 1, &len);

	json_object_object_add(o, "publication",
	    json_object_new_int64(rec->publication));
	json_object_object_add(o, "publishedAt",
	    json_object_new_string(rec->pub->published_at));
	json_object_object_add(o, "cis", medicament ?
	    json_object_new_int64(db_column_int(st, 0)) : NULL);
	json_object_object_add(o, "elementPharmaceutique", medicament ?
	    render_text(st, 2) : NULL);
	json_object_object_add(o, "change",
	    json_object_new_string_len(change, (int)len));
	json_object_object_add(o, "types", types_array(bits));
	return o;
}

/* "fields": {name: {"before", "after"}} of the CIS_bdpm columns changed. */
static bool
add_fields(struct db *db, struct json_object *item, int64_t cis)
{
	sqlite3_stmt *st = db_stmt(db, DB_CHANGES_FIELD_VALUES);
	struct json_object *fields;
	size_t i, nlen, olen;
	const char *n, *o;
	bool ok = true;

	if (st == NULL || !db_bind(db, st, 1, DB_INT(cis)))
		return false;
	if (!db_row(db, st, &ok))
		return ok;
	fields = json_object_new_object();
	for (i = 0; i < FIELD_COUNT; i++) {
		struct json_object *change;

		n = db_column_text(st, 2 * (int)i, &nlen);
		o = db_column_text(st, 2 * (int)i + 1, &olen);
		if (nlen == olen && (nlen == 0 || memcmp(n, o, nlen) == 0))
			continue;
		change = json_object_new_object();
		json_object_object_add(change, "before",
		    render_text(st, 2 * (int)i + 1));
		json_object_object_add(change, "after",
		    render_text(st, 2 * (int)i));
		json_object_object_add(fields, field_names[i], change);
	}
	db_reset(st);
	json_object_object_add(item, "fields", fields);
	return true;
}

/* The first column of each row of s for cis, as an array of integers. */
static bool
add_cip13s(struct db *db, struct json_object *to, const char *name,
    enum db_stmt s, int64_t cis)
{
	sqlite3_stmt *st = db_stmt(db, s);
	struct json_object *a;
	bool ok = true;

	if (st == NULL || !db_bind(db, st, 1, DB_INT(cis)))
		return false;
	a = json_object_new_array();
	while (db_row(db, st, &ok))
		json_object_array_add(a, json_object_new_int64(
		    db_column_int(st, 0)));
	json_object_object_add(to, name, a);
	return ok;
}

static bool
add_presentations(struct db *db, struct json_object *item, int64_t cis)
{
	struct json_object *p = json_object_new_object();

	json_object_object_add(item, "presentations", p);
	return add_cip13s(db, p, "added", DB_CHANGES_PRESENTATIONS_ADDED, cis) &&
	    add_cip13s(db, p, "removed", DB_CHANGES_PRESENTATIONS_REMOVED,
	    cis) &&
	    add_cip13s(db, p, "modified", DB_CHANGES_PRESENTATIONS_MODIFIED,
	    cis);
}

/* name: [{"cip13", "before", "after"}], one per row of s for cis. */
static bool
add_before_after(struct db *db, struct json_object *item, const char *name,
    enum db_stmt s, int64_t cis, const struct render_member *before,
    const struct render_member *after, size_t count)
{
	sqlite3_stmt *st = db_stmt(db, s);
	struct json_object *a;
	bool ok = true;

	if (st == NULL || !db_bind(db, st, 1, DB_INT(cis)))
		return false;
	a = json_object_new_array();
	while (db_row(db, st, &ok)) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "cip13",
		    json_object_new_int64(db_column_int(st, 0)));
		json_object_object_add(o, "before", render_row(st, before,
		    count, cis));
		json_object_object_add(o, "after", render_row(st, after,
		    count, cis));
		json_object_array_add(a, o);
	}
	json_object_object_add(item, name, a);
	return ok;
}

/* The first row of a shortage key in one database, or null. */
static bool
shortage_side(struct db *db, struct json_object *entry, const char *name,
    enum db_stmt s, int64_t cis, sqlite3_stmt *key)
{
	sqlite3_stmt *st = db_stmt(db, s);
	struct json_object *row = NULL;
	bool ok = true;

	if (st == NULL || !db_bind(db, st, 1, DB_INT(cis)) ||
	    !db_bind(db, st, 2, db_column_null(key, 0) ? DB_NULL :
	    DB_INT(db_column_int(key, 0))))
		return false;
	if (db_row(db, st, &ok)) {
		row = render_row(st, MEMBERS(shortage_row), cis);
		db_reset(st);
	}
	json_object_object_add(entry, name, row);
	return ok;
}

static bool
add_shortages(struct db *db, struct json_object *item, int64_t cis)
{
	sqlite3_stmt *st = db_stmt(db, DB_CHANGES_SHORTAGES_OF);
	struct json_object *a;
	bool ok = true;

	if (st == NULL || !db_bind(db, st, 1, DB_INT(cis)))
		return false;
	a = json_object_new_array();
	json_object_object_add(item, "shortages", a);
	while (ok && db_row(db, st, &ok)) {
		struct json_object *e = json_object_new_object();

		json_object_array_add(a, e);
		json_object_object_add(e, "cip13", db_column_null(st, 0) ?
		    NULL : json_object_new_int64(db_column_int(st, 0)));
		json_object_object_add(e, "change", render_text(st, 1));
		ok = shortage_side(db, e, "before",
		    DB_CHANGES_SHORTAGE_OLD_ROW, cis, st) &&
		    shortage_side(db, e, "after",
		    DB_CHANGES_SHORTAGE_NEW_ROW, cis, st);
	}
	db_reset(st);
	return ok;
}

/* What changed in a modified medicament, part by part. */
static bool
add_details(struct db *db, struct json_object *item, int64_t cis,
    uint32_t bits)
{
	const uint32_t shortages = CHANGE_SHORTAGE_STARTED |
	    CHANGE_SHORTAGE_UPDATED | CHANGE_SHORTAGE_ENDED;

	return (!(bits & CHANGE_FIELDS) || add_fields(db, item, cis)) &&
	    (!(bits & CHANGE_PRESENTATIONS) ||
	    add_presentations(db, item, cis)) &&
	    (!(bits & CHANGE_PRICES) || add_before_after(db, item, "prices",
	    DB_CHANGES_PRICE_VALUES, cis, prices_before, prices_after,
	    sizeof(prices_before) / sizeof(prices_before[0]))) &&
	    (!(bits & CHANGE_COMMERCIALISATION) || add_before_after(db, item,
	    "commercialisation", DB_CHANGES_COMMERCIALISATION_VALUES, cis,
	    commercialisation_before, commercialisation_after,
	    sizeof(commercialisation_before) /
	    sizeof(commercialisation_before[0]))) &&
	    (!(bits & shortages) || add_shortages(db, item, cis));
}

static bool
store(struct recording *rec, struct json_object *item, sqlite3_stmt *st,
    bool medicament, uint32_t bits)
{
	const char *json;
	size_t len, change_len;
	const char *change = db_column_text(st, 1, &change_len);
	struct db_value v[] = {
		DB_INT(rec->next_change),
		DB_INT(rec->publication),
		medicament ? DB_INT(db_column_int(st, 0)) : DB_NULL,
		medicament ? DB_NULL : DB_INT(db_column_int(st, 0)),
		DB_TEXT_N(change, change_len),
		DB_INT(bits),
		DB_NULL,
	};

	if ((json = render_json(item, &len)) == NULL)
		return false;
	v[6] = DB_TEXT_N(json, len);
	rec->next_change++;
	return db_run(rec->db, DB_CHANGES_INSERT_CHANGE, DB_VALUES(v));
}

/* The count an item adds to, by its change. */
static enum count
counted(sqlite3_stmt *st, bool medicament)
{
	size_t len;
	const char *change = db_column_text(st, 1, &len);

	if (strcmp(change, "added") == 0)
		return medicament ? COUNT_ADDED : COUNT_GROUPS_ADDED;
	if (strcmp(change, "removed") == 0)
		return medicament ? COUNT_REMOVED : COUNT_GROUPS_REMOVED;
	return COUNT_MODIFIED;
}

/* The medicaments' items (cis order), then the groups' (groupe order). */
static bool
record_items(struct recording *rec, bool cis_bdpm_changed, bool groups)
{
	struct db *db = rec->db;
	sqlite3_stmt *st = db_stmt(db, DB_CHANGES_MEDICAMENTS);
	bool ok = true;

	if (st == NULL || !db_bind(db, st, 1, DB_INT(cis_bdpm_changed)))
		return false;
	while (ok && db_row(db, st, &ok)) {
		enum count c = counted(st, true);
		uint32_t bits = c == COUNT_ADDED ? CHANGE_ADDED :
		    c == COUNT_REMOVED ? CHANGE_REMOVED :
		    (uint32_t)db_column_int(st, 3);
		struct json_object *item = item_new(rec, st, true, bits);

		ok = (c != COUNT_MODIFIED || add_details(db, item,
		    db_column_int(st, 0), bits)) &&
		    store(rec, item, st, true, bits);
		json_object_put(item);
		rec->counts[c]++;
	}
	db_reset(st);
	if (!ok || !groups)
		return ok;
	if ((st = db_stmt(db, DB_CHANGES_GROUPS)) == NULL)
		return false;
	while (ok && db_row(db, st, &ok)) {
		enum count c = counted(st, false);
		uint32_t bits = c == COUNT_GROUPS_ADDED ? CHANGE_GROUP_ADDED :
		    CHANGE_GROUP_REMOVED;
		struct json_object *item = item_new(rec, st, false, bits);
		struct json_object *group = json_object_new_object();

		json_object_object_add(group, "id",
		    json_object_new_int64(db_column_int(st, 0)));
		json_object_object_add(group, "libelle", render_text(st, 2));
		json_object_object_add(item, "groupe", group);
		ok = store(rec, item, st, false, bits);
		json_object_put(item);
		rec->counts[c]++;
	}
	db_reset(st);
	return ok;
}

static bool
record_publication(struct recording *rec, const char *previous_etag)
{
	static const char *const names[COUNT_MAX] = { "added", "removed",
	    "modified", "groupsAdded", "groupsRemoved" };
	const struct changes_publication *pub = rec->pub;
	struct json_object *o = json_object_new_object();
	const char *json;
	size_t i, len;
	int64_t total = 0;
	bool ok = false;

	json_object_object_add(o, "publication",
	    json_object_new_int64(rec->publication));
	json_object_object_add(o, "publishedAt",
	    json_object_new_string(pub->published_at));
	json_object_object_add(o, "dataEtag",
	    json_object_new_string(pub->data_etag));
	json_object_object_add(o, "previousDataEtag",
	    json_object_new_string(previous_etag));
	for (i = 0; i < COUNT_MAX; i++) {
		json_object_object_add(o, names[i],
		    json_object_new_int64(rec->counts[i]));
		total += rec->counts[i];
	}
	json_object_object_add(o, "changes", json_object_new_int64(total));
	if ((json = render_json(o, &len)) != NULL) {
		struct db_value v[] = {
			DB_INT(rec->publication),
			DB_TEXT(pub->published_at),
			DB_INT(pub->epoch),
			DB_TEXT(pub->data_etag),
			DB_TEXT(previous_etag),
			DB_INT(rec->counts[COUNT_ADDED]),
			DB_INT(rec->counts[COUNT_REMOVED]),
			DB_INT(rec->counts[COUNT_MODIFIED]),
			DB_INT(rec->counts[COUNT_GROUPS_ADDED]),
			DB_INT(rec->counts[COUNT_GROUPS_REMOVED]),
			DB_TEXT_N(json, len),
		};

		ok = db_run(rec->db, DB_CHANGES_INSERT_PUBLICATION,
		    DB_VALUES(v));
	}
	json_object_put(o);
	return ok;
}

/* The previous database's data_etag, copied into etag[size]. */
static bool
previous_etag(struct db *db, char *etag, size_t size)
{
	sqlite3_stmt *st = db_stmt(db, DB_CHANGES_PREVIOUS_ETAG);
	const char *text;
	size_t len;
	bool ok = true;

	etag[0] = '\0';
	if (st == NULL)
		return false;
	if (db_row(db, st, &ok)) {
		text = db_column_text(st, 0, &len);
		snprintf(etag, size, "%.*s", (int)len, text ? text : "");
		db_reset(st);
	}
	return ok;
}

bool
changes_record(struct db *db, const struct changes_publication *pub)
{
	struct recording rec;
	char before[80];
	bool cis_bdpm_changed, ok = true;
	size_t i;
	int groups;

	memset(&rec, 0, sizeof(rec));
	rec.db = db;
	rec.pub = pub;
	if (!carry_history(&rec) ||
	    !previous_etag(db, before, sizeof(before)))
		return false;
	/* A republication of the same files records nothing. */
	if (strcmp(before, pub->data_etag) == 0)
		return true;
	if (!compare_parts(db, &cis_bdpm_changed) ||
	    (groups = file_changed(db, "CIS_GENER_bdpm.txt")) < 0 ||
	    !record_items(&rec, cis_bdpm_changed, groups))
		return false;
	for (i = 0; i < COUNT_MAX; i++)
		if (rec.counts[i] > 0)
			break;
	/* Files whose bytes changed, their rows not: nothing to record. */
	if (i == COUNT_MAX)
		return ok;
	log_info("publication %lld: %lld medicaments added, %lld removed,"
	    " %lld modified; %lld generic groups added, %lld removed",
	    (long long)rec.publication, (long long)rec.counts[COUNT_ADDED],
	    (long long)rec.counts[COUNT_REMOVED],
	    (long long)rec.counts[COUNT_MODIFIED],
	    (long long)rec.counts[COUNT_GROUPS_ADDED],
	    (long long)rec.counts[COUNT_GROUPS_REMOVED]);
	return record_publication(&rec, before);
}
