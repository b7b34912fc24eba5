/*
 * fz_cjm-kpi.c -- libFuzzer harness: cjm-kpi in-process (tests/fuzz/fz.h)
 * on response tables: reading, grouping, periods, weights, targets, the
 * KPI table written.
 *
 * Input: three option bytes, then parts separated by "@@@@\n":
 *	responses [, second responses file], journey file (-j targets)
 * [0] --by (bits 0-2), --period (bits 3-5: day week month quarter),
 * --journey, --partial; [1] --nps-ci (bits 0-1), --prop-ci (bits 2-4),
 * --level 0.9 / 0.99 (bits 5-6), -j; [2] --since, --until, two files as
 * operands (else stdin), -q, --min-n 1 / 5 (bits 4-5), with the two
 * files --shard 1/2, 2/2 or 2/3 (bits 6-7: the slices, csvr_seek and
 * the check at a slice's end).  Not --jobs: it forks, and in this
 * in-process harness exit() returns to the driver (fz_hook.h), so a
 * child would go on fuzzing, and stdout is not descriptor 1; --jobs is
 * --shard plus kmerge (fz_cjm-merge), checked by tests/sh/kpi-shard.sh.
 *
 * Every run: status 0 or 1, messages "cjm-kpi: ..." on one line each, no
 * leak, no descriptor left open.  Status 0: the KPI table holds together
 * and lib/kpi reads it back to the same bytes (fz_kpi_table); one input in
 * 8 is run twice for the same bytes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"
#include "kpi.h"

#define SEP	"@@@@\n"

static const char *const by[] = { NULL, "stage", "channel", "segment",
	"touchpoint,segment", "stage,channel,segment", "segment,period",
	"period,touchpoint" };
static const char *const period[] = { "day", "week", "month", "quarter" };
static const char *const npsci[] = { "adjusted-wald", "wald", "score" };
static const char *const propci[] = { "wilson", "agresti-coull",
	"clopper-pearson", "jeffreys" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[3];
	size_t len[3];
	char *argv[40];
	struct fz_run r;
	struct kpi_opts ko;
	int a = 0, o0, o1, o2, i;

	if (size < 3)
		return 0;
	o0 = data[0];
	o1 = data[1];
	o2 = data[2];
	fz_split(data + 3, size - 3, SEP, part, len, 3);
	kpi_opts_init(&ko);
	argv[a++] = "cjm-kpi";
	if (o0 & 7) {
		argv[a++] = "--by";
		argv[a++] = (char *)by[o0 & 7];
	}
	if ((o0 >> 3 & 7) >= 1 && (o0 >> 3 & 7) <= 4) {
		argv[a++] = "--period";
		argv[a++] = (char *)period[(o0 >> 3 & 7) - 1];
	} else if ((o0 & 7) >= 6) {	/* --by period needs one */
		argv[a++] = "--period";
		argv[a++] = "week";
	}
	if (o0 & 0x40)
		argv[a++] = "--journey";
	if (o0 & 0x80) {
		argv[a++] = "--partial";
		ko.partial = 1;
	}
	if ((o1 & 3) != 0) {
		argv[a++] = "--nps-ci";
		argv[a++] = (char *)npsci[(o1 & 3) - 1];
	}
	if ((o1 >> 2 & 7) >= 1 && (o1 >> 2 & 7) <= 4) {
		argv[a++] = "--prop-ci";
		argv[a++] = (char *)propci[(o1 >> 2 & 7) - 1];
	}
	if (o1 >> 5 & 3) {
		argv[a++] = "--level";
		argv[a++] = (o1 >> 5 & 3) == 1 ? "0.9" : (o1 >> 5 & 3) == 2 ?
		    "0.99" : "0.5";
	}
	if (o1 & 0x80) {
		argv[a++] = "-j";
		argv[a++] = (char *)fz_in(2, part[2], len[2]);
	}
	if (o2 & 1) {
		argv[a++] = "--since";
		argv[a++] = "2026-11-03";
	}
	if (o2 & 2) {
		argv[a++] = "--until";
		argv[a++] = "2026-11-05T12:00:00";
	}
	if (o2 & 8)
		argv[a++] = "-q";
	if (o2 >> 4 & 3) {
		argv[a++] = "--min-n";
		argv[a++] = (o2 >> 4 & 3) == 1 ? "1" : (o2 >> 4 & 3) == 2 ?
		    "5" : "0";
	}
	/* the options as the tool parses them: the same code */
	for (i = 1; i < a; i++) {
		char err[128];

		if (strcmp(argv[i], "--nps-ci") == 0)
			kpi_opts_set(&ko, KPI_OPT_NPS_CI, argv[i + 1], err,
			    sizeof(err));
		else if (strcmp(argv[i], "--prop-ci") == 0)
			kpi_opts_set(&ko, KPI_OPT_PROP_CI, argv[i + 1], err,
			    sizeof(err));
		else if (strcmp(argv[i], "--level") == 0)
			kpi_opts_set(&ko, KPI_OPT_LEVEL, argv[i + 1], err,
			    sizeof(err));
		else if (strcmp(argv[i], "--min-n") == 0)
			kpi_opts_set(&ko, KPI_OPT_MIN_N, argv[i + 1], err,
			    sizeof(err));
	}
	if ((o2 & 4) && (o2 >> 6 & 3) != 0) {
		argv[a++] = "--shard";
		argv[a++] = (o2 >> 6 & 3) == 1 ? "1/2" : (o2 >> 6 & 3) == 2 ?
		    "2/2" : "2/3";
	}
	if (o2 & 4) {
		argv[a++] = (char *)fz_in(0, part[0], len[0]);
		argv[a++] = (char *)fz_in(1, part[1], len[1]);
	}
	argv[a] = NULL;

	fz_main(fz_main_fn, argv, part[0], len[0], &r);
	fz_status(&r, "012");
	fz_messages(&r);
	if (r.status == 2)
		fz_fail(&r, "usage error on a valid command line");
	if (r.status == 0)
		fz_kpi_table(&r, r.out, r.outlen, "stdout", &ko);
	fz_finish(fz_main_fn, argv, part[0], len[0], data, size, &r);
	return 0;
}
