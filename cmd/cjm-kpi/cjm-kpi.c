/*
 * cjm-kpi -- response table -> KPI table.
 *
 * Reads response tables (docs/formats.md section 2) and writes one KPI
 * row (section 3) per group x metric: n, the distribution, the headline
 * KPI (NPS, CSAT top-2-box, CES mean) with its interval, shares, net
 * score, mean, sd, median and the sufficient statistics c/w/q that
 * cjm-merge adds up.  One pass; memory grows with the number of groups,
 * never with the number of rows.  Any bad row is an error with its
 * file:line (a KPI table silently built from part of the data is worse
 * than none).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csvr.h"
#include "csvw.h"
#include "err.h"
#include "hdr.h"
#include "kmerge.h"
#include "kpi.h"
#include "mem.h"
#include "num.h"
#include "period.h"
#include "shard.h"
#include "tbl.h"
#include "xmalloc.h"

#define SYNOPSIS "cjm-kpi [-q] [--by keys] [--period unit] [--since time] " \
	"[--until time] [--journey] [--level p] [--nps-ci method] " \
	"[--prop-ci method] [--min-n n] [--partial] [--jobs n] [--shard k/n] " \
	"[-j journey.csv] [--comments file] [--respondents file] " \
	"[responses.csv ...]"

static const char help[] =
"usage: " SYNOPSIS "\n"
"Compute KPIs with confidence intervals from cjm response tables.\n"
"\n"
"  -b, --by KEYS        group by a comma list of stage, touchpoint, channel,\n"
"                       segment, period (default touchpoint; grouping by\n"
"                       touchpoint carries its stage and channel)\n"
"  -p, --period UNIT    day, week (ISO), month or quarter; adds period\n"
"      --since TIME     skip rows before TIME (YYYY-MM-DD[THH:MM:SS])\n"
"      --until TIME     skip rows after TIME (a date: the whole day)\n"
"      --journey        add a journey row per metric (all touchpoints)\n"
"  -l, --level P        confidence level (default 0.95)\n"
"      --nps-ci M       adjusted-wald (default), wald, score\n"
"      --prop-ci M      wilson (default), agresti-coull, clopper-pearson,\n"
"                       jeffreys\n"
"      --min-n N        low_base below N answers (default 30)\n"
"      --partial        keys, n and c/w/q only (shards for cjm-merge)\n"
"      --jobs N         use N processes on named files (0: one per\n"
"                       processor), the same bytes as one (default 1)\n"
"      --shard K/N      read only the K-th of N slices of each named file\n"
"                       (cut at line ends; an error if a cut falls inside\n"
"                       a quoted field): run K = 1..N, cjm-merge the parts\n"
"  -j, --targets FILE   journey file: fill target from its target column\n"
"      --comments FILE  also write the rows counted that hold a comment\n"
"                       (a response table: the verbatims)\n"
"      --respondents FILE  also write respondents and answers per period\n"
"                       (a respondent: a run of rows with one id)\n"
"  -q, --quiet          no notes on stderr\n"
"      --help, --version\n";

enum { BY_STAGE = 1, BY_TOUCHPOINT = 2, BY_CHANNEL = 4, BY_SEGMENT = 8,
	BY_PERIOD = 16 };

struct opts {
	int		 by;
	int		 keyed[KPI_PERIOD];	/* by the key stage..segment */
	enum period_unit unit;
	long long	 since, until;	/* period_key; -1 / LLONG_MAX = none */
	int		 journey;
	struct kpi_opts	 k;
	const char	*targets;
	int		 quiet;
	const char	*comments;	/* --comments */
	const char	*respondents;	/* --respondents */
	struct shard	 shard;		/* --shard */
	unsigned	 jobs;		/* --jobs; 1: one process */
};

#define JOBS_MAX	256

/* The columns of a response table that cjm-kpi reads (respondent and
 * comment only for --comments). */
enum { C_STEP, C_STAGE, C_TOUCHPOINT, C_CHANNEL, C_SEGMENT, C_METRIC,
	C_SCALE, C_SCORE, C_WEIGHT, C_TIME, C_RESPONDENT, C_COMMENT, NCOL };
_Static_assert(C_SEGMENT - C_STAGE == KPI_SEGMENT - KPI_STAGE,
    "the key columns are in the order of the KPI keys");
static const char *const colname[NCOL] = {
	"step", "stage", "touchpoint", "channel", "segment", "metric",
	"scale", "score", "weight", "time", "respondent", "comment"
};
/* --comments writes them in the response table's order. */
static const int rtorder[] = { C_RESPONDENT, C_TIME, C_STEP, C_STAGE,
	C_TOUCHPOINT, C_CHANNEL, C_SEGMENT, C_METRIC, C_SCALE, C_SCORE,
	C_WEIGHT, C_COMMENT };

/*
 * What the last row with the same step (modulo 64) had: its metric and
 * scale, validated.  In the usual response table a step always has the
 * same metric, scale and keys, so most rows skip parsing them.
 */
struct memo {
	char		 metric_s[8], scale_s[8];	/* valid ones are short */
	size_t		 metric_len, scale_len;	/* SIZE_MAX: none yet */
	enum kpi_metric	 metric;
	struct kpi_scale scale;
};

/*
 * A date seen before, by the first 10 bytes of a time: the date parsed
 * and validated, and its period label, so that most rows parse only
 * their time of day, and ISO weeks are computed once per distinct date.
 */
struct dcache {
	char			 date[10];	/* t.y == 0: empty */
	struct period_time	 t;		/* time of day 00:00:00 */
	char			 label[16];
	size_t			 len;
	unsigned		 lh;		/* label hash, for gslot() */
};

/*
 * A table without a step column (made by another tool): the journey
 * order is the order in which each (stage, touchpoint, metric) first
 * appears, over all the input files.  Open addressing; the table holds
 * one entry per touchpoint question.
 */
struct stepslot {
	char		*key;		/* stage NUL touchpoint NUL metric */
	size_t		 len;
	size_t		 hash;
	long		 step;
};

struct steps {
	struct stepslot	*slot;
	size_t		 cap, n;
};

/*
 * A recent row's group, found by the row's key, metric and scale columns
 * as one run of bytes (csvr keeps neighbouring fields together; in the
 * usual response table stage..scale are neighbours): a row with the same
 * run (and period label) has the same group, and its metric and scale
 * were valid, so it skips checking them and building and comparing its
 * keys one by one.
 */
#define RUNMAX	64
struct rcache {
	struct kpi_group *g;	/* NULL: empty */
	size_t		 len;
	char		 run[RUNMAX];
};

