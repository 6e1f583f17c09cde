/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-agent-store"

#include "sd-i18n.h"

#include "sd-agent-store-private.h"
#include "sd-error.h"

/* Whether account s may chat: the Owner role, or a role holding conversations.own or .all.
 * Read from the role now, so that a revoked permission stops routing at once. */
#define CAN_CHAT \
  "(EXISTS (SELECT 1 FROM roles r WHERE r.id = s.role_id AND r.key = 'owner') OR " \
  " EXISTS (SELECT 1 FROM role_permissions p WHERE p.role_id = s.role_id " \
  "         AND p.permission IN ('conversations.own', 'conversations.all')))"

/* Open conversations of the agent whose id is the expression ID (conversations_staff). */
#define LOAD_OF(id) \
  "(SELECT count(*) FROM conversations c WHERE c.staff_id = " id " AND c.state = 'open')"

void
_sd_waiting_conversation_free (SdWaitingConversation *w)
{
  if (w == NULL)
    return;
  g_free (w->buyer_nick);
  g_free (w);
}

/* ---- Agents ---- */

static gpointer
read_agent (SdStmt *stmt)
{
  SdAgent *agent = g_new0 (SdAgent, 1);
  g_autofree char *status = _sd_column_dup (stmt, 5);

  agent->staff_id = sd_stmt_column_int64 (stmt, 0);
  agent->login = _sd_column_dup (stmt, 1);
  agent->display_name = _sd_column_dup (stmt, 2);
  agent->department_id = sd_stmt_column_int64 (stmt, 3);
  agent->disabled = sd_stmt_column_int (stmt, 4) != 0;
  if (!sd_agent_status_from_string (status, &agent->status))
    agent->status = SD_AGENT_OFFLINE;
  agent->max_concurrent = sd_stmt_column_int (stmt, 6);
  agent->weight = sd_stmt_column_int (stmt, 7);
  agent->routed = sd_stmt_column_int64 (stmt, 8);
  agent->changed_at = sd_stmt_column_int64 (stmt, 9);
  agent->load = sd_stmt_column_int64 (stmt, 10);
  return agent;
}

GPtrArray *
_sd_agent_store_list (SdDb    *db,
                      gint64   staff_id,
                      gint64   department_id,
                      GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT s.id, s.login, s.display_name, coalesce (s.department_id, 0), s.disabled,"
      "  coalesce (a.status, 'offline'), coalesce (a.max_concurrent, ?3), coalesce (a.weight, ?4),"
      "  coalesce (a.routed, 0), coalesce (a.changed_at, 0), " LOAD_OF ("s.id")
      " FROM staff s LEFT JOIN agent_status a ON a.staff_id = s.id"
      " LEFT JOIN departments d ON d.id = s.department_id "
      "WHERE ((?1 = 0 AND (a.staff_id IS NOT NULL OR " CAN_CHAT ")) OR s.id = ?1)"
      "  AND (?2 = 0 OR s.department_id = ?2) "
      "ORDER BY s.department_id IS NULL, d.position, d.id, s.login", error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, staff_id);
  sd_stmt_bind_int64 (stmt, 2, department_id);
  sd_stmt_bind_int (stmt, 3, SD_AGENT_DEFAULT_LIMIT);
  sd_stmt_bind_int (stmt, 4, SD_AGENT_DEFAULT_WEIGHT);
  return _sd_db_collect_rows (db, stmt, read_agent, (GDestroyNotify) sd_agent_free,
                              _("read the agents"), error);
}

gboolean
_sd_agent_store_set_status (SdDb          *db,
                            gint64         staff_id,
                            SdAgentStatus  status,
                            gint64         at,
                            GError       **error)
{
  /* changed_at moves only when the status does: it says since when an agent is away. */
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO agent_status (staff_id, status, max_concurrent, weight, changed_at) "
      "VALUES (?1, ?2, ?4, ?5, ?3) "
      "ON CONFLICT (staff_id) DO UPDATE SET status = excluded.status, changed_at = excluded.changed_at "
      "WHERE agent_status.status <> excluded.status", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, staff_id);
  sd_stmt_bind_text (stmt, 2, sd_agent_status_to_string (status));
  sd_stmt_bind_int64 (stmt, 3, at);
  sd_stmt_bind_int (stmt, 4, SD_AGENT_DEFAULT_LIMIT);
  sd_stmt_bind_int (stmt, 5, SD_AGENT_DEFAULT_WEIGHT);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_agent_store_configure (SdDb    *db,
                           gint64   staff_id,
                           int      max_concurrent,
                           int      weight,
                           GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO agent_status (staff_id, max_concurrent, weight) "
      "VALUES (?1, CASE WHEN ?2 > 0 THEN ?2 ELSE ?4 END, CASE WHEN ?3 > 0 THEN ?3 ELSE ?5 END) "
      "ON CONFLICT (staff_id) DO UPDATE SET"
      "  max_concurrent = CASE WHEN ?2 > 0 THEN ?2 ELSE agent_status.max_concurrent END,"
      "  weight = CASE WHEN ?3 > 0 THEN ?3 ELSE agent_status.weight END", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, staff_id);
  sd_stmt_bind_int (stmt, 2, max_concurrent);
  sd_stmt_bind_int (stmt, 3, weight);
  sd_stmt_bind_int (stmt, 4, SD_AGENT_DEFAULT_LIMIT);
  sd_stmt_bind_int (stmt, 5, SD_AGENT_DEFAULT_WEIGHT);
  return _sd_db_step_done (db, stmt, error);
}

