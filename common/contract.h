/*
 * The contract between the two programs: what medicaments-updater writes
 * and medicaments-fcgi reads, each fact once.  schema.sql is the rest of it
 * (its tables and `PRAGMA user_version`, which must equal
 * CONTRACT_SCHEMA_VERSION: the updater refuses to build otherwise); the
 * status file's members are in status_file.h.
 */
#ifndef MEDICAMENTS_CONTRACT_H
#define MEDICAMENTS_CONTRACT_H

/* PRAGMA user_version of schema.sql: the schema both programs know. */
#define CONTRACT_SCHEMA_VERSION	10

/*
 * Documents shorter than this are stored without their gzip member
 * (`json_gz` NULL, schema.sql) and sent as they are: gzip's 18 bytes of
 * header and trailer, and a request's compression, would not pay.
 */
#define CONTRACT_GZIP_MIN_BYTES	512

/*
 * An entity tag of the database (every `etag` column, meta `data_etag`):
 * 16 hex digits, the first 8 bytes of a SHA-256; this size has the NUL.
 */
#define ETAG_SIZE		17

/* Files next to DB_PATH. */
/* The result of the last update (status_file.h), for /metrics. */
#define CONTRACT_STATUS_SUFFIX	".last-update.json"
/* flock'ed exclusively by a running update, shared by a worker's probe. */
#define CONTRACT_LOCK_SUFFIX	".lock"
/*
 * DB_PATH.new-*: files being written by an update (the database, the
 * status file), renamed into place when whole; a killed run's are removed
 * by the next one.
 */
#define CONTRACT_TEMP_SUFFIX	".new-"
/*
 * DB_PATH.versions/INODE.db: a hard link to each published database, named
 * by its inode number, made before the rename that publishes it; the
 * previous one is kept until the next publication.  A name there never
 * changes its bytes, so a worker can hand it to lighttpd (X-Sendfile) for
 * GET /v1/database while the updater renames a newer file to DB_PATH.
 */
#define CONTRACT_VERSIONS_SUFFIX	".versions"
/*
 * DB_PATH.versions/INODE.export.json and INODE.export.json.gz: that
 * database's /v1/medicaments/export, plain and as its stored gzip member,
 * written whole before the rename that publishes it and removed with its
 * link: lighttpd sends them (X-Sendfile) instead of buffering 23 MB from a
 * worker into RUN_DIR/tmp for every client still reading.
 */
#define CONTRACT_EXPORT_SUFFIX		".export.json"
#define CONTRACT_EXPORT_GZIP_SUFFIX	".export.json.gz"
/*
 * DB_PATH.versions/INODE.db.zst and INODE.db.gz: that database's bytes in
 * one zstd frame and in one gzip member, written and read back whole
 * before the rename that publishes it, removed with its link: GET
 * /v1/database sends them (Content-Encoding) to the clients that take
 * them.  Either may be missing (an older updater, a failed compression):
 * the next coding the client takes is sent instead.
 */
#define CONTRACT_DATABASE_ZSTD_SUFFIX	".db.zst"
#define CONTRACT_DATABASE_GZIP_SUFFIX	".db.gz"

#endif
