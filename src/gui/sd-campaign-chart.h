/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sd-campaigns.h"

G_BEGIN_DECLS

#define SD_TYPE_CAMPAIGN_CHART (sd_campaign_chart_get_type ())
G_DECLARE_FINAL_TYPE (SdCampaignChart, sd_campaign_chart, SD, CAMPAIGN_CHART, GtkWidget)

/* What a campaign did day by day after it was sent: a bar a day for the messages delivered
 * (accent colour) and, beside it, one for the recipients' orders that day (the success
 * colour), each scaled to its own largest day, with the day's date under it and a legend
 * with the largest values. Colours from the style, so it follows light and dark. */
GtkWidget *sd_campaign_chart_new      (void);
/* DAYS: SdCampaignDay; NULL or empty: "No days yet". Copied. */
void       sd_campaign_chart_set_days (SdCampaignChart *self,
                                       GArray          *days);
/* One line a day ("11-23: 1,234 delivered, 12 orders"), as the accessible description. */
char      *sd_campaign_chart_describe (SdCampaignChart *self);

G_END_DECLS
