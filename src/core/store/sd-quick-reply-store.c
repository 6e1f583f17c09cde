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
read_reply (SdStmt *stmt)
{
  SdQuickReply *reply = g_new0 (SdQuickReply, 1);

  reply->id = sd_stmt_column_int64 (stmt, 0);
  reply->department_id = sd_stmt_column_int64 (stmt, 1);
  reply->staff_id = sd_stmt_column_int64 (stmt, 2);
  reply->scope = reply->staff_id != 0 ? SD_QUICK_REPLY_PERSONAL
                 : reply->department_id != 0 ? SD_QUICK_REPLY_DEPARTMENT : SD_QUICK_REPLY_SHOP;
  reply->group = _sd_column_dup (stmt, 3);
  reply->shortcut = _sd_column_dup (stmt, 4);
  reply->text = _sd_column_dup (stmt, 5);
  reply->uses = sd_stmt_column_int64 (stmt, 6);
  reply->created_by = sd_stmt_column_int64 (stmt, 7);
  reply->created_at = sd_stmt_column_int64 (stmt, 8);
  reply->updated_at = sd_stmt_column_int64 (stmt, 9);
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
  SdStmt *stmt = _sd_db_prepare (db, "SELECT coalesce (department_id, 0) FROM staff WHERE id = ?", NULL);
  gint64 department = 0;

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_int64 (stmt, 1, staff_id);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    department = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  return department;
}

gint64
_sd_quick_reply_store_find_department (SdDb       *db,
                                       const char *name,
                                       GError    **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id FROM departments WHERE CAST (id AS TEXT) = ?1 OR key = ?1 OR name = ?1 ORDER BY id LIMIT 1",
      error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_text (stmt, 1, name);
  rc = sd_stmt_step (stmt);
  if (rc == SD_STMT_ROW)
    id = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  if (rc == SD_STMT_DONE)
    g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                 _("There is no department “%s”: see the departments with departments list."), name);
  else if (rc != SD_STMT_ROW)
    _sd_db_set_error (db, error, rc, _("find a department"));
  return id;
}

gboolean
_sd_quick_reply_store_shortcut_taken (SdDb               *db,
                                      const SdQuickReply *reply,
                                      gboolean           *out_taken,
                                      GError            **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT 1 FROM quick_replies WHERE coalesce (department_id, 0) = ?1 AND coalesce (staff_id, 0) = ?2 "
      "  AND lower (shortcut) = lower (?3) AND shortcut <> '' AND id <> ?4", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, reply->department_id);
  sd_stmt_bind_int64 (stmt, 2, reply->staff_id);
  sd_stmt_bind_text (stmt, 3, reply->shortcut);
  sd_stmt_bind_int64 (stmt, 4, reply->id);
  rc = sd_stmt_step (stmt);
  sd_stmt_reset (stmt);
  *out_taken = rc == SD_STMT_ROW;
  if (rc == SD_STMT_ROW || rc == SD_STMT_DONE)
    return TRUE;
  _sd_db_set_error (db, error, rc, _("check a quick reply’s shortcut"));
  return FALSE;
}

gint64
_sd_quick_reply_store_insert (SdDb               *db,
                              const SdQuickReply *reply,
                              GError            **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO quick_replies (department_id, staff_id, group_name, shortcut, text, created_by, "
      "  created_at, updated_at) "
      "VALUES (nullif (?1, 0), nullif (?2, 0), ?3, ?4, ?5, nullif (?6, 0), ?7, ?7)", error);

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_int64 (stmt, 1, reply->department_id);
  sd_stmt_bind_int64 (stmt, 2, reply->staff_id);
  sd_stmt_bind_text (stmt, 3, reply->group);
  sd_stmt_bind_text (stmt, 4, reply->shortcut);
  sd_stmt_bind_text (stmt, 5, reply->text);
  sd_stmt_bind_int64 (stmt, 6, reply->created_by);
  sd_stmt_bind_int64 (stmt, 7, reply->created_at);
  if (!_sd_db_step_done (db, stmt, error))
    return 0;
  return _sd_db_last_insert_id (db);
}

/* Runs STMT (bound, its ?1 the reply's id), which changes one reply; NOT_FOUND when none. */
static gboolean
change_one (SdDb         *db,
            SdStmt *stmt,
            gint64        id,
            GError      **error)
{
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (_sd_db_changes (db) == 0)
    return reply_not_found (id, error);
  return TRUE;
}

