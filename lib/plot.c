/*
 * plot.c -- see plot.h.
 *
 * Scripts are built with open_memstream().  The rules that keep the data
 * inert: strings only through plot_quote() (single-quoted, control
 * characters blanked), datablocks only through put_num() (numbers and
 * NaN), terminal "noenhanced".
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvr.h"
#include "err.h"
#include "hdr.h"
#include "num.h"
#include "plot.h"
#include "xmalloc.h"

struct plot_data {
	struct plot_kpi	*kpi;
	size_t		 nkpi, capkpi;
	struct plot_cmp	*cmp;
	size_t		 ncmp, capcmp;
};

/* Okabe-Ito: blue, vermillion, bluish green, reddish purple, orange, sky
 * blue, black, yellow. */
static const char *const okabe_ito[] = {
	"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
	"#000000", "#F0E442"
};
#define NCOLOURS	(sizeof(okabe_ito) / sizeof(okabe_ito[0]))
#define C_CES		"#0072B2"
#define C_NPS		"#D55E00"
#define C_CSAT		"#009E73"
#define C_NET		"#0072B2"
#define C_LOW		"#999999"
#define C_BAD		"#D55E00"
#define C_MID		"#BBBBBB"
#define C_GOOD		"#0072B2"
#define C_RISE		"#009E73"

