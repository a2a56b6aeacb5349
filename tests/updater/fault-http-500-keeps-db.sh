#!/bin/sh
# An HTTP 500 on a core file, still there after the retry, fails the update
# and leaves the database in place untouched.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
fault_keeps_db 500 CIS_bdpm.txt "HTTP 500" 2
