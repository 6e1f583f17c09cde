/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the charts (KPI, campaign, tier) draw alike, so that they look alike: colours from
 * the style, text, bars, the legend and the bar labels. */

/* CHART's colours as the light or dark style has them: TEXT, DIM (TEXT at DIM_ALPHA of its
 * opacity) and ACCENT (TEXT where the style has no accent). */
void  sd_chart_get_colors   (GtkWidget     *chart,
                             float          dim_alpha,
                             GdkRGBA       *text,
                             GdkRGBA       *dim,
                             GdkRGBA       *accent);
/* LAYOUT with its top left corner at X, Y. */
void  sd_chart_draw_text    (GtkSnapshot   *snapshot,
                             PangoLayout   *layout,
                             float          x,
                             float          y,
                             const GdkRGBA *color);
/* TEXT centred on X and, when HEIGHT > 0, in the band of HEIGHT below Y (else its top at Y);
 * left out when it is wider than MAX_WIDTH. */
void  sd_chart_draw_centred (GtkWidget     *chart,
                             GtkSnapshot   *snapshot,
                             const char    *text,
                             float          x,
                             float          y,
                             float          height,
                             float          max_width,
                             const GdkRGBA *color);
/* What an empty CHART says instead, in its middle. */
void  sd_chart_draw_empty   (GtkWidget     *chart,
                             GtkSnapshot   *snapshot,
                             const char    *text,
                             const GdkRGBA *color);
/* A bar with its top left corner at X, Y, corners rounded by RADIUS; nothing when it has
 * no area. */
void  sd_chart_draw_bar     (GtkSnapshot   *snapshot,
                             float          x,
                             float          y,
                             float          width,
                             float          height,
                             float          radius,
                             const GdkRGBA *color);
/* A row of N_ITEMS swatches (of COLORS, corners rounded by RADIUS) with their LABELS, from X
 * in the band of HEIGHT at the top of CHART, GAP between items. */
void  sd_chart_draw_legend  (GtkWidget            *chart,
                             GtkSnapshot          *snapshot,
                             const char * const   *labels,
                             const GdkRGBA * const *colors,
                             guint                 n_items,
                             float                 x,
                             float                 height,
                             float                 gap,
                             float                 radius,
                             const GdkRGBA        *text);
/* The size of a bar chart across the page: HEIGHT tall, and from 200 pixels wide up to
 * NATURAL_WIDTH, in ORIENTATION. */
void  sd_chart_measure      (GtkOrientation  orientation,
                             int             height,
                             int             natural_width,
                             int            *minimum,
                             int            *natural);
/* Labels under every bar of SLOT pixels when labels of LABEL_WIDTH fit, else under every
 * how many. */
guint sd_chart_label_every  (float          slot,
                             float          label_width);
/* After CHART's data changed: DESCRIPTION for screen readers, and drawn anew (measured
 * anew when RESIZE). */
void  sd_chart_changed      (GtkWidget     *chart,
                             const char    *description,
                             gboolean       resize);

G_END_DECLS
