/*
 * cjm-funnel -- analytics event exports -> the funnel table.
 *
 * Reads event exports (one row per event: a customer id, a time, an
 * event name; GA4's BigQuery export flattened to CSV, Mixpanel's, or any
 * CSV) and the journey file, whose `event` column makes touchpoints the
 * steps of a funnel.  Each customer's path through the steps follows the
 * rule in docs/methods.md (lib/funnel); the funnel table (docs/formats.md
 * section 5) has one row per step x segment x period: customers reaching
 * the step, dropping before it, conversion from the previous step and
 * from step 1 with intervals, the median time from the previous step.
 *
 * One pass over events in any order: memory grows with the customers
 * (lib/funnel says exactly how), never with the rows.  Bytes are decoded
 * as cjm-ingest's (lib/decode), dates read by lib/when.  A row that
 * cannot be read is rejected, counted and written to the rejects file
 * with its file:line; rows of other events are counted, not checked.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvr.h"
#include "csvw.h"
#include "decode.h"
#include "err.h"
#include "ftab.h"
#include "funnel.h"
#include "hdr.h"
#include "journey.h"
#include "kpi.h"
#include "num.h"
#include "period.h"
#include "stat.h"
#include "when.h"
#include "xmalloc.h"

#define SYNOPSIS "cjm-funnel -j journey.csv [-q] [--id col] [--time col] " \
	"[--event col] [-s col]... [--by segment] [-p unit] [--since time] " \
	"[--until time] [-w window] [-l level] [--prop-ci method] " \
	"[--time-unit unit] [-e encoding] [-d delim] [--date-order mdy|dmy] " \
	"[-r rejects.csv] [--strict] [events.csv ...]"

static const char HELP[] =
"usage: " SYNOPSIS "\n"
"\n"
"Reads analytics event exports (none or - = stdin) and writes the funnel\n"
"table: per step of the journey's funnel (the touchpoints with an event),\n"
"the customers reaching it, the drop-off and the conversion.\n"
"\n"
"  -j, --journey FILE      the journey file, with an event column\n"
"      --id COL            customer id column (default: detected)\n"
"      --time COL          event time column (default: detected)\n"
"      --event COL         event name column (default: detected)\n"
"  -s, --segment COL       segment column (of the step-1 event); repeat for\n"
"                          several; implies --by segment\n"
"  -b, --by segment        one funnel per segment (default column 'segment')\n"
"  -p, --period UNIT       day, week (ISO), month or quarter of the step-1\n"
"                          time: one funnel per period\n"
"      --since TIME        step 1 at or after TIME (YYYY-MM-DD[THH:MM:SS])\n"
"      --until TIME        step 1 at or before TIME (a date: the whole day)\n"
"  -w, --window DUR        later steps within DUR of step 1 (default 30d;\n"
"                          units s, min, h, d, w; a bare number is days)\n"
"  -l, --level P           confidence level (default 0.95)\n"
"      --prop-ci M         wilson (default), agresti-coull, clopper-pearson,\n"
"                          jeffreys\n"
"      --time-unit U       epoch times in s, ms or us (default: from the\n"
"                          size of each number)\n"
"  -e, --encoding NAME     auto, utf-8, utf-16, utf-16le, utf-16be, cp1252,\n"
"                          latin1, macroman (default auto)\n"
"  -d, --delimiter C       , ; or tab (default: sniffed)\n"
"      --date-order ORDER  mdy or dmy for a/b/yyyy dates (default: the data)\n"
"  -r, --rejects FILE      write rejected rows there (CSV)\n"
"      --strict            any rejected row is an error\n"
"  -q, --quiet             no summary on stderr\n"
"      --help, --version\n"
"\n"
"Exit status: 0 ok, 1 data or I/O error, 2 usage.  See cjm-funnel(1).\n";

#define MAXSEG		16
#define SPOOL_MAX	50000	/* rows held while dates are ambiguous */
#define DAY_US		86400000000LL

enum tunit { TU_AUTO, TU_S, TU_MS, TU_US };

struct opts {
	const char	*journey;
	const char	*id, *time, *event;
	const char	*seg[MAXSEG];
	int		 nseg, by_segment;
	enum period_unit unit;
	long long	 since, until;	/* µs; LLONG_MIN / LLONG_MAX: none */
	long long	 window;	/* µs */
	const char	*window_s;
	struct kpi_opts	 k;		/* level, prop */
	enum tunit	 tunit;
	enum dec_enc	 enc;
	char		 delim;
	enum when_order	 order;
	const char	*rejects;
	int		 strict, quiet;
};

static const char *const reasons[] = {
	"no customer id", "no time", "invalid time", "no event name",
	"invalid UTF-8", "NUL character", "ragged record", "malformed quoting",
	"unterminated quoted field", "malformed record"
};
#define NREASON (sizeof(reasons) / sizeof(reasons[0]))

struct counts {
	unsigned long	 rows;		/* data records */
	unsigned long	 used;		/* step events given to the rule */
	unsigned long	 other;		/* events not in the funnel */
	unsigned long	 outside;	/* cannot count: --since/--until */
	unsigned long	 rej[NREASON];
};

/* A row held while its file's day/month order is open. */
struct held {
	size_t		 id, time, seg;	/* offsets into the arena */
	unsigned	 step;
	unsigned long	 line;
};

struct spool {
	struct held	*h;
	size_t		 n, cap;
	char		*a;
	size_t		 alen, acap;
	int		 seen;		/* an ambiguous value was held */
	char		*example;
};

/* The step of an event name: open addressing, names owned by the
 * journey. */
struct evslot {
	const char	*name;
	size_t		 len;
	unsigned	 step;
};

