/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sd-tiers.h"

G_BEGIN_DECLS

#define SD_TYPE_TIER_CHART (sd_tier_chart_get_type ())
G_DECLARE_FINAL_TYPE (SdTierChart, sd_tier_chart, SD, TIER_CHART, GtkWidget)

/* How the shop's customers spread over the grades: a horizontal bar a grade, labelled with
 * the grade's name, its count and its share of all customers, and a bar for those not
 * computed yet when there are any. Given a second set of counts ("after" a change), each
 * grade shows both bars, now and after, side by side. Drawn in the style's accent colour,
 * so it follows the light and dark styles. */
GtkWidget *sd_tier_chart_new        (void);
/* The grades' names and which are on: a grade that is off shows only while customers
 * still hold it (pinned ones). NULL: the built-in ladder. */
void       sd_tier_chart_set_ladder (SdTierChart        *self,
                                     const SdTierLadder *ladder);
/* Customers in each grade now, and NONE not computed yet; every count below 0: not known
 * (nothing drawn). */
void       sd_tier_chart_set_counts (SdTierChart        *self,
                                     const gint64        counts[SD_TIER_N_GRADES],
                                     gint64              none);
/* Customers in each grade after a change, drawn beside the counts now; NULL: none. */
void       sd_tier_chart_set_after  (SdTierChart        *self,
                                     const gint64        after[SD_TIER_N_GRADES]);
/* One line a bar, as the chart's accessible description says it ("高级会员: 939, 18.8%"). */
char      *sd_tier_chart_describe   (SdTierChart        *self);

G_END_DECLS
