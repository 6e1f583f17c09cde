/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-campaign-jobs.h"
#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_CAMPAIGNS_PAGE (sd_campaigns_page_get_type ())
G_DECLARE_FINAL_TYPE (SdCampaignsPage, sd_campaigns_page, SD, CAMPAIGNS_PAGE, AdwBin)

/* The Campaigns page: the shop's SMS campaigns, newest first, each with its name, its state
 * (draft, scheduled, sending with its progress, paused with the reason, done), its audience
 * and when; an empty state offering a new campaign; a note, when no SMS gateway is set, of
 * where to set it (with a small dialog for it when the account may configure the shop). A
 * draft opens in the composer (sd-campaign-composer.h); any other campaign shows its
 * sending and its report (sd-campaign-report.h). Sending runs on a worker thread with its
 * own connection (sd-campaign-jobs.h), as work the window does not close under; Pause and
 * Resume act between batches.
 *
 * While an account that may send is set, shown or not, the page dispatches by itself: at
 * once and every minute it starts the campaign that is due (scheduled and its time come, or
 * left sending by a quit or a crash; one send at a time), with a toast once it really goes;
 * every 10 minutes, and after each send, it fetches the delivery reports still awaited.
 *
 * Needs campaigns.compose to read; sending, pausing and resuming need campaigns.send.
 *
 * Signals: "loaded" each time the list was read (shown, empty or failed); "sent" when a
 * send ended (done, paused, stopped or failed). */
GtkWidget                *sd_campaigns_page_new           (void);
/* The account the page reads and sends as; NULL clears it and stops a send and the
 * dispatching. */
void                      sd_campaigns_page_set_session   (SdCampaignsPage *self,
                                                           SdSession       *session);
void                      sd_campaigns_page_set_folded    (SdCampaignsPage *self,
                                                           gboolean         folded);
/* Reads the list again (and the campaign shown, with its delivery reports). */
void                      sd_campaigns_page_reload        (SdCampaignsPage *self);
/* After another desktop changed the shop: the list and the campaign shown read again,
 * without asking the gateway for delivery reports. */
void                      sd_campaigns_page_refresh       (SdCampaignsPage *self);
/* The list as last read; NULL before. */
const SdCampaignOverview *sd_campaigns_page_get_overview  (SdCampaignsPage *self);
/* Opens campaign ID: a draft in the composer, any other in the report view. */
void                      sd_campaigns_page_open          (SdCampaignsPage *self,
                                                           gint64           id);
/* The composer on a new campaign whose audience is the hand-picked CUSTOMER_IDS (gint64;
 * at most SD_CAMPAIGN_CUSTOMERS_MAX, the core refuses more when it is saved); once the list
 * was read, when the page has not read it yet. Nothing happens when the account may not
 * write campaigns. */
void                      sd_campaigns_page_compose       (SdCampaignsPage *self,
                                                           GArray          *customer_ids);
/* Tests: how often the page looks for a campaign due to send and for delivery reports to
 * fetch (every minute and every 10 minutes), in milliseconds; it looks at once. */
void                      sd_campaigns_page_set_intervals (SdCampaignsPage *self,
                                                           guint            dispatch_ms,
                                                           guint            poll_ms);
/* Whether a read or an operation runs; whether a send runs. */
gboolean                  sd_campaigns_page_get_busy      (SdCampaignsPage *self);
gboolean                  sd_campaigns_page_get_sending   (SdCampaignsPage *self);

G_END_DECLS