struct run {
	const struct opts *o;
	struct journey	*j;
	unsigned	 nstep;
	struct funnel	*f;
	struct evslot	*ev;
	size_t		 evcap;
	unsigned long	*seen;		/* events per step */
	FILE		*rej;
	struct csvw	 rw;
	struct counts	 c, tot;
	long long	 tmax;		/* latest step event used */
	unsigned	 noseg;		/* the segment "" */
	/* the file being read */
	const char	*path, *fname;
	FILE		*fp;
	struct csvr	*r;
	struct hdr	*h;
	size_t		 nf;
	struct decode_info info;
	int		 cid, ctime, cevent, cseg[MAXSEG];
	enum when_order	 order;
	struct spool	 sp;
	char		*segbuf;
	size_t		 segcap;
};

/* ---- options ---- */

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
	if (!has_time && end)
		return period_us(&t) + DAY_US - 1;
	return period_us(&t) + (end ? 999999 : 0);
}

/* "30d", "12h", "90min", "3600s", "2w", "1.5d", "30" (days) -> µs. */
static long long
parse_window(const char *s)
{
	static const struct { const char *u; double us; } units[] = {
		{ "s", 1e6 }, { "min", 6e7 }, { "h", 3.6e9 },
		{ "d", 8.64e10 }, { "w", 6.048e11 }, { "", 8.64e10 }
	};
	char num[32];
	size_t n, i;
	double v;

	n = strspn(s, "0123456789.");
	if (n == 0 || n >= sizeof(num))
		return -1;
	memcpy(num, s, n);
	num[n] = '\0';
	if (num_parse(num, &v) != 0)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(s + n, units[i].u) == 0)
			break;
	if (i == sizeof(units) / sizeof(units[0]))
		return -1;
	v *= units[i].us;
	/* at least a microsecond, at most 100 years */
	if (!(v >= 1 && v <= 36525 * 8.64e10))
		return -1;
	return llround(v);
}

static void
parse_args(int argc, char **argv, struct opts *o, int *first)
{
	enum { O_ID = 256, O_TIME, O_EVENT, O_SINCE, O_UNTIL, O_TUNIT,
		O_ORDER, O_STRICT };
	static const struct option lo[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "date-order", required_argument, NULL, O_ORDER },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "event", required_argument, NULL, O_EVENT },
		{ "id", required_argument, NULL, O_ID },
		{ "journey", required_argument, NULL, 'j' },
		{ "level", required_argument, NULL, KPI_OPT_LEVEL },
		{ "period", required_argument, NULL, 'p' },
		{ "prop-ci", required_argument, NULL, KPI_OPT_PROP_CI },
		{ "quiet", no_argument, NULL, 'q' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "segment", required_argument, NULL, 's' },
		{ "since", required_argument, NULL, O_SINCE },
		{ "strict", no_argument, NULL, O_STRICT },
		{ "time", required_argument, NULL, O_TIME },
		{ "time-unit", required_argument, NULL, O_TUNIT },
		{ "until", required_argument, NULL, O_UNTIL },
		{ "window", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	char err[1024];
	int ch, m;

	memset(o, 0, sizeof(*o));
	o->since = LLONG_MIN;
	o->until = LLONG_MAX;
	o->window = 30 * DAY_US;
	o->window_s = "30d";
	kpi_opts_init(&o->k);
	while ((ch = getopt_long(argc, argv, "b:d:e:j:l:p:qr:s:w:", lo,
	    NULL)) != -1) {
		switch (ch) {
		case 'b':
			if (strcmp(optarg, "segment") != 0) {
				warnx_("--by: only 'segment' can be chosen, "
				    "not '%s' (touchpoints are the steps)",
				    optarg);
				die_usage(SYNOPSIS);
			}
			o->by_segment = 1;
			break;
		case 'd':
			if (strcmp(optarg, "tab") == 0 ||
			    strcmp(optarg, "\\t") == 0)
				o->delim = '\t';
			else if (strlen(optarg) == 1 && (*optarg == ',' ||
			    *optarg == ';' || *optarg == '\t' ||
			    *optarg == '|'))
				o->delim = *optarg;
			else {
				warnx_("--delimiter: '%s' is not , ; | or tab",
				    optarg);
				die_usage(SYNOPSIS);
			}
			break;
		case 'e':
			if ((m = decode_enc_parse(optarg)) < 0) {
				warnx_("--encoding: unknown encoding '%s'",
				    optarg);
				die_usage(SYNOPSIS);
			}
			o->enc = (enum dec_enc)m;
			break;
		case 'j':
			o->journey = optarg;
			break;
		case KPI_OPT_LEVEL:
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
		case 'r':
			o->rejects = optarg;
			break;
		case 's':
			if (o->nseg == MAXSEG) {
				warnx_("at most %d --segment columns", MAXSEG);
				die_usage(SYNOPSIS);
			}
			o->seg[o->nseg++] = optarg;
			o->by_segment = 1;
			break;
		case 'w':
			if ((o->window = parse_window(optarg)) < 0) {
				warnx_("--window: bad duration '%s' (a "
				    "positive number and s, min, h, d or w, "
				    "at most 100 years)", optarg);
				die_usage(SYNOPSIS);
			}
			o->window_s = optarg;
			break;
		case O_ID:
			o->id = optarg;
			break;
		case O_TIME:
			o->time = optarg;
			break;
		case O_EVENT:
			o->event = optarg;
			break;
		case O_SINCE:
			o->since = parse_time_opt("--since", optarg, 0);
			break;
		case O_UNTIL:
			o->until = parse_time_opt("--until", optarg, 1);
			break;
		case O_TUNIT:
			if (strcmp(optarg, "s") == 0)
				o->tunit = TU_S;
			else if (strcmp(optarg, "ms") == 0)
				o->tunit = TU_MS;
			else if (strcmp(optarg, "us") == 0 ||
			    strcmp(optarg, "\xc2\xb5s") == 0)
				o->tunit = TU_US;
			else if (strcmp(optarg, "auto") == 0)
				o->tunit = TU_AUTO;
			else {
				warnx_("--time-unit: unknown unit '%s' (s, ms, "
				    "us, auto)", optarg);
				die_usage(SYNOPSIS);
			}
			break;
		case O_ORDER:
			if (strcmp(optarg, "mdy") == 0)
				o->order = WHEN_MDY;
			else if (strcmp(optarg, "dmy") == 0)
				o->order = WHEN_DMY;
			else {
				warnx_("--date-order: '%s' is not mdy or dmy",
				    optarg);
				die_usage(SYNOPSIS);
			}
			break;
		case O_STRICT:
			o->strict = 1;
			break;
		default:
			die_usage(SYNOPSIS);
		}
	}
	if (o->journey == NULL) {
		warnx_("a journey file is needed (-j journey.csv)");
		die_usage(SYNOPSIS);
	}
	if (o->since != LLONG_MIN && o->until != LLONG_MAX &&
	    o->since > o->until) {
		warnx_("--since is after --until");
		die_usage(SYNOPSIS);
	}
	if (o->by_segment && o->nseg == 0)
		o->seg[o->nseg++] = "segment";
	*first = optind;
}

