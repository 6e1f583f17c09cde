/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-outbox-store"

#include <string.h>

#include "sd-i18n.h"

#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-outbox-store-private.h"

/* ---- the gateway ---- */

void
_sd_sms_gateway_row_free (SdSmsGatewayRow *row)
{
  if (row == NULL)
    return;
  g_free (row->kind);
  g_free (row->url);
  g_free (row->sign_name);
  g_free (row->template_code);
  g_free (row->secret_ref);
  g_free (row);
}

static gpointer
read_gateway (SdStmt *stmt)
{
  SdSmsGatewayRow *row = g_new0 (SdSmsGatewayRow, 1);

  row->kind = _sd_column_dup (stmt, 0);
  row->url = _sd_column_dup (stmt, 1);
  row->sign_name = _sd_column_dup (stmt, 2);
  row->template_code = _sd_column_dup (stmt, 3);
  row->secret_ref = _sd_column_dup (stmt, 4);
  row->configured_at = sd_stmt_column_int64 (stmt, 5);
  return row;
}

/* The gateway is the one row 1: ID is always 1. */
static gboolean
gateway_not_set (gint64   id,
                 GError **error)
{
  g_set_error_literal (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                       _("No SMS gateway is set: set one with “gateway set aliyun”, or in the SMS settings."));
  return FALSE;
}

SdSmsGatewayRow *
_sd_sms_gateway_row_load (SdDb    *db,
                          GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT kind, url, sign_name, template_code, secret_ref, configured_at FROM sms_gateway WHERE id = 1", error);

  return _sd_db_read_one (db, stmt, read_gateway, 1, gateway_not_set, _("read the SMS gateway"), error);
}

gboolean
_sd_sms_gateway_row_save (SdDb                  *db,
                          const SdSmsGatewayRow *row,
                          GError               **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO sms_gateway (id, kind, url, sign_name, template_code, secret_ref, configured_at) "
      "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET "
      "(kind, url, sign_name, template_code, secret_ref, configured_at) = (?1, ?2, ?3, ?4, ?5, ?6)", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, row->kind);
  sd_stmt_bind_text (stmt, 2, row->url);
  sd_stmt_bind_text (stmt, 3, row->sign_name);
  sd_stmt_bind_text (stmt, 4, row->template_code ? row->template_code : "");
  sd_stmt_bind_text (stmt, 5, row->secret_ref ? row->secret_ref : "");
  sd_stmt_bind_int64 (stmt, 6, row->configured_at);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_sms_gateway_row_delete (SdDb    *db,
                            GError **error)
{
  return _sd_db_exec (db, "DELETE FROM sms_gateway", error);
}

/* ---- campaigns ---- */

void
_sd_outbox_campaign_free (SdOutboxCampaign *campaign)
{
  if (campaign == NULL)
    return;
  g_free (campaign->state);
  g_free (campaign->template_code);
  g_free (campaign->body);
  g_free (campaign->opt_out_text);
  g_free (campaign->name);
  g_free (campaign->pause_reason);
  g_free (campaign);
}

static gpointer
read_campaign (SdStmt *stmt)
{
  SdOutboxCampaign *campaign = g_new0 (SdOutboxCampaign, 1);

  campaign->id = sd_stmt_column_int64 (stmt, 0);
  campaign->state = _sd_column_dup (stmt, 1);
  campaign->template_code = _sd_column_dup (stmt, 2);
  campaign->pause_reason = _sd_column_dup (stmt, 3);
  campaign->scheduled_at = sd_stmt_column_int64 (stmt, 4);
  campaign->started_at = sd_stmt_column_int64 (stmt, 5);
  campaign->body = _sd_column_dup (stmt, 6);
  campaign->opt_out_text = _sd_column_dup (stmt, 7);
  campaign->name = _sd_column_dup (stmt, 8);
  return campaign;
}

static gboolean
campaign_not_found (gint64   id,
                    GError **error)
{
  g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no campaign %lld."), (long long) id);
  return FALSE;
}

