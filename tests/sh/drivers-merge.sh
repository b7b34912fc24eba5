#!/bin/sh
# cjm-drivers on shards: the partial tables of shards, added up by
# cjm-drivers, give exactly the bytes of one pass over all the data
# (unweighted, or with dyadic weights whose sums are exact).  Shards cut
# between respondents anywhere, or dealt by respondent; merged in any
# order; merged as a tree (partial of partials); mixed with a response
# table; with the grouping and statistical options.  A respondent cut in
# two between shards is an error.
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0 n=0

# 3000 respondents, 6 touchpoints answered at random, an NPS outcome
# that depends on two of them; 2 segments, 3 months; weights 1 (or
# 0.5 / 1 / 2 in wresp.csv).
awk 'BEGIN {
	srand(7)
	print "respondent,time,step,stage,touchpoint,channel,segment,metric,scale,score,weight"
	split("Website Checkout Delivery Hotline App Returns", tp, " ")
	split("ces csat csat ces csat ces", me, " ")
	split("1-7 1-5 1-5 5-1 1-5 1-7", sc, " ")
	for (i = 1; i <= 3000; i++) {
		q = rand() * 4
		seg = i % 3 ? "Family" : "Business"
		t = sprintf("2026-%02d-%02dT10:%02d:00", 9 + i % 3, 1 + i % 28, i % 60)
		for (j = 1; j <= 6; j++) {
			if (rand() < 0.3) continue
			hi = sc[j] ~ /7/ ? 7 : 5
			v = int(1 + q + rand() * (hi - 4)); if (v > hi) v = hi
			x[j] = v
			printf "r%d,%s,%d,S%d,%s,online,%s,%s,%s,%d,1\n", i, t, j, j, tp[j], seg, me[j], sc[j], v
		}
		y = int(q * 2 + x[2] / 2 + x[3] / 2 + rand() * 2); if (y > 10) y = 10
		printf "r%d,%s,7,Loyalty,Overall,online,%s,nps,0-10,%d,1\n", i, t, seg, y
	}
}' >"$t/resp.csv"
awk -F, 'NR == 1 { print; next } { n = substr($1, 2) % 3; $11 = n == 0 ? 0.5 : n == 1 ? 1 : 2; print }' OFS=, \
    "$t/resp.csv" >"$t/wresp.csv"

# shards of FILE: a-c cut at respondents 700 and 2100; d-f dealt by
# respondent number mod 3
shard() {
	awk -F, -v d="$t" -v p="$2" 'NR == 1 { h = $0; for (s = 1; s <= 6; s++) print h > (d "/" p s ".csv"); next }
	{ i = substr($1, 2) + 0
	  print > (d "/" p (i < 700 ? 1 : i < 2100 ? 2 : 3) ".csv")
	  print > (d "/" p (4 + i % 3) ".csv") }' "$1"
}
shard "$t/resp.csv" u
shard "$t/wresp.csv" w

# same NAME FILE-PREFIX OPTIONS: one pass against the shards, merged
same() {
	name=$1 p=$2
	shift 2
	one=$t/$p.one
	cjm-drivers -q "$@" "$t/resp.csv" >"$one" 2>/dev/null
	[ "$p" = w ] && cjm-drivers -q "$@" "$t/wresp.csv" >"$one"
	for s in 1 2 3 4 5 6; do
		cjm-drivers -q --partial "$@" "$t/$p$s.csv" >"$t/$p$s.drv" ||
		    { echo "$name: --partial failed"; fail=1; return; }
	done
	# statistical options go to the final step; the partials carry the
	# grouping
	stat=$(echo "$@" | sed 's/--by segment//; s/--period [a-z]*//; s/--since [0-9-]*//; s/--until [0-9-]*//')
	# shellcheck disable=SC2086
	cjm-drivers -q $stat "$t/${p}3.drv" "$t/${p}1.drv" "$t/${p}2.drv" >"$t/m1" &&
	# shellcheck disable=SC2086
	cjm-drivers -q $stat "$t/${p}5.drv" "$t/${p}6.drv" "$t/${p}4.drv" >"$t/m2" &&
	cjm-drivers -q --partial "$t/${p}1.drv" "$t/${p}2.drv" >"$t/${p}12.drv" &&
	# shellcheck disable=SC2086
	cjm-drivers -q $stat "$t/${p}12.drv" "$t/${p}3.drv" >"$t/m3" &&
	# shellcheck disable=SC2086
	cjm-drivers -q "$@" "$t/${p}1.drv" "$t/${p}2.csv" "$t/${p}3.drv" >"$t/m4" ||
	    { echo "$name: merging failed"; fail=1; return; }
	for m in m1 m2 m3 m4; do
		if ! cmp -s "$one" "$t/$m"; then
			echo "$name: merged ($m) differs from one pass"
			diff "$one" "$t/$m" | head -5
			fail=1
		fi
	done
	[ "$(wc -l <"$one")" -gt 6 ] || { echo "$name: too few rows"; fail=1; }
	n=$((n + 1))
}

