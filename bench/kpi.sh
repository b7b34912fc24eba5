#!/bin/sh
# bench/kpi.sh -- cjm-kpi throughput and memory against, in the same run:
#   raw libcsv parsing of the same file (csv_parse, no-op callbacks: the
#   ceiling for any libcsv-based reader), Miller stats1 and GNU datamash
#   doing the nearest equivalent grouping (count and mean of score by
#   touchpoint and metric).
# Sizes: 10M response rows x BENCH_SCALE, and a tenth of that to show that
# peak memory does not grow with rows.  Everything generated goes to
# bench/out (not committed).  Prints ratios, never bare seconds alone.
set -u
top=$(pwd)
BIN=${BIN:-$top/bin}
scale=${BENCH_SCALE:-1}
out=$top/bench/out/kpi
mkdir -p "$out"
cc=${CC:-cc}
big=$(awk -v s="$scale" 'BEGIN { printf "%d", 10000000 * s }')
small=$((big / 10))
[ -x "$BIN/cjm-kpi" ] || { echo "kpi bench: $BIN/cjm-kpi not built"; exit 1; }

# The generator: a response table in the formats section 2 shape, from a
# fixed xorshift seed (the same bytes on every run): 12 touchpoints with
# NPS, CSAT and CES questions, 3 segments, 4 weeks, 10% weighted rows.
cat >"$out/gen.c" <<'GEN'
#include <stdio.h>
#include <stdlib.h>
int
main(int argc, char **argv)
{
	static const char *const st[] = {"Awareness", "Consideration",
	    "Purchase", "Delivery", "Support", "Loyalty"};
	static const char *const tp[] = {"Ad", "Website", "Checkout",
	    "Store", "Tracking", "Courier", "Call", "Chat", "Email",
	    "Renewal", "App", "Returns"};
	static const char *const me[] = {"nps", "csat", "ces"};
	static const char *const sc[] = {"0-10", "1-5", "1-7"};
	static const int lo[] = {0, 1, 1}, k[] = {11, 5, 7};
	static const char *const sg[] = {"Business", "Consumer",
	    "Public sector"};
	static const char *const wt[] = {"1", "0.5", "1.5", "2"};
	unsigned long long x = 88172645463325252ULL, n, i;
	int t, m;

	n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000;
	printf("respondent,time,step,stage,touchpoint,channel,segment,"
	    "metric,scale,score,weight,comment\n");
	for (i = 0; i < n; i++) {
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		t = (int)(x % 12);
		m = t % 3;
		printf("R%llu,2026-11-%02dT%02d:%02d:00,%d,%s,%s,%s,%s,%s,%s,"
		    "%d,%s,%s\n", i / 6, (int)((x >> 8) % 28) + 1,
		    (int)((x >> 16) % 24), (int)((x >> 24) % 60), t + 1,
		    st[t / 2], tp[t], t % 4 == 3 ? "offline" : "online",
		    sg[(x >> 32) % 3], me[m], sc[m],
		    lo[m] + (int)((x >> 40) % (unsigned)k[m]),
		    (x >> 50) % 10 == 0 ? wt[(x >> 54) % 4] : "1",
		    (x >> 58) % 16 == 0 ? "\"slow, but friendly\"" : "");
	}
	return 0;
}
GEN
# Raw libcsv: the same parser options as lib/csvr.c, 64 KiB blocks,
# callbacks that only count.
cat >"$out/rawcsv.c" <<'RAW'
#include <stdio.h>
#include <csv.h>
static unsigned long fields, records;
static void on_field(void *s, size_t n, void *a) { (void)s; (void)n; (void)a; fields++; }
static void on_record(int c, void *a) { (void)c; (void)a; records++; }
static int is_cr(unsigned char c) { return c == '\r'; }
static int is_lf(unsigned char c) { return c == '\n'; }
int
main(void)
{
	static char buf[1 << 16];
	struct csv_parser p;
	size_t n;

	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_space_func(&p, is_cr);
	csv_set_term_func(&p, is_lf);
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		if (csv_parse(&p, buf, n, on_field, on_record, NULL) != n)
			return 1;
	csv_fini(&p, on_field, on_record, NULL);
	csv_free(&p);
	printf("%lu records, %lu fields\n", records, fields);
	return 0;
}
RAW
$cc -O2 -o "$out/gen" "$out/gen.c" || exit 1
$cc -O2 -o "$out/rawcsv" "$out/rawcsv.c" -lcsv || exit 1

