/*
 * plot_gp.c -- script text shared by every chart: quoting, numbers,
 * terminal, title, key (see plot_gp.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "num.h"
#include "plot.h"
#include "plot_gp.h"

const char *const plot_gp_palette[PLOT_GP_NCOLOURS] = {
	"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
	"#000000", "#F0E442"
};

void
plot_gp_err(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errsz == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

/* Length of the UTF-8 sequence starting with byte c (1 for stray bytes). */
static size_t
u8len(unsigned char c)
{
	if (c >= 0xf0 && c < 0xf8)
		return 4;
	if (c >= 0xe0)
		return c < 0xf0 ? 3 : 1;
	if (c >= 0xc0)
		return 2;
	return 1;
}

/* Writes s[0..len) single-quoted, then suffix (ours) inside the quotes;
 * tic: for a tic label, which gnuplot uses as a format: '%' doubled. */
static void
quote_bytes(FILE *fp, const char *s, size_t len, const char *suffix,
    int tic)
{
	size_t i = 0;

	/* gnuplot reads two quotes at the start of a single-quoted string
	 * as the empty string (so a name starting with a quote made a
	 * syntax error): leading quotes go first, as our constant "\047"
	 * joined with '.'.  Not "'": gnuplot's @macro expansion toggles
	 * its in-quotes state on every quote character, also a single one
	 * inside double quotes, and would then expand @x in the data. */
	for (; i < len && s[i] == '\''; i++)
		fputs("\"\\047\".", fp);
	fputc('\'', fp);
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\'')
			fputs("''", fp);
		else if (c == '%' && tic)
			fputs("%%", fp);	/* tic labels are formats */
		else if (c < 0x20 || c == 0x7f)
			fputc(' ', fp);
		else
			fputc(c, fp);
	}
	fputs(suffix, fp);
	fputc('\'', fp);
}

/* Length in bytes of the first nchars UTF-8 characters of s. */
static size_t
u8prefix(const char *s, size_t nchars)
{
	size_t i = 0, n;

	while (s[i] != '\0' && nchars-- > 0) {
		n = u8len((unsigned char)s[i]);
		while (n-- > 0 && s[i] != '\0')
			i++;
	}
	return i;
}

void
plot_quote(FILE *fp, const char *s, size_t maxbytes)
{
	size_t i, n, len = strlen(s);

	if (maxbytes > 0 && len > maxbytes) {
		for (i = 0; i < len; i += n) {
			n = u8len((unsigned char)s[i]);
			if (i + n > maxbytes)
				break;
		}
		quote_bytes(fp, s, i, "...", 0);
	} else
		quote_bytes(fp, s, len, "", 0);
}

/* Counts UTF-8 characters in s. */
size_t
plot_gp_u8count(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Is byte c a blank for wrapping (space or a control character, which
 * plot_quote() turns into a space)? */
static int
isblank_(unsigned char c)
{
	return c == ' ' || c < 0x20 || c == 0x7f;
}

/*
 * Writes s as a label wrapped at blanks into lines of at most `width`
 * characters (longer words are cut), at most maxlines lines, the last
 * one ending in an ellipsis when text is left over: single-quoted pieces
 * joined by ."\n". (a constant of ours, never data).  Returns the number
 * of lines.
 */
int
plot_gp_wrapped(FILE *fp, const char *s, size_t width, int maxlines, int tic)
{
	const char *p = s, *brk, *q;
	size_t nb, k;
	int line;

	for (line = 1;; line++) {
		while (*p != '\0' && isblank_((unsigned char)*p))
			p++;
		if (plot_gp_u8count(p) <= width) {
			quote_bytes(fp, p, strlen(p), "", tic);
			return line;
		}
		if (line == maxlines) {
			quote_bytes(fp, p, u8prefix(p, width - 1),
			    "\xe2\x80\xa6",
			    tic);
			return line;
		}
		/* the last blank within width + 1 characters */
		nb = u8prefix(p, width + 1);
		brk = NULL;
		for (q = p, k = 0; k < nb; k++, q++)
			if (isblank_((unsigned char)*q) && q > p)
				brk = q;
		if (brk == NULL)
			brk = p + u8prefix(p, width);
		quote_bytes(fp, p, (size_t)(brk - p), "", tic);
		fputs(".\"\\n\".", fp);
		p = brk;
	}
}

/* A number for a datablock: plain decimal, NaN when missing. */
void
plot_gp_num(FILE *fp, double v)
{
	char buf[64];

	if (isnan(v) || isinf(v))
		fputs("NaN", fp);
	else
		fputs(num_fmt(buf, sizeof(buf), v, 6), fp);
}

/* n numbers of a datablock line, separated by spaces. */
void
plot_gp_nums(FILE *fp, size_t n, const double *v)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(' ', fp);
		plot_gp_num(fp, v[i]);
	}
}

char
plot_gp_idchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ? c : '_';
}