struct state {
	const struct opts *o;
	struct kpi_tab	*tab;
	struct kpi_targets *tg;	/* -j */
	unsigned long	 skipped;
	unsigned long	 notime;	/* rows without a time, skipped */
	struct memo	 memo[64];
	struct dcache	 dcache[256];
	/* The group of a recent row by gslot(): found by comparing the
	 * keys, most rows skip hashing them (kpi_tab_get). */
	struct kpi_group *gcache[1024];
	struct rcache	 rcache[512];
	/* --journey: the journey sums of the rows weighted other than 1,
	 * in file order, only to find the row that makes one overflow
	 * (kpi_tab_journey makes the rows; the unit weights left out,
	 * at most 2^53, do not matter at kpi_acc_check's margin). */
	struct kpi_tab	*jtab;
	struct steps	 steps;		/* the input has no step column */
	struct kpi_group **jof;		/* group seq -> its row in jtab */
	size_t		 jofcap;
	/* --shard: the file read, and where its slice starts when csvr
	 * counts lines from there (0: from the file's start) */
	const char	*path;
	off_t		 shoff, shend;
	/* --shard: the weights other than 1, for --jobs to know whether
	 * the shards' sums add up to the one pass's sums (jobs_exact) */
	struct wstat {
		double	 wsum, qsum;
		int	 wexp;		/* the lowest bit of any weight */
		int	 winexact;	/* a weight's square is rounded */
	}		 ws;
	const char	*onepass;	/* --jobs ran one process: why */
	/* --comments */
	FILE		*cfp;
	struct csvw	 cw;
	/* --respondents: per period label, respondents and answers; the
	 * run being counted (its id, its slot) */
	struct rcount {
		char		 label[16];	/* "" = no period, no time */
		unsigned long	 resp, ans;
	}		*rc;
	size_t		 nrc, caprc;
	size_t		*rchash;		/* index + 1; 0 empty */
	size_t		 caprh;
	char		*rid;
	size_t		 ridlen, ridcap;
	size_t		 runslot;		/* SIZE_MAX: no run */
};

/*
 * A cheap hash of a row's step, segment and period label (what varies
 * between rows of the same question): the words of the segment's first
 * and last 4 bytes, and the label's hash.
 */
static size_t
gslot(long step, const char *seg, size_t seglen, unsigned lh)
{
	unsigned long long h, a = 0, b = 0;

	if (seglen >= 4) {
		memcpy(&a, seg, 4);
		memcpy(&b, seg + seglen - 4, 4);
	} else if (seglen > 0)
		a = (unsigned char)seg[0] | (unsigned)(unsigned char)
		    seg[seglen - 1] << 8;
	h = ((unsigned long long)step << 40 ^ seglen << 32 ^ a << 8 ^ b ^
	    (unsigned long long)lh << 20) * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 54);
}

/* The rcache slot of a run of 8..RUNMAX bytes: its words summed. */
static size_t
rslot(long step, const char *run, size_t len, unsigned lh)
{
	unsigned long long a, h = (unsigned long long)step << 40 ^
	    (unsigned long long)len << 32 ^ (unsigned long long)lh;
	size_t i;

	for (i = 0; i + 8 < len; i += 8) {
		memcpy(&a, run + i, 8);
		h = (h ^ a) * 0x9e3779b97f4a7c15ULL;
	}
	memcpy(&a, run + len - 8, 8);
	h = (h ^ a) * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 55);
}

static int
parse_by(const char *s)
{
	static const char *const names[] = {"stage", "touchpoint", "channel",
	    "segment", "period"};
	const char *e;
	size_t len, i;
	int by = 0;

	for (;;) {
		e = strchr(s, ',');
		len = e != NULL ? (size_t)(e - s) : strlen(s);
		for (i = 0; i < 5; i++)
			if (strlen(names[i]) == len &&
			    strncmp(s, names[i], len) == 0)
				break;
		if (i == 5) {
			warnx_("unknown --by key '%.*s' (stage, touchpoint, "
			    "channel, segment, period)", (int)len, s);
			die_usage(SYNOPSIS);
		}
		by |= 1 << i;
		if (e == NULL)
			return by;
		s = e + 1;
	}
}

static long long
parse_time_opt(const char *name, const char *s, int end)
{
	struct period_time t;
	int has_time;

	if (period_parse(s, 1, &t, &has_time) != 0) {
		warnx_("%s: bad time '%s' (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
		    name, s);
		die_usage(SYNOPSIS);
	}
	if (!has_time && end) {
		t.h = 23;
		t.min = t.s = 59;
	}
	return period_key(&t);
}

/* --shard's rules that the command line shows. */
static void
check_shard(const struct opts *o, int argc, char **argv, int first)
{
	int i;

	for (i = first; i < argc && strcmp(argv[i], "-") != 0; i++)
		;
	if (first == argc || i < argc) {
		warnx_("--shard needs named files, not standard input (for "
		    "a pipe: parallel --pipe, docs/scale-out.md)");
		die_usage(SYNOPSIS);
	}
	if (o->respondents != NULL) {
		warnx_("--shard cannot be used with --respondents (a "
		    "respondent's run of rows can cross a shard's edge)");
		die_usage(SYNOPSIS);
	}
	if (o->comments != NULL && argc - first > 1) {
		warnx_("--shard with --comments needs one file (the shards' "
		    "comments, in order, are then the file's)");
		die_usage(SYNOPSIS);
	}
}

