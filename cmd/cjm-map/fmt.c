/*
 * fmt.c -- how cjm-map writes numbers, statuses and reasons; the same
 * words in every format.  Minus signs are ASCII here; the HTML and
 * Markdown renderers turn them into U+2212 with fmt_minus().
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "plot.h"
#include "xmalloc.h"

const char *
fmt_kpi_label(const struct meas *m)
{
	switch (m->kpi) {
	case KPI_NPS:
		return "NPS";
	case KPI_TOP2:
		return strcmp(m->metric, "ces") == 0 ? "CES top-2" : "CSAT";
	case KPI_MEAN:
	default:
		return strcmp(m->metric, "csat") == 0 ? "CSAT mean" :
		    strcmp(m->metric, "nps") == 0 ? "NPS mean" : "CES";
	}
}

const char *
fmt_kpi_label_scale(const struct meas *m)
{
	static char buf[64];

	if (m->kpi != KPI_MEAN)
		return fmt_kpi_label(m);
	snprintf(buf, sizeof(buf), "%s %s", fmt_kpi_label(m), m->scale);
	return buf;
}

const char *
fmt_unit(const struct meas *m)
{
	return m->kpi == KPI_TOP2 ? "%" : "";
}

static int
decimals(const struct meas *m)
{
	return m->kpi == KPI_MEAN ? 2 : 0;
}

/* %.*f without "-0". */
static char *
fixed(char *buf, size_t sz, double v, int dec)
{
	if (isnan(v)) {
		snprintf(buf, sz, "n/a");
		return buf;
	}
	snprintf(buf, sz, "%.*f", dec, v);
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
	return buf;
}

char *
fmt_value(char *buf, size_t sz, const struct meas *m, double v)
{
	char t[64];

	snprintf(buf, sz, "%s%s", fixed(t, sizeof(t), v, decimals(m)),
	    isnan(v) ? "" : fmt_unit(m));
	return buf;
}

char *
fmt_interval(char *buf, size_t sz, const struct meas *m)
{
	char a[64], b[64], c[64];

	if (isnan(m->lo) || isnan(m->hi))
		fmt_value(buf, sz, m, m->value);
	else
		snprintf(buf, sz, "%s [%s, %s]", fmt_value(a, sizeof(a), m,
		    m->value), fixed(b, sizeof(b), m->lo, decimals(m)),
		    fixed(c, sizeof(c), m->hi, decimals(m)));
	return buf;
}

char *
fmt_diff(char *buf, size_t sz, const struct meas *m, double d)
{
	char t[64];

	fixed(t, sizeof(t), d, decimals(m));
	snprintf(buf, sz, "%s%s", d > 0 && strspn(t, "0.") != strlen(t) ?
	    "+" : "", t);
	return buf;
}

char *
fmt_p(char *buf, size_t sz, double p)
{
	if (isnan(p))
		snprintf(buf, sz, "n/a");
	else if (p < 0.001)
		snprintf(buf, sz, "<0.001");
	else if (p < 0.01)
		snprintf(buf, sz, "%.3f", p);
	else
		snprintf(buf, sz, "%.2f", p);
	return buf;
}

