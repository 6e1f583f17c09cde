/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-quick-reply-store"

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-quick-reply-store-private.h"

#define REPLY_COLUMNS \
  "id, coalesce (department_id, 0), coalesce (staff_id, 0), group_name, shortcut, text, uses, " \
  "coalesce (created_by, 0), created_at, updated_at"

/* What one agent sees: shop-wide (no department, no agent), their department's, their own.
 * ?1 the agent, ?2 their department (0: none). */
#define VISIBLE_TO \
  "((department_id IS NULL AND staff_id IS NULL) OR department_id = ?2 OR staff_id = ?1)"

static gpointer
read_reply (sqlite3_stmt *stmt)
{
  SdQuickReply *reply = g_new0 (SdQuickReply, 1);

  reply->id = sqlite3_column_int64 (stmt, 0);
  reply->department_id = sqlite3_column_int64 (stmt, 1);
  reply->staff_id = sqlite3_column_int64 (stmt, 2);
  reply->scope = reply->staff_id != 0 ? SD_QUICK_REPLY_PERSONAL
                 : reply->department_id != 0 ? SD_QUICK_REPLY_DEPARTMENT : SD_QUICK_REPLY_SHOP;
  reply->group = _sd_column_dup (stmt, 3);
  reply->shortcut = _sd_column_dup (stmt, 4);
  reply->text = _sd_column_dup (stmt, 5);
  reply->uses = sqlite3_column_int64 (stmt, 6);
  reply->created_by = sqlite3_column_int64 (stmt, 7);
  reply->created_at = sqlite3_column_int64 (stmt, 8);
  reply->updated_at = sqlite3_column_int64 (stmt, 9);
  return reply;
}

static gboolean
reply_not_found (gint64   id,
                 GError **error)
{
  g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
               _("There is no quick reply #%lld that you can see: check the number with quick-replies list."),
               (long long) id);
  return FALSE;
}

gint64
_sd_quick_reply_store_staff_department (SdDb   *db,
                                        gint64  staff_id)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db, "SELECT coalesce (department_id, 0) FROM staff WHERE id = ?", NULL);
  gint64 department = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, staff_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    department = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return department;
}

gint64
_sd_quick_reply_store_find_department (SdDb       *db,
                                       const char *name,
                                       GError    **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT id FROM departments WHERE CAST (id AS TEXT) = ?1 OR key = ?1 OR name = ?1 ORDER BY id LIMIT 1",
      error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return 0;
  _sd_bind_text (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                 _("There is no department “%s”: see the departments with departments list."), name);
  else if (rc != SQLITE_ROW)
    _sd_db_set_error (db, error, rc, _("find a department"));
  return id;
}

gboolean
_sd_quick_reply_store_shortcut_taken (SdDb               *db,
                                      const SdQuickReply *reply,
                                      gboolean           *out_taken,
                                      GError            **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT 1 FROM quick_replies WHERE coalesce (department_id, 0) = ?1 AND coalesce (staff_id, 0) = ?2 "
      "  AND lower (shortcut) = lower (?3) AND shortcut <> '' AND id <> ?4", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, reply->department_id);
  sqlite3_bind_int64 (stmt, 2, reply->staff_id);
  _sd_bind_text (stmt, 3, reply->shortcut);
  sqlite3_bind_int64 (stmt, 4, reply->id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  *out_taken = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  _sd_db_set_error (db, error, rc, _("check a quick reply’s shortcut"));
  return FALSE;
}

gint64
_sd_quick_reply_store_insert (SdDb               *db,
                              const SdQuickReply *reply,
                              GError            **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "INSERT INTO quick_replies (department_id, staff_id, group_name, shortcut, text, created_by, "
      "  created_at, updated_at) "
      "VALUES (nullif (?1, 0), nullif (?2, 0), ?3, ?4, ?5, nullif (?6, 0), ?7, ?7)", error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, reply->department_id);
  sqlite3_bind_int64 (stmt, 2, reply->staff_id);
  _sd_bind_text (stmt, 3, reply->group);
  _sd_bind_text (stmt, 4, reply->shortcut);
  _sd_bind_text (stmt, 5, reply->text);
  sqlite3_bind_int64 (stmt, 6, reply->created_by);
  sqlite3_bind_int64 (stmt, 7, reply->created_at);
  if (!_sd_db_step_done (db, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (_sd_db_get_handle (db));
}

/* Runs STMT (bound, its ?1 the reply's id), which changes one reply; NOT_FOUND when none. */
static gboolean
change_one (SdDb         *db,
            sqlite3_stmt *stmt,
            gint64        id,
            GError      **error)
{
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (_sd_db_get_handle (db)) == 0)
    return reply_not_found (id, error);
  return TRUE;
}

gboolean
_sd_quick_reply_store_update (SdDb               *db,
                              const SdQuickReply *reply,
                              GError            **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "UPDATE quick_replies SET group_name = ?2, shortcut = ?3, text = ?4, updated_at = ?5 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, reply->id);
  _sd_bind_text (stmt, 2, reply->group);
  _sd_bind_text (stmt, 3, reply->shortcut);
  _sd_bind_text (stmt, 4, reply->text);
  sqlite3_bind_int64 (stmt, 5, reply->updated_at);
  return change_one (db, stmt, reply->id, error);
}

gboolean
_sd_quick_reply_store_delete (SdDb    *db,
                              gint64   id,
                              GError **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db, "DELETE FROM quick_replies WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return change_one (db, stmt, id, error);
}

