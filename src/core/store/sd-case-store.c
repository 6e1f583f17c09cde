/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-case-store"

#include "sd-i18n.h"

#include <json-glib/json-glib.h>

#include "sd-case-store-private.h"
#include "sd-error.h"

/* Open states are what can still be overdue; ?1 is the moment judged at. The outer
 * queries read the columns by position: keep CASE_COLUMNS and read_case () together. */
#define CASE_SELECT \
  "SELECT c.id, c.type, c.state, coalesce (c.customer_id, 0), coalesce (cu.nick, ''), " \
  "  coalesce (cu.name, ''), coalesce (c.order_id, 0), coalesce (o.platform_order_id, ''), " \
  "  coalesce (c.conversation_id, 0), c.title, coalesce (c.staff_id, 0), " \
  "  coalesce (nullif (s.display_name, ''), s.login, ''), coalesce (c.created_by, 0), " \
  "  c.created_at, c.updated_at, c.deadline_at, c.resolved_at, c.closed_at, " \
  "  CASE WHEN c.state IN ('new', 'in_progress', 'waiting_buyer', 'waiting_courier') AND c.deadline_at < ?1 " \
  "  THEN 1 ELSE 0 END AS overdue, " \
  "  coalesce (c.staff_id, 0) AS handler, coalesce (v.staff_id, 0) AS conversation_staff " \
  "FROM cases c " \
  "LEFT JOIN customers cu ON cu.id = c.customer_id " \
  "LEFT JOIN orders o ON o.id = c.order_id " \
  "LEFT JOIN staff s ON s.id = c.staff_id " \
  "LEFT JOIN conversations v ON v.id = c.conversation_id "

static gpointer
read_case (SdStmt *stmt)
{
  SdCase *c = sd_case_new ();
  const char *type = sd_stmt_column_text (stmt, 1);
  const char *state = sd_stmt_column_text (stmt, 2);

  c->id = sd_stmt_column_int64 (stmt, 0);
  sd_case_type_from_string (type, &c->type);
  sd_case_state_from_string (state, &c->state);
  c->customer_id = sd_stmt_column_int64 (stmt, 3);
  g_free (c->customer_nick);
  c->customer_nick = _sd_column_dup (stmt, 4);
  g_free (c->customer_name);
  c->customer_name = _sd_column_dup (stmt, 5);
  c->order_id = sd_stmt_column_int64 (stmt, 6);
  g_free (c->order_ref);
  c->order_ref = _sd_column_dup (stmt, 7);
  c->conversation_id = sd_stmt_column_int64 (stmt, 8);
  g_free (c->title);
  c->title = _sd_column_dup (stmt, 9);
  c->staff_id = sd_stmt_column_int64 (stmt, 10);
  g_free (c->staff_name);
  c->staff_name = _sd_column_dup (stmt, 11);
  c->created_by = sd_stmt_column_int64 (stmt, 12);
  c->created_at = sd_stmt_column_int64 (stmt, 13);
  c->updated_at = sd_stmt_column_int64 (stmt, 14);
  c->deadline_at = sd_stmt_column_int64 (stmt, 15);
  c->resolved_at = sd_stmt_column_int64 (stmt, 16);
  c->closed_at = sd_stmt_column_int64 (stmt, 17);
  c->overdue = sd_stmt_column_int (stmt, 18) != 0;
  return c;
}

static gboolean
case_not_found (gint64   id,
                GError **error)
{
  g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
               _("There is no case #%lld, or it is not one you may see. Check the number with cases list."),
               (long long) id);
  return FALSE;
}

/* ---- Deadlines ---- */

gboolean
_sd_case_store_deadline_hours (SdDb       *db,
                               SdCaseType  type,
                               int        *out_hours,
                               GError    **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT hours FROM case_deadlines WHERE type = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, sd_case_type_to_string (type));
  rc = sd_stmt_step (stmt);
  if (rc == SD_STMT_ROW)
    *out_hours = sd_stmt_column_int (stmt, 0);
  sd_stmt_reset (stmt);
  if (rc == SD_STMT_ROW)
    return TRUE;
  if (rc == SD_STMT_DONE)
    g_set_error (error, SD_ERROR, SD_ERROR_CORRUPT,
                 _("The shop has no deadline for cases of type “%s”: run shopdesk-cli check."),
                 sd_case_type_to_string (type));
  else
    _sd_db_set_error (db, error, rc, _("read a case deadline"));
  return FALSE;
}

gboolean
_sd_case_store_set_deadline_hours (SdDb       *db,
                                   SdCaseType  type,
                                   int         hours,
                                   GError    **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO case_deadlines (type, hours) VALUES (?1, ?2) "
      "ON CONFLICT (type) DO UPDATE SET hours = excluded.hours", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, sd_case_type_to_string (type));
  sd_stmt_bind_int (stmt, 2, hours);
  return _sd_db_step_done (db, stmt, error);
}

