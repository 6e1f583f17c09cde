/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-campaign-send.h"
#include "sd-campaigns.h"
#include "sd-session.h"
#include "sd-sms-gateway-settings.h"
#include "sd-sms-settings.h"

G_BEGIN_DECLS

/* The Campaigns page's work off the main thread: every call reads or writes tables that grow
 * with the shop (the audience, the outbox) or talks to the gateway, so none runs on the main
 * thread. Each job runs on a worker thread with its own connection to SESSION's shop, as the
 * same account (sd_session_open_copy ()). SOURCE becomes the task's source object, as with
 * g_task_new (). A write that ran is reported as done even when CANCELLABLE was cancelled
 * meanwhile. */

/* What the page lists: the campaigns (newest first) with their outbox counts, whether a
 * gateway is set, and the SMS settings. */
typedef struct
{
  GPtrArray            *campaigns;   /* SdCampaign * */
  GPtrArray            *audiences;   /* char *, one per campaign: its audience as people name it
                                      * ("VIP会员", "Segment “Lapsed”", "All customers") */
  GArray               *progress;    /* SdCampaignProgress, one per campaign (zero for drafts) */
  SdSmsGatewaySettings *gateway;     /* NULL: none set */
  SdSmsSettings        *settings;    /* NULL when it could not be read */
} SdCampaignOverview;

void                sd_campaign_overview_free     (SdCampaignOverview *overview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCampaignOverview, sd_campaign_overview_free)

void                sd_campaign_jobs_list_async   (gpointer             source,
                                                   SdSession           *session,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
SdCampaignOverview *sd_campaign_jobs_list_finish  (GAsyncResult        *result,
                                                   GError             **error);

/* sd_campaigns_estimate_draft () of a copy of CAMPAIGN. */
void                sd_campaign_jobs_estimate_async  (gpointer             source,
                                                      SdSession           *session,
                                                      const SdCampaign    *campaign,
                                                      guint                preview_limit,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
SdCampaignEstimate *sd_campaign_jobs_estimate_finish (GAsyncResult        *result,
                                                      GError             **error);

/* Saves CAMPAIGN (created when its id is 0, else updated), then, when EXPECTED_RECIPIENTS is
 * 0 or more, confirms it with that count (sd_campaigns_confirm ()). *OUT_ID: the draft's id
 * once saved, also when the confirm then failed (0 when nothing was saved). */
void                sd_campaign_jobs_save_async   (gpointer             source,
                                                   SdSession           *session,
                                                   const SdCampaign    *campaign,
                                                   gint64               expected_recipients,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean            sd_campaign_jobs_save_finish  (GAsyncResult        *result,
                                                   gint64              *out_id,
                                                   GError             **error);

/* The campaign, its report and its outbox counts; with POLL (and campaigns.send), the
 * gateway's delivery reports are fetched first (sd_campaign_poll_deliveries ()); a failure
 * to fetch them does not fail the read. */
typedef struct
{
  SdCampaign         *campaign;
  char               *audience;      /* as in SdCampaignOverview */
  SdCampaignReport   *report;
  SdCampaignProgress  progress;
} SdCampaignDetails;

void               sd_campaign_details_free          (SdCampaignDetails *details);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCampaignDetails, sd_campaign_details_free)

void               sd_campaign_jobs_details_async    (gpointer             source,
                                                      SdSession           *session,
                                                      gint64               id,
                                                      gboolean             poll,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
SdCampaignDetails *sd_campaign_jobs_details_finish   (GAsyncResult        *result,
                                                      GError             **error);

typedef enum
{
  SD_CAMPAIGN_OP_PAUSE,
  SD_CAMPAIGN_OP_RESUME,
  SD_CAMPAIGN_OP_DELETE,
  SD_CAMPAIGN_OP_CANCEL,
} SdCampaignOp;

/* sd_campaign_pause () / _resume () / sd_campaigns_delete () / _cancel () of ID. */
void               sd_campaign_jobs_op_async         (gpointer             source,
                                                      SdSession           *session,
                                                      SdCampaignOp         op,
                                                      gint64               id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean           sd_campaign_jobs_op_finish        (GAsyncResult        *result,
                                                      GError             **error);

/* The send: the shop's gateway opened (sd_sms_open_gateway ()) and sd_campaign_send_run ()
 * on the worker thread; PROGRESS called on the thread that started it with each newer
 * progress (coalesced: at most once a main-loop turn). Cancelling stops it after its batch;
 * the campaign stays 'sending' and sending again goes on. */
void               sd_campaign_jobs_send_async       (gpointer                source,
                                                      SdSession              *session,
                                                      gint64                  id,
                                                      SdCampaignProgressFunc  progress,
                                                      gpointer                progress_data,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
gboolean           sd_campaign_jobs_send_finish      (GAsyncResult           *result,
                                                      GError                **error);

/* A test send of campaign ID to PHONE (sd_campaign_send_test ()) through the shop's gateway;
 * then, when the account may change the SMS settings (settings.connections) and PHONE is
 * not already their test phone, PHONE becomes it (a failure there does not fail the job). */
void               sd_campaign_jobs_test_async       (gpointer                source,
                                                      SdSession              *session,
                                                      gint64                  id,
                                                      const char             *phone,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
gboolean           sd_campaign_jobs_test_finish      (GAsyncResult           *result,
                                                      GError                **error);

/* The campaign due to send now (sd_campaigns_next_due () at the job connection's clock),
 * read whole; NULL without an error when none is, or when no gateway is set to send it. */
void               sd_campaign_jobs_next_due_async   (gpointer                source,
                                                      SdSession              *session,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
SdCampaign        *sd_campaign_jobs_next_due_finish  (GAsyncResult           *result,
                                                      GError                **error);

/* The delivery reports of every campaign with messages accepted in the last 72 hours and
 * not yet reported (sd_campaign_list_awaiting_reports ()), polled one campaign after the
 * other through the shop's gateway (sd_campaign_poll_deliveries (), which commits as it
 * goes). A campaign the gateway cannot answer for is left for next time; no gateway, or
 * none usable, polls nothing. *OUT_POLLED: the campaigns asked about. */
void               sd_campaign_jobs_poll_async       (gpointer                source,
                                                      SdSession              *session,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
gboolean           sd_campaign_jobs_poll_finish      (GAsyncResult           *result,
                                                      guint                  *out_polled,
                                                      GError                **error);

/* Tests: the clock every job's connection reads from now on (NULL: the real one). */
void               sd_campaign_jobs_set_clock        (SdClockFunc             clock,
                                                      gpointer                user_data);

G_END_DECLS
