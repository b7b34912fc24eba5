/*
 * kpi.h -- the KPI table (docs/formats.md section 3): per-group
 * sufficient statistics, the KPI row computed from them, and the table
 * of groups shared by cjm-kpi, cjm-merge and cjm-compare.
 *
 * A group's whole distribution is 3 x 11 numbers: for each score 0..10,
 * the number of answers c, the sum of their weights w and the sum of
 * their squared weights q.  Everything in a KPI row is a function of
 * these (and of the metric, the scale and the options), so rows computed
 * on shards add up exactly: cjm-merge adds c/w/q and recomputes.
 *
 * Ownership: a kpi_tab owns its groups and every string in them;
 * kpi_tab_free() frees them all.  Nothing here prints or exits (except
 * xmalloc on out-of-memory); errors come back as messages.
 */
#ifndef KPI_H
#define KPI_H

#include <stddef.h>

#include "stat.h"

struct csvr;
struct csvw;
struct hdr;

#define KPI_NPOINT	11	/* scores 0..10 */

enum kpi_metric {
	KPI_NPS,
	KPI_CSAT,
	KPI_CES
};

/* What the headline `value` of a row is (the `kpi` column), or what
 * cjm-compare compares. */
enum kpi_kind {
	KPI_KIND_NPS,		/* NPS points */
	KPI_KIND_TOP2,		/* top-2-box % (pct_top) */
	KPI_KIND_MEAN,		/* mean score */
	KPI_KIND_NET		/* net score points */
};

/* A scale, worst-best as written in the tables: "0-10", "1-5", "5-1". */
struct kpi_scale {
	int	worst, best;	/* 0..10, different */
};

/* Sufficient statistics of one group, indexed by score. */
struct kpi_acc {
	double	c[KPI_NPOINT];	/* answers */
	double	w[KPI_NPOINT];	/* sum of weights */
	double	q[KPI_NPOINT];	/* sum of squared weights */
};

/* The key columns of a group, in this order. */
enum {
	KPI_STAGE,
	KPI_TOUCHPOINT,
	KPI_CHANNEL,
	KPI_SEGMENT,
	KPI_PERIOD,
	KPI_NKEY
};
extern const char *const kpi_key_names[KPI_NKEY];

struct kpi_opts {
	double			level;	/* confidence level, 0.95 */
	enum stat_nps_method	nps;	/* NPS and net intervals */
	enum stat_prop_method	prop;	/* top-box intervals */
	double			min_n;	/* low_base when n < min_n */
	int			partial; /* write keys, n and c/w/q only */
};

/*
 * The options of the KPI tools: getopt_long codes of -l/--level,
 * --nps-ci, --prop-ci and --min-n (a tool's own long options use codes
 * 256..511).  kpi_opts_init() sets the defaults (0.95, adjusted-wald,
 * wilson, 30, full table); kpi_opts_set() parses the argument of option
 * code opt into o: 0, or -1 with the message for the user in err.
 */
enum {
	KPI_OPT_LEVEL = 'l',
	KPI_OPT_NPS_CI = 512,
	KPI_OPT_PROP_CI,
	KPI_OPT_MIN_N
};
void		 kpi_opts_init(struct kpi_opts *o);
int		 kpi_opts_set(struct kpi_opts *o, int opt, const char *arg,
		    char *err, size_t errsz);

/*
 * A computed row, in the units printed: percentages and points on
 * 0-100 / -100..100.  NAN where the number does not exist.
 */
struct kpi_row {
	double		 n, wsum, neff;
	int		 low_base;
	int		 weighted;	/* some weight != 1 */
	enum kpi_kind	 kind;		/* the headline */
	const char	*method;	/* the headline interval's method */
	double		 value, lo, hi;	/* the headline */
	double		 top, mid, bottom;	/* pct_* */
	double		 top_lo, top_hi;
	/* The method of the interval top_lo..top_hi actually computed:
	 * --prop-ci's unweighted; weighted "xlogit" or "korn-graubard", or
	 * "clopper-pearson-kish" where those do not exist (top share 0 or
	 * 100 %, one answer) and Clopper-Pearson on Kish n_eff is used. */
	const char	*top_method;
	double		 net, net_lo, net_hi;
	double		 mean, mean_lo, mean_hi, sd, median;
	double		 cnt[3];	/* answers in top, mid, bottom */
	/* Taylor-linearised standard errors of net, top and mean, in the
	 * units of the estimates (s/sqrt(n) when unweighted); NAN when
	 * n < 2. */
	double		 se_net, se_top, se_mean;
};