/* ---- event names ---- */

static uint64_t
strhash(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;

	while (len-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void
events_index(struct run *g)
{
	size_t k, i;

	for (g->evcap = 16; g->evcap < 4 * g->nstep; g->evcap *= 2)
		;
	g->ev = xcalloc(g->evcap, sizeof(*g->ev));
	for (k = 0; k < g->nstep; k++) {
		const char *name = g->j->step[k].event;
		size_t len = strlen(name);

		i = strhash(name, len) & (g->evcap - 1);
		while (g->ev[i].name != NULL)
			i = (i + 1) & (g->evcap - 1);
		g->ev[i].name = name;
		g->ev[i].len = len;
		g->ev[i].step = (unsigned)k;
	}
}

/* The step of event s, or -1 when it is not a step's. */
static int
event_step(const struct run *g, const char *s, size_t len)
{
	size_t i;

	for (i = strhash(s, len) & (g->evcap - 1); g->ev[i].name != NULL;
	    i = (i + 1) & (g->evcap - 1))
		if (g->ev[i].len == len && memcmp(g->ev[i].name, s, len) == 0)
			return (int)g->ev[i].step;
	return -1;
}

/* ---- rejects ---- */

/* The decoder's mark (DECODE_BAD, DECODE_NUL) in s, or 0. */
static int
mark_of(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == DECODE_BAD || s[i] == DECODE_NUL)
			return s[i];
	return 0;
}

static void
reject(struct run *g, unsigned long line, int col, const char *value,
    const char *why)
{
	size_t k, i, n;
	char lb[32], *v = NULL;
	const char *cname = col >= 0 ? hdr_name(g->h, (size_t)col) : "";

	/* marks shown as U+FFFD */
	if (mark_of(value, n = strlen(value)) != 0) {
		v = xmalloc(3 * n + 1);
		for (i = k = 0; i < n; i++)
			if (value[i] == DECODE_BAD || value[i] == DECODE_NUL) {
				memcpy(v + k, "\xEF\xBF\xBD", 3);
				k += 3;
			} else
				v[k++] = value[i];
		v[k] = '\0';
		value = v;
	}

	for (k = 0; k < NREASON - 1; k++)
		if (strncmp(why, reasons[k], strlen(reasons[k])) == 0)
			break;
	g->c.rej[k]++;
	if (g->o->strict && col >= 0)
		die_at(&(struct loc){ g->path, line }, "column '%s': %s: '%s' "
		    "(--strict)", cname, why, value);
	if (g->o->strict)
		die_at(&(struct loc){ g->path, line }, "%s (--strict)", why);
	if (g->rej != NULL) {
		snprintf(lb, sizeof(lb), "%lu", line);
		csvw_field(&g->rw, g->fname);
		csvw_field(&g->rw, lb);
		csvw_field(&g->rw, cname);
		csvw_field(&g->rw, value);
		csvw_field(&g->rw, why);
		csvw_end(&g->rw);
	}
	free(v);
}

/* ---- times ---- */

/* The last microsecond lib/when and period_* know: 9999-12-31T23:59:59. */
#define US_MAX	253402300799999999LL

/*
 * An epoch time: digits, optionally a fraction.  0 and *us; -1 with *why
 * when it is a number but no time; 1 when s is not a plain number.
 */
static int
epoch(const struct run *g, const char *s, long long *us, const char **why)
{
	const char *p = s, *frac = NULL;
	long long n = 0, mult, f = 0, m;
	size_t nd = 0;
	enum tunit u = g->o->tunit;

	for (; *p >= '0' && *p <= '9'; p++, nd++)
		if (nd < 18)		/* more is an error below */
			n = n * 10 + (*p - '0');
	if (nd == 0)
		return 1;
	if (*p == '.') {
		frac = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p == frac)
			return 1;
	}
	if (*p != '\0')
		return 1;
	if (nd > 18) {
		*why = "invalid time: epoch number too large";
		return -1;
	}
	if (u == TU_AUTO) {
		if (n < 100000000LL) {
			*why = "invalid time: epoch number too small for "
			    "seconds after 1973 (--time-unit s reads it)";
			return -1;
		}
		u = n < 100000000000LL ? TU_S : n < 100000000000000LL ?
		    TU_MS : TU_US;
	}
	mult = u == TU_S ? 1000000 : u == TU_MS ? 1000 : 1;
	if (n > US_MAX / mult) {
		*why = "invalid time: epoch number after the year 9999";
		return -1;
	}
	for (m = mult / 10; frac != NULL && m > 0 && *frac != '\0'; frac++,
	    m /= 10)
		f += (*frac - '0') * m;
	*us = n * mult + f;
	return 0;
}

