#!/bin/sh
# A connection that stops sending (headers and a few bytes, then nothing)
# is given up after DOWNLOAD_STALL_TIMEOUT, retried, then fails the update;
# the database in place stays untouched.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
fault_keeps_db stall CIS_bdpm.txt "stalled" 2
