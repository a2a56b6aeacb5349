/*
 * The status file (common/status_file.c): what the updater writes is what
 * the workers read back, a damaged or foreign file is refused, the file is
 * replaced whole.
 */
#include "check.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "contract.h"
#include "status_file.h"
#include "text.h"

static char dir[] = "/tmp/test_status_file.XXXXXX";

static void
put_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK(fwrite(text, 1, len, f) == len);
	CHECK(fclose(f) == 0);
}

/* Render, parse: the same status. */
static void
test_round_trip_text(void)
{
	struct status_file s = { .success = false, .timestamp = 1795650004,
	    .duration = 12.5, .failures = 2, .last_success = 1795606804,
	    .error = "CIS_bdpm.txt: HTTP 500 after 4 attempts" }, r;
	struct buf text = BUF_INIT;

	CHECK(status_file_render(&s, &text));
	CHECK(text.len > 0 && text.data[text.len - 1] == '\n');
	CHECK(strstr(buf_str(&text), "\"result\":\"failed\"") != NULL);
	CHECK(strstr(buf_str(&text), "\"duration_seconds\":12.500") != NULL);
	CHECK(status_file_parse(text.data, text.len, &r));
	CHECK(!r.success && r.timestamp == s.timestamp &&
	    r.duration == 12.5 && r.failures == 2 &&
	    r.last_success == s.last_success);
	CHECK_STR(r.error, s.error);

	/* Success: error and, before any success, its time are null. */
	memset(&s, 0, sizeof(s));
	s.success = true;
	s.timestamp = 1795606804;
	s.last_success = -1;
	buf_reset(&text);
	CHECK(status_file_render(&s, &text));
	CHECK(strstr(buf_str(&text), "\"error\":null") != NULL);
	CHECK(strstr(buf_str(&text), "\"last_success_timestamp\":null") !=
	    NULL);
	CHECK(status_file_parse(text.data, text.len, &r));
	CHECK(r.success && r.failures == 0 && r.last_success == -1);
	CHECK_STR(r.error, "");
	buf_free(&text);
}

/*
 * A mirror's members go round; a file of an older version, without them,
 * reads as a build's with no source tag.
 */
static void
test_mirror_members(void)
{
	static const char old[] = "{\"result\":\"ok\",\"timestamp\":1,"
	    "\"duration_seconds\":1.5,\"error\":null,"
	    "\"consecutive_failures\":0,\"last_success_timestamp\":1}";
	struct status_file s = { .success = true, .timestamp = 2,
	    .last_success = 2, .mode = "mirror",
	    .source = "http://builder:8000/v1/database", .unchanged = true,
	    .source_etag = "W/\"0123456789abcdef\"" }, r;
	struct buf text = BUF_INIT;

	CHECK(status_file_render(&s, &text));
	CHECK(status_file_parse(text.data, text.len, &r));
	CHECK_STR(r.mode, "mirror");
	CHECK_STR(r.source, s.source);
	CHECK(r.unchanged);
	CHECK_STR(r.source_etag, s.source_etag);
	CHECK(status_file_parse(old, sizeof(old) - 1, &r));
	CHECK_STR(r.mode, "build");
	CHECK_STR(r.source, "");
	CHECK(!r.unchanged);
	CHECK_STR(r.source_etag, "");
	buf_free(&text);
}

/*
 * The base that served each file goes round, in order; an older file
 * without file_bases reads as none, and members of another type are
 * skipped.
 */
static void
test_file_bases(void)
{
	static const char odd[] = "{\"result\":\"ok\",\"timestamp\":1,"
	    "\"duration_seconds\":1,\"consecutive_failures\":0,"
	    "\"file_bases\":{\"A.txt\":1,\"B.txt\":\"file:///b\"}}";
	struct status_file s = { .success = true, .timestamp = 2,
	    .last_success = 2, .mode = "build",
	    .source = "https://a.example/index.php/download/file "
	    "https://a.example/download/file", .nfiles = 2,
	    .files = { { "CIS_bdpm.txt", "https://a.example/download/file" },
	    { "CIS_MITM.txt", "https://a.example/index.php/download/file" } } },
	    r;
	struct buf text = BUF_INIT;

	CHECK(status_file_render(&s, &text));
	CHECK(strstr(buf_str(&text), "\"file_bases\":{\"CIS_bdpm.txt\":"
	    "\"https://a.example/download/file\",\"CIS_MITM.txt\":"
	    "\"https://a.example/index.php/download/file\"}") != NULL);
	CHECK(status_file_parse(text.data, text.len, &r));
	CHECK_STR(r.source, s.source);
	CHECK(r.nfiles == 2);
	CHECK_STR(r.files[0].file, "CIS_bdpm.txt");
	CHECK_STR(r.files[0].base, s.files[0].base);
	CHECK_STR(r.files[1].file, "CIS_MITM.txt");
	CHECK_STR(r.files[1].base, s.files[1].base);

	/* None: an empty object, read back as none. */
	s.nfiles = 0;
	buf_reset(&text);
	CHECK(status_file_render(&s, &text));
	CHECK(strstr(buf_str(&text), "\"file_bases\":{}") != NULL);
	CHECK(status_file_parse(text.data, text.len, &r));
	CHECK(r.nfiles == 0);
	CHECK(status_file_parse(odd, sizeof(odd) - 1, &r));
	CHECK(r.nfiles == 1);
	CHECK_STR(r.files[0].file, "B.txt");
	buf_free(&text);
}