static void
parse_args(int argc, char **argv, struct opts *o, int *first)
{
	enum { O_SINCE = 256, O_UNTIL, O_JOURNEY, O_PARTIAL, O_COMMENTS,
		O_RESPONDENTS, O_SHARD, O_JOBS };
	static const struct option lo[] = {
		{"by", required_argument, NULL, 'b'},
		{"comments", required_argument, NULL, O_COMMENTS},
		{"respondents", required_argument, NULL, O_RESPONDENTS},
		{"shard", required_argument, NULL, O_SHARD},
		{"jobs", required_argument, NULL, O_JOBS},
		{"journey", no_argument, NULL, O_JOURNEY},
		{"level", required_argument, NULL, KPI_OPT_LEVEL},
		{"min-n", required_argument, NULL, KPI_OPT_MIN_N},
		{"nps-ci", required_argument, NULL, KPI_OPT_NPS_CI},
		{"partial", no_argument, NULL, O_PARTIAL},
		{"period", required_argument, NULL, 'p'},
		{"prop-ci", required_argument, NULL, KPI_OPT_PROP_CI},
		{"quiet", no_argument, NULL, 'q'},
		{"since", required_argument, NULL, O_SINCE},
		{"targets", required_argument, NULL, 'j'},
		{"until", required_argument, NULL, O_UNTIL},
		{NULL, 0, NULL, 0}
	};
	char err[1024];
	int ch, m;
	long l;

	memset(o, 0, sizeof(*o));
	o->by = BY_TOUCHPOINT;
	o->jobs = 1;
	o->since = -1;
	o->until = -1;
	kpi_opts_init(&o->k);
	while ((ch = getopt_long(argc, argv, "b:j:l:p:q", lo, NULL)) != -1) {
		switch (ch) {
		case 'b':
			o->by = parse_by(optarg);
			break;
		case 'j':
			o->targets = optarg;
			break;
		case KPI_OPT_LEVEL:
		case KPI_OPT_MIN_N:
		case KPI_OPT_NPS_CI:
		case KPI_OPT_PROP_CI:
			if (kpi_opts_set(&o->k, ch, optarg, err,
			    sizeof(err)) != 0) {
				warnx_("%s", err);
				die_usage(SYNOPSIS);
			}
			break;
		case 'p':
			if ((m = period_unit_opt("--period", optarg)) < 0)
				die_usage(SYNOPSIS);
			o->unit = (enum period_unit)m;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case O_JOURNEY:
			o->journey = 1;
			break;
		case O_PARTIAL:
			o->k.partial = 1;
			break;
		case O_SINCE:
			o->since = parse_time_opt("--since", optarg, 0);
			break;
		case O_UNTIL:
			o->until = parse_time_opt("--until", optarg, 1);
			break;
		case O_COMMENTS:
			o->comments = optarg;
			break;
		case O_RESPONDENTS:
			o->respondents = optarg;
			break;
		case O_SHARD:
			if (shard_parse(optarg, &o->shard) != 0) {
				warnx_("--shard: bad value '%s' (K/N, whole "
				    "numbers 1 <= K <= N <= %d)", optarg,
				    SHARD_MAX);
				die_usage(SYNOPSIS);
			}
			break;
		case O_JOBS:
			if (num_parse_long(optarg, 0, JOBS_MAX, &l) != 0) {
				warnx_("--jobs: bad value '%s' (a whole number "
				    "0..%d; 0: one per processor)", optarg,
				    JOBS_MAX);
				die_usage(SYNOPSIS);
			}
			if (l == 0 && (l = sysconf(_SC_NPROCESSORS_ONLN)) < 1)
				l = 1;
			o->jobs = (unsigned)(l < JOBS_MAX ? l : JOBS_MAX);
			break;
		default:
			die_usage(SYNOPSIS);
		}
	}
	if (o->unit != PERIOD_NONE)
		o->by |= BY_PERIOD;
	else if (o->by & BY_PERIOD) {
		warnx_("--by period needs --period");
		die_usage(SYNOPSIS);
	}
	/* Grouped by touchpoint, a row also carries its stage and channel. */
	o->keyed[KPI_STAGE] = (o->by & (BY_STAGE | BY_TOUCHPOINT)) != 0;
	o->keyed[KPI_TOUCHPOINT] = (o->by & BY_TOUCHPOINT) != 0;
	o->keyed[KPI_CHANNEL] = (o->by & (BY_CHANNEL | BY_TOUCHPOINT)) != 0;
	o->keyed[KPI_SEGMENT] = (o->by & BY_SEGMENT) != 0;
	*first = optind;
	if (o->shard.n > 0)
		check_shard(o, argc, argv, optind);
}

/* Whether a comment holds more than blanks. */
static int
has_text(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 1;
	return 0;
}

/* --respondents: the slot of a period label (created when new). */
static size_t
rc_slot(struct state *st, const char *lab, size_t len)
{
	size_t h = 5381, i, k, ncap;

	for (i = 0; i < len; i++)
		h = h * 33 + (unsigned char)lab[i];
	if (2 * (st->nrc + 1) > st->caprh) {
		ncap = st->caprh ? 2 * st->caprh : 64;
		free(st->rchash);
		st->rchash = xcalloc(ncap, sizeof(*st->rchash));
		st->caprh = ncap;
		for (k = 0; k < st->nrc; k++) {
			size_t g = 5381, l = strlen(st->rc[k].label);

			for (i = 0; i < l; i++)
				g = g * 33 + (unsigned char)st->rc[k].label[i];
			for (i = g & (ncap - 1); st->rchash[i] != 0;
			    i = (i + 1) & (ncap - 1))
				;
			st->rchash[i] = k + 1;
		}
	}
	for (i = h & (st->caprh - 1); st->rchash[i] != 0;
	    i = (i + 1) & (st->caprh - 1)) {
		k = st->rchash[i] - 1;
		if (strlen(st->rc[k].label) == len &&
		    memcmp(st->rc[k].label, lab, len) == 0)
			return k;
	}
	if (st->nrc == st->caprc) {
		st->caprc = st->caprc ? 2 * st->caprc : 64;
		st->rc = xreallocarray(st->rc, st->caprc, sizeof(*st->rc));
	}
	k = st->nrc++;
	memset(&st->rc[k], 0, sizeof(st->rc[k]));
	memcpy(st->rc[k].label, lab, len < 15 ? len : 15);
	st->rchash[i] = k + 1;
	return k;
}

/* --respondents: a row counted, in period lab: a new respondent when its
 * id is not the last row's. */
static void
rc_row(struct state *st, const char *id, size_t idlen, const char *lab,
    size_t lablen)
{
	size_t k;

	if (st->runslot != SIZE_MAX && idlen == st->ridlen &&
	    memcmp(id, st->rid, idlen) == 0) {
		k = st->runslot;
		if (strlen(st->rc[k].label) == lablen &&
		    memcmp(st->rc[k].label, lab, lablen) == 0) {
			st->rc[k].ans++;
			return;
		}
	}
	k = rc_slot(st, lab, lablen);
	st->rc[k].resp++;
	st->rc[k].ans++;
	if (idlen + 1 > st->ridcap) {
		st->ridcap = 2 * (idlen + 1);
		st->rid = xreallocarray(st->rid, st->ridcap, 1);
	}
	memcpy(st->rid, id, idlen);
	st->ridlen = idlen;
	st->runslot = k;
}

static int
by_label(const void *a, const void *b)
{
	return strcmp(((const struct rcount *)a)->label,
	    ((const struct rcount *)b)->label);
}