/* ---- Links ---- */

/* The integer column of the one row STMT (bound) gives; FALSE when there is none. */
static gboolean
query_one (SdDb         *db,
           SdStmt *stmt,
           gint64       *out_value,
           GError      **error)
{
  int rc = sd_stmt_step (stmt);

  if (rc == SD_STMT_ROW)
    *out_value = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_ROW && rc != SD_STMT_DONE)
    _sd_db_set_error (db, error, rc, _("check a case's links"));
  return rc == SD_STMT_ROW;
}

/* Whether a row ID exists, as STMT (SELECT 1 … WHERE id = ?) finds it; FALSE with an
 * error only when the read fails (*OUT_FOUND says the rest). */
static gboolean
row_exists (SdDb         *db,
            SdStmt *stmt,
            gint64        id,
            gboolean     *out_found,
            GError      **error)
{
  gint64 one = 0;
  GError *local = NULL;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  *out_found = query_one (db, stmt, &one, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

gboolean
_sd_case_store_check_links (SdDb             *db,
                            const SdCaseOpen *open,
                            GError          **error)
{
  gboolean found = FALSE;

  if (!row_exists (db, _sd_db_prepare (db, "SELECT 1 FROM customers WHERE id = ?", error),
                   open->customer_id, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                   _("There is no customer #%lld: pick the case's customer from customers search."),
                   (long long) open->customer_id);
      return FALSE;
    }
  if (open->order_id != 0)
    {
      SdStmt *stmt = _sd_db_prepare (db, "SELECT customer_id FROM orders WHERE id = ?", error);
      gint64 owner = 0;
      GError *local = NULL;

      if (stmt == NULL)
        return FALSE;
      sd_stmt_bind_int64 (stmt, 1, open->order_id);
      if (!query_one (db, stmt, &owner, &local))
        {
          if (local != NULL)
            g_propagate_error (error, local);
          else
            g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                         _("There is no order #%lld: see the customer’s orders with customers show."),
                         (long long) open->order_id);
          return FALSE;
        }
      if (owner != open->customer_id)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                       _("Order #%lld belongs to another customer, not to customer #%lld: "
                         "link the case to one of this customer’s orders, or to none."),
                       (long long) open->order_id, (long long) open->customer_id);
          return FALSE;
        }
    }
  if (open->conversation_id != 0)
    {
      if (!row_exists (db, _sd_db_prepare (db, "SELECT 1 FROM conversations WHERE id = ?", error),
                       open->conversation_id, &found, error))
        return FALSE;
      if (!found)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                       _("There is no conversation #%lld to link the case to."),
                       (long long) open->conversation_id);
          return FALSE;
        }
    }
  return open->staff_id == 0 || _sd_case_store_check_handler (db, open->staff_id, error);
}

gboolean
_sd_case_store_check_handler (SdDb    *db,
                              gint64   staff_id,
                              GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT disabled FROM staff WHERE id = ?", error);
  gint64 disabled = 0;
  GError *local = NULL;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, staff_id);
  if (!query_one (db, stmt, &disabled, &local))
    {
      if (local != NULL)
        g_propagate_error (error, local);
      else
        g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                     _("There is no staff account #%lld to hand the case to."), (long long) staff_id);
      return FALSE;
    }
  if (disabled)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("Staff account #%lld is disabled: hand the case to an active account."),
                   (long long) staff_id);
      return FALSE;
    }
  return TRUE;
}

gint64
_sd_case_store_find_staff (SdDb       *db,
                           const char *name,
                           GError    **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id FROM staff WHERE disabled = 0 AND (login = ?1 OR full_name = ?1 OR CAST (id AS TEXT) = ?1) "
      "ORDER BY id LIMIT 1", error);
  gint64 id = 0;
  GError *local = NULL;

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_text (stmt, 1, name);
  if (!query_one (db, stmt, &id, &local))
    {
      if (local != NULL)
        g_propagate_error (error, local);
      else
        g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                     _("There is no active staff account “%s”: use a login from staff list."), name);
      return 0;
    }
  return id;
}

char *
_sd_case_store_staff_name (SdDb   *db,
                           gint64  staff_id)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT coalesce (nullif (display_name, ''), login) FROM staff WHERE id = ?", NULL);
  char *name = NULL;

  if (stmt != NULL && staff_id != 0)
    {
      sd_stmt_bind_int64 (stmt, 1, staff_id);
      if (sd_stmt_step (stmt) == SD_STMT_ROW)
        name = _sd_column_dup (stmt, 0);
      sd_stmt_reset (stmt);
    }
  return name != NULL ? name : g_strdup ("");
}

/* ---- Cases and events ---- */