/* An error line quoting bytes that are not UTF-8 is written as UTF-8. */
static void
test_error_not_utf8(void)
{
	struct status_file s = { .success = false, .timestamp = 1,
	    .failures = 1, .last_success = -1,
	    .error = "file:///donn\xe9" "es: not found" }, r;
	struct buf text = BUF_INIT;

	CHECK(status_file_render(&s, &text));
	CHECK(text_utf8_valid(text.data, text.len));
	CHECK(status_file_parse(text.data, text.len, &r));
	CHECK_STR(r.error, "file:///donn\xc3\xa9" "es: not found");
	buf_free(&text);
}

static void
test_parse_refuses(void)
{
	static const char *const bad[] = {
		"",
		"[]",
		"{\"result\": \"ok\", \"timest",
		"{\"timestamp\": 1, \"duration_seconds\": 1,"
		    " \"consecutive_failures\": 0}",
		"{\"result\": 1, \"timestamp\": 1, \"duration_seconds\": 1,"
		    " \"consecutive_failures\": 0}",
		"{\"result\": \"ok\", \"timestamp\": \"1\","
		    " \"duration_seconds\": 1, \"consecutive_failures\": 0}",
		"{\"result\": \"ok\", \"timestamp\": 1,"
		    " \"consecutive_failures\": 0}",
	};
	static const char decimals[] = "{\"result\": \"ok\","
	    " \"timestamp\": 5.0, \"duration_seconds\": 1,"
	    " \"consecutive_failures\": -3}";
	struct status_file r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(!status_file_parse(bad[i], strlen(bad[i]), &r));
	/* Numbers may be written with decimals; a negative count is 0. */
	CHECK(status_file_parse(decimals, strlen(decimals), &r));
	CHECK(r.timestamp == 5 && r.failures == 0 && r.last_success == -1);
}

/* Written through a temporary file, read back; problems reported. */
static void
test_write_read(void)
{
	struct status_file s = { .success = false, .timestamp = 1795650004,
	    .duration = 0.25, .failures = 3, .last_success = 1795606804,
	    .error = "boom" }, r;
	struct buf db = BUF_INIT, path = BUF_INIT;
	char problem[128], big[STATUS_FILE_MAX_BYTES + 10];
	struct dirent *e;
	struct stat st;
	DIR *d;
	int files = 0;

	buf_printf(&db, "%s/medicaments.db", dir);
	status_file_path(&path, buf_str(&db));
	CHECK_STR(buf_str(&path) + db.len, CONTRACT_STATUS_SUFFIX);
	CHECK(status_file_read(buf_str(&path), &r, problem, sizeof(problem)) ==
	    STATUS_FILE_MISSING);

	CHECK(status_file_write(buf_str(&db), &s, problem, sizeof(problem)));
	CHECK(stat(buf_str(&path), &st) == 0 && (st.st_mode & 0777) == 0644);
	CHECK(status_file_read(buf_str(&path), &r, problem, sizeof(problem)) ==
	    STATUS_FILE_OK);
	CHECK(!r.success && r.timestamp == s.timestamp && r.duration == 0.25 &&
	    r.failures == 3 && r.last_success == s.last_success);
	CHECK_STR(r.error, "boom");

	/* Replaced: no temporary file is left beside it. */
	s.success = true;
	s.failures = 0;
	CHECK(status_file_write(buf_str(&db), &s, problem, sizeof(problem)));
	CHECK(status_file_read(buf_str(&path), &r, problem, sizeof(problem)) ==
	    STATUS_FILE_OK && r.success);
	CHECK((d = opendir(dir)) != NULL);
	while (d != NULL && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			files++;
	CHECK(d == NULL || closedir(d) == 0);
	CHECK(files == 1);

	put_file(buf_str(&path), "{\"result\": \"ok\", \"timest", 24);
	CHECK(status_file_read(buf_str(&path), &r, problem, sizeof(problem)) ==
	    STATUS_FILE_BAD);
	CHECK_STR(problem, "not the updater's JSON");
	memset(big, ' ', sizeof(big));
	put_file(buf_str(&path), big, sizeof(big));
	CHECK(status_file_read(buf_str(&path), &r, problem, sizeof(problem)) ==
	    STATUS_FILE_BAD);
	CHECK_STR(problem, "too large");
	CHECK(unlink(buf_str(&path)) == 0);

	/* A directory that is not there: one error line, no file. */
	buf_reset(&db);
	buf_printf(&db, "%s/missing/medicaments.db", dir);
	CHECK(!status_file_write(buf_str(&db), &s, problem, sizeof(problem)));
	CHECK(strstr(problem, "cannot create") != NULL);
	buf_free(&db);
	buf_free(&path);
}

int
main(void)
{
	CHECK(setenv("TZ", "UTC", 1) == 0);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_round_trip_text();
	test_error_not_utf8();
	test_mirror_members();
	test_file_bases();
	test_parse_refuses();
	test_write_read();
	CHECK(rmdir(dir) == 0);
	return check_finish("test_status_file");
}
