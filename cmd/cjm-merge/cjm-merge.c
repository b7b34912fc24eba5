/*
 * cjm-merge -- add up KPI tables computed on shards of the data.
 *
 * Reads KPI tables (docs/formats.md section 3), full or --partial, adds
 * the sufficient statistics c0..c10, w0..w10, q0..q10 of rows with the
 * same group key, and recomputes every other column, so that the output
 * is the table cjm-kpi would have written from all the data in one pass
 * (the same bytes, given the same options and sums that are exact in
 * floating point; see docs/scale-out.md).  Journey rows are recomputed
 * from the group rows.
 *
 * --by, --period, --since and --until make coarser tables from fine
 * ones: rows grouped by fewer keys (their sums added), day rows put into
 * their week, month or quarter, days outside a window left out.  So one
 * cjm-kpi --partial pass by touchpoint, segment and day gives every
 * table of a report (cjm-nightly).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "csvw.h"
#include "err.h"
#include "kmerge.h"
#include "kpi.h"
#include "num.h"
#include "period.h"
#include "tbl.h"

#define SYNOPSIS "cjm-merge [--by keys] [--period unit] [--since date] " \
	"[--until date] [--journey] [--level p] [--nps-ci method] " \
	"[--prop-ci method] [--min-n n] [--partial] [-j journey.csv] " \
	"[kpi.csv ...]"

static const char help[] =
"usage: " SYNOPSIS "\n"
"Merge KPI tables computed on shards into the table of all the data.\n"
"\n"
"  -b, --by KEYS        group by these keys only (comma list of stage,\n"
"                       touchpoint, channel, segment, period; touchpoint\n"
"                       carries its stage and channel); default: all\n"
"  -p, --period UNIT    put day rows into their week, month or quarter\n"
"                       (and group by period)\n"
"      --since DATE     leave out day rows before DATE (YYYY-MM-DD)\n"
"      --until DATE     leave out day rows after DATE\n"
"      --journey        add journey rows (also done when an input has them)\n"
"  -l, --level P        confidence level (default 0.95)\n"
"      --nps-ci M       adjusted-wald (default), wald, score\n"
"      --prop-ci M      wilson (default), agresti-coull, clopper-pearson,\n"
"                       jeffreys\n"
"      --min-n N        low_base below N answers (default 30)\n"
"      --partial        keys, n and c/w/q only\n"
"  -j, --targets FILE   targets from this journey file, not the inputs\n"
"      --help, --version\n"
"Use the options the shards' full table should have: intervals are\n"
"recomputed, never copied.\n";

struct opts {
	struct kpi_opts	 k;
	int		 journey;
	const char	*targets;
	int		 keyed[KPI_NKEY];	/* --by: keep this key */
	enum period_unit unit;			/* --period */
	long long	 since, until;		/* -1: none */
};

/* --by: which keys of a row stay (as cjm-kpi --by). */
static void
parse_by(const char *s, int keyed[KPI_NKEY])
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
			break;
		s = e + 1;
	}
	/* Grouped by touchpoint, a row also carries its stage and channel. */
	keyed[KPI_STAGE] = (by & 3) != 0;
	keyed[KPI_TOUCHPOINT] = (by & 2) != 0;
	keyed[KPI_CHANNEL] = (by & 6) != 0;
	keyed[KPI_SEGMENT] = (by & 8) != 0;
	keyed[KPI_PERIOD] = (by & 16) != 0;
}

static long long
parse_date_opt(const char *name, const char *s)
{
	struct period_time t;
	int has_time;

	if (period_parse(s, 1, &t, &has_time) != 0 || has_time) {
		warnx_("%s: bad date '%s' (YYYY-MM-DD)", name, s);
		die_usage(SYNOPSIS);
	}
	return period_key(&t);
}