SdOutboxCampaign *
_sd_outbox_campaign_load (SdDb    *db,
                          gint64   id,
                          GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id, state, template_code, pause_reason, scheduled_at, started_at, body, opt_out_text, name "
      "FROM campaigns WHERE id = ?1", error);

  if (stmt != NULL)
    sd_stmt_bind_int64 (stmt, 1, id);
  return _sd_db_read_one (db, stmt, read_campaign, id, campaign_not_found, _("read the campaign"), error);
}

gboolean
_sd_outbox_campaign_set_state (SdDb        *db,
                               gint64       id,
                               const char  *state,
                               const char  *pause_reason,
                               gint64       now,
                               GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE campaigns SET state = ?2, pause_reason = ?3, updated_at = ?4, "
      "started_at = CASE WHEN ?2 = 'sending' AND started_at = 0 THEN ?4 ELSE started_at END, "
      "finished_at = CASE WHEN ?2 = 'done' THEN ?4 ELSE finished_at END WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  sd_stmt_bind_text (stmt, 2, state);
  sd_stmt_bind_text (stmt, 3, pause_reason ? pause_reason : "");
  sd_stmt_bind_int64 (stmt, 4, now);
  return _sd_db_step_done (db, stmt, error);
}

/* ---- the outbox ---- */

void
_sd_outbox_item_free (SdOutboxItem *row)
{
  if (row == NULL)
    return;
  g_free (row->phone);
  g_free (row->template_param);
  g_free (row->biz_id);
  g_free (row->out_id);
  g_free (row->gone);
  g_free (row);
}

/* Columns: id, customer_id, phone, template_param, parts, batch_id, biz_id, accepted_at, gone, out_id */
static gpointer
read_outbox_row (SdStmt *stmt)
{
  SdOutboxItem *row = g_new0 (SdOutboxItem, 1);

  row->id = sd_stmt_column_int64 (stmt, 0);
  row->customer_id = sd_stmt_column_int64 (stmt, 1);
  row->phone = _sd_column_dup (stmt, 2);
  row->template_param = _sd_column_dup (stmt, 3);
  row->parts = sd_stmt_column_int64 (stmt, 4);
  row->batch_id = sd_stmt_column_int64 (stmt, 5);
  row->biz_id = _sd_column_dup (stmt, 6);
  row->accepted_at = sd_stmt_column_int64 (stmt, 7);
  row->gone = _sd_column_dup (stmt, 8);
  row->out_id = _sd_column_dup (stmt, 9);
  return row;
}

GPtrArray *
_sd_outbox_next_queued (SdDb    *db,
                        gint64   campaign_id,
                        guint    limit,
                        GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT r.id, r.customer_id, r.phone, r.template_param, r.parts, 0, '', 0, "
      "  CASE WHEN EXISTS (SELECT 1 FROM customers c WHERE c.id = r.customer_id AND c.sms_blocked_at > 0) "
      "       THEN 'blocked' "
      "       WHEN EXISTS (SELECT 1 FROM sms_optouts o WHERE o.phone = r.phone) OR "
      "            EXISTS (SELECT 1 FROM customers c WHERE c.id = r.customer_id AND c.sms_opt_out_at > 0) "
      "       THEN 'opted_out' ELSE '' END, '' "
      "FROM campaign_recipients r WHERE r.campaign_id = ?1 AND r.state = 'queued' ORDER BY r.id LIMIT ?2", error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, campaign_id);
  sd_stmt_bind_int64 (stmt, 2, limit);
  return _sd_db_collect_rows (db, stmt, read_outbox_row, (GDestroyNotify) _sd_outbox_item_free,
                              _("read the campaign’s outbox"), error);
}

