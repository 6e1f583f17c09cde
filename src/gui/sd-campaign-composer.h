/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-campaigns.h"
#include "sd-session.h"
#include "sd-sms-settings.h"

G_BEGIN_DECLS

#define SD_TYPE_CAMPAIGN_COMPOSER (sd_campaign_composer_get_type ())
G_DECLARE_FINAL_TYPE (SdCampaignComposer, sd_campaign_composer, SD, CAMPAIGN_COMPOSER, AdwWindow)

/* The dialog that writes a campaign: its name and template code; the message (the
 * gateway's signature 【…】 shown before it, the opt-out wording after it, editable but
 * never removed: emptied, the shop's default stands), with a menu inserting the
 * placeholders and the campaign's custom fields; a live counter (characters, encoding,
 * parts) of the longest message a real recipient gets, and the template's problems under
 * it; the audience (all customers, a grade, a segment, tags, or the hand-picked customers
 * a draft has) with the holdout and the counts left out by reason; previews of the first
 * recipients; when to send (now, or a date and time, with the shop's sending hours); the
 * cost. The estimate runs on a worker thread a moment after each change, the newest
 * winning.
 *
 * "Save Draft" saves it; "Send…" asks, naming the count and the cost, then saves and
 * confirms it with that count (sd_campaigns_confirm ()). Signal "saved" (gint64 id,
 * gboolean confirmed) then, and the dialog closes.
 *
 * "Send a Test…" (campaigns.send, and a gateway: SIGN_NAME is NULL when none is set) asks
 * for a mobile number (the SMS settings' test phone filled in, checked as it is typed),
 * saves the draft (signal "saved", the dialog stays open), then sends it once to that number
 * on a worker thread (sd_campaign_jobs_test_async ()) and tells how it went: "Test sent to
 * 138****5678" or the gateway's refusal. */
SdCampaignComposer       *sd_campaign_composer_new          (GtkWindow           *parent,
                                                             SdSession           *session,
                                                             const SdCampaign    *campaign,
                                                             const char          *sign_name,
                                                             const SdSmsSettings *settings);
/* The last estimate shown; NULL before the first (or after a failure). */
const SdCampaignEstimate *sd_campaign_composer_get_estimate (SdCampaignComposer  *self);
/* Whether an estimate, a save or a test send is pending or running. */
gboolean                  sd_campaign_composer_get_busy     (SdCampaignComposer  *self);
/* The campaign as the fields say it now; the caller frees it. */
SdCampaign               *sd_campaign_composer_get_campaign (SdCampaignComposer  *self);

G_END_DECLS
