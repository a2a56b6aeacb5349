/*
 * The data-integrity report of /v1/diagnostics: what the BDPM files say
 * about each other (API.md "Diagnostics").
 */
#include "export.h"

#include <json-c/json.h>

#include "digest.h"

/* How many identifiers each finding lists as a sample. */
#define INTEGRITY_SAMPLE 10

static const struct finding {
	const char	*name;
	const char	*sample_key;
	enum db_stmt	 stmt;	/* the identifiers, in a stable order */
} findings[] = {
	{ "medicaments_without_conditions", "sample_cis",
	    DB_FINDING_NO_CONDITIONS },
	{ "medicaments_without_generiques", "sample_cis",
	    DB_FINDING_NO_GENERIQUES },
	{ "medicaments_without_presentations", "sample_cis",
	    DB_FINDING_NO_PRESENTATIONS },
	{ "medicaments_without_compositions", "sample_cis",
	    DB_FINDING_NO_COMPOSITIONS },
	{ "generique_only_cis", "sample_cis", DB_FINDING_GENERIQUE_ONLY },
	{ "presentations_with_orphaned_cis", "sample_cip",
	    DB_FINDING_ORPHAN_PRESENTATIONS },
};

static struct json_object *
finding_report(struct db *db, const struct finding *f)
{
	struct json_object *o = NULL, *sample;
	sqlite3_stmt *stmt;
	int64_t count = 0;
	bool ok = true;

	if ((stmt = db_stmt(db, f->stmt)) == NULL)
		return NULL;
	o = json_object_new_object();
	sample = json_object_new_array();
	while (db_row(db, stmt, &ok)) {
		if (count++ < INTEGRITY_SAMPLE)
			json_object_array_add(sample, json_object_new_int64(
			    db_column_int(stmt, 0)));
	}
	json_object_object_add(o, "count", json_object_new_int64(count));
	json_object_object_add(o, f->sample_key, sample);
	if (!ok) {
		json_object_put(o);
		o = NULL;
	}
	return o;
}

bool
integrity_render(struct db *db)
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