/*
 * The time of a row: 0 and *us; -1 with *why; 1 when it must wait for
 * the file's day/month order.
 */
static int
read_time(struct run *g, const char *s, long long *us, const char **why)
{
	enum when_order st;
	int rc, amb;

	if ((rc = epoch(g, s, us, why)) <= 0)
		return rc;
	if (strlen(s) > 128) {
		*why = "invalid time: too long";
		return -1;
	}
	if (g->order == WHEN_UNKNOWN && (st = when_settles(s)) !=
	    WHEN_UNKNOWN)
		g->order = st;	/* the spool is flushed by the caller */
	if (when_parse_us(s, g->order, us, &amb) != 0) {
		*why = "invalid time";
		return -1;
	}
	return g->order == WHEN_UNKNOWN && amb ? 1 : 0;
}

/* ---- rows ---- */

/* A step event with its time known: to the rule, or counted out. */
static void
use(struct run *g, const char *id, size_t idlen, unsigned step,
    long long us, const char *seg, size_t seglen, unsigned long line)
{
	const struct opts *o = g->o;
	unsigned sg = g->noseg;

	if (step == 0 ? us < o->since || us > o->until :
	    us < o->since || (o->until != LLONG_MAX &&
	    us > o->until + o->window)) {
		g->c.outside++;
		return;
	}
	if (step == 0 && o->by_segment)
		sg = funnel_segment(g->f, seg, seglen);
	if (funnel_add(g->f, id, idlen, step, us, sg) != 0)
		die_at(&(struct loc){ g->path, line }, "too many customers or "
		    "events held for one customer (limits of lib/funnel)");
	g->c.used++;
	g->seen[step]++;
	if (us > g->tmax)
		g->tmax = us;
}

static size_t
spool_put(struct spool *sp, const char *s, size_t len)
{
	size_t off = sp->alen;

	while (sp->alen + len + 1 > sp->acap) {
		sp->acap = sp->acap ? sp->acap * 2 : 4096;
		sp->a = xreallocarray(sp->a, sp->acap, 1);
	}
	memcpy(sp->a + sp->alen, s, len);
	sp->a[sp->alen + len] = '\0';
	sp->alen += len + 1;
	return off;
}

/* The held rows, their times read in the now settled order. */
static void
spool_flush(struct run *g, const char *why)
{
	struct spool *sp = &g->sp;
	const struct held *x;
	long long us;
	size_t i;

	if (sp->n == 0)
		return;
	if (why != NULL)
		warn_at(&(struct loc){ g->path, 0 }, "day/month order of dates "
		    "not settled by the data%s (e.g. '%s'): read as "
		    "month/day; use --date-order dmy if wrong", why,
		    sp->example);
	for (i = 0; i < sp->n; i++) {
		x = &sp->h[i];
		if (when_parse_us(sp->a + x->time, g->order, &us, NULL) != 0)
			die("internal error: a held date no longer parses");
		use(g, sp->a + x->id, strlen(sp->a + x->id), x->step, us,
		    sp->a + x->seg, strlen(sp->a + x->seg), x->line);
	}
	sp->n = sp->alen = 0;
}

static void
spool_hold(struct run *g, const char *id, size_t idlen, unsigned step,
    const char *time, const char *seg, size_t seglen, unsigned long line)
{
	struct spool *sp = &g->sp;
	struct held *x;

	if (!sp->seen) {
		sp->seen = 1;
		free(sp->example);
		sp->example = xstrdup(time);
	}
	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? sp->cap * 2 : 256;
		sp->h = xreallocarray(sp->h, sp->cap, sizeof(*sp->h));
	}
	x = &sp->h[sp->n++];
	x->id = spool_put(sp, id, idlen);
	x->time = spool_put(sp, time, strlen(time));
	x->seg = spool_put(sp, seg, seglen);
	x->step = step;
	x->line = line;
	if (sp->n >= SPOOL_MAX) {
		g->order = WHEN_MDY;
		spool_flush(g, " in the first 50000 ambiguous rows");
	}
}

/* A field without surrounding spaces and tabs: start and length. */
static const char *
trim(const char *s, size_t len, size_t *outlen)
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	*outlen = len;
	return s;
}

/* The row's segment: its segment fields joined with " / ". */
static const char *
segment(struct run *g, size_t *len)
{
	const char *s;
	size_t n, l, k;

	for (n = 0, k = 0; k < (size_t)g->o->nseg; k++) {
		s = csvr_field(g->r, (size_t)g->cseg[k], &l);
		s = trim(s, l, &l);
		if (n + l + 4 > g->segcap) {
			g->segcap = (n + l + 4) * 2;
			g->segbuf = xreallocarray(g->segbuf, g->segcap, 1);
		}
		if (k > 0) {
			memcpy(g->segbuf + n, " / ", 3);
			n += 3;
		}
		memcpy(g->segbuf + n, s, l);
		n += l;
	}
	*len = n;
	return n > 0 ? g->segbuf : "";
}

/* Rejects the row when a cell it uses holds a decoder mark: 1, else 0. */
static int
marked(struct run *g, unsigned long line)
{
	int col[3 + MAXSEG], n = 0, k, m;
	const char *s;
	size_t len;

	col[n++] = g->cevent;
	col[n++] = g->cid;
	col[n++] = g->ctime;
	for (k = 0; k < g->o->nseg; k++)
		col[n++] = g->cseg[k];
	for (k = 0; k < n; k++) {
		s = csvr_field(g->r, (size_t)col[k], &len);
		if ((m = mark_of(s, len)) != 0) {
			reject(g, line, col[k], s, m == DECODE_NUL ?
			    "NUL character" : "invalid UTF-8");
			return 1;
		}
	}
	return 0;
}