/* ---- Routing rules ---- */

static gpointer
read_rule (SdStmt *stmt)
{
  SdRoutingMatch match = SD_ROUTING_ANY;

  sd_routing_match_from_string (sd_stmt_column_text (stmt, 0), &match);
  return sd_routing_rule_new (match, sd_stmt_column_text (stmt, 1),
                              sd_stmt_column_int64 (stmt, 2));
}

GPtrArray *
_sd_agent_store_list_rules (SdDb    *db,
                            GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT match, pattern, department_id FROM routing_rules ORDER BY position, id", error);

  if (stmt == NULL)
    return NULL;
  return _sd_db_collect_rows (db, stmt, read_rule, (GDestroyNotify) sd_routing_rule_free,
                              _("read the routing rules"), error);
}

gboolean
_sd_agent_store_replace_rules (SdDb      *db,
                               GPtrArray *rules,
                               GError   **error)
{
  SdStmt *insert;

  if (!_sd_db_exec (db, "DELETE FROM routing_rules", error))
    return FALSE;
  for (guint i = 0; i < rules->len; i++)
    {
      const SdRoutingRule *rule = g_ptr_array_index (rules, i);

      insert = _sd_db_prepare (db,
          "INSERT INTO routing_rules (position, match, pattern, department_id) VALUES (?, ?, ?, ?)", error);
      if (insert == NULL)
        return FALSE;
      sd_stmt_bind_int (insert, 1, (int) i + 1);
      sd_stmt_bind_text (insert, 2, sd_routing_match_to_string (rule->match));
      sd_stmt_bind_text (insert, 3, rule->pattern ? rule->pattern : "");
      sd_stmt_bind_int64 (insert, 4, rule->department_id);
      if (!_sd_db_step_done (db, insert, error))
        return FALSE;
    }
  return TRUE;
}

/* The one integer the bound STMT's row gives, FALLBACK when there is none; STMT is reset. */
static gint64
query_int (SdStmt *stmt,
           gint64        fallback)
{
  gint64 value = fallback;

  if (stmt == NULL)
    return fallback;
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    value = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  return value;
}

gboolean
_sd_agent_store_department_exists (SdDb   *db,
                                   gint64  department_id)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT 1 FROM departments WHERE id = ?", NULL);

  if (stmt != NULL)
    sd_stmt_bind_int64 (stmt, 1, department_id);
  return query_int (stmt, 0) == 1;
}

/* ---- What the router reads and writes ---- */

static gpointer
read_waiting (SdStmt *stmt)
{
  SdWaitingConversation *w = g_new0 (SdWaitingConversation, 1);

  w->id = sd_stmt_column_int64 (stmt, 0);
  w->customer_id = sd_stmt_column_int64 (stmt, 1);
  w->department_id = sd_stmt_column_int64 (stmt, 2);
  w->buyer_nick = _sd_column_dup (stmt, 3);
  return w;
}

GPtrArray *
_sd_agent_store_waiting (SdDb    *db,
                         GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id, coalesce (customer_id, 0), coalesce (department_id, 0), buyer_nick FROM conversations "
      "WHERE state = 'waiting' AND staff_id IS NULL ORDER BY opened_at, id", error);

  if (stmt == NULL)
    return NULL;
  return _sd_db_collect_rows (db, stmt, read_waiting, (GDestroyNotify) _sd_waiting_conversation_free,
                              _("read the conversations waiting for an agent"), error);
}

gboolean
_sd_agent_store_still_waiting (SdDb   *db,
                               gint64  id)
{
  /* A shop file's router holds the write lock already (BEGIN IMMEDIATE). A team database's
   * locks the row: another desktop routing it waits here, then finds it taken. */
  SdStmt *stmt = _sd_db_is_team (db)
    ? _sd_db_prepare (db, "SELECT 1 FROM conversations WHERE id = ? AND state = 'waiting' AND staff_id IS NULL "
                          "FOR UPDATE", NULL)
    : _sd_db_prepare (db, "SELECT 1 FROM conversations WHERE id = ? AND state = 'waiting' AND staff_id IS NULL", NULL);

  if (stmt != NULL)
    sd_stmt_bind_int64 (stmt, 1, id);
  return query_int (stmt, 0) == 1;
}

char *
_sd_agent_store_first_buyer_text (SdDb   *db,
                                  gint64  conversation_id)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT text FROM conversation_messages WHERE conversation_id = ? AND direction = 'in' "
      "ORDER BY at, id LIMIT 1", NULL);
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, conversation_id);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    text = _sd_column_dup (stmt, 0);
  sd_stmt_reset (stmt);
  return text;
}