for n in $small $big; do
	f=$out/responses-$n.csv
	[ -s "$f" ] || "$out/gen" "$n" >"$f" || exit 1
done

# run NAME CMD...: best wall time of 3 (1 for the slow peers at full
# size) and peak RSS, appended to $out/results.
run() {
	name=$1 reps=$2
	shift 2
	best= rss=
	i=0
	while [ $i -lt "$reps" ]; do
		/usr/bin/time -f '%e %M' -o "$out/time" "$@" >"$out/$name.out" \
		    2>"$out/$name.err" || { echo "$name failed:"; cat "$out/$name.err"; exit 1; }
		read -r e m <"$out/time"
		best=$(awk -v a="${best:-$e}" -v b="$e" 'BEGIN { print (b < a ? b : a) }')
		rss=$m
		i=$((i + 1))
	done
	echo "$name $best $rss" >>"$out/results"
}

: >"$out/results"
for n in $small $big; do
	f=$out/responses-$n.csv
	bytes=$(wc -c <"$f")
	reps=3
	[ "$n" -ge 5000000 ] && reps=1
	run "libcsv-$n" 3 sh -c "exec '$out/rawcsv' <'$f'"
	run "kpi-$n" 3 "$BIN/cjm-kpi" "$f"
	run "kpiweek-$n" 3 "$BIN/cjm-kpi" --by touchpoint,segment \
	    --period week --journey "$f"
	run "mlr-$n" "$reps" mlr --icsv --ocsv stats1 -a count,mean -f score \
	    -g touchpoint,metric "$f"
	run "datamash-$n" "$reps" sh -c "exec datamash -t, -H -s -g 5,8 \
	    count 10 mean 10 <'$f'"
	echo "$n rows, $((bytes / 1048576)) MiB:"
	awk -v n="$n" -v mb="$((bytes / 1048576))" '
	# (time has 10 ms resolution: a floor keeps tiny runs finite)
	$1 ~ "-" n "$" { split($1, a, "-"); t[a[1]] = $2 > 0.01 ? $2 : 0.01
		m[a[1]] = $3 }
	END {
		for (k in t)
			printf "  %-9s %7.2f s %8.1f MB/s %9.0f rows/s  peak RSS %7.1f MiB\n",
			    k, t[k], (t[k] > 0 ? mb / t[k] : 0),
			    (t[k] > 0 ? n / t[k] : 0), m[k] / 1024
		printf "  cjm-kpi throughput = %.0f%% of raw libcsv (goal >= 70%%)\n",
		    100 * t["libcsv"] / t["kpi"]
		printf "  cjm-kpi --by touchpoint,segment --period week --journey: %.0f%% of raw libcsv\n",
		    100 * t["libcsv"] / t["kpiweek"]
		printf "  cjm-kpi is %.1fx as fast as mlr stats1, %.1fx as fast as datamash -s\n",
		    t["mlr"] / t["kpi"], t["datamash"] / t["kpi"]
	}' "$out/results"
done
awk -v s="$small" -v b="$big" '
$1 == "kpi-" s { a = $3 } $1 == "kpi-" b { c = $3 }
END { printf "cjm-kpi peak RSS: %.1f MiB at %d rows, %.1f MiB at %d rows (x%.2f for x10 rows)\n",
    a / 1024, s, c / 1024, b, c / a }' "$out/results"
# The KPI table is the same whatever the row count's noise: sanity.
head -n 2 "$out/kpi-$big.out" | cut -d, -f1-20