static void
seterr(char *err, size_t errsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
seterr(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errsz == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

static int
streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* ---- reading tables ---- */

enum ctype { C_STR, C_NUM, C_LONG, C_BOOL, C_LEVEL, C_METRIC, C_FLAG };

struct col {
	const char	*name;
	int		 required;
	enum ctype	 type;
	size_t		 off;		/* into struct plot_kpi / plot_cmp */
	int		 idx;		/* in the header; -1 absent */
};

#define K(n, r, t, f)	{ n, r, t, offsetof(struct plot_kpi, f), -1 }
static const struct col kpi_cols[] = {
	K("level", 1, C_LEVEL, journey),
	K("step", 1, C_LONG, step),
	K("stage", 1, C_STR, stage),
	K("touchpoint", 1, C_STR, touchpoint),
	K("channel", 0, C_STR, channel),
	K("segment", 1, C_STR, segment),
	K("period", 1, C_STR, period),
	K("metric", 1, C_METRIC, metric),
	K("scale", 1, C_STR, scale),
	K("kpi", 1, C_STR, kpi),
	K("target", 0, C_NUM, target),
	K("n", 1, C_NUM, n),
	K("low_base", 1, C_BOOL, low_base),
	K("value", 1, C_NUM, value),
	K("ci_low", 1, C_NUM, ci_low),
	K("ci_high", 1, C_NUM, ci_high),
	K("conf", 0, C_NUM, conf),
	K("pct_top", 1, C_NUM, pct_top),
	K("pct_mid", 1, C_NUM, pct_mid),
	K("pct_bottom", 1, C_NUM, pct_bottom),
	K("net", 1, C_NUM, net),
	K("net_low", 1, C_NUM, net_low),
	K("net_high", 1, C_NUM, net_high),
	K("mean", 0, C_NUM, mean),
	K("mean_low", 0, C_NUM, mean_low),
	K("mean_high", 0, C_NUM, mean_high),
};
#undef K

#define Q(n, r, t, f)	{ n, r, t, offsetof(struct plot_cmp, f), -1 }
static const struct col cmp_cols[] = {
	Q("level", 0, C_LEVEL, journey),
	Q("stage", 1, C_STR, stage),
	Q("touchpoint", 1, C_STR, touchpoint),
	Q("channel", 0, C_STR, channel),
	Q("segment", 1, C_STR, segment),
	Q("metric", 1, C_METRIC, metric),
	Q("kpi", 0, C_STR, kpi),
	Q("period_prev", 0, C_STR, period_prev),
	Q("period_cur", 1, C_STR, period_cur),
	Q("diff", 0, C_NUM, diff),
	Q("diff_low", 0, C_NUM, diff_low),
	Q("diff_high", 0, C_NUM, diff_high),
	Q("p_adj", 0, C_NUM, p_adj),
	Q("flag", 1, C_FLAG, flag),
};
#undef Q

#define NKPICOLS	(sizeof(kpi_cols) / sizeof(kpi_cols[0]))
#define NCMPCOLS	(sizeof(cmp_cols) / sizeof(cmp_cols[0]))

/* ---- rows ---- */

struct plot_data *
plot_data_new(void)
{
	return xcalloc(1, sizeof(struct plot_data));
}

/*
 * The string fields of a row are the C_STR and C_METRIC columns of its
 * table: copies them (copy: NULL as "") or frees them.
 */
static void
row_strings(const struct col *c, size_t n, void *row, int copy)
{
	char **s;

	for (; n > 0; c++, n--) {
		if (c->type != C_STR && c->type != C_METRIC)
			continue;
		s = (char **)(void *)((char *)row + c->off);
		if (copy)
			*s = xstrdup(*s != NULL ? *s : "");
		else
			free(*s);
	}
}

void
plot_data_add_kpi(struct plot_data *d, const struct plot_kpi *k)
{
	if (d->nkpi == d->capkpi) {
		d->capkpi = d->capkpi ? 2 * d->capkpi : 32;
		d->kpi = xreallocarray(d->kpi, d->capkpi, sizeof(*d->kpi));
	}
	d->kpi[d->nkpi] = *k;
	row_strings(kpi_cols, NKPICOLS, &d->kpi[d->nkpi++], 1);
}

void
plot_data_add_cmp(struct plot_data *d, const struct plot_cmp *c)
{
	if (d->ncmp == d->capcmp) {
		d->capcmp = d->capcmp ? 2 * d->capcmp : 32;
		d->cmp = xreallocarray(d->cmp, d->capcmp, sizeof(*d->cmp));
	}
	d->cmp[d->ncmp] = *c;
	row_strings(cmp_cols, NCMPCOLS, &d->cmp[d->ncmp++], 1);
}

void
plot_data_free(struct plot_data *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nkpi; i++)
		row_strings(kpi_cols, NKPICOLS, &d->kpi[i], 0);
	for (i = 0; i < d->ncmp; i++)
		row_strings(cmp_cols, NCMPCOLS, &d->cmp[i], 0);
	free(d->kpi);
	free(d->cmp);
	free(d);
}

size_t
plot_data_nkpi(const struct plot_data *d)
{
	return d->nkpi;
}

const struct plot_kpi *
plot_data_kpi(const struct plot_data *d, size_t i)
{
	return i < d->nkpi ? &d->kpi[i] : NULL;
}

size_t
plot_data_ncmp(const struct plot_data *d)
{
	return d->ncmp;
}

const struct plot_cmp *
plot_data_cmp(const struct plot_data *d, size_t i)
{
	return i < d->ncmp ? &d->cmp[i] : NULL;
}

/* Converts one field into the row; 0 ok, -1 with a message. */
static int
convert(const struct col *c, const char *s, void *row, char *msg,
    size_t msgsz)
{
	char *base = row;
	double v;
	long l;

	switch (c->type) {
	case C_STR:
		*(const char **)(void *)(base + c->off) = s;
		return 0;
	case C_METRIC:
		if (!streq(s, "nps") && !streq(s, "csat") && !streq(s, "ces")) {
			seterr(msg, msgsz, "column 'metric': unknown metric "
			    "'%.60s' (nps, csat, ces)", s);
			return -1;
		}
		*(const char **)(void *)(base + c->off) = s;
		return 0;
	case C_NUM:
		if (*s == '\0')
			v = NAN;
		else if (num_parse(s, &v) != 0) {
			seterr(msg, msgsz, "column '%s': not a number: '%.60s'",
			    c->name, s);
			return -1;
		}
		*(double *)(void *)(base + c->off) = v;
		return 0;
	case C_LONG:
		if (*s == '\0')
			l = 0;
		else if (num_parse_long(s, 1, 1000000, &l) != 0) {
			seterr(msg, msgsz, "column '%s': not a journey step: "
			    "'%.60s'", c->name, s);
			return -1;
		}
		*(long *)(void *)(base + c->off) = l;
		return 0;
	case C_BOOL:
		if (*s == '\0' || streq(s, "0"))
			l = 0;
		else if (streq(s, "1"))
			l = 1;
		else {
			seterr(msg, msgsz, "column '%s': not 0 or 1: '%.60s'",
			    c->name, s);
			return -1;
		}
		*(int *)(void *)(base + c->off) = (int)l;
		return 0;
	case C_LEVEL:
		if (streq(s, "group"))
			l = 0;
		else if (streq(s, "journey"))
			l = 1;
		else {
			seterr(msg, msgsz, "column 'level': not 'group' or "
			    "'journey': '%.60s'", s);
			return -1;
		}
		*(int *)(void *)(base + c->off) = (int)l;
		return 0;
	case C_FLAG:
		if (*s == '\0')
			l = 0;
		else if (streq(s, "drop"))
			l = -1;
		else if (streq(s, "rise"))
			l = 1;
		else {
			seterr(msg, msgsz, "column 'flag': not 'drop', 'rise' "
			    "or empty: '%.60s'", s);
			return -1;
		}
		*(int *)(void *)(base + c->off) = (int)l;
		return 0;
	}
	return -1;
}

/* Reads a table into d: is_kpi selects the table kind. */
static int
read_table(struct plot_data *d, FILE *fp, const char *name, int is_kpi,
    char *err, size_t errsz)
{
	struct col cols[NKPICOLS > NCMPCOLS ? NKPICOLS : NCMPCOLS];
	size_t ncols, i, nrows = 0;
	struct csvr *r;
	struct hdr *h;
	struct plot_kpi k;
	struct plot_cmp c;
	const char *bad, *fname = err_fname(name);
	char msg[256];
	int rc, ret = -1;

	ncols = is_kpi ? NKPICOLS : NCMPCOLS;
	memcpy(cols, is_kpi ? kpi_cols : cmp_cols, ncols * sizeof(cols[0]));
	r = csvr_new(fp, name);
	h = NULL;
	if ((rc = csvr_next(r)) != 1) {
		if (rc == 0)
			seterr(err, errsz, "%s: empty file: no header", fname);
		else
			seterr(err, errsz, "%s:%lu: %s", fname,
			    csvr_loc(r)->line, csvr_strerror(r));
		goto out;
	}
	h = hdr_new(r);
	if ((bad = hdr_bad(h)) != NULL) {
		if (*bad == '\0')
			seterr(err, errsz, "%s:1: empty column name", fname);
		else
			seterr(err, errsz, "%s:1: duplicate column name "
			    "'%.60s'", fname, bad);
		goto out;
	}
	for (i = 0; i < ncols; i++) {
		cols[i].idx = hdr_find(h, cols[i].name);
		if (cols[i].idx < 0 && cols[i].required) {
			seterr(err, errsz, "%s:1: missing column '%s' (not a "
			    "%s table?)", fname, cols[i].name,
			    is_kpi ? "KPI" : "compare");
			goto out;
		}
	}
	for (;;) {
		rc = csvr_next(r);
		if (rc == 0)
			break;
		if (rc < 0) {
			seterr(err, errsz, "%s:%lu: %s", fname,
			    csvr_loc(r)->line, csvr_strerror(r));
			goto out;
		}
		if (csvr_nfields(r) != hdr_n(h)) {
			seterr(err, errsz, "%s:%lu: record has %zu fields, "
			    "header has %zu", fname, csvr_loc(r)->line,
			    csvr_nfields(r), hdr_n(h));
			goto out;
		}
		memset(&k, 0, sizeof(k));
		memset(&c, 0, sizeof(c));
		k.target = k.conf = k.mean = k.mean_low = k.mean_high = NAN;
		c.diff = c.diff_low = c.diff_high = c.p_adj = NAN;
		c.journey = -1;
		for (i = 0; i < ncols; i++) {
			if (cols[i].idx < 0)
				continue;
			if (convert(&cols[i], csvr_field(r, (size_t)cols[i].idx,
			    NULL), is_kpi ? (void *)&k : (void *)&c, msg,
			    sizeof(msg)) != 0) {
				seterr(err, errsz, "%s:%lu: %s", fname,
				    csvr_loc(r)->line, msg);
				goto out;
			}
		}
		if (is_kpi) {
			k.line = csvr_loc(r)->line;
			plot_data_add_kpi(d, &k);
		} else {
			c.line = csvr_loc(r)->line;
			plot_data_add_cmp(d, &c);
		}
		nrows++;
	}
	if (is_kpi && nrows == 0) {
		seterr(err, errsz, "%s: no rows", fname);
		goto out;
	}
	ret = 0;
out:
	hdr_free(h);
	csvr_free(r);
	return ret;
}

int
plot_data_read_kpi(struct plot_data *d, FILE *fp, const char *name,
    char *err, size_t errsz)
{
	return read_table(d, fp, name, 1, err, errsz);
}

int
plot_data_read_compare(struct plot_data *d, FILE *fp, const char *name,
    char *err, size_t errsz)
{
	return read_table(d, fp, name, 0, err, errsz);
}

static int
load_path(struct plot_data *d, const char *path, int is_kpi, char *err,
    size_t errsz)
{
	FILE *fp;
	int rc;

	if (streq(path, "-"))
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL) {
		seterr(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = read_table(d, fp, path, is_kpi, err, errsz);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

struct plot_data *
plot_data_load(const char *kpi_path, const char *compare_path, char *err,
    size_t errsz)
{
	struct plot_data *d;

	d = plot_data_new();
	if (load_path(d, kpi_path, 1, err, errsz) != 0 ||
	    (compare_path != NULL &&
	    load_path(d, compare_path, 0, err, errsz) != 0)) {
		plot_data_free(d);
		return NULL;
	}
	return d;
}

/* ---- option parsing helpers ---- */

int
plot_term_parse(const char *s, enum plot_term *t)
{
	if (streq(s, "png") || streq(s, "pngcairo"))
		*t = PLOT_PNG;
	else if (streq(s, "svg"))
		*t = PLOT_SVG;
	else if (streq(s, "pdf") || streq(s, "pdfcairo"))
		*t = PLOT_PDF;
	else if (streq(s, "dumb") || streq(s, "txt") || streq(s, "text"))
		*t = PLOT_DUMB;
	else
		return -1;
	return 0;
}

int
plot_term_for_path(const char *path, enum plot_term *t)
{
	const char *dot, *slash;
	char ext[8];
	size_t i;

	dot = strrchr(path, '.');
	slash = strrchr(path, '/');
	if (dot == NULL || (slash != NULL && dot < slash) || strlen(dot + 1)
	    >= sizeof(ext))
		return -1;
	for (i = 0; dot[1 + i] != '\0'; i++)
		ext[i] = (char)(dot[1 + i] >= 'A' && dot[1 + i] <= 'Z' ?
		    dot[1 + i] - 'A' + 'a' : dot[1 + i]);
	ext[i] = '\0';
	if (streq(ext, "png") || streq(ext, "svg") || streq(ext, "pdf") ||
	    streq(ext, "txt"))
		return plot_term_parse(ext, t);
	return -1;
}

int
plot_chart_parse(const char *s, enum plot_chart *c)
{
	if (streq(s, "journey"))
		*c = PLOT_JOURNEY;
	else if (streq(s, "trend"))
		*c = PLOT_TREND;
	else if (streq(s, "dist"))
		*c = PLOT_DIST;
	else
		return -1;
	return 0;
}

int
plot_size_parse(const char *s, int *w, int *h)
{
	long a, b;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	a = strtol(s, &end, 10);
	if (errno != 0 || (*end != 'x' && *end != 'X') || end[1] < '0' ||
	    end[1] > '9')
		return -1;
	b = strtol(end + 1, &end, 10);
	if (errno != 0 || *end != '\0' || a < 1 || a > 20000 || b < 1 ||
	    b > 20000)
		return -1;
	*w = (int)a;
	*h = (int)b;
	return 0;
}

/* ---- script text ---- */

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
	size_t i;

	fputc('\'', fp);
	for (i = 0; i < len; i++) {
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
static size_t
u8count(const char *s)
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
static int
put_wrapped(FILE *fp, const char *s, size_t width, int maxlines, int tic)
{
	const char *p = s, *brk, *q;
	size_t nb, k;
	int line;

	for (line = 1;; line++) {
		while (*p != '\0' && isblank_((unsigned char)*p))
			p++;
		if (u8count(p) <= width) {
			quote_bytes(fp, p, strlen(p), "", tic);
			return line;
		}
		if (line == maxlines) {
			quote_bytes(fp, p, u8prefix(p, width - 1), "\xe2\x80\xa6",
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
static void
put_num(FILE *fp, double v)
{
	char buf[64];

	if (isnan(v) || isinf(v))
		fputs("NaN", fp);
	else
		fputs(num_fmt(buf, sizeof(buf), v, 6), fp);
}

/* n numbers of a datablock line, separated by spaces. */
static void
put_nums(FILE *fp, size_t n, const double *v)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(' ', fp);
		put_num(fp, v[i]);
	}
}

static void
put_terminal(FILE *fp, const struct plot_opts *o)
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
		for (i = 0; name[i] != '\0' && i < 40; i++)
			fputc((name[i] >= 'a' && name[i] <= 'z') ||
			    (name[i] >= 'A' && name[i] <= 'Z') ||
			    (name[i] >= '0' && name[i] <= '9') ? name[i] : '_',
			    fp);
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
static void
put_key(FILE *fp, const struct plot_opts *o)
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
static size_t
wrap_cols(const struct plot_opts *o, size_t nslots)
{
	double w = o->width > 0 ? o->width : o->term == PLOT_SVG ? 1100 :
	    o->term == PLOT_PDF ? 792 : 1280;
	double c = w * 0.8 / (double)(nslots > 0 ? nslots : 1) /
	    (o->term == PLOT_PDF ? 6 : 7.5);

	return c < 6 ? 6 : c > 18 ? 18 : (size_t)c;
}

/* Text columns per x slot on the dumb terminal. */
static size_t
dumb_cols(const struct plot_opts *o, size_t nslots)
{
	int w = o->width > 0 ? o->width : 120;
	long c = (w - 24) / (long)(nslots > 0 ? nslots : 1) - 1;

	return c < 3 ? 3 : (size_t)c;
}

/* The automatic or given title, with a second line of context. */
static void
put_title(FILE *fp, const struct plot_opts *o, const char *auto_title,
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

static const char *
metric_label(const char *m)
{
	if (streq(m, "nps"))
		return "NPS";
	if (streq(m, "csat"))
		return "CSAT";
	return "CES";
}

static int
metric_index(const char *m)
{
	return streq(m, "ces") ? 0 : streq(m, "nps") ? 1 : 2;
}

/* The confidence level of the rows as a percentage ("95%"), or "". */
static void
conf_text(const struct plot_kpi *const *rows, size_t n, char *buf,
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
static void
list_add(char *buf, size_t bufsz, const char *v)
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

/* ---- row selection ---- */

struct sel {
	const struct plot_kpi	**row;
	size_t			  n;
	const char		 *segment;	/* chosen; borrowed */
	const char		 *period;	/* chosen (journey/dist) */
};

static int
by_step(const void *a, const void *b)
{
	const struct plot_kpi *x = *(const struct plot_kpi *const *)a;
	const struct plot_kpi *y = *(const struct plot_kpi *const *)b;

	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	/* file order breaks ties: rows are stored in an array */
	return x < y ? -1 : x > y;
}

/*
 * Selects the rows to draw.  level: 0 group rows, 1 journey rows.
 * latest: keep only one period (opts->period or the latest).
 */
static int
select_rows(const struct plot_data *d, const struct plot_opts *o, int level,
    int latest, struct sel *s, char *err, size_t errsz)
{
	const struct plot_kpi *k;
	char list[512];
	size_t i;
	int any_empty = 0, nseg = 0, found;

	memset(s, 0, sizeof(*s));
	s->row = xcalloc(d->nkpi + 1, sizeof(*s->row));
	*list = '\0';
	/* the segment */
	found = 0;
	for (i = 0; i < d->nkpi; i++) {
		k = &d->kpi[i];
		if (k->journey != level)
			continue;
		if (o->segment != NULL && streq(k->segment, o->segment))
			found = 1;
		if (*k->segment == '\0')
			any_empty = 1;
		else if (s->segment == NULL) {
			s->segment = k->segment;	/* the first one */
			nseg = 1;
		} else if (!streq(s->segment, k->segment))
			nseg = 2;			/* several */
		list_add(list, sizeof(list), k->segment);
	}
	if (o->segment != NULL) {
		if (!found) {
			seterr(err, errsz, "no %s rows for segment '%.60s' "
			    "(segments: %s)", level ? "journey" : "group",
			    o->segment, list);
			return -1;
		}
		s->segment = o->segment;
	} else if (any_empty)
		s->segment = "";
	else if (nseg > 1) {
		seterr(err, errsz, "several segments (%s): choose one with "
		    "--segment", list);
		return -1;
	} else if (s->segment == NULL) {
		seterr(err, errsz, "no %s rows in the KPI table",
		    level ? "journey" : "group");
		return -1;
	}
	/* the period */
	if (latest) {
		*list = '\0';
		found = 0;
		for (i = 0; i < d->nkpi; i++) {
			k = &d->kpi[i];
			if (k->journey != level || !streq(k->segment,
			    s->segment))
				continue;
			list_add(list, sizeof(list), k->period);
			if (o->period != NULL) {
				if (streq(k->period, o->period))
					found = 1;
			} else if (s->period == NULL ||
			    strcmp(k->period, s->period) > 0)
				s->period = k->period;
		}
		if (o->period != NULL) {
			if (!found) {
				seterr(err, errsz, "no rows for period '%.40s' "
				    "(periods: %s)", o->period, list);
				return -1;
			}
			s->period = o->period;
		}
	}
	for (i = 0; i < d->nkpi; i++) {
		k = &d->kpi[i];
		if (k->journey != level || !streq(k->segment, s->segment) ||
		    (latest && !streq(k->period, s->period)) ||
		    (o->metric != NULL && !streq(k->metric, o->metric)) ||
		    (o->stage != NULL && !streq(k->stage, o->stage)) ||
		    (o->touchpoint != NULL && !streq(k->touchpoint,
		    o->touchpoint)))
			continue;
		s->row[s->n++] = k;
	}
	if (s->n == 0) {
		seterr(err, errsz, "nothing to plot: no rows match%s%.40s%s"
		    "%s%.40s%s%s%.60s%s%s%.60s%s",
		    o->metric ? " metric '" : "", o->metric ? o->metric : "",
		    o->metric ? "'" : "",
		    o->stage ? " stage '" : "", o->stage ? o->stage : "",
		    o->stage ? "'" : "",
		    o->touchpoint ? " touchpoint '" : "",
		    o->touchpoint ? o->touchpoint : "",
		    o->touchpoint ? "'" : "",
		    *s->segment ? " segment '" : "", s->segment,
		    *s->segment ? "'" : "");
		return -1;
	}
	qsort(s->row, s->n, sizeof(*s->row), by_step);
	return 0;
}

/* ---- journey chart ---- */

/* x slots: distinct (stage, touchpoint[, metric]) in row order. */
struct slots {
	size_t	 n;
	size_t	*of;		/* row -> slot (0-based) */
	size_t	*first;		/* slot -> its first row */
	int	*multi;		/* slot's touchpoint has several rows */
};

/* Row indices sorted by (stage, touchpoint), file order within. */
static const struct sel *slot_sel;

static int
by_name(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct plot_kpi *p = slot_sel->row[x], *q = slot_sel->row[y];
	int c;

	if ((c = strcmp(p->stage, q->stage)) != 0 ||
	    (c = strcmp(p->touchpoint, q->touchpoint)) != 0)
		return c;
	return x < y ? -1 : x > y;
}

/*
 * Slots in the order of their first rows; a touchpoint's rows found by
 * sorting, not pairwise (100000 touchpoints took minutes).
 */
static void
make_slots(const struct sel *s, int per_row, struct slots *sl)
{
	size_t i, j, k, *idx, *head;

	sl->n = 0;
	sl->of = xcalloc(s->n + 1, sizeof(*sl->of));
	sl->first = xcalloc(s->n + 1, sizeof(*sl->first));
	sl->multi = xcalloc(s->n + 1, sizeof(*sl->multi));
	idx = xcalloc(s->n + 1, sizeof(*idx));
	head = xcalloc(s->n + 1, sizeof(*head));	/* row -> group's first */
	for (i = 0; i < s->n; i++)
		idx[i] = i;
	slot_sel = s;
	qsort(idx, s->n, sizeof(*idx), by_name);
	slot_sel = NULL;
	for (i = 0; i < s->n; i = j) {
		for (j = i + 1; j < s->n && streq(s->row[idx[i]]->stage,
		    s->row[idx[j]]->stage) && streq(s->row[idx[i]]->touchpoint,
		    s->row[idx[j]]->touchpoint); j++)
			;
		for (k = i; k < j; k++)
			head[idx[k]] = idx[i];
	}
	for (i = 0; i < s->n; i++) {
		if (per_row || head[i] == i) {
			k = sl->n++;
			sl->first[k] = i;
		} else
			k = sl->of[head[i]];
		sl->of[i] = k;
		if (head[i] != i) {	/* a touchpoint with several rows */
			sl->multi[sl->of[head[i]]] = 1;
			sl->multi[k] = 1;
		}
	}
	free(idx);
	free(head);
}

static void
free_slots(struct slots *sl)
{
	free(sl->of);
	free(sl->first);
	free(sl->multi);
}

static const char *
slot_name(const struct plot_kpi *k)
{
	if (*k->touchpoint != '\0')
		return k->touchpoint;
	if (*k->stage != '\0')
		return k->stage;
	return "(all touchpoints)";
}

/* x tics for slots; with_metric: "(NPS)" under a touchpoint that has
 * several rows.  Wraps long names; rotates when there are many.  Returns
 * the height of the labels in lines. */
static int
put_xtics(FILE *fp, const struct plot_opts *o, const struct sel *s,
    const struct slots *sl, int with_metric)
{
	size_t j;
	const struct plot_kpi *k;
	int dumb = o->term == PLOT_DUMB, lines = 1, n;
	double first_len = 0;

	if (sl->n > 14 && !dumb)
		fputs("set xtics rotate by 40 right\n", fp);
	fputs("set xtics nomirror scale 0 font ',10' (", fp);
	for (j = 0; j < sl->n; j++) {
		k = s->row[sl->first[j]];
		if (j > 0)
			fputs(", ", fp);
		if (dumb)
			n = put_wrapped(fp, slot_name(k), dumb_cols(o, sl->n), 2,
			    1);
		else if (sl->n > 14) {	/* rotated by 40 degrees */
			n = put_wrapped(fp, slot_name(k), 28, 1, 1) +
			    (int)(fmin((double)u8count(slot_name(k)), 28) *
			    0.35);
			if (j == 0)	/* the first label reaches left */
				first_len = fmin((double)u8count(
				    slot_name(k)), 28);
		}
		else
			n = put_wrapped(fp, slot_name(k), wrap_cols(o, sl->n), 3,
			    1);
		if (with_metric && sl->multi[j] && !dumb) {
			fprintf(fp, ".\"\\n\".'(%s)'", metric_label(k->metric));
			n++;
		}
		if (n > lines)
			lines = n < 18 ? n : 18;
		fprintf(fp, " %zu", j + 1);
	}
	fputs(")\n", fp);
	if (first_len > 0)
		fprintf(fp, "set lmargin %d\n", (int)fmax(12, first_len * 0.7));
	return lines;
}

/*
 * Margins for charts with stage names above and wrapped names, the key
 * and the footnote below: in character heights, so that small charts
 * (cjm-map embeds 1100x420) keep most of their height for the data.
 */
static void
put_margins(FILE *fp, const struct plot_opts *o, const struct sel *s,
    int label_lines)
{
	int title_lines;

	if (o->title != NULL)
		title_lines = *o->title != '\0';
	else
		title_lines = 1 + (o->term != PLOT_DUMB && (*s->segment != '\0' ||
		    (s->period != NULL && *s->period != '\0')));
	if (o->term == PLOT_DUMB)
		fprintf(fp, "set tmargin %d\n", 2 + 2 * title_lines);
	else
		fprintf(fp, "set tmargin %.1f\nset title offset 0,1.2\n",
		    2.5 + 1.6 * title_lines);
	fprintf(fp, "set bmargin %d\n", label_lines + (o->term == PLOT_DUMB ?
	    4 : 5));
}

/* Shaded stage bands over consecutive slots of the same stage, with the
 * stage name above the plot. */
static void
put_stage_bands(FILE *fp, const struct plot_opts *o, const struct sel *s,
    const struct slots *sl)
{
	size_t j, start;
	int obj = 1, band = 0;
	const char *st;

	for (j = 0; j < sl->n; j = start) {
		st = s->row[sl->first[j]]->stage;
		for (start = j + 1; start < sl->n &&
		    streq(s->row[sl->first[start]]->stage, st); start++)
			;
		fprintf(fp, "set object %d rectangle from %.1f, graph 0 to "
		    "%.1f, graph 1 fillcolor rgb '%s' fillstyle solid 1.0 "
		    "noborder behind\n", obj++, j + 0.5, start + 0.5,
		    band++ % 2 == 0 ? "#E8EEF5" : "#F7F7F7");
		if (*st != '\0') {
			fprintf(fp, "set label %d ", obj);
			put_wrapped(fp, st, o->term == PLOT_DUMB ? (start - j) *
			    (dumb_cols(o, sl->n) + 1) - 1 : (start - j) *
			    (sl->n > 8 ? 10 : 14), 1, 0);
			fprintf(fp, " at %.1f, graph 1 center offset 0,1 font ',11' "
			    "textcolor rgb '#333333'\n", (j + 1 + start) / 2.0);
		}
		obj++;
	}
}

/* The CES axis: the range covering every CES row's scale; reversed when
 * all are worst-best descending (5-1: less effort is better, on top). */
static void
ces_axis(const struct sel *s, double *lo, double *hi, int *reversed)
{
	size_t i;
	int a, b, any = 0, rev = 1;

	*lo = 1;
	*hi = 7;
	for (i = 0; i < s->n; i++) {
		if (!streq(s->row[i]->metric, "ces") ||
		    sscanf(s->row[i]->scale, "%d-%d", &a, &b) != 2)
			continue;
		if (!any) {
			*lo = a < b ? a : b;
			*hi = a < b ? b : a;
		}
		if (a < *lo || b < *lo)
			*lo = a < b ? a : b;
		if (a > *hi || b > *hi)
			*hi = a < b ? b : a;
		if (a < b)
			rev = 0;
		any = 1;
	}
	*reversed = any && rev;
}

static void
journey_headline(FILE *fp, const struct plot_opts *o, const struct sel *s)
{
	static const char *const block[] = { "$ces", "$nps", "$csat" };
	static const char *const colour[] = { C_CES, C_NPS, C_CSAT };
	static const int pt[] = { 7, 5, 9 }, hollow[] = { 6, 4, 8 };
	static const double shift[] = { -0.14, 0, 0.14 };
	struct slots sl;
	const struct plot_kpi *k;
	double lo, hi, x;
	size_t i;
	int m, has[3] = { 0, 0, 0 }, nhas = 0, rev, any_low = 0,
	    any_target = 0, first = 1;
	char conf[16], title[64];
	const char *ax;

	make_slots(s, 0, &sl);
	for (i = 0; i < s->n; i++) {
		m = metric_index(s->row[i]->metric);
		if (!has[m])
			nhas++;
		has[m] = 1;
		any_low |= s->row[i]->low_base;
		any_target |= !isnan(s->row[i]->target);
	}
	conf_text(s->row, s->n, conf, sizeof(conf));
	ces_axis(s, &lo, &hi, &rev);

	fputs("# cjm-plot: journey chart, headline KPIs by touchpoint\n", fp);
	put_terminal(fp, o);
	{
		static const char *const what[] = { "effort (CES)", "NPS",
		    "CSAT" };
		char t[128];
		int nput = 0;

		snprintf(t, sizeof(t), "Customer journey: ");
		for (m = 0; m < 3; m++) {
			if (!has[m])
				continue;
			snprintf(t + strlen(t), sizeof(t) - strlen(t), "%s%s",
			    nput == 0 ? "" : nput + 1 == nhas ? " and " : ", ",
			    what[m]);
			nput++;
		}
		snprintf(t + strlen(t), sizeof(t) - strlen(t),
		    " by touchpoint");
		put_title(fp, o, t, s->segment, s->period);
	}
	fputs("set border 11 linecolor rgb '#444444'\n", fp);
	put_key(fp, o);
	fprintf(fp, "set xrange [0.5:%zu.5]\n", sl.n);
	put_margins(fp, o, s, put_xtics(fp, o, s, &sl, 0));
	put_stage_bands(fp, o, s, &sl);
	if (has[0]) {
		fprintf(fp, "set yrange [%g:%g]%s\n", rev ? hi : lo,
		    rev ? lo : hi, "");
		fprintf(fp, "set ytics nomirror 1 textcolor rgb '%s'\n", C_CES);
		if (o->term != PLOT_DUMB)	/* no room for a flat label */
			fprintf(fp, "set ylabel 'CES mean (scale %g–%g, %s)' "
			    "textcolor rgb '%s'\n", rev ? hi : lo, rev ? lo :
			    hi, rev ? "top = least effort" : "higher = easier",
			    C_CES);
		fputs("set grid ytics linecolor rgb '#D9D9D9' dashtype 3\n", fp);
	}
	if (has[1] || has[2]) {
		ax = has[0] ? "second" : "first";
		snprintf(title, sizeof(title), "%s%s%s", has[1] ? "NPS (points)"
		    : "", has[1] && has[2] ? " · " : "", has[2] ?
		    "CSAT top-2-box (%)" : "");
		if (has[0]) {
			fputs("set y2range [-100:100]\n", fp);
			fputs("set y2tics -100,25,100 nomirror\n", fp);
			if (o->term != PLOT_DUMB)
				fprintf(fp, "set y2label '%s'\n", title);
		} else {
			fputs("set yrange [-100:100]\n", fp);
			fputs("set ytics -100,25,100 nomirror\n", fp);
			if (o->term != PLOT_DUMB)
				fprintf(fp, "set ylabel '%s'\n", title);
			fputs("set grid ytics linecolor rgb '#D9D9D9' "
			    "dashtype 3\n", fp);
			fputs("set border 3 linecolor rgb '#444444'\n", fp);
			fputs("set rmargin 3\n", fp);
		}
		fprintf(fp, "set arrow 1 from graph 0, %s 0 to graph 1, %s 0 "
		    "nohead linecolor rgb '#777777' dashtype 2 back\n", ax, ax);
	} else
		fputs("set border 3 linecolor rgb '#444444'\nset rmargin 3\n",
		    fp);
	if (o->term != PLOT_DUMB)
		fprintf(fp, "set label 1000 'Whiskers: %sconfidence intervals.%s%s' "
	    "at screen 0.01, character 0.8 left font ',9' textcolor rgb "
	    "'#555555'\n", conf, any_low ? "  Hollow grey points: low base "
	    "(too few answers to be reliable)." : "", any_target ?
	    "  Dashes: targets." : "");

	for (m = 0; m < 3; m++) {
		if (!has[m])
			continue;
		fprintf(fp, "%s << EOD\n# x value ci_low ci_high target "
		    "low_base\n", block[m]);
		for (i = 0; i < s->n; i++) {
			k = s->row[i];
			if (metric_index(k->metric) != m)
				continue;
			x = (double)sl.of[i] + 1 + (sl.multi[sl.of[i]] ?
			    shift[m] : 0);
			put_nums(fp, 5, (const double[]){ x, k->value,
			    k->ci_low, k->ci_high, k->target });
			fprintf(fp, " %d\n", k->low_base);
		}
		fputs("EOD\n", fp);
	}
	fputs("plot \\\n", fp);
	for (m = 0; m < 3; m++) {
		if (!has[m])
			continue;
		ax = m == 0 || !has[0] ? "x1y1" : "x1y2";
		fprintf(fp, "%s  %s using 1:2 axes %s with lines linewidth 2 "
		    "linecolor rgb '%s' notitle, \\\n", first ? "" : ", \\\n",
		    block[m], ax, colour[m]);
		first = 0;
		fprintf(fp, "  %s using 1:($6 == 0 ? $2 : NaN):($3 == $3 ? $3 : $2):"
		    "($4 == $4 ? $4 : $2) axes %s "
		    "with yerrorbars pointtype %d pointsize 1.5 linewidth 1.5 "
		    "linecolor rgb '%s' title '%s', \\\n", block[m], ax, pt[m],
		    colour[m], m == 0 ? (has[1] || has[2] ?
		    "CES mean (left axis)" : "CES mean") : m == 1 ?
		    (has[0] ? "NPS (right axis)" : "NPS") :
		    (has[0] ? "CSAT top-2-box % (right axis)" :
		    "CSAT top-2-box %"));
		fprintf(fp, "  %s using 1:($6 == 1 ? $2 : NaN):($3 == $3 ? $3 : $2):"
		    "($4 == $4 ? $4 : $2) axes %s "
		    "with yerrorbars pointtype %d pointsize 1.5 linewidth 1.5 "
		    "linecolor rgb '%s' notitle, \\\n", block[m], ax, hollow[m],
		    C_LOW);
		fprintf(fp, "  %s using ($1 - 0.15):5:(0.3):(0) "
		    "axes %s with vectors nohead linewidth 3 dashtype 1 "
		    "linecolor rgb '%s' notitle", block[m], ax, colour[m]);
		if (o->term != PLOT_DUMB)
			fprintf(fp, ", \\\n  %s using ($1 + 0.06):2:"
			    "(sprintf('%s', $2)) axes %s with labels left "
			    "offset 0.6,0.55 font ',9' textcolor rgb '%s' "
			    "notitle", block[m], m == 0 ? "%.1f" : "%.0f", ax,
			    colour[m]);
	}
	if (any_low)
		fprintf(fp, ", \\\n  keyentry with points pointtype 6 "
		    "pointsize 1.5 linecolor rgb '%s' title 'low base'", C_LOW);
	if (any_target)
		fputs(", \\\n  keyentry with vectors nohead linewidth 3 "
		    "linecolor rgb '#444444' title 'target (dash in the series colour)'", fp);
	fputc('\n', fp);
	free_slots(&sl);
}

/* The experience curve: every row's net score on -100..100. */
static void
journey_net(FILE *fp, const struct plot_opts *o, const struct sel *s)
{
	static const int pt[] = { 7, 5, 9 };
	static const char *const name[] = { "CES", "NPS", "CSAT" };
	struct slots sl;
	const struct plot_kpi *k;
	size_t i;
	int m, has[3] = { 0, 0, 0 }, nhas = 0, any_low = 0, any_target = 0;
	char conf[16];

	make_slots(s, 1, &sl);
	for (i = 0; i < s->n; i++) {
		m = metric_index(s->row[i]->metric);
		if (!has[m])
			nhas++;
		has[m] = 1;
		any_low |= s->row[i]->low_base;
		any_target |= m == 1 && !isnan(s->row[i]->target);
	}
	conf_text(s->row, s->n, conf, sizeof(conf));

	fputs("# cjm-plot: journey chart, the experience curve (net scores)\n",
	    fp);
	put_terminal(fp, o);
	put_title(fp, o, "Experience curve: net score by touchpoint",
	    s->segment, s->period);
	fputs("set border 3 linecolor rgb '#444444'\n", fp);
	put_key(fp, o);
	fprintf(fp, "set xrange [0.5:%zu.5]\n", sl.n);
	put_margins(fp, o, s, put_xtics(fp, o, s, &sl, 1));
	put_stage_bands(fp, o, s, &sl);
	fputs("set yrange [-100:100]\nset ytics -100,25,100 nomirror\n", fp);
	fputs("set rmargin 3\n", fp);
	fputs("set ylabel 'Net score (points) = % favourable − % "
	    "unfavourable'\n", fp);
	fputs("set grid ytics linecolor rgb '#D9D9D9' dashtype 3\n", fp);
	fputs("set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead "
	    "linecolor rgb '#777777' dashtype 2 back\n", fp);
	if (o->term != PLOT_DUMB)
		fprintf(fp, "set label 1000 'Net score: the NPS for NPS questions; "
	    "%% top-2 box minus %% bottom-2 box for CSAT and CES.%s' at "
	    "screen 0.01, character 0.8 left font ',9' textcolor rgb "
	    "'#555555'\n", any_low ? "  Hollow grey: low base (too few "
	    "answers to be reliable)." : "");
	fputs("$net << EOD\n# x net net_low net_high low_base metric "
	    "target\n", fp);
	for (i = 0; i < s->n; i++) {
		k = s->row[i];
		fprintf(fp, "%zu ", sl.of[i] + 1);
		put_nums(fp, 3, (const double[]){ k->net, k->net_low,
		    k->net_high });
		fprintf(fp, " %d %d ", k->low_base, metric_index(k->metric));
		put_num(fp, streq(k->metric, "nps") ? k->target : NAN);
		fputc('\n', fp);
	}
	fputs("EOD\n", fp);
	fprintf(fp, "plot \\\n  $net using 1:3:4 with filledcurves "
	    "fillcolor rgb '%s' fillstyle transparent solid 0.18 noborder "
	    "title '%sconfidence band', \\\n", C_NET, conf);
	fprintf(fp, "  $net using 1:2 with lines linewidth 2.5 linecolor rgb "
	    "'%s' notitle", C_NET);
	for (m = 0; m < 3; m++) {
		if (!has[m])
			continue;
		fprintf(fp, ", \\\n  $net using 1:($5 == 0 && $6 == %d ? $2 : "
		    "NaN) with points pointtype %d pointsize 1.6 linecolor rgb "
		    "'%s' title '%s'", m, pt[m], C_NET, nhas > 1 ? name[m] :
		    m == 1 ? "NPS" : m == 0 ? "CES net score" :
		    "CSAT net score");
	}
	fprintf(fp, ", \\\n  $net using 1:($5 == 1 ? $2 : NaN) with points "
	    "pointtype 6 pointsize 1.6 linecolor rgb '%s' %s", C_LOW,
	    any_low ? "title 'low base'" : "notitle");
	fprintf(fp, ", \\\n  $net using ($1 - 0.2):7:(0.4):(0) with vectors "
	    "nohead linewidth 3 linecolor rgb '#444444' %s",
	    any_target ? "title 'NPS target'" : "notitle");
	if (o->term != PLOT_DUMB)
		fprintf(fp, ", \\\n  $net using 1:2:(sprintf('%%+.0f', $2)) "
		    "with labels offset 0,1.1 font ',9' textcolor rgb '%s' "
		    "notitle", C_NET);
	fputc('\n', fp);
	free_slots(&sl);
}

/* ---- trend ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Compare rows sorted by (stage, touchpoint, segment, metric), file order
 * within: a row's flag is found by binary search, not by a scan of the
 * table for every row (100000 rows of each took 45 s). */
static const struct plot_data *cmp_data;

static int
cmp_key(const struct plot_cmp *c, const struct plot_kpi *k)
{
	int r;

	if ((r = strcmp(c->stage, k->stage)) != 0 ||
	    (r = strcmp(c->touchpoint, k->touchpoint)) != 0 ||
	    (r = strcmp(c->segment, k->segment)) != 0)
		return r;
	return strcmp(c->metric, k->metric);
}

static int
by_cmp_key(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct plot_cmp *p = &cmp_data->cmp[x], *q = &cmp_data->cmp[y];
	int r;

	if ((r = strcmp(p->stage, q->stage)) != 0 ||
	    (r = strcmp(p->touchpoint, q->touchpoint)) != 0 ||
	    (r = strcmp(p->segment, q->segment)) != 0 ||
	    (r = strcmp(p->metric, q->metric)) != 0)
		return r;
	return x < y ? -1 : x > y;
}

static size_t *
cmp_index(const struct plot_data *d)
{
	size_t i, *ix = xcalloc(d->ncmp + 1, sizeof(*ix));

	for (i = 0; i < d->ncmp; i++)
		ix[i] = i;
	cmp_data = d;
	qsort(ix, d->ncmp, sizeof(*ix), by_cmp_key);
	cmp_data = NULL;
	return ix;
}

/* The compare flag for a row: -1 drop, +1 rise, 0 none; the first
 * matching compare row in file order. */
static int
row_flag(const struct plot_data *d, const size_t *ix,
    const struct plot_kpi *k, const char *latest)
{
	size_t lo = 0, hi = d->ncmp, mid;
	const struct plot_cmp *c;

	while (lo < hi) {		/* the first with a key >= k's */
		mid = lo + (hi - lo) / 2;
		if (cmp_key(&d->cmp[ix[mid]], k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < d->ncmp && cmp_key(c = &d->cmp[ix[lo]], k) == 0; lo++)
		if ((c->journey < 0 || c->journey == k->journey) &&
		    (*c->channel == '\0' || streq(c->channel, k->channel)) &&
		    (streq(c->period_cur, k->period) ||
		    (*c->period_cur == '\0' && streq(k->period, latest))))
			return c->flag;
	return 0;
}

static const char *
kpi_axis_label(const char *kpi, const char *metric, int net)
{
	if (net)
		return "Net score (points) = % favourable − % unfavourable";
	if (streq(kpi, "nps") || streq(metric, "nps"))
		return "NPS (points)";
	if (streq(kpi, "top2") || streq(metric, "csat"))
		return "CSAT top-2-box (% satisfied)";
	return "CES mean score";
}

static int
trend(FILE *fp, const struct plot_data *d, const struct plot_opts *o,
    char *err, size_t errsz)
{
	struct sel s;
	const struct plot_kpi *k;
	const char **period = NULL, *metric = NULL, **pp;
	size_t *first, *ser, *px = NULL, *ix = NULL, *order = NULL;
	size_t *start = NULL;
	size_t i, j, np = 0, ns = 0, len;
	struct slots sl;
	int level, any_low = 0, any_drop = 0, any_rise = 0, rc = -1;
	int *flag = NULL;
	int net = o->curve == PLOT_NET;
	double v, lo, hi, ymin = INFINITY, ymax = -INFINITY, bmin, bmax, pad;
	double target = NAN;
	char list[256], conf[16], auto_title[160];

	memset(&s, 0, sizeof(s));
	memset(&sl, 0, sizeof(sl));
	level = o->stage == NULL && o->touchpoint == NULL;
	if (level) {
		for (i = 0; i < d->nkpi && !d->kpi[i].journey; i++)
			;
		if (i == d->nkpi)
			level = 0;	/* no journey rows: every group */
	}
	if (select_rows(d, o, level, 0, &s, err, errsz) != 0)
		goto out;
	*list = '\0';
	for (i = 0; i < s.n; i++)
		list_add(list, sizeof(list), s.row[i]->metric);
	metric = s.row[0]->metric;
	for (i = 1; i < s.n; i++)
		if (!streq(metric, s.row[i]->metric)) {
			seterr(err, errsz, "several metrics (%s): choose one "
			    "with --metric", list);
			goto out;
		}
	/* periods, ascending, distinct */
	period = xcalloc(s.n + 1, sizeof(*period));
	for (i = 0; i < s.n; i++)
		if (*s.row[i]->period != '\0')
			period[np++] = s.row[i]->period;
	if (np == 0) {
		seterr(err, errsz, "no periods: a trend needs a KPI table by "
		    "period (cjm-kpi --period)");
		goto out;
	}
	qsort(period, np, sizeof(*period), cmp_str);
	for (i = 1, j = 1; i < np; i++)
		if (!streq(period[i], period[j - 1]))
			period[j++] = period[i];
	np = j;
	/* series: one per (stage, touchpoint), as the journey chart's
	 * slots */
	make_slots(&s, 0, &sl);
	ser = sl.of;
	first = sl.first;
	ns = sl.n;
	px = xcalloc(s.n + 1, sizeof(*px));
	flag = xcalloc(s.n + 1, sizeof(*flag));
	ix = cmp_index(d);
	for (i = 0; i < s.n; i++) {
		k = s.row[i];
		pp = *k->period == '\0' ? NULL : bsearch(&k->period, period, np,
		    sizeof(*period), cmp_str);
		px[i] = pp != NULL ? (size_t)(pp - period) : np;
		if (pp == NULL)
			continue;	/* np: no period, not drawn */
		any_low |= k->low_base;
		flag[i] = row_flag(d, ix, k, period[np - 1]);
		any_drop |= flag[i] < 0;
		any_rise |= flag[i] > 0;
		lo = net ? k->net_low : k->ci_low;
		hi = net ? k->net_high : k->ci_high;
		v = net ? k->net : k->value;
		if (!isnan(v)) {
			ymin = fmin(ymin, isnan(lo) ? v : lo);
			ymax = fmax(ymax, isnan(hi) ? v : hi);
		}
	}
	if (ns == 1 && !net)
		for (i = 0; i < s.n; i++)
			if (!isnan(s.row[i]->target))
				target = s.row[i]->target;
	if (!isnan(target)) {
		ymin = fmin(ymin, target);
		ymax = fmax(ymax, target);
	}
	/* the y range: the data padded, within the KPI's bounds */
	if (net || streq(s.row[0]->kpi, "nps")) {
		bmin = -100;
		bmax = 100;
	} else if (streq(s.row[0]->kpi, "top2")) {
		bmin = 0;
		bmax = 100;
	} else if (sscanf(s.row[0]->scale, "%lf-%lf", &bmin, &bmax) == 2) {
		if (bmin > bmax) {
			v = bmin;
			bmin = bmax;
			bmax = v;
		}
	} else {
		bmin = -INFINITY;
		bmax = INFINITY;
	}
	if (isinf(ymin)) {
		ymin = isinf(bmin) ? 0 : bmin;
		ymax = isinf(bmax) ? 1 : bmax;
	}
	pad = (ymax - ymin) * 0.12 + (bmax - bmin < 20 ? 0.1 : 2);
	ymin = fmax(bmin, ymin - pad);
	ymax = fmin(bmax, ymax + pad);
	conf_text(s.row, s.n, conf, sizeof(conf));

	fputs("# cjm-plot: trend chart, a KPI by period\n", fp);
	put_terminal(fp, o);
	snprintf(auto_title, sizeof(auto_title), "%s%s by period",
	    metric_label(metric), net ? " net score" : streq(metric, "csat") ?
	    " top-2-box %" : streq(metric, "ces") ? " mean" : "");
	if (o->title != NULL)
		put_title(fp, o, "", NULL, NULL);
	else {
		fprintf(fp, "set title '%s'.%s", auto_title,
		    o->term == PLOT_DUMB ? "'  --  '." : "\"\\n\".");
		if (ns == 1) {
			k = s.row[first[0]];
			if (*k->touchpoint == '\0' && *k->stage == '\0')
				fputs("'Whole journey'", fp);
			else {
				plot_quote(fp, slot_name(k), 80);
				if (*k->touchpoint != '\0' && *k->stage != '\0') {
					fputs(".'  (stage: '.", fp);
					plot_quote(fp, k->stage, 60);
					fputs(".')'", fp);
				}
			}
		} else if (o->stage != NULL) {
			fputs("'Stage: '.", fp);
			plot_quote(fp, o->stage, 80);
		} else
			fputs("'By touchpoint'", fp);
		if (*s.segment != '\0') {
			fputs(".'   ·   Segment: '.", fp);
			plot_quote(fp, s.segment, 80);
		}
		fputs(" font ',15'\n", fp);
	}
	fputs("set border 3 linecolor rgb '#444444'\n", fp);
	for (j = 0, len = 0; j < np; j++)
		if (u8count(period[j]) > len)
			len = u8count(period[j]);
	fprintf(fp, "set bmargin %d\n", 7 + (np > 12 ? (int)(fmin((double)len,
	    24) * 0.5) : 0));
	put_key(fp, o);
	fprintf(fp, "set xrange [0.5:%zu.5]\n", np);
	if (np > 12)
		fputs("set xtics rotate by 40 right\n", fp);
	fputs("set xtics nomirror scale 0 font ',10' (", fp);
	for (j = 0; j < np; j++) {
		if (j > 0)
			fputs(", ", fp);
		put_wrapped(fp, period[j], 24, 1, 1);
		fprintf(fp, " %zu", j + 1);
	}
	fputs(")\n", fp);
	fputs("set xlabel 'Period'\n", fp);
	fprintf(fp, "set yrange [%g:%g]\n", ymin, ymax);
	fprintf(fp, "set ylabel '%s'\n", kpi_axis_label(s.row[0]->kpi,
	    metric, net));
	fputs("set ytics nomirror\n", fp);
	fputs("set grid ytics linecolor rgb '#D9D9D9' dashtype 3\n", fp);
	if (ymin < 0 && ymax > 0)
		fputs("set arrow 1 from graph 0, first 0 to graph 1, first 0 "
		    "nohead linecolor rgb '#777777' dashtype 2 back\n", fp);
	if (!isnan(target)) {
		fputs("set arrow 2 from graph 0, first ", fp);
		put_num(fp, target);
		fputs(" to graph 1, first ", fp);
		put_num(fp, target);
		fputs(" nohead linecolor rgb '#444444' linewidth 1.5 dashtype 4 "
		    "back\n", fp);
		fputs("set label 2 'target: ", fp);
		put_num(fp, target);
		fputs("' at graph 1, first ", fp);
		put_num(fp, target);
		fputs(" right offset 0,0.6 font ',9' textcolor rgb '#444444'\n",
		    fp);
	}
	if (o->term != PLOT_DUMB)
		fprintf(fp, "set label 1000 'Bands: %sconfidence intervals.%s%s' "
	    "at screen 0.01, character 0.8 left font ',9' textcolor rgb "
	    "'#555555'\n", conf, any_low ? "  Hollow grey points: low base." : "",
	    d->ncmp > 0 ? "  Triangles: significant change vs the previous "
	    "period (cjm-compare)." : "");
	/* rows by series, file order within (a counting sort) */
	start = xcalloc(ns + 2, sizeof(*start));
	order = xcalloc(s.n + 1, sizeof(*order));
	for (i = 0; i < s.n; i++)
		start[ser[i] + 2]++;
	for (j = 2; j < ns + 2; j++)
		start[j] += start[j - 1];
	for (i = 0; i < s.n; i++)
		order[start[ser[i] + 1]++] = i;
	for (j = 0; j < ns; j++) {
		fprintf(fp, "$s%zu << EOD\n# x value low high low_base flag\n",
		    j + 1);
		for (len = start[j]; len < start[j + 1]; len++) {
			i = order[len];
			if (px[i] == np)
				continue;
			k = s.row[i];
			fprintf(fp, "%zu ", px[i] + 1);
			put_nums(fp, 3, (const double[]){ net ? k->net :
			    k->value, net ? k->net_low : k->ci_low,
			    net ? k->net_high : k->ci_high });
			fprintf(fp, " %d %d\n", k->low_base, flag[i]);
		}
		fputs("EOD\n", fp);
	}
	fputs("plot \\\n", fp);
	for (j = 0; j < ns; j++) {
		k = s.row[first[j]];
		/* many bands would make mud: fainter as there are more */
		fprintf(fp, "%s  $s%zu using 1:3:4 with filledcurves fillcolor "
		    "rgb '%s' fillstyle transparent solid %.2f noborder ",
		    j > 0 ? ", \\\n" : "", j + 1, okabe_ito[j % NCOLOURS],
		    ns <= 2 ? 0.15 : 0.07);
		if (ns == 1)
			fprintf(fp, "title '%sconfidence interval', \\\n",
			    conf);
		else
			fputs("notitle, \\\n", fp);
		fprintf(fp, "  $s%zu using 1:2 with lines linewidth 2.5 "
		    "dashtype %zu linecolor rgb '%s' title ", j + 1,
		    1 + j / NCOLOURS, okabe_ito[j % NCOLOURS]);
		if (*k->touchpoint == '\0' && *k->stage == '\0')
			fputs("'Whole journey'", fp);
		else
			plot_quote(fp, slot_name(k), 40);
		fprintf(fp, ", \\\n  $s%zu using 1:($5 == 0 ? $2 : NaN) with "
		    "points pointtype 7 pointsize 1.3 linecolor rgb '%s' notitle",
		    j + 1, okabe_ito[j % NCOLOURS]);
		fprintf(fp, ", \\\n  $s%zu using 1:($5 == 1 ? $2 : NaN) with "
		    "points pointtype 6 pointsize 1.3 linecolor rgb '%s' "
		    "notitle", j + 1, C_LOW);
		if (ns <= 2 && o->term != PLOT_DUMB)
			fprintf(fp, ", \\\n  $s%zu using 1:2:(sprintf('%s', $2)) "
			    "with labels offset 0,1.2 font ',9' textcolor rgb "
			    "'%s' notitle", j + 1, !net && streq(metric, "ces")
			    ? "%.2f" : "%.0f", okabe_ito[j % NCOLOURS]);
		fprintf(fp, ", \\\n  $s%zu using 1:($6 < 0 ? $2 : NaN) with "
		    "points pointtype 11 pointsize 2.6 linecolor rgb '%s' "
		    "notitle", j + 1, C_BAD);
		fprintf(fp, ", \\\n  $s%zu using 1:($6 > 0 ? $2 : NaN) with "
		    "points pointtype 9 pointsize 2.6 linecolor rgb '%s' "
		    "notitle", j + 1, C_RISE);
	}
	if (any_low)
		fprintf(fp, ", \\\n  keyentry with points pointtype 6 "
		    "pointsize 1.3 linecolor rgb '%s' title 'low base'", C_LOW);
	if (any_drop)
		fprintf(fp, ", \\\n  keyentry with points pointtype 11 "
		    "pointsize 2 linecolor rgb '%s' title 'significant drop'",
		    C_BAD);
	if (any_rise)
		fprintf(fp, ", \\\n  keyentry with points pointtype 9 "
		    "pointsize 2 linecolor rgb '%s' title 'significant rise'",
		    C_RISE);
	fputc('\n', fp);
	rc = 0;
out:
	free(period);
	free_slots(&sl);
	free(px);
	free(flag);
	free(ix);
	free(start);
	free(order);
	free(s.row);
	return rc;
}

/* ---- distribution ---- */

static int
dist(FILE *fp, const struct plot_opts *o, const struct sel *s)
{
	const struct plot_kpi *k;
	size_t i, nstage = 0, ny;
	double *y;
	int has_nps = 0, has_other = 0, lab = 2000;
	const char *st = NULL;
	const char *lb, *lm, *lt;

	/* one row per KPI row, plus a header row per stage, top down */
	y = xcalloc(s->n + 1, sizeof(*y));
	for (i = 0; i < s->n; i++) {
		k = s->row[i];
		if (*k->stage != '\0' && (st == NULL || !streq(st, k->stage))) {
			nstage++;
			st = k->stage;
		}
		if (streq(k->metric, "nps"))
			has_nps = 1;
		else
			has_other = 1;
	}
	ny = s->n + nstage;
	lb = has_nps && has_other ? "Detractors / bottom-2 box" : has_nps ?
	    "Detractors (0–6)" : "Bottom-2 box (unfavourable)";
	lm = has_nps && has_other ? "Passives / neutral" : has_nps ?
	    "Passives (7–8)" : "Neutral";
	lt = has_nps && has_other ? "Promoters / top-2 box" : has_nps ?
	    "Promoters (9–10)" : "Top-2 box (favourable)";

	fputs("# cjm-plot: distribution chart, diverging stacked bars\n", fp);
	put_terminal(fp, o);
	put_title(fp, o, "Answer distribution by touchpoint", s->segment,
	    s->period);
	fputs("set border 1 linecolor rgb '#444444'\n", fp);
	fputs("set bmargin 7\nset rmargin 14\n", fp);
	put_key(fp, o);
	fprintf(fp, "set yrange [0.4:%zu.6]\n", ny);
	fputs("set xrange [-100:100]\n", fp);
	fputs("set xtics ('100%%' -100, '75%%' -75, '50%%' -50, '25%%' -25, "
	    "'0' 0, '25%%' 25, '50%%' 50, '75%%' 75, '100%%' 100) nomirror "
	    "font ',10'\n", fp);
	fputs("set xlabel '◀ unfavourable     share of answers, neutral "
	    "centred on 0     favourable ▶'\n", fp);
	fputs("set grid xtics linecolor rgb '#D9D9D9' dashtype 3\n", fp);
	fputs("set arrow 1 from 0, graph 0 to 0, graph 1 nohead linecolor "
	    "rgb '#333333' linewidth 1.5 front\n", fp);
	fputs("set style fill solid 1.0 border rgb '#ffffff'\n", fp);
	fputs("set ytics nomirror scale 0 font ',10' (", fp);
	st = NULL;
	ny++;
	for (i = 0; i < s->n; i++) {
		k = s->row[i];
		if (*k->stage != '\0' && (st == NULL || !streq(st, k->stage))) {
			st = k->stage;
			ny--;
		}
		y[i] = (double)--ny;
		if (i > 0)
			fputs(", ", fp);
		put_wrapped(fp, slot_name(k), 26, 1, 1);
		fprintf(fp, ".' (%s)' %g", metric_label(k->metric), y[i]);
	}
	fputs(")\n", fp);
	/* stage headers: bold-ish labels on their own rows */
	st = NULL;
	for (i = 0; i < s->n; i++) {
		k = s->row[i];
		if (*k->stage == '\0' || (st != NULL && streq(st, k->stage)))
			continue;
		st = k->stage;
		fprintf(fp, "set label %d ", lab++);
		put_wrapped(fp, st, 60, 1, 0);
		fprintf(fp, " at -100, first %g left offset 0.5,0 font "
		    "'DejaVu Sans Bold,11' textcolor rgb '#333333'\n",
		    y[i] + 1);
	}
	/* n on the right */
	for (i = 0; i < s->n; i++) {
		k = s->row[i];
		fprintf(fp, "set label %d 'n = %.0f%s' at graph 1, first %g "
		    "left offset 1,0 font ',10' textcolor rgb '%s'\n", lab++,
		    k->n, k->low_base ? " (low)" : "", y[i],
		    k->low_base ? C_LOW : "#333333");
	}
	fputs("$dist << EOD\n# y bottom mid top n low_base\n", fp);
	for (i = 0; i < s->n; i++) {
		k = s->row[i];
		put_nums(fp, 5, (const double[]){ y[i], k->pct_bottom,
		    k->pct_mid, k->pct_top, k->n });
		fprintf(fp, " %d\n", k->low_base);
	}
	fputs("EOD\n", fp);
	fprintf(fp, "plot \\\n  $dist using (-$3/2 - $2/2):1:($2/2):(0.36) "
	    "with boxxyerror fillcolor rgb '%s' title '%s', \\\n", C_BAD, lb);
	fprintf(fp, "  $dist using (0):1:($3/2):(0.36) with boxxyerror "
	    "fillcolor rgb '%s' title '%s', \\\n", C_MID, lm);
	fprintf(fp, "  $dist using ($3/2 + $4/2):1:($4/2):(0.36) with "
	    "boxxyerror fillcolor rgb '%s' title '%s', \\\n", C_GOOD, lt);
	fputs("  $dist using (-$3/2 - $2/2):1:($2 >= 7 ? sprintf('%.0f%%', $2) "
	    ": '') with labels font ',9' textcolor rgb '#ffffff' notitle, \\\n"
	    "  $dist using (0):1:($3 >= 7 ? sprintf('%.0f%%', $3) : '') with "
	    "labels font ',9' textcolor rgb '#222222' notitle, \\\n"
	    "  $dist using ($3/2 + $4/2):1:($4 >= 7 ? sprintf('%.0f%%', $4) : "
	    "'') with labels font ',9' textcolor rgb '#ffffff' notitle\n", fp);
	free(y);
	return 0;
}

/* ---- the script ---- */

char *
plot_script(const struct plot_data *d, const struct plot_opts *o,
    char *err, size_t errsz)
{
	struct sel s;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int rc = 0;

	if ((fp = open_memstream(&buf, &len)) == NULL) {
		seterr(err, errsz, "open_memstream: %s", strerror(errno));
		return NULL;
	}
	memset(&s, 0, sizeof(s));
	switch (o->chart) {
	case PLOT_JOURNEY:
	case PLOT_DIST:
		if (select_rows(d, o, 0, 1, &s, err, errsz) != 0)
			rc = -1;
		else if (o->chart == PLOT_DIST)
			rc = dist(fp, o, &s);
		else if (o->curve == PLOT_NET)
			journey_net(fp, o, &s);
		else
			journey_headline(fp, o, &s);
		break;
	case PLOT_TREND:
		rc = trend(fp, d, o, err, errsz);
		break;
	}
	free(s.row);
	if (fclose(fp) != 0 && rc == 0) {
		seterr(err, errsz, "building the script: %s", strerror(errno));
		rc = -1;
	}
	if (rc != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* ---- running gnuplot ---- */

struct buf {
	char	*p;
	size_t	 len, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? 2 * b->cap : 8192;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* gnuplot's stderr, trimmed, for a message. */
static const char *
trimmed(struct buf *b)
{
	char *p, *e;

	if (b->p == NULL)
		return "";
	for (p = b->p; *p == '\n' || *p == ' ' || *p == '\r'; p++)
		;
	for (e = b->p + b->len; e > p && (e[-1] == '\n' || e[-1] == ' ' ||
	    e[-1] == '\r'); e--)
		;
	*e = '\0';
	return p;
}

char *
plot_exec(const char *script, size_t *lenp, char *err, size_t errsz)
{
	struct sigaction ign, old;
	struct pollfd pfd[3];
	struct buf out = { NULL, 0, 0 }, ebuf = { NULL, 0, 0 };
	const char *prog, *w = script;
	size_t left = strlen(script);
	char chunk[65536];
	int in[2] = { -1, -1 }, op[2] = { -1, -1 }, ep[2] = { -1, -1 };
	int status, nopen, i;
	ssize_t n;
	pid_t pid;

	prog = getenv("GNUPLOT");
	if (prog == NULL || *prog == '\0')
		prog = "gnuplot";
	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(op, O_CLOEXEC) != 0 ||
	    pipe2(ep, O_CLOEXEC) != 0) {
		seterr(err, errsz, "pipe: %s", strerror(errno));
		goto fail_fds;
	}
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	fflush(NULL);
	if ((pid = fork()) == -1) {
		seterr(err, errsz, "fork: %s", strerror(errno));
		sigaction(SIGPIPE, &old, NULL);
		goto fail_fds;
	}
	if (pid == 0) {
		sigaction(SIGPIPE, &old, NULL);
		if (dup2(in[0], 0) == -1 || dup2(op[1], 1) == -1 ||
		    dup2(ep[1], 2) == -1)
			_exit(126);
		execlp(prog, prog, (char *)NULL);
		dprintf(2, "cannot run '%s': %s\n", prog, strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(op[1]);
	close(ep[1]);
	in[0] = op[1] = ep[1] = -1;
	fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	if (left == 0) {
		close(in[1]);
		in[1] = -1;
	}
	for (;;) {
		pfd[0].fd = in[1];
		pfd[0].events = POLLOUT;
		pfd[1].fd = op[0];
		pfd[1].events = POLLIN;
		pfd[2].fd = ep[0];
		pfd[2].events = POLLIN;
		nopen = (in[1] >= 0) + (op[0] >= 0) + (ep[0] >= 0);
		if (nopen == 0)
			break;
		if (poll(pfd, 3, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (in[1] >= 0 && (pfd[0].revents & (POLLOUT | POLLERR |
		    POLLHUP))) {
			n = write(in[1], w, left);
			if (n > 0) {
				w += n;
				left -= (size_t)n;
			}
			if ((n == -1 && errno != EAGAIN && errno != EINTR) ||
			    left == 0) {
				close(in[1]);	/* EPIPE: gnuplot gave up */
				in[1] = -1;
			}
		}
		for (i = 1; i < 3; i++) {
			int *fd = i == 1 ? &op[0] : &ep[0];

			if (*fd < 0 || !(pfd[i].revents & (POLLIN | POLLHUP |
			    POLLERR)))
				continue;
			n = read(*fd, chunk, sizeof(chunk));
			if (n > 0)
				buf_add(i == 1 ? &out : &ebuf, chunk,
				    (size_t)n);
			else if (n == 0 || (errno != EINTR &&
			    errno != EAGAIN)) {
				close(*fd);
				*fd = -1;
			}
		}
	}
	if (in[1] >= 0)
		close(in[1]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	sigaction(SIGPIPE, &old, NULL);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127 &&
	    strncmp(trimmed(&ebuf), "cannot run", 10) == 0)
		seterr(err, errsz, "gnuplot: %s (install gnuplot, or set "
		    "GNUPLOT to its path)", trimmed(&ebuf));
	else if (WIFSIGNALED(status))
		seterr(err, errsz, "gnuplot '%s' killed by signal %d%s%s",
		    prog, WTERMSIG(status), *trimmed(&ebuf) ? ": " : "",
		    trimmed(&ebuf));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		seterr(err, errsz, "gnuplot '%s' failed (exit status %d)%s%s",
		    prog, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
		    *trimmed(&ebuf) ? ": " : "", trimmed(&ebuf));
	else if (out.len == 0)
		seterr(err, errsz, "gnuplot '%s' wrote no output%s%s", prog,
		    *trimmed(&ebuf) ? ": " : "", trimmed(&ebuf));
	else {
		free(ebuf.p);
		if (lenp != NULL)
			*lenp = out.len;
		return out.p;
	}
	free(out.p);
	free(ebuf.p);
	return NULL;
fail_fds:
	for (i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (op[i] >= 0)
			close(op[i]);
		if (ep[i] >= 0)
			close(ep[i]);
	}
	return NULL;
}

/* Writes all of p to fd; 0 ok, -1 with errno. */
static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
plot_run(const char *script, const char *outpath, char *err, size_t errsz)
{
	char *out, *tmp;
	const char *slash;
	size_t len, dirlen;
	char *real = NULL;
	const char *name = outpath;
	struct stat st;
	mode_t mask;
	int fd, e, rc = -1;

	if ((out = plot_exec(script, &len, err, errsz)) == NULL)
		return -1;
	if (outpath == NULL || streq(outpath, "-")) {
		fwrite(out, 1, len, stdout);	/* close_stdout() checks */
		free(out);
		return 0;
	}
	/* a device or a pipe (/dev/stdout, /dev/null, a fifo) is written
	 * in place: renaming over it would replace it */
	if (stat(outpath, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((fd = open(outpath, O_WRONLY | O_TRUNC)) == -1 ||
		    write_all(fd, out, len) != 0 || close(fd) != 0) {
			e = errno;
			if (fd != -1)
				close(fd);
			seterr(err, errsz, "%s: %s", outpath, strerror(e));
			free(out);
			return -1;
		}
		free(out);
		return 0;
	}
	/* a symbolic link stays one: the file it points to is replaced */
	if ((real = realpath(outpath, NULL)) != NULL)
		outpath = real;
	slash = strrchr(outpath, '/');
	dirlen = slash != NULL ? (size_t)(slash - outpath) + 1 : 0;
	tmp = xmalloc(strlen(outpath) + 16);
	snprintf(tmp, strlen(outpath) + 16, "%.*s.%s.XXXXXX", (int)dirlen,
	    outpath, outpath + dirlen);
	if ((fd = mkstemp(tmp)) == -1) {
		seterr(err, errsz, "%s: %s", name, strerror(errno));
		goto out;
	}
	mask = umask(0);
	umask(mask);
	e = write_all(fd, out, len) != 0 || fchmod(fd, 0666 & ~mask) != 0 ?
	    errno : 0;
	if (close(fd) != 0 && e == 0)
		e = errno;
	if (e == 0 && rename(tmp, outpath) != 0)
		e = errno;
	if (e != 0) {
		unlink(tmp);
		seterr(err, errsz, "%s: %s", name, strerror(e));
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	free(real);
	free(out);
	return rc;
}

/*
 * gnuplot's svg terminal names the ids of its shared definitions the same
 * in every chart (gnuplot_canvas, gpDot, gpPt0, ...); several charts
 * inline in one HTML page would then share ids.  Prefixes them, inside
 * tags only (text content is data and is never touched), with name_.
 */
static char *
svg_prefix_ids(char *svg, size_t *lenp, const char *name)
{
	static const char *const ids[] = { "gnuplot_canvas", "gpDot", "gpPt",
	    "gpPat", "gpBkgnd", "textbox", "greybox" };
	struct buf b = { NULL, 0, 0 };
	const char *p = svg;
	size_t i, n;
	int intag = 0;

	while (*p != '\0') {
		if (*p == '<')
			intag = 1;
		else if (*p == '>')
			intag = 0;
		if (intag && (*p == '#' || *p == '\'' || *p == '"')) {
			buf_add(&b, p, 1);
			for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
				n = strlen(ids[i]);
				if (strncmp(p + 1, ids[i], n) == 0) {
					buf_add(&b, name, strlen(name));
					buf_add(&b, "_", 1);
					break;
				}
			}
			p++;
			continue;
		}
		n = strcspn(p, "<>#'\"");
		if (n == 0)
			n = 1;
		buf_add(&b, p, n);
		p += n;
	}
	free(svg);
	if (lenp != NULL)
		*lenp = b.len;
	return b.p;
}

char *
plot_render(const struct plot_data *d, const struct plot_opts *o,
    size_t *lenp, char *err, size_t errsz)
{
	char *script, *out, name[48];
	size_t i;

	if ((script = plot_script(d, o, err, errsz)) == NULL)
		return NULL;
	out = plot_exec(script, lenp, err, errsz);
	free(script);
	if (out != NULL && o->term == PLOT_SVG && o->svg_name != NULL &&
	    *o->svg_name != '\0') {
		/* the same characters as the terminal's name option */
		for (i = 0; o->svg_name[i] != '\0' && i < 40; i++)
			name[i] = (o->svg_name[i] >= 'a' && o->svg_name[i] <= 'z')
			    || (o->svg_name[i] >= 'A' && o->svg_name[i] <= 'Z') ||
			    (o->svg_name[i] >= '0' && o->svg_name[i] <= '9') ?
			    o->svg_name[i] : '_';
		name[i] = '\0';
		out = svg_prefix_ids(out, lenp, name);
	}
	return out;
}

const char *
plot_svg_body(const char *svg)
{
	const char *p;

	for (p = svg; (p = strstr(p, "<svg")) != NULL; p++)
		if (p[4] == ' ' || p[4] == '\n' || p[4] == '\t' ||
		    p[4] == '>' || p[4] == '\r')
			return p;
	return NULL;
}