/* Whole numbers with a thin separator every three digits: 12,345. */
char *
fmt_n(char *buf, size_t sz, double n)
{
	char t[64];
	size_t len, i, o = 0;

	if (isnan(n)) {
		snprintf(buf, sz, "n/a");
		return buf;
	}
	snprintf(t, sizeof(t), "%.0f", n);
	len = strlen(t);
	for (i = 0; i < len && o + 2 < sz; i++) {
		if (i > 0 && t[i - 1] != '-' && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = t[i];
	}
	buf[o] = '\0';
	return buf;
}

const char *
fmt_status(enum status s)
{
	static const char *name[] = { "n/a", "ok", "watch", "act" };

	return name[s];
}

const char *
fmt_status_symbol(enum status s)
{
	/* Shapes as well as colours: the status reads without colour. */
	static const char *sym[] = { "\xe2\x80\x93", "\xe2\x97\x8f",
	    "\xe2\x97\x86", "\xe2\x96\xbc" };	/* – ● ◆ ▼ */

	return sym[s];
}

/* The KPI and its reference in words: "target 10", "journey NPS 23". */
static void
refwords(char *buf, size_t sz, const struct meas *m)
{
	char v[64];

	switch (m->ref) {
	case REF_TARGET:
		snprintf(buf, sz, "target %s", fmt_value(v, sizeof(v), m,
		    m->refv));
		break;
	case REF_JOURNEY:
		snprintf(buf, sz, "journey %s %s", fmt_kpi_label(m),
		    fmt_value(v, sizeof(v), m, m->refv));
		break;
	case REF_MEDIAN:
		snprintf(buf, sz, "journey median net %s", fixed(v, sizeof(v),
		    m->refv, 0));
		break;
	case REF_NONE:
	default:
		snprintf(buf, sz, "no reference");
		break;
	}
}

static const char *
relation(const struct meas *m)
{
	/* a mean on a descending scale (CES 5-1): lower is better */
	int desc = !m->on_net && m->kpi == KPI_MEAN && m->worst > m->best;

	switch (m->st) {
	case ST_ACT:
		return desc ? "above (worse than)" : "below";
	case ST_OK:
		return desc ? "below (better than)" : "above";
	case ST_WATCH:
		return "straddles";
	case ST_NA:
	default:
		return "no interval for";
	}
}

char *
fmt_standing(const struct meas *m)
{
	char r[128], buf[256];

	if (m->ref == REF_NONE || m->st == ST_NA) {
		snprintf(buf, sizeof(buf), "%s", m->ref == REF_NONE ?
		    "no reference to compare with" : "no interval (n < 2)");
		return xstrdup(buf);
	}
	refwords(r, sizeof(r), m);
	snprintf(buf, sizeof(buf), "%s %s", relation(m), r);
	return xstrdup(buf);
}

/* The KPI and interval the status was decided on. */
static void
subject(char *buf, size_t sz, const struct meas *m)
{
	char a[64], b[64], c[64], iv[128];

	if (m->on_net && m->kpi == KPI_NPS) {
		/* an NPS is its own net score */
		snprintf(buf, sz, "NPS %s", fmt_interval(iv, sizeof(iv), m));
		return;
	}
	if (m->on_net) {
		if (isnan(m->net_lo) || isnan(m->net_hi))
			snprintf(buf, sz, "%s net %s", fmt_kpi_label(m),
			    fixed(a, sizeof(a), m->net, 0));
		else
			snprintf(buf, sz, "%s net %s [%s, %s]",
			    fmt_kpi_label(m), fixed(a, sizeof(a), m->net, 0),
			    fixed(b, sizeof(b), m->net_lo, 0),
			    fixed(c, sizeof(c), m->net_hi, 0));
		return;
	}
	snprintf(buf, sz, "%s %s", fmt_kpi_label(m), fmt_interval(iv,
	    sizeof(iv), m));
}

static const char *
unitword(const struct meas *m, double d)
{
	if (m->kpi == KPI_MEAN)
		return "";
	return fabs(d) == 1 ? " point" : " points";
}

/* The outcome's metric as a label: "NPS", "CSAT", "CES". */
static const char *
outcome_label(const struct plot_drv *v)
{
	return strcmp(v->outcome_metric, "csat") == 0 ? "CSAT" :
	    strcmp(v->outcome_metric, "ces") == 0 ? "CES" : "NPS";
}

const char *
fmt_outcome_label(const struct map *mp)
{
	return mp->ndrv > 0 ? outcome_label(mp->drv[0]) : "NPS";
}

char *
fmt_importance(char *buf, size_t sz, const struct plot_drv *v)
{
	char a[32], b[32], c[32];

	if (isnan(v->importance))
		snprintf(buf, sz, "n/a");
	else if (v->importance < 0.5 && (isnan(v->imp_low) ||
	    isnan(v->imp_high)))
		snprintf(buf, sz, "<1%%");
	else if (v->importance < 0.5)
		snprintf(buf, sz, "<1%% [%s, %s]", fixed(b, sizeof(b),
		    v->imp_low, 0), fixed(c, sizeof(c), v->imp_high, 0));
	else if (isnan(v->imp_low) || isnan(v->imp_high))
		snprintf(buf, sz, "%s%%", fixed(a, sizeof(a), v->importance,
		    0));
	else
		snprintf(buf, sz, "%s%% [%s, %s]", fixed(a, sizeof(a),
		    v->importance, 0), fixed(b, sizeof(b), v->imp_low, 0),
		    fixed(c, sizeof(c), v->imp_high, 0));
	return buf;
}

char *
fmt_r(char *buf, size_t sz, const struct plot_drv *v)
{
	char a[32], b[32], c[32];

	if (isnan(v->r))
		snprintf(buf, sz, "n/a");
	else if (isnan(v->r_low) || isnan(v->r_high))
		snprintf(buf, sz, "%s", fixed(a, sizeof(a), v->r, 2));
	else
		snprintf(buf, sz, "%s [%s, %s]", fixed(a, sizeof(a), v->r, 2),
		    fixed(b, sizeof(b), v->r_low, 2), fixed(c, sizeof(c),
		    v->r_high, 2));
	return buf;
}

const char *
fmt_quadrant(const struct plot_drv *v)
{
	int neg = strcmp(v->note, "negative") == 0;

	if (strcmp(v->quadrant, "fix") == 0)
		return "fix first";
	if (neg && strcmp(v->quadrant, "watch") == 0)
		return "watch (r below 0)";
	if (neg && strcmp(v->quadrant, "ok") == 0)
		return "ok (r below 0)";
	if (*v->quadrant != '\0')
		return v->quadrant;
	if (strcmp(v->note, "no-variance") == 0)
		return "no variance";
	if (strcmp(v->note, "outcome-no-variance") == 0)
		return "outcome without variance";
	if (v->low_base)
		return "low base";
	return "n/a";
}

void
fmt_drivers_lead(FILE *fp, const struct map *mp, fmt_esc esc)
{
	const struct plot_drv *v = mp->drv[0];
	char a[32], b[32], c[32], n[32];
	size_t i, k = 0;

	for (i = 0; i < mp->ndrv; i++)
		k += !isnan(mp->drv[i]->importance);
	if (k == 0) {
		fputs("No touchpoint has an importance: too few respondents "
		    "answered both it and ", fp);
		esc(fp, v->outcome);
		fputs(", or the answers do not vary", fp);
	} else {
		fprintf(fp, "The %zu touchpoint%s with enough answers together "
		    "explain ", k, k == 1 ? "" : "s");
		if (isnan(v->r2_low) || isnan(v->r2_high))
			fprintf(fp, "%s%%", fixed(a, sizeof(a), v->r2 * 100, 0));
		else
			fprintf(fp, "%s%% [%s, %s]", fixed(a, sizeof(a),
			    v->r2 * 100, 0), fixed(b, sizeof(b), v->r2_low *
			    100, 0), fixed(c, sizeof(c), v->r2_high * 100, 0));
		fputs(" of the variance of ", fp);
		esc(fp, v->outcome);
		fprintf(fp, " (%s, R\xc2\xb2)", outcome_label(v));
	}
	if (!isnan(v->n_outcome)) {
		fprintf(fp, ", over %s respondents", fmt_n(n, sizeof(n),
		    v->n_outcome));
		if (*v->time_first != '\0') {
			char a10[11], b10[11];

			/* the dates are enough */
			snprintf(a10, sizeof(a10), "%.10s", v->time_first);
			snprintf(b10, sizeof(b10), "%.10s", v->time_last);
			fputs(" who answered from ", fp);
			esc(fp, a10);
			fputs(" to ", fp);
			esc(fp, b10);
		}
	}
	if (*mp->drv_period != '\0') {
		fputs(" in period ", fp);
		esc(fp, mp->drv_period);
	}
	fputs(". A touchpoint's importance is its share of that; fix first "
	    "the important ones that perform below average.", fp);
}

const char *const fmt_note_drivers =
	"What drives: a touchpoint's importance is its share of the R\xc2\xb2 "
	"of the outcome on all touchpoints (LMG: the average gain in R\xc2\xb2 "
	"from adding it, over all orders of the touchpoints), with a "
	"bootstrap interval; r is its correlation with the outcome; "
	"performance its mean score on 0-100. Quadrants: fix = importance "
	"above the average share and performance below the average, keep = "
	"both above, watch = both below, ok = less important, above average. "
	"Where to act first puts the fix touchpoints first. Importance "
	"measures association, not cause, and needs answers that vary "
	"(cjm-drivers, docs/methods.md).";

char *
fmt_reason(const struct meas *m)
{
	char s[256], st[640], ch[256], d[64], p[32], n[32];
	char drv[192], iv[96];
	char out[1472];

	subject(s, sizeof(s), m);
	if (m->st == ST_NA || m->ref == REF_NONE)
		snprintf(st, sizeof(st), "%s", s);
	else {
		char *w = fmt_standing(m);

		snprintf(st, sizeof(st), "%s %s", s, w);
		free(w);
	}
	ch[0] = '\0';
	if (m->cmp != NULL && m->cmp->flag != 0) {
		fixed(d, sizeof(d), fabs(m->cmp->diff), m->kpi == KPI_MEAN ?
		    2 : 0);
		snprintf(ch, sizeof(ch), "; %s %s%s (p_adj %s)",
		    m->cmp->flag < 0 ? "dropped" : "rose", d,
		    unitword(m, fabs(m->cmp->diff)), fmt_p(p, sizeof(p),
		    m->cmp->p_adj));
	}
	drv[0] = '\0';
	if (m->drv != NULL && !isnan(m->drv->importance) &&
	    strcmp(m->drv->note, "negative") != 0)
		snprintf(drv, sizeof(drv), "drives %s of the explained %s "
		    "variance%s; ", fmt_importance(iv, sizeof(iv), m->drv),
		    outcome_label(m->drv), strcmp(m->drv->quadrant, "fix") == 0 ?
		    " and performs below average (fix)" : "");
	snprintf(out, sizeof(out), "%s%s%s%s%s", drv, st, ch, m->low_base ?
	    "; low base, n " : "", m->low_base ? fmt_n(n, sizeof(n), m->n) :
	    "");
	return xstrdup(out);
}

char *
fmt_change(const struct meas *m)
{
	char d[64], p[32], out[256];
	const struct cmp *c = m->cmp;

	if (c == NULL || isnan(c->diff))
		return xstrdup("");
	fmt_diff(d, sizeof(d), m, c->diff);
	snprintf(out, sizeof(out), "%s %s (p_adj %s)%s",
	    d[0] == '+' ? "\xe2\x86\x91" : d[0] == '-' ? "\xe2\x86\x93" :
	    "\xe2\x86\x92", d,
	    fmt_p(p, sizeof(p), c->p_adj),
	    c->flag < 0 ? " drop" : c->flag > 0 ? " rise" : "");
	return xstrdup(out);
}

const char *
fmt_verb_class(const struct verb *v)
{
	long pos = labs(v->score - v->worst), span = labs(v->best - v->worst);

	if (v->worst == 0 && v->best == 10)
		return v->score <= 6 ? "detractor" : v->score <= 8 ?
		    "passive" : "promoter";
	if (pos <= 1)
		return "low";
	if (pos >= span - 1)
		return "high";
	return "mid";
}

char *
fmt_minus(const char *s)
{
	size_t n = 0;
	const char *p;
	char *buf, *q;

	for (p = s; *p != '\0'; p++)
		n += *p == '-' ? 3 : 1;
	q = buf = xmalloc(n + 1);
	for (p = s; *p != '\0'; p++) {
		/* A minus: '-' before a digit, not inside a word. */
		if (*p == '-' && p[1] >= '0' && p[1] <= '9' && (p == s ||
		    strchr(" [(", p[-1]) != NULL)) {
			memcpy(q, "\xe2\x88\x92", 3);
			q += 3;
		} else
			*q++ = *p;
	}
	*q = '\0';
	return buf;
}

char *
fmt_int(char *buf, size_t sz, double v)
{
	return fixed(buf, sz, v, 0);
}

const char *
fmt_method_desc(const char *name)
{
	static const struct {
		const char *name, *desc;
	} tab[] = {
		{ "adjusted-wald", "adjusted Wald interval for NPS and net "
		    "scores (Rocks 2016: +3/4 promoter, +3/4 detractor, "
		    "+3/2 n)" },
		{ "agresti-coull", "Agresti-Coull interval for a proportion" },
		{ "clopper-pearson", "Clopper-Pearson exact interval for a "
		    "proportion" },
		{ "jeffreys", "Jeffreys interval for a proportion" },
		{ "clopper-pearson-kish", "Clopper-Pearson interval on the "
		    "Kish effective sample size (a weighted share of 0 or 100%, "
		    "or one answer)" },
		{ "korn-graubard", "Korn-Graubard interval for a weighted "
		    "proportion (Clopper-Pearson on the effective sample size "
		    "of the linearised variance)" },
		{ "linearised-t", "weighted mean, linearised standard error, "
		    "t interval" },
		{ "linearised-z", "weighted estimate, linearised standard "
		    "error, normal interval" },
		{ "score", "iterative score interval for NPS" },
		{ "t", "Student t interval for a mean" },
		{ "wald", "Wald (normal approximation) interval" },
		{ "wilson", "Wilson score interval for a proportion" },
		{ "wilson-kish", "Wilson interval on the Kish effective "
		    "sample size (weighted)" },
		{ "xlogit", "weighted proportion: logit interval on the "
		    "linearised standard error, t with n-1 df (as SUDAAN, "
		    "R svyciprop xlogit)" },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(tab[i].name, name) == 0)
			return tab[i].desc;
	return "as named by the KPI table";
}

const char *
fmt_conf_pct(const char *conf)
{
	static char buf[32];
	double v = strtod(conf, NULL);

	snprintf(buf, sizeof(buf), "%g", v * 100);
	return buf;
}

const char *const fmt_notes[] = {
	"Status: act = the interval lies wholly on the bad side of the "
	"reference, watch = it contains the reference, ok = wholly on the "
	"good side. The reference is the touchpoint's target; without one, "
	"the journey-wide value of the same metric; without that, the median "
	"net score of all touchpoints (compared with the touchpoint's net "
	"score interval).",
	"Where to act first: act before significant drops before watch; "
	"within each, significant drops first, low-base rows last, then by "
	"impact = n x the gap to the reference as a fraction of the KPI's "
	"range (200 NPS or net points, 100 percentage points, the scale's "
	"width for a mean).",
	"Change: the difference from the previous period, with the p value "
	"adjusted for the number of comparisons (p_adj); drop and rise mark "
	"significant changes (cjm-compare).",
};
const size_t fmt_nnotes = sizeof(fmt_notes) / sizeof(fmt_notes[0]);

/* ---- what the formats say alike ----------------------------------- */

void
fmt_lead(FILE *fp, const struct map *mp, fmt_esc esc, const char *b0,
    const char *b1, const char *sep)
{
	if (mp->period != NULL) {
		fprintf(fp, "Period %s", b0);
		esc(fp, mp->period);
		fputs(b1, fp);
		if (mp->period_prev != NULL) {
			fputs(", compared with ", fp);
			esc(fp, mp->period_prev);
		}
	}
	if (mp->generated != NULL) {
		fputs(mp->period != NULL ? sep : "Generated ", fp);
		esc(fp, mp->generated);
	}
}

int
fmt_has_cells(const struct map *mp, size_t i)
{
	size_t s;

	for (s = 0; s < mp->nseg; s++)
		if (mp->cell[i * mp->nseg + s].m != NULL)
			return 1;
	return 0;
}

void
fmt_answered(FILE *fp, const struct map *mp, fmt_esc esc)
{
	if (mp->tmin != NULL) {
		fputs("; answered ", fp);
		esc(fp, mp->tmin);
		fputs(" to ", fp);
		esc(fp, mp->tmax);
	}
	if (mp->notime)
		fprintf(fp, " (%zu without a time)", mp->notime);
}

void
fmt_rejects(FILE *fp, const struct map *mp, fmt_esc esc)
{
	char a[32];
	size_t i;

	for (i = 0; i < mp->nrej; i++) {
		fprintf(fp, "%s%s ", i ? ", " : " (", fmt_n(a, sizeof(a),
		    (double)mp->rej[i].n));
		esc(fp, mp->rej[i].name);
	}
	fputs(mp->nrej ? ")" : "", fp);
}

void
fmt_low_base(FILE *fp, const struct map *mp)
{
	fprintf(fp, "Low base: %zu of %zu touchpoint rows", mp->nlow,
	    mp->nm - mp->njourney);
	if (mp->seg_path != NULL)
		fprintf(fp, ", %zu segment cells", mp->nseglow);
	fputs(" have fewer answers than the minimum; shown, but read with "
	    "care", fp);
}

void
fmt_conf_words(FILE *fp, const struct map *mp, fmt_esc esc)
{
	if (mp->conf == NULL)
		fputs("level not given", fp);
	else if (strcmp(mp->conf, "mixed") == 0)
		fputs("mixed confidence levels", fp);
	else {
		esc(fp, fmt_conf_pct(mp->conf));
		fputs("% confidence", fp);
	}
}

void
fmt_report(FILE *fp, const struct map *mp, const struct fmt_sections *s)
{
	if (mp->ntp == 0) {
		s->empty(fp, mp);
		s->quality(fp, mp);
		return;
	}
	if (s->summary != NULL)
		s->summary(fp, mp);
	s->act_first(fp, mp);
	s->journey(fp, mp);
	s->curve(fp, mp);
	if (mp->fun_path != NULL)
		s->funnel(fp, mp);
	if (mp->drv_path != NULL && s->drivers != NULL)
		s->drivers(fp, mp);
	if (mp->resp_path != NULL && mp->nverb > 0)
		s->verbatims(fp, mp);
	if (mp->seg_path != NULL)
		s->segments(fp, mp);
	s->quality(fp, mp);
	s->method(fp, mp);
}
