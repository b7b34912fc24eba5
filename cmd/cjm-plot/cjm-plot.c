/*
 * cjm-plot -- charts of a KPI table through gnuplot.
 *
 * Reads a KPI table (docs/formats.md section 3), optionally a compare
 * table (section 4), and writes a journey, trend or distribution chart;
 * or reads a drivers table (section 6) and writes the importance-
 * performance chart; by piping a gnuplot script into gnuplot ($GNUPLOT).  All the work is
 * in lib/plot*.c (plot.h); this file is options and messages.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "plot.h"

#define SYNOPSIS "cjm-plot [-n] [-c compare.csv] [-o file] [-t terminal] " \
	"[--chart journey|trend|dist|funnel|drivers] [--curve headline|net] " \
	"[--size WxH] [--title text] [--metric m] [--segment s] [--period p] " \
	"[--stage s] [--touchpoint t] [kpi.csv | funnel.csv | drivers.csv]"

static const char HELP[] =
"usage: " SYNOPSIS "\n"
"\n"
"Draws a chart of a KPI table (cjm-kpi output), a funnel table\n"
"(cjm-funnel output) or a drivers table (cjm-drivers output) with\n"
"gnuplot.\n"
"\n"
"Charts:\n"
"      --chart journey     touchpoints in journey order, stage bands: CES mean\n"
"                          (left axis), NPS and CSAT top-2-box % (right axis),\n"
"                          CI whiskers, low-base points hollow grey, targets\n"
"                          (default)\n"
"      --curve net         journey: the experience curve, every touchpoint's net\n"
"                          score (-100..100) with its CI band; trend: net score\n"
"      --chart trend       a KPI by period with its CI band; significant drops\n"
"                          and rises marked from -c compare.csv\n"
"      --chart dist        diverging stacked bars per touchpoint: unfavourable |\n"
"                          neutral | favourable, with n\n"
"      --chart funnel      a funnel table (cjm-funnel output): a bar per step,\n"
"                          the share of step 1 reaching it with its interval,\n"
"                          the conversion from the previous step with its\n"
"                          interval, customers lost and median time; a step\n"
"                          whose conversion dropped (-c compare.csv) in red\n"
"      --chart drivers     of a drivers table (cjm-drivers): importance against\n"
"                          performance, interval whiskers, average lines,\n"
"                          quadrants fix / keep / watch / ok\n"
"Selection:\n"
"      --metric M          nps, csat or ces (trend: needed with several)\n"
"      --segment S         rows of this segment\n"
"      --period P          journey, dist: this period (default: the latest)\n"
"      --stage S           only this stage (trend: one line per touchpoint)\n"
"      --touchpoint T      only this touchpoint\n"
"Output:\n"
"  -o, --output FILE       write FILE; the extension picks the format: .png,\n"
"                          .svg, .pdf, .txt (default: standard output)\n"
"  -t, --terminal T        png, svg, pdf or dumb (text); default from -o, else\n"
"                          png\n"
"      --size WxH          pixels (png, svg), points (pdf), characters (dumb)\n"
"      --title TEXT        chart title (\"\" for none; default: automatic)\n"
"  -c, --compare FILE      compare table (cjm-compare output) for trend marks\n"
"  -n, --script            print the gnuplot script instead of running it\n"
"      --help, --version\n"
"\n"
"Environment: GNUPLOT names the gnuplot program (default: gnuplot).\n";

enum {
	O_CHART = 256, O_CURVE, O_SIZE, O_TITLE, O_METRIC, O_SEGMENT,
	O_PERIOD, O_STAGE, O_TOUCHPOINT
};

static const struct option longopts[] = {
	{ "compare", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "terminal", required_argument, NULL, 't' },
	{ "script", no_argument, NULL, 'n' },
	{ "chart", required_argument, NULL, O_CHART },
	{ "curve", required_argument, NULL, O_CURVE },
	{ "size", required_argument, NULL, O_SIZE },
	{ "title", required_argument, NULL, O_TITLE },
	{ "metric", required_argument, NULL, O_METRIC },
	{ "segment", required_argument, NULL, O_SEGMENT },
	{ "period", required_argument, NULL, O_PERIOD },
	{ "stage", required_argument, NULL, O_STAGE },
	{ "touchpoint", required_argument, NULL, O_TOUCHPOINT },
	{ NULL, 0, NULL, 0 }
};

struct opts {
	struct plot_opts plot;
	const char	*compare;	/* -c, NULL: none */
	const char	*output;	/* -o, NULL: stdout */
	const char	*input;		/* operand, "-" = stdin */
	int		 term_given;	/* -t */
	int		 script;	/* -n */
};

