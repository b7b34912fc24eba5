#!/bin/sh
# Metamorphic tests of the statistics (issue 10): properties that must
# hold on any data, checked on thousands of random tables (fixed seeds):
#  1. scale: multiplying every weight of a table by a constant c
#     (1e-120 .. 1e120) changes no printed estimate, interval, n_eff,
#     method, p-value or flag (cjm-kpi and cjm-compare);
#  2. permute: shuffling the rows changes no byte;
#  3. shard: any split of the rows into shards, cjm-kpi --partial on
#     each and cjm-merge, gives the bytes of one pass;
#  4. constant: a group whose answers all sit on one scale point (the
#     same in both months) has a zero-width mean interval (and NPS/net
#     interval when weighted or Wald) and never a test statistic, a
#     p-value or a flag -- except under the adjusted-Wald test, whose
#     pseudo-counts make any two groups of different n differ (stats.md
#     7.2, docs/methods.md), so it is left out of this check;
#  5. self: cjm-compare of a table with itself flags nothing.
# A "table" is one segment of a generated response table (cjm-kpi --by
# touchpoint,segment keeps segments apart), so one run checks thousands.
# Byte equality (2, 3) needs exact sums: those runs use dyadic weights
# (docs/scale-out.md); with arbitrary real weights the same runs must
# agree at the printed precision, which is checked too.
#
# STAT_TABLES sets the number of tables per data set (default 1000, 200
# under the sanitizers); make check-slow runs 20000.  STAT_SEED the seed.
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
for p in cjm-kpi cjm-merge cjm-compare; do
	command -v $p >/dev/null || { echo "$p not built"; exit 1; }
done
case ${BIN:-bin} in *san*) def=200 ;; *) def=1000 ;; esac
N=${STAT_TABLES:-$def}
SEED=${STAT_SEED:-20261207}
fail=0

# gen SEED TABLES MODE: a response table on stdout.  MODE: real (weights
# 10^U(-3,3) to 6 digits), dyadic (k/16 x 2^j, exact sums), const (every
# group on one point per period).  A third of the tables are unweighted,
# a tenth have one constant weight.  Groups: 1-3 touchpoints of random
# metric and scale, two months, n from 0 to 200 (many of 1 and 2).
gen() {
	awk -v seed="$1" -v T="$2" -v mode="$3" '
	function rnd() { x = (x * 16807) % 2147483647; return x / 2147483647 }
	function ri(a, b) { return a + int(rnd() * (b - a + 1)) }
	function wt(   e) {
		if (mode == "dyadic")
			return sprintf("%.17g", ri(1, 63) / 16 * 2 ^ ri(-3, 3))
		return sprintf("%.6g", 10 ^ (rnd() * 6 - 3))
	}
	BEGIN {
		x = seed % 2147483646 + 1
		ns = split("nps:0-10 csat:1-5 ces:1-7 ces:5-1 csat:1-3 " \
		    "csat:5-1 ces:7-1 csat:1-2 csat:0-10", ms, " ")
		print "respondent,time,step,stage,touchpoint,channel," \
		    "segment,metric,scale,score,weight,comment"
		for (k = 1; k <= T; k++) {
			u = rnd()
			wmode = u < 0.33 ? "unit" : u < 0.43 ? "const" : "var"
			cw = wt()
			g = ri(1, 3)
			for (s = 1; s <= g; s++) {
				split(ms[ri(1, ns)], mm, ":")
				split(mm[2], ab, "-")
				lo = ab[1] < ab[2] ? ab[1] : ab[2]
				hi = ab[1] < ab[2] ? ab[2] : ab[1]
				gpt = ri(lo, hi)	# mode const: both months
				for (per = 10; per <= 11; per++) {
					u = rnd()
					n = u < 0.05 ? 0 : u < 0.15 ? 1 : \
					    u < 0.25 ? 2 : u < 0.7 ? ri(3, 8) : \
					    u < 0.95 ? ri(9, 40) : ri(41, 200)
					# point probabilities: random, or all
					# on one point (always in mode const)
					one = mode == "const" || rnd() < 0.12
					pt = mode == "const" ? gpt : ri(lo, hi); tot = 0
					for (v = lo; v <= hi; v++) {
						pr[v] = one ? (v == pt) : rnd() ^ 3
						tot += pr[v]
					}
					for (j = 1; j <= n; j++) {
						r = rnd() * tot; c = 0
						for (v = lo; v < hi; v++) {
							c += pr[v]
							if (r < c && pr[v] > 0)
								break
						}
						while (pr[v] == 0) v--
						w = wmode == "unit" ? 1 : \
						    wmode == "const" ? cw : wt()
						printf "R%d_%d_%d,2026-%d-15T10:00:00," \
						    "%d,S,T%d,online,t%d,%s,%s,%d,%s,\n",
						    k, s, j, per, s, s, k, mm[1],
						    mm[2], v, w
					}
				}
			}
		}
	}'
}

