#!/bin/sh
# Bad command lines and environment values are refused before anything is
# downloaded or written: non-zero exit, one clear line on stderr.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater

DB=$T/db/medicaments.db
mkdir -p "$T/db"

# refused NEEDLE COMMAND...: COMMAND fails with one stderr line holding NEEDLE.
refused() {
	_needle=$1
	shift
	RC=0
	"$@" >"$T/stdout" 2>"$T/stderr" || RC=$?
	[ "$RC" -ne 0 ] || fail "accepted: $*"
	[ "$RC" -lt 128 ] || fail "died of signal $((RC - 128)): $*"
	assert_eq 1 "$(wc -l <"$T/stderr" | tr -d ' ')" "lines on stderr for: $*
$(cat "$T/stderr")"
	assert_contains "$(cat "$T/stderr")" "$_needle" "stderr for: $*"
	[ ! -e "$DB" ] || fail "$DB was created by: $*"
}

refused ftp:// "$UPDATER" --source ftp://example.org/bdpm --db "$DB"
refused "not-a-url" "$UPDATER" --source not-a-url --db "$DB"
refused "--bogus" "$UPDATER" --bogus --db "$DB"
refused "extra" "$UPDATER" --db "$DB" extra
refused gopher://example.org env BDPM_BASE_URL=gopher://example.org "$UPDATER" --db "$DB"
# BDPM_BASE_URL (and --source): bases separated by white space, each checked.
# Every bad value has its line: the extra certificates an https:// base
# needs, not installed by this build, are none here.
refused_bases() {
	refused "$1" env DOWNLOAD_EXTRA_CA_FILE= BDPM_BASE_URL="$2" "$UPDATER" \
	    --db "$DB"
}
refused_bases 'BDPM_BASE_URL: "ftp://x": unsupported scheme' "https://a.example ftp://x"
refused_bases 'BDPM_BASE_URL: "not-a-url" is not a URL' "file:///x not-a-url"
refused_bases 'BDPM_BASE_URL: "," is not a URL' "https://a.example , https://b.example"
refused_bases 'BDPM_BASE_URL: "https://a.example,https://b.example" holds two URLs' \
    "https://a.example,https://b.example"
refused_bases 'BDPM_BASE_URL: "https://a.example/x" is listed twice' \
    "https://a.example/x http://b.example https://a.example/x/"
refused_bases 'BDPM_BASE_URL: no URL in' "  	 "
refused_bases 'BDPM_BASE_URL: "https:///x" names no host' "https:///x"
refused_bases 'BDPM_BASE_URL: "file://" names no host nor directory' "file://"
refused_bases 'BDPM_BASE_URL: more than 8 URLs' "$(seq -f 'https://a.example/%g' 1 9 | tr '\n' ' ')"
refused_bases 'is longer than 256 bytes' "https://a.example/$(printf '%0300d' 0)"
refused '--source: "https://a.example" is listed twice' \
    env DOWNLOAD_EXTRA_CA_FILE= "$UPDATER" \
    --source "https://a.example https://a.example" --db "$DB"
refused DOWNLOAD_RETRIES env DOWNLOAD_RETRIES=abc "$UPDATER" --source file:///nonexistent --db "$DB"
refused DOWNLOAD_RETRIES env DOWNLOAD_RETRIES=11 "$UPDATER" --source file:///nonexistent --db "$DB"
refused DOWNLOAD_RETRY_DELAY env DOWNLOAD_RETRY_DELAY=-1 "$UPDATER" --source file:///nonexistent --db "$DB"
refused DOWNLOAD_TIMEOUT env DOWNLOAD_TIMEOUT=0 "$UPDATER" --source file:///nonexistent --db "$DB"
refused DOWNLOAD_STALL_TIMEOUT env DOWNLOAD_STALL_TIMEOUT=1.5 "$UPDATER" --source file:///nonexistent --db "$DB"
refused DOWNLOAD_MAX_BYTES env DOWNLOAD_MAX_BYTES=lots "$UPDATER" --source file:///nonexistent --db "$DB"
refused DOWNLOAD_CONNECT_TIMEOUT env DOWNLOAD_CONNECT_TIMEOUT=-3 "$UPDATER" --source file:///nonexistent --db "$DB"
refused MIRROR_MAX_BYTES env MIRROR_MAX_BYTES=0 "$UPDATER" --mirror file:///nonexistent --db "$DB"
refused ftp:// "$UPDATER" --mirror ftp://example.org/medicaments.db --db "$DB"
refused "go alone" "$UPDATER" --mirror file:///nonexistent --source file:///nonexistent --db "$DB"
refused "go alone" "$UPDATER" --mirror file:///nonexistent --force --db "$DB"
exit 0
