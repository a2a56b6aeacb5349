#!/bin/sh
# An HTML error page served with status 200 is not a BDPM file: the update
# fails and the database in place stays untouched.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
fault_keeps_db html CIS_COMPO_bdpm.txt "HTML"
