# --enable-static-worker: medicaments-fcgi with SQLite, json-c and libfcgi
# linked in.  A CGI request is a whole process: the dynamic loader
# relocating Debian's libsqlite3 (built BIND_NOW), json-c and libfcgi cost
# a third of one (bench/cgi), and shared hosts rarely have libfcgi or json-c
# installed.  Packagers keep the shared libraries: the default is no.

# MAPI_STATIC_WORKER: sets and substitutes WORKER_LIBS, the libraries
# medicaments-fcgi links besides ISA-L: pkg-config's flags, or with
# --enable-static-worker the three archives between -Wl,-Bstatic and
# -Wl,-Bdynamic, followed by what they need themselves (pkg-config
# --static: libsqlite3.a's -lm, ...), still shared.  Needs JSONC_LIBS,
# SQLITE_LIBS and FCGI_LIBS (PKG_CHECK_MODULES) first.
AC_DEFUN([MAPI_STATIC_WORKER], [
  AC_ARG_ENABLE([static-worker],
    [AS_HELP_STRING([--enable-static-worker],
      [link SQLite, json-c and libfcgi statically into medicaments-fcgi
       (CGI start-up, shared hosting; default: no)])],
    [], [enable_static_worker=no])
  WORKER_LIBS="$JSONC_LIBS $SQLITE_LIBS $FCGI_LIBS"
  AS_IF([test "x$enable_static_worker" = xyes], [
    mapi_pkgs="json-c sqlite3 fcgi"
    dnl echo: pkg-config's trailing blanks out of the messages.
    mapi_own=`echo $($PKG_CONFIG --libs-only-l $mapi_pkgs)`
    mapi_dirs=`echo $($PKG_CONFIG --libs-only-L $mapi_pkgs)`
    mapi_other=`echo $($PKG_CONFIG --static --libs-only-other $mapi_pkgs)`
    dnl What the archives need, without the archives themselves.
    mapi_deps=
    for mapi_l in `$PKG_CONFIG --static --libs-only-l $mapi_pkgs`; do
      case " $mapi_own $mapi_deps " in
        *" $mapi_l "*) ;;
        *) mapi_deps="$mapi_deps $mapi_l" ;;
      esac
    done
    WORKER_LIBS=`echo $mapi_dirs -Wl,-Bstatic $mapi_own -Wl,-Bdynamic $mapi_other$mapi_deps`
    dnl One link test per archive, so that the message names the missing one
    dnl (Debian: libsqlite3-dev, libjson-c-dev and libfcgi-dev ship them).
    for mapi_pkg in $mapi_pkgs; do
      case $mapi_pkg in
        json-c) mapi_call='json_object_put(json_object_new_int(1))'
                mapi_decl='struct json_object; struct json_object *json_object_new_int(int); int json_object_put(struct json_object *);' ;;
        sqlite3) mapi_call='sqlite3_libversion()'
                 mapi_decl='const char *sqlite3_libversion(void);' ;;
        fcgi) mapi_call='FCGX_IsCGI()'
              mapi_decl='int FCGX_IsCGI(void);' ;;
      esac
      mapi_lib=`echo $($PKG_CONFIG --libs-only-l $mapi_pkg)`
      AC_MSG_CHECKING([whether $mapi_pkg links statically ($mapi_lib)])
      mapi_save_LIBS=$LIBS
      LIBS="$mapi_dirs -Wl,-Bstatic $mapi_lib -Wl,-Bdynamic $mapi_other$mapi_deps $ZLIB_LIBS $LIBS"
      AC_LINK_IFELSE([AC_LANG_PROGRAM([$mapi_decl], [return $mapi_call != 0;])],
        [AC_MSG_RESULT([yes])],
        [AC_MSG_RESULT([no])
         AC_MSG_ERROR([--enable-static-worker: no static $mapi_pkg library: a program does not link with -Wl,-Bstatic $mapi_lib (install lib$mapi_pkg.a, on Debian in lib$mapi_pkg-dev; or configure without --enable-static-worker)])])
      LIBS=$mapi_save_LIBS
    done
  ])
  AC_SUBST([WORKER_LIBS])
])
