#!/bin/sh
# A 404 on a core file fails the update at once (a 4xx is not retried) and
# leaves the database in place untouched.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
fault_keeps_db 404 CIS_CIP_bdpm.txt "HTTP 404" 1
