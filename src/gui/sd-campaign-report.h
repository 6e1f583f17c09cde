/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-campaign-jobs.h"

G_BEGIN_DECLS

#define SD_TYPE_CAMPAIGN_REPORT_VIEW (sd_campaign_report_view_get_type ())
G_DECLARE_FINAL_TYPE (SdCampaignReportView, sd_campaign_report_view, SD, CAMPAIGN_REPORT_VIEW, AdwBin)

/* One confirmed campaign: its sending (a progress bar of sent, delivered and failed of the
 * total, the wait for the sending hours with the next opening, the pause reason, and the
 * buttons of the page's "campaigns.send", "campaigns.pause", "campaigns.resume",
 * "campaigns.cancel" and "campaigns.refresh" actions), then its report: counts (audience,
 * excluded by reason, sent, delivered, failed by code, parts billed, cost), attribution
 * (orders, revenue, conversion and revenue per recipient, recipients against the holdout,
 * the uplift with its 95% interval in plain words) and the chart of delivered messages and
 * orders a day.
 *
 * Each figure's label is named for tests: "audience_value", "recipients_value",
 * "sent_value", "delivered_value", "failed_value", "parts_value", "cost_value",
 * "excluded_value", "recipient_orders_value", "holdout_orders_value", "uplift_value",
 * "progress_label", "window_label". */
GtkWidget *sd_campaign_report_view_new          (void);
/* What was read of the campaign (NULL: nothing shown yet). */
void       sd_campaign_report_view_set_details  (SdCampaignReportView     *self,
                                                 const SdCampaignDetails  *details);
/* Newer outbox counts, from a send under way (SENDING) or a read. */
void       sd_campaign_report_view_set_progress (SdCampaignReportView     *self,
                                                 const SdCampaignProgress *progress,
                                                 gboolean                  sending);
/* The campaign shown; 0: none. */
gint64     sd_campaign_report_view_get_id       (SdCampaignReportView     *self);
/* The text of the figure named NAME (see above); for tests. */
const char *sd_campaign_report_view_get_value   (SdCampaignReportView     *self,
                                                 const char               *name);

G_END_DECLS
