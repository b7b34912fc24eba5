/*
 * plot_data.c -- the rows of KPI, compare and drivers tables for charts
 * (see plot.h): reading them by column name, and adding rows.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "err.h"
#include "ftab.h"
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
	struct plot_funnel *fun;	/* a funnel table's rows */
	size_t		 nfun, capfun;
	struct plot_cmp	*fcmp;		/* compare rows of level funnel */
	size_t		 nfcmp, capfcmp;
	struct plot_drv	*drv;
	size_t		 ndrv, capdrv;
};

/* ---- reading tables ---- */

enum ctype { C_STR, C_NUM, C_LONG, C_BOOL, C_LEVEL, C_METRIC, C_FLAG,
	C_QUAD };

/* The kinds of table. */
enum tkind { T_KPI, T_CMP, T_DRV };
static const char *const tname[] = { "KPI", "compare", "drivers" };

struct col {
	const char	*name;
	int		 required;
	enum ctype	 type;
	size_t		 off;		/* into struct plot_kpi/_cmp/_drv */
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

#define D(n, r, t, f)	{ n, r, t, offsetof(struct plot_drv, f), -1 }
static const struct col drv_cols[] = {
	D("outcome", 1, C_STR, outcome),
	D("outcome_metric", 0, C_STR, outcome_metric),
	D("segment", 1, C_STR, segment),
	D("period", 1, C_STR, period),
	D("step", 0, C_LONG, step),
	D("stage", 1, C_STR, stage),
	D("touchpoint", 1, C_STR, touchpoint),
	D("channel", 0, C_STR, channel),
	D("metric", 1, C_METRIC, metric),
	D("n", 1, C_NUM, n),
	D("r", 0, C_NUM, r),
	D("r_low", 0, C_NUM, r_low),
	D("r_high", 0, C_NUM, r_high),
	D("importance", 1, C_NUM, importance),
	D("imp_low", 1, C_NUM, imp_low),
	D("imp_high", 1, C_NUM, imp_high),
	D("performance", 1, C_NUM, performance),
	D("quadrant", 1, C_QUAD, quadrant),
	D("low_base", 0, C_BOOL, low_base),
	D("note", 0, C_STR, note),
	D("n_outcome", 0, C_NUM, n_outcome),
	D("time_first", 0, C_STR, time_first),
	D("time_last", 0, C_STR, time_last),
	D("k", 1, C_NUM, k),
	D("r2", 1, C_NUM, r2),
	D("r2_low", 0, C_NUM, r2_low),
	D("r2_high", 0, C_NUM, r2_high),
	D("method", 0, C_STR, method),
	D("boot", 0, C_NUM, boot),
	D("conf", 0, C_NUM, conf),
};
#undef D

#define NKPICOLS	(sizeof(kpi_cols) / sizeof(kpi_cols[0]))
#define NCMPCOLS	(sizeof(cmp_cols) / sizeof(cmp_cols[0]))
#define NDRVCOLS	(sizeof(drv_cols) / sizeof(drv_cols[0]))
#define MAXCOLS		(NKPICOLS > NDRVCOLS ? NKPICOLS : NDRVCOLS)
_Static_assert(NCMPCOLS <= MAXCOLS, "MAXCOLS covers every table");

/* ---- rows ---- */

struct plot_data *
plot_data_new(void)
{
	return xcalloc(1, sizeof(struct plot_data));
}

/*
 * The string fields of a row are the C_STR, C_METRIC and C_QUAD columns
 * of its table: copies them (copy: NULL as "") or frees them.
 */
static void
row_strings(const struct col *c, size_t n, void *row, int copy)
{
	char **s;

	for (; n > 0; c++, n--) {
		if (c->type != C_STR && c->type != C_METRIC &&
		    c->type != C_QUAD)
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

/* A compare table's funnel row: its metric is "funnel". */
static void
add_fcmp(struct plot_data *d, const struct plot_cmp *c)
{
	if (d->nfcmp == d->capfcmp) {
		d->capfcmp = d->capfcmp ? 2 * d->capfcmp : 32;
		d->fcmp = xreallocarray(d->fcmp, d->capfcmp,
		    sizeof(*d->fcmp));
	}
	d->fcmp[d->nfcmp] = *c;
	row_strings(cmp_cols, NCMPCOLS, &d->fcmp[d->nfcmp++], 1);
}

#define FUN_STR(f, k)	((k) == 0 ? &(f)->stage : (k) == 1 ? \
	&(f)->touchpoint : (k) == 2 ? &(f)->channel : (k) == 3 ? &(f)->event : \
	(k) == 4 ? &(f)->segment : &(f)->period)

static void
add_funnel(struct plot_data *d, const struct plot_funnel *f)
{
	struct plot_funnel *n;
	int k;

	if (d->nfun == d->capfun) {
		d->capfun = d->capfun ? 2 * d->capfun : 32;
		d->fun = xreallocarray(d->fun, d->capfun, sizeof(*d->fun));
	}
	n = &d->fun[d->nfun++];
	*n = *f;
	for (k = 0; k < 6; k++)
		*FUN_STR(n, k) = xstrdup(*FUN_STR(f, k) != NULL ?
		    *FUN_STR(f, k) : "");
}

void
plot_data_add_drv(struct plot_data *d, const struct plot_drv *r)
{
	if (d->ndrv == d->capdrv) {
		d->capdrv = d->capdrv ? 2 * d->capdrv : 32;
		d->drv = xreallocarray(d->drv, d->capdrv, sizeof(*d->drv));
	}
	d->drv[d->ndrv] = *r;
	row_strings(drv_cols, NDRVCOLS, &d->drv[d->ndrv++], 1);
}

void
plot_data_free(struct plot_data *d)
{
	size_t i;
	int k;

	if (d == NULL)
		return;
	for (i = 0; i < d->nkpi; i++)
		row_strings(kpi_cols, NKPICOLS, &d->kpi[i], 0);
	for (i = 0; i < d->ncmp; i++)
		row_strings(cmp_cols, NCMPCOLS, &d->cmp[i], 0);
	for (i = 0; i < d->nfcmp; i++)
		row_strings(cmp_cols, NCMPCOLS, &d->fcmp[i], 0);
	for (i = 0; i < d->nfun; i++)
		for (k = 0; k < 6; k++)
			free(*FUN_STR(&d->fun[i], k));
	for (i = 0; i < d->ndrv; i++)
		row_strings(drv_cols, NDRVCOLS, &d->drv[i], 0);
	free(d->kpi);
	free(d->cmp);
	free(d->fcmp);
	free(d->fun);
	free(d->drv);
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

size_t
plot_data_nfunnel(const struct plot_data *d)
{
	return d->nfun;
}

const struct plot_funnel *
plot_data_funnel(const struct plot_data *d, size_t i)
{
	return i < d->nfun ? &d->fun[i] : NULL;
}

size_t
plot_data_nfcmp(const struct plot_data *d)
{
	return d->nfcmp;
}

const struct plot_cmp *
plot_data_fcmp(const struct plot_data *d, size_t i)
{
	return i < d->nfcmp ? &d->fcmp[i] : NULL;
}

size_t
plot_data_ndrv(const struct plot_data *d)
{
	return d->ndrv;
}

const struct plot_drv *
plot_data_drv(const struct plot_data *d, size_t i)
{
	return i < d->ndrv ? &d->drv[i] : NULL;
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
	case C_QUAD:
		if (*s != '\0' && !plot_gp_streq(s, "fix") &&
		    !plot_gp_streq(s, "keep") && !plot_gp_streq(s, "watch") &&
		    !plot_gp_streq(s, "ok")) {
			plot_gp_err(msg, msgsz, "column 'quadrant': not 'fix', "
			    "'keep', 'watch', 'ok' or empty: '%.60s'", s);
			return -1;
		}
		*(const char **)(void *)(base + c->off) = s;
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

/* The rest of a funnel table (header read): its rows into d. */
static int
read_funnel(struct plot_data *d, struct csvr *r, const struct hdr *h,
    const char *fname, char *err, size_t errsz)
{
	struct ftab_cols cols;
	struct ftab_in in;
	struct plot_funnel f;
	const char *miss;
	struct ftab_seq seq = { 0 };
	char msg[256];
	double conf;
	size_t nrows = 0;
	int rc, ret = -1, c;

	if ((miss = ftab_cols_find(&cols, h)) != NULL) {
		plot_gp_err(err, errsz, "%s:1: missing column '%s' (not a "
		    "funnel table?)", fname, miss);
		return -1;
	}
	for (;;) {
		if ((rc = csvr_next(r)) == 0)
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
		if (ftab_read(&cols, r, &in, msg, sizeof(msg)) != 0) {
			plot_gp_err(err, errsz, "%s:%lu: %s", fname,
			    csvr_loc(r)->line, msg);
			goto out;
		}
		conf = NAN;
		if ((c = cols.c[FT_CONF]) >= 0 && *csvr_field(r, (size_t)c,
		    NULL) != '\0' && num_parse(csvr_field(r, (size_t)c, NULL),
		    &conf) != 0) {
			plot_gp_err(err, errsz, "%s:%lu: column 'conf': not a "
			    "number: '%.60s'", fname, csvr_loc(r)->line,
			    csvr_field(r, (size_t)c, NULL));
			goto out;
		}
		ftab_fill(&seq, &in);
		memset(&f, 0, sizeof(f));
		f.step = in.step;
		f.stage = (char *)in.stage;
		f.touchpoint = (char *)in.touchpoint;
		f.channel = (char *)in.channel;
		f.event = (char *)in.event;
		f.segment = (char *)in.segment;
		f.period = (char *)in.period;
		f.reached = in.reached;
		f.dropped = in.dropped;
		f.conv = in.conv;
		f.conv_low = in.conv_low;
		f.conv_high = in.conv_high;
		f.overall = in.overall;
		f.overall_low = in.overall_low;
		f.overall_high = in.overall_high;
		f.median_time = in.median_time;
		f.conf = conf;
		f.line = csvr_loc(r)->line;
		add_funnel(d, &f);
		nrows++;
	}
	if (nrows == 0) {
		plot_gp_err(err, errsz, "%s: no rows", fname);
		goto out;
	}
	ret = 0;
out:
	ftab_seq_free(&seq);
	return ret;
}

/* Reads a table of kind `kind` into d (a funnel table read as the KPI
 * table gives funnel rows). */
static int
read_table(struct plot_data *d, FILE *fp, const char *name, enum tkind kind,
    char *err, size_t errsz)
{
	struct col cols[MAXCOLS];
	size_t ncols, i, nrows = 0;
	struct csvr *r;
	struct hdr *h;
	struct plot_kpi k;
	struct plot_cmp c;
	struct plot_drv v;
	const char *bad, *fname = err_fname(name);
	char msg[256];
	void *row;
	int rc, ret = -1, funnel;

	ncols = kind == T_KPI ? NKPICOLS : kind == T_CMP ? NCMPCOLS : NDRVCOLS;
	memcpy(cols, kind == T_KPI ? kpi_cols : kind == T_CMP ? cmp_cols :
	    drv_cols, ncols * sizeof(cols[0]));
	row = kind == T_KPI ? (void *)&k : kind == T_CMP ? (void *)&c :
	    (void *)&v;
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
	if (kind == T_KPI && ftab_is(h)) {
		ret = read_funnel(d, r, h, fname, err, errsz);
		goto out;
	}
	for (i = 0; i < ncols; i++) {
		cols[i].idx = hdr_find(h, cols[i].name);
		if (cols[i].idx < 0 && cols[i].required) {
			plot_gp_err(err, errsz, "%s:1: missing column '%s' "
			    "(not a %s table?)", fname, cols[i].name,
			    tname[kind]);
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
		 * chart's; kept apart for the funnel chart. */
		funnel = kind == T_CMP && cols[0].idx >= 0 &&
		    strcmp(csvr_field(r, (size_t)cols[0].idx, NULL),
		    "funnel") == 0;
		memset(&k, 0, sizeof(k));
		memset(&c, 0, sizeof(c));
		memset(&v, 0, sizeof(v));
		k.target = k.conf = k.mean = k.mean_low = k.mean_high = NAN;
		c.diff = c.diff_low = c.diff_high = c.p_adj = NAN;
		c.journey = -1;
		v.r = v.r_low = v.r_high = v.r2_low = v.r2_high = v.conf = NAN;
		v.n_outcome = v.boot = NAN;
		for (i = 0; i < ncols; i++) {
			if (cols[i].idx < 0 || (funnel && (cols[i].type ==
			    C_LEVEL || cols[i].type == C_METRIC)))
				continue;
			if (convert(&cols[i], csvr_field(r, (size_t)cols[i].idx,
			    NULL), row, msg, sizeof(msg)) != 0) {
				plot_gp_err(err, errsz, "%s:%lu: %s", fname,
				    csvr_loc(r)->line, msg);
				goto out;
			}
		}
		if (funnel) {
			c.metric = (char *)"funnel";
			c.journey = 0;
			c.line = csvr_loc(r)->line;
			add_fcmp(d, &c);
			continue;
		}
		switch (kind) {
		case T_KPI:
			k.line = csvr_loc(r)->line;
			plot_data_add_kpi(d, &k);
			break;
		case T_CMP:
			c.line = csvr_loc(r)->line;
			plot_data_add_cmp(d, &c);
			break;
		case T_DRV:
			v.line = csvr_loc(r)->line;
			plot_data_add_drv(d, &v);
			break;
		}
		nrows++;
	}
	if (kind == T_KPI && nrows == 0) {
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
	return read_table(d, fp, name, T_KPI, err, errsz);
}

int
plot_data_read_compare(struct plot_data *d, FILE *fp, const char *name,
    char *err, size_t errsz)
{
	return read_table(d, fp, name, T_CMP, err, errsz);
}

int
plot_data_read_drivers(struct plot_data *d, FILE *fp, const char *name,
    char *err, size_t errsz)
{
	return read_table(d, fp, name, T_DRV, err, errsz);
}

static int
load_path(struct plot_data *d, const char *path, enum tkind kind, char *err,
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
	rc = read_table(d, fp, path, kind, err, errsz);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

struct plot_data *
plot_data_load_drivers(const char *path, char *err, size_t errsz)
{
	struct plot_data *d = plot_data_new();

	if (load_path(d, path, T_DRV, err, errsz) != 0) {
		plot_data_free(d);
		return NULL;
	}
	return d;
}

struct plot_data *
plot_data_load(const char *kpi_path, const char *compare_path, char *err,
    size_t errsz)
{
	struct plot_data *d;

	d = plot_data_new();
	if (load_path(d, kpi_path, T_KPI, err, errsz) != 0 ||
	    (compare_path != NULL &&
	    load_path(d, compare_path, T_CMP, err, errsz) != 0)) {
		plot_data_free(d);
		return NULL;
	}
	return d;
}
