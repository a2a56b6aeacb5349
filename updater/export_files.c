#include "export_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "atomic_file.h"
#include "contract.h"
#include "db.h"
#include "export.h"
#include "log.h"

/* Writes what a file's content is made of, in pieces. */
typedef bool	export_fill_fn(int fd, const void *blob, size_t size);

static bool
fill_gzip(int fd, const void *blob, size_t size)
{
	return atomic_file_write_all(fd, blob, size);
}

static bool
write_piece(void *arg, const void *text, size_t len)
{
	return atomic_file_write_all(*(int *)arg, text, len);
}

/* The member inflated. */
static bool
fill_plain(int fd, const void *blob, size_t size)
{
	return export_inflate(blob, size, write_piece, &fd);
}

/* dir/INODE<suffix>, made whole under a temporary name first. */
static bool
write_one(const char *dir, ino_t ino, const char *suffix,
    export_fill_fn *fill, const void *blob, size_t size)
{
	char target[4200], temp[4300], error[512];
	int fd;
	bool ok;

	if (snprintf(target, sizeof(target), "%s/%llu%s", dir,
	    (unsigned long long)ino, suffix) >= (int)sizeof(target) ||
	    snprintf(temp, sizeof(temp), "%s" CONTRACT_TEMP_SUFFIX "XXXXXX",
	    target) >= (int)sizeof(temp)) {
		log_warn("export file: path too long in %s", dir);
		return false;
	}
	if ((fd = atomic_file_create(temp, 0644, error, sizeof(error))) == -1) {
		log_warn("export file: %s", error);
		return false;
	}
	ok = fill(fd, blob, size);
	if (close(fd) == -1)
		ok = false;
	if (!ok)
		log_errno("export file: cannot write %s", temp);
	else if (!(ok = atomic_file_commit(temp, target, error,
	    sizeof(error))))
		log_warn("export file: %s", error);
	if (!ok)
		(void)unlink(temp);
	return ok;
}

bool
export_files_write(const char *db_path, const char *dir, ino_t ino)
{
	struct db *db;
	sqlite3_stmt *stmt;
	const void *blob;
	size_t size = 0;
	bool ok = false, read = true;

	if ((db = db_open_readonly(db_path)) == NULL)
		return false;
	if ((stmt = db_stmt(db, DB_EXPORT_DOCUMENT)) == NULL ||
	    !db_row(db, stmt, &read)) {
		log_warn("export file: %s has no export", db_path);
		goto out;
	}
	blob = db_column_blob(stmt, 0, &size);
	ok = blob != NULL && size > 0 &&
	    write_one(dir, ino, CONTRACT_EXPORT_GZIP_SUFFIX, fill_gzip, blob, size) &&
	    write_one(dir, ino, CONTRACT_EXPORT_SUFFIX, fill_plain, blob, size);
	db_reset(stmt);
out:
	(void)db_close(db);
	return ok;
}

bool
export_files_name(const char *name, unsigned long long *ino)
{
	size_t digits = strspn(name, "0123456789");

	if (digits == 0 || digits > 20 ||
	    (strcmp(name + digits, CONTRACT_EXPORT_SUFFIX) != 0 &&
	    strcmp(name + digits, CONTRACT_EXPORT_GZIP_SUFFIX) != 0))
		return false;
	*ino = strtoull(name, NULL, 10);
	return true;
}
