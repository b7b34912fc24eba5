#!/bin/sh
# cjm-plot when gnuplot is missing, fails, dies or stops reading: exit 1,
# a message with gnuplot's own words, and no output file left behind (no
# partial, no empty, no temporary file; an existing file unchanged).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
ko() { echo "FAIL: $*"; fail=1; }
kpi=testdata/plot/kpi.csv

# run NAME EXPECTED-IN-MESSAGE GNUPLOT [cjm-plot args...]
run() {
	name=$1 want=$2 gp=$3; shift 3
	case $gp in "$t"/*) chmod +x "$gp" ;; esac
	rm -rf "$t/out"; mkdir "$t/out"
	echo keep >"$t/out/old.png"
	GNUPLOT=$gp cjm-plot "$@" -o "$t/out/new.png" "${big:-$kpi}" 2>"$t/err"; s=$?
	[ $s -eq 1 ] || ko "$name: status $s, want 1"
	grep -qF -- "$want" "$t/err" || { ko "$name: message lacks '$want':"; cat "$t/err"; }
	[ "$(wc -l <"$t/err")" -ge 1 ] && head -c 9 "$t/err" | grep -q '^cjm-plot:' ||
	    ko "$name: message does not start with 'cjm-plot:'"
	[ -e "$t/out/new.png" ] && ko "$name: left new.png behind"
	[ "$(ls -A "$t/out")" = old.png ] || ko "$name: left $(ls -A "$t/out")"
	GNUPLOT=$gp cjm-plot "$@" -o "$t/out/old.png" "${big:-$kpi}" 2>/dev/null
	[ "$(cat "$t/out/old.png")" = keep ] || ko "$name: changed an existing file"
	echo "$name: $(cat "$t/err")"
}

run missing "cannot run '/nonexistent/gnuplot': No such file or directory" \
    /nonexistent/gnuplot
run not-executable "Permission denied" "$kpi"

cat >"$t/fails" <<'S'
#!/bin/sh
cat >/dev/null
echo 'line 12: unknown or ambiguous terminal type; type just "set terminal" for a list' >&2
exit 1
S
run fails 'line 12: unknown or ambiguous terminal type' "$t/fails"

# writes half a file, then fails: nothing of it may remain
cat >"$t/partial" <<'S'
#!/bin/sh
printf '\211PNG\r\n\032\npartial'
cat >/dev/null
echo "out of memory" >&2
exit 2
S
run partial 'failed (exit status 2): out of memory' "$t/partial"

# exits at once without reading its input (SIGPIPE must not kill us)
cat >"$t/early" <<'S'
#!/bin/sh
exec 0<&-
echo "gnuplot: cannot read the script" >&2
exit 3
S
# a script far larger than a pipe buffer, so that writing it must fail
{ head -n 1 "$kpi"; i=0; while [ $i -lt 2000 ]; do
	echo "group,$((i + 1)),Stage $((i / 10)),Touchpoint $i,online,,,nps,0-10,30,300,300,300,0,nps,18,10.3,25.6,adjusted-wald,0.95,41,36,23,18,10.3,25.6,x"
	i=$((i + 1)); done; } >"$t/big.csv"
big=$t/big.csv
run early 'cannot read the script' "$t/early" --chart dist
big=

# succeeds but writes nothing
printf '#!/bin/sh\ncat >/dev/null\n' >"$t/silent"
run silent 'wrote no output' "$t/silent"

# killed by a signal
printf '#!/bin/sh\necho dying >&2\nkill -9 $$\n' >"$t/killed"
run killed 'killed by signal 9' "$t/killed"
# a PNG is not written to a terminal (script(1) gives us one)
if command -v script >/dev/null 2>&1; then
	script -qec "cjm-plot $kpi" /dev/null >"$t/tty" 2>&1
	grep -q 'not writing a binary chart to a terminal' "$t/tty" ||
	    { ko "PNG to a terminal:"; cat "$t/tty"; }
fi
[ $fail -eq 0 ] && echo "plot-fail: ok"
exit $fail