static void
row(struct run *g)
{
	struct csvr *r = g->r;
	unsigned long line = csvr_loc(r)->line;
	const char *ev, *id, *tm, *seg = "", *why;
	size_t evlen, idlen, tmlen, seglen = 0, len;
	long long us;
	int step, rc;
	char *tbuf;

	g->c.rows++;
	if (csvr_nfields(r) != g->nf) {
		char msg[96];
		const char *raw = csvr_raw(r, &len);

		snprintf(msg, sizeof(msg), "ragged record: %zu fields, header "
		    "has %zu", csvr_nfields(r), g->nf);
		tbuf = xstrndup(raw, strcspn(raw, "\r\n"));
		reject(g, line, -1, tbuf, msg);
		free(tbuf);
		return;
	}
	ev = csvr_field(r, (size_t)g->cevent, &evlen);
	ev = trim(ev, evlen, &evlen);
	if (evlen == 0) {
		reject(g, line, g->cevent, "", "no event name");
		return;
	}
	if ((step = event_step(g, ev, evlen)) < 0) {
		g->c.other++;
		return;
	}
	/* A cell the decoder marked (an invalid byte, a NUL): only when
	 * there is one in the file so far, which is rare. */
	if ((g->info.invalid_utf8 > 0 || g->info.nul > 0) && marked(g, line))
		return;
	id = csvr_field(r, (size_t)g->cid, &idlen);
	id = trim(id, idlen, &idlen);
	if (idlen == 0) {
		reject(g, line, g->cid, "", "no customer id");
		return;
	}
	tm = csvr_field(r, (size_t)g->ctime, &tmlen);
	tm = trim(tm, tmlen, &tmlen);
	if (tmlen == 0) {
		reject(g, line, g->ctime, "", "no time");
		return;
	}
	if (step == 0 && g->o->by_segment)
		seg = segment(g, &seglen);
	/* trimmed: a copy only when there was something to trim */
	tbuf = tm[tmlen] != '\0' ? xstrndup(tm, tmlen) : NULL;
	rc = read_time(g, tbuf != NULL ? tbuf : tm, &us, &why);
	if (rc < 0)
		reject(g, line, g->ctime, tbuf != NULL ? tbuf : tm, why);
	else {
		if (g->sp.n > 0 && g->order != WHEN_UNKNOWN)
			spool_flush(g, NULL);
		if (rc == 0)
			use(g, id, idlen, (unsigned)step, us, seg, seglen,
			    line);
		else
			spool_hold(g, id, idlen, (unsigned)step,
			    tbuf != NULL ? tbuf : tm, seg, seglen, line);
	}
	free(tbuf);
}

/* ---- columns ---- */

static const char *const id_names[] = { "user_pseudo_id", "distinct_id",
	"customer_id", "user_id", "visitor_id", "client_id", "id", NULL };
static const char *const time_names[] = { "event_timestamp", "time",
	"timestamp", "event_time", "datetime", "date", NULL };
static const char *const event_names[] = { "event_name", "event",
	"event_type", NULL };

/* A column named exactly name (the user's), or -1. */
static int
named(const struct hdr *h, const char *name)
{
	return hdr_find(h, name);
}

/* The first of the names found (ASCII case and spaces around ignored). */
static int
detect(const struct hdr *h, const char *const *names)
{
	size_t i, n, len;
	const char *s;
	int k;

	for (k = 0; names[k] != NULL; k++)
		for (i = 0, n = hdr_n(h); i < n; i++) {
			s = trim(hdr_name(h, i), strlen(hdr_name(h, i)), &len);
			if (len == strlen(names[k]) &&
			    strncasecmp(s, names[k], len) == 0)
				return (int)i;
		}
	return -1;
}

static void
list(char *buf, size_t sz, const char *const *names)
{
	size_t n = 0;
	int k;

	buf[0] = '\0';
	for (k = 0; names[k] != NULL && n < sz; k++)
		n += (size_t)snprintf(buf + n, sz - n, "%s%s", k ? ", " : "",
		    names[k]);
}

static int
column(struct run *g, const char *opt, const char *name,
    const char *const *names, const char *what)
{
	int c;
	char buf[256];

	if (name != NULL) {
		if ((c = named(g->h, name)) < 0)
			die_at(&(struct loc){ g->path, 1 }, "unknown column "
			    "'%s' (%s)", name, opt);
		return c;
	}
	if ((c = detect(g->h, names)) < 0) {
		list(buf, sizeof(buf), names);
		die_at(&(struct loc){ g->path, 1 }, "no %s column (none of "
		    "%s): name it with %s", what, buf, opt);
	}
	return c;
}

static const char *
platform(const struct run *g)
{
	const char *a = hdr_name(g->h, (size_t)g->cid);
	const char *b = hdr_name(g->h, (size_t)g->ctime);
	const char *c = hdr_name(g->h, (size_t)g->cevent);

	if (strcmp(a, "user_pseudo_id") == 0 &&
	    strcmp(b, "event_timestamp") == 0 && strcmp(c, "event_name") == 0)
		return "ga4";
	if (strcmp(a, "distinct_id") == 0 && strcmp(b, "time") == 0 &&
	    strcmp(c, "event") == 0)
		return "mixpanel";
	return "generic";
}

/* ---- summary ---- */

#define PL(n) ((n) == 1 ? "" : "s")

