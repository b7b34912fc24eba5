#!/bin/sh
# Every command in README.md and docs/*.md runs as written on a fresh
# clone (issue 9, item 10).  The commands are the lines "$ command" of
# indented code blocks and every line of ```sh blocks.  Each document's
# commands run in order in one shell, started at the top of a copy of the
# tracked files (with the build copied in, so that "make" has nothing to
# do), with the PATH of a fresh login (no bin/): a document that wants the
# tools on PATH, or another directory, says so with its own commands.
#   - A command must exit 0, unless the next one is "echo $?", whose
#     output the document shows, or it ends with a comment "# exit N".
#   - The output a document shows under a command must be the command's
#     output (stdout and stderr), line by line in order; the document may
#     leave lines out.  Timestamps are not compared; a line "[…]" stands
#     for lines left out.
# Not run: make check / bench / install / deps / lint (the test suite
# itself, or they change the machine), and commands whose program is not
# installed (said in the output).  Runs in the plain pass only (BIN=bin).
top=$(pwd)
BIN=${BIN:-bin}
OBJ=${OBJ:-obj}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
case $OBJ in /*) ;; *) OBJ=$top/$OBJ ;; esac
case ${BIN##*/} in
bin)	;;
*)	echo "skip: the documents are run in the plain pass (BIN=bin), not with $BIN"; exit 77 ;;
esac
[ -x "$BIN/cjm-ingest" ] && [ -d "$OBJ" ] || { echo "skip: build first (bin/ and obj/)"; exit 77; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
ko() { echo "FAIL: $*"; fail=1; }

# ---- a fresh clone: the tracked files, their times kept -------------------
tree=$t/tree
mkdir "$tree"
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$top" && git ls-files -z | xargs -0 cp -p --parents -t "$tree" 2>/dev/null)
else	# an unpacked archive: everything but build and test output
	(cd "$top" && find . -path ./bin -prune -o -path './bin-*' -prune -o \
	    -path ./obj -prune -o -path './obj-*' -prune -o -path ./tests/out -prune -o \
	    -path ./demo -prune -o -type f -print | cpio -pdm "$tree" 2>/dev/null)
fi
[ -f "$tree/Makefile" ] || { ko "could not copy the tree"; exit 1; }
cp -pR "$BIN" "$tree/bin" && cp -pR "$OBJ" "$tree/obj" || { ko "could not copy the build"; exit 1; }
(cd "$tree" && make -q all 2>/dev/null) ||
    echo "note: make has work to do in the copy (sources newer than the build?)"

# ---- the commands of a document ------------------------------------------------
# Writes DIR/N.cmd (the command), DIR/N.out (what the document shows under
# it), DIR/N.echo (1 when the next command is "echo $?").
extract() {
	awk -v dir="$2" '
	function flush() { if (n > 0) close(dir "/" n ".out") }
	function cmd(c) {
		flush()
		n++
		if (c ~ /^echo \$\?[ \t]*$/ && n > 1) print 1 >(dir "/" (n - 1) ".echo")
		printf "%s\n", c >(dir "/" n ".cmd"); close(dir "/" n ".cmd")
		printf "" >(dir "/" n ".out")
		inout = 1
	}
	/^```sh[ \t]*$/ { fence = 1; inout = 0; next }
	fence && /^```/ { fence = 0; next }
	fence {
		line = cont $0
		if (line ~ /\\$/) { cont = substr(line, 1, length(line) - 1) "\n"; next }
		cont = ""
		if (line !~ /^[ \t]*(#|$)/) { cmd(line); inout = 0 }
		next
	}
	/^    \$ / {
		line = substr($0, 7)
		while (line ~ /\\$/ && (getline nx) > 0)
			line = substr(line, 1, length(line) - 1) "\n" substr(nx, 5)
		cmd(line)
		next
	}
	/^    / && inout { print substr($0, 5) >>(dir "/" n ".out"); next }
	/^[ \t]*$/ && inout { print "" >>(dir "/" n ".out"); next }
	{ inout = 0 }
	END { flush(); print n + 0 >(dir "/count") }' "$1"
}

# normalise: timestamps, blanks at line ends, blank lines out
norm() {
	sed -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9] /TIME /g' \
	    -e 's/[ \t]*$//' "$1" | grep -v '^$'
}
# shown SHOWN ACTUAL: every shown line is in ACTUAL, in order
shown() {
	norm "$1" >"$t/a"; norm "$2" >"$t/b"
	awk 'FILENAME == ARGV[1] { if ($0 !~ /^[ \t]*\[(…|\.\.\.)\][ \t]*$/) want[++n] = $0; next }
	    k < n && $0 == want[k + 1] { k++ }
	    END { if (k < n) { print "    first line not in the output: " want[k + 1]; exit 1 } }' \
	    "$t/a" "$t/b"
}

ran=0 skipped=0
for doc in README.md docs/*.md; do
	[ -f "$tree/$doc" ] || continue
	d=$t/cmds/$doc
	mkdir -p "$d"
	extract "$tree/$doc" "$d"
	n=$(cat "$d/count")
	[ "$n" -gt 0 ] || continue
	# one shell per document, at the top of the tree, a fresh PATH
	{
		echo 'cd "$1" || exit 1'
		echo 'PATH=/usr/local/bin:/usr/bin:/bin; export PATH'
		echo 'unset CJM_BIN; __s=0'
		i=1
		while [ $i -le "$n" ]; do
			c=$(cat "$d/$i.cmd")
			case $c in
			make\ check*|make\ bench*|make\ install*|make\ deps*|make\ lint*|*sudo\ *|*apt-get*)
				echo "echo 'skip $i: not run by this test' >\"\$2/$i.skip\""
				i=$((i + 1)); continue ;;
			esac
			# optional programs (Debian "want" packages): skipped when absent
			p=${c%% *}
			case $p in mlr|datamash|parallel|chromium|gnuplot|duckdb|node|npm|hadoop) ;; *) p= ;; esac
			# the command, with $? as the one before left it
			printf 'if [ -z "%s" ] || command -v %s >/dev/null 2>&1; then\n' "$p" "${p:-:}"
			printf '{ (exit $__s); eval "$(cat "$2/%d.cmd")"; } >"$2/%d.got" 2>&1 </dev/null; __s=$?\n' "$i" "$i"
			printf 'echo $__s >"$2/%d.status"\n' "$i"
			printf 'else echo "skip %d: %s is not installed" >"$2/%d.skip"; fi\n' "$i" "$p" "$i"
			i=$((i + 1))
		done
	} >"$d/run.sh"
	(sh "$d/run.sh" "$tree" "$d") >/dev/null 2>&1
	i=1
	while [ $i -le "$n" ]; do
		c=$(head -n 1 "$d/$i.cmd")
		if [ -f "$d/$i.skip" ]; then
			skipped=$((skipped + 1))
			case $(cat "$d/$i.skip") in *"not installed"*) echo "$doc: $(cat "$d/$i.skip"): $c" ;; esac
		elif [ ! -f "$d/$i.status" ]; then
			ko "$doc: not run (the shell stopped before): $c"
		else
			ran=$((ran + 1))
			st=$(cat "$d/$i.status")
			want=0
			case $c in *"# exit "[0-9]*) want=${c##*# exit }; want=${want%%[!0-9]*} ;; esac
			if [ "$st" != "$want" ] && [ ! -f "$d/$i.echo" ]; then
				ko "$doc: status $st (want $want): $c"
				tail -n 5 "$d/$i.got" | sed 's/^/    /'
			elif ! shown "$d/$i.out" "$d/$i.got" >"$t/why"; then
				ko "$doc: the output shown is not the output of: $c"
				cat "$t/why"
			fi
		fi
		i=$((i + 1))
	done
done
[ $ran -gt 0 ] || ko "no command found in the documents"
[ $fail -eq 0 ] && echo "docs-commands: ok ($ran commands run, $skipped not run)"
exit $fail
