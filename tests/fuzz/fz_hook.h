/*
 * fz_hook.h -- forced in front of every lib/ and cmd/ source of the
 * libFuzzer build (make fuzz: clang -include tests/fuzz/fz_hook.h), so
 * that a tool's main() can run many times in one process (tests/fuzz/fz.c):
 *
 *  - exit() and atexit() go to the driver: a tool that dies returns to
 *    the harness, which runs the tool's exit handlers and checks the
 *    status;
 *  - the stdio streams the code opens are recorded, so that the driver
 *    closes what a dying tool left open, as exit() would;
 *  - every variable with static storage goes into the sections fz_data
 *    and fz_bss, which the driver restores before each run: every run
 *    starts from a fresh process's state, whatever statics the tools and
 *    modules gain.
 *
 * The normal build never sees this file; no source names anything here.
 */
#ifndef FZ_HOOK_H
#define FZ_HOOK_H

#include <stdio.h>
#include <stdlib.h>

_Noreturn void	 fz_exit(int);
int		 fz_atexit(void (*)(void));
FILE		*fz_fopen(const char *, const char *);
FILE		*fz_fdopen(int, const char *);
FILE		*fz_fmemopen(void *, size_t, const char *);
FILE		*fz_open_memstream(char **, size_t *);
FILE		*fz_fopencookie(void *, const char *, cookie_io_functions_t);
FILE		*fz_tmpfile(void);
int		 fz_fclose(FILE *);

#define exit(s)			fz_exit(s)
#define atexit(f)		fz_atexit(f)
#define fopen(p, m)		fz_fopen(p, m)
#define fdopen(d, m)		fz_fdopen(d, m)
#define fmemopen(b, n, m)	fz_fmemopen(b, n, m)
#define open_memstream(p, n)	fz_open_memstream(p, n)
#define fopencookie(c, m, f)	fz_fopencookie(c, m, f)
#define tmpfile()		fz_tmpfile()
#define fclose(f)		fz_fclose(f)

#pragma clang section bss = "fz_bss" data = "fz_data"

#endif
