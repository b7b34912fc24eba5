#!/bin/sh
# Every tool: --help (exit 0, a usage line), --version ("tool (cjm) X.Y.Z"),
# a bad option (exit 2 with "usage:" on stderr), a man page that mandoc
# -Tlint and man -l (groff, what a user runs) find clean, with the
# sections users look for; a crontab line in a man page is one line.
fail=0
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
manlint() {
	if command -v mandoc >/dev/null 2>&1; then
		mandoc -Tlint -Wwarning "$1" >"$t/lint" 2>&1 ||
		    { echo "$1: mandoc -Tlint:"; cat "$t/lint"; fail=1; }
	fi
	if command -v man >/dev/null 2>&1; then
		MANWIDTH=80 man -l "$1" 2>"$t/lint" >/dev/null
		[ -s "$t/lint" ] && { echo "$1: man -l:"; cat "$t/lint"; fail=1; }
	fi
	# cron has no continuation lines: a crontab entry in an example is
	# one line (the lines after MAILTO= in a literal display)
	awk '/^\.Bd/ { bd = 1; cron = 0 } /^\.Ed/ { bd = 0 }
	    bd && /^MAILTO=/ { cron = 1; next }
	    bd && cron && /\\e$/ { print FILENAME ":" FNR ": a crontab line split with \\e"; bad = 1 }
	    END { exit bad }' "$1" || fail=1
}
for d in cmd/*/; do
	[ -d "$d" ] || continue
	tool=$(basename "$d")
	"$tool" --help >"$t/help" 2>"$t/err"; s=$?
	[ $s -eq 0 ] || { echo "$tool --help: status $s"; fail=1; }
	grep -qi usage "$t/help" || { echo "$tool --help: no usage line"; fail=1; }
	v=$("$tool" --version)
	case $v in "$tool (cjm) "[0-9]*) ;; *) echo "$tool --version: '$v'"; fail=1 ;; esac
	"$tool" --no-such-option </dev/null >/dev/null 2>"$t/err"; s=$?
	[ $s -eq 2 ] || { echo "$tool --no-such-option: status $s, want 2"; fail=1; }
	grep -q '^usage: ' "$t/err" || { echo "$tool: bad option gives no usage line"; fail=1; }
	man=$d$tool.1
	[ -f "$man" ] || { echo "$tool: no man page $man"; fail=1; continue; }
	for sec in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" EXAMPLES; do
		grep -q "^\.Sh $sec" "$man" || { echo "$man: no $sec section"; fail=1; }
	done
	manlint "$man"
done
# The pipeline installed as cjm-nightly: the same version, help and man page.
want=$(sed -n 's/^#define CJM_VERSION "\(.*\)"/\1/p' lib/version.h)
v=$(sh pipelines/nightly --version)
[ "$v" = "nightly (cjm) $want" ] || { echo "nightly --version: '$v', want $want"; fail=1; }
sh pipelines/nightly --help | grep -q '^usage: ' || { echo "nightly --help: no usage"; fail=1; }
manlint pipelines/cjm-nightly.1
[ $fail -eq 0 ] && echo "tools-common: ok"
exit $fail
