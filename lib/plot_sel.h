/*
 * plot_sel.h -- the rows a chart draws, and the journey-order x axis
 * (internal to the plot module, see plot_gp.h).
 */
#ifndef PLOT_SEL_H
#define PLOT_SEL_H

#include <stdio.h>

#include "plot.h"

/* The selected rows, in journey order (step, then file order). */
struct plot_sel {
	const struct plot_kpi	**row;		/* malloc'd; free(row) */
	size_t			  n;
	const char		 *segment;	/* chosen; borrowed */
	const char		 *period;	/* chosen (latest), or NULL */
};

/*
 * Selects the rows to draw by the options (segment, period, metric,
 * stage, touchpoint: see struct plot_opts).  level: 0 group rows, 1
 * journey rows.  latest: keep only one period (opts->period or the
 * latest).  0 ok; -1 with a message (s->row must still be freed).
 */
int		 plot_sel_rows(const struct plot_data *d,
		    const struct plot_opts *o, int level, int latest,
		    struct plot_sel *s, char *err, size_t errsz);

/* x slots: distinct (stage, touchpoint) in row order, or one per row. */
struct plot_sel_slots {
	size_t	 n;
	size_t	*of;		/* row -> slot (0-based) */
	size_t	*first;		/* slot -> its first row */
	int	*multi;		/* slot's touchpoint has several rows */
};

void		 plot_sel_slots(const struct plot_sel *s, int per_row,
		    struct plot_sel_slots *sl);
void		 plot_sel_slots_free(struct plot_sel_slots *sl);

/* A row's name on the axis: its touchpoint, else its stage, else
 * "(all touchpoints)". */
const char	*plot_sel_slot_name(const struct plot_kpi *k);

/* x tics for slots; with_metric: "(NPS)" under a touchpoint that has
 * several rows.  Wraps long names; rotates when there are many.  Returns
 * the height of the labels in lines. */
int		 plot_sel_xtics(FILE *fp, const struct plot_opts *o,
		    const struct plot_sel *s, const struct plot_sel_slots *sl,
		    int with_metric);

/* Top and bottom margins for the title, stage names, label_lines of x
 * labels, the key and the footnote. */
void		 plot_sel_margins(FILE *fp, const struct plot_opts *o,
		    const struct plot_sel *s, int label_lines);

/* Shaded stage bands over consecutive slots of the same stage, with the
 * stage name above the plot. */
void		 plot_sel_stage_bands(FILE *fp, const struct plot_opts *o,
		    const struct plot_sel *s, const struct plot_sel_slots *sl);

#endif
