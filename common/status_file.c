#include "status_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "atomic_file.h"
#include "contract.h"
#include "text.h"

void
status_file_path(struct buf *out, const char *db_path)
{
	buf_printf(out, "%s%s", db_path, CONTRACT_STATUS_SUFFIX);
}

/* A number member (integer or not); false when absent or of another type. */
static bool
member_number(json_object *o, const char *key, double *v)
{
	json_object *m;

	if (!json_object_object_get_ex(o, key, &m) ||
	    (!json_object_is_type(m, json_type_int) &&
	    !json_object_is_type(m, json_type_double)))
		return false;
	*v = json_object_get_double(m);
	return true;
}

/* A string member, or fallback when absent, of another type or too long. */
static void
member_string(json_object *o, const char *key, char *out, size_t size,
    const char *fallback)
{
	json_object *m;

	if (!json_object_object_get_ex(o, key, &m) ||
	    !json_object_is_type(m, json_type_string) ||
	    (size_t)json_object_get_string_len(m) >= size)
		snprintf(out, size, "%s", fallback);
	else
		snprintf(out, size, "%s", json_object_get_string(m));
}

/* "file_bases": the members that fit, in their order. */
static void
member_files(json_object *o, struct status_file *s)
{
	struct status_file_base *f;

	json_object_object_foreach(o, key, v) {
		if (s->nfiles == STATUS_FILE_MAX_FILES)
			break;
		if (!json_object_is_type(v, json_type_string) ||
		    strlen(key) >= sizeof(f->file) ||
		    (size_t)json_object_get_string_len(v) >= sizeof(f->base))
			continue;
		f = &s->files[s->nfiles++];
		snprintf(f->file, sizeof(f->file), "%s", key);
		snprintf(f->base, sizeof(f->base), "%s",
		    json_object_get_string(v));
	}
}

bool
status_file_parse(const char *text, size_t len, struct status_file *s)
{
	json_tokener *tok;
	json_object *o = NULL, *m;
	const char *result;
	double ts, dur, fails, last;
	bool ok = false;

	if (len > STATUS_FILE_MAX_BYTES || (tok = json_tokener_new()) == NULL)
		return false;
	o = json_tokener_parse_ex(tok, text, (int)len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "result", &m) ||
	    !json_object_is_type(m, json_type_string) ||
	    (result = json_object_get_string(m)) == NULL ||
	    !member_number(o, "timestamp", &ts) ||
	    !member_number(o, "duration_seconds", &dur) ||
	    !member_number(o, "consecutive_failures", &fails))
		goto out;
	memset(s, 0, sizeof(*s));
	s->success = strcmp(result, "ok") == 0;
	s->timestamp = (long long)ts;
	s->duration = dur;
	s->failures = fails > 0 ? (long long)fails : 0;
	s->last_success = member_number(o, "last_success_timestamp", &last) &&
	    last >= 0 ? (long long)last : -1;
	if (json_object_object_get_ex(o, "error", &m) &&
	    json_object_is_type(m, json_type_string))
		snprintf(s->error, sizeof(s->error), "%s",
		    json_object_get_string(m));
	member_string(o, "mode", s->mode, sizeof(s->mode), "build");
	member_string(o, "source", s->source, sizeof(s->source), "");
	member_string(o, "source_etag", s->source_etag,
	    sizeof(s->source_etag), "");
	s->unchanged = json_object_object_get_ex(o, "unchanged", &m) &&
	    json_object_is_type(m, json_type_boolean) &&
	    json_object_get_boolean(m);
	if (json_object_object_get_ex(o, "file_bases", &m) &&
	    json_object_is_type(m, json_type_object))
		member_files(m, s);
	ok = true;
out:
	json_object_put(o);
	json_tokener_free(tok);
	return ok;
}

enum status_file_result
status_file_read(const char *path, struct status_file *s, char *problem,
    size_t problem_size)
{
	char text[STATUS_FILE_MAX_BYTES + 1];
	const char *why = NULL;
	ssize_t n;
	size_t len = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		if (errno == ENOENT)
			return STATUS_FILE_MISSING;
		snprintf(problem, problem_size, "%s", strerror(errno));
		return STATUS_FILE_BAD;
	}
	/* One byte more than a status file may have: to see a larger one. */
	while (len < sizeof(text)) {
		n = read(fd, text + len, sizeof(text) - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == -1)
				why = strerror(errno);
			break;
		}
		len += (size_t)n;
	}
	if (close(fd) == -1 && why == NULL)
		why = strerror(errno);
	if (why == NULL && len > STATUS_FILE_MAX_BYTES)
		why = "too large";
	if (why == NULL && !status_file_parse(text, len, s))
		why = "not the updater's JSON";
	if (why == NULL)
		return STATUS_FILE_OK;
	snprintf(problem, problem_size, "%s", why);
	return STATUS_FILE_BAD;
}