# cmpnum A B SKIP [EXACT]: the two CSV files have the same rows; the
# columns named in SKIP (comma list) are not compared; the others must be
# equal bytes (EXACT=1), or numbers that agree to one unit of the printed
# precision: 6 decimals (or 1e-9 relative: a z of 428836.964499 prints
# 12 digits, more than weights rounded to 17 digits can promise), or 6
# significant digits for p-values.  Prints the number of fields that
# differed; fails (exit 1) on any other difference.
cmpnum() {
	awk -F, -v skip="$3" -v exact="${4:-0}" '
	function abs(v) { return v < 0 ? -v : v }
	BEGIN { ns = split(skip, sk, ","); for (i = 1; i <= ns; i++) skipf[sk[i]] = 1 }
	NR == FNR { a[FNR] = $0; na = FNR; next }
	FNR == 1 {
		if ($0 != a[1]) { print "headers differ"; bad = 1; exit }
		for (i = 1; i <= NF; i++) name[i] = $i
		next
	}
	{
		nb = FNR
		m = split(a[FNR], f, ",")
		if (m != NF) { print "line " FNR ": field count"; bad = 1; next }
		for (i = 1; i <= NF; i++) {
			if (skipf[name[i]] || f[i] == $i) continue
			if (exact || f[i] == "" || $i == "") {
				print "line " FNR ": " name[i] ": \"" f[i] "\" vs \"" $i "\""
				bad = 1; continue
			}
			d = abs(f[i] - $i); x = abs(f[i] + 0)
			if (name[i] == "p" || name[i] == "p_adj")
				ok = d <= 1.00001e-5 * x
			else	# 6 decimals; 12 digits of a large statistic
				ok = d <= 1.00001e-6 || d <= 1e-9 * x
			if (!ok) {
				print "line " FNR ": " name[i] ": " f[i] " vs " $i
				bad = 1
			} else
				ulp++
		}
	}
	END {
		if (nb != na) { print "row counts differ: " na " vs " nb; bad = 1 }
		print ulp + 0
		exit bad
	}' "$1" "$2"
}

note() { printf '%s\n' "$*"; }
nf=0 nf0=0
die1() { note "FAIL: $*"; fail=1; nf=$((nf + 1)); }
ok() { [ $nf = $nf0 ] && note "ok: $*"; nf0=$nf; }

KOPTS="--by touchpoint,segment --period month --journey"
opts() {
	case $1 in
	default) echo "" ;;
	wald) echo "--nps-ci wald --prop-ci agresti-coull -l 0.9" ;;
	score) echo "--nps-ci score --prop-ci clopper-pearson -l 0.99" ;;
	jeffreys) echo "--prop-ci jeffreys -l 0.8 --min-n 10" ;;
	esac
}
copts() {
	case $1 in
	default) echo "" ;;
	wald) echo "--nps-test wald --adjust holm -l 0.9" ;;
	score) echo "--kpi net --adjust by -a 0.1" ;;
	jeffreys) echo "--adjust none -l 0.8" ;;
	esac
}

gen $SEED "$N" real >"$t/real.csv"
gen $((SEED + 1)) "$N" dyadic >"$t/dy.csv"
gen $((SEED + 2)) "$N" const >"$t/const.csv"
rows=$(($(wc -l <"$t/real.csv") + $(wc -l <"$t/dy.csv") - 2))
note "tables: $N real-weight, $N dyadic-weight, $N constant ($rows rows + $(($(wc -l <"$t/const.csv") - 1)))"