static void
summary(const char *who, const struct counts *c)
{
	unsigned long r = 0;
	size_t k;
	int first;

	for (k = 0; k < NREASON; k++)
		r += c->rej[k];
	fprintf(stderr, "%s: %s: %lu row%s, %lu step event%s, %lu other "
	    "event%s, ", progname, who, c->rows, PL(c->rows), c->used,
	    PL(c->used), c->other, PL(c->other));
	if (c->outside > 0)
		fprintf(stderr, "%lu outside --since/--until, ", c->outside);
	fprintf(stderr, "%lu rejected", r);
	for (k = 0, first = 1; k < NREASON; k++)
		if (c->rej[k] > 0) {
			fprintf(stderr, "%s%s %lu", first ? " (" : ", ",
			    reasons[k], c->rej[k]);
			first = 0;
		}
	fprintf(stderr, "%s\n", first ? "" : ")");
}

static void
add_counts(struct counts *t, const struct counts *c)
{
	size_t k;

	t->rows += c->rows;
	t->used += c->used;
	t->other += c->other;
	t->outside += c->outside;
	for (k = 0; k < NREASON; k++)
		t->rej[k] += c->rej[k];
}

/* ---- one file ---- */

static struct run g;	/* static: what die() leaves stays reachable */

static void
read_file(struct run *gr, const char *path)
{
	struct decode_opts dopt = { gr->o->enc, gr->o->delim, 1, NULL, NULL };
	struct decode_info *ip = &gr->info;
	const char *msg;
	char *raw;
	int rc, k;

	gr->path = path;
	gr->fname = err_fname(path);
	memset(&gr->c, 0, sizeof(gr->c));
	memset(ip, 0, sizeof(*ip));
	if ((gr->fp = decode_open_ex(path, &dopt, ip)) == NULL)
		die_sys("%s", gr->fname);
	gr->r = csvr_new(gr->fp, path);
	csvr_set_delim(gr->r, (unsigned char)ip->delim);
	csvr_set_keep_raw(gr->r, 1);
	if ((rc = csvr_next(gr->r)) != 1)
		die_at(&(struct loc){ path, rc < 0 ? csvr_loc(gr->r)->line :
		    0 }, "%s", rc < 0 ? csvr_strerror(gr->r) :
		    "missing header record (empty input)");
	gr->h = hdr_new(gr->r);
	gr->nf = hdr_n(gr->h);
	gr->cid = column(gr, "--id", gr->o->id, id_names, "customer id");
	gr->ctime = column(gr, "--time", gr->o->time, time_names, "time");
	gr->cevent = column(gr, "--event", gr->o->event, event_names,
	    "event name");
	for (k = 0; k < gr->o->nseg; k++)
		if ((gr->cseg[k] = named(gr->h, gr->o->seg[k])) < 0)
			die_at(&(struct loc){ path, 1 }, "unknown column "
			    "'%s' (--segment%s)", gr->o->seg[k],
			    gr->o->nseg == 1 && strcmp(gr->o->seg[0],
			    "segment") == 0 ? "; --by segment reads the "
			    "column 'segment' unless --segment names one" :
			    "");
	gr->order = gr->o->order;
	gr->sp.seen = 0;
	if (!gr->o->quiet) {
		fprintf(stderr, "%s: %s: %s%s, %s%s%s, delimiter %s, id %s, "
		    "time %s, event %s", progname, gr->fname, platform(gr),
		    strcmp(platform(gr), "generic") != 0 ? " (detected)" : "",
		    decode_enc_name(ip->enc), ip->bom ? " with BOM" : "",
		    ip->bare_cr ? ", bare CR line ends" : "",
		    ip->delim == '\t' ? "tab" :
		    (char[]){ '\'', ip->delim, '\'', 0 },
		    hdr_name(gr->h, (size_t)gr->cid),
		    hdr_name(gr->h, (size_t)gr->ctime),
		    hdr_name(gr->h, (size_t)gr->cevent));
		for (k = 0; k < gr->o->nseg; k++)
			fprintf(stderr, "%s%s", k ? " / " : ", segment ",
			    hdr_name(gr->h, (size_t)gr->cseg[k]));
		fputc('\n', stderr);
	}
	if (ip->fallback)
		warn_at(&(struct loc){ path, 0 }, "not valid UTF-8: read as "
		    "%s (use --encoding to choose)", decode_enc_name(ip->enc));
	while ((rc = csvr_next(gr->r)) != 0) {
		if (rc < 0) {
			if (csvr_ioerror(gr->r))
				die_at(&(struct loc){ path, 0 }, "read error: "
				    "%s", csvr_strerror(gr->r));
			gr->c.rows++;
			msg = csvr_strerror(gr->r);
			raw = xstrndup(csvr_raw(gr->r, NULL),
			    strcspn(csvr_raw(gr->r, NULL), "\r\n"));
			reject(gr, csvr_loc(gr->r)->line, -1, raw, msg);
			free(raw);
			continue;
		}
		row(gr);
	}
	if (gr->sp.n > 0) {
		gr->order = WHEN_MDY;
		spool_flush(gr, "");
	}
	if (ip->switch_line > 0)
		warn_at(&(struct loc){ path, ip->switch_line }, "not valid "
		    "UTF-8 from here: read as %s (all before was ASCII; use "
		    "--encoding to choose)", decode_enc_name(ip->enc));
	if (ip->invalid_utf8 > 0)
		warn_at(&(struct loc){ path, ip->invalid_line },
		    "invalid UTF-8: %lu sequence%s (a row holding one in a "
		    "cell it needs is rejected; is it another --encoding?)",
		    ip->invalid_utf8, PL(ip->invalid_utf8));
	if (ip->nul > 0)
		warn_at(&(struct loc){ path, 0 }, "%lu NUL character%s (a row "
		    "holding one in a cell it needs is rejected)", ip->nul,
		    PL(ip->nul));
	csvr_free(gr->r);
	gr->r = NULL;
	hdr_free(gr->h);
	gr->h = NULL;
	if (fclose(gr->fp) != 0) {
		gr->fp = NULL;
		die_sys("%s", gr->fname);
	}
	gr->fp = NULL;
	if (!gr->o->quiet)
		summary(gr->fname, &gr->c);
	add_counts(&gr->tot, &gr->c);
}

