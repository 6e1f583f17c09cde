/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-rfm.h"

G_BEGIN_DECLS

#define SD_TYPE_RFM_CHART (sd_rfm_chart_get_type ())
G_DECLARE_FINAL_TYPE (SdRfmChart, sd_rfm_chart, SD, RFM_CHART, AdwBin)

/* The R × F grid as a heat map: rows R 5 → 1 (most recent first), columns F 1 → 5, each
 * cell a button with its count and its RFM group, shaded by its share of the largest cell.
 * The cells are named "cell-r5-f4" (for tests and for the keyboard, in reading order).
 * Signal "cell-activated" (int r, int f) when a cell is clicked. */
GtkWidget *sd_rfm_chart_new      (void);
/* Shows GRID's counts; NULL shows none. */
void       sd_rfm_chart_set_grid (SdRfmChart      *self,
                                  const SdRfmGrid *grid);

/* The shade (0–5) of a cell of COUNT customers when the largest holds MAX: 0 only for an
 * empty cell, 5 for the largest, in equal steps between. Pure. */
int        sd_rfm_chart_shade    (gint64           count,
                                  gint64           max);

G_END_DECLS