/* "nps", "csat", "ces" <-> enum; parse returns -1 on an unknown name. */
int		 kpi_metric_parse(const char *);
const char	*kpi_metric_name(enum kpi_metric);
/* "nps", "top2", "mean", "net" <-> enum; -1 on an unknown name. */
int		 kpi_kind_parse(const char *);
const char	*kpi_kind_name(enum kpi_kind);
enum kpi_kind	 kpi_headline(enum kpi_metric);

/* Parses "worst-best" (whole numbers 0..10, different, no spaces or
 * signs); 0 or -1.  kpi_scale_fmt writes it back (buf >= 8 bytes). */
int		 kpi_scale_parse(const char *, struct kpi_scale *);
char		*kpi_scale_fmt(const struct kpi_scale *, char *buf);
/* 1 when score s is a point of the scale. */
int		 kpi_scale_has(const struct kpi_scale *, int s);
/* NULL when the metric can use the scale, else why not (NPS needs 0-10). */
const char	*kpi_scale_check(enum kpi_metric, const struct kpi_scale *);
/* +1 favourable (top), 0 neutral (mid), -1 unfavourable (bottom). */
int		 kpi_class(enum kpi_metric, const struct kpi_scale *, int s);
/* +1 when a higher value of kind is better, -1 when lower is better. */
int		 kpi_direction(enum kpi_kind, const struct kpi_scale *);

static inline void
kpi_acc_add(struct kpi_acc *a, int score, double w)
{
	a->c[score] += 1;
	a->w[score] += w;
	a->q[score] += w * w;
}
void		 kpi_acc_merge(struct kpi_acc *to, const struct kpi_acc *from);
/*
 * 0 when every number of a row computed from a is finite (formats: no
 * inf), -1 when the weight sums are too large for that: n_eff and the
 * linearised SEs square the weight sum, so the bound is the sum of the
 * weights below about 3e149.  It keeps a margin of 2^10, so adding the
 * same numbers in another order (kpi_tab_journey, cjm-merge) or adding
 * unit weights to a group that passed cannot overflow either.  Call it
 * after adding a weight other than 1 or merging, to reject the row that
 * made the sums overflow.
 */
int		 kpi_acc_check(const struct kpi_acc *a);
/*
 * The smallest weight accepted.  q sums squared weights: below about
 * 1.5e-154 a square underflows (1e-170 squared is 0), and the group's
 * n_eff and linearised standard errors silently vanish.  1e-150 keeps
 * every square a normal double (>= 1e-300), as the overflow bound of
 * kpi_acc_check keeps every sum finite: the two limits are symmetric.
 */
#define KPI_WEIGHT_MIN	1e-150
/*
 * Sums read back from a table (cjm-merge, cjm-compare) must be those of
 * some weights: at each point w > 0 exactly when c > 0, every weight
 * >= KPI_WEIGHT_MIN (w >= c KPI_WEIGHT_MIN), and, by Cauchy-Schwarz,
 * w^2 / c <= q <= w^2, all to this relative tolerance (rounding of the
 * sums is far smaller, any real inconsistency far larger).
 */
#define KPI_SUMS_TOL	1e-6
double		 kpi_acc_n(const struct kpi_acc *);

/* Computes every column of a row.  Returns 0, or -1 when n = 0 (the row
 * does not exist; every field NAN). */
int		 kpi_compute(const struct kpi_acc *, enum kpi_metric,
		    const struct kpi_scale *, const struct kpi_opts *,
		    struct kpi_row *);

/* One group of the table. */
struct kpi_group {
	int		 journey;	/* level: 0 group, 1 journey */
	const char	*key[KPI_NKEY];	/* "" when not grouped by it */
	long		 step;		/* smallest journey step; 0 = none */
	enum kpi_metric	 metric;
	struct kpi_scale scale;
	double		 target;	/* NAN = none */
	struct kpi_acc	 acc;
	unsigned long	 seq;		/* creation order */
	/* private */
	unsigned long long hash;
	size_t		 klen[KPI_NKEY];
	char		*keybuf;
};

