/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "net/sd-sms-gateway.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* Sending a confirmed campaign: its outbox (campaign_recipients, frozen by
 * sd_campaigns_confirm) goes to the gateway batch by batch. A row moves queued → submitting
 * (committed with its sms_batches row BEFORE the request leaves) → accepted (the gateway took
 * it) → delivered / failed (delivery reports); queued → withdrawn when its number opted out
 * or its customer was blocked in the meantime. So a pause, a quit, a crash or a kill never
 * sends a message twice nor skips one: a batch left 'submitting' is reconciled through the
 * gateway's delivery reports (by number and out_id) before anything is resent.
 *
 * Sending, pausing, resuming and test sends need campaigns.send; reading progress
 * campaigns.compose or campaigns.send. */

typedef struct
{
  gint64   queued;
  gint64   submitting;
  gint64   accepted;             /* accepted by the gateway, no delivery report yet */
  gint64   delivered;
  gint64   failed;
  gint64   withdrawn;
  gint64   parts;                /* parts of the rows accepted, delivered or failed after acceptance */
  gboolean waiting_for_window;   /* outside sending hours: waiting ... */
  gint64   next_opening;         /* ... until this UTC second; 0 otherwise */
} SdCampaignProgress;

/* How sd_campaign_send_run goes about it. */
typedef enum
{
  SD_CAMPAIGN_SEND_DEFAULT        = 0,
  SD_CAMPAIGN_SEND_STOP_AT_WINDOW = 1 << 0,  /* outside sending hours, return instead of waiting */
  SD_CAMPAIGN_SEND_RESUME_PAUSED  = 1 << 1,  /* a paused campaign is resumed first */
} SdCampaignSendFlags;

typedef void (*SdCampaignProgressFunc) (const SdCampaignProgress *progress,
                                        gpointer                  user_data);

/* Sends campaign ID's queued rows through GATEWAY, batch by batch (the gateway's max batch),
 * on SESSION's connection (call it from a job thread with a session of its own:
 * sd_session_open_copy). The campaign must be scheduled, sending or paused: a paused one
 * is resumed first with RESUME_PAUSED (the caller asked to send), else it returns TRUE at
 * once and stays paused (a pause pressed while the send was starting is kept). The state
 * is read again in the transaction that moves it to 'sending', so a pause from another
 * connection is never overwritten. One scheduled for later is waited for as the
 * sending hours are (reporting waiting_for_window, next_opening = its time; with
 * STOP_AT_WINDOW it returns TRUE at once, still scheduled). First reconciles every batch left
 * 'submitting' (query_details by phone and out_id: found → accepted, not found → queued
 * again). Each batch: its rows re-checked (opted out or blocked since → withdrawn),
 * committed 'submitting' with a new sms_batches row BEFORE the request; the answer committed
 * after. Outside sending hours it waits (reporting waiting_for_window) until the next
 * opening, unless STOP_AT_WINDOW: then it returns TRUE with the campaign still 'sending'.
 * Throttled → backs off and tries again; a day or month limit, no balance, out of service →
 * pauses the campaign with the reason and returns TRUE. A pause (sd_campaign_pause, from any
 * connection) is seen between batches: it returns TRUE, the campaign paused. Done when no
 * row is queued or submitting → state done.
 * One sender a campaign: while another window, process or computer sends it (a lock beside
 * the shop file, "SHOP-sending.lock", dropped when its process ends; in a team database an
 * advisory lock the server holds for the sender's connection), SD_ERROR_CONFLICT at once. Rows are claimed in a write transaction, so none is ever taken by two senders.
 * Errors: SD_ERROR_NOT_FOUND, SD_ERROR_CONFLICT (a draft, done or cancelled campaign,
 * or another sender),
 * SD_ERROR_AUTH_FAILED (the gateway refused the
 * keys: the campaign is paused with the reason), G_IO_ERROR_CANCELLED (the campaign stays
 * 'sending'; sending again continues it). */
gboolean sd_campaign_send_run        (SdSession             *session,
                                      gint64                 id,
                                      SdSmsGateway          *gateway,
                                      SdCampaignSendFlags    flags,
                                      SdCampaignProgressFunc progress,
                                      gpointer               user_data,
                                      GCancellable          *cancellable,
                                      GError               **error);

/* The outbox counts of campaign ID now (and, when sending, whether it waits for the window). */
gboolean sd_campaign_get_progress    (SdSession             *session,
                                      gint64                 id,
                                      SdCampaignProgress    *progress,
                                      GError               **error);

/* Pauses a scheduled or sending campaign (a running send stops after its batch). Audited
 * (campaign.pause). SD_ERROR_CONFLICT for other states; pausing a paused one is a no-op. */
gboolean sd_campaign_pause           (SdSession             *session,
                                      gint64                 id,
                                      GError               **error);
/* Resumes a paused campaign: back to 'sending' (or 'scheduled' when its time has not come),
 * its pause reason cleared. Audited (campaign.resume). The send itself is
 * sd_campaign_send_run's. SD_ERROR_CONFLICT unless paused. */
gboolean sd_campaign_resume          (SdSession             *session,
                                      gint64                 id,
                                      GError               **error);

/* A paused campaign's pause_reason for people, translated: "" (paused by a person) → "Paused.";
 * a gateway code ("isv.AMOUNT_NOT_ENOUGH", "isv.DAY_LIMIT_CONTROL", …), "auth_failed",
 * "throttled" → what happened and what to do. */
char    *sd_campaign_describe_pause_reason (const char       *reason);

/* Sends campaign ID's message once to PHONE (NULL: the SMS settings' test phone), rendered
 * for the first recipient of its audience (or the template's fallbacks when it has none),
 * outside the outbox and any sending hours. Audited (campaign.test) with the number masked.
 * Errors: SD_ERROR_INVALID_INPUT (no test phone, a bad number), SD_ERROR_NOT_FOUND, the
 * gateway's errors; a rejection as SD_ERROR_CONFLICT with the gateway's code in the message. */
gboolean sd_campaign_send_test       (SdSession             *session,
                                      gint64                 id,
                                      SdSmsGateway          *gateway,
                                      const char            *phone,
                                      GCancellable          *cancellable,
                                      GError               **error);

/* Polls the gateway's delivery reports for campaign ID's accepted rows not yet final (by
 * number, biz_id and day) and stores them: delivered, or failed with the carrier's code.
 * Rows accepted less than a minute ago are left for later (no report is there yet). Asks
 * and commits 100 rows at a time, so a cancel (G_IO_ERROR_CANCELLED) or a failure keeps
 * the chunks already stored. */
gboolean sd_campaign_poll_deliveries (SdSession             *session,
                                      gint64                 id,
                                      SdSmsGateway          *gateway,
                                      GCancellable          *cancellable,
                                      GError               **error);

/* The ids (gint64) of the campaigns with messages accepted at SINCE (UTC seconds) or later
 * that still await their delivery report: what a poller asks about. Needs campaigns.send. */
GArray  *sd_campaign_list_awaiting_reports (SdSession           *session,
                                            gint64               since,
                                            GError             **error);

G_END_DECLS
