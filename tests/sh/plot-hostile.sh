#!/bin/sh
# Names that would run commands if gnuplot interpreted them: backquotes
# (run inside double-quoted strings), system(), @macros, quotes,
# semicolons, newlines, a line "EOD" (ends a datablock), '%' (formats).
# Every chart, through the real gnuplot: no file may appear, and the
# names must show up as text in the SVG.
command -v "${GNUPLOT:-gnuplot}" >/dev/null 2>&1 || {
	echo "gnuplot not installed"; exit 77; }
t=$(mktemp -d) || exit 1
p=/tmp/cjm-pwned-$$
trap 'rm -rf "$t" "$p"*' EXIT
fail=0
ko() { echo "FAIL: $*"; fail=1; }

h='level,step,stage,touchpoint,channel,segment,period,metric,scale,target,n,low_base,kpi,value,ci_low,ci_high,pct_top,pct_mid,pct_bottom,net,net_low,net_high'
{
	echo "$h"
	for per in 2026-10 2026-11; do
	cat <<ROWS
group,1,\`touch $p-stage\`,\`touch $p-tp\`,online,,$per,nps,0-10,30,100,0,nps,10,0,20,40,30,30,10,0,20
group,2,Stage; quit,"""; system(""touch $p-sys""); """,online,,$per,nps,0-10,,100,0,nps,5,-5,15,35,35,30,5,-5,15
group,3,Stage; quit,"@x @@ x_1^2 {it's} 100%s %n \\n \\ \$d",online,,$per,nps,0-10,80,100,1,nps,20,10,30,45,30,25,20,10,30
group,5,Stage; quit,' @GPVAL_TERM'; print system('touch $p-lead'),offline,,$per,nps,0-10,,100,0,nps,0,-10,10,30,40,30,0,-10,10
group,4,"Multi
line","two
EOD
lines; set output '$p-out'; print system('touch $p-sq')",offline,,$per,nps,0-10,,100,0,nps,-5,-15,5,25,45,30,-5,-15,5
ROWS
	done
} >"$t/kpi.csv"
printf '%s\n' 'stage,touchpoint,segment,metric,period_cur,flag' \
    "\`touch $p-stage\`,\`touch $p-tp\`,,nps,2026-11,drop" >"$t/cmp.csv"

n=0
for args in "" "--curve net" "--chart dist" \
    "--chart trend -c $t/cmp.csv" "--chart trend --stage Stage;_quit"; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	set -- $args
	case $args in *Stage*) set -- --chart trend --stage 'Stage; quit' ;; esac
	for term in svg dumb; do
		cjm-plot -t $term --title "\`touch $p-title\` @x \"; system('touch $p-t2')" \
		    "$@" "$t/kpi.csv" >"$t/$n.$term" 2>"$t/err" ||
		    { ko "chart $n ($args) $term: status $?"; cat "$t/err"; }
	done
	ls "$p"* 2>/dev/null && ko "chart $n ($args): gnuplot ran a command from the data"
done
# the names are drawn as text (the SVG escapes < and &, not quotes)
for s in "\`touch" "\`touch $p-title\` @x \"; system('touch $p-t2')" \
    "@x @@ x_1^2" "{it's}" '100%s' '%n' 'Stage; quit' 'Multi line' \
    "' @GPVAL_TERM';"; do
	grep -qF -- "$s" "$t/1.svg" || ko "journey.svg: no text '$s'"
done
grep -qF -- "\"; system(\"touch" "$t/1.svg" || ko "journey.svg: no '\"; system(\"touch'"
grep -qF -- "two EOD lines; set output" "$t/3.svg" || ko "dist.svg: no 'two EOD lines...'"
grep -qF -- "\`touch $p-tp\`" "$t/4.svg" || ko "trend.svg: no series name"
grep -q 'significant drop' "$t/4.svg" || ko "trend.svg: the compare row did not match the hostile names"
# the drivers chart: hostile outcome, touchpoint, segment and period
# names in a drivers table (PWN stands for $p; a name starting with a
# quote, which gnuplot reads specially)
{
	echo 'outcome,outcome_metric,segment,period,step,stage,touchpoint,channel,metric,scale,n,importance,imp_low,imp_high,performance,quadrant,k,r2,r2_low,r2_high,conf'
	cat <<'ROWS'
`touch PWN-out`,nps,'; system('touch PWN-seg'),@GPVAL_TERM %s,1,S,`touch PWN-tp`,online,csat,1-5,100,60,50,70,40,fix,3,0.5,0.4,0.6,0.95
`touch PWN-out`,nps,'; system('touch PWN-seg'),@GPVAL_TERM %s,2,S,"""; system(""touch PWN-sys""); """,online,csat,1-5,100,30,20,40,80,keep,3,0.5,0.4,0.6,0.95
`touch PWN-out`,nps,'; system('touch PWN-seg'),@GPVAL_TERM %s,3,S,"two
EOD
lines <script>",online,ces,1-7,100,10,5,15,50,watch,3,0.5,0.4,0.6,0.95
ROWS
} | sed "s|PWN|$p|g" >"$t/drv.csv"
for term in svg dumb; do
	cjm-plot -t $term --chart drivers "$t/drv.csv" >"$t/drv.$term" 2>"$t/err" ||
	    { ko "drivers chart $term: status $?"; cat "$t/err"; }
done
ls "$p"* 2>/dev/null && ko "drivers chart: gnuplot ran a command from the data"
for s in "\`touch $p-tp\`" "\`touch $p-out\`" "'; system('touch $p-seg')" \
    "@GPVAL_TERM %s" "\"; system(\"touch" "two EOD lines &lt;script"; do
	grep -qF -- "$s" "$t/drv.svg" || ko "drivers.svg: no text '$s'"
done
[ $fail -eq 0 ] && echo "plot-hostile: ok"
exit $fail
