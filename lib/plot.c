/*
 * plot.c -- see plot.h.  The front of the plot module: the option
 * parsers, and plot_script(), which selects the rows and hands them to
 * the chart (one file each: plot_journey.c, plot_trend.c, plot_dist.c,
 * ...).  The other parts are listed in plot_gp.h.
 *
 * Scripts are built with open_memstream().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plot_gp.h"
#include "plot_sel.h"

int
plot_term_parse(const char *s, enum plot_term *t)
{
	if (plot_gp_streq(s, "png") || plot_gp_streq(s, "pngcairo"))
		*t = PLOT_PNG;
	else if (plot_gp_streq(s, "svg"))
		*t = PLOT_SVG;
	else if (plot_gp_streq(s, "pdf") || plot_gp_streq(s, "pdfcairo"))
		*t = PLOT_PDF;
	else if (plot_gp_streq(s, "dumb") || plot_gp_streq(s, "txt") ||
	    plot_gp_streq(s, "text"))
		*t = PLOT_DUMB;
	else
		return -1;
	return 0;
}

int
plot_term_for_path(const char *path, enum plot_term *t)
{
	const char *dot, *slash;
	char ext[8];
	size_t i;

	dot = strrchr(path, '.');
	slash = strrchr(path, '/');
	if (dot == NULL || (slash != NULL && dot < slash) || strlen(dot + 1)
	    >= sizeof(ext))
		return -1;
	for (i = 0; dot[1 + i] != '\0'; i++)
		ext[i] = (char)(dot[1 + i] >= 'A' && dot[1 + i] <= 'Z' ?
		    dot[1 + i] - 'A' + 'a' : dot[1 + i]);
	ext[i] = '\0';
	if (plot_gp_streq(ext, "png") || plot_gp_streq(ext, "svg") ||
	    plot_gp_streq(ext, "pdf") || plot_gp_streq(ext, "txt"))
		return plot_term_parse(ext, t);
	return -1;
}

int
plot_chart_parse(const char *s, enum plot_chart *c)
{
	if (plot_gp_streq(s, "journey"))
		*c = PLOT_JOURNEY;
	else if (plot_gp_streq(s, "trend"))
		*c = PLOT_TREND;
	else if (plot_gp_streq(s, "dist"))
		*c = PLOT_DIST;
	else if (plot_gp_streq(s, "funnel"))
		*c = PLOT_FUNNEL;
	else if (plot_gp_streq(s, "drivers"))
		*c = PLOT_DRIVERS;
	else
		return -1;
	return 0;
}

int
plot_size_parse(const char *s, int *w, int *h)
{
	long a, b;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	a = strtol(s, &end, 10);
	if (errno != 0 || (*end != 'x' && *end != 'X') || end[1] < '0' ||
	    end[1] > '9')
		return -1;
	b = strtol(end + 1, &end, 10);
	if (errno != 0 || *end != '\0' || a < 1 || a > 20000 || b < 1 ||
	    b > 20000)
		return -1;
	*w = (int)a;
	*h = (int)b;
	return 0;
}

char *
plot_script(const struct plot_data *d, const struct plot_opts *o,
    char *err, size_t errsz)
{
	struct plot_sel s;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int rc = 0;

	if ((fp = open_memstream(&buf, &len)) == NULL) {
		plot_gp_err(err, errsz, "open_memstream: %s", strerror(errno));
		return NULL;
	}
	memset(&s, 0, sizeof(s));
	if (o->chart != PLOT_FUNNEL && plot_data_nfunnel(d) > 0 &&
	    plot_data_nkpi(d) == 0) {
		plot_gp_err(err, errsz, "a funnel table (cjm-funnel output): "
		    "draw it with --chart funnel");
		rc = -1;
	} else switch (o->chart) {
	case PLOT_JOURNEY:
	case PLOT_DIST:
		if (plot_sel_rows(d, o, 0, 1, &s, err, errsz) != 0)
			rc = -1;
		else if (o->chart == PLOT_DIST)
			rc = plot_dist(fp, o, &s);
		else if (o->curve == PLOT_NET)
			plot_journey_net(fp, o, &s);
		else
			plot_journey_headline(fp, o, &s);
		break;
	case PLOT_TREND:
		rc = plot_trend(fp, d, o, err, errsz);
		break;
	case PLOT_FUNNEL:
		rc = plot_funnel(fp, d, o, err, errsz);
		break;
	case PLOT_DRIVERS:
		rc = plot_drivers(fp, d, o, err, errsz);
		break;
	}
	free(s.row);
	if (fclose(fp) != 0 && rc == 0) {
		plot_gp_err(err, errsz, "building the script: %s",
		    strerror(errno));
		rc = -1;
	}
	if (rc != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
