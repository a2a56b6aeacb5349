/*
 * The data-integrity report of /v1/diagnostics: what the BDPM files say
 * about each other (API.md "Diagnostics").
 */
#include "export.h"

#include <json-c/json.h>

#include "db.h"
#include "digest.h"
#include "log.h"

/* How many identifiers each finding lists as a sample. */
#define INTEGRITY_SAMPLE 10

static const struct finding {
	const char *name;
	const char *sample_key;
	const char *sql;	/* the identifiers, in a stable order */
} findings[] = {
	{ "medicaments_without_conditions", "sample_cis",
	    "SELECT cis FROM medicaments m WHERE NOT EXISTS"
	    " (SELECT 1 FROM conditions c WHERE c.cis = m.cis) ORDER BY ligne" },
	{ "medicaments_without_generiques", "sample_cis",
	    "SELECT cis FROM medicaments m WHERE NOT EXISTS"
	    " (SELECT 1 FROM generiques g WHERE g.cis = m.cis) ORDER BY ligne" },
	{ "medicaments_without_presentations", "sample_cis",
	    "SELECT cis FROM medicaments m WHERE NOT EXISTS"
	    " (SELECT 1 FROM presentations p WHERE p.cis = m.cis)"
	    " ORDER BY ligne" },
	{ "medicaments_without_compositions", "sample_cis",
	    "SELECT cis FROM medicaments m WHERE NOT EXISTS"
	    " (SELECT 1 FROM compositions c WHERE c.cis = m.cis)"
	    " ORDER BY ligne" },
	{ "generique_only_cis", "sample_cis",
	    "SELECT DISTINCT cis FROM generiques g WHERE NOT EXISTS"
	    " (SELECT 1 FROM medicaments m WHERE m.cis = g.cis) ORDER BY cis" },
	{ "presentations_with_orphaned_cis", "sample_cip",
	    "SELECT cip13 FROM presentations p WHERE NOT EXISTS"
	    " (SELECT 1 FROM medicaments m WHERE m.cis = p.cis)"
	    " ORDER BY ligne" },
};

static struct json_object *
finding_report(sqlite3 *db, const struct finding *f)
{
	struct json_object *o = NULL, *sample;
	sqlite3_stmt *stmt;
	int64_t count = 0;
	int rc;

	if ((stmt = db_prepare(db, f->sql)) == NULL)
		return NULL;
	o = json_object_new_object();
	sample = json_object_new_array();
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (count++ < INTEGRITY_SAMPLE)
			json_object_array_add(sample, json_object_new_int64(
			    sqlite3_column_int64(stmt, 0)));
	}
	json_object_object_add(o, "count", json_object_new_int64(count));
	json_object_object_add(o, f->sample_key, sample);
	if (rc != SQLITE_DONE) {
		log_warn("integrity: %s (in: %s)", sqlite3_errmsg(db), f->sql);
		json_object_put(o);
		o = NULL;
	}
	sqlite3_finalize(stmt);
	return o;
}

bool
integrity_render(sqlite3 *db)
{
	struct json_object *report = json_object_new_object(), *o;
	const char *json;
	size_t i, len;
	char etag[ETAG_SIZE];
	bool ok = false;

	for (i = 0; i < sizeof(findings) / sizeof(findings[0]); i++) {
		if ((o = finding_report(db, &findings[i])) == NULL)
			goto out;
		json_object_object_add(report, findings[i].name, o);
	}
	json = json_object_to_json_string_length(report,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (json == NULL || !digest_etag(json, len, etag))
		goto out;
	ok = export_store_document(db, "data_integrity", "application/json",
	    json, len, (long long)len, etag);
out:
	json_object_put(report);
	return ok;
}
