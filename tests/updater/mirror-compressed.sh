#!/bin/sh
# --mirror asks for the database compressed (Accept-Encoding: zstd and
# gzip, libcurl's decoders, streamed into the temporary file) and checks
# what the decoding gives like any mirrored file: from a builder with both
# forms it takes zstd, from one with gzip alone gzip, from an older one
# the plain file, each time the builder's bytes exactly.  A damaged
# compressed file (cut short, bytes flipped) is refused with the database
# in place untouched.  A mirror writes the compressed forms of what it
# publishes too.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/updater/mirror-lib.sh"
require_updater
require_cmd zstd gzip python3

build_source first.db
build_source second.db
build_source third.db
build_source fourth.db
zstd -q -3 "$SRC/first.db" -o "$SRC/first.db.zst"
gzip -1 -c "$SRC/first.db" >"$SRC/first.db.gz"
gzip -1 -c "$SRC/second.db" >"$SRC/second.db.gz"
start_db_server

# mirrored NAME CODING: the run published $SRC/NAME, sent as CODING.
mirrored() {
	[ "$RC" -eq 0 ] || fail "mirroring $1: exit $RC"
	assert_eq "$(checksum "$SRC/$1")" "$(checksum "$REPLICA")" "the replica of $1"
	assert_eq "$2" "$(db_server_field coding "/ok/$1")" "coding of $1"
	_ae=$(db_server_field accept_encoding "/ok/$1")
	assert_contains "$_ae" zstd "Accept-Encoding for $1"
	assert_contains "$_ae" gzip "Accept-Encoding for $1"
	assert_no_temp_files "$T/replica"
}

mirror "$DB_BASE/ok/first.db"
mirrored first.db zstd
# A mirror offers the same forms as its builder.
ino=$(stat -c %i "$REPLICA")
zstd -q -d -c "$REPLICA.versions/$ino.db.zst" | cmp -s - "$REPLICA" ||
    fail "the replica's zstd form is not its database"
gzip -d -c "$REPLICA.versions/$ino.db.gz" | cmp -s - "$REPLICA" ||
    fail "the replica's gzip form is not its database"

mirror "$DB_BASE/ok/second.db"
mirrored second.db gzip
mirror "$DB_BASE/ok/third.db"
mirrored third.db identity
SUM=$(checksum "$REPLICA")

# refused NAME NEEDLE...: the run fails with one error line holding every
# NEEDLE, the database in place untouched.
refused() {
	_name=$1
	shift
	mirror "$DB_BASE/ok/$_name"
	assert_failed_with "$@"
	assert_db_untouched "$REPLICA" "$SUM"
	assert_eq '"failed"' "$(status_field result)" "result ($_name)"
}

# A zstd file cut short (a builder's disk full, a proxy): the plain file
# beside it is whole, but the mirror took zstd.
cp "$SRC/fourth.db" "$SRC/cut.db"
zstd -q -3 -c "$SRC/fourth.db" >"$T/fourth.zst"
head -c $(($(stat -c %s "$T/fourth.zst") / 2)) "$T/fourth.zst" >"$SRC/cut.db.zst"
refused cut.db "refused" "truncated"
assert_eq zstd "$(db_server_field coding /ok/cut.db)" "coding of the cut file"

# flip FILE: flips bits of 16 bytes in the middle of FILE.
flip() {
	python3 - "$1" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    data = bytearray(f.read())
    for i in range(len(data) // 2, len(data) // 2 + 16):
        data[i] ^= 0x5A
    f.seek(0)
    f.write(data)
PY
}

# Flipped bytes in a zstd frame: its checksum (or its structure) fails.
cp "$SRC/fourth.db" "$SRC/flipped.db"
cp "$T/fourth.zst" "$SRC/flipped.db.zst"
flip "$SRC/flipped.db.zst"
refused flipped.db "bad HTTP Content"
assert_eq 1 "$(db_server_field counts /ok/flipped.db)" "attempts on a damaged frame (not a transient failure)"
# ... and in a gzip member: its CRC (or its structure) fails.
cp "$SRC/fourth.db" "$SRC/flipgz.db"
gzip -1 -c "$SRC/fourth.db" >"$SRC/flipgz.db.gz"
flip "$SRC/flipgz.db.gz"
refused flipgz.db "content unencoding" "incorrect data check"

# The whole file then: published.
mirror "$DB_BASE/ok/fourth.db"
mirrored fourth.db identity
