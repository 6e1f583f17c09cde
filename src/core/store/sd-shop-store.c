/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-shop-store"

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-store-private.h"

char *
_sd_store_get_shop_name (SdDb *db)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT name FROM shop WHERE id = 1", NULL);
  char *name = NULL;

  if (stmt == NULL)
    return NULL;
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    name = _sd_column_dup (stmt, 0);
  sd_stmt_reset (stmt);
  return name;
}

gboolean
_sd_store_set_shop_name (SdDb        *db,
                         const char  *name,
                         gint64       now,
                         GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO shop (id, name, created_at) VALUES (1, ?1, ?2) "
      "ON CONFLICT (id) DO UPDATE SET name = excluded.name", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, name);
  sd_stmt_bind_int64 (stmt, 2, now);
  return _sd_db_step_done (db, stmt, error);
}