gboolean
_sd_quick_reply_store_add_use (SdDb    *db,
                               gint64   id,
                               GError **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db, "UPDATE quick_replies SET uses = uses + 1 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return change_one (db, stmt, id, error);
}

SdQuickReply *
_sd_quick_reply_store_load (SdDb    *db,
                            gint64   id,
                            gint64   staff_id,
                            gint64   department_id,
                            GError **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT " REPLY_COLUMNS " FROM quick_replies WHERE id = ?3 AND " VISIBLE_TO, error);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, staff_id);
      sqlite3_bind_int64 (stmt, 2, department_id);
      sqlite3_bind_int64 (stmt, 3, id);
    }
  return _sd_db_read_one (db, stmt, read_reply, id, reply_not_found, _("read a quick reply"), error);
}

GPtrArray *
_sd_quick_reply_store_list (SdDb       *db,
                            gint64      staff_id,
                            gint64      department_id,
                            const char *search,
                            GError    **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT " REPLY_COLUMNS " FROM quick_replies WHERE " VISIBLE_TO
      "  AND (?3 = '' OR instr (lower (text), lower (?3)) > 0 OR instr (lower (shortcut), lower (?3)) > 0) "
      "ORDER BY group_name, lower (shortcut), id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, staff_id);
  sqlite3_bind_int64 (stmt, 2, department_id);
  _sd_bind_text (stmt, 3, search);
  return _sd_db_collect_rows (db, stmt, read_reply, (GDestroyNotify) sd_quick_reply_free,
                              _("list the quick replies"), error);
}

GPtrArray *
_sd_quick_reply_store_complete (SdDb       *db,
                                gint64      staff_id,
                                gint64      department_id,
                                const char *prefix,
                                guint       limit,
                                GError    **error)
{
  /* Shortcuts are ASCII (checked on saving), so lower () compares them fully. */
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT " REPLY_COLUMNS " FROM quick_replies WHERE " VISIBLE_TO
      "  AND shortcut <> '' AND lower (substr (shortcut, 1, length (?3))) = lower (?3) "
      "ORDER BY lower (shortcut) = lower (?3) DESC, uses DESC, lower (shortcut), id LIMIT ?4", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, staff_id);
  sqlite3_bind_int64 (stmt, 2, department_id);
  _sd_bind_text (stmt, 3, prefix);
  sqlite3_bind_int64 (stmt, 4, limit);
  return _sd_db_collect_rows (db, stmt, read_reply, (GDestroyNotify) sd_quick_reply_free,
                              _("complete a quick reply’s shortcut"), error);
}

/* A grade without a name of its own reaches the buyer by its Taobao name, whatever
 * language the agent's desktop speaks (as campaign messages do). */
static const char * const buyer_grade_names[] = {
  "店铺客户", "普通会员", "高级会员", "VIP会员", "至尊VIP会员",
};

static gboolean
fill_customer (SdDb       *db,
               gint64      customer_id,
               GHashTable *values,
               GError    **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT cu.name, cu.nick, coalesce (cs.tier, -1), coalesce (tg.name, '') FROM customers cu "
      "LEFT JOIN customer_standing cs ON cs.customer_id = cu.id "
      "LEFT JOIN tier_grades tg ON tg.grade = cs.tier WHERE cu.id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      int tier = sqlite3_column_int (stmt, 2);
      char *grade = _sd_column_dup (stmt, 3);

      if (*grade == '\0' && tier >= 0 && tier < (int) G_N_ELEMENTS (buyer_grade_names))
        {
          g_free (grade);
          grade = g_strdup (buyer_grade_names[tier]);
        }
      g_hash_table_replace (values, g_strdup ("name"), _sd_column_dup (stmt, 0));
      g_hash_table_replace (values, g_strdup ("nick"), _sd_column_dup (stmt, 1));
      g_hash_table_replace (values, g_strdup ("grade"), grade);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no customer #%lld."), (long long) customer_id);
  else if (rc != SQLITE_ROW)
    _sd_db_set_error (db, error, rc, _("read a customer"));
  return rc == SQLITE_ROW;
}

static gboolean
fill_order (SdDb       *db,
            gint64      customer_id,
            gint64      order_id,
            GHashTable *values,
            GError    **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db,
      "SELECT platform_order_id, status, customer_id FROM orders WHERE id = ?", error);
  gint64 owner = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, order_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_hash_table_replace (values, g_strdup ("order_id"), _sd_column_dup (stmt, 0));
      g_hash_table_replace (values, g_strdup ("order_status"), _sd_column_dup (stmt, 1));
      owner = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no order #%lld."), (long long) order_id);
  else if (rc != SQLITE_ROW)
    _sd_db_set_error (db, error, rc, _("read an order"));
  else if (customer_id != 0 && owner != customer_id)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("Order #%lld is not customer #%lld’s: fill the reply with one of their orders."),
                   (long long) order_id, (long long) customer_id);
      return FALSE;
    }
  return rc == SQLITE_ROW;
}

gboolean
_sd_quick_reply_store_fill_values (SdDb       *db,
                                   gint64      customer_id,
                                   gint64      order_id,
                                   GHashTable *values,
                                   GError    **error)
{
  return (customer_id == 0 || fill_customer (db, customer_id, values, error)) &&
         (order_id == 0 || fill_order (db, customer_id, order_id, values, error));
}
