# Hardening flags for the release build, each one only where this compiler
# and linker take it without a warning (as AX_CHECK_COMPILE_FLAG and
# AX_CHECK_LINK_FLAG do, written out so that the tree needs no
# autoconf-archive).

# MAPI_CHECK_CFLAG(FLAG, VARIABLE): appends FLAG to VARIABLE when a program
# compiled and linked with it (and -Werror, so that "unknown option" warnings
# count) builds.
AC_DEFUN([MAPI_CHECK_CFLAG], [
  AC_MSG_CHECKING([whether $CC accepts $1])
  mapi_save_CFLAGS=$CFLAGS
  CFLAGS="$CFLAGS -Werror $1"
  AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
    [AC_MSG_RESULT([yes]); $2="${$2:+$$2 }$1"],
    [AC_MSG_RESULT([no])])
  CFLAGS=$mapi_save_CFLAGS
])

# MAPI_CHECK_LDFLAG(FLAG, VARIABLE): appends FLAG to VARIABLE when a program
# links with it.  GNU ld only warns about an -z keyword it does not know:
# --fatal-warnings, when the linker has it, makes that a refusal.
AC_DEFUN([MAPI_CHECK_LDFLAG], [
  AC_MSG_CHECKING([whether the linker accepts $1])
  mapi_save_LDFLAGS=$LDFLAGS
  LDFLAGS="$LDFLAGS $mapi_ld_fatal $1"
  AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
    [AC_MSG_RESULT([yes]); $2="${$2:+$$2 }$1"],
    [AC_MSG_RESULT([no])])
  LDFLAGS=$mapi_save_LDFLAGS
])

# MAPI_HARDENING: sets and substitutes HARDEN_CPPFLAGS, HARDEN_CFLAGS and
# HARDEN_LDFLAGS: -D_FORTIFY_SOURCE=2, -fstack-protector-strong, and
# -Wl,-z,relro -Wl,-z,now; --disable-hardening leaves them empty.
AC_DEFUN([MAPI_HARDENING], [
  AC_ARG_ENABLE([hardening],
    [AS_HELP_STRING([--disable-hardening],
      [build without _FORTIFY_SOURCE, the stack protector and full RELRO])],
    [], [enable_hardening=yes])
  HARDEN_CPPFLAGS=
  HARDEN_CFLAGS=
  HARDEN_LDFLAGS=
  AS_IF([test "x$enable_hardening" != xno], [
    MAPI_CHECK_CFLAG([-fstack-protector-strong], [HARDEN_CFLAGS])

    dnl _FORTIFY_SOURCE checks only optimised code (glibc warns without -O),
    dnl must not be defined twice (some compilers define it already), and
    dnl would hide from AddressSanitizer the calls it checks better itself.
    AC_MSG_CHECKING([whether to define _FORTIFY_SOURCE=2])
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[
#ifdef _FORTIFY_SOURCE
#error already defined
#endif
]])], [
      AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[
#ifndef __OPTIMIZE__
#error not optimised
#endif
]])], [
        AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[
#if defined __SANITIZE_ADDRESS__
#error AddressSanitizer
#endif
#if defined __has_feature
#if __has_feature(address_sanitizer)
#error AddressSanitizer
#endif
#endif
]])], [
          mapi_save_CPPFLAGS=$CPPFLAGS
          CPPFLAGS="$CPPFLAGS -D_FORTIFY_SOURCE=2"
          mapi_save_CFLAGS=$CFLAGS
          CFLAGS="$CFLAGS -Werror"
          AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <string.h>]],
              [[char b[8]; memcpy(b, "1234567", 8); return b[0];]])],
            [AC_MSG_RESULT([yes]); HARDEN_CPPFLAGS=-D_FORTIFY_SOURCE=2],
            [AC_MSG_RESULT([no (the compiler refuses it)])])
          CPPFLAGS=$mapi_save_CPPFLAGS
          CFLAGS=$mapi_save_CFLAGS
        ], [AC_MSG_RESULT([no (AddressSanitizer build: it checks those calls itself)])])
      ], [AC_MSG_RESULT([no (CFLAGS without -O: it needs optimisation)])])
    ], [AC_MSG_RESULT([no (already defined by the compiler or CPPFLAGS)])])

    mapi_ld_fatal=
    AC_MSG_CHECKING([whether the linker accepts -Wl,--fatal-warnings])
    mapi_save_LDFLAGS=$LDFLAGS
    LDFLAGS="$LDFLAGS -Wl,--fatal-warnings"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
      [AC_MSG_RESULT([yes]); mapi_ld_fatal=-Wl,--fatal-warnings],
      [AC_MSG_RESULT([no])])
    LDFLAGS=$mapi_save_LDFLAGS
    MAPI_CHECK_LDFLAG([-Wl,-z,relro], [HARDEN_LDFLAGS])
    MAPI_CHECK_LDFLAG([-Wl,-z,now], [HARDEN_LDFLAGS])
  ])
  AC_SUBST([HARDEN_CPPFLAGS])
  AC_SUBST([HARDEN_CFLAGS])
  AC_SUBST([HARDEN_LDFLAGS])
])