/* --respondents: the table, by period. */
static void
rc_write(struct state *st, const char *path)
{
	struct csvw w;
	FILE *fp;
	size_t k;

	if ((fp = fopen(path, "w")) == NULL)
		die_sys("%s", path);
	if (st->nrc > 1)
		qsort(st->rc, st->nrc, sizeof(*st->rc), by_label);
	csvw_init(&w, fp);
	csvw_field(&w, "period");
	csvw_field(&w, "respondents");
	csvw_field(&w, "answers");
	csvw_end(&w);
	for (k = 0; k < st->nrc; k++) {
		csvw_field(&w, st->rc[k].label);
		csvw_long(&w, (long long)st->rc[k].resp);
		csvw_long(&w, (long long)st->rc[k].ans);
		csvw_end(&w);
	}
	if (fflush(fp) != 0 || ferror(fp) || fclose(fp) != 0)
		die("%s: write error: %s", path, strerror(errno));
}

/* --comments: the row, in the response table's column order (a column
 * the input lacks: its step as numbered, weight 1, else empty). */
static void
comment_row(struct state *st, const int *col, const char *const *f,
    const size_t *len, long step)
{
	size_t k;
	int c;

	for (k = 0; k < sizeof(rtorder) / sizeof(rtorder[0]); k++) {
		c = rtorder[k];
		if (col[c] >= 0)
			csvw_fieldn(&st->cw, f[c], len[c]);
		else if (c == C_STEP)
			csvw_long(&st->cw, step);
		else
			csvw_field(&st->cw, c == C_WEIGHT ? "1" : "");
	}
	csvw_end(&st->cw);
}

static struct kpi_targets *
load_targets(const char *path)
{
	struct kpi_targets *tg;
	struct loc at;
	char err[256];

	at.file = path;
	if ((tg = kpi_targets_load(path, &at.line, err, sizeof(err))) == NULL)
		die_at(&at, "%s", err);
	return tg;
}

/* A whole number 0..10 written plainly; -1 otherwise. */
static int
parse_score(const char *s, size_t len)
{
	if (len == 1 && s[0] >= '0' && s[0] <= '9')
		return s[0] - '0';
	if (len == 2 && s[0] == '1' && s[1] == '0')
		return 10;
	return -1;
}

static struct dcache *
date_slot(struct state *st, const char *s)
{
	unsigned long long x;

	memcpy(&x, s + 2, 8);		/* "26-11-05" */
	return &st->dcache[(x * 0x9e3779b97f4a7c15ULL) >> 56];
}

/*
 * Parses a time (period_parse with a bare date allowed) into *t through
 * the date cache; returns its cache entry, or NULL when s is not a time.
 */
static const struct dcache *
parse_time(struct state *st, const char *s, size_t len, struct period_time *t)
{
	struct dcache *dc = NULL;
	size_t i;

	if (len == 10 || len == 19) {
		dc = date_slot(st, s);
		if (dc->t.y != 0 && memcmp(dc->date, s, 10) == 0) {
			*t = dc->t;
			if (len == 10 || (s[10] == 'T' &&
			    period_parse_hms(s + 11, t) == 0))
				return dc;
		}
	}
	/* Not seen, or some odd time: the whole parse, then remember. */
	if (period_parse(s, 1, t, NULL) != 0)
		return NULL;
	dc = date_slot(st, s);		/* s has a date: 10 bytes or more */
	memcpy(dc->date, s, 10);
	dc->t = *t;
	dc->t.h = dc->t.min = dc->t.s = 0;
	dc->len = st->o->unit != PERIOD_NONE ?
	    period_label(t, st->o->unit, dc->label) : 0;
	for (dc->lh = 0, i = 0; i < dc->len; i++)
		dc->lh = dc->lh * 31 + (unsigned char)dc->label[i];
	return dc;
}

/*
 * The physical line of a line counted by csvr: in a shard read from its
 * slice, csvr counts from the slice's start, and the line feeds before
 * it are counted only when a message needs them.
 */
static unsigned long
file_line(const struct state *st, unsigned long line)
{
	unsigned long nl;

	if (st->shoff == 0)
		return line;
	if (shard_lines(st->path, st->shoff, &nl) != 0)
		die_sys("%s", st->path);
	return line + nl;
}

/* The file:line of the record read. */
static const struct loc *
here(const struct state *st, const struct csvr *r)
{
	static struct loc l;

	l = *csvr_loc(r);
	l.line = file_line(st, l.line);
	return &l;
}

/*
 * --shard: after the header, on to the slice of the file (the header's
 * end at least) and stop at its end.
 */
static void
shard_begin(struct state *st, struct csvr *r, off_t size, int has_step)
{
	const struct shard *sh = &st->o->shard;
	off_t hs, he, start, end;

	if (!has_step)
		die("%s: --shard needs a step column (without one, the "
		    "journey order is the order of first appearance in the "
		    "whole file)", st->path);
	if (shard_bounds(st->path, size, sh, &start, &end) != 0)
		die_sys("%s", st->path);
	if (csvr_span(r, &hs, &he) != 0)
		he = 0;
	if (he > size)		/* (or a size that is not its length) */
		die("%s: the file grew while it was read (--shard needs a "
		    "file that does not change)", st->path);
	if (start < he)
		start = he;
	if (end < he)
		end = he;
	st->shend = end;
	if (start > he) {
		if (csvr_seek(r, start, 1) != 0)
			die_sys("%s", st->path);
		st->shoff = start;
	}
	csvr_set_end(r, end);
}

/* --shard: the slice read, fails when it ends inside a record. */
static void
shard_end(struct state *st, const struct csvr *r)
{
	const struct shard *sh = &st->o->shard;
	struct loc l;
	unsigned long line, nl;
	off_t start;

	if (!csvr_cut(r, &start, &line))
		return;
	if (sh->k == sh->n)	/* a record beyond the size it had */
		die("%s: the file grew while it was read (--shard needs a "
		    "file that does not change)", st->path);
	l.file = st->path;
	l.line = file_line(st, line);
	if (shard_lines(st->path, st->shend, &nl) != 0)
		die_sys("%s", st->path);
	die_at(&l, "shard %u/%u ends inside this record: a quoted field "
	    "holds the line break where shard %u/%u starts (byte offset "
	    "%lld, line %lu); use fewer shards, or shard by files",
	    sh->k, sh->n, sh->k + 1, sh->n, (long long)st->shend, nl + 1);
}

/*
 * After adding a weight other than 1 to g: dies with the row's file:line
 * when a sum of g, or of its journey row (--journey), is no longer
 * finite.  A unit weight cannot make them overflow (kpi_acc_check).
 */
