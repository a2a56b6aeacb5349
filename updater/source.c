#include "source.h"

#include <string.h>

#define COLUMNS(name) sizeof(name) / sizeof(name[0]), name

static const struct column medicaments[] = {
	{ COL_INTEGER, "cis", NULL, 8 },
	{ COL_TEXT_REQUIRED, "denomination", NULL, 0 },
	{ COL_TEXT, "forme_pharmaceutique", NULL, 0 },
	{ COL_TEXT, "voies_administration", NULL, 0 },
	{ COL_TEXT, "statut_amm", NULL, 0 },
	{ COL_TEXT, "type_procedure", NULL, 0 },
	{ COL_TEXT, "etat_commercialisation", NULL, 0 },
	{ COL_DATE_DMY, "date_amm", "date_amm_iso", 0 },
	{ COL_TEXT, "statut_bdm", NULL, 0 },
	{ COL_TEXT, "numero_autorisation_europeenne", NULL, 0 },
	{ COL_TEXT, "titulaires", NULL, 0 },
	{ COL_TEXT, "surveillance_renforcee", NULL, 0 },
};

static const struct column presentations[] = {
	{ COL_INTEGER, "cis", NULL, 8 },
	{ COL_INTEGER, "cip7", NULL, 7 },
	{ COL_TEXT, "libelle", NULL, 0 },
	{ COL_TEXT, "statut_administratif", NULL, 0 },
	{ COL_TEXT, "etat_commercialisation", NULL, 0 },
	{ COL_DATE_DMY, "date_declaration", "date_declaration_iso", 0 },
	{ COL_INTEGER, "cip13", NULL, 13 },
	{ COL_TEXT, "agrement_collectivites", NULL, 0 },
	{ COL_TEXT, "taux_remboursement", NULL, 0 },
	{ COL_PRICE, "prix_sans_honoraires", NULL, 0 },
	{ COL_PRICE, "prix_avec_honoraires", NULL, 0 },
	{ COL_PRICE, "honoraires", NULL, 0 },
	{ COL_TEXT, "indications_remboursement", NULL, 0 },
};

static const struct column compositions[] = {
	{ COL_INTEGER, "cis", NULL, 8 },
	{ COL_TEXT, "element_pharmaceutique", NULL, 0 },
	{ COL_INTEGER, "code_substance", NULL, 0 },
	{ COL_TEXT, "denomination_substance", NULL, 0 },
	{ COL_TEXT, "dosage", NULL, 0 },
	{ COL_TEXT, "reference_dosage", NULL, 0 },
	{ COL_TEXT, "nature_composant", NULL, 0 },
	{ COL_INTEGER_OR_NULL, "numero_liaison", NULL, 0 },
	{ COL_IGNORED, NULL, NULL, 0 },
};

static const struct column generiques[] = {
	{ COL_INTEGER, "groupe", NULL, 0 },
	{ COL_TEXT_REQUIRED, "libelle", NULL, 0 },
	{ COL_INTEGER, "cis", NULL, 8 },
	{ COL_INTEGER, "type", NULL, 1 },
	{ COL_INTEGER_OR_NULL, "numero_tri", NULL, 0 },
	{ COL_IGNORED, NULL, NULL, 0 },
};

static const struct column conditions[] = {
	{ COL_INTEGER, "cis", NULL, 8 },
	{ COL_TEXT_REQUIRED, "condition", NULL, 0 },
};

/* SMR and ASMR share their columns. */
static const struct column avis[] = {
	{ COL_INTEGER, "cis", NULL, 8 },
	{ COL_TEXT_REQUIRED, "code_dossier_has", NULL, 0 },
	{ COL_TEXT, "motif", NULL, 0 },
	{ COL_DATE_YMD, "date_avis", "date_avis_iso", 0 },
	{ COL_TEXT, "valeur", NULL, 0 },
	{ COL_TEXT, "libelle", NULL, 0 },
};

static const struct column liens_avis_ct[] = {
	{ COL_TEXT_REQUIRED, "code_dossier_has", NULL, 0 },
	{ COL_TEXT_REQUIRED, "url", NULL, 0 },
};

static const struct column informations_importantes[] = {
	{ COL_INTEGER, "cis", NULL, 8 },
	{ COL_DATE_DMY, "date_debut", "date_debut_iso", 0 },
	{ COL_DATE_DMY, "date_fin", "date_fin_iso", 0 },
	{ COL_HTML, "texte", "lien", 0 },
};

static const struct column disponibilites[] = {
	{ COL_INTEGER, "cis", NULL, 8 },
	{ COL_INTEGER_OR_NULL, "cip13", NULL, 13 },
	{ COL_INTEGER, "code_statut", NULL, 1 },
	{ COL_TEXT, "statut", NULL, 0 },
	{ COL_DATE_DMY, "date_debut", "date_debut_iso", 0 },
	{ COL_DATE_DMY, "date_mise_a_jour", "date_mise_a_jour_iso", 0 },
	{ COL_DATE_DMY, "date_remise_disposition",
	    "date_remise_disposition_iso", 0 },
	{ COL_TEXT, "lien", NULL, 0 },
};

static const struct column mitm[] = {
	{ COL_INTEGER, "cis", NULL, 8 },
	{ COL_TEXT, "code_atc", NULL, 0 },
	{ COL_TEXT, "denomination", NULL, 0 },
	{ COL_TEXT, "lien", NULL, 0 },
};

/*
 * text_field names the column that real files have shown with stray TABs
 * (BDPM.md): the substance name in COMPO, the group's libellé in GENER.
 * Free text columns elsewhere get the same treatment where a shifted row
 * is plausible.
 */
const struct source source_files[] = {
	{ "CIS_bdpm.txt", "medicaments", true, 1, 11,
	    COLUMNS(medicaments) },
	{ "CIS_CIP_bdpm.txt", "presentations", true, 2, 12,
	    COLUMNS(presentations) },
	{ "CIS_COMPO_bdpm.txt", "compositions", true, 3, 8,
	    COLUMNS(compositions) },
	{ "CIS_GENER_bdpm.txt", "generiques", true, 1, 5,
	    COLUMNS(generiques) },
	{ "CIS_CPD_bdpm.txt", "conditions", true, 1, 2,
	    COLUMNS(conditions) },
	{ "CIS_HAS_SMR_bdpm.txt", "avis_smr", false, 5, 6,
	    COLUMNS(avis) },
	{ "CIS_HAS_ASMR_bdpm.txt", "avis_asmr", false, 5, 6,
	    COLUMNS(avis) },
	{ "HAS_LiensPageCT_bdpm.txt", "liens_avis_ct", false, -1, 2,
	    COLUMNS(liens_avis_ct) },
	{ "CIS_InfoImportantes.txt", "informations_importantes", false, 3, 4,
	    COLUMNS(informations_importantes) },
	{ "CIS_CIP_Dispo_Spec.txt", "disponibilites", false, 3, 7,
	    COLUMNS(disponibilites) },
	{ "CIS_MITM.txt", "mitm", false, 2, 3,
	    COLUMNS(mitm) },
};

const size_t source_count = sizeof(source_files) / sizeof(source_files[0]);

const struct source *
source_by_file(const char *file)
{
	size_t i;

	for (i = 0; i < source_count; i++)
		if (strcmp(source_files[i].file, file) == 0)
			return &source_files[i];
	return NULL;
}

const struct source *
source_by_table(const char *table)
{
	size_t i;

	for (i = 0; i < source_count; i++)
		if (strcmp(source_files[i].table, table) == 0)
			return &source_files[i];
	return NULL;
}
