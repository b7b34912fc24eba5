#!/bin/sh
# The test runner: unit-test binaries (operands), then golden CLI cases,
# then scripted tests.  Ends with one line "N passed, N failed".
#
# Golden CLI case: tests/cli/<tool>/<NNNN-slug>/ holding
#	cmd	one line of sh, run from the top of the tree, bin/ first in PATH
#	stdin	optional standard input (default /dev/null)
#	expout	expected stdout (absent = must be empty)
#	experr	expected stderr (absent = must be empty)
#	status	expected exit status (absent = 0)
# Every case runs under LC_ALL=C and again under LC_ALL=fr_FR.UTF-8 (when
# that locale exists): stdout and status must be the same bytes.
# UPDATE=1 rewrites the expectations from what the tools do now (review
# with git diff).
#
# Scripted test: tests/sh/<name>.sh, run with sh from the top; exit 0
# pass, 77 skip (it prints why), anything else fail.
#
# Environment: BIN (default bin), T (only cases whose path contains T),
# OUT (where results go, default tests/out/BIN).
top=$(pwd)
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
out=${OUT:-$top/tests/out/$(basename "$BIN")}
PATH=$BIN:$PATH
export PATH BIN
LC_ALL=C; export LC_ALL
unset LANG LANGUAGE
fr=
if locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then fr=fr_FR.UTF-8; fi
pass=0 fail=0 skip=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }

for u in "$@"; do
	case $u in *${T:-}*) ;; *) continue ;; esac
	if "$u"; then ok; else ko "$u"; fi
done

for d in tests/cli/*/*/; do
	d=${d%/}; name=${d#tests/cli/}
	case $name in *${T:-}*) ;; *) continue ;; esac
	[ -f "$d/cmd" ] || continue
	o=$out/cli/$name; mkdir -p "$o"
	in=/dev/null; [ -f "$d/stdin" ] && in=$d/stdin
	sh -c "$(cat "$d/cmd")" <"$in" >"$o/out" 2>"$o/err"
	echo $? >"$o/status"
	want=0; [ -f "$d/status" ] && want=$(cat "$d/status")
	expout=/dev/null; [ -f "$d/expout" ] && expout=$d/expout
	experr=/dev/null; [ -f "$d/experr" ] && experr=$d/experr
	if [ -n "${UPDATE:-}" ]; then
		if [ -s "$o/out" ]; then cp "$o/out" "$d/expout"; else rm -f "$d/expout"; fi
		if [ -s "$o/err" ]; then cp "$o/err" "$d/experr"; else rm -f "$d/experr"; fi
		if [ "$(cat "$o/status")" != 0 ]; then cp "$o/status" "$d/status"; else rm -f "$d/status"; fi
		ok
		continue
	fi
	if cmp -s "$expout" "$o/out" && cmp -s "$experr" "$o/err" &&
	    [ "$(cat "$o/status")" = "$want" ]; then
		:
	else
		ko "$name (status $(cat "$o/status"), want $want)"
		diff -u "$expout" "$o/out" | head -n 40
		diff -u "$experr" "$o/err" | head -n 20
		continue
	fi
	if [ -n "$fr" ]; then
		LC_ALL=$fr sh -c "$(cat "$d/cmd")" <"$in" >"$o/out.fr" 2>/dev/null
		s=$?
		if ! cmp -s "$o/out" "$o/out.fr" || [ "$s" != "$want" ]; then
			ko "$name under LC_ALL=$fr (status $s)"
			diff -u "$o/out" "$o/out.fr" | head -n 20
			continue
		fi
	fi
	ok
done

for t in tests/sh/*.sh; do
	[ -f "$t" ] || continue
	case $t in *${T:-}*) ;; *) continue ;; esac
	log=$out/sh/$(basename "$t" .sh).log; mkdir -p "${log%/*}"
	sh "$t" >"$log" 2>&1
	s=$?
	case $s in
	0) ok ;;
	77) skip=$((skip + 1)); echo "SKIP $t: $(tail -n 1 "$log")" ;;
	*) ko "$t (status $s)"; tail -n 30 "$log" ;;
	esac
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
