#!/bin/sh
# cjm-map: text from the data never becomes markup or a terminal
# control, in any format.  The evil inputs name a touchpoint
# <img src=x onerror=alert(1)>, a segment <b>Family</b>, and hold the
# comment <script>alert(1)</script>, terminal escapes and bidi overrides.
D=testdata/map
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
no() {	# no(file, what, extended regex): the pattern must not occur
	if grep -Eq -- "$3" "$1"; then
		echo "FAIL $2: found /$3/:"; grep -En -- "$3" "$1" | head -n 3
		fail=1
	fi
}
yes() {	# yes(file, what, fixed string): must occur
	grep -Fq -- "$3" "$1" || { echo "FAIL $2: missing '$3'"; fail=1; }
}
for f in html md text; do
	cjm-map -f "$f" --no-charts -c $D/evil-compare.csv \
	    -r $D/evil-responses.csv -s $D/evil-segments.csv \
	    -d $D/evil-drivers.csv \
	    $D/evil-kpi.csv >"$t/out.$f" || { echo "FAIL -f $f: status $?"; fail=1; }
done

# HTML: the only tags are ours; the data shows as escaped text.
no "$t/out.html" html '<(script|img|iframe|i>|b>Family)'
no "$t/out.html" html 'onerror=alert\(1\)>'
# links: in-page anchors only
no "$t/out.html" html '<a [^>]*href="[^#]'
no "$t/out.html" html "$(printf '\342\200\256')"	# U+202E
yes "$t/out.html" html '&lt;script&gt;alert(1)&lt;/script&gt;'
yes "$t/out.html" html '&lt;img src=x onerror=alert(1)&gt;'
yes "$t/out.html" html '&lt;b&gt;Family&lt;/b&gt;'
yes "$t/out.html" html '# Support | &quot;help&quot; &amp; *more*'
# the drivers section: the outcome and the touchpoints, escaped
yes "$t/out.html" html 'of the variance of &lt;i&gt;Live&lt;/i&gt; chat `rm -rf ~` | *x*'
# every tag in the file is one cjm-map writes itself
grep -o '<[a-zA-Z][a-zA-Z0-9]*' "$t/out.html" | sort -u >"$t/tags"
for tag in $(cat "$t/tags"); do
	case $tag in
	'<html'|'<head'|'<meta'|'<title'|'<style'|'<body'|'<main'|'<header'|\
	'<h1'|'<h2'|'<h3'|'<p'|'<b'|'<i'|'<div'|'<span'|'<small'|'<section'|\
	'<ol'|'<ul'|'<li'|'<br'|'<blockquote'|'<cite'|'<table'|'<tr'|'<th'|\
	'<td'|'<code'|'<footer'|'<figure'|'<figcaption'|'<nav'|'<a') ;;
	*) echo "FAIL html: unexpected tag $tag"; fail=1 ;;
	esac
done

# Markdown: the only raw HTML is <br>; Markdown syntax from the data is
# escaped.
grep -o '<[^>]*>' "$t/out.md" | grep -v '^<br>$' >"$t/mdtags"
[ -s "$t/mdtags" ] && { echo "FAIL md: raw HTML:"; head -n 3 "$t/mdtags"; fail=1; }
yes "$t/out.md" md '&lt;script&gt;alert(1)&lt;/script&gt;'
yes "$t/out.md" md '&lt;img src=x onerror=alert(1)&gt;'
yes "$t/out.md" md '\# Support \| &quot;help&quot; &amp; \*more\*'
yes "$t/out.md" md '\[link\](javascript'
yes "$t/out.md" md '&lt;i&gt;Live&lt;/i&gt; chat \`rm -rf \~\` \| \*x\*'
no "$t/out.md" md '(^|[^\\])\[link\]'

# Text: the words are there, the controls are not.
yes "$t/out.text" text '<script>alert(1)</script>'
yes "$t/out.text" text '<img src=x onerror=alert(1)>'
no "$t/out.text" text "$(printf '[\033\007\r]')"
no "$t/out.text" text "$(printf '\342\200\256')"
[ $fail -eq 0 ] && echo "map-escape: ok"
exit $fail
