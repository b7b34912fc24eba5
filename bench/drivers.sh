#!/bin/sh
# bench/drivers.sh -- cjm-drivers against cjm-kpi on the same response
# table, in the same run: 1M respondents x BENCH_SCALE, each answering 10
# touchpoint questions and the NPS (11 rows each).  cjm-kpi reads the
# same rows once, so the ratio is what the driver analysis costs on top
# of a KPI pass: the respondent joins, the pair sums per bucket, and the
# LMG with its 1000 bootstrap replicates.  Peak memory for a tenth of the
# respondents and for all of them shows what grows (16 bytes per
# respondent for the consecutive-rows check) and what does not.
# CPU time (user + system, the best of 3) rather than wall time: the
# machine may be shared.  Everything generated goes to bench/out.
set -u
top=$(pwd)
BIN=${BIN:-$top/bin}
scale=${BENCH_SCALE:-1}
out=$top/bench/out/drivers
mkdir -p "$out"
cc=${CC:-cc}
big=$(awk -v s="$scale" 'BEGIN { printf "%d", 1000000 * s }')
small=$((big / 10))
for t in cjm-drivers cjm-kpi; do
	[ -x "$BIN/$t" ] || { echo "drivers bench: $BIN/$t not built"; exit 1; }
done
command -v /usr/bin/time >/dev/null 2>&1 ||
    { echo "drivers bench: needs /usr/bin/time (Debian: time)"; exit 1; }

# The generator: respondent i's latent satisfaction q drives its 10
# touchpoint answers (scales 1-5 and 1-7, one reversed 5-1) and the NPS,
# which leans on two of them; a fixed xorshift seed, the same bytes on
# every run.
cat >"$out/gen.c" <<'GEN'
#include <stdio.h>
#include <stdlib.h>
static unsigned long long x = 88172645463325252ULL;
static unsigned
rnd(unsigned n)
{
	x ^= x << 13; x ^= x >> 7; x ^= x << 17;
	return (unsigned)(x % n);
}
int
main(int argc, char **argv)
{
	static const char *const tp[] = {"Ad", "Website", "App", "Checkout",
	    "Store", "Delivery", "Returns", "Hotline", "Chat", "Renewal"};
	static const char *const st[] = {"Awareness", "Awareness",
	    "Consideration", "Purchase", "Purchase", "Delivery", "Delivery",
	    "Support", "Support", "Loyalty"};
	static const char *const sg[] = {"Business", "Consumer", "Student"};
	unsigned long long n, i;
	int j, q, v, hi, y, a[10];

	n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000;
	printf("respondent,time,step,stage,touchpoint,channel,segment,"
	    "metric,scale,score,weight,comment\n");
	for (i = 0; i < n; i++) {
		q = (int)rnd(5);
		for (j = 0; j < 10; j++) {
			hi = j % 3 == 1 ? 7 : 5;
			v = 1 + (q * (hi - 1) + 2 * (int)rnd(hi)) / 6;
			a[j] = v > hi ? hi : v;
			printf("R%llu,2026-11-%02lluT10:00:00,%d,%s,%s,%s,%s,"
			    "%s,%s,%d,1,\n", i, 1 + i % 28, j + 1, st[j],
			    tp[j], j == 4 ? "offline" : "online", sg[i % 3],
			    hi == 7 ? "ces" : "csat", hi == 7 ? "1-7" :
			    j == 8 ? "5-1" : "1-5", j == 8 ? 6 - a[j] : a[j]);
		}
		y = 2 * q + a[3] / 2 + a[5] / 2 + (int)rnd(3) - 1;
		printf("R%llu,2026-11-%02lluT10:00:00,11,Loyalty,Overall,"
		    "online,%s,nps,0-10,%d,1,\n", i, 1 + i % 28, sg[i % 3],
		    y < 0 ? 0 : y > 10 ? 10 : y);
	}
	return 0;
}
GEN
$cc -O2 -o "$out/gen" "$out/gen.c" || exit 1
for n in $small $big; do
	f=$out/responses-$n.csv
	[ -s "$f" ] || "$out/gen" "$n" >"$f" || exit 1
done

# run NAME CMD...: the best CPU time (user + system) of 3, and peak RSS
run() {
	name=$1
	shift
	best= rss=
	for i in 1 2 3; do
		/usr/bin/time -f '%U %S %M' -o "$out/time" "$@" >"$out/$name.out" \
		    2>"$out/$name.err" || { echo "$name failed:"; cat "$out/$name.err"; exit 1; }
		read -r u s m <"$out/time"
		c=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
		best=$(awk -v a="${best:-$c}" -v b="$c" 'BEGIN { print (b < a ? b : a) }')
		rss=$m
	done
	echo "$best $rss"
}

for n in $small $big; do
	f=$out/responses-$n.csv
	mb=$(awk -v b="$(wc -c <"$f")" 'BEGIN { printf "%.0f", b / 1048576 }')
	set -- $(run kpi "$BIN/cjm-kpi" "$f")
	kt=$1 km=$2
	set -- $(run drivers "$BIN/cjm-drivers" "$f")
	dt=$1 dm=$2
	set -- $(run partial "$BIN/cjm-drivers" --partial "$f")
	pt=$1 pm=$2
	set -- $(run segments "$BIN/cjm-drivers" --by segment "$f")
	st=$1 sm=$2
	echo "$n respondents x 11 questions ($((n * 11)) rows, $mb MiB):"
	awk -v kt="$kt" -v km="$km" -v dt="$dt" -v dm="$dm" -v pt="$pt" \
	    -v pm="$pm" -v st="$st" -v sm="$sm" 'BEGIN {
		printf "  cjm-kpi                       %6.2f s CPU  peak RSS %7.1f MiB\n", kt, km / 1024
		printf "  cjm-drivers                   %6.2f s CPU  peak RSS %7.1f MiB  %.2fx cjm-kpi\n", dt, dm / 1024, dt / kt
		printf "  cjm-drivers --partial         %6.2f s CPU  peak RSS %7.1f MiB  %.2fx cjm-kpi\n", pt, pm / 1024, pt / kt
		printf "  cjm-drivers --by segment (3)  %6.2f s CPU  peak RSS %7.1f MiB  %.2fx cjm-kpi\n", st, sm / 1024, st / kt
	}'
done
