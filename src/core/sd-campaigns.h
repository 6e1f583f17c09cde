/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-campaign.h"
#include "sd-session.h"
#include "sd-sms-template.h"
#include "sd-sms-text.h"

G_BEGIN_DECLS

/* Campaigns: drafts, the audience they reach, the estimate the owner confirms, the frozen
 * outbox and the results.
 *
 * Drafts, estimates and reports need campaigns.compose; confirming needs campaigns.send.
 * Every change is audited (campaign.create / update / delete / confirm / cancel).
 *
 * The audience is resolved from the customers as they are when asked: the customers of
 * the kind (all, a grade, a segment, any of some tags, hand-picked ids), in id order, then
 * each one left out for the first of these that applies (SdExclusion, in this order):
 * blocked by the shop, opted out (the customer or the number, sms_optouts), no mobile, an
 * invalid mobile, a masked one (a platform's 138****1234), a number an earlier customer of
 * the audience already has, the frequency cap (sms_settings: at most cap_count messages of
 * other campaigns accepted for that number in the last cap_days). Of those left, a seeded
 * holdout_percent is kept back (the same seed always splits the same customers); the
 * rest are the recipients. */

typedef enum
{
  SD_EXCLUSION_OPTED_OUT,
  SD_EXCLUSION_NO_MOBILE,
  SD_EXCLUSION_INVALID_MOBILE,
  SD_EXCLUSION_MASKED_MOBILE,
  SD_EXCLUSION_DUPLICATE,
  SD_EXCLUSION_FREQUENCY_CAP,
  SD_EXCLUSION_BLOCKED,
  SD_EXCLUSION_N
} SdExclusion;

/* "opted_out", "no_mobile", …: migration 7's campaign_recipients.exclusion. */
const char  *sd_exclusion_to_string   (SdExclusion  exclusion);
gboolean     sd_exclusion_from_string (const char  *string,
                                       SdExclusion *out_exclusion);
/* Translated, for people ("Opted out", "No mobile number", …). */
const char  *sd_exclusion_get_label   (SdExclusion  exclusion);

/* The states of an outbox row (campaign_recipients.state). */
typedef enum
{
  SD_RECIPIENT_EXCLUDED,
  SD_RECIPIENT_HOLDOUT,
  SD_RECIPIENT_QUEUED,
  SD_RECIPIENT_SUBMITTING,
  SD_RECIPIENT_ACCEPTED,
  SD_RECIPIENT_DELIVERED,
  SD_RECIPIENT_FAILED,
  SD_RECIPIENT_WITHDRAWN,
  SD_RECIPIENT_STATE_N
} SdRecipientState;

const char  *sd_recipient_state_to_string   (SdRecipientState  state);
gboolean     sd_recipient_state_from_string (const char       *string,
                                             SdRecipientState *out_state);
const char  *sd_recipient_state_get_label   (SdRecipientState  state);

/* ---- Drafts ---- */

/* A new draft from CAMPAIGN (its id, state and times are ignored); its id.
 * SD_ERROR_INVALID_INPUT: a name of 1 to SD_CAMPAIGN_NAME_MAX_CHARS characters, holdout
 * 0 … 50, attribution 1 … 90 (0: 7), an audience with its value (a grade that exists, a
 * segment that exists, at least one tag, 1 to SD_CAMPAIGN_CUSTOMERS_MAX customers). */
gint64       sd_campaigns_create      (SdSession         *session,
                                       const SdCampaign  *campaign,
                                       GError           **error);
/* Saves CAMPAIGN over the draft with its id. SD_ERROR_CONFLICT when it is no longer a
 * draft, SD_ERROR_NOT_FOUND when there is none. */
gboolean     sd_campaigns_update      (SdSession         *session,
                                       const SdCampaign  *campaign,
                                       GError           **error);
/* SD_ERROR_NOT_FOUND when there is none. */
SdCampaign  *sd_campaigns_get         (SdSession         *session,
                                       gint64             id,
                                       GError           **error);
/* Every campaign, newest first. */
GPtrArray   *sd_campaigns_list        (SdSession         *session,
                                       GError           **error);   /* SdCampaign * */
/* Drafts only (SD_ERROR_CONFLICT otherwise). */
gboolean     sd_campaigns_delete      (SdSession         *session,
                                       gint64             id,
                                       GError           **error);
/* Drafts, scheduled and paused campaigns (campaigns.send): state cancelled, every queued
 * row withdrawn. SD_ERROR_CONFLICT for one sending, done or cancelled. */
gboolean     sd_campaigns_cancel      (SdSession         *session,
                                       gint64             id,
                                       GError           **error);

/* ---- Estimate ---- */

/* One recipient's message as it would be sent. */
typedef struct
{
  gint64      customer_id;
  char       *name;        /* the customer's name, or nick */
  char       *phone;       /* masked unless the session has customers.contact */
  char       *text;        /* the whole message: 【sign】 + content, placeholders filled */
  SdSmsCount  count;
} SdCampaignPreview;

void         sd_campaign_preview_free (SdCampaignPreview *preview);

