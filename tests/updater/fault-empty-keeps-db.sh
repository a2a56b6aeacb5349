#!/bin/sh
# An empty body with status 200 fails the update; the database in place
# stays untouched.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
fault_keeps_db empty CIS_CPD_bdpm.txt "empty"
