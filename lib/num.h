/*
 * num.h -- numbers in the interchange format.
 *
 * The tools never call setlocale(), so they run in the C locale and
 * strtod()/printf() use '.' whatever LC_ALL says: output is the same
 * bytes under LC_ALL=fr_FR.UTF-8.  A missing value is an empty field;
 * NAN is printed as an empty field.
 */
#ifndef NUM_H
#define NUM_H

#include <stddef.h>

/*
 * Parses a plain decimal number: optional sign, digits, optional
 * fraction, optional exponent; no spaces, no hex, no inf/nan.  With
 * comma_ok, a ',' is accepted as the decimal mark (exports from
 * semicolon-delimited European spreadsheets).  Returns 0 and *v, -1 when
 * s is not such a number (including the empty string).
 */
int	 num_parse(const char *s, double *v);
int	 num_parse_comma(const char *s, int comma_ok, double *v);

/* Parses a whole number in [lo, hi]; 0 ok, -1 not a whole number or out
 * of range. */
int	 num_parse_long(const char *s, long lo, long hi, long *v);

/*
 * Formats v with at most `decimals` decimals, trailing zeros and a
 * trailing point removed, "-0" printed as "0", NAN as "" (inf as "inf",
 * "-inf").  A number too long for buf loses decimals, then takes the
 * exponent form (%g, as many digits as fit: "1e+100"); it is never cut
 * short.  Returns buf.
 */
char	*num_fmt(char *buf, size_t size, double v, int decimals);

/*
 * As num_fmt with 6 decimals, but keeping 6 significant digits below 0.1
 * (more decimals, trailing zeros dropped) and, below 1e-9, the exponent
 * form with 6 significant digits ("1.74219e-12"), so that a small
 * positive number never prints as 0: p-values, weight sums.
 */
char	*num_fmt_sig(char *buf, size_t size, double v);

/* %.17g: parses back to the same double (sums carried between tools). */
char	*num_fmt_exact(char *buf, size_t size, double v);

/*
 * The shortest text that parses back to the same double (a number one
 * tool writes and the next reads: a weight, a target): as a plain
 * decimal when that takes at most 32 characters (0.1, 1e-13 as
 * 0.0000000000001, 2.5e20 as 250000000000000000000), else in exponent
 * form (1e-300, 1.7976931348623157e+308).  "-0" is "0", NAN "" (size
 * >= 32).  Returns buf.
 */
char	*num_fmt_short(char *buf, size_t size, double v);

#endif
