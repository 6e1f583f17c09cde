/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-db.h"

G_BEGIN_DECLS

/* The SQL of the SMS gateway row, the outbox (campaign_recipients), its batches
 * (sms_batches) and the opt-outs (sms_optouts) — migration 7. */

/* ---- the gateway ---- */
typedef struct
{
  char   *kind;
  char   *url;
  char   *sign_name;
  char   *template_code;
  char   *secret_ref;
  gint64  configured_at;
} SdSmsGatewayRow;

void             _sd_sms_gateway_row_free   (SdSmsGatewayRow *row);
/* NULL and SD_ERROR_NOT_FOUND when no gateway is set. */
SdSmsGatewayRow *_sd_sms_gateway_row_load   (SdDb            *db,
                                             GError         **error);
gboolean         _sd_sms_gateway_row_save   (SdDb            *db,
                                             const SdSmsGatewayRow *row,
                                             GError         **error);
gboolean         _sd_sms_gateway_row_delete (SdDb            *db,
                                             GError         **error);

/* ---- a campaign's sending state ---- */
typedef struct
{
  gint64  id;
  char   *state;            /* as in the campaigns table */
  char   *template_code;
  char   *body;
  char   *opt_out_text;
  char   *name;
  char   *pause_reason;
  gint64  scheduled_at;
  gint64  started_at;
} SdOutboxCampaign;

void              _sd_outbox_campaign_free  (SdOutboxCampaign *campaign);
/* NULL and SD_ERROR_NOT_FOUND naming ID when there is no such campaign. */
SdOutboxCampaign *_sd_outbox_campaign_load  (SdDb             *db,
                                             gint64            id,
                                             GError          **error);
/* Sets STATE (and PAUSE_REASON, NULL: ""); started_at set to NOW the first time it is
 * 'sending', finished_at to NOW when 'done'. */
gboolean          _sd_outbox_campaign_set_state (SdDb         *db,
                                             gint64            id,
                                             const char       *state,
                                             const char       *pause_reason,
                                             gint64            now,
                                             GError          **error);

/* ---- the outbox ---- */
typedef struct
{
  gint64  id;
  gint64  customer_id;
  char   *phone;
  char   *template_param;
  gint64  parts;
  gint64  batch_id;
  char   *biz_id;            /* the batch's, for polling */
  char   *out_id;            /* the batch's, for polling */
  gint64  accepted_at;
  char   *gone;              /* queued rows: "opted_out" or "blocked" when that happened since
                              * it was queued, else "" */
} SdOutboxItem;

void        _sd_outbox_item_free          (SdOutboxItem *row);
/* The first LIMIT queued rows of the campaign, in id order, each saying whether its number
 * opted out or its customer was blocked or opted out since. */
GPtrArray  *_sd_outbox_next_queued       (SdDb        *db,
                                          gint64       campaign_id,
                                          guint        limit,
                                          GError     **error);
/* The rows of BATCH_ID still 'submitting'. */
GPtrArray  *_sd_outbox_batch_rows        (SdDb        *db,
                                          gint64       batch_id,
                                          GError     **error);
/* Up to LIMIT rows 'accepted' (not yet delivered or failed) at ACCEPTED_BEFORE or
 * earlier, with ids above AFTER_ID, in id order, with their batch's biz_id and out_id. */
GPtrArray  *_sd_outbox_accepted_rows     (SdDb        *db,
                                          gint64       campaign_id,
                                          gint64       accepted_before,
                                          gint64       after_id,
                                          guint        limit,
                                          GError     **error);
/* The ids (gint64) of the campaigns with rows still 'accepted' that were accepted at
 * SINCE or later. */
GArray     *_sd_outbox_awaiting_reports  (SdDb        *db,
                                          gint64       since,
                                          GError     **error);
/* The first queued row (any state but excluded/holdout when none is queued): for a test. */
SdOutboxItem *_sd_outbox_first_row        (SdDb        *db,
                                          gint64       campaign_id);

typedef struct
{
  gint64  id;
  char   *out_id;
  gint64  submitted_at;
} SdOutboxBatch;

void        _sd_outbox_batch_free        (SdOutboxBatch *batch);
/* The campaign's batches still 'submitting' (no answer recorded). */
/* In a team database, the one sender of campaign ID for as long as DB's connection holds
 * it (the server drops it with the connection): 1 held now, 0 held by another connection. */
int         _sd_outbox_hold_campaign  (SdDb       *db,
                                       gint64      id);
void        _sd_outbox_release_campaign (SdDb     *db,
                                         gint64    id);
GPtrArray  *_sd_outbox_submitting_batches (SdDb       *db,
                                          gint64       campaign_id,
                                          GError     **error);
/* A new batch 'submitting'; its id. */
gint64      _sd_outbox_batch_insert      (SdDb        *db,
                                          gint64       campaign_id,
                                          const char  *out_id,
                                          gint64       now,
                                          GError     **error);
/* Records the batch's answer: STATE 'answered' or 'reconciled'. */
gboolean    _sd_outbox_batch_answer      (SdDb        *db,
                                          gint64       batch_id,
                                          const char  *state,
                                          const char  *biz_id,
                                          const char  *code,
                                          gint64       now,
                                          GError     **error);
/* One row to STATE, with its batch (0: none), error code (NULL: ""), accepted_at and
 * finished_at (0: unchanged). */
gboolean    _sd_outbox_row_set           (SdDb        *db,
                                          gint64       row_id,
                                          const char  *state,
                                          gint64       batch_id,
                                          const char  *error_code,
                                          gint64       accepted_at,
                                          gint64       finished_at,
                                          GError     **error);
/* Every row of BATCH_ID still 'submitting' to STATE (as _sd_outbox_row_set); queued again
 * drops the batch. */
gboolean    _sd_outbox_batch_rows_set    (SdDb        *db,
                                          gint64       batch_id,
                                          const char  *state,
                                          const char  *error_code,
                                          gint64       accepted_at,
                                          gint64       finished_at,
                                          GError     **error);

typedef struct
{
  gint64 queued, submitting, accepted, delivered, failed, withdrawn;
  gint64 parts;
} SdOutboxCounts;

gboolean    _sd_outbox_count             (SdDb        *db,
                                          gint64       campaign_id,
                                          SdOutboxCounts *counts,
                                          GError     **error);

/* ---- opt-outs ---- */
/* Adds PHONE (E.164); *OUT_ADDED says whether it was new. */
gboolean    _sd_optouts_insert           (SdDb        *db,
                                          const char  *phone,
                                          gint64       at,
                                          const char  *source,
                                          gboolean    *out_added,
                                          GError     **error);
gboolean    _sd_optouts_has              (SdDb        *db,
                                          const char  *phone);
gint64      _sd_optouts_total            (SdDb        *db);
/* Withdraws the queued rows of every unfinished campaign whose number is opted out (PHONE
 * NULL: any opted-out number); the rows changed. -1 on error. */
gint64      _sd_optouts_withdraw_queued  (SdDb        *db,
                                          const char  *phone,
                                          gint64       now,
                                          GError     **error);
/* Withdraws the queued rows of CUSTOMER_ID in every unfinished campaign (the customer opted
 * out or was blocked); the rows changed. -1 on error. */
gint64      _sd_outbox_withdraw_customer (SdDb        *db,
                                          gint64       customer_id,
                                          const char  *reason,
                                          gint64       now,
                                          GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSmsGatewayRow, _sd_sms_gateway_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdOutboxCampaign, _sd_outbox_campaign_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdOutboxItem, _sd_outbox_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdOutboxBatch, _sd_outbox_batch_free)

G_END_DECLS
