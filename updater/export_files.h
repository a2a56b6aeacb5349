/*
 * The files beside each published database: its export and its
 * compressed forms.  The export as files, so that lighttpd
 * sends /v1/medicaments/export itself (X-Sendfile) from the page cache: a
 * worker that streamed 23 MB through FastCGI made lighttpd copy them into
 * RUN_DIR/tmp for every client still reading, and 200 slow readers held
 * 4 GB there (a container's RUN_DIR is a 64 MiB memory volume).
 *
 * DB_PATH.versions/INODE.export.json.gz is the stored gzip member
 * (api_documents 'export.json.gz'), INODE.export.json its inflated text:
 * the bytes a worker would otherwise have sent (contract.h).
 */
#ifndef MEDICAMENTS_EXPORT_FILES_H
#define MEDICAMENTS_EXPORT_FILES_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Writes the files of the database db_path, whose inode is ino, into dir:
 * its export (INODE.export.json.gz, the stored member, and
 * INODE.export.json) and its compressed forms (INODE.db.zst, INODE.db.gz:
 * contract.h), each through a temporary file renamed when whole.  The
 * forms are written at once (zstd here, gzip then the export on a thread
 * of its own), each read in pieces, never whole, and decompressed back
 * and compared with the database before it takes its name.  Whatever
 * fails is logged and left out, its name removed: the workers then stream
 * the export themselves, or send the next coding the client takes (the
 * plain file at worst), so neither the other files nor the publication
 * depend on it.
 */
void	export_files_write(const char *db_path, const char *dir, ino_t ino);

/*
 * Removes the files export_files_write gave ino in dir (those of a
 * database that is not published after all); logs what it cannot remove.
 */
void	export_files_remove(const char *dir, ino_t ino);

/* True for the names export_files_write gives in dir. */
bool	export_files_name(const char *name, unsigned long long *ino);

#endif