/* ISO 8601 local time with its offset as +01:00; false when it fails. */
static bool
iso_time(char *out, size_t size, time_t t)
{
	char offset[8];
	struct tm tm;
	size_t n;

	if (localtime_r(&t, &tm) == NULL ||
	    (n = strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm)) == 0 ||
	    strftime(offset, sizeof(offset), "%z", &tm) != 5)
		return false;
	return (size_t)snprintf(out + n, size - n, "%.3s:%.2s", offset,
	    offset + 3) < size - n;
}

/* Adds member key (v NULL: null); false when it cannot. */
static bool
add(json_object *o, const char *key, json_object *v, bool null)
{
	if ((v == NULL && !null) || json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		return false;
	}
	return true;
}

bool
status_file_render(const struct status_file *s, struct buf *out)
{
	json_object *o = json_object_new_object(), *files = NULL;
	struct buf error = BUF_INIT, source = BUF_INIT, etag = BUF_INIT,
	    text8 = BUF_INIT;
	const char *text;
	char iso[40], seconds[32];
	double duration = s->duration < 0 ? 0 : s->duration;
	size_t i;
	bool ok;

	if (o == NULL)
		return false;
	if (!iso_time(iso, sizeof(iso), (time_t)s->timestamp))
		iso[0] = '\0';
	snprintf(seconds, sizeof(seconds), "%.3f", duration);
	/* json-c copies bytes as they are: UTF-8 first (json_escape.h). */
	if (!s->success)
		(void)text_decode(&error, s->error, strlen(s->error));
	(void)text_decode(&source, s->source, strlen(s->source));
	(void)text_decode(&etag, s->source_etag, strlen(s->source_etag));
	ok = add(o, "result", json_object_new_string(s->success ? "ok" :
	    "failed"), false) &&
	    add(o, "timestamp", json_object_new_int64(s->timestamp), false) &&
	    add(o, "time", json_object_new_string(iso), false) &&
	    add(o, "duration_seconds", json_object_new_double_s(duration,
	    seconds), false) &&
	    add(o, "error", s->success ? NULL :
	    json_object_new_string(buf_str(&error)), s->success) &&
	    add(o, "consecutive_failures", json_object_new_int64(s->failures),
	    false) &&
	    add(o, "last_success_timestamp", s->last_success < 0 ? NULL :
	    json_object_new_int64(s->last_success), s->last_success < 0) &&
	    add(o, "mode", json_object_new_string(s->mode[0] != '\0' ?
	    s->mode : "build"), false) &&
	    add(o, "source", json_object_new_string(buf_str(&source)),
	    false) &&
	    add(o, "unchanged", json_object_new_boolean(s->unchanged),
	    false) &&
	    add(o, "source_etag", s->source_etag[0] == '\0' ? NULL :
	    json_object_new_string(buf_str(&etag)), s->source_etag[0] == '\0')
	    && add(o, "file_bases", files = json_object_new_object(), false);
	for (i = 0; ok && i < s->nfiles && i < STATUS_FILE_MAX_FILES; i++) {
		buf_reset(&text8);
		(void)text_decode(&text8, s->files[i].base,
		    strlen(s->files[i].base));
		ok = text_utf8_valid(s->files[i].file,
		    strlen(s->files[i].file)) && add(files, s->files[i].file,
		    json_object_new_string(buf_str(&text8)), false);
	}
	if (ok && (text = json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)) != NULL)
		buf_printf(out, "%s\n", text);
	else
		ok = false;
	buf_free(&error);
	buf_free(&source);
	buf_free(&etag);
	buf_free(&text8);
	json_object_put(o);
	return ok;
}

bool
status_file_write(const char *db_path, const struct status_file *s,
    char *error, size_t error_size)
{
	struct buf path = BUF_INIT, temp = BUF_INIT, text = BUF_INIT;
	bool ok = false;

	status_file_path(&path, db_path);
	/* DB_PATH.new-*: the next update removes it if this one is killed. */
	buf_printf(&temp, "%s%sstatus-XXXXXX", db_path, CONTRACT_TEMP_SUFFIX);
	if (!status_file_render(s, &text)) {
		snprintf(error, error_size, "%s: cannot render the status",
		    buf_str(&path));
		goto out;
	}
	ok = atomic_file_replace(buf_str(&path), temp.data, text.data,
	    text.len, 0644, error, error_size);
out:
	buf_free(&path);
	buf_free(&temp);
	buf_free(&text);
	return ok;
}