GPtrArray *
_sd_outbox_batch_rows (SdDb    *db,
                       gint64   batch_id,
                       GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id, customer_id, phone, template_param, parts, batch_id, '', 0, '', '' "
      "FROM campaign_recipients WHERE batch_id = ?1 AND state = 'submitting' ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, batch_id);
  return _sd_db_collect_rows (db, stmt, read_outbox_row, (GDestroyNotify) _sd_outbox_item_free,
                              _("read the campaign’s outbox"), error);
}

GPtrArray *
_sd_outbox_accepted_rows (SdDb    *db,
                          gint64   campaign_id,
                          gint64   accepted_before,
                          gint64   after_id,
                          guint    limit,
                          GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT r.id, r.customer_id, r.phone, r.template_param, r.parts, r.batch_id, b.biz_id, r.accepted_at, '', "
      "  b.out_id "
      "FROM campaign_recipients r JOIN sms_batches b ON b.id = r.batch_id "
      "WHERE r.campaign_id = ?1 AND r.state = 'accepted' AND r.accepted_at <= ?2 AND r.id > ?3 "
      "ORDER BY r.id LIMIT ?4", error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, campaign_id);
  sd_stmt_bind_int64 (stmt, 2, accepted_before);
  sd_stmt_bind_int64 (stmt, 3, after_id);
  sd_stmt_bind_int64 (stmt, 4, limit);
  return _sd_db_collect_rows (db, stmt, read_outbox_row, (GDestroyNotify) _sd_outbox_item_free,
                              _("read the campaign’s outbox"), error);
}

GArray *
_sd_outbox_awaiting_reports (SdDb    *db,
                             gint64   since,
                             GError **error)
{
  /* Campaign by campaign on the (campaign_id, state) index: there are few campaigns, and
   * a campaign's accepted rows are few once its reports are in. */
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT c.id FROM campaigns c WHERE EXISTS (SELECT 1 FROM campaign_recipients r "
      "  WHERE r.campaign_id = c.id AND r.state = 'accepted' AND r.accepted_at >= ?1) ORDER BY c.id", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, since);
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      gint64 id = sd_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, _("find the campaigns awaiting delivery reports"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

SdOutboxItem *
_sd_outbox_first_row (SdDb   *db,
                      gint64  campaign_id)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id, customer_id, phone, template_param, parts, 0, '', 0, '', '' FROM campaign_recipients "
      "WHERE campaign_id = ?1 AND state NOT IN ('excluded', 'holdout') AND template_param <> '' "
      "ORDER BY state <> 'queued', id LIMIT 1", NULL);
  SdOutboxItem *row = NULL;

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, campaign_id);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    row = read_outbox_row (stmt);
  sd_stmt_reset (stmt);
  return row;
}

void
_sd_outbox_batch_free (SdOutboxBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->out_id);
  g_free (batch);
}

static gpointer
read_batch (SdStmt *stmt)
{
  SdOutboxBatch *batch = g_new0 (SdOutboxBatch, 1);

  batch->id = sd_stmt_column_int64 (stmt, 0);
  batch->out_id = _sd_column_dup (stmt, 1);
  batch->submitted_at = sd_stmt_column_int64 (stmt, 2);
  return batch;
}

/* The lock's first key says what it is for: 'SD' and the campaign's sending. */
#define SENDING_LOCK_CLASS 21316

int
_sd_outbox_hold_campaign (SdDb   *db,
                          gint64  id)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT pg_try_advisory_lock (CAST (?1 AS integer), CAST (?2 AS integer))",
                                 NULL);
  int held = 0;

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_int (stmt, 1, SENDING_LOCK_CLASS);
  sd_stmt_bind_int64 (stmt, 2, id);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    held = sd_stmt_column_int (stmt, 0) != 0;
  sd_stmt_reset (stmt);
  return held;
}

void
_sd_outbox_release_campaign (SdDb   *db,
                             gint64  id)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT pg_advisory_unlock (CAST (?1 AS integer), CAST (?2 AS integer))",
                                 NULL);

  if (stmt == NULL)
    return;
  sd_stmt_bind_int (stmt, 1, SENDING_LOCK_CLASS);
  sd_stmt_bind_int64 (stmt, 2, id);
  sd_stmt_step (stmt);
  sd_stmt_reset (stmt);
}

