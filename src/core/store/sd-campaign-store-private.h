/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-campaign.h"
#include "sd-campaigns.h"
#include "sd-db-private.h"
#include "sd-sms-settings.h"

G_BEGIN_DECLS

/* The SQL of campaigns, their audience, outbox rows and results, and of sms_settings
 * (sd-campaign-store.c). */

gint64       _sd_campaign_store_insert   (SdDb             *db,
                                          const SdCampaign *campaign,
                                          GError          **error);
gboolean     _sd_campaign_store_update   (SdDb             *db,
                                          const SdCampaign *campaign,
                                          GError          **error);
SdCampaign  *_sd_campaign_store_load     (SdDb             *db,
                                          gint64            id,
                                          GError          **error);
GPtrArray   *_sd_campaign_store_list     (SdDb             *db,
                                          GError          **error);
gboolean     _sd_campaign_store_delete   (SdDb             *db,
                                          gint64            id,
                                          GError          **error);
/* State and the times of CAMPAIGN (confirmed_at, started_at, finished_at, price). */
gboolean     _sd_campaign_store_set_state (SdDb            *db,
                                          const SdCampaign *campaign,
                                          GError          **error);
/* The campaign a sender should take up at NOW (*OUT_ID, 0: none): 'sending' ones, and
 * 'scheduled' ones whose time has come, the one due longest first. */
gboolean     _sd_campaign_store_next_due (SdDb             *db,
                                          gint64            now,
                                          gint64           *out_id,
                                          GError          **error);
/* Queued rows of campaign ID → withdrawn (at NOW). */
gboolean     _sd_campaign_store_withdraw_queued (SdDb      *db,
                                          gint64            id,
                                          gint64            now,
                                          GError          **error);

SdSmsSettings *_sd_sms_settings_store_load (SdDb           *db,
                                          GError          **error);
gboolean     _sd_sms_settings_store_save (SdDb             *db,
                                          const SdSmsSettings *settings,
                                          GError          **error);

/* The gateway's sign name and default template code: FALSE when none is set. */
gboolean     _sd_campaign_store_gateway  (SdDb             *db,
                                          char            **out_sign_name,
                                          char            **out_template_code);
/* The names of grades 0-4 as stored ("" for the built-in one). */
void         _sd_campaign_store_grade_names (SdDb          *db,
                                          char             *out_names[5]);
gboolean     _sd_campaign_store_grade_enabled (SdDb        *db,
                                          int               grade);

/* The audience (temp.campaign_audience) of CAMPAIGN: its customers' ids. SEGMENT_IDS: the
 * ids of a segment, resolved by the caller. */
gboolean     _sd_campaign_store_fill_audience (SdDb           *db,
                                          const SdCampaign *campaign,
                                          GArray           *segment_ids,
                                          GCancellable     *cancellable,
                                          GError          **error);

typedef struct
{
  gint64       id;
  const char  *name;
  const char  *nick;
  const char  *phone;
  int          phone_state;      /* SdPhoneState */
  gboolean     opted_out;        /* the customer or the number */
  gboolean     blocked;
  int          tier;             /* -1: not computed */
  gint64       recent_sends;     /* messages of other campaigns accepted in the cap window */
  const char  *last_item;        /* NULL when not asked or none */
} SdAudienceRow;

typedef gboolean (*SdAudienceFunc) (const SdAudienceRow *row, gpointer user_data, GError **error);

/* Calls FUNC for every customer of the audience in id order, a page at a time.
 * CAP_SINCE > 0: count the other campaigns' messages accepted after it (SELF excluded). */
gboolean     _sd_campaign_store_walk_audience (SdDb          *db,
                                          gint64            self,
                                          gint64            cap_since,
                                          gboolean          want_last_item,
                                          SdAudienceFunc    func,
                                          gpointer          user_data,
                                          GCancellable     *cancellable,
                                          GError          **error);

typedef struct
{
  gint64            campaign_id;
  gint64            customer_id;
  const char       *phone;
  SdRecipientState  state;
  SdExclusion       exclusion;     /* for SD_RECIPIENT_EXCLUDED */
  const char       *template_param;
  gint64            parts;
  gint64            queued_at;
} SdOutboxRow;

gboolean     _sd_campaign_store_insert_recipient (SdDb     *db,
                                          const SdOutboxRow *row,
                                          GError          **error);

/* Fills REPORT's counts, costs and attribution from the outbox and the orders. */
gboolean     _sd_campaign_store_report   (SdDb             *db,
                                          const SdCampaign *campaign,
                                          GTimeZone        *tz,
                                          SdCampaignReport *report,
                                          GError          **error);

G_END_DECLS
