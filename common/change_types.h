/*
 * The parts of a medicament that a publication can change, as the change
 * feed names them (doc/changes.md): the updater sets one bit per part that
 * differs from the database it replaces (changes.types) and writes the
 * names into each item's "types"; the worker turns ?type= into the same
 * bits.  The bits are stored: never renumber one.
 */
#ifndef MEDICAMENTS_CHANGE_TYPES_H
#define MEDICAMENTS_CHANGE_TYPES_H

#include <stddef.h>
#include <stdint.h>

enum change_type {
	CHANGE_ADDED = 1u << 0,		/* a CIS new to CIS_bdpm */
	CHANGE_REMOVED = 1u << 1,	/* a CIS gone from CIS_bdpm */
	CHANGE_FIELDS = 1u << 2,	/* its CIS_bdpm fields */
	CHANGE_PRESENTATIONS = 1u << 3,	/* CIP13 added, removed, relabelled */
	CHANGE_PRICES = 1u << 4,	/* prices, reimbursement rate */
	CHANGE_COMMERCIALISATION = 1u << 5,	/* a CIP13's status, dates */
	CHANGE_COMPOSITION = 1u << 6,
	CHANGE_GENERIQUES = 1u << 7,	/* its generic groups */
	CHANGE_CONDITIONS = 1u << 8,	/* prescription conditions */
	CHANGE_AVIS = 1u << 9,		/* HAS opinions (SMR, ASMR) */
	CHANGE_INFORMATIONS = 1u << 10,	/* safety information */
	CHANGE_SHORTAGE_STARTED = 1u << 11,
	CHANGE_SHORTAGE_UPDATED = 1u << 12,
	CHANGE_SHORTAGE_ENDED = 1u << 13,
	CHANGE_MITM_IN = 1u << 14,
	CHANGE_MITM_OUT = 1u << 15,
	CHANGE_GROUP_ADDED = 1u << 16,	/* a generic group new to CIS_GENER */
	CHANGE_GROUP_REMOVED = 1u << 17,
};

struct change_type_name {
	const char	*name;
	uint32_t	 bits;
};

/*
 * Every name ?type= accepts, the single types first in bit order (the
 * names an item's "types" lists), then the names of several.
 */
extern const struct change_type_name change_type_names[];
extern const size_t change_type_single_count;	/* one bit each */
extern const size_t change_type_name_count;	/* all of them */

/* The bits of a name, or 0 when it names no type. */
uint32_t	change_type_bits(const char *name, size_t len);

#endif
