/*
 * html.c -- HTML escaping; see html.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "xmalloc.h"

static const char *subst(unsigned char);

/* Length of a bidirectional control at p (UTF-8 E2 80 AA-AE, E2 81
 * A6-A9), else 0. */
static size_t
bidi(const unsigned char *p)
{
	if (p[0] != 0xe2)
		return 0;
	if ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
	    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))
		return 3;
	return 0;
}

static void
esc(FILE *fp, const char *s, int flat)
{
	const unsigned char *p;
	const char *e;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (bidi(p) != 0)
			p += 2;
		else if (flat && (*p == '\t' || *p == '\n'))
			putc(' ', fp);
		else if ((e = subst(*p)) != NULL)
			fputs(e, fp);
		else
			putc(*p, fp);
	}
}

void
html_esc(FILE *fp, const char *s)
{
	esc(fp, s, 0);
}

void
html_esc_flat(FILE *fp, const char *s)
{
	esc(fp, s, 1);
}

/* The replacement of byte c: its entity, "" (dropped) or NULL (kept). */
static const char *
subst(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '\t':
	case '\n':
		return NULL;
	default:
		return c < 0x20 || c == 0x7f ? "" : NULL;
	}
}

char *
html_esc_str(const char *s)
{
	const unsigned char *p;
	const char *e;
	size_t n = 1;
	char *buf, *q;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		n += (e = subst(*p)) != NULL ? strlen(e) : 1;
	q = buf = xmalloc(n);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (bidi(p) != 0)
			p += 2;
		else if ((e = subst(*p)) != NULL) {
			memcpy(q, e, strlen(e));
			q += strlen(e);
		} else
			*q++ = (char)*p;
	}
	*q = '\0';
	return buf;
}
