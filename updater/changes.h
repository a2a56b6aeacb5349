/*
 * The change feed (schema.sql publications, changes; doc/changes.md): what
 * this publication changed against the database it replaces, recorded by
 * the build, and the history carried forward from that database.
 */
#ifndef MEDICAMENTS_CHANGES_H
#define MEDICAMENTS_CHANGES_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/* CHANGES_RETENTION_DAYS: two years of publications. */
#define CHANGES_RETENTION_DAYS_DEFAULT	730L
#define CHANGES_RETENTION_DAYS_MAX	36500L

/*
 * The CIS_bdpm columns a change names, with the API's name of each
 * (X(column, name)): db.c's statements and changes.c's names follow this
 * one list.
 */
#define CHANGES_FIELDS(X)						\
	X("denomination", "elementPharmaceutique")			\
	X("forme_pharmaceutique", "formePharmaceutique")		\
	X("voies_administration", "voiesAdministration")		\
	X("statut_amm", "statusAutorisation")				\
	X("type_procedure", "typeProcedure")				\
	X("etat_commercialisation", "etatComercialisation")		\
	X("date_amm", "dateAMM")					\
	X("statut_bdm", "statutBdm")					\
	X("numero_autorisation_europeenne", "numeroAutorisationEuropeenne") \
	X("titulaires", "titulaire")					\
	X("surveillance_renforcee", "surveillanceRenforcee")

struct changes_publication {
	const char	*published_at;	/* ISO 8601, meta last_update */
	int64_t		 epoch;		/* the same, meta last_update_epoch */
	const char	*data_etag;	/* meta data_etag */
	long		 retention_days;
};

/*
 * With the database it replaces attached as `previous` (build.c): copies
 * its history younger than the retention, then, when the data changed,
 * records this publication and its changes.  False (logged) on a database
 * failure.
 */
bool	changes_record(struct db *db, const struct changes_publication *pub);

#endif
