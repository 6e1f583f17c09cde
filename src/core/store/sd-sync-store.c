/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-sync-store"

#include "sd-i18n.h"

#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-sync-store-private.h"

#define ROW_COLUMNS \
  "platform, url, app_key, sign_method, api_version, seller_nick, seller_id, secret_ref, " \
  "connected_at, cursor, full_sync_done, full_sync_until, full_sync_position, last_sync_at, " \
  "last_success_at, last_error, needs_authorization, orders_synced, customers_synced, interval_minutes"

void
_sd_store_row_free (SdStoreRow *row)
{
  if (row == NULL)
    return;
  g_free (row->platform);
  g_free (row->url);
  g_free (row->app_key);
  g_free (row->sign_method);
  g_free (row->api_version);
  g_free (row->seller_nick);
  g_free (row->seller_id);
  g_free (row->secret_ref);
  g_free (row->last_error);
  g_free (row);
}

static SdStoreRow *
read_row (SdStmt *stmt)
{
  SdStoreRow *row = g_new0 (SdStoreRow, 1);

  row->platform = _sd_column_dup (stmt, 0);
  row->url = _sd_column_dup (stmt, 1);
  row->app_key = _sd_column_dup (stmt, 2);
  row->sign_method = _sd_column_dup (stmt, 3);
  row->api_version = _sd_column_dup (stmt, 4);
  row->seller_nick = _sd_column_dup (stmt, 5);
  row->seller_id = _sd_column_dup (stmt, 6);
  row->secret_ref = _sd_column_dup (stmt, 7);
  row->connected_at = sd_stmt_column_int64 (stmt, 8);
  row->cursor = sd_stmt_column_int64 (stmt, 9);
  row->full_sync_done = sd_stmt_column_int (stmt, 10) != 0;
  row->full_sync_until = sd_stmt_column_int64 (stmt, 11);
  row->full_sync_position = sd_stmt_column_int64 (stmt, 12);
  row->last_sync_at = sd_stmt_column_int64 (stmt, 13);
  row->last_success_at = sd_stmt_column_int64 (stmt, 14);
  row->last_error = _sd_column_dup (stmt, 15);
  row->needs_authorization = sd_stmt_column_int (stmt, 16) != 0;
  row->orders_synced = sd_stmt_column_int64 (stmt, 17);
  row->customers_synced = sd_stmt_column_int64 (stmt, 18);
  row->interval_minutes = (guint) sd_stmt_column_int (stmt, 19);
  return row;
}

SdStoreRow *
_sd_store_connection_load (SdDb    *db,
                           GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT " ROW_COLUMNS " FROM store_connection WHERE id = 1", error);
  SdStoreRow *row = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sd_stmt_step (stmt);
  if (rc == SD_STMT_ROW)
    row = read_row (stmt);
  sd_stmt_reset (stmt);
  if (rc == SD_STMT_DONE)
    g_set_error_literal (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                         _("No store is connected: connect one with “store connect”, or on the Store page."));
  else if (rc != SD_STMT_ROW)
    _sd_db_set_error (db, error, rc, _("read the store connection"));
  return row;
}

gboolean
_sd_store_connection_save (SdDb             *db,
                           const SdStoreRow *row,
                           GError          **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO store_connection (id, " ROW_COLUMNS ") VALUES "
      "(1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) "
      "ON CONFLICT (id) DO UPDATE SET (" ROW_COLUMNS ") = "
      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, row->platform);
  sd_stmt_bind_text (stmt, 2, row->url);
  sd_stmt_bind_text (stmt, 3, row->app_key);
  sd_stmt_bind_text (stmt, 4, row->sign_method);
  sd_stmt_bind_text (stmt, 5, row->api_version);
  sd_stmt_bind_text (stmt, 6, row->seller_nick);
  sd_stmt_bind_text (stmt, 7, row->seller_id);
  sd_stmt_bind_text (stmt, 8, row->secret_ref);
  sd_stmt_bind_int64 (stmt, 9, row->connected_at);
  sd_stmt_bind_int64 (stmt, 10, row->cursor);
  sd_stmt_bind_int (stmt, 11, row->full_sync_done ? 1 : 0);
  sd_stmt_bind_int64 (stmt, 12, row->full_sync_until);
  sd_stmt_bind_int64 (stmt, 13, row->full_sync_position);
  sd_stmt_bind_int64 (stmt, 14, row->last_sync_at);
  sd_stmt_bind_int64 (stmt, 15, row->last_success_at);
  sd_stmt_bind_text (stmt, 16, row->last_error);
  sd_stmt_bind_int (stmt, 17, row->needs_authorization ? 1 : 0);
  sd_stmt_bind_int64 (stmt, 18, row->orders_synced);
  sd_stmt_bind_int64 (stmt, 19, row->customers_synced);
  sd_stmt_bind_int (stmt, 20, (int) row->interval_minutes);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_store_connection_delete (SdDb    *db,
                             GError **error)
{
  return _sd_db_exec (db, "DELETE FROM store_connection", error);
}

gboolean
_sd_store_connection_advance (SdDb     *db,
                              gint64    cursor,
                              gboolean  full_sync_done,
                              gint64    full_sync_until,
                              gint64    full_sync_position,
                              GError  **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE store_connection SET cursor = ?1, full_sync_done = ?2, full_sync_until = ?3, "
      "full_sync_position = ?4 WHERE id = 1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, cursor);
  sd_stmt_bind_int (stmt, 2, full_sync_done ? 1 : 0);
  sd_stmt_bind_int64 (stmt, 3, full_sync_until);
  sd_stmt_bind_int64 (stmt, 4, full_sync_position);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_store_connection_note_outcome (SdDb       *db,
                                   gint64      at,
                                   const char *error_text,
                                   gboolean    needs_authorization,
                                   gint64      orders,
                                   gint64      customers,
                                   GError    **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE store_connection SET last_sync_at = ?1, "
      "last_success_at = CASE WHEN ?2 = '' THEN ?1 ELSE last_success_at END, "
      "last_error = ?2, needs_authorization = ?3, orders_synced = orders_synced + ?4, "
      "customers_synced = customers_synced + ?5 WHERE id = 1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, at);
  sd_stmt_bind_text (stmt, 2, error_text);
  sd_stmt_bind_int (stmt, 3, needs_authorization ? 1 : 0);
  sd_stmt_bind_int64 (stmt, 4, orders);
  sd_stmt_bind_int64 (stmt, 5, customers);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_store_connection_set_interval (SdDb     *db,
                                   guint     minutes,
                                   GError  **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "UPDATE store_connection SET interval_minutes = ?1 WHERE id = 1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int (stmt, 1, (int) minutes);
  return _sd_db_step_done (db, stmt, error);
}

gint64
_sd_store_find_customer_by_uid (SdDb       *db,
                                const char *platform,
                                const char *uid)
{
  SdStmt *stmt;
  gint64 id = 0;

  if (uid == NULL || *uid == '\0')
    return 0;
  stmt = _sd_db_prepare (db,
      "SELECT id FROM customers WHERE platform = ?1 AND platform_uid = ?2 AND platform_uid <> ''", NULL);
  if (stmt == NULL)
    return 0;
  sd_stmt_bind_text (stmt, 1, platform);
  sd_stmt_bind_text (stmt, 2, uid);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    id = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  return id;
}

gboolean
_sd_store_set_customer_uid (SdDb       *db,
                            gint64      id,
                            const char *uid,
                            GError    **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "UPDATE customers SET platform_uid = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  sd_stmt_bind_text (stmt, 2, uid);
  return _sd_db_step_done (db, stmt, error);
}
