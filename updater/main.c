/*
 * medicaments-updater: turns the BDPM files into a fresh, checked SQLite
 * database and renames it into place.  Run by cron twice a day, or runs
 * its own schedule (--at, --every: the container's).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/stat.h>

#include <curl/curl.h>
#include <sqlite3.h>

#include "build.h"
#include "changes.h"
#include "check.h"
#include "db.h"
#include "env.h"
#include "environment.h"
#include "log.h"
#include "mirror.h"
#include "schedule.h"

#define DEFAULT_DB_PATH MEDICAMENTS_STATEDIR "/medicaments.db"

static void
usage(FILE *out)
{
	fprintf(out,
	    "usage: medicaments-updater [--source URL | --mirror URL]"
	    " [--db PATH] [--force]\n"
	    "                           [--at TIMES [--retry SECONDS] |"
	    " --every SECONDS]\n"
	    "                           [--check | --check-config]\n"
	    "  --source URL  where the BDPM files are (https://, http://,"
	    " file:///dir): one\n"
	    "                URL, or several separated by spaces, tried in"
	    " turn for each\n"
	    "                file; default $BDPM_BASE_URL, else the BDPM"
	    " site's two paths:\n"
	    "                %s\n"
	    "                %s\n"
	    "  --db PATH     the database to publish; default $DB_PATH, else\n"
	    "                " DEFAULT_DB_PATH "\n"
	    "  --mirror URL  fetch a database another instance published"
	    " (its\n"
	    "                /v1/database) or an object store holds, check it,"
	    " publish it\n"
	    "  --force       publish even when a table shrinks by more than"
	    " %d %%\n"
	    "  --at TIMES    run forever, at these local times (TZ): HH:MM"
	    " separated by\n"
	    "                commas or blanks (06:00,18:00); at once when"
	    " there is no\n"
	    "                database yet, then every --retry SECONDS (%ld,"
	    " 10 to\n"
	    "                999999) until a run publishes one\n"
	    "  --every SECONDS  run forever, at once then every SECONDS"
	    " (1 to 999999)\n"
	    "                from each run's start (a mirror's schedule)\n"
	    "                A failed run is logged and the next one comes"
	    " as planned;\n"
	    "                SIGTERM, SIGINT or SIGHUP ends the program"
	    " (exit 0 between\n"
	    "                runs; a run it interrupts leaves the database"
	    " untouched)\n"
	    "  --check       check the database in place and print its"
	    " summary\n"
	    "  --check-config  check the environment, print the values a run"
	    " would use, exit;\n"
	    "                with --mirror URL, a mirror's run; every bad"
	    " value has its line\n"
	    "\n"
	    "environment (.env.example; sizes take KB, MB, GB, KiB, MiB,"
	    " GiB):\n"
	    "  BDPM_BASE_URL, DB_PATH  as --source, --db\n"
	    "  DOWNLOAD_CONNECT_TIMEOUT  seconds to connect [%ld]\n"
	    "  DOWNLOAD_TIMEOUT        seconds for a whole file [%ld]\n"
	    "  DOWNLOAD_STALL_TIMEOUT  seconds below 1 byte/s [%ld]\n"
	    "  DOWNLOAD_RETRIES        further attempts [%ld]\n"
	    "  DOWNLOAD_RETRY_DELAY    seconds, the first back-off [%ld.%03ld]\n"
	    "  DOWNLOAD_MAX_BYTES      largest BDPM file [%ld MiB]\n"
	    "  MIRROR_MAX_BYTES        largest database --mirror takes"
	    " [%ld MiB]\n"
	    "  DOWNLOAD_CA_FILE, DOWNLOAD_EXTRA_CA_FILE  PEM certificates\n"
	    "  CHANGES_RETENTION_DAYS  days of change history kept [%ld]\n"
	    "  LOG_FILE, ENV, LOG_LEVEL  the log\n"
	    "  UPDATE_TIMES, UPDATE_RETRY_INTERVAL, LOGROTATE_INTERVAL,"
	    " MIRROR_URL,\n"
	    "  MIRROR_INTERVAL, UPDATER_BIN, LIGHTTPD_RUN  docker/entrypoint's,"
	    " checked here\n",
	    DOWNLOAD_BASE_BDPM, DOWNLOAD_BASE_BDPM_OLD,
	    CHECK_MAX_SHRINK_PERCENT, SCHEDULE_DEFAULT_RETRY,
	    DOWNLOAD_CONNECT_TIMEOUT_DEFAULT,
	    DOWNLOAD_TIMEOUT_DEFAULT, DOWNLOAD_STALL_TIMEOUT_DEFAULT,
	    DOWNLOAD_RETRIES_DEFAULT, DOWNLOAD_RETRY_DELAY_MS_DEFAULT / 1000,
	    DOWNLOAD_RETRY_DELAY_MS_DEFAULT % 1000,
	    DOWNLOAD_MAX_BYTES_DEFAULT / ENV_MIB,
	    DOWNLOAD_MIRROR_MAX_BYTES_DEFAULT / ENV_MIB,
	    CHANGES_RETENTION_DAYS_DEFAULT);
}

/*
 * --check-config: the values a run would use, one NAME=VALUE line each,
 * once the environment has passed the checks a run makes.
 */
