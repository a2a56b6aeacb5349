# medicaments-supervise: runs lighttpd and restarts the access log's
# follower whenever it dies (script/lighttpd-run with LOG_DIR).
bin_PROGRAMS += supervise/medicaments-supervise
supervise_medicaments_supervise_SOURCES = supervise/supervise.c
supervise_medicaments_supervise_LDADD = common/libcommon.a