/* ---- the table ---- */

struct dvec {
	long long	*v;
	size_t		 n, cap;
};

struct group {
	unsigned	 seg;
	char		 period[16];
	unsigned long long *reached;	/* per step */
	struct dvec	*dur;		/* per step: time from the one before */
};

struct agg {
	struct run	*g;
	struct group	*gr;
	size_t		 n, cap;
	size_t		*slot;		/* group + 1; 0 empty */
	size_t		 scap;
	unsigned long	 nostart;	/* customers without a step-1 event */
	unsigned long	 started;
	unsigned long	 open;		/* window still open at tmax */
};

static size_t
group_hash(unsigned seg, const char *period)
{
	return (size_t)(strhash(period, strlen(period)) ^ (seg *
	    0x9e3779b97f4a7c15ULL));
}

static struct group *
group_get(struct agg *a, unsigned seg, const char *period)
{
	size_t i, k, *old, oldcap;
	struct group *x;

	if (2 * (a->n + 1) > a->scap) {
		old = a->slot;
		oldcap = a->scap;
		a->scap = a->scap ? a->scap * 2 : 64;
		a->slot = xcalloc(a->scap, sizeof(*a->slot));
		for (i = 0; i < oldcap; i++)
			if (old[i] != 0) {
				x = &a->gr[old[i] - 1];
				k = group_hash(x->seg, x->period) &
				    (a->scap - 1);
				while (a->slot[k] != 0)
					k = (k + 1) & (a->scap - 1);
				a->slot[k] = old[i];
			}
		free(old);
	}
	for (k = group_hash(seg, period) & (a->scap - 1); a->slot[k] != 0;
	    k = (k + 1) & (a->scap - 1)) {
		x = &a->gr[a->slot[k] - 1];
		if (x->seg == seg && strcmp(x->period, period) == 0)
			return x;
	}
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 16;
		a->gr = xreallocarray(a->gr, a->cap, sizeof(*a->gr));
	}
	x = &a->gr[a->n];
	x->seg = seg;
	snprintf(x->period, sizeof(x->period), "%s", period);
	x->reached = xcalloc(a->g->nstep, sizeof(*x->reached));
	x->dur = xcalloc(a->g->nstep, sizeof(*x->dur));
	a->slot[k] = ++a->n;
	return x;
}

static void
tally(void *arg, const struct funnel_path *p)
{
	struct agg *a = arg;
	struct group *x;
	struct period_time t;
	struct dvec *d;
	char label[16] = "";
	unsigned k;

	if (p->reached == 0) {
		a->nostart++;
		return;
	}
	a->started++;
	if (p->t[0] + a->g->o->window > a->g->tmax)
		a->open++;
	if (a->g->o->unit != PERIOD_NONE) {
		period_from_us(p->t[0], &t, NULL);
		period_label(&t, a->g->o->unit, label);
	}
	x = group_get(a, p->seg, label);
	for (k = 0; k < p->reached; k++) {
		x->reached[k]++;
		if (k == 0)
			continue;
		d = &x->dur[k];
		if (d->n == d->cap) {
			d->cap = d->cap ? d->cap * 2 : 16;
			d->v = xreallocarray(d->v, d->cap, sizeof(*d->v));
		}
		d->v[d->n++] = p->t[k] - p->t[k - 1];
	}
}

static const struct funnel *sortf;

static int
cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	int c;

	if ((c = strcmp(funnel_segment_name(sortf, x->seg),
	    funnel_segment_name(sortf, y->seg))) != 0)
		return c;
	return strcmp(x->period, y->period);
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* The median of v in seconds (v sorted here); NAN when empty. */
static double
median_s(struct dvec *d)
{
	if (d->n == 0)
		return NAN;
	qsort(d->v, d->n, sizeof(*d->v), cmp_ll);
	if (d->n % 2)
		return (double)d->v[d->n / 2] / 1e6;
	return ((double)d->v[d->n / 2 - 1] + (double)d->v[d->n / 2]) / 2e6;
}

/* 100 x / n and its interval; NAN when n = 0. */
static void
pct(const struct opts *o, double x, double n, double *v, double *lo,
    double *hi)
{
	*v = *lo = *hi = NAN;
	if (n <= 0)
		return;
	*v = 100 * x / n;
	if (stat_prop_ci(x, n, o->k.level, o->k.prop, lo, hi) == 0) {
		*lo *= 100;
		*hi *= 100;
	} else
		*lo = *hi = NAN;
}

