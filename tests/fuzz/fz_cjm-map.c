/*
 * fz_cjm-map.c -- libFuzzer harness: cjm-map in-process (tests/fuzz/fz.h)
 * on all its inputs: KPI table, compare table (-c), response table (-r),
 * segment KPI table (-s), rejects file (-R); HTML (--no-charts: gnuplot
 * is never run), Markdown and text reports.
 *
 * Input: two option bytes, then parts separated by "@@@@\n":
 *	KPI table, compare, responses, segments, rejects, a string
 * [0] -f (bits 0-1: html md text html), -c, -r, -s, -R, the KPI table as
 * an operand (else stdin), --title (the string); [1] --verbatims (bits
 * 0-1: 0 1 50), --generated (the string), -o (a file in a directory of
 * its own, else stdout).
 *
 * Every run: status 0 or 1, messages "cjm-map: ..." on one line each, no
 * leak, no descriptor left open.  Status 0: a report, valid UTF-8 when
 * every input is; HTML: only the report's own tags and attributes (links
 * within the page, styles of numbers), every '&' an entity, nothing from
 * the data can open a tag or an attribute; Markdown: outside code blocks
 * no '<' opening a tag but the line breaks' <br>, every table row as many cells as its header;
 * text: no control character but LF.  One input in 8 run twice for the
 * same bytes.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fz.h"

#define SEP	"@@@@\n"

static const char *const formats[] = { "html", "md", "text", "html" };
static const char *const verbatims[] = { "0", "1", "50" };

static const char *const tags[] = { "a", "b", "blockquote", "body", "br",
	"cite", "code", "div", "footer", "h1", "h2", "h3", "head", "header",
	"html", "li", "main", "meta", "nav", "ol", "p", "section", "small",
	"span", "style", "table", "td", "th", "title", "tr", "ul", "thead",
	"tbody", "figure", "figcaption", "em", "strong", "abbr", "details",
	"summary", "caption", "time", NULL };
static const char *const attrs[] = { "class", "href", "id", "style",
	"charset", "name", "content", "lang", "title", "colspan", "datetime",
	NULL };

static int
in(const char *const *set, const char *s, size_t n)
{
	for (; *set != NULL; set++)
		if (strlen(*set) == n && memcmp(*set, s, n) == 0)
			return 1;
	return 0;
}

static void
check_html(const struct fz_run *r, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *q, *v;
	size_t n;

	while (p < end) {
		if (*p == '&') {
			for (q = p + 1; q < end && (isalnum((unsigned char)*q) ||
			    (q == p + 1 && *q == '#')); q++)
				;
			if (q == p + 1 || q >= end || *q != ';')
				fz_fail(r, "html: '&' not an entity: '%.40s'", p);
			p = q + 1;
			continue;
		}
		if (*p == '>')
			fz_fail(r, "html: a bare '>': '%.40s'", p);
		if (*p != '<') {
			p++;
			continue;
		}
		if (end - p >= 15 && memcmp(p, "<!DOCTYPE html>", 15) == 0) {
			p += 15;
			continue;
		}
		q = p + 1 + (p + 1 < end && p[1] == '/');
		for (v = q; v < end && isalnum((unsigned char)*v); v++)
			;
		if (!in(tags, q, (size_t)(v - q)))
			fz_fail(r, "html: tag '%.*s'", (int)(v - q > 40 ? 40 :
			    v - q), q);
		if (v - q == 5 && memcmp(q, "style", 5) == 0 && q == p + 1) {
			/* the style sheet: no tag inside */
			if ((v = memmem(v, (size_t)(end - v), "</style>", 8)) ==
			    NULL)
				fz_fail(r, "html: <style> not closed");
			if (memchr(q, '<', (size_t)(v - q)) != NULL)
				fz_fail(r, "html: '<' in the style sheet");
			p = v;
			continue;
		}
		/* attributes: name="value" */
		for (p = v;;) {
			while (p < end && *p == ' ')
				p++;
			if (p < end && *p == '>') {
				p++;
				break;
			}
			for (q = p; q < end && (isalnum((unsigned char)*q) ||
			    *q == '-'); q++)
				;
			n = (size_t)(q - p);
			if (!in(attrs, p, n) || q + 1 >= end || q[0] != '=' ||
			    q[1] != '"')
				fz_fail(r, "html: attribute '%.40s'", p);
			v = q + 2;
			if ((q = memchr(v, '"', (size_t)(end - v))) == NULL ||
			    memchr(v, '<', (size_t)(q - v)) != NULL ||
			    memchr(v, '>', (size_t)(q - v)) != NULL)
				fz_fail(r, "html: attribute value '%.40s'", v);
			if (n == 4 && memcmp(p, "href", 4) == 0 && *v != '#')
				fz_fail(r, "html: a link out of the page: "
				    "'%.*s'", (int)(q - v), v);
			if (n == 5 && memcmp(p, "style", 5) == 0)
				for (; v < q; v++)
					if (!isalnum((unsigned char)*v) &&
					    strchr(" :;.,%()-#", *v) == NULL)
						fz_fail(r, "html: style '%.40s'",
						    v);
			p = q + 1;
		}
	}
}

