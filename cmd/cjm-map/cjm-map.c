/*
 * cjm-map -- the journey map report.
 *
 * Reads a KPI table (docs/formats.md section 3) and, optionally, the
 * compare table (section 4), the response table (section 2, for
 * verbatims and the period covered), a KPI table by touchpoint and
 * segment (the persona breakdown), cjm-ingest's rejects and a drivers
 * table (section 6: what drives the NPS), decides a status for every
 * touchpoint and ranks where to act first (the touchpoints that drive
 * the outcome and perform below average first), and writes one report:
 * self-contained HTML (default), Markdown or terminal text.
 *
 * All decisions are made here, on the model in map.h; the renderers in
 * out_*.c only lay it out.  The rules are in the man page (STATUS,
 * WHERE TO ACT FIRST, VERBATIMS).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "csvr.h"
#include "err.h"
#include "hdr.h"
#include "map.h"
#include "num.h"
#include "period.h"
#include "plot.h"
#include "xmalloc.h"

#define SYNOPSIS "cjm-map [-f html|md|text] [-c compare.csv] [-F funnel.csv] " \
	"[-r responses.csv] [-s segments-kpi.csv] [-R rejects.csv] " \
	"[-d drivers.csv] " \
	"[-o file] [--title text] [--generated text] [--no-charts] " \
	"[--verbatims n] [kpi.csv]"

static const char HELP[] =
"usage: " SYNOPSIS "\n"
"\n"
"Writes the journey map report for a KPI table (cjm-kpi output; stdin when\n"
"no file or '-'): stages left to right with their touchpoints, a status per\n"
"touchpoint (act, watch, ok), the change since the previous period, where\n"
"to act first, what drives the NPS, verbatims, a segment breakdown, charts,\n"
"data quality and method notes.\n"
"\n"
"  -f, --format FORMAT     html (default: one self-contained file), md, text\n"
"  -c, --compare FILE      cjm-compare output: change since the previous period\n"
"  -F, --funnel FILE       cjm-funnel output: the funnel beside the experience\n"
"                          (the share reaching each touchpoint, the drop-off,\n"
"                          where a low score and a large drop-off meet)\n"
"  -r, --responses FILE    the response table: verbatims, responses, period\n"
"  -s, --segments FILE     a KPI table by touchpoint and segment: breakdown\n"
"  -R, --rejects FILE      cjm-ingest --rejects output: rejects by reason\n"
"  -d, --drivers FILE      cjm-drivers output: what drives the NPS; the\n"
"                          touchpoints to fix (important, below average)\n"
"                          first in where to act first\n"
"  -o, --output FILE       write the report to FILE (complete or not at all)\n"
"      --title TEXT        the report's title (default: Customer journey map)\n"
"      --generated TEXT    a 'generated' line, e.g. a date (default: none)\n"
"      --no-charts         no charts (HTML); no gnuplot needed\n"
"      --verbatims N       comments per touchpoint, 0-50 (default 3)\n"
"      --help, --version\n"
"\n"
"Exit status: 0 ok, 1 data or I/O error, 2 usage.  See cjm-map(1).\n";

enum { O_TITLE = 256, O_GENERATED, O_NOCHARTS, O_VERBATIMS, O_RESPONDENTS };

enum format { F_HTML, F_MD, F_TEXT };

struct opts {
	enum format	 format;
	const char	*compare, *responses, *segments, *rejects, *output;
	const char	*funnel, *drivers;
	const char	*kpi;
	const char	*title, *generated;
	int		 charts, nverb;
	const char	**respondents;	/* --respondents, repeatable */
	int		 nrespondents;
};

static void
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "compare", required_argument, NULL, 'c' },
		{ "drivers", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "funnel", required_argument, NULL, 'F' },
		{ "generated", required_argument, NULL, O_GENERATED },
		{ "no-charts", no_argument, NULL, O_NOCHARTS },
		{ "output", required_argument, NULL, 'o' },
		{ "rejects", required_argument, NULL, 'R' },
		{ "respondents", required_argument, NULL, O_RESPONDENTS },
		{ "responses", required_argument, NULL, 'r' },
		{ "segments", required_argument, NULL, 's' },
		{ "title", required_argument, NULL, O_TITLE },
		{ "verbatims", required_argument, NULL, O_VERBATIMS },
		{ NULL, 0, NULL, 0 }
	};
	const char *in[7];
	long v;
	int ch, i, j, nstdin;

	memset(o, 0, sizeof(*o));
	o->title = "Customer journey map";
	o->charts = 1;
	o->nverb = 3;
	while ((ch = getopt_long(argc, argv, "c:d:F:f:o:R:r:s:", lo, NULL)) !=
	    -1) {
		switch (ch) {
		case 'c':
			o->compare = optarg;
			break;
		case 'd':
			o->drivers = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "html") == 0)
				o->format = F_HTML;
			else if (strcmp(optarg, "md") == 0 ||
			    strcmp(optarg, "markdown") == 0)
				o->format = F_MD;
			else if (strcmp(optarg, "text") == 0)
				o->format = F_TEXT;
			else {
				warnx_("unknown format '%s' (want html, md or "
				    "text)", optarg);
				die_usage(SYNOPSIS);
			}
			break;
		case 'F':
			o->funnel = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'R':
			o->rejects = optarg;
			break;
		case 'r':
			o->responses = optarg;
			break;
		case 's':
			o->segments = optarg;
			break;
		case O_GENERATED:
			o->generated = optarg;
			break;
		case O_NOCHARTS:
			o->charts = 0;
			break;
		case O_TITLE:
			o->title = optarg;
			break;
		case O_RESPONDENTS:
			o->respondents = xreallocarray(o->respondents,
			    (size_t)o->nrespondents + 1,
			    sizeof(*o->respondents));
			o->respondents[o->nrespondents++] = optarg;
			break;
		case O_VERBATIMS:
			if (num_parse_long(optarg, 0, 50, &v) != 0) {
				warnx_("--verbatims: want a whole number "
				    "0-50, not '%s'", optarg);
				die_usage(SYNOPSIS);
			}
			o->nverb = (int)v;
			break;
		default:
			die_usage(SYNOPSIS);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		die_usage(SYNOPSIS);
	o->kpi = argc == 1 ? argv[0] : "-";
	/* Standard input can be read once. */
	in[0] = o->kpi;
	in[1] = o->compare;
	in[2] = o->responses;
	in[3] = o->segments;
	in[4] = o->rejects;
	in[5] = o->funnel;
	in[6] = o->drivers;
	nstdin = 0;
	for (i = 0; i < 7; i++)
		nstdin += in[i] != NULL && strcmp(in[i], "-") == 0;
	for (j = 0; j < o->nrespondents; j++)
		nstdin += strcmp(o->respondents[j], "-") == 0;
	if (nstdin > 1) {
		warnx_("standard input given twice");
		die_usage(SYNOPSIS);
	}
}

/* ---- reading tables ---------------------------------------------- */

struct tab {
	const char	*path;
	struct csvr	*r;
	struct hdr	*h;
};

static void
tab_open(struct tab *t, const char *path)
{
	struct loc at = { path, 1 };
	const char *bad;
	int rc;

	t->path = path;
	if ((t->r = csvr_open(path)) == NULL)
		die_sys("%s", err_fname(path));
	if ((rc = csvr_next(t->r)) != 1) {
		if (rc < 0)
			die_at(csvr_loc(t->r), "%s", csvr_strerror(t->r));
		at.line = 0;
		die_at(&at, "empty file: no header record");
	}
	t->h = hdr_new(t->r);
	if ((bad = hdr_bad(t->h)) != NULL)
		die_at(&at, bad[0] == '\0' ? "empty column name in header%s" :
		    "duplicate column '%s' in header", bad);
}

static int
tab_col(struct tab *t, const char *name)
{
	struct loc at = { t->path, 1 };
	int i;

	if ((i = hdr_find(t->h, name)) < 0)
		die_at(&at, "missing column '%s'", name);
	return i;
}

/* 1 a record, 0 end; dies on a malformed record. */
static int
tab_next(struct tab *t)
{
	int rc;

	if ((rc = csvr_next(t->r)) < 0)
		die_at(csvr_loc(t->r), "%s", csvr_strerror(t->r));
	if (rc == 0)
		return 0;
	if (csvr_nfields(t->r) != hdr_n(t->h))
		die_at(csvr_loc(t->r), "record has %zu fields, header has %zu",
		    csvr_nfields(t->r), hdr_n(t->h));
	return 1;
}

