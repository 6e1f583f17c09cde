/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-kpi.h"
#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_REPORTS_PAGE (sd_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (SdReportsPage, sd_reports_page, SD, REPORTS_PAGE, AdwBin)

/* Customer-service KPIs (sd-kpi.h): a scope (the shop, a department, an agent: managers
 * with reports.all; an agent with reports.own sees their own figures and no picker), a
 * period (by day, week or month) and a range; every figure with its formula, the
 * satisfaction levels, a chart of the selected figure over the buckets, the conversations
 * behind a figure (activating one activates "win.show-conversation" with its id when the
 * window has that action) and a CSV export. Figures are computed on a worker thread; a
 * newer request wins over an older one still running. Signal "loaded" after each
 * computation (shown, empty or failed) and each drill-down. */
GtkWidget         *sd_reports_page_new          (void);
/* The account the page acts as; NULL clears the page. */
void               sd_reports_page_set_session  (SdReportsPage *self,
                                                 SdSession     *session);
void               sd_reports_page_set_folded   (SdReportsPage *self,
                                                 gboolean       folded);
/* Computes the figures again for the choices shown. */
void               sd_reports_page_reload       (SdReportsPage *self);
/* Whether a computation, a drill-down or an export is under way. */
gboolean           sd_reports_page_get_busy     (SdReportsPage *self);
/* The report shown, or NULL. */
const SdKpiReport *sd_reports_page_get_report   (SdReportsPage *self);

G_END_DECLS
