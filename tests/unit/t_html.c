/*
 * t_html.c -- HTML escaping: markup from the data never survives as
 * markup.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "t.h"

static void
check(const char *in, const char *want)
{
	char *got = html_esc_str(in);

	T_STREQ(got, want);
	free(got);
}

/* What html_esc()/html_esc_flat() write for in. */
static char *
stream(const char *in, int flat)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (flat)
		html_esc_flat(fp, in);
	else
		html_esc(fp, in);
	fclose(fp);
	return buf;
}

int
main(void)
{
	char *s;

	check("", "");
	check("Checkout", "Checkout");
	check("<script>alert(1)</script>",
	    "&lt;script&gt;alert(1)&lt;/script&gt;");
	check("<img src=x onerror=alert(1)>",
	    "&lt;img src=x onerror=alert(1)&gt;");
	check("a & b", "a &amp; b");
	check("&amp;", "&amp;amp;");
	check("\"quoted\" 'single'", "&quot;quoted&quot; &#39;single&#39;");
	check("x\" onmouseover=\"y", "x&quot; onmouseover=&quot;y");
	check("caf\xc3\xa9 \xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac");
	check("bell\a esc\x1b[31m del\x7f cr\r", "bell esc[31m del cr");
	check("two\nlines\tand tab", "two\nlines\tand tab");
	/* U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LRI, U+2069 PDI go;
	 * U+200B and U+2030 (per mille) stay. */
	check("a\xe2\x80\xae" "b\xe2\x81\xa6" "c\xe2\x81\xa9" "d",
	    "abcd");
	check("x\xe2\x80\x8by\xe2\x80\xb0", "x\xe2\x80\x8by\xe2\x80\xb0");

	s = stream("<b>\"x\"\n&\ty", 0);
	T_STREQ(s, "&lt;b&gt;&quot;x&quot;\n&amp;\ty");
	free(s);
	s = stream("<b>\"x\"\n&\ty\x01\xe2\x80\xae", 1);
	T_STREQ(s, "&lt;b&gt;&quot;x&quot; &amp; y");
	free(s);

	/* No '<' or '>' or quote can come out of any single byte. */
	{
		char in[2] = { 0, 0 };
		int c, bad = 0;

		for (c = 1; c < 256; c++) {
			in[0] = (char)c;
			s = html_esc_str(in);
			if (strpbrk(s, "<>\"'") != NULL)
				bad++;
			free(s);
		}
		T_CHECK(bad == 0);
	}
	return t_done("t_html");
}
