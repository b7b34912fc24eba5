/*
 * fz_cjm-drivers.c -- libFuzzer harness: cjm-drivers in-process
 * (tests/fuzz/fz.h) on response tables and partial drivers tables:
 * reading, respondents, cells, the sums, LMG / relative weights, the
 * bootstrap, the drivers table written.
 *
 * Input: three option bytes, then parts separated by "@@@@\n":
 *	responses [, second responses or partial table], journey file
 * [0] --by segment, --period (bits 1-3: none day week month quarter),
 * --method relweights, --boot (bits 5-6: 0 7 40 1), --partial; [1]
 * --since, --until, -j, --level 0.9, --min-n (bits 4-5: default 1 5 0),
 * --digits 3, the inputs as file operands (else stdin; two files when a
 * second part is there); [2] --seed 7, -q, --widen 50 (with --since and
 * --until, neither --period nor --partial: else left out), --outcome
 * Overall, the partial check below.  --until is a date with --widen.
 *
 * Every run: status 0 or 1 (2 never: the command lines are valid),
 * messages "cjm-drivers: ..." on one line each, no leak, no descriptor
 * left open.  Status 0 (docs/formats.md section 7):
 *  - a table as lib/csvw writes it (valid UTF-8 when the input is: the
 *    tools pass a response table's bytes through); the drivers table has
 *    its columns in order, and in each row: n <= n_outcome, n_eff on
 *    (0, n] (0 when n is), r and its interval on [-1, 1] and in order,
 *    importance on [0, 100] with its interval in order (empty where boot
 *    is 0), the importances of a cell adding up to 100 and k of them, a
 *    quadrant exactly where there is an importance (never fix or keep
 *    with r below 0), performance on [0, 100], r2 on [0, 1], low_base
 *    from --min-n, method, boot, seed and conf as asked;
 *  - [2] bit 4 (without --partial): the same command with --partial,
 *    its table read again by the same command, gives the same bytes
 *    (the sums are written with 17 digits: one shard is exact);
 * and one input in 8 is run twice for the same bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"
#include "num.h"

#define SEP	"@@@@\n"

static const char *const periods[] = { "day", "week", "month", "quarter" };
static const char *const boots[] = { "0", "7", "40", "1" };
static const char *const minns[] = { "1", "5", "0" };
static const char *const cols[] = { "outcome", "outcome_metric", "segment",
	"period", "step", "stage", "touchpoint", "channel", "metric", "scale",
	"n", "n_eff", "r", "r_low", "r_high", "importance", "imp_low",
	"imp_high", "performance", "quadrant", "low_base", "note",
	"n_outcome", "time_first", "time_last", "k", "r2", "r2_low",
	"r2_high", "method", "boot", "seed", "conf" };
enum { C_OUT, C_OUTM, C_SEG, C_PER, C_STEP, C_STAGE, C_TOUCH, C_CHAN,
	C_METRIC, C_SCALE, C_N, C_NEFF, C_R, C_RLO, C_RHI, C_IMP, C_ILO,
	C_IHI, C_PERF, C_QUAD, C_LOW, C_NOTE, C_NOUT, C_TF, C_TL, C_K, C_R2,
	C_R2LO, C_R2HI, C_METHOD, C_BOOT, C_SEED, C_CONF, NCOLS };

struct want {
	const char	*method, *boot, *seed, *conf;
	long		 minn;
	double		 eps;	/* a printed number's rounding */
};

/* A number cell: 1 and *v, 0 when empty; fails otherwise. */
static int
num(const struct fz_run *r, const struct fz_tab *t, size_t i, int c,
    double *v)
{
	const char *s = fz_cell(t, i, c);

	if (s[0] == '\0')
		return 0;
	if (num_parse(s, v) != 0 || !isfinite(*v))
		fz_fail(r, "row %zu: %s '%s' not a number", i + 1, cols[c], s);
	return 1;
}

static long
whole(const struct fz_run *r, const struct fz_tab *t, size_t i, int c)
{
	long v;

	if (num_parse_long(fz_cell(t, i, c), 0, 1L << 53, &v) != 0)
		fz_fail(r, "row %zu: %s '%s' not a whole number", i + 1,
		    cols[c], fz_cell(t, i, c));
	return v;
}