static void
tab_close(struct tab *t)
{
	csvr_free(t->r);
	hdr_free(t->h);
}

static const char *
fld(struct tab *t, int col)
{
	return csvr_field(t->r, (size_t)col, NULL);
}

static char *
fdup(struct tab *t, int col)
{
	return xstrdup(fld(t, col));
}

/* A number, or NAN when empty (and allowed). */
static double
fnum(struct tab *t, int col, int required)
{
	const char *s = fld(t, col);
	double v;

	if (*s == '\0') {
		if (required)
			die_at(csvr_loc(t->r), "column '%s': missing value",
			    hdr_name(t->h, (size_t)col));
		return NAN;
	}
	if (num_parse(s, &v) != 0 || !isfinite(v))
		die_at(csvr_loc(t->r), "column '%s': not a number: '%s'",
		    hdr_name(t->h, (size_t)col), s);
	return v;
}

/* "0-10" -> 0, 10 (points 0..10, at least two); -1 when bad. */
static int
parse_scale(const char *s, int *worst, int *best)
{
	long a, b;
	char buf[8];
	const char *dash;

	if ((dash = strchr(s, '-')) == NULL || (size_t)(dash - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, (size_t)(dash - s));
	buf[dash - s] = '\0';
	if (num_parse_long(buf, 0, 10, &a) != 0 ||
	    num_parse_long(dash + 1, 0, 10, &b) != 0 || a == b)
		return -1;
	*worst = (int)a;
	*best = (int)b;
	return 0;
}

static int
metric_ok(const char *s)
{
	return strcmp(s, "nps") == 0 || strcmp(s, "csat") == 0 ||
	    strcmp(s, "ces") == 0;
}

/* The columns of a KPI table that cjm-map reads. */
enum {
	K_LEVEL, K_STEP, K_STAGE, K_TOUCHPOINT, K_CHANNEL, K_SEGMENT,
	K_PERIOD, K_METRIC, K_SCALE, K_TARGET, K_N, K_LOW_BASE, K_KPI,
	K_VALUE, K_CI_LOW, K_CI_HIGH, K_METHOD, K_CONF, K_PCT_TOP,
	K_PCT_BOTTOM, K_NET, K_NET_LOW, K_NET_HIGH, K_NCOL
};
static const char *const kcol[K_NCOL] = {
	"level", "step", "stage", "touchpoint", "channel", "segment",
	"period", "metric", "scale", "target", "n", "low_base", "kpi",
	"value", "ci_low", "ci_high", "method", "conf", "pct_top",
	"pct_bottom", "net", "net_low", "net_high"
};

/*
 * An index of string keys to numbers (open addressing, FNV-1a), so that
 * finding a row's touchpoint, group or segment is one lookup and not a
 * scan of a table: cjm-map stays linear in its inputs.
 */
struct kix {
	char	**key;		/* NULL = free slot */
	size_t	 *val;
	size_t	  cap, n;
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static size_t
kix_slot(const struct kix *ix, const char *key)
{
	size_t i;

	for (i = hash(key) & (ix->cap - 1); ix->key[i] != NULL &&
	    strcmp(ix->key[i], key) != 0; i = (i + 1) & (ix->cap - 1))
		;
	return i;
}

/* The value of key, SIZE_MAX when absent. */
static size_t
kix_find(const struct kix *ix, const char *key)
{
	size_t i;

	if (ix->cap == 0)
		return SIZE_MAX;
	i = kix_slot(ix, key);
	return ix->key[i] != NULL ? ix->val[i] : SIZE_MAX;
}

/* The value of key; when absent, adds key (taking it) with value v and
 * returns v.  A key already there is freed. */
static size_t
kix_add(struct kix *ix, char *key, size_t v)
{
	struct kix old = *ix;
	size_t i;

	if (2 * (ix->n + 1) > ix->cap) {
		ix->cap = old.cap ? 2 * old.cap : 64;
		ix->key = xcalloc(ix->cap, sizeof(*ix->key));
		ix->val = xcalloc(ix->cap, sizeof(*ix->val));
		for (i = 0; i < old.cap; i++)
			if (old.key[i] != NULL) {
				size_t j = kix_slot(ix, old.key[i]);

				ix->key[j] = old.key[i];
				ix->val[j] = old.val[i];
			}
		free(old.key);
		free(old.val);
	}
	i = kix_slot(ix, key);
	if (ix->key[i] != NULL) {
		free(key);
		return ix->val[i];
	}
	ix->key[i] = key;
	ix->val[i] = v;
	ix->n++;
	return v;
}

static void
kix_free(struct kix *ix)
{
	size_t i;

	for (i = 0; i < ix->cap; i++)
		free(ix->key[i]);
	free(ix->key);
	free(ix->val);
	memset(ix, 0, sizeof(*ix));
}

/* The key of a tuple of n strings: each as its length, ':' and its
 * bytes, so that different tuples give different keys (malloc'd). */
static char *
tuple(size_t n, const char *const *part)
{
	size_t i, len = 1;
	char *k, *q;

	for (i = 0; i < n; i++)
		len += strlen(part[i]) + 24;
	k = q = xmalloc(len);
	for (i = 0; i < n; i++)
		q += sprintf(q, "%zu:%s", strlen(part[i]), part[i]);
	return k;
}

/* The key of a row's group and metric, as the KPI table makes them
 * unique (with the segment when seg). */
static char *
meas_key(const struct meas *m, int seg)
{
	const char *part[6];

	part[0] = m->journey ? "j" : "g";
	part[1] = m->stage;
	part[2] = m->touchpoint;
	part[3] = m->metric;
	part[4] = m->scale;
	part[5] = m->segment;
	return tuple(seg ? 6 : 5, part);
}

static void
meas_clear(struct meas *x)
{
	free(x->stage);
	free(x->touchpoint);
	free(x->channel);
	free(x->segment);
	free(x->period);
	free(x->metric);
	free(x->scale);
	free(x->kpiname);
	free(x->method);
	free(x->conf);
}

/*
 * Reads a KPI table: the rows of period want, or when want is NULL of
 * its latest period.  segmented: the table of -s (group rows by
 * touchpoint and segment); else segment must be empty.
 */
static void
read_kpi(const char *path, int segmented, const char *want, struct meas **mp,
    size_t *np, char **periodp, size_t *nperiodsp)
{
	struct tab t;
	int c[K_NCOL], k;
	struct meas *m = NULL, *x;
	struct kix ix = { NULL, NULL, 0, 0 };
	size_t n = 0, cap = 0, i, j, np_;
	char *latest = NULL;
	long step;
	const char *s;

	tab_open(&t, path);
	for (k = 0; k < K_NCOL; k++)
		c[k] = tab_col(&t, kcol[k]);
	while (tab_next(&t)) {
		const struct loc *at = csvr_loc(t.r);

		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			m = xreallocarray(m, cap, sizeof(*m));
		}
		x = &m[n];
		memset(x, 0, sizeof(*x));
		x->line = at->line;
		s = fld(&t, c[K_LEVEL]);
		if (strcmp(s, "journey") == 0)
			x->journey = 1;
		else if (strcmp(s, "group") != 0)
			die_at(at, "column 'level': '%s' is not group or "
			    "journey", s);
		s = fld(&t, c[K_STEP]);
		if (!x->journey || *s != '\0') {
			if (num_parse_long(s, 1, 1000000, &step) != 0)
				die_at(at, "column 'step': not a journey step: "
				    "'%s'", s);
			x->step = step;
		}
		x->stage = fdup(&t, c[K_STAGE]);
		x->touchpoint = fdup(&t, c[K_TOUCHPOINT]);
		x->channel = fdup(&t, c[K_CHANNEL]);
		x->segment = fdup(&t, c[K_SEGMENT]);
		x->period = fdup(&t, c[K_PERIOD]);
		if (!x->journey && x->touchpoint[0] == '\0')
			die_at(at, "group row without a touchpoint (cjm-map "
			    "needs a table grouped by touchpoint)");
		if (!segmented && x->segment[0] != '\0')
			die_at(at, "row of segment '%s' (a KPI table by "
			    "segment goes to -s)", x->segment);
		x->metric = fdup(&t, c[K_METRIC]);
		if (!metric_ok(x->metric))
			die_at(at, "column 'metric': unknown metric '%s'",
			    x->metric);
		x->scale = fdup(&t, c[K_SCALE]);
		if (parse_scale(x->scale, &x->worst, &x->best) != 0)
			die_at(at, "column 'scale': not a scale: '%s'",
			    x->scale);
		x->kpiname = fdup(&t, c[K_KPI]);
		if (strcmp(x->kpiname, "nps") == 0)
			x->kpi = KPI_NPS;
		else if (strcmp(x->kpiname, "top2") == 0)
			x->kpi = KPI_TOP2;
		else if (strcmp(x->kpiname, "mean") == 0)
			x->kpi = KPI_MEAN;
		else
			die_at(at, "column 'kpi': unknown kpi '%s'",
			    x->kpiname);
		x->target = fnum(&t, c[K_TARGET], 0);
		x->n = fnum(&t, c[K_N], 1);
		if (x->n < 0 || x->n != floor(x->n))
			die_at(at, "column 'n': not a count: '%s'",
			    fld(&t, c[K_N]));
		s = fld(&t, c[K_LOW_BASE]);
		if (strcmp(s, "0") != 0 && strcmp(s, "1") != 0)
			die_at(at, "column 'low_base': want 0 or 1, not '%s'",
			    s);
		x->low_base = s[0] == '1';
		x->value = fnum(&t, c[K_VALUE], 0);
		x->lo = fnum(&t, c[K_CI_LOW], 0);
		x->hi = fnum(&t, c[K_CI_HIGH], 0);
		if (!isnan(x->lo) && !isnan(x->hi) && x->lo > x->hi)
			die_at(at, "ci_low %s is above ci_high %s",
			    fld(&t, c[K_CI_LOW]), fld(&t, c[K_CI_HIGH]));
		x->method = fdup(&t, c[K_METHOD]);
		x->conf = fdup(&t, c[K_CONF]);
		if (x->conf[0] != '\0') {
			double cf = fnum(&t, c[K_CONF], 0);

			if (!(cf > 0 && cf < 1))
				die_at(at, "column 'conf': not a level "
				    "between 0 and 1: '%s'", x->conf);
		}
		x->pct_top = fnum(&t, c[K_PCT_TOP], 0);
		x->pct_bottom = fnum(&t, c[K_PCT_BOTTOM], 0);
		x->net = fnum(&t, c[K_NET], 0);
		x->net_lo = fnum(&t, c[K_NET_LOW], 0);
		x->net_hi = fnum(&t, c[K_NET_HIGH], 0);
		n++;
	}
	tab_close(&t);

	/* Keep the latest period (periods of one unit sort as text). */
	for (i = 0; i < n; i++) {
		kix_add(&ix, xstrdup(m[i].period), i);
		if (latest == NULL || strcmp(m[i].period, latest) > 0)
			latest = m[i].period;
	}
	np_ = ix.n;
	kix_free(&ix);
	if (want != NULL)
		latest = (char *)want;
	/* (latest points into a row kept, or to want: copied below) */
	for (i = j = 0; i < n; i++) {
		if (strcmp(m[i].period, latest) == 0)
			m[j++] = m[i];
		else
			meas_clear(&m[i]);
	}
	n = j;
	/* One row per group and metric. */
	for (i = 0; i < n; i++)
		if ((j = kix_add(&ix, meas_key(&m[i], 1), i)) != i) {
			struct loc at = { path, m[i].line };

			die_at(&at, "second row for %s%s%s %s %s: first on "
			    "line %lu", m[i].touchpoint[0] ?
			    m[i].touchpoint : "(journey)",
			    m[i].segment[0] ? " / " : "", m[i].segment,
			    m[i].metric, m[i].scale, m[j].line);
		}
	kix_free(&ix);
	if (latest != NULL)
		latest = xstrdup(latest);
	*mp = m;
	*np = n;
	*periodp = latest != NULL && latest[0] != '\0' ? latest : NULL;
	if (latest != NULL && latest[0] == '\0')
		free(latest);
	*nperiodsp = np_;
}

/* ---- the journey: touchpoints and stages ------------------------- */

static int
by_step(const void *a, const void *b)
{
	const struct meas *x = a, *y = b;

	if (x->journey != y->journey)
		return x->journey - y->journey;		/* journey rows last */
	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static void
build_journey(struct map *mp)
{
	struct kix tps = { NULL, NULL, 0, 0 }, sts = { NULL, NULL, 0, 0 };
	const char *part[2];
	size_t i, j, o, *newix, *pos;
	struct tp *tp, *sorted;

	if (mp->nm > 1)
		qsort(mp->m, mp->nm, sizeof(*mp->m), by_step);
	mp->tp = xcalloc(mp->nm + 1, sizeof(*mp->tp));
	mp->st = xcalloc(mp->nm + 1, sizeof(*mp->st));
	mp->journey = xcalloc(mp->nm + 1, sizeof(*mp->journey));
	for (i = 0; i < mp->nm; i++) {
		struct meas *m = &mp->m[i];

		if (m->journey) {
			mp->journey[mp->njourney++] = i;
			continue;
		}
		part[0] = m->stage;
		part[1] = m->touchpoint;
		j = kix_add(&tps, tuple(2, part), mp->ntp);
		if (j == mp->ntp) {
			tp = &mp->tp[mp->ntp++];
			tp->stage = m->stage;
			tp->touchpoint = m->touchpoint;
			tp->channel = m->channel;
			tp->step = m->step;
		}
		mp->tp[j].nmeas++;
		m->tp = j;
	}
	kix_free(&tps);
	for (j = 0; j < mp->ntp; j++) {
		mp->tp[j].meas = xcalloc(mp->tp[j].nmeas, sizeof(size_t));
		mp->tp[j].nmeas = 0;
	}
	for (i = 0; i < mp->nm; i++)
		if (!mp->m[i].journey) {
			tp = &mp->tp[mp->m[i].tp];
			tp->meas[tp->nmeas++] = i;
		}
	/* Stages by first appearance; a touchpoint joins its stage's run
	 * (a stage that comes back later in the journey is shown once, at
	 * its first place, holding all its touchpoints in journey order). */
	sorted = xcalloc(mp->ntp + 1, sizeof(*sorted));
	newix = xcalloc(mp->ntp + 1, sizeof(*newix));
	pos = xcalloc(mp->ntp + 1, sizeof(*pos));
	for (i = 0; i < mp->ntp; i++) {
		tp = &mp->tp[i];
		tp->stage_ix = kix_add(&sts, xstrdup(tp->stage), mp->nst);
		if (tp->stage_ix == mp->nst)
			mp->st[mp->nst++].name = tp->stage;
		mp->st[tp->stage_ix].ntp++;
	}
	kix_free(&sts);
	for (o = 0, j = 0; j < mp->nst; j++) {
		mp->st[j].first = pos[j] = o;
		o += mp->st[j].ntp;
	}
	for (i = 0; i < mp->ntp; i++) {
		newix[i] = pos[mp->tp[i].stage_ix]++;
		sorted[newix[i]] = mp->tp[i];
	}
	for (i = 0; i < mp->nm; i++)
		if (!mp->m[i].journey)
			mp->m[i].tp = newix[mp->m[i].tp];
	free(mp->tp);
	free(newix);
	free(pos);
	mp->tp = sorted;
}

/* ---- status and ranking ------------------------------------------ */

/* +1 when higher is better, -1 for a mean on a worst-best descending
 * scale (CES 1.0, 5-1). */
static int
dir(const struct meas *m)
{
	return m->kpi == KPI_MEAN && m->worst > m->best ? -1 : 1;
}

static double
range(const struct meas *m)
{
	if (m->on_net || m->kpi == KPI_NPS)
		return 200;
	if (m->kpi == KPI_TOP2)
		return 100;
	return fabs((double)m->best - m->worst);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The key of a row's metric: metric, kpi and scale (malloc'd). */
static char *
metric_key(const struct meas *m)
{
	const char *part[3];
	char kpi[8];

	snprintf(kpi, sizeof(kpi), "%d", (int)m->kpi);
	part[0] = m->metric;
	part[1] = kpi;
	part[2] = m->scale;
	return tuple(3, part);
}

/*
 * For each row, the journey row of its metric when it covers more
 * touchpoints than the row alone (else comparing with it would compare
 * the row with itself), or NULL: a new array of mp->nm pointers.
 */
static const struct meas **
journey_rows(const struct map *mp)
{
	struct kix ix = { NULL, NULL, 0, 0 };
	const struct meas **jr, **first;
	const struct meas *j;
	size_t i, k, *n;

	jr = xcalloc(mp->nm + 1, sizeof(*jr));
	n = xcalloc(mp->nm + 1, sizeof(*n));
	first = xcalloc(mp->nm + 1, sizeof(*first));
	for (i = 0; i < mp->nm; i++)
		if (!mp->m[i].journey)
			n[kix_add(&ix, metric_key(&mp->m[i]), ix.n)]++;
	for (i = 0; i < mp->njourney; i++) {
		j = &mp->m[mp->journey[i]];
		/* a metric without group rows gets a slot of its own */
		if (!isnan(j->value) && first[k = kix_add(&ix, metric_key(j),
		    ix.n)] == NULL)
			first[k] = j;
	}
	for (i = 0; i < mp->nm; i++)
		if (!mp->m[i].journey) {
			char *key = metric_key(&mp->m[i]);

			k = kix_find(&ix, key);
			free(key);
			jr[i] = n[k] >= 2 ? first[k] : NULL;
		}
	kix_free(&ix);
	free(n);
	free(first);
	return jr;
}

static void
decide_status(struct meas *m, double ref, int on_net)
{
	double lo = on_net ? m->net_lo : m->lo, hi = on_net ? m->net_hi : m->hi;
	double v = on_net ? m->net : m->value;
	int d = on_net ? 1 : dir(m);

	m->refv = ref;
	m->on_net = on_net;
	if (isnan(lo) || isnan(hi))
		m->st = ST_NA;
	else if (d > 0 ? hi < ref : lo > ref)
		m->st = ST_ACT;
	else if (d > 0 ? lo > ref : hi < ref)
		m->st = ST_OK;
	else
		m->st = ST_WATCH;
	if (!isnan(v) && d * (ref - v) > 0)
		m->shortfall = d * (ref - v) / range(m);
	m->impact = m->shortfall * m->n;
}

static void
decide(struct map *mp)
{
	double *nets = xcalloc(mp->nm + 1, sizeof(*nets));
	size_t i, k = 0;
	const struct meas *j, **jr = journey_rows(mp);
	struct meas *m;

	for (i = 0; i < mp->nm; i++)
		if (!mp->m[i].journey && !isnan(mp->m[i].net))
			nets[k++] = mp->m[i].net;
	qsort(nets, k, sizeof(*nets), cmp_double);
	mp->median_net = k == 0 ? NAN : k % 2 ? nets[k / 2] :
	    (nets[k / 2 - 1] + nets[k / 2]) / 2;
	free(nets);
	for (i = 0; i < mp->nm; i++) {
		m = &mp->m[i];
		if (m->journey) {
			m->st = ST_NA;
			continue;
		}
		if (!isnan(m->target)) {
			m->ref = REF_TARGET;
			decide_status(m, m->target, 0);
		} else if ((j = jr[i]) != NULL) {
			m->ref = REF_JOURNEY;
			decide_status(m, j->value, 0);
		} else if (!isnan(mp->median_net)) {
			m->ref = REF_MEDIAN;
			decide_status(m, mp->median_net, 1);
		} else
			m->st = ST_NA;
		mp->nstatus[m->st]++;
		if (m->low_base)
			mp->nlow++;
		if (m->cmp != NULL && m->cmp->flag < 0)
			mp->ndrop++;
		if (m->cmp != NULL && m->cmp->flag > 0)
			mp->nrise++;
	}
	free(jr);
}

/* A touchpoint that drives the outcome and performs below average. */
static int
is_fix(const struct meas *m)
{
	return m->drv != NULL && strcmp(m->drv->quadrant, "fix") == 0;
}

static int
tier(const struct meas *m)
{
	if (is_fix(m))
		return 0;
	if (m->st == ST_ACT)
		return 1;
	if (m->cmp != NULL && m->cmp->flag < 0)
		return 2;
	return 3;
}

static const struct map *rank_map;

static int
by_priority(const void *a, const void *b)
{
	const struct meas *x = &rank_map->m[*(const size_t *)a];
	const struct meas *y = &rank_map->m[*(const size_t *)b];
	int dx = x->cmp != NULL && x->cmp->flag < 0;
	int dy = y->cmp != NULL && y->cmp->flag < 0;

	if (tier(x) != tier(y))
		return tier(x) - tier(y);
	/* fix: by status, then by importance */
	if (tier(x) == 0 && x->st != y->st)
		return x->st > y->st ? -1 : 1;
	if (tier(x) == 0 && x->drv->importance != y->drv->importance)
		return x->drv->importance > y->drv->importance ? -1 : 1;
	if (dx != dy)
		return dy - dx;
	if (x->low_base != y->low_base)		/* weak evidence last */
		return x->low_base - y->low_base;
	if (x->impact != y->impact)
		return x->impact > y->impact ? -1 : 1;
	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static void
rank(struct map *mp)
{
	size_t i;
	const struct meas *m;

	mp->rank = xcalloc(mp->nm + 1, sizeof(*mp->rank));
	for (i = 0; i < mp->nm; i++) {
		m = &mp->m[i];
		if (m->journey)
			continue;
		if (m->st == ST_ACT || m->st == ST_WATCH || is_fix(m) ||
		    (m->cmp != NULL && m->cmp->flag < 0))
			mp->rank[mp->nrank++] = i;
	}
	rank_map = mp;
	qsort(mp->rank, mp->nrank, sizeof(*mp->rank), by_priority);
}

/* ---- drivers ------------------------------------------------------ */

/* By importance, highest first; predictors without one after, in
 * journey order. */
static int
by_importance(const void *a, const void *b)
{
	const struct plot_drv *x = *(const struct plot_drv *const *)a;
	const struct plot_drv *y = *(const struct plot_drv *const *)b;

	if (isnan(x->importance) != isnan(y->importance))
		return isnan(x->importance) ? 1 : -1;
	if (!isnan(x->importance) && x->importance != y->importance)
		return x->importance > y->importance ? -1 : 1;
	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * Reads the drivers table and keeps the rows of one cell: the
 * unsegmented rows (else the only segment) of the period shown (else
 * the rows without a period: drivers over a window, else the only
 * period).  Each group row of the KPI table gets its row (same stage,
 * touchpoint, channel when both have one, metric).
 */
static void
read_drivers(struct map *mp, const char *path)
{
	const struct plot_drv *v;
	char err[1024], list[512] = "";
	const char *seg = NULL, *per = NULL;
	size_t i, j, n;
	int segs = 0, empty_seg = 0, have_cur = 0, have_none = 0, pers = 0;

	if ((mp->drvdata = plot_data_load_drivers(path, err,
	    sizeof(err))) == NULL)
		die("%s", err);
	n = plot_data_ndrv(mp->drvdata);
	for (i = 0; i < n; i++) {
		v = plot_data_drv(mp->drvdata, i);
		if (*v->segment == '\0')
			empty_seg = 1;
		else if (seg == NULL) {
			seg = v->segment;
			segs = 1;
		} else if (strcmp(seg, v->segment) != 0)
			segs = 2;
	}
	if (empty_seg)
		seg = "";
	else if (segs > 1)
		die("%s: several segments and no unsegmented rows: run "
		    "cjm-drivers without --by segment for the report",
		    err_fname(path));
	for (i = 0; i < n; i++) {
		v = plot_data_drv(mp->drvdata, i);
		if (seg == NULL || strcmp(v->segment, seg) != 0)
			continue;
		if (mp->period != NULL && strcmp(v->period, mp->period) == 0)
			have_cur = 1;
		else if (*v->period == '\0')
			have_none = 1;
		if (per == NULL || strcmp(per, v->period) != 0) {
			pers = per != NULL ? 2 : 1;
			per = v->period;
			if (strlen(list) < 300 && strstr(list, v->period) ==
			    NULL)
				snprintf(list + strlen(list), sizeof(list) -
				    strlen(list), "%s'%.40s'", *list ? ", " :
				    "", v->period);
		}
	}
	if (have_cur)
		per = mp->period;
	else if (have_none)
		per = "";
	else if (pers > 1)
		die("%s: no rows for period %s and none without a period "
		    "(periods: %s)", err_fname(path), mp->period != NULL ?
		    mp->period : "(none)", list);
	mp->drv_segment = seg != NULL ? seg : "";
	mp->drv_period = per != NULL ? per : "";
	mp->drv = xcalloc(n + 1, sizeof(*mp->drv));
	for (i = 0; i < n; i++) {
		v = plot_data_drv(mp->drvdata, i);
		if (strcmp(v->segment, mp->drv_segment) == 0 &&
		    strcmp(v->period, mp->drv_period) == 0)
			mp->drv[mp->ndrv++] = v;
	}
	qsort(mp->drv, mp->ndrv, sizeof(*mp->drv), by_importance);
	for (i = 0; i < mp->nm; i++) {
		struct meas *m = &mp->m[i];

		if (m->journey)
			continue;
		for (j = 0; j < mp->ndrv; j++) {
			v = mp->drv[j];
			if (strcmp(v->stage, m->stage) == 0 &&
			    strcmp(v->touchpoint, m->touchpoint) == 0 &&
			    strcmp(v->metric, m->metric) == 0 &&
			    (*v->channel == '\0' || *m->channel == '\0' ||
			    strcmp(v->channel, m->channel) == 0)) {
				m->drv = v;
				break;
			}
		}
	}
}

/* ---- compare ------------------------------------------------------ */

enum {
	C_LEVEL, C_STAGE, C_TOUCHPOINT, C_SEGMENT, C_METRIC, C_SCALE, C_KPI, C_PERIOD_PREV,
	C_PERIOD_CUR, C_N_PREV, C_VALUE_PREV, C_N_CUR, C_VALUE_CUR, C_DIFF,
	C_DIFF_LOW, C_DIFF_HIGH, C_TEST, C_P, C_P_ADJ, C_ADJUST, C_FLAG,
	C_NCOL
};
static const char *const ccol[C_NCOL] = {
	"level", "stage", "touchpoint", "segment", "metric", "scale", "kpi",
	"period_prev",
	"period_cur", "n_prev", "value_prev", "n_cur", "value_cur", "diff",
	"diff_low", "diff_high", "test", "p", "p_adj", "adjust", "flag"
};

static void
read_compare(struct map *mp, const char *path)
{
	struct tab t;
	int c[C_NCOL], k, fun;
	size_t cap = 0, fcap = 0, i, matched = 0;
	struct kix ix = { NULL, NULL, 0, 0 };
	struct cmp *x;
	const char *s;

	tab_open(&t, path);
	for (k = 0; k < C_NCOL; k++)
		c[k] = tab_col(&t, ccol[k]);
	while (tab_next(&t)) {
		const struct loc *at = csvr_loc(t.r);

		/* a funnel step's conversion (cjm-compare -F): not a KPI's,
		 * kept apart for the funnel (-F) */
		fun = strcmp(fld(&t, c[C_LEVEL]), "funnel") == 0;
		if (fun) {
			if (mp->nfc == fcap) {
				fcap = fcap ? fcap * 2 : 16;
				mp->fc = xreallocarray(mp->fc, fcap,
				    sizeof(*mp->fc));
			}
			x = &mp->fc[mp->nfc++];
		} else {
			if (mp->nc == cap) {
				cap = cap ? cap * 2 : 32;
				mp->c = xreallocarray(mp->c, cap,
				    sizeof(*mp->c));
			}
			x = &mp->c[mp->nc++];
		}
		memset(x, 0, sizeof(*x));
		x->line = at->line;
		s = fld(&t, c[C_LEVEL]);
		if (strcmp(s, "journey") == 0)
			x->journey = 1;
		else if (strcmp(s, "group") != 0 && !fun)
			die_at(at, "column 'level': '%s' is not group, "
			    "journey or funnel", s);
		x->stage = fdup(&t, c[C_STAGE]);
		x->touchpoint = fdup(&t, c[C_TOUCHPOINT]);
		x->segment = fdup(&t, c[C_SEGMENT]);
		x->metric = fdup(&t, c[C_METRIC]);
		if (!fun && !metric_ok(x->metric))
			die_at(at, "column 'metric': unknown metric '%s'",
			    x->metric);
		x->scale = fdup(&t, c[C_SCALE]);
		x->kpi = fdup(&t, c[C_KPI]);
		x->period_prev = fdup(&t, c[C_PERIOD_PREV]);
		x->period_cur = fdup(&t, c[C_PERIOD_CUR]);
		x->test = fdup(&t, c[C_TEST]);
		x->adjust = fdup(&t, c[C_ADJUST]);
		x->n_prev = fnum(&t, c[C_N_PREV], 0);
		x->value_prev = fnum(&t, c[C_VALUE_PREV], 0);
		x->n_cur = fnum(&t, c[C_N_CUR], 0);
		x->value_cur = fnum(&t, c[C_VALUE_CUR], 0);
		x->diff = fnum(&t, c[C_DIFF], 0);
		x->diff_low = fnum(&t, c[C_DIFF_LOW], 0);
		x->diff_high = fnum(&t, c[C_DIFF_HIGH], 0);
		x->p = fnum(&t, c[C_P], 0);
		x->p_adj = fnum(&t, c[C_P_ADJ], 0);
		if (!isnan(x->p_adj) && (x->p_adj < 0 || x->p_adj > 1))
			die_at(at, "column 'p_adj': not a probability: '%s'",
			    fld(&t, c[C_P_ADJ]));
		s = fld(&t, c[C_FLAG]);
		if (strcmp(s, "drop") == 0)
			x->flag = -1;
		else if (strcmp(s, "rise") == 0)
			x->flag = 1;
		else if (*s != '\0')
			die_at(at, "column 'flag': want drop, rise or empty, "
			    "not '%s'", s);
	}
	tab_close(&t);
	/* Attach each row to its KPI row: same group and metric, and the
	 * KPI table's period when both name one.  The group and metric
	 * find at most one row (read_kpi). */
	for (i = 0; i < mp->nm; i++)
		kix_add(&ix, meas_key(&mp->m[i], 1), i);
	for (i = 0; i < mp->nc; i++) {
		struct cmp *cr = &mp->c[i];
		struct meas key, *m;
		char *kk;
		size_t j;

		memset(&key, 0, sizeof(key));
		key.journey = cr->journey;
		key.stage = cr->stage;
		key.touchpoint = cr->touchpoint;
		key.segment = cr->segment;
		key.metric = cr->metric;
		key.scale = cr->scale;
		kk = meas_key(&key, 1);
		j = kix_find(&ix, kk);
		free(kk);
		if (j != SIZE_MAX) {
			m = &mp->m[j];
			if (strcmp(m->kpiname, cr->kpi) != 0 ||
			    (mp->period != NULL && cr->period_cur[0] != '\0' &&
			    strcmp(mp->period, cr->period_cur) != 0))
				continue;
			if (m->cmp != NULL) {
				struct loc at = { path, cr->line };

				die_at(&at, "second row for %s %s %s: first "
				    "on line %lu", cr->touchpoint[0] ?
				    cr->touchpoint : "(journey)", cr->metric,
				    cr->scale, m->cmp->line);
			}
			m->cmp = cr;
			matched++;
			if (mp->period_prev == NULL &&
			    cr->period_prev[0] != '\0')
				mp->period_prev = cr->period_prev;
		}
	}
	kix_free(&ix);
	if (mp->nc > 0 && matched == 0) {
		struct loc at = { path, 0 };

		warn_at(&at, "no row matches a row of the KPI table%s%s%s; "
		    "no changes shown", mp->period ? " (period " : "",
		    mp->period ? mp->period : "", mp->period ? ")" : "");
	}
}

/* ---- responses: verbatims and the period covered ----------------- */

/* A set of strings (respondent ids), open addressing. */
struct strset {
	char	**slot;
	size_t	  cap, n;
};

static void
strset_add(struct strset *set, const char *s)
{
	size_t i, k;
	char **old;

	if (2 * (set->n + 1) > set->cap) {
		old = set->slot;
		k = set->cap;
		set->cap = k ? 2 * k : 1024;
		set->slot = xcalloc(set->cap, sizeof(*set->slot));
		set->n = 0;
		for (i = 0; i < k; i++)
			if (old[i] != NULL) {
				size_t j = hash(old[i]) & (set->cap - 1);

				while (set->slot[j] != NULL)
					j = (j + 1) & (set->cap - 1);
				set->slot[j] = old[i];
				set->n++;
			}
		free(old);
	}
	for (i = hash(s) & (set->cap - 1); set->slot[i] != NULL;
	    i = (i + 1) & (set->cap - 1))
		if (strcmp(set->slot[i], s) == 0)
			return;
	set->slot[i] = xstrdup(s);
	set->n++;
}

static void
strset_free(struct strset *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
}

/* The unit of a period label (2026-11-05, 2026-W45, 2026-11, 2026-Q4). */
static enum period_unit
label_unit(const char *p)
{
	size_t n = strlen(p);

	if (n == 10 && p[4] == '-' && p[7] == '-')
		return PERIOD_DAY;
	if (n == 8 && p[4] == '-' && p[5] == 'W')
		return PERIOD_WEEK;
	if (n == 7 && p[4] == '-' && p[5] == 'Q')
		return PERIOD_QUARTER;
	if (n == 7 && p[4] == '-')
		return PERIOD_MONTH;
	return PERIOD_NONE;
}

static int
has_text(const char *s)
{
	for (; *s != '\0'; s++)
		if (strchr(" \t\r\n", *s) == NULL)
			return 1;
	return 0;
}

/* A copy without blanks at either end. */
static char *
trimdup(const char *s)
{
	size_t n;

	while (*s != '\0' && strchr(" \t\r\n", *s) != NULL)
		s++;
	for (n = strlen(s); n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL; n--)
		;
	return xstrndup(s, n);
}

static int
by_badness(const void *a, const void *b)
{
	const struct verb *x = a, *y = b;
	int c;

	if (x->badness != y->badness)
		return x->badness > y->badness ? -1 : 1;
	if ((c = strcmp(y->time, x->time)) != 0)	/* latest first */
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* A comment's text for comparing: ASCII lower case, blanks as one
 * space, no blanks or . ! ? , ; : at the ends (malloc'd). */
static char *
textkey(const char *s)
{
	char *k = xmalloc(strlen(s) + 1), *q = k;

	for (; *s != '\0'; s++) {
		if (strchr(" \t\r\n", *s) != NULL) {
			if (q > k && q[-1] != ' ')
				*q++ = ' ';
		} else
			*q++ = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') :
			    *s;
	}
	while (q > k && strchr(" .!?,;:", q[-1]) != NULL)
		q--;
	*q = '\0';
	return k;
}

/*
 * Puts one comment of each text first (the worst-scored, as v is sorted
 * worst first), counting in .same the others saying the same, which go
 * to the end.  Returns the number of distinct texts.  A hash table of
 * the texts seen keeps this linear.
 */
static size_t
group_same(struct verb *v, size_t n)
{
	struct verb *out;
	char **key;
	size_t *slot, cap, i, j, nrep = 0, ndup = 0;
	int *dup;

	if (n < 2)
		return n;
	for (cap = 16; cap < 2 * n; cap *= 2)
		;
	slot = xcalloc(cap, sizeof(*slot));	/* index + 1, 0 = empty */
	out = xcalloc(n, sizeof(*out));
	key = xcalloc(n, sizeof(*key));
	dup = xcalloc(n, sizeof(*dup));
	for (i = 0; i < n; i++) {
		key[i] = textkey(v[i].text);
		for (j = hash(key[i]) & (cap - 1); slot[j] != 0;
		    j = (j + 1) & (cap - 1))
			if (strcmp(key[slot[j] - 1], key[i]) == 0)
				break;
		if (slot[j] != 0) {
			dup[i] = 1;
			v[slot[j] - 1].same++;
		} else {
			slot[j] = i + 1;
			nrep++;
		}
	}
	for (i = 0; i < n; i++)
		out[dup[i] ? nrep + ndup++ : i - ndup] = v[i];
	memcpy(v, out, n * sizeof(*v));
	for (i = 0; i < n; i++)
		free(key[i]);
	free(key);
	free(dup);
	free(out);
	free(slot);
	return nrep;
}

enum {
	R_RESPONDENT, R_TIME, R_STAGE, R_TOUCHPOINT, R_SEGMENT, R_METRIC,
	R_SCALE, R_SCORE, R_COMMENT, R_NCOL
};
static const char *const rcol[R_NCOL] = {
	"respondent", "time", "stage", "touchpoint", "segment", "metric",
	"scale", "score", "comment"
};

/*
 * --respondents: tables of respondents and answers per period (cjm-kpi
 * --respondents), for a report whose -r holds only the verbatims: the
 * counts of the KPI table's period (day rows put into it), the days
 * covered, the answers without a time.
 */
static void
read_respondents(struct map *mp, const char *path)
{
	struct tab t;
	enum period_unit unit = mp->period ? label_unit(mp->period) :
	    PERIOD_NONE, lu;
	struct period_time pt;
	char lab[16];
	int cp, cr, ca;
	long nr, na;
	const char *p;

	tab_open(&t, path);
	cp = tab_col(&t, "period");
	cr = tab_col(&t, "respondents");
	ca = tab_col(&t, "answers");
	while (tab_next(&t)) {
		const struct loc *at = csvr_loc(t.r);

		p = fld(&t, cp);
		if (num_parse_long(fld(&t, cr), 0, LONG_MAX, &nr) != 0)
			die_at(at, "column 'respondents': not a count: '%s'",
			    fld(&t, cr));
		if (num_parse_long(fld(&t, ca), 0, LONG_MAX, &na) != 0)
			die_at(at, "column 'answers': not a count: '%s'",
			    fld(&t, ca));
		lu = *p == '\0' ? PERIOD_NONE : label_unit(p);
		if (*p != '\0' && (lu == PERIOD_NONE || (lu == PERIOD_DAY &&
		    period_parse(p, 1, &pt, NULL) != 0)))
			die_at(at, "column 'period': not a period: '%s'", p);
		mp->nresp_rows += (size_t)na;
		mp->nresp_all += (size_t)nr;
		if (*p == '\0')
			mp->notime_all += (size_t)na;
		if (unit != PERIOD_NONE) {
			if (*p == '\0')
				continue;	/* without a time: no period */
			if (lu == PERIOD_DAY) {
				period_label(&pt, unit, lab);
				if (strcmp(lab, mp->period) != 0)
					continue;
			} else if (lu != unit)
				die_at(at, "period '%s' does not fit the KPI "
				    "table's period %s (day rows, or rows of "
				    "its unit)", p, mp->period);
			else if (strcmp(p, mp->period) != 0)
				continue;
		} else if (*p == '\0')
			mp->notime += (size_t)na;
		mp->nanswers += (size_t)na;
		mp->nresp += (size_t)nr;
		if (lu == PERIOD_DAY && na > 0) {
			if (mp->tmin == NULL || strcmp(p, mp->tmin) < 0) {
				free(mp->tmin);
				mp->tmin = xstrdup(p);
			}
			if (mp->tmax == NULL || strcmp(p, mp->tmax) > 0) {
				free(mp->tmax);
				mp->tmax = xstrdup(p);
			}
		}
	}
	tab_close(&t);
}

/* An answer of the period shown: its respondent, its day. */
static void
count_answer(struct map *mp, struct strset *in, const char *resp,
    const char *tm)
{
	char tkey[32];

	mp->nanswers++;
	strset_add(in, resp);
	if (*tm == '\0') {
		mp->notime++;
		return;
	}
	snprintf(tkey, sizeof(tkey), "%.10s", tm);
	if (mp->tmin == NULL || strcmp(tkey, mp->tmin) < 0) {
		free(mp->tmin);
		mp->tmin = xstrdup(tkey);
	}
	if (mp->tmax == NULL || strcmp(tkey, mp->tmax) > 0) {
		free(mp->tmax);
		mp->tmax = xstrdup(tkey);
	}
}

static void
read_responses(struct map *mp, const char *path)
{
	struct tab t;
	int c[R_NCOL], k, worst, best;
	struct strset all = { NULL, 0, 0 }, in = { NULL, 0, 0 };
	enum period_unit unit = mp->period ? label_unit(mp->period) :
	    PERIOD_NONE;
	struct period_time pt;
	char lab[16];
	size_t *cap = xcalloc(mp->ntp + 1, sizeof(*cap)), i, j;
	struct kix tps = { NULL, NULL, 0, 0 };
	const char *part[2];
	char *key;
	long score;
	const char *s, *tm;

	for (i = 0; i < mp->ntp; i++) {
		part[0] = mp->tp[i].stage;
		part[1] = mp->tp[i].touchpoint;
		kix_add(&tps, tuple(2, part), i);
	}
	tab_open(&t, path);
	for (k = 0; k < R_NCOL; k++)
		c[k] = tab_col(&t, rcol[k]);
	while (tab_next(&t)) {
		const struct loc *at = csvr_loc(t.r);

		if (!mp->counted)
			mp->nresp_rows++;
		s = fld(&t, c[R_SCALE]);
		if (parse_scale(s, &worst, &best) != 0)
			die_at(at, "column 'scale': not a scale: '%s'", s);
		s = fld(&t, c[R_SCORE]);
		if (num_parse_long(s, worst < best ? worst : best,
		    worst < best ? best : worst, &score) != 0)
			die_at(at, "column 'score': not a point of the %s "
			    "scale: '%s'", fld(&t, c[R_SCALE]), s);
		if (!metric_ok(fld(&t, c[R_METRIC])))
			die_at(at, "column 'metric': unknown metric '%s'",
			    fld(&t, c[R_METRIC]));
		tm = fld(&t, c[R_TIME]);
		if (*tm != '\0' && period_parse(tm, 0, &pt, NULL) != 0)
			die_at(at, "column 'time': not YYYY-MM-DDTHH:MM:SS: "
			    "'%s'", tm);
		if (!mp->counted)
			strset_add(&all, fld(&t, c[R_RESPONDENT]));
		if (*tm == '\0' && !mp->counted)
			mp->notime_all++;
		/* Only the answers of the KPI table's period count here (an
		 * answer without a time is in no period). */
		if (unit != PERIOD_NONE) {
			if (*tm == '\0')
				continue;
			period_label(&pt, unit, lab);
			if (strcmp(lab, mp->period) != 0)
				continue;
		}
		/* (with --respondents, the counts come from its tables) */
		if (!mp->counted)
			count_answer(mp, &in, fld(&t, c[R_RESPONDENT]), tm);
		s = fld(&t, c[R_COMMENT]);
		if (!has_text(s))
			continue;
		mp->ncomments++;
		part[0] = fld(&t, c[R_STAGE]);
		part[1] = fld(&t, c[R_TOUCHPOINT]);
		key = tuple(2, part);
		i = kix_find(&tps, key);
		free(key);
		if (i == SIZE_MAX)
			continue;
		{
			struct tp *tp = &mp->tp[i];
			struct verb *v;
			char *text = trimdup(s);

			/* The same comment under two questions of one
			 * touchpoint (two metrics) is one verbatim.  A
			 * respondent's rows are together in the table, so
			 * look at the last few only. */
			for (j = tp->nv > 8 ? tp->nv - 8 : 0; j < tp->nv; j++)
				if (strcmp(tp->v[j].respondent,
				    fld(&t, c[R_RESPONDENT])) == 0 &&
				    strcmp(tp->v[j].text, text) == 0)
					break;
			if (j < tp->nv) {
				free(text);
				v = &tp->v[j];
				/* keep the worse score of the two */
				if ((double)(best - score) / (best - worst) <=
				    v->badness)
					continue;
			} else {
				if (tp->nv == cap[i]) {
					cap[i] = cap[i] ? 2 * cap[i] : 8;
					tp->v = xreallocarray(tp->v, cap[i],
					    sizeof(*tp->v));
				}
				v = &tp->v[tp->nv++];
				memset(v, 0, sizeof(*v));
				v->text = text;
				v->respondent = fdup(&t, c[R_RESPONDENT]);
				v->segment = fdup(&t, c[R_SEGMENT]);
				v->time = xstrdup(tm);
				v->line = at->line;
			}
			free(v->metric);
			v->metric = fdup(&t, c[R_METRIC]);
			v->score = score;
			v->worst = worst;
			v->best = best;
			v->badness = (double)(best - score) / (best - worst);
		}
	}
	tab_close(&t);
	kix_free(&tps);
	if (!mp->counted) {
		mp->nresp_all = all.n;
		mp->nresp = in.n;
	}
	strset_free(&all);
	strset_free(&in);
	for (i = 0; i < mp->ntp; i++) {
		struct tp *tp = &mp->tp[i];

		if (tp->nv > 1)
			qsort(tp->v, tp->nv, sizeof(*tp->v), by_badness);
		tp->nvall = tp->nv;
		tp->nv = group_same(tp->v, tp->nv);
		if (tp->nv > (size_t)mp->nverb)
			tp->nv = (size_t)mp->nverb;
	}
	free(cap);
}

/* ---- segments ----------------------------------------------------- */

static int
better(const struct meas *m, double a, double b)	/* a better than b */
{
	return dir(m) > 0 ? a > b : a < b;
}

static void
read_segments(struct map *mp, const char *path)
{
	char *period, *key;
	size_t np, i, j, s;
	struct kix segs = { NULL, NULL, 0, 0 }, rows = { NULL, NULL, 0, 0 };

	/* the breakdown of the period shown */
	read_kpi(path, 1, mp->period, &mp->sm, &mp->nsm, &period, &np);
	free(period);
	mp->seg = xcalloc(mp->nsm + 1, sizeof(*mp->seg));
	for (i = 0; i < mp->nsm; i++)
		if (kix_add(&segs, xstrdup(mp->sm[i].segment), mp->nseg) ==
		    mp->nseg)
			mp->seg[mp->nseg++] = mp->sm[i].segment;
	/* The KPI table has no segments: a group and metric is one row. */
	for (j = 0; j < mp->nm; j++)
		kix_add(&rows, meas_key(&mp->m[j], 0), j);
	mp->cell = xcalloc(mp->nm * (mp->nseg ? mp->nseg : 1) + 1,
	    sizeof(*mp->cell));
	for (i = 0; i < mp->nsm; i++) {
		const struct meas *x = &mp->sm[i];

		s = kix_find(&segs, x->segment);
		key = meas_key(x, 0);
		j = kix_find(&rows, key);
		free(key);
		if (j != SIZE_MAX) {
			const struct meas *m = &mp->m[j];
			struct segcell *cl;

			if (m->kpi != x->kpi)
				continue;
			cl = &mp->cell[j * mp->nseg + s];
			cl->m = x;
			if (x->low_base)
				mp->nseglow++;
			if (!isnan(x->lo) && !isnan(x->hi) &&
			    !isnan(m->value)) {
				if (better(m, m->value, dir(m) > 0 ? x->hi :
				    x->lo))
					cl->mark = -1;
				else if (better(m, dir(m) > 0 ? x->lo : x->hi,
				    m->value))
					cl->mark = 1;
			}
		}
	}
	kix_free(&segs);
	kix_free(&rows);
}

/* ---- rejects ------------------------------------------------------ */

static int
by_count(const void *a, const void *b)
{
	const struct count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Counts name in *cp, found through ix (names to indexes). */
static void
add_count(struct count **cp, size_t *np, struct kix *ix, const char *name)
{
	size_t i;

	if ((i = kix_add(ix, xstrdup(name), *np)) < *np) {
		(*cp)[i].n++;
		return;
	}
	if ((*np & (*np - 1)) == 0)	/* 0, 1, 2, 4, ...: doubling */
		*cp = xreallocarray(*cp, *np ? 2 * *np : 1, sizeof(**cp));
	(*cp)[*np].name = xstrdup(name);
	(*cp)[*np].n = 1;
	(*np)++;
}

static void
read_rejects(struct map *mp, const char *path)
{
	struct tab t;
	struct kix ix = { NULL, NULL, 0, 0 };
	int c;

	tab_open(&t, path);
	c = tab_col(&t, "reason");
	while (tab_next(&t)) {
		add_count(&mp->rej, &mp->nrej, &ix, fld(&t, c)[0] != '\0' ?
		    fld(&t, c) : "(no reason given)");
		mp->nrejtotal++;
	}
	tab_close(&t);
	kix_free(&ix);
	if (mp->nrej > 1)
		qsort(mp->rej, mp->nrej, sizeof(*mp->rej), by_count);
}

/* ---- method notes and charts -------------------------------------- */

static void
notes(struct map *mp)
{
	size_t i;
	const struct meas *m;
	struct kix ix = { NULL, NULL, 0, 0 };

	for (i = 0; i < mp->nm; i++) {
		m = &mp->m[i];
		if (m->method[0] != '\0')
			add_count(&mp->methods, &mp->nmethods, &ix, m->method);
		if (m->conf[0] == '\0')
			continue;
		if (mp->conf == NULL)
			mp->conf = m->conf;
		else if (strcmp(mp->conf, m->conf) != 0)
			mp->conf = "mixed";
	}
	kix_free(&ix);
}

static void
to_plot(struct plot_kpi *p, const struct meas *m)
{
	memset(p, 0, sizeof(*p));
	p->journey = m->journey;
	p->step = m->step;
	p->stage = m->stage;
	p->touchpoint = m->touchpoint;
	p->channel = m->channel;
	p->segment = m->segment;
	p->period = m->period;
	p->metric = m->metric;
	p->scale = m->scale;
	p->kpi = m->kpiname;
	p->target = m->target;
	p->n = m->n;
	p->low_base = m->low_base;
	p->value = m->value;
	p->ci_low = m->lo;
	p->ci_high = m->hi;
	p->pct_top = m->pct_top;
	p->pct_mid = isnan(m->pct_top) || isnan(m->pct_bottom) ? NAN :
	    100 - m->pct_top - m->pct_bottom;
	p->pct_bottom = m->pct_bottom;
	p->net = m->net;
	p->net_low = m->net_lo;
	p->net_high = m->net_hi;
	p->mean = p->mean_low = p->mean_high = NAN;
	p->line = m->line;
}

/* Returns the <svg> element of a chart, or NULL and *errp set. */
static char *
chart(struct plot_data *d, enum plot_curve curve, const char *name,
    const char *period, char *err, size_t errsz)
{
	struct plot_opts po;
	char *svg, *body;
	size_t len;

	memset(&po, 0, sizeof(po));
	po.chart = PLOT_JOURNEY;
	po.curve = curve;
	po.term = PLOT_SVG;
	po.width = 1100;
	po.height = 420;
	po.title = "";
	po.period = period;
	po.svg_name = name;
	if ((svg = plot_render(d, &po, &len, err, errsz)) == NULL)
		return NULL;
	if ((body = (char *)plot_svg_body(svg)) == NULL) {
		snprintf(err, errsz, "gnuplot wrote no <svg> element");
		free(svg);
		return NULL;
	}
	body = xstrdup(body);
	free(svg);
	return body;
}

static void
charts(struct map *mp)
{
	struct plot_data *d;
	struct plot_kpi p;
	char err[512], *nl;
	size_t i;

	if (mp->ntp == 0)
		return;
	d = plot_data_new();
	for (i = 0; i < mp->nm; i++) {
		to_plot(&p, &mp->m[i]);
		plot_data_add_kpi(d, &p);
	}
	err[0] = '\0';
	mp->svg_journey = chart(d, PLOT_HEADLINE, "cjm_journey", mp->period,
	    err, sizeof(err));
	if (mp->svg_journey != NULL)
		mp->svg_curve = chart(d, PLOT_NET, "cjm_curve", mp->period, err,
		    sizeof(err));
	if (mp->svg_journey == NULL || mp->svg_curve == NULL) {
		free(mp->svg_journey);
		mp->svg_journey = mp->svg_curve = NULL;
		if ((nl = strchr(err, '\n')) != NULL)
			*nl = '\0';
		mp->chart_note = xstrdup(err);
	}
	plot_data_free(d);
}

/* The drivers chart of the cell shown (none when nothing has an
 * importance, or gnuplot fails: the table says it all). */
static void
drivers_chart(struct map *mp)
{
	struct plot_opts po;
	char err[512], *svg, *body;
	size_t len;

	memset(&po, 0, sizeof(po));
	po.chart = PLOT_DRIVERS;
	po.term = PLOT_SVG;
	po.width = 1100;
	po.height = 520;
	po.title = "";
	po.segment = mp->drv_segment;
	po.period = mp->drv_period;
	po.svg_name = "cjm_drivers";
	if ((svg = plot_render(mp->drvdata, &po, &len, err,
	    sizeof(err))) == NULL)
		return;
	if ((body = (char *)plot_svg_body(svg)) != NULL)
		mp->svg_drivers = xstrdup(body);
	free(svg);
}

/* ---- the end ------------------------------------------------------ */

static void
map_free(struct map *mp)
{
	size_t i, k;

	for (i = 0; i < mp->nm; i++)
		meas_clear(&mp->m[i]);
	free(mp->m);
	for (i = 0; i < mp->nsm; i++)
		meas_clear(&mp->sm[i]);
	free(mp->sm);
	for (i = 0; i < mp->ntp; i++) {
		for (k = 0; k < mp->tp[i].nvall; k++) {
			free(mp->tp[i].v[k].text);
			free(mp->tp[i].v[k].segment);
			free(mp->tp[i].v[k].time);
			free(mp->tp[i].v[k].metric);
			free(mp->tp[i].v[k].respondent);
		}
		free(mp->tp[i].v);
		free(mp->tp[i].meas);
	}
	free(mp->tp);
	free(mp->st);
	free(mp->journey);
	free(mp->rank);
	for (i = 0; i < mp->nc + mp->nfc; i++) {
		struct cmp *c = i < mp->nc ? &mp->c[i] : &mp->fc[i - mp->nc];

		free(c->stage);
		free(c->touchpoint);
		free(c->segment);
		free(c->metric);
		free(c->scale);
		free(c->kpi);
		free(c->period_prev);
		free(c->period_cur);
		free(c->test);
		free(c->adjust);
	}
	free(mp->c);
	free(mp->fc);
	funnel_free(mp);
	free(mp->period);
	free(mp->tmin);
	free(mp->tmax);
	free(mp->seg);
	free(mp->cell);
	for (i = 0; i < mp->nrej; i++)
		free(mp->rej[i].name);
	free(mp->rej);
	for (i = 0; i < mp->nmethods; i++)
		free(mp->methods[i].name);
	free(mp->methods);
	free(mp->svg_journey);
	free(mp->svg_curve);
	free(mp->svg_drivers);
	free(mp->chart_note);
	free(mp->drv);
	plot_data_free(mp->drvdata);
}

/* ---- output ------------------------------------------------------- */

/* Writes the report to path through a temporary file renamed into
 * place, so a failure never leaves a partial report. */
static int
write_report(const struct opts *o, const struct map *mp)
{
	void (*out)(FILE *, const struct map *) = o->format == F_MD ?
	    out_md : o->format == F_TEXT ? out_text : out_html;
	char *tmp;
	FILE *fp;
	int fd, e;
	mode_t mask;
	struct stat sb;

	if (o->output == NULL || strcmp(o->output, "-") == 0) {
		out(stdout, mp);
		return EXIT_SUCCESS;
	}
	/* Not a regular file (/dev/stdout, a pipe, a terminal): write to
	 * it, never rename over it. */
	if (stat(o->output, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if ((fp = fopen(o->output, "w")) == NULL)
			die_sys("%s", o->output);
		out(fp, mp);
		e = fflush(fp) == EOF || ferror(fp) ? (errno ? errno : EIO) : 0;
		if (fclose(fp) != 0 && e == 0)
			e = errno;
		if (e != 0) {
			errno = e;
			die_sys("%s: write error", o->output);
		}
		return EXIT_SUCCESS;
	}
	tmp = xmalloc(strlen(o->output) + 16);
	sprintf(tmp, "%s.tmpXXXXXX", o->output);
	if ((fd = mkstemp(tmp)) < 0)
		die_sys("%s", o->output);
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || (fp = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		die_sys("%s", o->output);
	}
	out(fp, mp);
	e = fflush(fp) == EOF || ferror(fp) || fsync(fd) != 0 ?
	    (errno ? errno : EIO) : 0;
	if (fclose(fp) != 0 && e == 0)
		e = errno;
	if (e != 0) {
		unlink(tmp);
		errno = e;
		die_sys("%s: write error", o->output);
	}
	if (rename(tmp, o->output) != 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		die_sys("%s", o->output);
	}
	free(tmp);
	return EXIT_SUCCESS;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct map mp;
	int status, i;

	err_init(argv[0]);
	err_std_options(argc, argv, HELP);
	parse_args(argc, argv, &o);

	memset(&mp, 0, sizeof(mp));
	mp.title = o.title;
	mp.generated = o.generated;
	mp.charts = o.charts && o.format == F_HTML;
	mp.nverb = o.nverb;
	mp.kpi_path = o.kpi;
	mp.cmp_path = o.compare;
	mp.resp_path = o.responses != NULL ? o.responses :
	    o.nrespondents > 0 ? o.respondents[0] : NULL;
	mp.counted = o.nrespondents > 0;
	mp.seg_path = o.segments;
	mp.rej_path = o.rejects;
	mp.drv_path = o.drivers;

	read_kpi(o.kpi, 0, NULL, &mp.m, &mp.nm, &mp.period, &mp.nperiods);
	build_journey(&mp);
	if (o.compare != NULL)
		read_compare(&mp, o.compare);
	decide(&mp);
	if (o.drivers != NULL)
		read_drivers(&mp, o.drivers);
	rank(&mp);
	if (o.funnel != NULL)
		funnel_read(&mp, o.funnel);
	notes(&mp);
	for (i = 0; i < o.nrespondents; i++)
		read_respondents(&mp, o.respondents[i]);
	if (o.responses != NULL)
		read_responses(&mp, o.responses);
	if (o.segments != NULL)
		read_segments(&mp, o.segments);
	if (o.rejects != NULL)
		read_rejects(&mp, o.rejects);
	if (mp.charts) {
		charts(&mp);
		if (mp.ndrv > 0 && mp.svg_journey != NULL)
			drivers_chart(&mp);
	}
	status = write_report(&o, &mp);
	map_free(&mp);
	free(o.respondents);
	return close_stdout(status);
}
