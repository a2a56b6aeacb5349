#include "change_types.h"

#include <string.h>

const struct change_type_name change_type_names[] = {
	{ "added", CHANGE_ADDED },
	{ "removed", CHANGE_REMOVED },
	{ "fields", CHANGE_FIELDS },
	{ "presentations", CHANGE_PRESENTATIONS },
	{ "prices", CHANGE_PRICES },
	{ "commercialisation", CHANGE_COMMERCIALISATION },
	{ "composition", CHANGE_COMPOSITION },
	{ "generiques", CHANGE_GENERIQUES },
	{ "conditions", CHANGE_CONDITIONS },
	{ "avis", CHANGE_AVIS },
	{ "informations", CHANGE_INFORMATIONS },
	{ "shortageStarted", CHANGE_SHORTAGE_STARTED },
	{ "shortageUpdated", CHANGE_SHORTAGE_UPDATED },
	{ "shortageEnded", CHANGE_SHORTAGE_ENDED },
	{ "mitmIn", CHANGE_MITM_IN },
	{ "mitmOut", CHANGE_MITM_OUT },
	{ "groupAdded", CHANGE_GROUP_ADDED },
	{ "groupRemoved", CHANGE_GROUP_REMOVED },
	/* Names of several, for the filters only. */
	{ "shortages", CHANGE_SHORTAGE_STARTED | CHANGE_SHORTAGE_UPDATED |
	    CHANGE_SHORTAGE_ENDED },
	{ "mitm", CHANGE_MITM_IN | CHANGE_MITM_OUT },
	{ "groups", CHANGE_GROUP_ADDED | CHANGE_GROUP_REMOVED },
};
const size_t change_type_single_count = 18;
const size_t change_type_name_count = sizeof(change_type_names) /
    sizeof(change_type_names[0]);

uint32_t
change_type_bits(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < change_type_name_count; i++)
		if (strlen(change_type_names[i].name) == len &&
		    memcmp(change_type_names[i].name, name, len) == 0)
			return change_type_names[i].bits;
	return 0;
}