static void
print_config(const struct build_options *o, const struct environment *e)
{
	const struct download_options *d = &o->download;

	if (o->bases.list != NULL)
		printf("BDPM_BASE_URL=%s\n", o->bases.list);
	printf("DB_PATH=%s\n", o->db_path);
	printf("DOWNLOAD_CONNECT_TIMEOUT=%ld\n", d->connect_timeout);
	printf("DOWNLOAD_TIMEOUT=%ld\n", d->timeout);
	printf("DOWNLOAD_STALL_TIMEOUT=%ld\n", d->stall_timeout);
	printf("DOWNLOAD_RETRIES=%d\n", d->retries);
	printf("DOWNLOAD_RETRY_DELAY=%ld.%03ld\n", d->retry_delay_ms / 1000,
	    d->retry_delay_ms % 1000);
	printf("DOWNLOAD_MAX_BYTES=%zu\n", d->max_bytes);
	printf("MIRROR_MAX_BYTES=%zu\n", d->mirror_max_bytes);
	printf("CHANGES_RETENTION_DAYS=%ld\n", o->changes_retention_days);
	environment_print(e, stdout);
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

/* One update, as a run without a schedule makes it; false on failure. */
static bool
run_once(const struct build_options *opts, bool mirror)
{
	char error[1024];

	if ((mirror ? mirror_run : build_run)(opts, error, sizeof(error)))
		return true;
	log_fatal("%s", error);
	return false;
}

/*
 * --at, --every: one run after another on schedule S, forever.  Each run
 * is an ordinary update: a failed one has logged its error and left the
 * published database, and the next one comes as planned.  Between runs
 * SIGTERM, SIGINT and SIGHUP are blocked and waited for: one ends the
 * program at once with status 0.  During a run they do what they do
 * without a schedule (publish.c removes the temporary file).  Returns the
 * exit status.
 */
static int
run_scheduled(const struct build_options *opts, bool mirror,
    const struct schedule *s)
{
	time_t last = (time_t)-1, next, now;
	char when[64];
	struct stat st;
	struct tm tm;
	sigset_t stop;
	int sig;

	if (sigemptyset(&stop) != 0 || sigaddset(&stop, SIGTERM) != 0 ||
	    sigaddset(&stop, SIGINT) != 0 || sigaddset(&stop, SIGHUP) != 0) {
		log_fatal("cannot set up the signals that stop the schedule:"
		    " %s", strerror(errno));
		return 1;
	}
	for (;;) {
		/* Blocked first: a signal once "next run" is logged waits. */
		if (sigprocmask(SIG_BLOCK, &stop, NULL) != 0) {
			log_fatal("cannot block SIGTERM, SIGINT and SIGHUP: %s",
			    strerror(errno));
			return 1;
		}
		if ((now = time(NULL)) == (time_t)-1 ||
		    !schedule_next(s, last, now, stat(opts->db_path, &st) == 0,
		    &next)) {
			log_fatal("cannot compute the time of the next run");
			return 1;
		}
		if (next > now && localtime_r(&next, &tm) != NULL &&
		    strftime(when, sizeof(when), "%Y-%m-%d %H:%M %Z", &tm) > 0)
			log_info("next run: %s", when);
		if ((sig = schedule_wait(next, &stop)) < 0) {
			log_fatal("cannot wait for the next run: %s",
			    strerror(errno));
			return 1;
		}
		if (sig > 0) {
			log_info("%s: stopping", strsignal(sig));
			return 0;
		}
		if (sigprocmask(SIG_UNBLOCK, &stop, NULL) != 0) {
			log_fatal("cannot unblock SIGTERM, SIGINT and SIGHUP:"
			    " %s", strerror(errno));
			return 1;
		}
		last = time(NULL);
		(void)run_once(opts, mirror);	/* it logged its failure */
	}
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "db", required_argument, NULL, 'd' },
		{ "force", no_argument, NULL, 'f' },
		{ "check", no_argument, NULL, 'c' },
		{ "check-config", no_argument, NULL, 'C' },
		{ "mirror", required_argument, NULL, 'm' },
		{ "at", required_argument, NULL, 'a' },
		{ "every", required_argument, NULL, 'e' },
		{ "retry", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct build_options opts;
	struct environment schedule;
	struct buf errors = BUF_INIT;
	struct schedule sched;
	const char *at = NULL, *every = NULL, *retry = NULL;
	const char *env, *source_name = "BDPM_BASE_URL", *tls_url;
	char error[1024];
	bool check = false, check_config = false, mirror = false,
	    source = false;
	size_t i;
	int c, status;

	memset(&opts, 0, sizeof(opts));
	memset(&sched, 0, sizeof(sched));
	opterr = 0;	/* one error line of our own, not getopt's */
	/* Every bad value is reported, with the others' below. */
	if (!log_init("medicaments-updater", error, sizeof(error)))
		env_error(&errors, "%s", error);
	/* LOG_FILE: the run's JSON lines go there (cron: LOG_DIR/updater.log). */
	if ((env = getenv("LOG_FILE")) != NULL && *env != '\0' &&
	    !log_open_file(env))
		env_error(&errors, "LOG_FILE=%.200s: cannot open it for "
		    "appending: %s", env, strerror(errno));
	opts.source_url = (env = getenv("BDPM_BASE_URL")) && *env ? env :
	    DOWNLOAD_DEFAULT_BASES;
	opts.db_path = (env = getenv("DB_PATH")) && *env ? env :
	    DEFAULT_DB_PATH;
	while ((c = getopt_long(argc, argv, "s:d:fchV", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			opts.source_url = optarg;
			source_name = "--source";
			source = true;
			break;
		case 'm':
			opts.source_url = optarg;
			mirror = true;
			break;
		case 'd':
			opts.db_path = optarg;
			break;
		case 'a':
			at = optarg;
			break;
		case 'e':
			every = optarg;
			break;
		case 'r':
			retry = optarg;
			break;
		case 'f':
			opts.force = true;
			break;
		case 'c':
			check = true;
			break;
		case 'C':
			check_config = true;
			break;
		case 'h':
			usage(stdout);
			buf_free(&errors);
			return 0;
		case 'V':
			printf("medicaments-updater %s\n", PACKAGE_VERSION);
			buf_free(&errors);
			return 0;
		default:
			log_fatal("unknown option or missing value: \"%s\""
			    " (see --help)", argv[optind - 1]);
			buf_free(&errors);
			return 2;
		}
	}
	if (optind < argc) {
		log_fatal("unexpected argument \"%s\" (see --help)",
		    argv[optind]);
		buf_free(&errors);
		return 2;
	}
	if ((mirror && (source || opts.force)) || (check && (mirror ||
	    source)) || (check_config && (check || source || opts.force))) {
		log_fatal("--mirror, --source, --check and --check-config go"
		    " alone (--force with --source, --check-config with"
		    " --mirror; see --help)");
		buf_free(&errors);
		return 2;
	}
	if ((at && every) || (retry && !at) || (check && (at || every))) {
		log_fatal("--at and --every go alone (--retry with --at), not"
		    " with --check (see --help)");
		buf_free(&errors);
		return 2;
	}
	if (check)
		return env_report(&errors, log_fatal) ? 2 :
		    run_check(opts.db_path);
	sched.retry = SCHEDULE_DEFAULT_RETRY;
	if ((at && !schedule_parse_at(&sched, at, error, sizeof(error))) ||
	    (retry && !schedule_parse_seconds("--retry", retry,
	    SCHEDULE_MIN_RETRY, &sched.retry, error, sizeof(error))) ||
	    (every && !schedule_parse_seconds("--every", every, 1,
	    &sched.every, error, sizeof(error)))) {
		log_fatal("%s", error);	/* an option's: a usage error */
		buf_free(&errors);
		return 2;
	}

	if (mirror && !url_supported(opts.source_url)) {
		log_fatal("source URL must start with https://, http:// or"
		    " file://, not \"%s\"", opts.source_url);
		buf_free(&errors);
		return 2;
	}
	if (!mirror && !download_bases_parse(source_name, opts.source_url,
	    &opts.bases, error, sizeof(error)))
		env_error(&errors, "%s", error);
	/* The extra certificates are needed when any base is https://. */
	tls_url = opts.source_url;
	for (i = 0; i < opts.bases.count; i++)
		if (strncasecmp(opts.bases.base[i], "https://", 8) == 0)
			tls_url = opts.bases.base[i];
	if (!mirror)
		opts.source_url = opts.bases.list;
	(void)download_options_from_env(&opts.download, tls_url, &errors);
	opts.changes_retention_days = CHANGES_RETENTION_DAYS_DEFAULT;
	(void)env_integer(&errors, "CHANGES_RETENTION_DAYS", 0,
	    CHANGES_RETENTION_DAYS_MAX, "(days)", &opts.changes_retention_days);
	if (check_config)
		(void)environment_check(&schedule, &errors);
	if (env_report(&errors, log_fatal)) {
		download_options_free(&opts.download);
		download_bases_free(&opts.bases);
		return check_config ? 1 : 2;
	}
	if (check_config) {
		print_config(&opts, &schedule);
		download_options_free(&opts.download);
		download_bases_free(&opts.bases);
		return 0;
	}
	/* A full disk must be an error we report, not a signal that kills. */
	if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR ||
	    signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
		log_fatal("cannot ignore SIGXFSZ and SIGPIPE: %s",
		    strerror(errno));
		download_options_free(&opts.download);
		download_bases_free(&opts.bases);
		return 1;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_fatal("cannot initialise libcurl");
		download_options_free(&opts.download);
		download_bases_free(&opts.bases);
		return 1;
	}
	if (at || every)
		status = run_scheduled(&opts, mirror, &sched);
	else
		status = run_once(&opts, mirror) ? 0 : 1;
	curl_global_cleanup();
	download_options_free(&opts.download);
	download_bases_free(&opts.bases);
	return status;
}
