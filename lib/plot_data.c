/*
 * plot_data.c -- the rows of KPI and compare tables for charts (see
 * plot.h): reading them by column name, and adding rows.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "err.h"
#include "hdr.h"
#include "num.h"
#include "plot.h"
#include "plot_gp.h"
#include "xmalloc.h"

struct plot_data {
	struct plot_kpi	*kpi;
	size_t		 nkpi, capkpi;
	struct plot_cmp	*cmp;
	size_t		 ncmp, capcmp;
};

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
		if (!plot_gp_streq(s, "nps") && !plot_gp_streq(s, "csat") &&
		    !plot_gp_streq(s, "ces")) {
			plot_gp_err(msg, msgsz, "column 'metric': unknown "
			    "metric '%.60s' (nps, csat, ces)", s);
			return -1;
		}
		*(const char **)(void *)(base + c->off) = s;
		return 0;
	case C_NUM:
		if (*s == '\0')
			v = NAN;
		else if (num_parse(s, &v) != 0) {
			plot_gp_err(msg, msgsz, "column '%s': not a number: "
			    "'%.60s'", c->name, s);
			return -1;
		}
		*(double *)(void *)(base + c->off) = v;
		return 0;
	case C_LONG:
		if (*s == '\0')
			l = 0;
		else if (num_parse_long(s, 1, 1000000, &l) != 0) {
			plot_gp_err(msg, msgsz, "column '%s': not a journey "
			    "step: '%.60s'", c->name, s);
			return -1;
		}
		*(long *)(void *)(base + c->off) = l;
		return 0;
	case C_BOOL:
		if (*s == '\0' || plot_gp_streq(s, "0"))
			l = 0;
		else if (plot_gp_streq(s, "1"))
			l = 1;
		else {
			plot_gp_err(msg, msgsz, "column '%s': not 0 or 1: "
			    "'%.60s'", c->name, s);
			return -1;
		}
		*(int *)(void *)(base + c->off) = (int)l;
		return 0;
	case C_LEVEL:
		if (plot_gp_streq(s, "group"))
			l = 0;
		else if (plot_gp_streq(s, "journey"))
			l = 1;
		else {
			plot_gp_err(msg, msgsz, "column 'level': not 'group' "
			    "or 'journey': '%.60s'", s);
			return -1;
		}
		*(int *)(void *)(base + c->off) = (int)l;
		return 0;
	case C_FLAG:
		if (*s == '\0')
			l = 0;
		else if (plot_gp_streq(s, "drop"))
			l = -1;
		else if (plot_gp_streq(s, "rise"))
			l = 1;
		else {
			plot_gp_err(msg, msgsz, "column 'flag': not 'drop', "
			    "'rise' or empty: '%.60s'", s);
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
			plot_gp_err(err, errsz, "%s: empty file: no header",
			    fname);
		else
			plot_gp_err(err, errsz, "%s:%lu: %s", fname,
			    csvr_loc(r)->line, csvr_strerror(r));
		goto out;
	}
	h = hdr_new(r);
	if ((bad = hdr_bad(h)) != NULL) {
		if (*bad == '\0')
			plot_gp_err(err, errsz, "%s:1: empty column name",
			    fname);
		else
			plot_gp_err(err, errsz, "%s:1: duplicate column name "
			    "'%.60s'", fname, bad);
		goto out;
	}
	for (i = 0; i < ncols; i++) {
		cols[i].idx = hdr_find(h, cols[i].name);
		if (cols[i].idx < 0 && cols[i].required) {
			plot_gp_err(err, errsz, "%s:1: missing column '%s' "
			    "(not a %s table?)", fname, cols[i].name,
			    is_kpi ? "KPI" : "compare");
			goto out;
		}
	}
	for (;;) {
		rc = csvr_next(r);
		if (rc == 0)
			break;
		if (rc < 0) {
			plot_gp_err(err, errsz, "%s:%lu: %s", fname,
			    csvr_loc(r)->line, csvr_strerror(r));
			goto out;
		}
		if (csvr_nfields(r) != hdr_n(h)) {
			plot_gp_err(err, errsz, "%s:%lu: record has %zu "
			    "fields, header has %zu", fname, csvr_loc(r)->line,
			    csvr_nfields(r), hdr_n(h));
			goto out;
		}
		/* A funnel step's conversion (cjm-compare -F): not a KPI
		 * chart's. */
		if (!is_kpi && cols[0].idx >= 0 && strcmp(csvr_field(r,
		    (size_t)cols[0].idx, NULL), "funnel") == 0)
			continue;
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
				plot_gp_err(err, errsz, "%s:%lu: %s", fname,
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
		plot_gp_err(err, errsz, "%s: no rows", fname);
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

	if (plot_gp_streq(path, "-"))
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL) {
		plot_gp_err(err, errsz, "%s: %s", path, strerror(errno));
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