/* lo <= v <= hi (each within eps) on [min, max], where present */
static void
interval(const struct fz_run *r, const struct fz_tab *t, size_t i, int c,
    int clo, int chi, double min, double max, double eps)
{
	double v = 0, lo, hi;
	int has = num(r, t, i, c, &v), hl = num(r, t, i, clo, &lo),
	    hh = num(r, t, i, chi, &hi);

	if (hl != hh)
		fz_fail(r, "row %zu: %s with one bound", i + 1, cols[c]);
	if (has && !(v >= min - eps && v <= max + eps))
		fz_fail(r, "row %zu: %s %g outside [%g, %g]", i + 1, cols[c],
		    v, min, max);
	if (!hl)
		return;
	if (!has)
		fz_fail(r, "row %zu: an interval without %s", i + 1, cols[c]);
	if (!(lo >= min - eps && lo <= hi + eps && hi <= max + eps))
		fz_fail(r, "row %zu: %s interval [%g, %g]", i + 1, cols[c], lo,
		    hi);
}

/* rows [a, z) are one cell */
static void
check_cell(const struct fz_run *r, const struct fz_tab *t, size_t a,
    size_t z)
{
	double v, sum = 0;
	long k = 0;
	size_t i;

	for (i = a; i < z; i++)
		if (num(r, t, i, C_IMP, &v)) {
			sum += v;
			k++;
		}
	for (i = a; i < z; i++) {
		if (whole(r, t, i, C_K) != k)
			fz_fail(r, "row %zu: k %s, %ld importances in its cell",
			    i + 1, fz_cell(t, i, C_K), k);
		if (strcmp(fz_cell(t, i, C_R2), fz_cell(t, a, C_R2)) != 0 ||
		    strcmp(fz_cell(t, i, C_R2LO), fz_cell(t, a, C_R2LO)) != 0 ||
		    strcmp(fz_cell(t, i, C_R2HI), fz_cell(t, a, C_R2HI)) != 0 ||
		    strcmp(fz_cell(t, i, C_NOUT), fz_cell(t, a, C_NOUT)) != 0 ||
		    strcmp(fz_cell(t, i, C_TF), fz_cell(t, a, C_TF)) != 0 ||
		    strcmp(fz_cell(t, i, C_TL), fz_cell(t, a, C_TL)) != 0)
			fz_fail(r, "row %zu: the cell's r2, n_outcome or times "
			    "differ from row %zu's", i + 1, a + 1);
	}
	/* each share rounded to --digits: k half-units at most */
	if (k > 0 && fabs(sum - 100) > 1e-9 * 100 + (double)k * 1e-3)
		fz_fail(r, "rows %zu-%zu: importances add up to %.9g", a + 1, z,
		    sum);
}

