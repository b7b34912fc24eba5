/*
 * kpi.c -- see kpi.h.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "csvw.h"
#include "hdr.h"
#include "journey.h"
#include "kpi.h"
#include "num.h"
#include "stat.h"
#include "xmalloc.h"

#define DEC	6	/* decimals of the statistics */

const char *const kpi_key_names[KPI_NKEY] = {
	"stage", "touchpoint", "channel", "segment", "period"
};

static const char *const metric_names[] = {"nps", "csat", "ces"};
static const char *const kind_names[] = {"nps", "top2", "mean", "net"};

/* The index of s in names[0..n-1], or -1. */
static int
lookup(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int
kpi_metric_parse(const char *s)
{
	return lookup(metric_names, 3, s);
}

const char *
kpi_metric_name(enum kpi_metric m)
{
	return metric_names[m];
}

int
kpi_kind_parse(const char *s)
{
	return lookup(kind_names, 4, s);
}

const char *
kpi_kind_name(enum kpi_kind k)
{
	return kind_names[k];
}

enum kpi_kind
kpi_headline(enum kpi_metric m)
{
	switch (m) {
	case KPI_NPS:
		return KPI_KIND_NPS;
	case KPI_CSAT:
		return KPI_KIND_TOP2;
	case KPI_CES:
		break;
	}
	return KPI_KIND_MEAN;
}

void
kpi_opts_init(struct kpi_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->level = 0.95;
	o->nps = STAT_NPS_ADJWALD;
	o->prop = STAT_PROP_WILSON;
	o->min_n = 30;
}

int
kpi_opts_set(struct kpi_opts *o, int opt, const char *arg, char *err,
    size_t errsz)
{
	double v;
	int m;

	switch (opt) {
	case KPI_OPT_LEVEL:
		if (num_parse(arg, &v) != 0 || !(v > 0 && v < 1)) {
			snprintf(err, errsz, "--level: '%s' is not between 0 "
			    "and 1", arg);
			return -1;
		}
		o->level = v;
		return 0;
	case KPI_OPT_MIN_N:
		if (num_parse(arg, &v) != 0 || v < 0) {
			snprintf(err, errsz, "--min-n: bad number '%s'", arg);
			return -1;
		}
		o->min_n = v;
		return 0;
	case KPI_OPT_NPS_CI:
		if ((m = stat_nps_method_parse(arg)) < 0) {
			snprintf(err, errsz, "--nps-ci: unknown method '%s' "
			    "(adjusted-wald, wald, score)", arg);
			return -1;
		}
		o->nps = (enum stat_nps_method)m;
		return 0;
	case KPI_OPT_PROP_CI:
		if ((m = stat_prop_method_parse(arg)) < 0 ||
		    m == STAT_PROP_WALD) {
			snprintf(err, errsz, "--prop-ci: unknown method '%s' "
			    "(wilson, agresti-coull, clopper-pearson, "
			    "jeffreys)", arg);
			return -1;
		}
		o->prop = (enum stat_prop_method)m;
		return 0;
	}
	snprintf(err, errsz, "unknown option");
	return -1;
}

/* A whole number 0..10 without sign or leading zero; advances *sp. */
static int
point(const char **sp)
{
	const char *s = *sp;
	int v;

	if (*s < '0' || *s > '9')
		return -1;
	v = *s++ - '0';
	if (v == 1 && *s == '0') {
		v = 10;
		s++;
	}
	if (*s >= '0' && *s <= '9')
		return -1;
	*sp = s;
	return v;
}

int
kpi_scale_parse(const char *s, struct kpi_scale *sc)
{
	int a, b;

	if ((a = point(&s)) < 0 || *s++ != '-' || (b = point(&s)) < 0 ||
	    *s != '\0' || a == b)
		return -1;
	sc->worst = a;
	sc->best = b;
	return 0;
}

char *
kpi_scale_fmt(const struct kpi_scale *sc, char *buf)
{
	snprintf(buf, 8, "%d-%d", sc->worst, sc->best);
	return buf;
}

int
kpi_scale_has(const struct kpi_scale *sc, int s)
{
	if (sc->worst < sc->best)
		return s >= sc->worst && s <= sc->best;
	return s >= sc->best && s <= sc->worst;
}

const char *
kpi_scale_check(enum kpi_metric m, const struct kpi_scale *sc)
{
	if (m == KPI_NPS && (sc->worst != 0 || sc->best != 10))
		return "metric 'nps' needs scale 0-10";
	return NULL;
}

int
kpi_class(enum kpi_metric m, const struct kpi_scale *sc, int s)
{
	int k, r, nb;

	if (m == KPI_NPS)
		return s >= 9 ? 1 : s >= 7 ? 0 : -1;
	k = abs(sc->best - sc->worst) + 1;
	r = sc->best > sc->worst ? s - sc->worst : sc->worst - s;
	/* The two best and two worst points; one each on 2- and 3-point
	 * scales, so that top and bottom never overlap. */
	nb = k >= 4 ? 2 : 1;
	return r >= k - nb ? 1 : r < nb ? -1 : 0;
}

int
kpi_direction(enum kpi_kind k, const struct kpi_scale *sc)
{
	if (k == KPI_KIND_MEAN)
		return sc->best > sc->worst ? 1 : -1;
	return 1;
}

void
kpi_acc_merge(struct kpi_acc *to, const struct kpi_acc *from)
{
	int i;

	for (i = 0; i < KPI_NPOINT; i++) {
		to->c[i] += from->c[i];
		to->w[i] += from->w[i];
		to->q[i] += from->q[i];
	}
}

int
kpi_acc_check(const struct kpi_acc *a)
{
	double W = 0, Q = 0;
	int i;

	for (i = 0; i < KPI_NPOINT; i++) {
		W += a->w[i];
		Q += a->q[i];
	}
	/* Q <= W^2; kpi_compute multiplies W by W (n_eff), Q by up to 200
	 * (the SE of the mean) and W by up to 100. */
	return isfinite(Q) && isfinite(W * W * 1024 * 200) ? 0 : -1;
}

double
kpi_acc_n(const struct kpi_acc *a)
{
	double n = 0;
	int i;

	for (i = 0; i < KPI_NPOINT; i++)
		n += a->c[i];
	return n;
}

static double
clip(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

static void
row_nan(struct kpi_row *r)
{
	r->n = r->wsum = r->neff = NAN;
	r->value = r->lo = r->hi = NAN;
	r->top = r->mid = r->bottom = r->top_lo = r->top_hi = NAN;
	r->net = r->net_lo = r->net_hi = NAN;
	r->mean = r->mean_lo = r->mean_hi = r->sd = r->median = NAN;
	r->cnt[0] = r->cnt[1] = r->cnt[2] = NAN;
	r->se_net = r->se_top = r->se_mean = NAN;
}

int
kpi_compute(const struct kpi_acc *a, enum kpi_metric m,
    const struct kpi_scale *sc, const struct kpi_opts *o, struct kpi_row *r)
{
	double val[KPI_NPOINT], c[KPI_NPOINT], w[KPI_NPOINT], q[KPI_NPOINT];
	double y[KPI_NPOINT], cw[3] = {0, 0, 0}, n = 0, W = 0, Q = 0;
	double z, t, ss, est, pw;
	int cls[KPI_NPOINT], dir, s, i, k;

	row_nan(r);
	r->top_method = NULL;
	r->kind = kpi_headline(m);
	r->weighted = 0;
	r->low_base = 0;
	r->cnt[0] = r->cnt[1] = r->cnt[2] = 0;
	dir = sc->best > sc->worst ? 1 : -1;
	k = abs(sc->best - sc->worst) + 1;
	/* Points worst to best; cnt[] and cw[] index 0 top, 1 mid, 2 bottom. */
	for (i = 0, s = sc->worst; i < k; i++, s += dir) {
		val[i] = s;
		c[i] = a->c[s];
		w[i] = a->w[s];
		q[i] = a->q[s];
		cls[i] = kpi_class(m, sc, s);
		n += c[i];
		W += w[i];
		Q += q[i];
		r->cnt[1 - cls[i]] += c[i];
		cw[1 - cls[i]] += w[i];
		if (w[i] != c[i] || q[i] != c[i])
			r->weighted = 1;	/* sum (w-1)^2 = q - 2w + c > 0 */
	}
	if (n <= 0) {
		r->n = 0;
		return -1;
	}
	r->n = n;
	r->wsum = W;
	/* Linearised SEs (for unit weights s/sqrt(n)): cjm-compare's z
	 * test when either side is weighted. */
	for (i = 0; i < k; i++)
		y[i] = cls[i] == 1;
	r->se_top = 100 * stat_wlin_se(y, c, w, q, (size_t)k, &est);
	for (i = 0; i < k; i++)
		y[i] = cls[i];
	r->se_net = 100 * stat_wlin_se(y, c, w, q, (size_t)k, &est);
	r->se_mean = stat_wlin_se(val, c, w, q, (size_t)k, &est);
	r->neff = r->weighted ? stat_kish_neff(W, Q) : n;
	r->low_base = n < o->min_n;
	if (!r->weighted) {
		r->top_method = stat_prop_method_name(o->prop);
		r->top = 100 * r->cnt[0] / n;
		r->mid = 100 * r->cnt[1] / n;
		r->bottom = 100 * r->cnt[2] / n;
		if (stat_prop_ci(r->cnt[0], n, o->level, o->prop, &r->top_lo,
		    &r->top_hi) == 0) {
			r->top_lo *= 100;
			r->top_hi *= 100;
		}
		r->net = 100 * (r->cnt[0] - r->cnt[2]) / n;
		if (stat_nps_ci(r->cnt[0], r->cnt[1], r->cnt[2], o->level,
		    o->nps, &r->net_lo, &r->net_hi) == 0) {
			r->net_lo *= 100;
			r->net_hi *= 100;
		}
		r->mean = stat_dist_mean(val, c, (size_t)k);
		r->sd = stat_dist_sd(val, c, (size_t)k);
		stat_mean_ci(r->mean, r->sd, n, o->level, &r->mean_lo,
		    &r->mean_hi);
		r->median = stat_dist_median(val, c, (size_t)k);
	} else {
		r->top = 100 * cw[0] / W;
		r->mid = 100 * cw[1] / W;
		r->bottom = 100 * cw[2] / W;
		/* Design-based, on the linearised SE: Korn-Graubard for
		 * --prop-ci clopper-pearson, else xlogit (t, n-1 df); where
		 * neither exists (top share 0 or 100 %, one answer),
		 * Clopper-Pearson on Kish's effective sample size. */
		pw = cw[0] / W;
		r->top_method = o->prop == STAT_PROP_CP ? "korn-graubard" :
		    "xlogit";
		if ((o->prop == STAT_PROP_CP ?
		    stat_prop_ci_kg(pw, r->se_top / 100, n, o->level,
		    &r->top_lo, &r->top_hi) :
		    stat_prop_ci_xlogit(pw, r->se_top / 100, n - 1, o->level,
		    &r->top_lo, &r->top_hi)) == 0 ||
		    (stat_prop_ci(pw * r->neff, r->neff, o->level,
		    STAT_PROP_CP, &r->top_lo, &r->top_hi) == 0 &&
		    (r->top_method = "clopper-pearson-kish") != NULL)) {
			r->top_lo *= 100;
			r->top_hi *= 100;
		}
		/* Net and NPS: z on the linearised SE of y = +1/0/-1. */
		r->net = 100 * (cw[0] - cw[2]) / W;
		z = stat_zcrit(o->level);
		if (!isnan(r->se_net)) {
			r->net_lo = clip(r->net - z * r->se_net, -100, 100);
			r->net_hi = clip(r->net + z * r->se_net, -100, 100);
		}
		/* Mean: t with n-1 degrees of freedom on the linearised SE. */
		r->mean = stat_dist_mean(val, w, (size_t)k);
		t = stat_tcrit(o->level, n - 1);
		if (!isnan(r->se_mean) && !isnan(t)) {
			r->mean_lo = r->mean - t * r->se_mean;
			r->mean_hi = r->mean + t * r->se_mean;
		}
		/* Weighted sd with the n/(n-1) correction of the SE. */
		if (n >= 2) {
			for (ss = 0, i = 0; i < k; i++)
				ss += w[i] * (val[i] - r->mean) *
				    (val[i] - r->mean);
			r->sd = sqrt(ss / W * n / (n - 1));
		}
		r->median = stat_dist_wmedian(val, w, (size_t)k);
	}
	switch (r->kind) {
	case KPI_KIND_NPS:
	case KPI_KIND_NET:
		r->value = r->net;
		r->lo = r->net_lo;
		r->hi = r->net_hi;
		r->method = r->weighted ? "linearised-z" :
		    stat_nps_method_name(o->nps);
		break;
	case KPI_KIND_TOP2:
		r->value = r->top;
		r->lo = r->top_lo;
		r->hi = r->top_hi;
		r->method = r->top_method;
		break;
	case KPI_KIND_MEAN:
		r->value = r->mean;
		r->lo = r->mean_lo;
		r->hi = r->mean_hi;
		r->method = r->weighted ? "linearised-t" : "t";
		break;
	}
	return 0;
}

/* --- the table of groups --- */

struct kpi_tab {
	struct kpi_group **slot;	/* open addressing, NULL = free */
	size_t		   cap, n;
	struct kpi_group **all;		/* in creation order */
	size_t		   nall, allcap;
};

struct kpi_tab *
kpi_tab_new(void)
{
	struct kpi_tab *t;

	t = xcalloc(1, sizeof(*t));
	t->cap = 256;
	t->slot = xcalloc(t->cap, sizeof(*t->slot));
	return t;
}

void
kpi_tab_free(struct kpi_tab *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nall; i++) {
		free(t->all[i]->keybuf);
		free(t->all[i]);
	}
	free(t->all);
	free(t->slot);
	free(t);
}

size_t
kpi_tab_n(const struct kpi_tab *t)
{
	return t->nall;
}

/*
 * Hashing and comparing keys runs for most input rows, and keys are
 * short (a touchpoint, a segment, "2026-W45"): both read whole words,
 * a short key as two overlapping words (as wyhash does), so that there
 * is neither a byte loop nor a call to memcpy or memcmp.
 */
static inline unsigned long long
load8(const char *s)
{
	unsigned long long v;

	memcpy(&v, s, 8);
	return v;
}

static inline unsigned long long
load4(const char *s)
{
	unsigned int v;

	memcpy(&v, s, 4);
	return v;
}

/* The bytes of a key of 1..8 bytes as one word; any two different
 * strings of the same length give different words. */
static inline unsigned long long
short_word(const char *s, size_t n)
{
	if (n >= 4)
		return load4(s) << 32 | load4(s + n - 4);
	return (unsigned long long)(unsigned char)s[0] << 16 |
	    (unsigned long long)(unsigned char)s[n / 2] << 8 |
	    (unsigned char)s[n - 1];
}

/* A multiply-xorshift mix, as in wyhash/murmur finalisers. */
static inline unsigned long long
mix(unsigned long long h, unsigned long long v)
{
	h ^= v;
	h *= 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

static inline unsigned long long
hash_bytes(unsigned long long h, const char *s, size_t n)
{
	unsigned long long len = (unsigned long long)n << 56;

	if (n == 0)
		return mix(h, len);
	if (n <= 8)
		return mix(h, short_word(s, n) ^ len);
	for (; n > 8; n -= 8, s += 8)
		h = mix(h, load8(s));
	return mix(h, load8(s + n - 8) ^ len);	/* overlaps when n < 8 */
}

static unsigned long long
hash_key(int journey, enum kpi_metric m, const struct kpi_scale *sc,
    const char *const key[KPI_NKEY], const size_t len[KPI_NKEY])
{
	unsigned long long h;
	int i;

	h = mix(0x243f6a8885a308d3ULL, (unsigned long long)journey |
	    (unsigned long long)m << 8 | (unsigned long long)sc->worst << 16 |
	    (unsigned long long)sc->best << 24);
	for (i = 0; i < KPI_NKEY; i++)
		h = hash_bytes(h, key[i] != NULL ? key[i] : "",
		    key[i] != NULL ? len[i] : 0);
	return h;
}

/* memcmp(a, b, n) == 0, n > 0. */
static inline int
same(const char *a, const char *b, size_t n)
{
	if (n <= 8)
		return short_word(a, n) == short_word(b, n);
	for (; n > 8; n -= 8, a += 8, b += 8)
		if (load8(a) != load8(b))
			return 0;
	return load8(a + n - 8) == load8(b + n - 8);
}

/* Runs once or twice per input row: lengths first, then the bytes of
 * the keys that vary most from row to row (period, segment) first. */
static inline int
group_is(const struct kpi_group *g, int journey, enum kpi_metric m,
    const struct kpi_scale *sc, const char *const key[KPI_NKEY],
    const size_t len[KPI_NKEY])
{
	int i;

	if (g->journey != journey || g->metric != m ||
	    g->scale.worst != sc->worst || g->scale.best != sc->best)
		return 0;
	for (i = 0; i < KPI_NKEY; i++)
		if (g->klen[i] != (key[i] != NULL ? len[i] : 0))
			return 0;
	for (i = KPI_NKEY - 1; i >= 0; i--)
		if (g->klen[i] > 0 && !same(g->key[i], key[i], g->klen[i]))
			return 0;
	return 1;
}

int
kpi_group_is(const struct kpi_group *g, int journey, enum kpi_metric m,
    const struct kpi_scale *sc, const char *const key[KPI_NKEY],
    const size_t len[KPI_NKEY])
{
	return group_is(g, journey, m, sc, key, len);
}

static void
grow(struct kpi_tab *t)
{
	struct kpi_group **old = t->slot;
	size_t i, j, oldcap = t->cap;

	t->cap *= 2;
	t->slot = xcalloc(t->cap, sizeof(*t->slot));
	for (i = 0; i < oldcap; i++) {
		if (old[i] == NULL)
			continue;
		for (j = old[i]->hash & (t->cap - 1); t->slot[j] != NULL;
		    j = (j + 1) & (t->cap - 1))
			;
		t->slot[j] = old[i];
	}
	free(old);
}

struct kpi_group *
kpi_tab_get(struct kpi_tab *t, int journey, const char *const key[KPI_NKEY],
    const size_t len[KPI_NKEY], enum kpi_metric m, const struct kpi_scale *sc,
    int *created)
{
	struct kpi_group *g;
	unsigned long long h;
	size_t need, i, j, l;
	char *s;

	h = hash_key(journey, m, sc, key, len);
	for (j = h & (t->cap - 1); (g = t->slot[j]) != NULL;
	    j = (j + 1) & (t->cap - 1))
		if (g->hash == h && group_is(g, journey, m, sc, key, len)) {
			if (created != NULL)
				*created = 0;
			return g;
		}

	/* New group: its own copy of the keys, NUL-terminated. */
	g = xcalloc(1, sizeof(*g));
	for (need = 0, i = 0; i < KPI_NKEY; i++)
		need += (key[i] != NULL ? len[i] : 0) + 1;
	g->keybuf = s = xmalloc(need);
	for (i = 0; i < KPI_NKEY; i++) {
		l = key[i] != NULL ? len[i] : 0;
		if (l > 0)
			memcpy(s, key[i], l);
		s[l] = '\0';
		g->key[i] = s;
		g->klen[i] = l;
		s += l + 1;
	}
	g->hash = h;
	g->journey = journey;
	g->metric = m;
	g->scale = *sc;
	g->target = NAN;
	g->seq = t->nall;
	t->slot[j] = g;
	if (++t->n * 2 > t->cap)
		grow(t);
	if (t->nall == t->allcap) {
		t->allcap = t->allcap ? t->allcap * 2 : 64;
		t->all = xreallocarray(t->all, t->allcap, sizeof(*t->all));
	}
	t->all[t->nall++] = g;
	if (created != NULL)
		*created = 1;
	return g;
}

void
kpi_tab_journey(struct kpi_tab *t)
{
	struct kpi_group *g, *j;
	const char *key[KPI_NKEY];
	size_t len[KPI_NKEY], i, n = t->nall;
	int k;

	for (i = 0; i < n; i++) {
		g = t->all[i];
		if (g->journey)
			continue;
		for (k = 0; k < KPI_NKEY; k++) {
			key[k] = k == KPI_SEGMENT || k == KPI_PERIOD ?
			    g->key[k] : "";
			len[k] = strlen(key[k]);
		}
		j = kpi_tab_get(t, 1, key, len, g->metric, &g->scale, NULL);
		kpi_acc_merge(&j->acc, &g->acc);
		if (g->step > 0 && (j->step == 0 || g->step < j->step))
			j->step = g->step;
	}
}

static int
cmp_group(const void *pa, const void *pb)
{
	const struct kpi_group *a = *(const struct kpi_group *const *)pa;
	const struct kpi_group *b = *(const struct kpi_group *const *)pb;
	int c, i;

	if (a->journey != b->journey)
		return a->journey - b->journey;
	if (a->step != b->step)
		return a->step < b->step ? -1 : 1;
	if ((c = strcmp(a->key[KPI_SEGMENT], b->key[KPI_SEGMENT])) != 0)
		return c;
	if ((c = strcmp(a->key[KPI_PERIOD], b->key[KPI_PERIOD])) != 0)
		return c;
	/* The same step means the same question; for a total order all
	 * the same (and for tables not written by cjm-kpi): */
	if (a->metric != b->metric)
		return (int)a->metric - (int)b->metric;
	if (a->scale.worst != b->scale.worst)
		return a->scale.worst - b->scale.worst;
	if (a->scale.best != b->scale.best)
		return a->scale.best - b->scale.best;
	for (i = 0; i < KPI_SEGMENT; i++)
		if ((c = strcmp(a->key[i], b->key[i])) != 0)
			return c;
	return 0;
}

struct kpi_group **
kpi_tab_sorted(struct kpi_tab *t)
{
	struct kpi_group **v;

	v = xcalloc(t->nall + 1, sizeof(*v));
	if (t->nall > 0)
		memcpy(v, t->all, t->nall * sizeof(*v));
	qsort(v, t->nall, sizeof(*v), cmp_group);
	return v;
}

void
kpi_tab_write(struct csvw *w, struct kpi_tab *t, const struct kpi_opts *o)
{
	struct kpi_group **v;
	size_t i;

	kpi_write_header(w, o->partial);
	v = kpi_tab_sorted(t);
	for (i = 0; i < t->nall; i++)
		kpi_write_row(w, v[i], o);
	free(v);
}

/* --- targets --- */

struct kpi_targets {
	struct journey	*j;
};

struct kpi_targets *
kpi_targets_load(const char *path, unsigned long *line, char *err,
    size_t errsz)
{
	struct kpi_targets *t;
	struct journey *j;

	if ((j = journey_load(path, line, err, errsz)) == NULL)
		return NULL;
	t = xmalloc(sizeof(*t));
	t->j = j;
	return t;
}

double
kpi_targets_find(const struct kpi_targets *t, const char *stage,
    const char *touchpoint, enum kpi_metric m)
{
	const struct journey_row *r;
	size_t i;

	for (i = 0; i < t->j->n; i++) {
		r = &t->j->row[i];
		if (strcmp(journey_metric_name(r->metric),
		    kpi_metric_name(m)) == 0 && strcmp(r->stage, stage) == 0 &&
		    strcmp(r->touchpoint, touchpoint) == 0)
			return r->target;
	}
	return NAN;
}

void
kpi_targets_apply(const struct kpi_targets *tg, struct kpi_tab *tab)
{
	struct kpi_group *g;
	size_t i;

	for (i = 0; i < tab->nall; i++) {
		g = tab->all[i];
		g->target = g->journey || g->key[KPI_TOUCHPOINT][0] == '\0' ?
		    NAN : kpi_targets_find(tg, g->key[KPI_STAGE],
		    g->key[KPI_TOUCHPOINT], g->metric);
	}
}

void
kpi_targets_free(struct kpi_targets *t)
{
	if (t == NULL)
		return;
	journey_free(t->j);
	free(t);
}

/* --- writing --- */

static const char *const head_cols[] = {
	"level", "step", "stage", "touchpoint", "channel", "segment",
	"period", "metric", "scale", "target", "n", NULL
};

static const char *const stat_cols[] = {
	"weight_sum", "n_eff", "low_base", "kpi", "value", "ci_low",
	"ci_high", "method", "conf", "pct_top", "pct_mid", "pct_bottom",
	"top_low", "top_high", "net", "net_low", "net_high", "mean",
	"mean_low", "mean_high", "sd", "median", NULL
};

void
kpi_write_header(struct csvw *w, int partial)
{
	const char *const *p;
	char name[8];
	int i;

	for (p = head_cols; *p != NULL; p++)
		csvw_field(w, *p);
	if (!partial)
		for (p = stat_cols; *p != NULL; p++)
			csvw_field(w, *p);
	for (i = 0; i < 3 * KPI_NPOINT; i++) {
		snprintf(name, sizeof(name), "%c%d", "cwq"[i / KPI_NPOINT],
		    i % KPI_NPOINT);
		csvw_field(w, name);
	}
	csvw_end(w);
}

void
kpi_write_row(struct csvw *w, const struct kpi_group *g,
    const struct kpi_opts *o)
{
	struct kpi_row r;
	char buf[16];
	int i;

	if (kpi_compute(&g->acc, g->metric, &g->scale, o, &r) != 0)
		return;
	csvw_field(w, g->journey ? "journey" : "group");
	if (g->step > 0 && !g->journey)
		csvw_long(w, g->step);
	else
		csvw_field(w, NULL);
	for (i = 0; i < KPI_NKEY; i++)
		csvw_field(w, g->key[i]);
	csvw_field(w, kpi_metric_name(g->metric));
	csvw_field(w, kpi_scale_fmt(&g->scale, buf));
	csvw_short(w, g->target);	/* the journey's, read back the same */
	csvw_long(w, (long long)r.n);
	if (!o->partial) {
		csvw_sig(w, r.wsum);	/* 1e-150 is not 0 */
		csvw_num(w, r.neff, DEC);
		csvw_field(w, r.low_base ? "1" : "0");
		csvw_field(w, kpi_kind_name(r.kind));
		csvw_num(w, r.value, DEC);
		csvw_num(w, r.lo, DEC);
		csvw_num(w, r.hi, DEC);
		csvw_field(w, r.method);
		csvw_num(w, o->level, DEC);
		csvw_num(w, r.top, DEC);
		csvw_num(w, r.mid, DEC);
		csvw_num(w, r.bottom, DEC);
		csvw_num(w, r.top_lo, DEC);
		csvw_num(w, r.top_hi, DEC);
		csvw_num(w, r.net, DEC);
		csvw_num(w, r.net_lo, DEC);
		csvw_num(w, r.net_hi, DEC);
		csvw_num(w, r.mean, DEC);
		csvw_num(w, r.mean_lo, DEC);
		csvw_num(w, r.mean_hi, DEC);
		csvw_num(w, r.sd, DEC);
		csvw_num(w, r.median, DEC);
	}
	for (i = 0; i < KPI_NPOINT; i++)
		if (kpi_scale_has(&g->scale, i))
			csvw_long(w, (long long)g->acc.c[i]);
		else
			csvw_field(w, NULL);
	for (i = 0; i < KPI_NPOINT; i++)
		if (kpi_scale_has(&g->scale, i))
			csvw_exact(w, g->acc.w[i]);
		else
			csvw_field(w, NULL);
	for (i = 0; i < KPI_NPOINT; i++)
		if (kpi_scale_has(&g->scale, i))
			csvw_exact(w, g->acc.q[i]);
		else
			csvw_field(w, NULL);
	csvw_end(w);
}

/* --- reading --- */

const char *
kpi_cols_find(struct kpi_cols *k, const struct hdr *h)
{
	static char name[8];
	int i, *p;

	if ((k->level = hdr_find(h, "level")) < 0)
		return "level";
	for (i = 0; i < KPI_NKEY; i++)
		if ((k->key[i] = hdr_find(h, kpi_key_names[i])) < 0)
			return kpi_key_names[i];
	if ((k->metric = hdr_find(h, "metric")) < 0)
		return "metric";
	if ((k->scale = hdr_find(h, "scale")) < 0)
		return "scale";
	k->step = hdr_find(h, "step");
	k->target = hdr_find(h, "target");
	k->n = hdr_find(h, "n");
	for (i = 0; i < 3 * KPI_NPOINT; i++) {
		snprintf(name, sizeof(name), "%c%d", "cwq"[i / KPI_NPOINT],
		    i % KPI_NPOINT);
		p = i < KPI_NPOINT ? &k->c[i] : i < 2 * KPI_NPOINT ?
		    &k->w[i - KPI_NPOINT] : &k->q[i - 2 * KPI_NPOINT];
		if ((*p = hdr_find(h, name)) < 0)
			return name;
	}
	return NULL;
}

static const char *
field(const struct csvr *r, int i, size_t *lenp)
{
	size_t len;
	const char *s = csvr_field(r, (size_t)i, &len);

	if (lenp != NULL)
		*lenp = len;
	return s;
}

/*
 * Whether c, w, q of point i can be the count, sum and sum of squares of
 * weights >= KPI_WEIGHT_MIN (kpi.h); 0, or -1 with a message.  A hand
 * edit such as q5 = 0 with w5 = 2 would give n_eff above n and too
 * narrow an interval.
 */
static int
sums_check(const struct kpi_acc *a, int i, char *err, size_t errsz)
{
	const double t = KPI_SUMS_TOL;
	double c = a->c[i], w = a->w[i], q = a->q[i], r;
	const char *s = c == 1 ? "" : "s";

	if (c == 0 && (w != 0 || q != 0)) {
		snprintf(err, errsz, "column '%c%d': %.9g with no answers "
		    "(c%d = 0)", w != 0 ? 'w' : 'q', i, w != 0 ? w : q, i);
		return -1;
	}
	if (c == 0)
		return 0;
	if (w == 0) {
		snprintf(err, errsz, "column 'w%d': weight sum 0 with c%d = "
		    "%.0f answer%s", i, i, c, s);
		return -1;
	}
	if (w < c * KPI_WEIGHT_MIN * (1 - t)) {
		snprintf(err, errsz, "column 'w%d': weight sum %.9g of c%d = "
		    "%.0f answer%s: some weight is below %g", i, w, i, c, s,
		    KPI_WEIGHT_MIN);
		return -1;
	}
	/* w^2 / c <= q <= w^2, without squaring w (it may be 1e200). */
	r = q / w;
	if (!(r <= w * (1 + t)) || !(r * c >= w * (1 - t))) {
		snprintf(err, errsz, "column 'q%d': sum of squared weights "
		    "%.9g is impossible for c%d = %.0f answer%s with weight "
		    "sum w%d = %.9g (it must lie between w%d^2/c%d = %.9g and "
		    "w%d^2 = %.9g)", i, q, i, c, s, i, w, i, i, w / c * w, i,
		    w * w);
		return -1;
	}
	return 0;
}

int
kpi_read(const struct kpi_cols *k, const struct csvr *r, struct kpi_in *in,
    char *err, size_t errsz)
{
	const char *s, *name;
	double v, n;
	long l;
	int i, j, m;

	s = field(r, k->level, NULL);
	if (strcmp(s, "group") == 0)
		in->journey = 0;
	else if (strcmp(s, "journey") == 0)
		in->journey = 1;
	else {
		snprintf(err, errsz, "unknown level '%s'", s);
		return -1;
	}
	for (i = 0; i < KPI_NKEY; i++)
		in->key[i] = field(r, k->key[i], &in->len[i]);
	in->step = 0;
	if (k->step >= 0 && *(s = field(r, k->step, NULL)) != '\0') {
		if (num_parse_long(s, 1, 1000000, &l) != 0) {
			snprintf(err, errsz, "bad step '%s'", s);
			return -1;
		}
		in->step = l;
	}
	s = field(r, k->metric, NULL);
	if ((m = kpi_metric_parse(s)) < 0) {
		snprintf(err, errsz, "unknown metric '%s'", s);
		return -1;
	}
	in->metric = (enum kpi_metric)m;
	s = field(r, k->scale, NULL);
	if (kpi_scale_parse(s, &in->scale) != 0) {
		snprintf(err, errsz, "bad scale '%s'", s);
		return -1;
	}
	if ((name = kpi_scale_check(in->metric, &in->scale)) != NULL) {
		snprintf(err, errsz, "%s, not '%s'", name, s);
		return -1;
	}
	in->target = NAN;
	if (k->target >= 0 && *(s = field(r, k->target, NULL)) != '\0' &&
	    num_parse(s, &in->target) != 0) {
		snprintf(err, errsz, "bad target '%s'", s);
		return -1;
	}
	memset(&in->acc, 0, sizeof(in->acc));
	n = 0;
	for (i = 0; i < KPI_NPOINT; i++) {
		for (j = 0; j < 3; j++) {
			int col = j == 0 ? k->c[i] : j == 1 ? k->w[i] : k->q[i];
			double *dst = j == 0 ? &in->acc.c[i] : j == 1 ?
			    &in->acc.w[i] : &in->acc.q[i];

			s = field(r, col, NULL);
			if (*s == '\0')
				v = 0;
			else if (num_parse(s, &v) != 0 || v < 0 ||
			    (j == 0 && v != floor(v))) {
				snprintf(err, errsz, "column '%c%d': bad %s '%s'",
				    "cwq"[j], i, j == 0 ? "count" :
				    "weight sum", s);
				return -1;
			}
			if (v != 0 && !kpi_scale_has(&in->scale, i)) {
				snprintf(err, errsz, "column '%c%d': %s is "
				    "outside scale %d-%d", "cwq"[j], i, s,
				    in->scale.worst, in->scale.best);
				return -1;
			}
			*dst = v;
		}
		if (sums_check(&in->acc, i, err, errsz) != 0)
			return -1;
		n += in->acc.c[i];
	}
	if (k->n >= 0 && *(s = field(r, k->n, NULL)) != '\0' &&
	    (num_parse(s, &v) != 0 || v != n)) {
		snprintf(err, errsz, "n is %s, but c0..c10 add up to %.0f", s,
		    n);
		return -1;
	}
	return 0;
}