static void
check_sums(struct state *st, const struct csvr *r, struct kpi_group *g,
    int score, double w, const char *ws)
{
	struct kpi_group *j;
	const char *jkey[KPI_NKEY];
	size_t jlen[KPI_NKEY], had;
	int k;

	if (kpi_acc_check(&g->acc) != 0)
		die_at(here(st, r), "weight %s makes the group's weight sums "
		    "overflow", ws);
	if (!st->o->journey)
		return;
	/* g's journey row, found once per group */
	if (g->seq >= st->jofcap) {
		had = st->jofcap;
		st->jofcap = g->seq * 2 + 64;
		st->jof = xreallocarray(st->jof, st->jofcap, sizeof(*st->jof));
		memset(st->jof + had, 0, (st->jofcap - had) * sizeof(*st->jof));
	}
	if ((j = st->jof[g->seq]) == NULL) {
		for (k = 0; k < KPI_NKEY; k++) {
			jkey[k] = k == KPI_SEGMENT || k == KPI_PERIOD ?
			    g->key[k] : "";
			jlen[k] = k == KPI_SEGMENT || k == KPI_PERIOD ?
			    g->klen[k] : 0;
		}
		j = st->jof[g->seq] = kpi_tab_get(st->jtab, 1, jkey, jlen,
		    g->metric, &g->scale, NULL);
	}
	kpi_acc_add(&j->acc, score, w);
	if (kpi_acc_check(&j->acc) != 0)
		die_at(here(st, r), "weight %s makes the journey row's weight "
		    "sums overflow", ws);
}