static void
check_table(const struct fz_run *r, const struct want *w, int utf8)
{
	struct fz_tab t;
	size_t i, a = 0;
	long n, nout;
	double v, rr;
	const char *q;
	int c, imp;

	fz_csv(r, &t, r->out, r->outlen, "stdout");
	if (utf8 && !fz_utf8(r->out, r->outlen))
		fz_fail(r, "stdout: not valid UTF-8 from valid UTF-8");
	fz_columns(r, &t, cols, NCOLS, "stdout");
	for (i = 0; i < t.nrow; i++) {
		if (i > 0 && (strcmp(fz_cell(&t, i, C_SEG), fz_cell(&t, a,
		    C_SEG)) != 0 || strcmp(fz_cell(&t, i, C_PER),
		    fz_cell(&t, a, C_PER)) != 0)) {
			c = strcmp(fz_cell(&t, a, C_SEG), fz_cell(&t, i, C_SEG));
			if (c > 0 || (c == 0 && strcmp(fz_cell(&t, a, C_PER),
			    fz_cell(&t, i, C_PER)) > 0))
				fz_fail(r, "row %zu: cell (%s, %s) out of order",
				    i + 1, fz_cell(&t, i, C_SEG),
				    fz_cell(&t, i, C_PER));
			check_cell(r, &t, a, i);
			a = i;
		}
		n = whole(r, &t, i, C_N);
		nout = whole(r, &t, i, C_NOUT);
		if (n > nout)
			fz_fail(r, "row %zu: n %ld above n_outcome %ld", i + 1,
			    n, nout);
		if (num(r, &t, i, C_NEFF, &v) ? !(n > 0 ? v > 0 &&
		    v <= (double)n * (1 + 1e-9) + w->eps : v == 0) : n > 0)
			fz_fail(r, "row %zu: n_eff '%s' for n %ld", i + 1,
			    fz_cell(&t, i, C_NEFF), n);
		interval(r, &t, i, C_R, C_RLO, C_RHI, -1, 1, w->eps);
		interval(r, &t, i, C_IMP, C_ILO, C_IHI, 0, 100, w->eps);
		imp = num(r, &t, i, C_IMP, &v);
		if (imp && strcmp(w->boot, "0") == 0 &&
		    fz_cell(&t, i, C_ILO)[0] != '\0')
			fz_fail(r, "row %zu: an interval with --boot 0", i + 1);
		if (num(r, &t, i, C_PERF, &v) && !(v >= -w->eps &&
		    v <= 100 + w->eps))
			fz_fail(r, "row %zu: performance %g", i + 1, v);
		interval(r, &t, i, C_R2, C_R2LO, C_R2HI, 0, 1, w->eps);
		q = fz_cell(&t, i, C_QUAD);
		if (imp != (q[0] != '\0') || (imp && strcmp(q, "fix") != 0 &&
		    strcmp(q, "keep") != 0 && strcmp(q, "watch") != 0 &&
		    strcmp(q, "ok") != 0))
			fz_fail(r, "row %zu: quadrant '%s' %s an importance",
			    i + 1, q, imp ? "with" : "without");
		if (imp && num(r, &t, i, C_R, &rr) && rr < -w->eps &&
		    (strcmp(q, "fix") == 0 || strcmp(q, "keep") == 0))
			fz_fail(r, "row %zu: %s with r %g", i + 1, q, rr);
		if (strcmp(fz_cell(&t, i, C_LOW), n < w->minn ? "1" : "0") != 0)
			fz_fail(r, "row %zu: low_base '%s' for n %ld, --min-n "
			    "%ld", i + 1, fz_cell(&t, i, C_LOW), n, w->minn);
		if (strcmp(fz_cell(&t, i, C_METHOD), w->method) != 0 ||
		    strcmp(fz_cell(&t, i, C_BOOT), w->boot) != 0 ||
		    strcmp(fz_cell(&t, i, C_SEED), w->seed) != 0 ||
		    strcmp(fz_cell(&t, i, C_CONF), w->conf) != 0)
			fz_fail(r, "row %zu: method, boot, seed, conf %s %s %s "
			    "%s, asked %s %s %s %s", i + 1,
			    fz_cell(&t, i, C_METHOD), fz_cell(&t, i, C_BOOT),
			    fz_cell(&t, i, C_SEED), fz_cell(&t, i, C_CONF),
			    w->method, w->boot, w->seed, w->conf);
	}
	if (t.nrow > 0)
		check_cell(r, &t, a, t.nrow);
	fz_tab_free(&t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[3];
	size_t len[3];
	char *argv[48], *argp[50], *argr[50];
	struct fz_run r, rp, rr;
	char *out = NULL;
	size_t outlen = 0;
	struct want w = { "lmg", "1000", "1", "0.95", 30, 1.5e-6 };
	int a = 0, o0, o1, o2, nin, i, partial, since, until, period, nopt, widen;

	if (size < 3)
		return 0;
	o0 = data[0];
	o1 = data[1];
	o2 = data[2];
	nin = fz_split(data + 3, size - 3, SEP, part, len, 3) >= 2 ? 2 : 1;
	argv[a++] = "cjm-drivers";
	if (o0 & 1) {
		argv[a++] = "--by";
		argv[a++] = "segment";
	}
	period = (o0 >> 1 & 7) >= 1 && (o0 >> 1 & 7) <= 4;
	if (period) {
		argv[a++] = "--period";
		argv[a++] = (char *)periods[(o0 >> 1 & 7) - 1];
	}
	if (o0 & 0x10) {
		argv[a++] = "--method";
		argv[a++] = (char *)(w.method = "relweights");
	}
	argv[a++] = "--boot";	/* the default 1000 is too slow here */
	argv[a++] = (char *)(w.boot = boots[o0 >> 5 & 3]);
	if ((partial = (o0 & 0x80) != 0))
		argv[a++] = "--partial";
	if ((since = o1 & 1)) {
		argv[a++] = "--since";
		argv[a++] = "2026-10-02";
	}
	widen = (o2 & 4) && (o1 & 3) == 3 && !period && !partial;
	if ((until = o1 & 2)) {
		argv[a++] = "--until";	/* --widen: whole days */
		argv[a++] = widen ? "2026-11-05" : "2026-11-05T12:00:00";
	}
	if (o1 & 4) {
		argv[a++] = "-j";
		argv[a++] = (char *)fz_in(2, part[2], len[2]);
	}
	if (o1 & 8) {
		argv[a++] = "--level";
		argv[a++] = (char *)(w.conf = "0.9");
	}
	if (o1 >> 4 & 3) {
		argv[a++] = "--min-n";
		argv[a++] = (char *)minns[(o1 >> 4 & 3) - 1];
		w.minn = atol(argv[a - 1]);
	}
	if (o1 & 0x40) {
		argv[a++] = "--digits";
		argv[a++] = "3";
		w.eps = 1.5e-3;
	}
	if (o2 & 1) {
		argv[a++] = "--seed";
		argv[a++] = (char *)(w.seed = "7");
	}
	if (o2 & 2)
		argv[a++] = "-q";
	if (widen) {
		argv[a++] = "--widen";
		argv[a++] = "50";
	}
	if (o2 & 8) {
		argv[a++] = "--outcome";
		argv[a++] = "Overall";
	}
	nopt = a;
	if ((o1 & 0x80) || nin == 2)
		for (i = 0; i < nin; i++)
			argv[a++] = (char *)fz_in(i, part[i], len[i]);
	argv[a] = NULL;

	fz_main(fz_main_fn, argv, part[0], len[0], &r);
	fz_status(&r, "01");
	fz_messages(&r);
	if (r.status == 1 && r.outlen > 0)
		fz_fail(&r, "status 1 with something on stdout");
	if (r.status == 0 && partial) {
		struct fz_tab t;

		fz_csv(&r, &t, r.out, r.outlen, "stdout");
		fz_tab_free(&t);
	} else if (r.status == 0) {
		check_table(&r, &w, fz_utf8((const char *)data + 3,
		    size - 3));
		if ((o2 & 0x10) && !(o2 & 4)) {
			/* (the next run empties stdout: a copy) */
			outlen = r.outlen;
			if ((out = malloc(outlen + 1)) == NULL)
				abort();
			memcpy(out, r.out, outlen);
		}
	}
	fz_finish(fz_main_fn, argv, part[0], len[0], data, size, &r);
	if (out == NULL)
		return 0;
	/* the same command with --partial, its table read again by it */
	argp[0] = argv[0];
	argp[1] = "--partial";
	for (i = 1; i <= a; i++)
		argp[i + 1] = argv[i];
	fz_main(fz_main_fn, argp, part[0], len[0], &rp);
	if (rp.status != 0)
		fz_fail(&rp, "--partial: status %d where the table was made",
		    rp.status);
	for (i = 0; i < nopt; i++)
		argr[i] = argv[i];
	argr[nopt] = (char *)fz_in(3, rp.out, rp.outlen);
	argr[nopt + 1] = NULL;
	fz_done(&rp);
	fz_main(fz_main_fn, argr, NULL, 0, &rr);
	if (rr.status != 0 || rr.outlen != outlen ||
	    memcmp(rr.out, out, outlen) != 0)
		fz_fail(&rr, "its partial table read again: status %d, not "
		    "the same table", rr.status);
	fz_done(&rr);
	free(out);
	return 0;
}