/* Cells of a Markdown table row: unescaped '|' outside `code`. */
static int
md_cells(const char *s, const char *e)
{
	int n = 0, code = 0;

	for (; s < e; s++) {
		if (*s == '\\' && s + 1 < e) {
			s++;
			continue;
		}
		if (*s == '`')
			code = !code;
		else if (*s == '|' && !code)
			n++;
	}
	return n;
}

static void
check_md(const struct fz_run *r, const char *s, size_t len)
{
	const char *end = s + len, *nl, *p;
	int fence = 0, cells = -1;

	for (; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		if (nl - s >= 3 && memcmp(s, "```", 3) == 0) {
			fence = !fence;
			continue;
		}
		if (fence)
			continue;
		for (p = s; p < nl; p++)
			if (*p == '<' && p + 1 < nl &&
			    (isalpha((unsigned char)p[1]) || p[1] == '/' ||
			    p[1] == '!') && !(nl - p >= 4 &&
			    memcmp(p, "<br>", 4) == 0))
				fz_fail(r, "md: a tag: '%.*s'", (int)(nl - p > 60 ?
				    60 : nl - p), p);
		if (*s == '|') {
			if (cells < 0)
				cells = md_cells(s, nl);
			else if (md_cells(s, nl) != cells)
				fz_fail(r, "md: a table row with %d cells, the "
				    "header %d: '%.*s'", md_cells(s, nl), cells,
				    (int)(nl - s > 200 ? 200 : nl - s), s);
		} else
			cells = -1;
	}
	if (fence)
		fz_fail(r, "md: a code block not closed");
}

static void
check_text(const struct fz_run *r, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\n') ||
		    s[i] == 0x7f)
			fz_fail(r, "text: control character \\x%02x at byte %zu",
			    (unsigned char)s[i], i);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[6];
	size_t len[6], olen;
	char *argv[40], str[80];
	const char *fmt, *out;
	struct fz_run r;
	int a = 0, o0, o1, i, utf8 = 1, nparts;

	if (size < 2)
		return 0;
	o0 = data[0];
	o1 = data[1];
	fz_split(data + 2, size - 2, SEP, part, len, 6);
	snprintf(str, sizeof(str), "%.*s", (int)(len[5] < 79 ? len[5] : 79),
	    (const char *)part[5]);
	fmt = formats[o0 & 3];
	argv[a++] = "cjm-map";
	argv[a++] = "-f";
	argv[a++] = (char *)fmt;
	if (strcmp(fmt, "html") == 0)
		argv[a++] = "--no-charts";
	nparts = 1;
	for (i = 1; i <= 4; i++)
		if (o0 & (2 << i)) {
			argv[a++] = i == 1 ? "-c" : i == 2 ? "-r" : i == 3 ?
			    "-s" : "-R";
			argv[a++] = (char *)fz_in(i, part[i], len[i]);
			utf8 &= fz_utf8((const char *)part[i], len[i]);
		}
	(void)nparts;
	if (o0 & 0x80) {
		argv[a++] = "--title";
		argv[a++] = str;
	}
	if (o1 & 3) {
		argv[a++] = "--verbatims";
		argv[a++] = (char *)verbatims[(o1 & 3) - 1];
	}
	if (o1 & 4) {
		argv[a++] = "--generated";
		argv[a++] = str;
	}
	if (o1 & 8) {
		argv[a++] = "-o";
		argv[a++] = (char *)fz_tmppath("report");
		unlink(argv[a - 1]);
	}
	if (o0 & 0x40)
		argv[a++] = (char *)fz_in(0, part[0], len[0]);
	argv[a] = NULL;
	utf8 &= fz_utf8((const char *)part[0], len[0]);
	if (o0 & 0x80 || o1 & 4)
		utf8 &= fz_utf8(str, strlen(str));

	fz_main(fz_main_fn, argv, part[0], len[0], &r);
	fz_status(&r, "01");
	fz_messages(&r);
	if (r.status == 0) {
		if (o1 & 8) {
			if ((out = fz_mapfile(fz_tmppath("report"), &olen)) ==
			    NULL)
				fz_fail(&r, "-o: status 0, no file");
			if (r.outlen != 0)
				fz_fail(&r, "-o: %zu bytes on stdout", r.outlen);
		} else {
			out = r.out;
			olen = r.outlen;
		}
		if (olen == 0)
			fz_fail(&r, "status 0, no report");
		if (memchr(out, '\0', olen) != NULL)
			fz_fail(&r, "a NUL byte in the report");
		if (utf8 && !fz_utf8(out, olen))
			fz_fail(&r, "the report is not valid UTF-8, its inputs "
			    "are");
		if (strcmp(fmt, "html") == 0)
			check_html(&r, out, olen);
		else if (strcmp(fmt, "md") == 0)
			check_md(&r, out, olen);
		else
			check_text(&r, out, olen);
	}
	fz_finish(fz_main_fn, argv, part[0], len[0], data, size, &r);
	return 0;
}