gboolean
_sd_agent_store_has_after_sales (SdDb   *db,
                                 gint64  conversation_id,
                                 gint64  customer_id)
{
  /* The channel's word first (a buyer the shop has not synced yet), then orders_customer
   * and cases_customer, which lead with customer_id: index probes. */
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT EXISTS (SELECT 1 FROM conversations WHERE id = ?2 AND after_sales NOT IN ('', 'none'))"
      "    OR EXISTS (SELECT 1 FROM orders WHERE customer_id = ?1 AND refund_state IN ('pending', 'partial'))"
      "    OR EXISTS (SELECT 1 FROM cases WHERE customer_id = ?1 AND state NOT IN ('resolved', 'closed'))",
      NULL);

  if (stmt != NULL)
    {
      sd_stmt_bind_int64 (stmt, 1, customer_id);
      sd_stmt_bind_int64 (stmt, 2, conversation_id);
    }
  return query_int (stmt, 0) == 1;
}

/* Holds the routing state of DEPARTMENT_ID's agents until the transaction ends, in staff
 * order (every router takes them in that order, so two never wait on each other). */
static gboolean
lock_department_agents (SdDb    *db,
                        gint64   department_id,
                        GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT a.staff_id FROM agent_status a JOIN staff s ON s.id = a.staff_id "
      "WHERE s.department_id = ?1 ORDER BY a.staff_id FOR NO KEY UPDATE OF a", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, department_id);
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    ;
  sd_stmt_reset (stmt);
  if (rc == SD_STMT_DONE)
    return TRUE;
  _sd_db_set_error (db, error, rc, _("read the agents who can take a conversation"));
  return FALSE;
}

gboolean
_sd_agent_store_lock (SdDb    *db,
                      gint64   staff_id,
                      GError **error)
{
  return _sd_db_lock_row (db, "SELECT 1 FROM agent_status WHERE staff_id = ? FOR NO KEY UPDATE", staff_id,
                          _("read the agents who can take a conversation"), error);
}

GArray *
_sd_agent_store_candidates (SdDb    *db,
                            gint64   department_id,
                            GError **error)
{
  SdStmt *stmt;
  g_autoptr(GArray) candidates = NULL;
  int rc;

  /* Two desktops routing different conversations to the same department: the second waits
   * here until the first has given its chat and saved the agents' turns, then reads the
   * loads afresh (a new statement, so a new snapshot under READ COMMITTED). Without it
   * both would see an agent one chat below the limit and both give them one, and the
   * later write of wrr_current and routed would undo the earlier. A shop file's router
   * holds the write lock already. */
  if (_sd_db_is_team (db) && !lock_department_agents (db, department_id, error))
    return NULL;
  stmt = _sd_db_prepare (db,
      "SELECT a.staff_id, a.weight, a.max_concurrent, a.wrr_current, a.routed, " LOAD_OF ("a.staff_id")
      " FROM agent_status a JOIN staff s ON s.id = a.staff_id "
      "WHERE a.status = 'online' AND s.disabled = 0 AND s.department_id = ?1 AND " CAN_CHAT
      " ORDER BY a.staff_id", error);
  if (stmt == NULL)
    return NULL;
  candidates = g_array_new (FALSE, TRUE, sizeof (SdRouterCandidate));
  sd_stmt_bind_int64 (stmt, 1, department_id);
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      SdRouterCandidate c = {
        .staff_id = sd_stmt_column_int64 (stmt, 0),
        .weight = sd_stmt_column_int (stmt, 1),
        .limit = sd_stmt_column_int64 (stmt, 2),
        .current = sd_stmt_column_int64 (stmt, 3),
        .routed = sd_stmt_column_int64 (stmt, 4),
        .load = sd_stmt_column_int64 (stmt, 5),
      };

      g_array_append_val (candidates, c);
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, _("read the agents who can take a conversation"));
      return NULL;
    }
  return g_steal_pointer (&candidates);
}

gboolean
_sd_agent_store_save_candidates (SdDb    *db,
                                 GArray  *candidates,
                                 GError **error)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      const SdRouterCandidate *c = &g_array_index (candidates, SdRouterCandidate, i);
      SdStmt *stmt = _sd_db_prepare (db,
          "UPDATE agent_status SET wrr_current = ?2, routed = ?3 WHERE staff_id = ?1", error);

      if (stmt == NULL)
        return FALSE;
      sd_stmt_bind_int64 (stmt, 1, c->staff_id);
      sd_stmt_bind_int64 (stmt, 2, c->current);
      sd_stmt_bind_int64 (stmt, 3, c->routed);
      if (!_sd_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_sd_agent_store_queue (SdDb    *db,
                       gint64   conversation_id,
                       gint64   department_id,
                       GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE conversations SET department_id = ?2 "
      "WHERE id = ?1 AND state = 'waiting' AND staff_id IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, conversation_id);
  sd_stmt_bind_int64 (stmt, 2, department_id);
  return _sd_db_step_done (db, stmt, error);
}
