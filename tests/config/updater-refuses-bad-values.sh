#!/bin/sh
# The updater checks ENV, LOG_LEVEL and LOG_FILE at start (one error line on
# stderr, exit non-zero, nothing written); with LOG_FILE its run goes there
# as JSON lines while stderr keeps its one human error line on failure.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_updater
require_cmd python3
DB=$T/db/medicaments.db
mkdir -p "$T/db"

# refused NEEDLE VAR=VALUE...
refused() {
	_needle=$1
	shift
	RC=0
	env "$@" "$UPDATER" --source "file://$FIXTURES" --db "$DB" \
	    >"$T/stdout" 2>"$T/stderr" || RC=$?
	[ "$RC" -ne 0 ] || fail "accepted: $*"
	[ "$RC" -lt 128 ] || fail "died of signal $((RC - 128)): $*"
	assert_eq 1 "$(wc -l <"$T/stderr" | tr -d ' ')" "lines on stderr for: $*: $(cat "$T/stderr")"
	assert_contains "$(cat "$T/stderr")" "medicaments-updater: error: $_needle" "stderr for: $*"
	[ ! -e "$DB" ] || fail "$DB was created by: $*"
}

refused "ENV=staging" ENV=staging
refused "LOG_LEVEL=loud" LOG_LEVEL=loud
refused "LOG_FILE=$T/no/dir/updater.log" "LOG_FILE=$T/no/dir/updater.log"
refused "DOWNLOAD_RETRIES" "LOG_FILE=$T/updater.log" DOWNLOAD_RETRIES=x
# The refusal is in the file too.
assert_eq 1 "$(json_lines "$T/updater.log")" "JSON lines after a refusal"
assert_contains "$(cat "$T/updater.log")" '"level":"error","program":"medicaments-updater"' "error line"
assert_contains "$(cat "$T/updater.log")" 'DOWNLOAD_RETRIES' "error line"
rm -f "$T/updater.log"

# --check-config: the same checks without a run, exit 1 on a bad value
# (BDPM_BASE_URL's list included), the values a run would use otherwise.
check_config() {
	RC=0
	env -u BDPM_BASE_URL DOWNLOAD_EXTRA_CA_FILE= "$@" "$UPDATER" \
	    --check-config >"$T/stdout" 2>"$T/stderr" || RC=$?
}
check_config DB_PATH="$DB"
[ "$RC" -eq 0 ] || fail "--check-config refused the defaults: $(cat "$T/stderr")"
assert_contains "$(cat "$T/stdout")" "BDPM_BASE_URL=https://base-donnees-publique.medicaments.gouv.fr/index.php/download/file https://base-donnees-publique.medicaments.gouv.fr/download/file" "default bases"
check_config BDPM_BASE_URL="  http://127.0.0.1:1/new
	file:///srv/bdpm  " DOWNLOAD_RETRIES=2
[ "$RC" -eq 0 ] || fail "--check-config refused two bases: $(cat "$T/stderr")"
assert_contains "$(cat "$T/stdout")" "BDPM_BASE_URL=http://127.0.0.1:1/new file:///srv/bdpm" "bases normalised"
assert_contains "$(cat "$T/stdout")" "DOWNLOAD_RETRIES=2" "retries"
for bad in "https://a,https://b" "ftp://a" "https://a https://a" " " "www.example.org"; do
	check_config BDPM_BASE_URL="$bad"
	assert_eq 1 "$RC" "--check-config exit for BDPM_BASE_URL=\"$bad\""
	assert_contains "$(cat "$T/stderr")" "medicaments-updater: error: BDPM_BASE_URL" "--check-config error for \"$bad\""
done
check_config DOWNLOAD_TIMEOUT=soon
assert_eq 1 "$RC" "--check-config exit for DOWNLOAD_TIMEOUT=soon"
[ ! -e "$DB" ] || fail "--check-config wrote $DB"
# Every bad value has its line, in one run (common/env.c's style), the
# entry point's schedule included.
check_config DB_PATH="$DB" ENV=staging BDPM_BASE_URL=ftp://x \
    DOWNLOAD_CONNECT_TIMEOUT=0 DOWNLOAD_TIMEOUT=soon \
    DOWNLOAD_STALL_TIMEOUT=1.5 DOWNLOAD_RETRIES=11 DOWNLOAD_RETRY_DELAY=-1 \
    DOWNLOAD_MAX_BYTES=lots MIRROR_MAX_BYTES=0 \
    DOWNLOAD_CA_FILE="$T/nope.pem" UPDATE_TIMES="06:00 25:00" \
    UPDATE_RETRY_INTERVAL=9 LOGROTATE_INTERVAL=x MIRROR_INTERVAL=0 \
    MIRROR_URL=ftp://x UPDATER_BIN="$T" CHANGES_RETENTION_DAYS=-1