typedef struct
{
  gint64      audience;                    /* customers of the audience kind */
  gint64      excluded[SD_EXCLUSION_N];    /* left out, by the first reason that applies */
  gint64      holdout;
  gint64      recipients;                  /* = audience - excluded - holdout */
  gint64      parts;                       /* billed parts of all the recipients' messages */
  gint64      cost_mfen;                   /* parts × the price of one part (thousandths of a fen) */
  char       *longest_text;                /* the longest message ("" when no recipient) */
  SdSmsCount  longest_count;
  GPtrArray  *previews;                    /* SdCampaignPreview *: the first PREVIEW_LIMIT recipients */
  GPtrArray  *lint;                        /* SdSmsLintIssue *: the template's problems */
  gboolean    has_errors;                  /* a lint issue that stops confirming (every kind
                                            * but a link) or no recipient */
} SdCampaignEstimate;

void         sd_campaign_estimate_free (SdCampaignEstimate *estimate);

/* The audience of the campaign with ID as it would be sent now. One query a page of
 * customers, never one a customer: a 100,000-customer audience takes well under 2 s.
 * Honours CANCELLABLE between pages. */
SdCampaignEstimate *sd_campaigns_estimate       (SdSession         *session,
                                                 gint64             id,
                                                 guint              preview_limit,
                                                 GCancellable      *cancellable,
                                                 GError           **error);
/* The same for a campaign being edited (not saved; its id is ignored, except that its own
 * rows do not count against the frequency cap). */
SdCampaignEstimate *sd_campaigns_estimate_draft (SdSession         *session,
                                                 const SdCampaign  *campaign,
                                                 guint              preview_limit,
                                                 GCancellable      *cancellable,
                                                 GError           **error);

/* ---- Confirm ---- */

/* Freezes the outbox of the draft with ID: every audience row written (queued, holdout,
 * excluded with its reason), template_param and parts of every queued row, in one
 * transaction; the price of a part fixed from the settings; state → scheduled, or sending
 * when scheduled_at <= now. EXPECTED_RECIPIENTS must equal the recipients now (else
 * SD_ERROR_CONFLICT: the audience changed, estimate again). SD_ERROR_INVALID_INPUT for a
 * template with lint errors or an empty audience, SD_ERROR_NOT_FOUND when no gateway is
 * set. Needs campaigns.send. */
gboolean     sd_campaigns_confirm     (SdSession         *session,
                                       gint64             id,
                                       gint64             expected_recipients,
                                       GCancellable      *cancellable,
                                       GError           **error);

/* ---- Dispatching ---- */

/* The campaign a sender should take up at NOW (UTC seconds), in *OUT_ID (0: none): one
 * left 'sending' (by a quit or a crash, or waiting for the sending hours), or one
 * 'scheduled' whose scheduled_at has come; the one due longest first (a scheduled one from
 * its time, one sent at once from its confirmation). Paused, draft, done and cancelled
 * campaigns never are. Needs campaigns.send. */
gboolean     sd_campaigns_next_due    (SdSession         *session,
                                       gint64             now,
                                       gint64            *out_id,
                                       GError           **error);

/* ---- Results ---- */

typedef struct
{
  gint64  day;              /* the shop-time midnight starting it, UTC seconds */
  gint64  delivered;        /* messages delivered that day */
  gint64  orders;           /* orders of recipients that day */
  gint64  revenue_cents;
} SdCampaignDay;

typedef struct
{
  gint64          id;
  SdCampaignState state;
  gint64          by_state[SD_RECIPIENT_STATE_N];  /* outbox rows by state */
  gint64          excluded[SD_EXCLUSION_N];        /* the excluded rows by reason */
  GHashTable     *failed_by_code;                  /* char * code → gint64 * count */
  gint64          parts_billed;                    /* parts of accepted, delivered and failed rows */
  gint64          cost_mfen;                       /* parts_billed × the campaign's price */
  /* Attribution: orders placed from the start of sending for attribution_days, by the
   * customers sent a message (accepted, delivered; "recipients") and by the holdout. */
  gint64          attribution_start;               /* UTC seconds; 0: not started */
  gint64          attribution_end;
  gint64          recipients;
  gint64          recipient_buyers;                /* recipients with at least one order */
  gint64          recipient_orders;
  gint64          recipient_revenue_cents;
  gint64          holdout;
  gint64          holdout_buyers;
  gint64          holdout_orders;
  gint64          holdout_revenue_cents;
  double          recipient_conversion;            /* buyers / recipients, 0 … 1 */
  double          holdout_conversion;
  double          revenue_per_recipient_cents;
  /* recipient_conversion - holdout_conversion and its 95% confidence interval (normal
   * approximation of the difference of two proportions); has_uplift FALSE without holdout. */
  gboolean        has_uplift;
  double          uplift;
  double          uplift_low;
  double          uplift_high;
  GArray         *days;                            /* SdCampaignDay, from the start for attribution_days */
} SdCampaignReport;

void              sd_campaign_report_free (SdCampaignReport *report);
SdCampaignReport *sd_campaigns_report     (SdSession         *session,
                                           gint64             id,
                                           GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCampaignPreview, sd_campaign_preview_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCampaignEstimate, sd_campaign_estimate_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCampaignReport, sd_campaign_report_free)

G_END_DECLS