static void
write_table(struct run *gr, struct agg *a)
{
	const struct opts *o = gr->o;
	const struct journey_row *jr;
	struct group *x;
	struct csvw w;
	double v, lo, hi;
	size_t i;
	unsigned k;
	char buf[32];

	sortf = gr->f;
	if (a->n > 0)
		qsort(a->gr, a->n, sizeof(*a->gr), cmp_group);
	csvw_init(&w, stdout);
	for (k = 0; k < FT_NCOL; k++)
		csvw_field(&w, ftab_names[k]);
	csvw_end(&w);
	for (i = 0; i < a->n; i++) {
		x = &a->gr[i];
		for (k = 0; k < gr->nstep; k++) {
			jr = &gr->j->row[gr->j->step[k].row];
			csvw_long(&w, jr->step);
			csvw_field(&w, jr->stage);
			csvw_field(&w, jr->touchpoint);
			csvw_field(&w, jr->channel);
			csvw_field(&w, gr->j->step[k].event);
			csvw_field(&w, funnel_segment_name(gr->f, x->seg));
			csvw_field(&w, x->period);
			csvw_long(&w, (long long)x->reached[k]);
			if (k == 0)
				csvw_field(&w, NULL);
			else
				csvw_long(&w, (long long)(x->reached[k - 1] -
				    x->reached[k]));
			if (k == 0)
				v = lo = hi = NAN;
			else
				pct(o, (double)x->reached[k],
				    (double)x->reached[k - 1], &v, &lo, &hi);
			csvw_num(&w, v, 6);
			csvw_num(&w, lo, 6);
			csvw_num(&w, hi, 6);
			if (k == 0)
				v = 100, lo = hi = NAN;
			else
				pct(o, (double)x->reached[k],
				    (double)x->reached[0], &v, &lo, &hi);
			csvw_num(&w, v, 6);
			csvw_num(&w, lo, 6);
			csvw_num(&w, hi, 6);
			csvw_num(&w, k == 0 ? NAN : median_s(&x->dur[k]), 6);
			csvw_field(&w, stat_prop_method_name(o->k.prop));
			csvw_field(&w, num_fmt(buf, sizeof(buf), o->k.level,
			    6));
			csvw_end(&w);
		}
	}
}

static struct journey *
load_journey(const char *path)
{
	struct journey *j;
	unsigned long line;
	char errbuf[512];

	if ((j = journey_load(path, &line, errbuf, sizeof(errbuf))) == NULL)
		die_at(&(struct loc){ path, line }, "%s", errbuf);
	return j;
}

static void
cleanup(void)
{
	if (g.fp != NULL)
		fclose(g.fp);
	g.fp = NULL;
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct agg a;
	struct journey *j;
	struct period_time pt;
	char iso[32], more[80];
	int first, i;
	size_t k;

	err_init(argv[0]);
	err_std_options(argc, argv, HELP);
	parse_args(argc, argv, &o, &first);
	atexit(cleanup);
	g.o = &o;
	j = g.j = load_journey(o.journey);
	if (j->nstep == 0)
		die_at(&(struct loc){ o.journey, 0 }, "no funnel: no touchpoint "
		    "has an event (add an 'event' column naming the event "
		    "that marks each step)");
	if (j->nstep > FUNNEL_MAXSTEP)
		die_at(&(struct loc){ o.journey, 0 }, "%zu funnel steps: at "
		    "most %d", j->nstep, FUNNEL_MAXSTEP);
	g.nstep = (unsigned)j->nstep;
	g.f = funnel_new(g.nstep, o.window);
	g.noseg = funnel_segment(g.f, "", 0);
	g.seen = xcalloc(g.nstep, sizeof(*g.seen));
	g.tmax = LLONG_MIN;
	events_index(&g);
	if (o.rejects != NULL) {
		if ((g.rej = fopen(o.rejects, "w")) == NULL)
			die_sys("%s", o.rejects);
		csvw_init(&g.rw, g.rej);
		csvw_row(&g.rw, (const char *const[]){ "file", "line",
		    "column", "value", "reason", NULL });
	}
	if (first == argc)
		read_file(&g, "-");
	for (i = first; i < argc; i++)
		read_file(&g, argv[i]);
	if (!o.quiet && argc - first > 1)
		summary("total", &g.tot);
	if (g.rej != NULL && (fflush(g.rej) != 0 || ferror(g.rej) ||
	    fclose(g.rej) != 0))
		die_at(&(struct loc){ o.rejects, 0 }, "write error: %s",
		    strerror(errno));
	for (k = 0; k < g.nstep; k++)
		if (g.seen[k] == 0)
			warn_at(&(struct loc){ o.journey,
			    j->row[j->step[k].row].line }, "no '%s' event in "
			    "the data (step %zu, %s/%s)%s", j->step[k].event,
			    k + 1, j->row[j->step[k].row].stage,
			    j->row[j->step[k].row].touchpoint, g.c.rows > 0 ||
			    g.tot.rows > 0 ? "" : ": no rows at all");

	memset(&a, 0, sizeof(a));
	a.g = &g;
	funnel_each(g.f, tally, &a);
	if (!o.quiet) {
		/* through warnx_: the event name comes from the journey
		 * file, its control characters made visible (a raw \x06
		 * reached the terminal: found by fz_cjm-funnel) */
		snprintf(more, sizeof(more), ", %lu only with later steps (not "
		    "counted)", a.nostart);
		warnx_("%zu customer%s, %lu reached step 1 (%s)%s",
		    (size_t)(a.started + a.nostart), PL(a.started + a.nostart),
		    a.started, j->step[0].event, a.nostart > 0 ? more : "");
		if (a.open > 0) {
			period_from_us(g.tmax, &pt, NULL);
			snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:"
			    "%02d", pt.y, pt.mon, pt.d, pt.h, pt.min, pt.s);
			warnx_("note: %lu customer%s started less than --window "
			    "(%s) before the last step event (%s): later steps "
			    "may still come", a.open, PL(a.open), o.window_s,
			    iso);
		}
	}
	write_table(&g, &a);
	for (k = 0; k < a.n; k++) {
		for (i = 0; i < (int)g.nstep; i++)
			free(a.gr[k].dur[i].v);
		free(a.gr[k].dur);
		free(a.gr[k].reached);
	}
	free(a.gr);
	free(a.slot);
	free(g.ev);
	free(g.seen);
	free(g.segbuf);
	free(g.sp.h);
	free(g.sp.a);
	free(g.sp.example);
	funnel_free(g.f);
	journey_free(j);
	return close_stdout(0);
}
