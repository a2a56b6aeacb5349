/*
 * medicaments-updater: turns the BDPM files into a fresh, checked SQLite
 * database and renames it into place.  Run by cron twice a day.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <sqlite3.h>

#include "build.h"
#include "check.h"
#include "db.h"
#include "log.h"
#include "mirror.h"

#define DEFAULT_SOURCE_URL \
	"https://base-donnees-publique.medicaments.gouv.fr/download/file"
#define DEFAULT_DB_PATH MEDICAMENTS_STATEDIR "/medicaments.db"

static void
usage(FILE *out)
{
	fprintf(out,
	    "usage: medicaments-updater [--source URL | --mirror URL]"
	    " [--db PATH] [--force]\n"
	    "                           [--check]\n"
	    "  --source URL  where the BDPM files are (https://, http://,"
	    " file:///dir);\n"
	    "                default $BDPM_BASE_URL, else the BDPM site\n"
	    "  --db PATH     the database to publish; default $DB_PATH, else\n"
	    "                " DEFAULT_DB_PATH "\n"
	    "  --mirror URL  fetch a database another instance published"
	    " (its\n"
	    "                /v1/database) or an object store holds, check it,"
	    " publish it\n"
	    "  --force       publish even when a table shrinks by more than"
	    " %d %%\n"
	    "  --check       check the database in place and print its"
	    " summary\n", CHECK_MAX_SHRINK_PERCENT);
}

static bool
url_supported(const char *url)
{
	return strncmp(url, "https://", 8) == 0 ||
	    strncmp(url, "http://", 7) == 0 || strncmp(url, "file://", 7) == 0;
}

static void
print_row(sqlite3_stmt *stmt, int columns)
{
	size_t len;
	int i;

	for (i = 0; i < columns; i++) {
		const char *text = db_column_text(stmt, i, &len);

		printf(i == 0 ? "%-26s" : i < 3 ? " %-9s" : " %9s",
		    text ? text : "-");
	}
	putchar('\n');
}

/* Prints the summary of a database: meta, then one line per source file. */
static bool
print_summary(struct db *db)
{
	sqlite3_stmt *stmt;
	const char *key, *value;
	size_t len;
	bool ok = true;

	if ((stmt = db_stmt(db, DB_SUMMARY_META)) == NULL)
		return false;
	while (db_row(db, stmt, &ok)) {
		key = db_column_text(stmt, 0, &len);
		value = db_column_text(stmt, 1, &len);
		printf("%-20s %s\n", key ? key : "", value ? value : "");
	}
	if (!ok || (stmt = db_stmt(db, DB_SUMMARY_FILES)) == NULL)
		return false;
	printf("\n%-26s %-9s %-9s %9s %9s %9s %9s %9s\n", "file", "status",
	    "encoding", "bytes", "read", "stored", "repaired", "rejected");
	while (db_row(db, stmt, &ok))
		print_row(stmt, 8);
	return ok;
}

static int
run_check(const char *path)
{
	char error[512];
	struct db *db = db_open_readonly(path);
	int status = 1;

	if (db == NULL || db_integer(db, DB_COUNT_META, NULL, 0) < 0) {
		log_fatal("%s is not a readable medicaments database", path);
		goto out;
	}
	if (!check_database(db, path, error, sizeof(error))) {
		log_fatal("%s: %s", path, error);
		goto out;
	}
	if (!print_summary(db)) {
		log_fatal("%s: cannot read its summary", path);
		goto out;
	}
	printf("\n%s: ok\n", path);
	status = 0;
out:
	(void)db_close(db);	/* read-only: nothing to lose */
	return status;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "db", required_argument, NULL, 'd' },
		{ "force", no_argument, NULL, 'f' },
		{ "check", no_argument, NULL, 'c' },
		{ "mirror", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct build_options opts;
	const char *env;
	char error[1024];
	bool check = false, mirror = false, source = false;
	int c, status;

	memset(&opts, 0, sizeof(opts));
	opterr = 0;	/* one error line of our own, not getopt's */
	if (!log_init("medicaments-updater", error, sizeof(error))) {
		log_fatal("%s", error);
		return 2;
	}
	/* LOG_FILE: the run's JSON lines go there (cron: LOG_DIR/updater.log). */
	if ((env = getenv("LOG_FILE")) != NULL && *env != '\0' &&
	    !log_open_file(env)) {
		log_fatal("LOG_FILE=%s: cannot open it for appending: %s", env,
		    strerror(errno));
		return 2;
	}
	opts.source_url = (env = getenv("BDPM_BASE_URL")) && *env ? env :
	    DEFAULT_SOURCE_URL;
	opts.db_path = (env = getenv("DB_PATH")) && *env ? env :
	    DEFAULT_DB_PATH;
	while ((c = getopt_long(argc, argv, "s:d:fchV", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			opts.source_url = optarg;
			source = true;
			break;
		case 'm':
			opts.source_url = optarg;
			mirror = true;
			break;
		case 'd':
			opts.db_path = optarg;
			break;
		case 'f':
			opts.force = true;
			break;
		case 'c':
			check = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("medicaments-updater %s\n", PACKAGE_VERSION);
			return 0;
		default:
			log_fatal("unknown option or missing value: \"%s\""
			    " (see --help)", argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		log_fatal("unexpected argument \"%s\" (see --help)",
		    argv[optind]);
		return 2;
	}
	if ((mirror && (source || opts.force)) || (check && (mirror ||
	    source))) {
		log_fatal("--mirror, --source and --check go alone (--force"
		    " with --source; see --help)");
		return 2;
	}
	if (check)
		return run_check(opts.db_path);

	if (!url_supported(opts.source_url)) {
		log_fatal("source URL must start with https://, http:// or"
		    " file://, not \"%s\"", opts.source_url);
		return 2;
	}
	if (!download_options_from_env(&opts.download, opts.source_url, error,
	    sizeof(error))) {
		log_fatal("%s", error);
		return 2;
	}
	/* A full disk must be an error we report, not a signal that kills. */
	signal(SIGXFSZ, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_fatal("cannot initialise libcurl");
		download_options_free(&opts.download);
		return 1;
	}
	status = 0;
	if (!(mirror ? mirror_run : build_run)(&opts, error, sizeof(error))) {
		log_fatal("%s", error);
		status = 1;
	}
	curl_global_cleanup();
	download_options_free(&opts.download);
	return status;
}
