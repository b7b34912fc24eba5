/*
 * fz_cjm-merge.c -- libFuzzer harness: cjm-merge in-process
 * (tests/fuzz/fz.h) on partial or full KPI tables: lib/kpi's reading,
 * adding c/w/q up, targets, journey rows, the KPI table written.
 *
 * Input: two option bytes, then parts separated by "@@@@\n":
 *	table 1, table 2, table 3, journey file (-j)
 * [0] --journey, --partial, --nps-ci (bits 2-3), --prop-ci (bits 4-6),
 * -j; [1] --level (bits 0-1: 0.9 0.99 0.5), --min-n (bits 2-3: 1 5 0),
 * table 1 as "-" (stdin), how many tables (bits 5-6: 1, 2, 3), the same
 * tables in the other order must give the same bytes.
 *
 * Every run: status 0 or 1, messages "cjm-merge: ..." on one line each,
 * no leak, no descriptor left open.  Status 0: the KPI table holds
 * together and lib/kpi reads it back to the same bytes (fz_kpi_table);
 * one input in 8 run twice for the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "fz.h"
#include "kpi.h"

#define SEP	"@@@@\n"

static const char *const npsci[] = { "adjusted-wald", "wald", "score" };
static const char *const propci[] = { "wilson", "agresti-coull",
	"clopper-pearson", "jeffreys" };
static const char *const level[] = { "0.9", "0.99", "0.5" };
static const char *const minn[] = { "1", "5", "0" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[4];
	size_t len[4];
	char *argv[40], err[128];
	const char *in[3];
	struct fz_run r, r2;
	struct kpi_opts ko;
	int a = 0, o0, o1, nt, i, first;
	char *out;
	size_t outlen;

	if (size < 2)
		return 0;
	o0 = data[0];
	o1 = data[1];
	fz_split(data + 2, size - 2, SEP, part, len, 4);
	kpi_opts_init(&ko);
	argv[a++] = "cjm-merge";
	if (o0 & 1)
		argv[a++] = "--journey";
	if (o0 & 2) {
		argv[a++] = "--partial";
		ko.partial = 1;
	}
	if (o0 >> 2 & 3) {
		argv[a++] = "--nps-ci";
		argv[a++] = (char *)npsci[(o0 >> 2 & 3) - 1];
		kpi_opts_set(&ko, KPI_OPT_NPS_CI, argv[a - 1], err, sizeof(err));
	}
	if ((o0 >> 4 & 7) >= 1 && (o0 >> 4 & 7) <= 4) {
		argv[a++] = "--prop-ci";
		argv[a++] = (char *)propci[(o0 >> 4 & 7) - 1];
		kpi_opts_set(&ko, KPI_OPT_PROP_CI, argv[a - 1], err,
		    sizeof(err));
	}
	if (o0 & 0x80) {
		argv[a++] = "-j";
		argv[a++] = (char *)fz_in(3, part[3], len[3]);
	}
	if (o1 & 3) {
		argv[a++] = "--level";
		argv[a++] = (char *)level[(o1 & 3) - 1];
		kpi_opts_set(&ko, KPI_OPT_LEVEL, argv[a - 1], err, sizeof(err));
	}
	if (o1 >> 2 & 3) {
		argv[a++] = "--min-n";
		argv[a++] = (char *)minn[(o1 >> 2 & 3) - 1];
		kpi_opts_set(&ko, KPI_OPT_MIN_N, argv[a - 1], err, sizeof(err));
	}
	nt = (o1 >> 5 & 3) == 0 ? 1 : (o1 >> 5 & 3);
	for (i = 0; i < nt; i++)
		in[i] = i == 0 && (o1 & 0x10) ? "-" : fz_in(i, part[i], len[i]);
	first = a;
	for (i = 0; i < nt; i++)
		argv[a++] = (char *)in[i];
	argv[a] = NULL;

	fz_main(fz_main_fn, argv, part[0], len[0], &r);
	fz_status(&r, "01");
	fz_messages(&r);
	if (r.status == 0)
		fz_kpi_table(&r, r.out, r.outlen, "stdout", &ko);
	if ((o1 & 0x80) && nt > 1 && r.status == 0) {
		/* shards in any order: the same table */
		out = malloc(r.outlen + 1);
		memcpy(out, r.out, r.outlen);
		outlen = r.outlen;
		for (i = 0; i < nt; i++)
			argv[first + i] = (char *)in[nt - 1 - i];
		fz_main(fz_main_fn, argv, part[0], len[0], &r2);
		if (r2.status != 0 || r2.outlen != outlen ||
		    memcmp(r2.out, out, outlen) != 0)
			fz_fail(&r2, "the tables in the other order: status %d, "
			    "%s bytes", r2.status, r2.outlen != outlen ||
			    memcmp(r2.out, out, outlen) != 0 ? "other" :
			    "the same");
		fz_done(&r2);
		for (i = 0; i < nt; i++)
			argv[first + i] = (char *)in[i];
		free(out);
	}
	fz_finish(fz_main_fn, argv, part[0], len[0], data, size, &r);
	return 0;
}