assert_eq 1 "$RC" "--check-config exit, every value bad"
[ ! -s "$T/stdout" ] || fail "values printed: $(cat "$T/stdout")"
for name in ENV BDPM_BASE_URL DOWNLOAD_CONNECT_TIMEOUT DOWNLOAD_TIMEOUT \
    DOWNLOAD_STALL_TIMEOUT DOWNLOAD_RETRIES DOWNLOAD_RETRY_DELAY \
    DOWNLOAD_MAX_BYTES MIRROR_MAX_BYTES DOWNLOAD_CA_FILE UPDATE_TIMES \
    UPDATE_RETRY_INTERVAL LOGROTATE_INTERVAL MIRROR_INTERVAL MIRROR_URL \
    UPDATER_BIN CHANGES_RETENTION_DAYS; do
	assert_eq 1 "$(grep -c "^medicaments-updater: error: ${name}[=:]" "$T/stderr")" \
	    "lines naming $name: $(cat "$T/stderr")"
done
assert_eq 17 "$(wc -l <"$T/stderr" | tr -d ' ')" "lines: $(cat "$T/stderr")"
# MIRROR_URL may carry a secret: named, never shown.
assert_not_contains "$(cat "$T/stderr")" "ftp://x: " "MIRROR_URL shown"
# Sizes and durations with units; the schedule normalised.
check_config DB_PATH="$DB" DOWNLOAD_MAX_BYTES=2MB MIRROR_MAX_BYTES=1GiB \
    DOWNLOAD_RETRY_DELAY=250ms DOWNLOAD_TIMEOUT=0600 UPDATE_TIMES="06:00,18:30" \
    MIRROR_INTERVAL=60
[ "$RC" -eq 0 ] || fail "--check-config refused good values: $(cat "$T/stderr")"
for line in DOWNLOAD_MAX_BYTES=2097152 MIRROR_MAX_BYTES=1073741824 \
    DOWNLOAD_RETRY_DELAY=0.250 DOWNLOAD_TIMEOUT=600 \
    "UPDATE_TIMES=06:00 18:30" UPDATE_RETRY_INTERVAL=900 \
    LOGROTATE_INTERVAL=300 MIRROR_INTERVAL=60; do
	grep -qx "$line" "$T/stdout" || fail "no line $line: $(cat "$T/stdout")"
done
# The defaults --help shows are the ones a run uses.
"$UPDATER" --help >"$T/help"
for name in DOWNLOAD_CONNECT_TIMEOUT DOWNLOAD_TIMEOUT DOWNLOAD_STALL_TIMEOUT \
    DOWNLOAD_RETRIES; do
	value=$(env -u "$name" -u BDPM_BASE_URL DOWNLOAD_EXTRA_CA_FILE= \
	    DB_PATH="$DB" "$UPDATER" --check-config | sed -n "s/^$name=//p")
	grep -q "^  $name .*\[$value\]\$" "$T/help" ||
	    fail "--help's default of $name is not $value: $(cat "$T/help")"
done

# A good run: silent on stderr, its story in the file.
RC=0
LOG_FILE=$T/updater.log LOG_LEVEL=debug "$UPDATER" --source "file://$FIXTURES" \
    --db "$DB" >"$T/stdout" 2>"$T/stderr" || RC=$?
[ "$RC" -eq 0 ] || fail "the update failed: $(cat "$T/stderr")"
[ ! -s "$T/stderr" ] || fail "stderr with LOG_FILE: $(cat "$T/stderr")"
n=$(json_lines "$T/updater.log")
[ "$n" -ge 2 ] || fail "only $n lines in LOG_FILE"
python3 - "$T/updater.log" <<'PY' || fail "LOG_FILE's lines lack a field"
import json, re, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    assert set(d) >= {"time", "level", "program", "pid", "msg"}, d
    assert d["program"] == "medicaments-updater", d
    assert d["level"] in ("debug", "info", "warn", "error"), d
    assert isinstance(d["pid"], int), d
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d", d["time"]), d
PY

# A failed run: one human line on stderr, the same error in the file.
RC=0
LOG_FILE=$T/updater.log "$UPDATER" --source "file://$T/nonexistent" --db "$DB" \
    >"$T/stdout" 2>"$T/stderr" || RC=$?
[ "$RC" -ne 0 ] || fail "an update from nowhere succeeded"
assert_eq 1 "$(wc -l <"$T/stderr" | tr -d ' ')" "lines on stderr: $(cat "$T/stderr")"
line=$(cat "$T/stderr")
assert_contains "$line" "medicaments-updater: error: " "stderr"
msg=${line#medicaments-updater: error: }
json_lines "$T/updater.log" >/dev/null
python3 - "$T/updater.log" "$msg" <<'PY' || fail "the error is not in LOG_FILE"
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert any(d["level"] == "error" and d["msg"] == sys.argv[2] for d in msgs), msgs[-3:]
PY
exit 0