# 1. Scale: every weight of table k times c_k.  pow2: c_k = 2^j, j
# uniform in -398..398 (1e-120 .. 1e120): the scaled weights are exact,
# so every printed statistic must be the same bytes.  dec: c_k = m x
# 10^e, m in 1..10, e in -120..120, weights rounded to 17 digits: equal
# to one unit of the printed precision.  Unit weights are left alone (a
# table of weights 1 is unweighted, scaled it would be weighted: a
# different method by design, docs/methods.md).
W=$(echo w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 q0 q1 q2 q3 q4 q5 q6 q7 q8 q9 q10 | tr ' ' ,)
for how in pow2 dec; do
	awk -F, -v OFS=, -v seed=$SEED -v how=$how '
		function rnd() { x = (x * 16807) % 2147483647; return x / 2147483647 }
		BEGIN { x = seed % 2147483646 + 7 }
		NR == 1 { print; next }
		{
			if (!($7 in c))
				c[$7] = how == "pow2" ? 2 ^ int(rnd() * 797 - 398) : \
				    (1 + 9 * rnd()) * 10 ^ int(rnd() * 241 - 120)
			if ($11 != "1") $11 = sprintf("%.17g", $11 * c[$7])
			print
		}' "$t/real.csv" >"$t/scaled.csv"
	ex=0; [ $how = pow2 ] && ex=1
	sets="default score"; [ $how = dec ] && sets="wald jeffreys"
	[ -n "${STAT_SLOW:-}" ] && sets="default wald score jeffreys"
	for s in $sets; do
		cjm-kpi -q $KOPTS $(opts $s) "$t/real.csv" >"$t/k1.csv" || die1 "cjm-kpi $s"
		cjm-kpi -q $KOPTS $(opts $s) "$t/scaled.csv" >"$t/k2.csv" || die1 "cjm-kpi $s scaled"
		u=$(cmpnum "$t/k1.csv" "$t/k2.csv" "weight_sum,$W" $ex) ||
		    { printf '%s\n' "$u" | head -n 10; die1 "scale ($how, $s): cjm-kpi output changed"; }
		cjm-compare -q $(copts $s) "$t/k1.csv" >"$t/c1.csv"; s1=$?
		cjm-compare -q $(copts $s) "$t/k2.csv" >"$t/c2.csv"; s2=$?
		[ $s1 = $s2 ] || die1 "scale ($how, $s): cjm-compare exit $s1 vs $s2"
		v=$(cmpnum "$t/c1.csv" "$t/c2.csv" "" $ex) ||
		    { printf '%s\n' "$v" | head -n 10; die1 "scale ($how, $s): cjm-compare output changed"; }
		ok "scale ($how, $s): $(($(wc -l <"$t/k1.csv") - 1)) KPI rows, $(($(wc -l <"$t/c1.csv") - 1)) compare rows, $( [ $ex = 1 ] && echo "same bytes" || echo "$(echo "$u" | tail -n 1)+$(echo "$v" | tail -n 1) fields one unit apart")"
	done
done

# same DATA WHAT: k1.csv and k2.csv are the same bytes (dyadic weights,
# exact sums) or, with real weights, agree to the printed precision (the
# w*/q* sums may differ in the 17th digit: docs/scale-out.md).
same() {
	if [ $1 = dy ]; then
		cmp -s "$t/k1.csv" "$t/k2.csv" || { diff "$t/k1.csv" "$t/k2.csv" |
		    head -n 4; die1 "$2: not the same bytes"; }
		ok "$2: $(($(wc -l <"$t/k1.csv") - 1)) rows, the same bytes"
	else
		u=$(cmpnum "$t/k1.csv" "$t/k2.csv" "$W") ||
		    { printf '%s\n' "$u" | head; die1 "$2: statistics changed"; }
		ok "$2: $(($(wc -l <"$t/k1.csv") - 1)) rows equal, $(echo "$u" | tail -n 1) fields one unit apart"
	fi
}

