/* schema.sql, embedded at build time (updater/local.mk). */
#ifndef MEDICAMENTS_SCHEMA_SQL_H
#define MEDICAMENTS_SCHEMA_SQL_H

extern const char schema_sql[];

#endif
