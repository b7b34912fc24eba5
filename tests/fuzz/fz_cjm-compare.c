/*
 * fz_cjm-compare.c -- libFuzzer harness: cjm-compare in-process
 * (tests/fuzz/fz.h) on KPI tables: lib/kpi's reading, matching rows,
 * tests, p adjustment, the compare table written.
 *
 * Input: two option bytes, then parts separated by "@@@@\n":
 *	KPI or funnel table [, second table [, -F funnel table [, -F
 *	funnel table]]]
 * [0] --adjust (bits 0-2), --alpha (bits 3-4: 0.1, 0.5, 1e-6), --kpi
 * net, --level (bits 6-7: 0.9, 0.99, 0.5); [1] --nps-test (bits 0-1),
 * two tables (else one, compared by period), -q, the table as an operand
 * (else stdin), --cur / --prev (bits 5-6), -F the third part (and -F
 * the fourth with two tables: one funnel table per table).
 *
 * Every run: status 0, 1 or 3, messages "cjm-compare: ..." on one line
 * each, no leak, no descriptor left open.  Status 0 or 3: the compare
 * table (docs/formats.md section 4) as lib/csvw writes it; flag empty,
 * drop or rise, and status 3 exactly when a row says drop; p and p_adj
 * in 0..1 with p_adj >= p (= p with --adjust none); a flag only where
 * p_adj < alpha; diff_low <= diff_high; adjust the method used; the
 * table read by lib/plot's compare reader (cjm-plot -c); one input in 8
 * run twice for the same bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"
#include "num.h"
#include "plot.h"

#define SEP	"@@@@\n"

static const char *const adjust[] = { "bh", "holm", "hochberg",
	"bonferroni", "by", "none" };
static const char *const alpha[] = { "0.1", "0.5", "0.000001" };
static const char *const level[] = { "0.9", "0.99", "0.5" };
static const char *const npstest[] = { "adjusted-wald", "wald" };

static double
num(const struct fz_run *r, const struct fz_tab *t, size_t i,
    const char *name)
{
	const char *s = fz_cell(t, i, fz_col(t, name));
	double v;

	if (*s == '\0')
		return NAN;
	if (num_parse(s, &v) != 0)
		fz_fail(r, "row %zu: %s '%s' is not a number", i + 1, name, s);
	return v;
}

static void
check(const struct fz_run *r, const char *adj, double a)
{
	static const char *const cols[] = { "level", "stage", "touchpoint",
		"channel", "segment", "metric", "scale", "kpi", "period_prev",
		"period_cur", "n_prev", "value_prev", "n_cur", "value_cur",
		"diff", "diff_low", "diff_high", "test", "stat", "df", "p",
		"p_adj", "adjust", "flag" };
	struct fz_tab t;
	struct plot_data *d;
	size_t i, k;
	int drops = 0;
	const char *flag;
	double p, pa, lo, hi;
	char err[512];
	FILE *fp;

	fz_csv(r, &t, r->out, r->outlen, "stdout");
	for (k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
		if (fz_col(&t, cols[k]) < 0)
			fz_fail(r, "stdout: no column '%s'", cols[k]);
	for (i = 0; i < t.nrow; i++) {
		flag = fz_cell(&t, i, fz_col(&t, "flag"));
		if (strcmp(flag, "drop") == 0)
			drops++;
		else if (flag[0] != '\0' && strcmp(flag, "rise") != 0)
			fz_fail(r, "row %zu: flag '%s'", i + 1, flag);
		if (strcmp(fz_cell(&t, i, fz_col(&t, "adjust")), adj) != 0)
			fz_fail(r, "row %zu: adjust '%s', not %s", i + 1,
			    fz_cell(&t, i, fz_col(&t, "adjust")), adj);
		p = num(r, &t, i, "p");
		pa = num(r, &t, i, "p_adj");
		if (isnan(p) != isnan(pa) || p < 0 || p > 1 || pa < 0 ||
		    pa > 1 || pa < p * (1 - 1e-5) ||
		    (strcmp(adj, "none") == 0 && fabs(pa - p) > 1e-5 * p))
			fz_fail(r, "row %zu: p %g, p_adj %g (%s)", i + 1, p, pa,
			    adj);
		if (flag[0] != '\0' && !(pa < a))
			fz_fail(r, "row %zu: flag '%s' with p_adj %g, alpha %g",
			    i + 1, flag, pa, a);
		lo = num(r, &t, i, "diff_low");
		hi = num(r, &t, i, "diff_high");
		if (lo > hi)
			fz_fail(r, "row %zu: diff_low %g > diff_high %g", i + 1,
			    lo, hi);
		(void)num(r, &t, i, "diff");
		(void)num(r, &t, i, "stat");
		(void)num(r, &t, i, "df");
		(void)num(r, &t, i, "value_prev");
		(void)num(r, &t, i, "value_cur");
	}
	if ((r->status == 3) != (drops > 0))
		fz_fail(r, "status %d with %d drop rows", r->status, drops);
	fz_tab_free(&t);
	/* cjm-plot -c reads it */
	if (r->outlen > 0) {
		if ((fp = fmemopen((void *)(uintptr_t)r->out, r->outlen, "r")) ==
		    NULL)
			fz_fail(r, "fmemopen");
		d = plot_data_new();
		if (plot_data_read_compare(d, fp, "stdout", err,
		    sizeof(err)) != 0)
			fz_fail(r, "lib/plot refuses the compare table: %s", err);
		plot_data_free(d);
		fclose(fp);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[4];
	size_t len[4];
	char *argv[40];
	const char *adj = "bh";
	double a = 0.05;
	struct fz_run r;
	int n = 0, o0, o1;

	if (size < 2)
		return 0;
	o0 = data[0];
	o1 = data[1];
	fz_split(data + 2, size - 2, SEP, part, len, 4);
	argv[n++] = "cjm-compare";
	if ((o0 & 7) >= 1 && (o0 & 7) <= 6) {
		argv[n++] = "--adjust";
		argv[n++] = (char *)(adj = adjust[(o0 & 7) - 1]);
	}
	if (o0 >> 3 & 3) {
		argv[n++] = "--alpha";
		argv[n++] = (char *)alpha[(o0 >> 3 & 3) - 1];
		a = atof(alpha[(o0 >> 3 & 3) - 1]);
	}
	if (o0 & 0x20) {
		argv[n++] = "--kpi";
		argv[n++] = "net";
	}
	if (o0 >> 6) {
		argv[n++] = "--level";
		argv[n++] = (char *)level[(o0 >> 6) - 1];
	}
	if ((o1 & 3) == 1 || (o1 & 3) == 2) {
		argv[n++] = "--nps-test";
		argv[n++] = (char *)npstest[(o1 & 3) - 1];
	}
	if (o1 & 8)
		argv[n++] = "-q";
	if ((o1 & 4) == 0 && (o1 >> 5 & 3) != 0) {
		argv[n++] = "--cur";
		argv[n++] = (o1 >> 5 & 3) == 1 ? "2026-W46" : "2026-11";
		if ((o1 >> 5 & 3) == 3) {
			argv[n++] = "--prev";
			argv[n++] = "2026-10";
		}
	}
	if (o1 & 0x80) {
		argv[n++] = "-F";
		argv[n++] = (char *)fz_in(2, part[2], len[2]);
		if (o1 & 4) {	/* one per table */
			argv[n++] = "-F";
			argv[n++] = (char *)fz_in(3, part[3], len[3]);
		}
	}
	if (o1 & 4) {
		argv[n++] = (char *)fz_in(0, part[0], len[0]);
		argv[n++] = (char *)fz_in(1, part[1], len[1]);
	} else if (o1 & 0x10)
		argv[n++] = (char *)fz_in(0, part[0], len[0]);
	argv[n] = NULL;

	fz_main(fz_main_fn, argv, part[0], len[0], &r);
	fz_status(&r, "013");
	fz_messages(&r);
	if (r.status != 1)
		check(&r, adj, a);
	fz_finish(fz_main_fn, argv, part[0], len[0], data, size, &r);
	return 0;
}
