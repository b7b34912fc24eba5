/*
 * html.h -- text from the data, made safe for an HTML page.
 *
 * Every byte string that comes from an input file (a touchpoint name, a
 * comment, a segment) goes into HTML only through these functions:
 *	&  <  >  "  '	become	&amp; &lt; &gt; &quot; &#39;
 * so the text can never open a tag, close an attribute or start an
 * entity, in element content and in quoted attribute values alike.
 * Control characters (bytes 0x00-0x1f and 0x7f) other than tab and LF
 * are dropped, and so are the Unicode bidirectional controls (U+202A-
 * U+202E, U+2066-U+2069), so that data cannot reorder the text around
 * it; with html_esc_flat() tab and LF become a space too (for one-line
 * contexts).  Other bytes, UTF-8 included, are kept as they are.
 */
#ifndef HTML_H
#define HTML_H

#include <stddef.h>
#include <stdio.h>

/* Writes s escaped to fp. */
void	 html_esc(FILE *fp, const char *s);
/* The same, with tab and LF written as one space. */
void	 html_esc_flat(FILE *fp, const char *s);
/* Returns a malloc'd escaped copy of s (caller frees). */
char	*html_esc_str(const char *s);

#endif
