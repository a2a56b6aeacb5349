#!/bin/sh
# A body cut short (fewer bytes than Content-Length) is retried, then fails
# the update; the database in place stays untouched.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
fault_keeps_db truncated CIS_GENER_bdpm.txt "truncated" 2
