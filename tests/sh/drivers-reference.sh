#!/bin/sh
# cjm-drivers against an independent computation with numpy
# (tests/sh/drivers-reference.py) on the fixed data sets of
# testdata/drivers: drivers.md's vector, a table with skipped touchpoints
# and a reversed scale (also by segment and month, where the pairwise
# matrix needs repair), the same weighted, one with degenerate
# predictors; LMG and relative weights.  Where scipy is installed
# (python3-scipy, wanted) the reference's unweighted r and interval are
# checked against scipy.stats.pearsonr to 1e-12.  r, its Fisher-z interval, n_eff,
# the shares (as fractions), performance and R^2 must agree to 1e-9.
# numpy comes from Debian's python3-numpy (.ci/deps, wanted); without it
# the test is skipped.
# A python3 with scipy too is preferred: the reference then checks its
# r and Fisher-z interval against scipy.stats.pearsonr (unweighted pairs).
py=
for m in 'numpy, scipy' numpy; do
	for p in python3 /usr/bin/python3; do
		if command -v "$p" >/dev/null 2>&1 &&
		    "$p" -c "import $m" >/dev/null 2>&1; then
			py=$p
			break 2
		fi
	done
done
[ -n "$py" ] || { echo "skip: no python3 with numpy (Debian python3-numpy)"; exit 77; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0 n=0

# check NAME MIN_N METHOD BY_SEGMENT UNIT FILE: tool vs reference
check() {
	name=$1 min=$2 meth=$3 seg=$4 unit=$5 f=$6
	opts="--min-n $min --method $meth --boot 0 --digits 15 -q"
	[ "$seg" = 1 ] && opts="$opts --by segment"
	[ -n "$unit" ] && opts="$opts --period $unit"
	# shellcheck disable=SC2086
	cjm-drivers $opts "$f" >"$t/tool.csv" || { echo "$name: cjm-drivers failed"; fail=1; return; }
	"$py" tests/sh/drivers-reference.py "$f" "$min" "$meth" "$seg" "$unit" \
	    >"$t/ref.csv" || { echo "$name: reference failed"; fail=1; return; }
	"$py" - "$t/tool.csv" "$t/ref.csv" "$name" <<'EOF' || fail=1
import csv, sys
tool = list(csv.DictReader(open(sys.argv[1], newline="")))
ref = list(csv.DictReader(open(sys.argv[2], newline="")))
name = sys.argv[3]
bad = 0
if len(tool) != len(ref):
    print("%s: %d rows, reference %d" % (name, len(tool), len(ref))); sys.exit(1)
worst = 0.0
for a, b in zip(tool, ref):
    for k in ("segment", "period", "touchpoint", "metric", "n"):
        if a[k] != b[k]:
            print("%s: %s %r, reference %r" % (name, k, a[k], b[k])); bad += 1
    for k, scale in (("n_eff", 1), ("r", 1), ("r_low", 1), ("r_high", 1),
                     ("importance", 100), ("performance", 100), ("r2", 1)):
        x, y = a[k], b[k]
        if (x == "") != (y == ""):
            print("%s: %s %s: %r, reference %r" % (name, a["touchpoint"], k, x, y)); bad += 1
        elif x != "":
            d = abs(float(x) - float(y)) / scale
            worst = max(worst, d)
            if d > 1e-9:
                print("%s: %s %s: %s, reference %s" % (name, a["touchpoint"], k, x, y)); bad += 1
print("%s: %d rows, largest difference %.1e" % (name, len(tool), worst))
sys.exit(1 if bad else 0)
EOF
	n=$((n + 1))
}

d=testdata/drivers
check vector 0 lmg 0 "" $d/vector.csv
check vector-relweights 0 relweights 0 "" $d/vector.csv
check small 10 lmg 0 "" $d/small.csv
check small-cells 10 lmg 1 month $d/small.csv
check small-relweights 10 relweights 1 "" $d/small.csv
check weighted 10 lmg 0 "" $d/weighted.csv
check weighted-cells 5 lmg 1 month $d/weighted.csv
check degenerate 10 lmg 0 "" $d/degenerate.csv
check degenerate-relweights 10 relweights 0 "" $d/degenerate.csv
check demo-like 30 lmg 0 "" $d/small.csv
[ $fail -eq 0 ] || exit 1
echo "drivers-reference: $n data sets agree with numpy to 1e-9"
