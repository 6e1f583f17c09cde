/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-audit-store"

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-store-private.h"

/* The advisory lock (class, key) that lines up a team's audit appends; the campaign
 * sender's class is 21316. */
#define AUDIT_LOCK_CLASS 21317

gboolean
_sd_store_audit_last (SdDb    *db,
                      gint64  *out_id,
                      char   **out_hash,
                      GError **error)
{
  SdStmt *stmt;

  /* The next entry's id and chain come from the last one: two desktops appending at once
   * would both take the same id. On a team database they take turns for the rest of their
   * transactions (a shop file's writer holds the whole file already). */
  if (_sd_db_is_team (db) &&
      !_sd_db_exec (db, "SELECT pg_advisory_xact_lock (" G_STRINGIFY (AUDIT_LOCK_CLASS) ", 0)", error))
    return FALSE;
  stmt = _sd_db_prepare (db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  *out_id = 0;
  *out_hash = NULL;
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    {
      *out_id = sd_stmt_column_int64 (stmt, 0);
      *out_hash = _sd_column_dup (stmt, 1);
    }
  sd_stmt_reset (stmt);
  return TRUE;
}

gboolean
_sd_store_audit_insert (SdDb               *db,
                        const SdAuditEntry *entry,
                        const char         *prev_hash,
                        GError            **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO audit_log (id, at, staff_id, staff_name, action, object_kind, object_id, detail, "
      "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, entry->id);
  sd_stmt_bind_int64 (stmt, 2, entry->at);
  if (entry->staff_id > 0)
    sd_stmt_bind_int64 (stmt, 3, entry->staff_id);
  else
    sd_stmt_bind_null (stmt, 3);
  sd_stmt_bind_text (stmt, 4, entry->staff_name);
  sd_stmt_bind_text (stmt, 5, entry->action);
  sd_stmt_bind_text (stmt, 6, entry->object_kind);
  sd_stmt_bind_text (stmt, 7, entry->object_id);
  sd_stmt_bind_text (stmt, 8, entry->detail);
  sd_stmt_bind_text (stmt, 9, prev_hash);
  sd_stmt_bind_text (stmt, 10, entry->hash);
  return _sd_db_step_done (db, stmt, error);
}

/* One statement for each order: the filter's unset parts are NULL and match anything. */
#define AUDIT_SELECT \
  "SELECT id, at, coalesce (staff_id, 0), staff_name, action, object_kind, object_id, detail, " \
  "prev_hash, hash FROM audit_log " \
  "WHERE (CAST (?1 AS BIGINT) IS NULL OR at >= ?1) AND (CAST (?2 AS BIGINT) IS NULL OR at < ?2) " \
  "AND (CAST (?3 AS BIGINT) IS NULL OR staff_id = ?3 OR staff_name = ?4) " \
  "AND (CAST (?5 AS TEXT) IS NULL OR action = ?5 OR (?5 LIKE '%.' AND substr (action, 1, length (?5)) = ?5)) "

gboolean
_sd_store_audit_foreach (SdDb                *db,
                         const SdAuditFilter *filter,
                         gint64               staff_id,
                         gboolean             newest_first,
                         SdAuditRowFunc       func,
                         gpointer             user_data,
                         GError             **error)
{
  SdStmt *stmt = newest_first
                       ? _sd_db_prepare (db, AUDIT_SELECT "ORDER BY id DESC LIMIT ?6", error)
                       : _sd_db_prepare (db, AUDIT_SELECT "ORDER BY id LIMIT ?6", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (filter != NULL && filter->since > 0)
    sd_stmt_bind_int64 (stmt, 1, filter->since);
  if (filter != NULL && filter->until > 0)
    sd_stmt_bind_int64 (stmt, 2, filter->until);
  if (filter != NULL && filter->staff_name != NULL)
    {
      sd_stmt_bind_int64 (stmt, 3, staff_id);
      sd_stmt_bind_text (stmt, 4, filter->staff_name);
    }
  if (filter != NULL && filter->action != NULL)
    sd_stmt_bind_text (stmt, 5, filter->action);
  sd_stmt_bind_int64 (stmt, 6, filter != NULL && filter->limit > 0 ? (gint64) filter->limit : G_MAXINT64);

  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      SdAuditEntry entry = {
        .id = sd_stmt_column_int64 (stmt, 0),
        .at = sd_stmt_column_int64 (stmt, 1),
        .staff_id = sd_stmt_column_int64 (stmt, 2),
        .staff_name = (char *) sd_stmt_column_text (stmt, 3),
        .action = (char *) sd_stmt_column_text (stmt, 4),
        .object_kind = (char *) sd_stmt_column_text (stmt, 5),
        .object_id = (char *) sd_stmt_column_text (stmt, 6),
        .detail = (char *) sd_stmt_column_text (stmt, 7),
        .hash = (char *) sd_stmt_column_text (stmt, 9),
      };
      if (!func (&entry, sd_stmt_column_text (stmt, 8), user_data))
        {
          rc = SD_STMT_DONE;
          break;
        }
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, "read the audit log");
      return FALSE;
    }
  return TRUE;
}
