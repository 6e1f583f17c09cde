/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-db.h"

G_BEGIN_DECLS

/* The store_connection row (migration 6): settings, secret reference and sync state. */
typedef struct
{
  char    *platform;
  char    *url;
  char    *app_key;
  char    *sign_method;
  char    *api_version;
  char    *seller_nick;
  char    *seller_id;
  char    *secret_ref;
  gint64   connected_at;
  gint64   cursor;
  gboolean full_sync_done;
  gint64   full_sync_until;
  gint64   full_sync_position;
  gint64   last_sync_at;
  gint64   last_success_at;
  char    *last_error;
  gboolean needs_authorization;
  gint64   orders_synced;
  gint64   customers_synced;
  guint    interval_minutes;
} SdStoreRow;

void        _sd_store_row_free               (SdStoreRow  *row);
/* NULL and SD_ERROR_NOT_FOUND when no store is connected. */
SdStoreRow *_sd_store_connection_load        (SdDb        *db,
                                              GError     **error);
/* Replaces the connection: its sync state starts again. */
gboolean    _sd_store_connection_save        (SdDb        *db,
                                              const SdStoreRow *row,
                                              GError     **error);
gboolean    _sd_store_connection_delete      (SdDb        *db,
                                              GError     **error);
/* Inside the transaction that wrote a window's orders. */
gboolean    _sd_store_connection_advance     (SdDb        *db,
                                              gint64       cursor,
                                              gboolean     full_sync_done,
                                              gint64       full_sync_until,
                                              gint64       full_sync_position,
                                              GError     **error);
/* How the sync ended: ERROR_TEXT "" when well; ORDERS and CUSTOMERS add to the totals. */
gboolean    _sd_store_connection_note_outcome (SdDb       *db,
                                              gint64       at,
                                              const char  *error_text,
                                              gboolean     needs_authorization,
                                              gint64       orders,
                                              gint64       customers,
                                              GError     **error);
gboolean    _sd_store_connection_set_interval (SdDb       *db,
                                              guint        minutes,
                                              GError     **error);

/* The customer the store knows by UID (Taobao buyer_open_uid, Shopify customer id). */
gint64      _sd_store_find_customer_by_uid   (SdDb        *db,
                                              const char  *platform,
                                              const char  *uid);
gboolean    _sd_store_set_customer_uid       (SdDb        *db,
                                              gint64       id,
                                              const char  *uid,
                                              GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdStoreRow, _sd_store_row_free)

G_END_DECLS