GPtrArray *
_sd_outbox_submitting_batches (SdDb    *db,
                               gint64   campaign_id,
                               GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id, out_id, submitted_at FROM sms_batches WHERE campaign_id = ?1 AND state = 'submitting' ORDER BY id",
      error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, campaign_id);
  return _sd_db_collect_rows (db, stmt, read_batch, (GDestroyNotify) _sd_outbox_batch_free,
                              _("read the campaign’s batches"), error);
}

gint64
_sd_outbox_batch_insert (SdDb        *db,
                         gint64       campaign_id,
                         const char  *out_id,
                         gint64       now,
                         GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO sms_batches (campaign_id, out_id, state, submitted_at) VALUES (?1, ?2, 'submitting', ?3)", error);

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_int64 (stmt, 1, campaign_id);
  sd_stmt_bind_text (stmt, 2, out_id);
  sd_stmt_bind_int64 (stmt, 3, now);
  if (!_sd_db_step_done (db, stmt, error))
    return 0;
  return _sd_db_last_insert_id (db);
}

gboolean
_sd_outbox_batch_answer (SdDb        *db,
                         gint64       batch_id,
                         const char  *state,
                         const char  *biz_id,
                         const char  *code,
                         gint64       now,
                         GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE sms_batches SET state = ?2, biz_id = ?3, code = ?4, answered_at = ?5 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, batch_id);
  sd_stmt_bind_text (stmt, 2, state);
  sd_stmt_bind_text (stmt, 3, biz_id ? biz_id : "");
  sd_stmt_bind_text (stmt, 4, code ? code : "");
  sd_stmt_bind_int64 (stmt, 5, now);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_outbox_row_set (SdDb        *db,
                    gint64       row_id,
                    const char  *state,
                    gint64       batch_id,
                    const char  *error_code,
                    gint64       accepted_at,
                    gint64       finished_at,
                    GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE campaign_recipients SET state = ?2, batch_id = NULLIF (?3, 0), error_code = ?4, "
      "accepted_at = CASE WHEN ?5 > 0 THEN ?5 ELSE accepted_at END, "
      "finished_at = CASE WHEN ?6 > 0 THEN ?6 ELSE finished_at END WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, row_id);
  sd_stmt_bind_text (stmt, 2, state);
  sd_stmt_bind_int64 (stmt, 3, batch_id);
  sd_stmt_bind_text (stmt, 4, error_code ? error_code : "");
  sd_stmt_bind_int64 (stmt, 5, accepted_at);
  sd_stmt_bind_int64 (stmt, 6, finished_at);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_outbox_batch_rows_set (SdDb        *db,
                           gint64       batch_id,
                           const char  *state,
                           const char  *error_code,
                           gint64       accepted_at,
                           gint64       finished_at,
                           GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE campaign_recipients SET state = ?2, error_code = ?3, "
      "batch_id = CASE WHEN ?2 = 'queued' THEN NULL ELSE batch_id END, "
      "accepted_at = CASE WHEN ?4 > 0 THEN ?4 ELSE accepted_at END, "
      "finished_at = CASE WHEN ?5 > 0 THEN ?5 ELSE finished_at END "
      "WHERE batch_id = ?1 AND state = 'submitting'", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, batch_id);
  sd_stmt_bind_text (stmt, 2, state);
  sd_stmt_bind_text (stmt, 3, error_code ? error_code : "");
  sd_stmt_bind_int64 (stmt, 4, accepted_at);
  sd_stmt_bind_int64 (stmt, 5, finished_at);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_outbox_count (SdDb           *db,
                  gint64          campaign_id,
                  SdOutboxCounts *counts,
                  GError        **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT state, count(*), total (CASE WHEN accepted_at > 0 THEN parts ELSE 0 END) "
      "FROM campaign_recipients WHERE campaign_id = ?1 GROUP BY state", error);
  int rc;

  memset (counts, 0, sizeof *counts);
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, campaign_id);
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      const char *state = sd_stmt_column_text (stmt, 0);
      gint64 n = sd_stmt_column_int64 (stmt, 1);

      counts->parts += (gint64) sd_stmt_column_double (stmt, 2);
      if (g_strcmp0 (state, "queued") == 0)
        counts->queued = n;
      else if (g_strcmp0 (state, "submitting") == 0)
        counts->submitting = n;
      else if (g_strcmp0 (state, "accepted") == 0)
        counts->accepted = n;
      else if (g_strcmp0 (state, "delivered") == 0)
        counts->delivered = n;
      else if (g_strcmp0 (state, "failed") == 0)
        counts->failed = n;
      else if (g_strcmp0 (state, "withdrawn") == 0)
        counts->withdrawn = n;
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, _("count the campaign’s outbox"));
      return FALSE;
    }
  return TRUE;
}