void
plot_gp_terminal(FILE *fp, const struct plot_opts *o)
{
	int w = o->width, h = o->height;
	const char *name;
	size_t i;

	fputs("set encoding utf8\n", fp);
	switch (o->term) {
	case PLOT_PNG:
		fprintf(fp, "set terminal pngcairo size %d,%d noenhanced "
		    "font 'DejaVu Sans,11' background '#ffffff'\n",
		    w > 0 ? w : 1280, h > 0 ? h : 720);
		break;
	case PLOT_SVG:
		name = o->svg_name != NULL && *o->svg_name != '\0' ?
		    o->svg_name : "cjm";
		fprintf(fp, "set terminal svg size %d,%d noenhanced "
		    "font 'DejaVu Sans,12' background '#ffffff' name '",
		    w > 0 ? w : 1100, h > 0 ? h : 620);
		for (i = 0; i < 40 && name[i] != '\0'; i++)
			fputc(plot_gp_idchar(name[i]), fp);
		fputs("'\n", fp);
		break;
	case PLOT_PDF:
		fprintf(fp, "set terminal pdfcairo size %.2fin,%.2fin "
		    "noenhanced font 'DejaVu Sans,9'\n",
		    (w > 0 ? w : 792) / 72.0, (h > 0 ? h : 446) / 72.0);
		break;
	case PLOT_DUMB:
		fprintf(fp, "set terminal dumb size %d,%d nofeed noenhanced\n",
		    w > 0 ? w : 120, h > 0 ? h : 40);
		break;
	}
}

/* The key, below the plot, above the footnote. */
void
plot_gp_key(FILE *fp, const struct plot_opts *o)
{
	if (o->term == PLOT_DUMB)
		fputs("set key outside below center horizontal\n", fp);
	else
		fputs("set key at screen 0.5, character 2.4 center center "
		    "horizontal samplen 2 spacing 1.2 width 2 font ',10'\n",
		    fp);
}

/* Characters per x slot of a graphic chart, for wrapping names: the
 * plot is about 80% of the width, a tic character about 7.5 px (6 pt in
 * PDFs). */
size_t
plot_gp_wrap_cols(const struct plot_opts *o, size_t nslots)
{
	double w = o->width > 0 ? o->width : o->term == PLOT_SVG ? 1100 :
	    o->term == PLOT_PDF ? 792 : 1280;
	double c = w * 0.8 / (double)(nslots > 0 ? nslots : 1) /
	    (o->term == PLOT_PDF ? 6 : 7.5);

	return c < 6 ? 6 : c > 18 ? 18 : (size_t)c;
}

/* Text columns per x slot on the dumb terminal. */
size_t
plot_gp_dumb_cols(const struct plot_opts *o, size_t nslots)
{
	int w = o->width > 0 ? o->width : 120;
	long c = (w - 24) / (long)(nslots > 0 ? nslots : 1) - 1;

	return c < 3 ? 3 : (size_t)c;
}

/* The automatic or given title, with a second line of context. */
void
plot_gp_title(FILE *fp, const struct plot_opts *o, const char *auto_title,
    const char *segment, const char *period)
{
	if (o->title != NULL) {
		if (*o->title != '\0') {
			fputs("set title ", fp);
			plot_quote(fp, o->title, 200);
			fputs(" font ',15'\n", fp);
		}
		return;
	}
	fprintf(fp, "set title '%s'", auto_title);
	if ((segment != NULL && *segment != '\0') ||
	    (period != NULL && *period != '\0')) {
		fputs(o->term == PLOT_DUMB ? ".'  --  '." : ".\"\\n\".", fp);
		if (segment != NULL && *segment != '\0') {
			fputs("'Segment: '.", fp);
			plot_quote(fp, segment, 80);
		}
		if (period != NULL && *period != '\0') {
			if (segment != NULL && *segment != '\0')
				fputs(".'   ·   '.", fp);
			fputs("'Period: '.", fp);
			plot_quote(fp, period, 40);
		}
	}
	fputs(o->term == PLOT_DUMB ? " offset 0,1\n" : " font ',15'\n", fp);
}

const char *
plot_gp_metric_label(const char *m)
{
	if (plot_gp_streq(m, "nps"))
		return "NPS";
	if (plot_gp_streq(m, "csat"))
		return "CSAT";
	return "CES";
}

int
plot_gp_metric_index(const char *m)
{
	return plot_gp_streq(m, "ces") ? 0 : plot_gp_streq(m, "nps") ? 1 : 2;
}

/* The confidence level of the rows as a percentage ("95%"), or "". */
void
plot_gp_conf_text(const struct plot_kpi *const *rows, size_t n, char *buf,
    size_t bufsz)
{
	size_t i;

	*buf = '\0';
	for (i = 0; i < n; i++)
		if (!isnan(rows[i]->conf) && rows[i]->conf > 0 &&
		    rows[i]->conf < 1) {
			snprintf(buf, bufsz, "%g%% ", rows[i]->conf * 100);
			return;
		}
}

/* Appends distinct values to a list for messages: "a, b, c". */
void
plot_gp_list_add(char *buf, size_t bufsz, const char *v)
{
	size_t len = strlen(buf);
	char item[64];

	if (*v == '\0')
		snprintf(item, sizeof(item), "(none)");
	else
		snprintf(item, sizeof(item), "'%.40s'", v);
	if (strstr(buf, item) != NULL || len + 8 >= bufsz)
		return;
	if (len > 200) {
		if (strcmp(buf + len - 3, "...") != 0)
			snprintf(buf + len, bufsz - len, ", ...");
		return;
	}
	snprintf(buf + len, bufsz - len, "%s%s", len > 0 ? ", " : "", item);
}