same default u --boot 200
same cells u --by segment --period month --boot 200
same window u --since 2026-09-10 --until 2026-11-20 --boot 300 --seed 9
same relweights u --method relweights --level 0.9 --boot 200
same weighted-dyadic w --by segment --boot 200

# Shards kept as partial tables by day (what cjm-nightly caches per
# export), then read by runs grouped otherwise: a window, months by
# segment, --widen (its window grown back by months): the bytes of one
# pass over the response table with the same options.
days() {
	name=$1
	shift
	cjm-drivers -q "$@" "$t/resp.csv" >"$t/d.one" 2>/dev/null ||
	    { echo "$name: one pass failed"; fail=1; return; }
	stat=$(echo "$@" | sed 's/--by segment//; s/--period [a-z]*//; s/--since [0-9-]*//; s/--until [0-9-]*//; s/--widen [0-9]*//; s/--widen-by [a-z]*//')
	for s in 1 2 3; do
		# shellcheck disable=SC2046
		cjm-drivers -q --partial --period day $(echo "$@" | grep -o -- '--by segment') \
		    "$t/u$s.csv" >"$t/u$s.day" || { echo "$name: --partial --period day failed"; fail=1; return; }
	done
	cjm-drivers -q "$@" "$t/u2.day" "$t/u3.day" "$t/u1.day" >"$t/d.m" ||
	    { echo "$name: reading the day tables failed"; fail=1; return; }
	if ! cmp -s "$t/d.one" "$t/d.m"; then
		echo "$name: from day tables differs from one pass"
		diff "$t/d.one" "$t/d.m" | head -5
		fail=1
	fi
	[ "$(wc -l <"$t/d.one")" -gt 6 ] || { echo "$name: too few rows"; fail=1; }
	n=$((n + 1))
}
days day-window --since 2026-09-10 --until 2026-11-20 --boot 200
days day-months --by segment --period month --since 2026-10-01 --boot 200
days day-widen --since 2026-11-15 --until 2026-11-20 --widen 900 --boot 200
# --widen really widens: 6 days hold fewer than 900 respondents
if ! cjm-drivers --since 2026-11-15 --until 2026-11-20 --widen 900 --boot 0 \
    "$t/u1.day" "$t/u2.day" "$t/u3.day" 2>&1 >/dev/null |
    grep -q 'fewer than --widen 900: the window starts 2026-10-15'; then
	echo "--widen: no note that the window was widened"; fail=1
fi
# a day table cannot be cut within a day
if cjm-drivers --since 2026-11-15T12:00:00 "$t/u1.day" >/dev/null 2>&1; then
	echo "a day table was cut within a day"; fail=1
fi

# a respondent cut between two shards
head -4 "$t/resp.csv" | cjm-drivers --partial >"$t/c1.drv"
{ head -1 "$t/resp.csv"; sed -n '5,$p' "$t/resp.csv"; } | cjm-drivers --partial >"$t/c2.drv"
if cjm-drivers "$t/c1.drv" "$t/c2.drv" >/dev/null 2>"$t/err"; then
	echo "a respondent cut between shards was not noticed"; fail=1
elif ! grep -q "respondent 'r1' is also in" "$t/err"; then
	echo "cut respondent: unexpected message: $(cat "$t/err")"; fail=1
fi
[ $fail -eq 0 ] || exit 1
echo "drivers-merge: $n option sets, shards merged 4 ways (or from day tables) = one pass, byte for byte"