gboolean
_sd_quick_reply_store_update (SdDb               *db,
                              const SdQuickReply *reply,
                              GError            **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE quick_replies SET group_name = ?2, shortcut = ?3, text = ?4, updated_at = ?5 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, reply->id);
  sd_stmt_bind_text (stmt, 2, reply->group);
  sd_stmt_bind_text (stmt, 3, reply->shortcut);
  sd_stmt_bind_text (stmt, 4, reply->text);
  sd_stmt_bind_int64 (stmt, 5, reply->updated_at);
  return change_one (db, stmt, reply->id, error);
}

gboolean
_sd_quick_reply_store_delete (SdDb    *db,
                              gint64   id,
                              GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "DELETE FROM quick_replies WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  return change_one (db, stmt, id, error);
}

gboolean
_sd_quick_reply_store_add_use (SdDb    *db,
                               gint64   id,
                               GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "UPDATE quick_replies SET uses = uses + 1 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  return change_one (db, stmt, id, error);
}

SdQuickReply *
_sd_quick_reply_store_load (SdDb    *db,
                            gint64   id,
                            gint64   staff_id,
                            gint64   department_id,
                            GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT " REPLY_COLUMNS " FROM quick_replies WHERE id = ?3 AND " VISIBLE_TO, error);

  if (stmt != NULL)
    {
      sd_stmt_bind_int64 (stmt, 1, staff_id);
      sd_stmt_bind_int64 (stmt, 2, department_id);
      sd_stmt_bind_int64 (stmt, 3, id);
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
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT " REPLY_COLUMNS " FROM quick_replies WHERE " VISIBLE_TO
      "  AND (?3 = '' OR instr (lower (text), lower (?3)) > 0 OR instr (lower (shortcut), lower (?3)) > 0) "
      "ORDER BY group_name, lower (shortcut), id", error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, staff_id);
  sd_stmt_bind_int64 (stmt, 2, department_id);
  sd_stmt_bind_text (stmt, 3, search);
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
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT " REPLY_COLUMNS " FROM quick_replies WHERE " VISIBLE_TO
      "  AND shortcut <> '' AND lower (substr (shortcut, 1, length (?3))) = lower (?3) "
      "ORDER BY lower (shortcut) = lower (?3) DESC, uses DESC, lower (shortcut), id LIMIT ?4", error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, staff_id);
  sd_stmt_bind_int64 (stmt, 2, department_id);
  sd_stmt_bind_text (stmt, 3, prefix);
  sd_stmt_bind_int64 (stmt, 4, limit);
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
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT cu.name, cu.nick, coalesce (cs.tier, -1), coalesce (tg.name, '') FROM customers cu "
      "LEFT JOIN customer_standing cs ON cs.customer_id = cu.id "
      "LEFT JOIN tier_grades tg ON tg.grade = cs.tier WHERE cu.id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  rc = sd_stmt_step (stmt);
  if (rc == SD_STMT_ROW)
    {
      int tier = sd_stmt_column_int (stmt, 2);
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
  sd_stmt_reset (stmt);
  if (rc == SD_STMT_DONE)
    g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no customer #%lld."), (long long) customer_id);
  else if (rc != SD_STMT_ROW)
    _sd_db_set_error (db, error, rc, _("read a customer"));
  return rc == SD_STMT_ROW;
}

static gboolean
fill_order (SdDb       *db,
            gint64      customer_id,
            gint64      order_id,
            GHashTable *values,
            GError    **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT platform_order_id, status, customer_id FROM orders WHERE id = ?", error);
  gint64 owner = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, order_id);
  rc = sd_stmt_step (stmt);
  if (rc == SD_STMT_ROW)
    {
      g_hash_table_replace (values, g_strdup ("order_id"), _sd_column_dup (stmt, 0));
      g_hash_table_replace (values, g_strdup ("order_status"), _sd_column_dup (stmt, 1));
      owner = sd_stmt_column_int64 (stmt, 2);
    }
  sd_stmt_reset (stmt);
  if (rc == SD_STMT_DONE)
    g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no order #%lld."), (long long) order_id);
  else if (rc != SD_STMT_ROW)
    _sd_db_set_error (db, error, rc, _("read an order"));
  else if (customer_id != 0 && owner != customer_id)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("Order #%lld is not customer #%lld’s: fill the reply with one of their orders."),
                   (long long) order_id, (long long) customer_id);
      return FALSE;
    }
  return rc == SD_STMT_ROW;
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