gint64
_sd_case_store_insert (SdDb         *db,
                       const SdCase *c,
                       GError      **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO cases (type, state, customer_id, order_id, conversation_id, title, staff_id, created_by, "
      "  created_at, updated_at, deadline_at) "
      "VALUES (?1, ?2, nullif (?3, 0), nullif (?4, 0), nullif (?5, 0), ?6, nullif (?7, 0), nullif (?8, 0), "
      "  ?9, ?9, ?10)", error);

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_text (stmt, 1, sd_case_type_to_string (c->type));
  sd_stmt_bind_text (stmt, 2, sd_case_state_to_string (c->state));
  sd_stmt_bind_int64 (stmt, 3, c->customer_id);
  sd_stmt_bind_int64 (stmt, 4, c->order_id);
  sd_stmt_bind_int64 (stmt, 5, c->conversation_id);
  sd_stmt_bind_text (stmt, 6, c->title);
  sd_stmt_bind_int64 (stmt, 7, c->staff_id);
  sd_stmt_bind_int64 (stmt, 8, c->created_by);
  sd_stmt_bind_int64 (stmt, 9, c->created_at);
  sd_stmt_bind_int64 (stmt, 10, c->deadline_at);
  if (!_sd_db_step_done (db, stmt, error))
    return 0;
  return _sd_db_last_insert_id (db);
}

gboolean
_sd_case_store_lock (SdDb    *db,
                     gint64   id,
                     GError **error)
{
  return _sd_db_lock_row (db, "SELECT 1 FROM cases WHERE id = ? FOR NO KEY UPDATE", id, _("read a case"), error);
}

gboolean
_sd_case_store_save (SdDb         *db,
                     const SdCase *c,
                     GError      **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE cases SET state = ?2, title = ?3, staff_id = nullif (?4, 0), updated_at = ?5, "
      "  resolved_at = ?6, closed_at = ?7 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, c->id);
  sd_stmt_bind_text (stmt, 2, sd_case_state_to_string (c->state));
  sd_stmt_bind_text (stmt, 3, c->title);
  sd_stmt_bind_int64 (stmt, 4, c->staff_id);
  sd_stmt_bind_int64 (stmt, 5, c->updated_at);
  sd_stmt_bind_int64 (stmt, 6, c->resolved_at);
  sd_stmt_bind_int64 (stmt, 7, c->closed_at);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (_sd_db_changes (db) == 0)
    return case_not_found (c->id, error);
  return TRUE;
}

gboolean
_sd_case_store_add_event (SdDb            *db,
                          gint64           case_id,
                          gint64           at,
                          gint64           staff_id,
                          SdCaseEventKind  kind,
                          const char      *from_value,
                          const char      *to_value,
                          const char      *text,
                          GError         **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO case_events (case_id, at, staff_id, kind, from_value, to_value, text) "
      "VALUES (?1, ?2, nullif (?3, 0), ?4, ?5, ?6, ?7)", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, case_id);
  sd_stmt_bind_int64 (stmt, 2, at);
  sd_stmt_bind_int64 (stmt, 3, staff_id);
  sd_stmt_bind_text (stmt, 4, sd_case_event_kind_to_string (kind));
  sd_stmt_bind_text (stmt, 5, from_value);
  sd_stmt_bind_text (stmt, 6, to_value);
  sd_stmt_bind_text (stmt, 7, text);
  return _sd_db_step_done (db, stmt, error);
}

SdCase *
_sd_case_store_load (SdDb    *db,
                     gint64   id,
                     gint64   now,
                     gint64   reader,
                     GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT * FROM (" CASE_SELECT "WHERE c.id = ?2) AS listed "
      "WHERE ?3 = 0 OR handler = ?3 OR conversation_staff = ?3", error);

  if (stmt != NULL)
    {
      sd_stmt_bind_int64 (stmt, 1, now);
      sd_stmt_bind_int64 (stmt, 2, id);
      sd_stmt_bind_int64 (stmt, 3, reader);
    }
  return _sd_db_read_one (db, stmt, read_case, id, case_not_found, _("read a case"), error);
}

static gpointer
read_event (SdStmt *stmt)
{
  SdCaseEvent *event = g_new0 (SdCaseEvent, 1);
  const char *kind = sd_stmt_column_text (stmt, 4);

  event->id = sd_stmt_column_int64 (stmt, 0);
  event->case_id = sd_stmt_column_int64 (stmt, 1);
  event->at = sd_stmt_column_int64 (stmt, 2);
  event->staff_id = sd_stmt_column_int64 (stmt, 3);
  sd_case_event_kind_from_string (kind, &event->kind);
  event->from_value = _sd_column_dup (stmt, 5);
  event->to_value = _sd_column_dup (stmt, 6);
  event->text = _sd_column_dup (stmt, 7);
  event->staff_name = _sd_column_dup (stmt, 8);
  return event;
}

