/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-kpi-store"

#include "sd-i18n.h"

#include "sd-kpi-store-private.h"

void
_sd_kpi_conversation_free (SdKpiConversation *c)
{
  if (c == NULL)
    return;
  g_free (c->buyer_nick);
  g_clear_pointer (&c->messages, g_array_unref);
  g_free (c);
}

GPtrArray *
_sd_kpi_store_conversations (SdDb    *db,
                             gint64   staff_id,
                             gint64   department_id,
                             gint64   from,
                             gint64   to,
                             GError **error)
{
  /* One pass: each conversation's row repeated with each of its messages, in order. */
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT c.id, c.buyer_nick, coalesce (c.customer_id, 0), c.opened_at, c.first_response_at, "
      "  c.buyer_messages, c.agent_messages, c.rating, m.at, m.direction "
      "FROM conversations c LEFT JOIN conversation_messages m ON m.conversation_id = c.id "
      "WHERE c.opened_at >= ?1 AND c.opened_at < ?2 AND (?3 = 0 OR c.staff_id = ?3) "
      "  AND (?4 = 0 OR c.department_id = ?4) "
      "ORDER BY c.id, m.at, m.id", error);
  g_autoptr(GPtrArray) list = NULL;
  SdKpiConversation *c = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, from);
  sd_stmt_bind_int64 (stmt, 2, to);
  sd_stmt_bind_int64 (stmt, 3, staff_id);
  sd_stmt_bind_int64 (stmt, 4, department_id);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) _sd_kpi_conversation_free);
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      gint64 id = sd_stmt_column_int64 (stmt, 0);
      if (c == NULL || c->id != id)
        {
          c = g_new0 (SdKpiConversation, 1);
          c->id = id;
          c->buyer_nick = _sd_column_dup (stmt, 1);
          c->customer_id = sd_stmt_column_int64 (stmt, 2);
          c->opened_at = sd_stmt_column_int64 (stmt, 3);
          c->first_response_at = sd_stmt_column_int64 (stmt, 4);
          c->buyer_messages = sd_stmt_column_int64 (stmt, 5);
          c->agent_messages = sd_stmt_column_int64 (stmt, 6);
          c->rating = sd_stmt_column_int (stmt, 7);
          c->messages = g_array_new (FALSE, FALSE, sizeof (SdKpiMessage));
          g_ptr_array_add (list, c);
        }
      if (!sd_stmt_column_is_null (stmt, 9))
        {
          SdKpiMessage m = { sd_stmt_column_int64 (stmt, 8), SD_CHAT_SYSTEM };
          sd_chat_direction_from_string (sd_stmt_column_text (stmt, 9), &m.direction);
          g_array_append_val (c->messages, m);
        }
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, _("read the conversations for the KPIs"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gpointer
read_order (SdStmt *stmt)
{
  SdKpiOrder *o = g_new0 (SdKpiOrder, 1);

  o->created_at = sd_stmt_column_int64 (stmt, 0);
  o->paid_at = sd_stmt_column_int64 (stmt, 1);
  o->amount_cents = sd_stmt_column_int64 (stmt, 2);
  return o;
}

GPtrArray *
_sd_kpi_store_orders (SdDb    *db,
                      gint64   customer_id,
                      gint64   since,
                      gint64   until,
                      GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT created_at, paid_at, amount_cents FROM orders "
      "WHERE customer_id = ?1 AND created_at >= ?2 AND created_at < ?3 ORDER BY created_at, id", error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  sd_stmt_bind_int64 (stmt, 2, since);
  sd_stmt_bind_int64 (stmt, 3, until);
  return _sd_db_collect_rows (db, stmt, read_order, g_free, _("read the orders for the KPIs"), error);
}

static gpointer
read_case (SdStmt *stmt)
{
  SdKpiCase *k = g_new0 (SdKpiCase, 1);

  k->resolved_at = sd_stmt_column_int64 (stmt, 0);
  k->deadline_at = sd_stmt_column_int64 (stmt, 1);
  k->conversation_id = sd_stmt_column_int64 (stmt, 2);
  return k;
}

GPtrArray *
_sd_kpi_store_cases (SdDb    *db,
                     gint64   staff_id,
                     gint64   department_id,
                     gint64   from,
                     gint64   to,
                     GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT k.resolved_at, k.deadline_at, coalesce (k.conversation_id, 0) "
      "FROM cases k LEFT JOIN staff s ON s.id = k.staff_id "
      "WHERE k.resolved_at > 0 AND k.resolved_at >= ?1 AND k.resolved_at < ?2 "
      "  AND (?3 = 0 OR k.staff_id = ?3) AND (?4 = 0 OR s.department_id = ?4) "
      "ORDER BY k.resolved_at, k.id", error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, from);
  sd_stmt_bind_int64 (stmt, 2, to);
  sd_stmt_bind_int64 (stmt, 3, staff_id);
  sd_stmt_bind_int64 (stmt, 4, department_id);
  return _sd_db_collect_rows (db, stmt, read_case, g_free, _("read the cases for the KPIs"), error);
}