static long
step_of(struct steps *sp, const char *const *f, const size_t *len)
{
	size_t need = len[C_STAGE] + len[C_TOUCHPOINT] + len[C_METRIC] + 3;
	size_t i, j, h = 2166136261u, ocap;
	struct stepslot *old;
	char *key = xmalloc(need), *q = key;

	memcpy(q, f[C_STAGE], len[C_STAGE] + 1);
	q += len[C_STAGE] + 1;
	memcpy(q, f[C_TOUCHPOINT], len[C_TOUCHPOINT] + 1);
	q += len[C_TOUCHPOINT] + 1;
	memcpy(q, f[C_METRIC], len[C_METRIC] + 1);
	for (i = 0; i < need; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	if (2 * (sp->n + 1) > sp->cap) {
		old = sp->slot;
		ocap = sp->cap;
		sp->cap = ocap ? 2 * ocap : 64;
		sp->slot = xcalloc(sp->cap, sizeof(*sp->slot));
		for (i = 0; i < ocap; i++) {
			if (old[i].key == NULL)
				continue;
			for (j = old[i].hash & (sp->cap - 1);
			    sp->slot[j].key != NULL; j = (j + 1) & (sp->cap - 1))
				;
			sp->slot[j] = old[i];
		}
		free(old);
	}
	for (i = h & (sp->cap - 1); sp->slot[i].key != NULL;
	    i = (i + 1) & (sp->cap - 1))
		if (sp->slot[i].hash == h && sp->slot[i].len == need &&
		    memcmp(sp->slot[i].key, key, need) == 0) {
			free(key);
			return sp->slot[i].step;
		}
	sp->slot[i].key = key;
	sp->slot[i].len = need;
	sp->slot[i].hash = h;
	sp->slot[i].step = (long)++sp->n;
	return sp->slot[i].step;
}

static void
steps_free(struct steps *sp)
{
	size_t i;

	for (i = 0; i < sp->cap; i++)
		free(sp->slot[i].key);
	free(sp->slot);
}

/* A whole number 1..1000000 written plainly (num_parse_long's answer,
 * quicker for short ones); -1 otherwise. */
static long
parse_step(const char *s, size_t len)
{
	long v;

	if (len == 1 && s[0] >= '1' && s[0] <= '9')
		return s[0] - '0';
	if (len == 2 && s[0] >= '1' && s[0] <= '9' && s[1] >= '0' &&
	    s[1] <= '9')
		return (s[0] - '0') * 10 + s[1] - '0';
	return num_parse_long(s, 1, 1000000, &v) == 0 ? v : -1;
}

/*
 * --shard: a weight other than 1 counted.  For --jobs (jobs_exact): the
 * sums of all weights and squares, the exponent of the lowest bit set in
 * any weight, whether a square is rounded.
 */
static void
weight_seen(struct state *st, double w)
{
	unsigned long long mant;
	int e;

	mant = (unsigned long long)ldexp(frexp(w, &e), 53);  /* exact */
	for (e -= 53; (mant & 1) == 0; mant >>= 1)
		e++;
	if (e < st->ws.wexp)
		st->ws.wexp = e;
	st->ws.wsum += w;
	st->ws.qsum += w * w;
	if (fma(w, w, -(w * w)) != 0)
		st->ws.winexact = 1;
}

static void
read_file(struct state *st, const char *path)
{
	const struct opts *o = st->o;
	struct tbl tb;
	struct csvr *r;
	struct kpi_group *g, **gc;
	struct period_time t;
	struct rcache *rc_e;
	const char *f[NCOL], *key[KPI_NKEY], *why, *run;
	size_t len[NCOL], klen[KPI_NKEY], i, runlen;
	struct memo *e;
	const struct dcache *dc = NULL;
	const struct kpi_scale *scale;
	enum kpi_metric metric;
	int col[NCOL], rc, score, need_time, m, notime, c_first = -1,
	    c_last = -1;
	unsigned lh;
	double w;
	long step, l;
	char sbuf[8];
	struct stat sb;

	st->path = path;
	st->shoff = 0;
	if (o->shard.n > 0) {
		if (stat(path, &sb) != 0)
			die_sys("%s", path);
		if (!S_ISREG(sb.st_mode))
			die("%s: --shard needs a regular file (not a pipe, a "
			    "directory or a device)", path);
	}
	if ((rc = tbl_open(&tb, path)) < 0)
		die_sys("%s", path);
	r = tb.r;
	if (rc > 0)
		die_at(here(st, r), "%s", tbl_error(&tb));
	need_time = o->unit != PERIOD_NONE || o->since >= 0 || o->until >= 0;
	for (i = 0; i < NCOL; i++) {
		if ((i == C_COMMENT && st->cfp == NULL) ||
		    (i == C_RESPONDENT && st->cfp == NULL &&
		    o->respondents == NULL)) {
			col[i] = -1;	/* not read */
			continue;
		}
		col[i] = hdr_find(tb.h, colname[i]);
		if (col[i] < 0 && i != C_WEIGHT && i != C_SEGMENT &&
		    i != C_STEP && (i != C_TIME || need_time))
			die_at(here(st, r), "missing column '%s'%s", colname[i],
			    i == C_COMMENT ? " (--comments)" : i == C_RESPONDENT ?
			    " (--comments, --respondents)" : "");
	}
	if (o->shard.n > 0)
		shard_begin(st, r, sb.st_size, col[C_STEP] >= 0);
	/* The columns of the run: stage..scale (not step, score, weight,
	 * time), the first and the last in the file. */
	for (i = C_STAGE; i <= C_SCALE; i++) {
		if (col[i] < 0)
			continue;
		if (c_first < 0 || col[i] < col[c_first])
			c_first = (int)i;
		if (c_last < 0 || col[i] > col[c_last])
			c_last = (int)i;
	}
	memset(st->rcache, 0, sizeof(st->rcache));
	while ((rc = tbl_next(&tb)) != 0) {
		if (rc < 0)
			die_at(here(st, r), "%s", tbl_error(&tb));
		csvr_fields(r, NCOL, col, f, len);

		/* An empty time: a response without a usable time (issue
		 * 9): it cannot be in a period; skipped and counted. */
		notime = 0;
		if (need_time) {
			if (len[C_TIME] == 0)
				notime = 1;
			else if ((dc = parse_time(st, f[C_TIME], len[C_TIME],
			    &t)) == NULL)
				die_at(here(st, r), "bad time '%s'", f[C_TIME]);
		}
		lh = o->by & BY_PERIOD && !notime ? dc->lh : 0;

		if (col[C_STEP] < 0)
			step = step_of(&st->steps, f, len);
		else if ((step = parse_step(f[C_STEP], len[C_STEP])) < 0)
			die_at(here(st, r), "bad step '%s'", f[C_STEP]);

		/* A row like a recent one: its group. */
		g = NULL;
		rc_e = NULL;
		run = f[c_first];
		runlen = (size_t)(f[c_last] + len[c_last] - run);
		if (runlen >= 8 && runlen <= RUNMAX && !notime) {
			rc_e = &st->rcache[rslot(step, run, runlen, lh)];
			if (rc_e->g != NULL && rc_e->len == runlen &&
			    mem_same8(rc_e->run, run, runlen) &&
			    (!(o->by & BY_PERIOD) ||
			    (rc_e->g->klen[KPI_PERIOD] == dc->len &&
			    memcmp(rc_e->g->key[KPI_PERIOD], dc->label,
			    dc->len) == 0)))
				g = rc_e->g;
		}
		if (g != NULL) {
			metric = g->metric;
			scale = &g->scale;
		} else {
			e = &st->memo[step & 63];
			if (len[C_METRIC] != e->metric_len ||
			    memcmp(f[C_METRIC], e->metric_s,
			    len[C_METRIC]) != 0) {
				if ((m = kpi_metric_parse(f[C_METRIC])) < 0)
					die_at(here(st, r), "unknown metric "
					    "'%s'", f[C_METRIC]);
				e->metric = (enum kpi_metric)m;
				e->metric_len = len[C_METRIC];
				memcpy(e->metric_s, f[C_METRIC],
				    len[C_METRIC]);
				e->scale_len = SIZE_MAX;  /* recheck scale */
			}
			if (len[C_SCALE] != e->scale_len ||
			    memcmp(f[C_SCALE], e->scale_s,
			    len[C_SCALE]) != 0) {
				if (kpi_scale_parse(f[C_SCALE], &e->scale) != 0)
					die_at(here(st, r), "unknown scale '%s' "
					    "(worst-best, whole numbers 0-10)",
					    f[C_SCALE]);
				if ((why = kpi_scale_check(e->metric,
				    &e->scale)) != NULL)
					die_at(here(st, r), "%s, not '%s'", why,
					    f[C_SCALE]);
				e->scale_len = len[C_SCALE];
				memcpy(e->scale_s, f[C_SCALE], len[C_SCALE]);
			}
			metric = e->metric;
			scale = &e->scale;
		}

		score = parse_score(f[C_SCORE], len[C_SCORE]);
		if (score < 0 && num_parse_long(f[C_SCORE], -1000000,
		    1000000, &l) == 0)
			score = l >= 0 && l <= 10 ? (int)l : 11;
		if (score < 0 && len[C_SCORE] == 0)
			die_at(here(st, r), "missing score");
		if (score < 0)
			die_at(here(st, r), "score '%s' is not a whole number",
			    f[C_SCORE]);
		if (!(scale->worst < scale->best ?
		    score >= scale->worst && score <= scale->best :
		    score >= scale->best && score <= scale->worst))
			die_at(here(st, r), "score %s is off the scale %s",
			    f[C_SCORE], kpi_scale_fmt(scale, sbuf));

		if (col[C_WEIGHT] < 0 || (len[C_WEIGHT] == 1 &&
		    f[C_WEIGHT][0] == '1'))
			w = 1;
		else if (num_parse(f[C_WEIGHT], &w) != 0 || !(w > 0))
			die_at(here(st, r), "bad weight '%s' (a positive "
			    "number)", f[C_WEIGHT]);
		else if (w < KPI_WEIGHT_MIN)
			die_at(here(st, r), "weight %s is below %g (its "
			    "square underflows)", f[C_WEIGHT], KPI_WEIGHT_MIN);

		if (notime) {
			st->notime++;
			if (o->respondents != NULL)	/* in no period */
				rc_row(st, f[C_RESPONDENT], len[C_RESPONDENT],
				    "", 0);
			continue;
		}
		if (o->since >= 0 || o->until >= 0) {
			long long k = period_key(&t);

			if ((o->since >= 0 && k < o->since) ||
			    (o->until >= 0 && k > o->until)) {
				st->skipped++;
				continue;
			}
		}

		if (st->cfp != NULL && has_text(f[C_COMMENT], len[C_COMMENT]))
			comment_row(st, col, f, len, step);
		if (o->respondents != NULL)
			rc_row(st, f[C_RESPONDENT], len[C_RESPONDENT],
			    o->by & BY_PERIOD ? dc->label : "",
			    o->by & BY_PERIOD ? dc->len : 0);

		if (g == NULL) {
			/* Keys stage..segment are columns C_STAGE..
			 * C_SEGMENT. */
			for (i = 0; i < KPI_PERIOD; i++) {
				key[i] = o->keyed[i] ? f[C_STAGE + i] : "";
				klen[i] = o->keyed[i] ? len[C_STAGE + i] : 0;
			}
			key[KPI_PERIOD] = "";
			klen[KPI_PERIOD] = 0;
			if (o->by & BY_PERIOD) {
				key[KPI_PERIOD] = dc->label;
				klen[KPI_PERIOD] = dc->len;
			}
			gc = &st->gcache[gslot(step, key[KPI_SEGMENT],
			    klen[KPI_SEGMENT], lh)];
			if ((g = *gc) == NULL || !kpi_group_is(g, 0, metric,
			    scale, key, klen)) {
				g = kpi_tab_get(st->tab, 0, key, klen, metric,
				    scale, NULL);
				*gc = g;
			}
			if (rc_e != NULL) {
				rc_e->g = g;
				rc_e->len = runlen;
				memcpy(rc_e->run, run, runlen);
			}
		}
		if (g->step == 0 || step < g->step)
			g->step = step;
		kpi_acc_add(&g->acc, score, w);
		if (w != 1) {
			check_sums(st, r, g, score, w, f[C_WEIGHT]);
			if (o->shard.n > 0)
				weight_seen(st, w);
		}
	}
	if (o->shard.n > 0)
		shard_end(st, r);
	tbl_close(&tb);
	st->runslot = SIZE_MAX;	/* a respondent's run ends with its file */
}

/*
 * --jobs N: N processes (fork), the K-th reads --shard K/N of every file
 * and writes its partial table to a pipe, after its struct jobres; the
 * parent adds them up in K order (kmerge, as cjm-merge) and writes the
 * table as one pass would.  A shard that fails (exit status 1: a bad
 * record, a quoted field across a cut, a table without a step column),
 * sums that might not be exact, anything kmerge refuses: the parent
 * runs the one pass instead, which gives its table, or its message and
 * status for the first bad record.  A shard killed by a signal or ending
 * otherwise is an error.
 */
struct jobres {
	unsigned long	 skipped, notime;
	struct wstat	 ws;
};

/* Whether --jobs can split this run: named regular files, no
 * --respondents, --comments with one file; size: their bytes.  When it
 * cannot, st->onepass says why. */
static int
jobs_can(struct state *st, int nfiles, char **files, off_t *size)
{
	const struct opts *o = st->o;
	struct stat sb;
	int i;

	if (o->jobs < 2 || o->shard.n > 0)
		return 0;
	if (o->respondents != NULL)
		st->onepass = "--respondents";
	else if (o->comments != NULL && nfiles > 1)
		st->onepass = "--comments with several files";
	for (*size = 0, i = 0; st->onepass == NULL && i < nfiles; i++) {
		if (strcmp(files[i], "-") == 0 || stat(files[i], &sb) != 0 ||
		    !S_ISREG(sb.st_mode))
			st->onepass = "not a regular file";
		else
			*size += sb.st_size;
	}
	if (nfiles == 0)
		st->onepass = "standard input";
	return st->onepass == NULL;
}

/*
 * Whether the shards' weight sums, added in any order, are the one
 * pass's: every weight a multiple of 2^e (weights 1: e <= 0) and every
 * square exact, the totals below 2^50 units (the unit weights counted at
 * most one per byte), so that every partial sum is exactly representable.
 */
static int
jobs_exact(const struct jobres *res, unsigned n, off_t size)
{
	double W = (double)size, Q = (double)size;
	int e = 0;
	unsigned k;

	for (k = 0; k < n; k++) {
		if (res[k].ws.winexact)
			return 0;
		if (res[k].ws.wexp < e)
			e = res[k].ws.wexp;
		W += res[k].ws.wsum;
		Q += res[k].ws.qsum;
	}
	return ldexp(W, -e) < 0x1p50 && ldexp(Q, -2 * e) < 0x1p50;
}

/* In the K-th child (0-based k): the shard's partial table to fd out. */
static _Noreturn void
jobs_child(struct state *st, unsigned k, int nfiles, char **files, int out,
    FILE *cmt, FILE *errf)
{
	static struct opts o;	/* st->o from now on (this never returns) */
	struct jobres res;
	struct csvw w;
	int i;

	if (dup2(fileno(errf), STDERR_FILENO) < 0 ||
	    dup2(out, STDOUT_FILENO) < 0)
		_exit(EXIT_DATA);
	close(out);
	o = *st->o;
	o.shard.k = k + 1;
	o.shard.n = o.jobs;
	o.quiet = 1;
	o.k.partial = 1;
	st->o = &o;
	st->cfp = cmt;
	if (cmt != NULL)
		csvw_init(&st->cw, cmt);
	for (i = 0; i < nfiles; i++)
		read_file(st, files[i]);
	if (cmt != NULL && (fflush(cmt) != 0 || ferror(cmt)))
		die("%s: write error: %s", o.comments, strerror(errno));
	memset(&res, 0, sizeof(res));
	res.skipped = st->skipped;
	res.notime = st->notime;
	res.ws = st->ws;
	if (fwrite(&res, sizeof(res), 1, stdout) != 1)
		die("<stdout>: write error: %s", strerror(errno));
	csvw_init(&w, stdout);
	kpi_tab_write(&w, st->tab, &o.k);
	exit(close_stdout(EXIT_SUCCESS));
}

/* A child's stderr: one line (a message of its own)? */
static int
one_line(FILE *fp)
{
	int c, nl = 0, last = '\n';

	rewind(fp);
	while ((c = getc(fp)) != EOF) {
		nl += c == '\n';
		last = c;
	}
	return nl == 1 && last == '\n';
}

/*
 * A child's temporary file, from its start, after what `to' holds (a
 * failed child's stderr to ours, a shard's comments after the ones
 * before): 0; -1 when writing failed, 1 when reading did.
 */
static int
copy_rest(FILE *from, FILE *to)
{
	char buf[65536];
	size_t n;

	rewind(from);
	while ((n = fread(buf, 1, sizeof(buf), from)) > 0)
		if (fwrite(buf, 1, n, to) != n)
			return -1;
	return ferror(from) ? 1 : 0;
}

/*
 * Runs the shards and adds their tables into st->tab: 0; -1 when the
 * one pass must be run instead (st->tab then empty again).
 */
static int
jobs_run(struct state *st, int nfiles, char **files, off_t size)
{
	const struct opts *o = st->o;
	unsigned n = o->jobs, k, j, started = 0;
	pid_t *pid = xcalloc(n, sizeof(*pid));
	int *rd = xcalloc(n, sizeof(*rd)), *status = xcalloc(n, sizeof(*status));
	FILE **cmt = xcalloc(n, sizeof(*cmt)), **errf = xcalloc(n,
	    sizeof(*errf)), *in;
	struct jobres *res = xcalloc(n, sizeof(*res));
	struct kmerge m;
	struct tbl t;
	char err[256], name[64], buf[4096];
	int fd[2], ok = 1, crash = -1, rc;

	kmerge_init(&m, st->tab);
	m.targets = 1;		/* the shards' tables have none */
	for (k = 0; k < n; k++) {
		rd[k] = -1;
		if ((errf[k] = tmpfile()) == NULL || (o->comments != NULL &&
		    (cmt[k] = tmpfile()) == NULL))
			ok = 0;
	}
	if (!ok)
		st->onepass = "no temporary file";
	fflush(stdout);
	if (st->cfp != NULL)
		fflush(st->cfp);
	for (k = 0; ok && k < n; k++) {
		if (pipe(fd) != 0) {
			st->onepass = "no pipe";
			ok = 0;
			break;
		}
		if ((pid[k] = fork()) < 0) {
			close(fd[0]);
			close(fd[1]);
			st->onepass = "no process";
			ok = 0;
			break;
		}
		if (pid[k] == 0) {
			close(fd[0]);
			for (j = 0; j < k; j++)
				close(rd[j]);
			jobs_child(st, k, nfiles, files, fd[1], cmt[k],
			    errf[k]);
		}
		close(fd[1]);
		rd[k] = fd[0];
		started++;
	}
	/* The tables in K order; each pipe read to its end. */
	for (k = 0; k < started; k++) {
		if ((in = fdopen(rd[k], "r")) == NULL) {
			close(rd[k]);
			ok = 0;
			continue;
		}
		snprintf(name, sizeof(name), "<shard %u/%u>", k + 1, n);
		if (!ok || fread(&res[k], sizeof(res[k]), 1, in) != 1)
			ok = 0;
		else if ((rc = tbl_fopen(&t, in, name)) != 0 ||
		    kmerge_read(&m, &t, err, sizeof(err)) != 0) {
			ok = 0;
			if (rc == 0)
				tbl_close(&t);
		} else
			tbl_close(&t);
		while (fread(buf, 1, sizeof(buf), in) > 0)
			;
		fclose(in);
	}
	for (k = 0; k < started; k++) {
		while (waitpid(pid[k], &status[k], 0) < 0)
			if (errno != EINTR)
				die_sys("--jobs: waitpid");
		if (WIFEXITED(status[k]) && WEXITSTATUS(status[k]) ==
		    EXIT_SUCCESS)
			continue;
		ok = 0;
		if (crash < 0 && !(WIFEXITED(status[k]) &&
		    WEXITSTATUS(status[k]) == EXIT_DATA && one_line(errf[k])))
			crash = (int)k;
	}
	if (!ok && st->onepass == NULL)
		st->onepass = "a line break in a quoted field where a shard "
		    "starts, or no step column";
	if (crash >= 0) {
		k = (unsigned)crash;
		(void)copy_rest(errf[k], stderr);
		if (WIFSIGNALED(status[k]))
			die("--jobs: shard %u/%u was killed by signal %d",
			    k + 1, n, WTERMSIG(status[k]));
		die("--jobs: shard %u/%u failed (exit status %d)", k + 1, n,
		    WEXITSTATUS(status[k]));
	}
	if (ok && !jobs_exact(res, n, size)) {
		st->onepass = "weights whose sums could round otherwise";
		ok = 0;
	}
	if (ok && kmerge_journey_bad(&m, o->journey) != NULL) {
		st->onepass = "weight sums that overflow";
		ok = 0;
	}
	kmerge_free(&m);
	for (k = 0; k < n; k++) {
		if (ok && cmt[k] != NULL && (rc = copy_rest(cmt[k],
		    st->cfp)) != 0) {
			if (rc < 0)
				die("%s: write error: %s", o->comments,
				    strerror(errno));
			die_sys("--jobs: a shard's comments");
		}
		if (ok) {
			st->skipped += res[k].skipped;
			st->notime += res[k].notime;
		}
		if (cmt[k] != NULL)
			fclose(cmt[k]);
		if (errf[k] != NULL)
			fclose(errf[k]);
	}
	if (!ok) {
		kpi_tab_free(st->tab);
		st->tab = kpi_tab_new();
	}
	free(pid);
	free(rd);
	free(status);
	free(cmt);
	free(errf);
	free(res);
	return ok ? 0 : -1;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct state st;
	struct csvw w;
	size_t i;
	off_t size;
	int first;

	err_init(argv[0]);
	err_std_options(argc, argv, help);
	parse_args(argc, argv, &o, &first);
	memset(&st, 0, sizeof(st));
	st.o = &o;
	st.runslot = SIZE_MAX;
	st.tab = kpi_tab_new();
	st.jtab = kpi_tab_new();
	for (i = 0; i < 64; i++)
		st.memo[i].metric_len = st.memo[i].scale_len = SIZE_MAX;
	if (o.targets != NULL)
		st.tg = load_targets(o.targets);
	if (o.comments != NULL) {
		if ((st.cfp = fopen(o.comments, "w")) == NULL)
			die_sys("%s", o.comments);
		csvw_init(&st.cw, st.cfp);
		for (i = 0; i < sizeof(rtorder) / sizeof(rtorder[0]); i++)
			csvw_field(&st.cw, colname[rtorder[i]]);
		csvw_end(&st.cw);
	}
	if (jobs_can(&st, argc - first, argv + first, &size) &&
	    jobs_run(&st, argc - first, argv + first, size) == 0)
		first = argc;		/* read by the shards */
	else if (first == argc)
		read_file(&st, "-");
	for (; first < argc; first++)
		read_file(&st, argv[first]);
	if (st.tg != NULL)
		kpi_targets_apply(st.tg, st.tab);
	if (o.journey)
		kpi_tab_journey(st.tab);
	if (st.skipped > 0 && !o.quiet)
		warnx_("note: %lu row%s outside --since/--until skipped",
		    st.skipped, st.skipped == 1 ? "" : "s");
	if (st.onepass != NULL && !o.quiet)
		warnx_("note: --jobs %u ran as one process (%s)", o.jobs,
		    st.onepass);
	if (st.notime > 0 && !o.quiet)
		warnx_("note: %lu row%s without a time skipped (%s needs one)",
		    st.notime, st.notime == 1 ? "" : "s", o.unit != PERIOD_NONE ?
		    "--period" : "--since/--until");

	if (st.cfp != NULL && (fflush(st.cfp) != 0 || ferror(st.cfp) ||
	    fclose(st.cfp) != 0))
		die("%s: write error: %s", o.comments, strerror(errno));
	if (o.respondents != NULL)
		rc_write(&st, o.respondents);
	free(st.rc);
	free(st.rchash);
	free(st.rid);
	csvw_init(&w, stdout);
	kpi_tab_write(&w, st.tab, &o.k);
	kpi_tab_free(st.tab);
	kpi_tab_free(st.jtab);
	steps_free(&st.steps);
	free(st.jof);
	kpi_targets_free(st.tg);
	return close_stdout(EXIT_SUCCESS);
}