/* ---- opt-outs ---- */

gboolean
_sd_optouts_insert (SdDb        *db,
                    const char  *phone,
                    gint64       at,
                    const char  *source,
                    gboolean    *out_added,
                    GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO sms_optouts (phone, at, source) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, phone);
  sd_stmt_bind_int64 (stmt, 2, at);
  sd_stmt_bind_text (stmt, 3, source ? source : "");
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (out_added != NULL)
    *out_added = _sd_db_changes (db) > 0;
  return TRUE;
}

gboolean
_sd_optouts_has (SdDb       *db,
                 const char *phone)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT 1 FROM sms_optouts WHERE phone = ?1", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, phone);
  found = sd_stmt_step (stmt) == SD_STMT_ROW;
  sd_stmt_reset (stmt);
  return found;
}

gint64
_sd_optouts_total (SdDb *db)
{
  return _sd_db_query_int (db, "SELECT count(*) FROM sms_optouts", 0);
}

gint64
_sd_optouts_withdraw_queued (SdDb        *db,
                             const char  *phone,
                             gint64       now,
                             GError     **error)
{
  /* Walks the queued rows of the unfinished campaigns (index on campaign, state): few
   * campaigns are ever unfinished at once. */
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE campaign_recipients SET state = 'withdrawn', error_code = 'opted_out', finished_at = ?1 "
      "WHERE campaign_id IN (SELECT id FROM campaigns WHERE state IN ('draft', 'scheduled', 'sending', 'paused')) "
      "AND state = 'queued' AND (CAST (?2 AS TEXT) IS NULL OR phone = ?2) "
      "AND phone IN (SELECT phone FROM sms_optouts)", error);

  if (stmt == NULL)
    return -1;
  sd_stmt_bind_int64 (stmt, 1, now);
  if (phone != NULL)
    sd_stmt_bind_text (stmt, 2, phone);
  else
    sd_stmt_bind_null (stmt, 2);
  if (!_sd_db_step_done (db, stmt, error))
    return -1;
  return _sd_db_changes (db);
}

gint64
_sd_outbox_withdraw_customer (SdDb        *db,
                              gint64       customer_id,
                              const char  *reason,
                              gint64       now,
                              GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE campaign_recipients SET state = 'withdrawn', error_code = ?3, finished_at = ?1 "
      "WHERE campaign_id IN (SELECT id FROM campaigns WHERE state IN ('draft', 'scheduled', 'sending', 'paused')) "
      "AND state = 'queued' AND customer_id = ?2", error);

  if (stmt == NULL)
    return -1;
  sd_stmt_bind_int64 (stmt, 1, now);
  sd_stmt_bind_int64 (stmt, 2, customer_id);
  sd_stmt_bind_text (stmt, 3, reason);
  if (!_sd_db_step_done (db, stmt, error))
    return -1;
  return _sd_db_changes (db);
}