struct kpi_tab;

struct kpi_tab	*kpi_tab_new(void);
void		 kpi_tab_free(struct kpi_tab *);	/* NULL: no-op */
size_t		 kpi_tab_n(const struct kpi_tab *);
/*
 * Finds the group with these keys (len[i] bytes of key[i]; NULL key = ""),
 * creating it (empty, step 0, no target) when absent; *created says which
 * (created may be NULL).  The pointer stays valid until kpi_tab_free.
 */
struct kpi_group *kpi_tab_get(struct kpi_tab *, int journey,
		    const char *const key[KPI_NKEY], const size_t len[KPI_NKEY],
		    enum kpi_metric, const struct kpi_scale *, int *created);
/* 1 when g has exactly these keys (a cheap check of a cached group). */
int		 kpi_group_is(const struct kpi_group *g, int journey,
		    enum kpi_metric, const struct kpi_scale *,
		    const char *const key[KPI_NKEY], const size_t len[KPI_NKEY]);
/*
 * Adds a journey row per (segment, period, metric, scale) summing the
 * group rows, with the smallest step of its groups.  Call once, after the
 * last group row was added.
 */
void		 kpi_tab_journey(struct kpi_tab *);
/*
 * The groups in table order (formats section 3): group rows by step,
 * then segment, then period (byte order), journey rows last in the same
 * order.  Returns a new array (free it) of kpi_tab_n() pointers.
 */
struct kpi_group **kpi_tab_sorted(struct kpi_tab *);
/* Writes the KPI table: the header, then every group in table order. */
void		 kpi_tab_write(struct csvw *, struct kpi_tab *,
		    const struct kpi_opts *);

/*
 * Targets from a journey file (docs/formats.md section 1, read and
 * validated by lib/journey): NULL with a message in err and the line it
 * concerns in *line (0 = the whole file) when the file is bad.  find
 * returns the target of (stage, touchpoint, metric), NAN when none.
 */
struct kpi_targets;
struct kpi_targets *kpi_targets_load(const char *path, unsigned long *line,
		    char *err, size_t errsz);
double		 kpi_targets_find(const struct kpi_targets *,
		    const char *stage, const char *touchpoint, enum kpi_metric);
void		 kpi_targets_free(struct kpi_targets *);	/* NULL: no-op */
/* Sets the target of every group row of tab with a touchpoint from tg
 * (NAN when tg has none for it); other rows get NAN. */
void		 kpi_targets_apply(const struct kpi_targets *tg,
		    struct kpi_tab *tab);

/* The KPI table: header; one row per group (nothing when n = 0). */
void		 kpi_write_header(struct csvw *, int partial);
void		 kpi_write_row(struct csvw *, const struct kpi_group *,
		    const struct kpi_opts *);

/*
 * Reading a KPI table (full or partial) back.  kpi_cols_find() locates
 * the columns in a header and returns NULL, or the name of the first
 * required column missing (level, stage, touchpoint, channel, segment,
 * period, metric, scale, c0..c10, w0..w10, q0..q10; step and target are
 * optional).
 */
struct kpi_cols {
	int	level, step, key[KPI_NKEY], metric, scale, target, n;
	int	c[KPI_NPOINT], w[KPI_NPOINT], q[KPI_NPOINT];
};

/* A row read back; strings point into the reader's current record. */
struct kpi_in {
	int		 journey;
	const char	*key[KPI_NKEY];
	size_t		 len[KPI_NKEY];
	long		 step;		/* 0 = empty */
	enum kpi_metric	 metric;
	struct kpi_scale scale;
	double		 target;	/* NAN = empty */
	struct kpi_acc	 acc;
};

const char	*kpi_cols_find(struct kpi_cols *, const struct hdr *);
/*
 * Parses the reader's current record.  Returns 0, or -1 with a message
 * (lower case, no position) in err: a bad level, metric, scale, count,
 * weight sum, a count outside the scale, n not the sum of c0..c10.
 */
int		 kpi_read(const struct kpi_cols *, const struct csvr *,
		    struct kpi_in *, char *err, size_t errsz);

#endif