GPtrArray *
_sd_case_store_events (SdDb    *db,
                       gint64   id,
                       GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT e.id, e.case_id, e.at, coalesce (e.staff_id, 0), e.kind, e.from_value, e.to_value, e.text, "
      "  coalesce (nullif (s.display_name, ''), s.login, '') "
      "FROM case_events e LEFT JOIN staff s ON s.id = e.staff_id "
      "WHERE e.case_id = ? ORDER BY e.at, e.id", error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, id);
  return _sd_db_collect_rows (db, stmt, read_event, (GDestroyNotify) sd_case_event_free,
                              _("read a case’s history"), error);
}

/* " new in_progress ": the states of MASK as the list query's instr () finds them; ""
 * for every state. */
static char *
states_text (guint mask)
{
  GString *out = g_string_new (NULL);

  for (int s = 0; mask != 0 && s < SD_CASE_STATE_N; s++)
    if (mask & SD_CASE_STATE_BIT (s))
      g_string_append_printf (out, " %s ", sd_case_state_to_string ((SdCaseState) s));
  return g_string_free (out, FALSE);
}

/* SEARCH's words as a JSON array of LIKE patterns ("%word%", with \\, % and _ escaped
 * by a backslash), the list query's json_each () reads; "[]" when there is none, which
 * selects every case. */
static char *
search_patterns (const char *search)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) words = g_strsplit_set (search ? search : "", " \t\n\r\f\v", -1);

  json_builder_begin_array (builder);
  for (guint i = 0; words[i] != NULL; i++)
    {
      GString *pattern;

      if (*words[i] == '\0')
        continue;
      pattern = g_string_new ("%");
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '\\' || *p == '%' || *p == '_')
            g_string_append_c (pattern, '\\');
          g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '%');
      json_builder_add_string_value (builder, pattern->str);
      g_string_free (pattern, TRUE);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

GPtrArray *
_sd_case_store_list (SdDb               *db,
                     const SdCaseFilter *filter,
                     gint64              reader,
                     GError            **error)
{
  /* Overdue first (rank 0), then by deadline and id: the keyset is (rank, deadline, id).
   * Cases are thousands, not millions: one statement with optional filters is enough. */
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT * FROM (" CASE_SELECT
      "  WHERE (?2 = '' OR instr (?2, ' ' || c.state || ' ') > 0) AND (?3 = '' OR c.type = ?3) "
      "    AND (?4 = 0 OR c.staff_id = ?4) AND (?5 = 0 OR c.customer_id = ?5) "
      /* Every word somewhere: no pattern that neither the title nor the customer has. */
      "    AND NOT EXISTS (SELECT 1 FROM json_each (?13) AS w "
      /* lower (): SQLite's LIKE ignores the case of ASCII letters, PostgreSQL's does not. */
      "      WHERE NOT (lower (c.title) LIKE lower (w.value) ESCAPE '\\' "
      "        OR lower (coalesce (cu.nick, '')) LIKE lower (w.value) ESCAPE '\\' "
      "        OR lower (coalesce (cu.name, '')) LIKE lower (w.value) ESCAPE '\\'))) AS listed "
      "WHERE (?6 = 0 OR handler = ?6 OR conversation_staff = ?6) AND (?7 = 0 OR overdue = 1) "
      "  AND (?8 = 0 OR (1 - overdue, deadline_at, id) > (?9, ?10, ?11)) "
      "ORDER BY 1 - overdue, deadline_at, id LIMIT ?12", error);
  g_autofree char *states = states_text (filter->states);
  g_autofree char *patterns = search_patterns (filter->search);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, filter->now);
  sd_stmt_bind_text_copy (stmt, 2, states, -1);
  sd_stmt_bind_text (stmt, 3, filter->any_type ? "" : sd_case_type_to_string (filter->type));
  sd_stmt_bind_int64 (stmt, 4, filter->staff_id);
  sd_stmt_bind_int64 (stmt, 5, filter->customer_id);
  sd_stmt_bind_int64 (stmt, 6, reader);
  sd_stmt_bind_int (stmt, 7, filter->overdue_only ? 1 : 0);
  sd_stmt_bind_int (stmt, 8, filter->has_after ? 1 : 0);
  sd_stmt_bind_int (stmt, 9, filter->after_overdue ? 0 : 1);
  sd_stmt_bind_int64 (stmt, 10, filter->after_deadline_at);
  sd_stmt_bind_int64 (stmt, 11, filter->after_id);
  sd_stmt_bind_int64 (stmt, 12, filter->limit);
  sd_stmt_bind_text_copy (stmt, 13, patterns, -1);
  return _sd_db_collect_rows (db, stmt, read_case, (GDestroyNotify) sd_case_free, _("list the cases"), error);
}
