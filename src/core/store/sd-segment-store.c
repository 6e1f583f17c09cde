/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-segment-store"

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-store-private.h"

#define SEGMENT_COLUMNS "id, name, expression, created_at, updated_at"

static gpointer
read_segment (SdStmt *stmt)
{
  SdSegment *segment = sd_segment_new ();

  segment->id = sd_stmt_column_int64 (stmt, 0);
  g_free (segment->name);
  segment->name = _sd_column_dup (stmt, 1);
  g_free (segment->expression);
  segment->expression = _sd_column_dup (stmt, 2);
  segment->created_at = sd_stmt_column_int64 (stmt, 3);
  segment->updated_at = sd_stmt_column_int64 (stmt, 4);
  return segment;
}

static gboolean
not_found (gint64   id,
           GError **error)
{
  g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no segment with id %lld."), (long long) id);
  return FALSE;
}

/* Steps a write that may give a segment NAME: a name taken is a CONFLICT that says so. */
static gboolean
step_named (SdDb         *db,
            SdStmt *stmt,
            const char   *name,
            const char   *what,
            GError      **error)
{
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sd_stmt_step (stmt);
  sd_stmt_reset (stmt);
  if (sd_stmt_rc_is_duplicate (rc))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT, _("There is already a segment named “%s”."), name);
      return FALSE;
    }
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, what);
      return FALSE;
    }
  return TRUE;
}

gint64
_sd_store_insert_segment (SdDb        *db,
                          const char  *name,
                          const char  *expression,
                          gint64       now,
                          GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO segments (name, expression, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)", error);

  if (stmt != NULL)
    {
      sd_stmt_bind_text (stmt, 1, name);
      sd_stmt_bind_text (stmt, 2, expression);
      sd_stmt_bind_int64 (stmt, 3, now);
    }
  if (!step_named (db, stmt, name, _("add a segment"), error))
    return 0;
  return _sd_db_last_insert_id (db);
}

gboolean
_sd_store_update_segment (SdDb        *db,
                          gint64       id,
                          const char  *name,
                          const char  *expression,
                          gint64       now,
                          GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE segments SET name = ?2, expression = ?3, updated_at = ?4 WHERE id = ?1", error);

  if (stmt != NULL)
    {
      sd_stmt_bind_int64 (stmt, 1, id);
      sd_stmt_bind_text (stmt, 2, name);
      sd_stmt_bind_text (stmt, 3, expression);
      sd_stmt_bind_int64 (stmt, 4, now);
    }
  if (!step_named (db, stmt, name, _("change a segment"), error))
    return FALSE;
  if (_sd_db_changes (db) == 0)
    return not_found (id, error);
  return TRUE;
}

gboolean
_sd_store_delete_segment (SdDb    *db,
                          gint64   id,
                          GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "DELETE FROM segments WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (_sd_db_changes (db) == 0)
    return not_found (id, error);
  return TRUE;
}

SdSegment *
_sd_store_load_segment (SdDb    *db,
                        gint64   id,
                        GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT " SEGMENT_COLUMNS " FROM segments WHERE id = ?", error);

  if (stmt != NULL)
    sd_stmt_bind_int64 (stmt, 1, id);
  return _sd_db_read_one (db, stmt, read_segment, id, not_found, _("read a segment"), error);
}

gint64
_sd_store_find_segment (SdDb       *db,
                        const char *name)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT id FROM segments WHERE name = ?", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_text (stmt, 1, name);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    id = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  return id;
}

GPtrArray *
_sd_store_list_segments (SdDb    *db,
                         GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT " SEGMENT_COLUMNS " FROM segments ORDER BY name, id", error);

  return _sd_db_collect_rows (db, stmt, read_segment, (GDestroyNotify) sd_segment_free,
                              _("list the segments"), error);
}