static _Noreturn void
bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, "%s: %s '%s'\n", progname, what, arg);
	die_usage(SYNOPSIS);
}

static void
parse_args(int argc, char *argv[], struct opts *o)
{
	int ch;

	memset(o, 0, sizeof(*o));
	o->plot.chart = PLOT_JOURNEY;
	o->plot.curve = PLOT_HEADLINE;
	o->plot.term = PLOT_PNG;
	while ((ch = getopt_long(argc, argv, "c:o:t:n", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'c':
			o->compare = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 't':
			if (plot_term_parse(optarg, &o->plot.term) != 0)
				bad_usage("unknown terminal (png, svg, pdf, "
				    "dumb)", optarg);
			o->term_given = 1;
			break;
		case 'n':
			o->script = 1;
			break;
		case O_CHART:
			if (plot_chart_parse(optarg, &o->plot.chart) != 0)
				bad_usage("unknown chart (journey, trend, "
				    "dist, funnel, drivers)", optarg);
			break;
		case O_CURVE:
			if (strcmp(optarg, "net") == 0)
				o->plot.curve = PLOT_NET;
			else if (strcmp(optarg, "headline") == 0)
				o->plot.curve = PLOT_HEADLINE;
			else
				bad_usage("unknown curve (headline, net)",
				    optarg);
			break;
		case O_SIZE:
			if (plot_size_parse(optarg, &o->plot.width,
			    &o->plot.height) != 0)
				bad_usage("bad size (WxH, e.g. 1280x720)",
				    optarg);
			break;
		case O_TITLE:
			o->plot.title = optarg;
			break;
		case O_METRIC:
			if (strcmp(optarg, "nps") != 0 &&
			    strcmp(optarg, "csat") != 0 &&
			    strcmp(optarg, "ces") != 0)
				bad_usage("unknown metric (nps, csat, ces)",
				    optarg);
			o->plot.metric = optarg;
			break;
		case O_SEGMENT:
			o->plot.segment = optarg;
			break;
		case O_PERIOD:
			o->plot.period = optarg;
			break;
		case O_STAGE:
			o->plot.stage = optarg;
			break;
		case O_TOUCHPOINT:
			o->plot.touchpoint = optarg;
			break;
		default:
			die_usage(SYNOPSIS);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		die_usage(SYNOPSIS);
	o->input = argc == 1 ? argv[0] : "-";
	if (o->output != NULL && strcmp(o->output, "-") == 0)
		o->output = NULL;
	if (o->output != NULL && !o->term_given &&
	    plot_term_for_path(o->output, &o->plot.term) != 0)
		bad_usage("cannot tell the format from the file name (use "
		    ".png, .svg, .pdf, .txt or -t)", o->output);
	if (o->compare != NULL && o->plot.chart == PLOT_DRIVERS)
		bad_usage("a drivers chart has no compare table:", o->compare);
	if (o->compare != NULL && strcmp(o->compare, "-") == 0 &&
	    strcmp(o->input, "-") == 0)
		bad_usage("only one input can be standard input:", "-");
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct plot_data *d;
	char err[4096], *script;
	int rc;

	err_init(argv[0]);
	err_std_options(argc, argv, HELP);
	parse_args(argc, argv, &o);

	if (!o.script && o.output == NULL && o.plot.term != PLOT_DUMB &&
	    o.plot.term != PLOT_SVG && isatty(STDOUT_FILENO))
		die("not writing a binary chart to a terminal: use -o FILE or "
		    "-t dumb");
	if (o.plot.chart == PLOT_DRIVERS)
		d = plot_data_load_drivers(o.input, err, sizeof(err));
	else
		d = plot_data_load(o.input, o.compare, err, sizeof(err));
	if (d == NULL)
		die("%s", err);
	if ((script = plot_script(d, &o.plot, err, sizeof(err))) == NULL)
		die("%s: %s", err_fname(o.input), err);
	plot_data_free(d);
	if (o.script) {
		fputs(script, stdout);
		free(script);
		return close_stdout(EXIT_SUCCESS);
	}
	rc = plot_run(script, o.output, err, sizeof(err));
	free(script);
	if (rc != 0)
		die("%s", err);
	return close_stdout(EXIT_SUCCESS);
}
