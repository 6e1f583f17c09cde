/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sd-kpi.h"

G_BEGIN_DECLS

#define SD_TYPE_KPI_CHART (sd_kpi_chart_get_type ())
G_DECLARE_FINAL_TYPE (SdKpiChart, sd_kpi_chart, SD, KPI_CHART, GtkWidget)

/* One KPI figure over the buckets of a report: a bar a bucket in the accent colour, its
 * value above it where there is room, the bucket's date (shop time) under it, and the
 * largest value on a guide line. A bucket without a value (NAN) gets no bar and "–".
 * Colours from the style, so it follows light and dark. */
GtkWidget *sd_kpi_chart_new        (void);
/* FIGURE over the buckets of REPORT (copied; NULL: nothing to show). */
void       sd_kpi_chart_set_report (SdKpiChart        *self,
                                    const SdKpiReport *report,
                                    SdKpiFigure        figure);
/* One line a bucket ("03-02: 27 s"), as the accessible description. */
char      *sd_kpi_chart_describe   (SdKpiChart        *self);

G_END_DECLS