# 2. Permute the rows.
perm() {	# file seed
	{ head -n 1 "$1"; tail -n +2 "$1" | awk -v seed=$2 '
	    function rnd() { x = (x * 16807) % 2147483647; return x / 2147483647 }
	    BEGIN { x = seed % 2147483646 + 3 }
	    { printf "%.10f\t%s\n", rnd(), $0 }' | sort -k1,1 | cut -f 2-; }
}
for d in dy real; do
	perm "$t/$d.csv" $SEED >"$t/perm.csv"
	cmp -s "$t/$d.csv" "$t/perm.csv" && die1 "the permutation did nothing"
	s=default; [ $d = real ] && s=score
	for s in $s; do
		cjm-kpi -q $KOPTS $(opts $s) "$t/$d.csv" >"$t/k1.csv"
		cjm-kpi -q $KOPTS $(opts $s) "$t/perm.csv" >"$t/k2.csv"
		same $d "permute ($d weights, $s)"
	done
done

# 3. Shard: rows dealt at random into 2-7 shards (not contiguous).
for d in dy real; do
	ks="2 7"; [ $d = real ] && ks=5
	[ -n "${STAT_SLOW:-}" ] && ks="2 3 5 7"
	for k in $ks; do
		rm -f "$t"/shard-*
		awk -v k=$k -v seed=$((SEED + k)) -v dir="$t" '
		    function rnd() { x = (x * 16807) % 2147483647; return x / 2147483647 }
		    BEGIN { x = seed % 2147483646 + 5 }
		    NR == 1 { for (i = 1; i <= k; i++) print > (dir "/shard-" i ".csv"); next }
		    { print > (dir "/shard-" (1 + int(rnd() * k)) ".csv") }' "$t/$d.csv"
		s=$(echo "default wald score jeffreys" | cut -d' ' -f$((k % 4 + 1)))
		for f in "$t"/shard-*.csv; do
			cjm-kpi -q --partial --by touchpoint,segment --period month "$f" >"$f.part" || die1 "shard $f"
		done
		cjm-merge --journey $(opts $s) "$t"/shard-*.csv.part >"$t/k2.csv" || die1 "cjm-merge"
		cjm-kpi -q $KOPTS $(opts $s) "$t/$d.csv" >"$t/k1.csv"
		same $d "shard ($d weights, $k shards, $s)"
	done
done

# 4. Constant answers: zero-width intervals, no statistic, never a flag.
for s in default wald; do
	cjm-kpi -q --by touchpoint,segment --period month $(opts $s) "$t/const.csv" >"$t/k1.csv" || die1 "cjm-kpi const"
	awk -F, -v set=$s '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{
		n = $c["n"]; w = $c["method"] ~ /^linearised/
		if (n >= 2 && !($c["mean_low"] == $c["mean"] && $c["mean_high"] == $c["mean"] && $c["sd"] == 0))
			{ print "mean interval not a point: " $0; bad = 1 }
		if (n >= 2 && (w || set == "wald") && !($c["net_low"] == $c["net"] && $c["net_high"] == $c["net"]))
			{ print "net interval not a point: " $0; bad = 1 }
		if (n >= 2 && w && !($c["ci_low"] == $c["value"] && $c["ci_high"] == $c["value"]))
			{ print "headline interval not a point: " $0; bad = 1 }
		if ($c["median"] != $c["mean"]) { print "median != mean: " $0; bad = 1 }
	}
	END { exit bad }' "$t/k1.csv" >"$t/out" || { head -n 5 "$t/out"; die1 "constant ($s): intervals"; }
	nc=0
	for o in "" "--kpi net" "--nps-test wald --adjust none -a 0.5"; do
		cjm-compare -q $o "$t/k1.csv" >"$t/c1.csv"; st=$?
		[ $st = 0 ] || die1 "constant ($s, $o): cjm-compare exit $st"
		awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		    $c["test"] == "adjusted-wald-z" { next }
		    # one answer on a side: no SE, no interval (documented)
		    $c["n_prev"] < 2 || $c["n_cur"] < 2 { if ($c["stat"] != "" || $c["flag"] != "") { print; bad = 1 } next }
		    $c["stat"] != "" || $c["p"] != "" || $c["p_adj"] != "" || $c["flag"] != "" { print; bad = 1 }
		    $c["test"] != "n-1-two-proportion" && ($c["diff_low"] != $c["diff"] || $c["diff_high"] != $c["diff"]) { print; bad = 1 }
		    { k++ }
		    END { print k + 0; exit bad }' "$t/c1.csv" >"$t/out" ||
		    { head -n 5 "$t/out"; die1 "constant ($s, $o): a test statistic or flag"; }
		nc=$((nc + $(tail -n 1 "$t/out")))
	done
	ok "constant ($s): $(($(wc -l <"$t/k1.csv") - 1)) KPI rows, $nc compare rows (3 option sets) without a statistic or flag"
done

# 5. A table compared with itself.
for d in real dy const; do
	cjm-kpi -q --by touchpoint,segment "$t/$d.csv" >"$t/k1.csv"
	for o in "" "--kpi net --adjust none" "--nps-test wald -a 0.5"; do
		cjm-compare -q $o "$t/k1.csv" "$t/k1.csv" >"$t/c1.csv"; st=$?
		[ $st = 0 ] || die1 "self ($d, $o): exit $st"
		awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		    $c["flag"] != "" || $c["diff"] != 0 { print; bad = 1 }
		    END { exit bad }' "$t/c1.csv" >"$t/out" ||
		    { head -n 5 "$t/out"; die1 "self ($d, $o): a flag or a difference"; }
	done
	ok "self ($d): $(($(wc -l <"$t/c1.csv") - 1)) rows, no flag"
done

exit $fail
