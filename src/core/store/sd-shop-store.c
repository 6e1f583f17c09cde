/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-shop-store"

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-store-private.h"

char *
_sd_store_get_shop_name (SdDb *db)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db, "SELECT name FROM shop WHERE id = 1", NULL);
  char *name = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = _sd_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return name;
}

gboolean
_sd_store_set_shop_name (SdDb        *db,
                         const char  *name,
                         gint64       now,
                         GError     **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "INSERT INTO shop (id, name, created_at) VALUES (1, ?1, ?2) "
      "ON CONFLICT (id) DO UPDATE SET name = excluded.name", error);

  if (stmt == NULL)
    return FALSE;
  _sd_bind_text (stmt, 1, name);
  sqlite3_bind_int64 (stmt, 2, now);
  return _sd_db_step_done (db, stmt, error);
}