static void
parse_args(int argc, char **argv, struct opts *o, int *first)
{
	enum { O_JOURNEY = 256, O_PARTIAL, O_SINCE, O_UNTIL };
	static const struct option lo[] = {
		{"by", required_argument, NULL, 'b'},
		{"period", required_argument, NULL, 'p'},
		{"since", required_argument, NULL, O_SINCE},
		{"until", required_argument, NULL, O_UNTIL},
		{"journey", no_argument, NULL, O_JOURNEY},
		{"level", required_argument, NULL, KPI_OPT_LEVEL},
		{"min-n", required_argument, NULL, KPI_OPT_MIN_N},
		{"nps-ci", required_argument, NULL, KPI_OPT_NPS_CI},
		{"partial", no_argument, NULL, O_PARTIAL},
		{"prop-ci", required_argument, NULL, KPI_OPT_PROP_CI},
		{"targets", required_argument, NULL, 'j'},
		{NULL, 0, NULL, 0}
	};
	char err[1024];
	int ch;

	int k, v;

	memset(o, 0, sizeof(*o));
	kpi_opts_init(&o->k);
	for (k = 0; k < KPI_NKEY; k++)
		o->keyed[k] = 1;
	o->since = o->until = -1;
	while ((ch = getopt_long(argc, argv, "b:j:l:p:", lo, NULL)) != -1) {
		switch (ch) {
		case 'b':
			parse_by(optarg, o->keyed);
			break;
		case 'p':
			if ((v = period_unit_parse(optarg)) < 0) {
				warnx_("unknown --period '%s' (day, week, "
				    "month, quarter)", optarg);
				die_usage(SYNOPSIS);
			}
			o->unit = (enum period_unit)v;
			break;
		case O_SINCE:
			o->since = parse_date_opt("--since", optarg);
			break;
		case O_UNTIL:
			o->until = parse_date_opt("--until", optarg);
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
		case O_JOURNEY:
			o->journey = 1;
			break;
		case O_PARTIAL:
			o->k.partial = 1;
			break;
		default:
			die_usage(SYNOPSIS);
		}
	}
	if (o->unit != PERIOD_NONE)
		o->keyed[KPI_PERIOD] = 1;	/* as cjm-kpi --period */
	*first = optind;
}

/*
 * --period, --since, --until, --by: the row's keys as the output groups
 * them.  Returns 0, 1 when the row's day is outside the window, -1 when
 * the row's period is not a day (with a message in err).
 */
static int
reshape(void *arg, struct kpi_in *in, char lab[16], char *err, size_t errsz)
{
	const struct opts *o = arg;
	struct period_time t;
	char day[11];
	long long key;
	int k;

	if (o->unit != PERIOD_NONE || o->since >= 0 || o->until >= 0) {
		if (in->len[KPI_PERIOD] == 0) {
			snprintf(err, errsz, "a row without a period "
			    "(--period, --since and --until read day rows: "
			    "cjm-kpi --period day)");
			return -1;
		}
		if (in->len[KPI_PERIOD] != 10) {
			snprintf(err, errsz, "period '%.*s' is not a day "
			    "(--period, --since and --until read day rows: "
			    "cjm-kpi --period day)",
			    (int)in->len[KPI_PERIOD], in->key[KPI_PERIOD]);
			return -1;
		}
		memcpy(day, in->key[KPI_PERIOD], 10);
		day[10] = '\0';
		if (period_parse(day, 1, &t, NULL) != 0) {
			snprintf(err, errsz, "period '%s' is not a day "
			    "(--period, --since and --until read day rows: "
			    "cjm-kpi --period day)", day);
			return -1;
		}
		key = period_key(&t);
		if ((o->since >= 0 && key < o->since) ||
		    (o->until >= 0 && key > o->until))
			return 1;
		if (o->unit != PERIOD_NONE) {
			in->len[KPI_PERIOD] = period_label(&t, o->unit, lab);
			in->key[KPI_PERIOD] = lab;
		}
	}
	for (k = 0; k < KPI_NKEY; k++)
		if (!o->keyed[k]) {
			in->key[k] = "";
			in->len[k] = 0;
		}
	return 0;
}

static void
read_file(struct kmerge *m, const char *path)
{
	struct tbl t;
	char err[160];
	int rc;

	if ((rc = tbl_open(&t, path)) < 0)
		die_sys("%s", path);
	if (rc > 0)
		die_at(csvr_loc(t.r), "%s", tbl_error(&t));
	if (kmerge_read(m, &t, err, sizeof(err)) != 0)
		die_at(csvr_loc(t.r), "%s", err);
	tbl_close(&t);
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct kpi_tab *tab;
	struct kpi_targets *tg = NULL;
	struct kmerge m;
	struct loc at;
	const struct loc *bad;
	char err[256];
	struct csvw w;
	int first;

	err_init(argv[0]);
	err_std_options(argc, argv, help);
	parse_args(argc, argv, &o, &first);
	tab = kpi_tab_new();
	kmerge_init(&m, tab);
	m.reshape = reshape;
	m.arg = &o;
	if (o.targets != NULL) {
		at.file = o.targets;
		if ((tg = kpi_targets_load(o.targets, &at.line, err,
		    sizeof(err))) == NULL)
			die_at(&at, "%s", err);
		m.targets = 1;
	}
	if (first == argc)
		read_file(&m, "-");
	for (; first < argc; first++)
		read_file(&m, argv[first]);
	if (tg != NULL) {
		kpi_targets_apply(tg, tab);
		kpi_targets_free(tg);
	}
	if ((bad = kmerge_journey_bad(&m, o.journey)) != NULL)
		die_at(bad, "the row's weights make the journey row's "
		    "weight sums overflow");
	if (m.journey || o.journey)
		kpi_tab_journey(tab);
	csvw_init(&w, stdout);
	kpi_tab_write(&w, tab, &o.k);
	kmerge_free(&m);
	kpi_tab_free(tab);
	return close_stdout(EXIT_SUCCESS);
}
