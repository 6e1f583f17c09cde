/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-conversation-store"

#include "sd-i18n.h"

#include "sd-conversation-store-private.h"
#include "sd-error.h"

#define CONVERSATION_COLUMNS \
  "c.id, c.channel, c.channel_ref, c.buyer_nick, coalesce (c.customer_id, 0), " \
  "coalesce (c.department_id, 0), coalesce (c.staff_id, 0), coalesce (s.login, ''), c.state, " \
  "c.opened_at, c.assigned_at, c.first_response_at, c.last_buyer_at, c.last_agent_at, c.closed_at, " \
  "c.buyer_messages, c.agent_messages, c.rating, c.rated_at, c.after_sales, c.platform_order_id"

#define CONVERSATION_FROM " FROM conversations c LEFT JOIN staff s ON s.id = c.staff_id "

static void
replace_string (char **field,
                char  *value)
{
  g_free (*field);
  *field = value;
}

static gpointer
read_conversation (SdStmt *stmt)
{
  SdConversation *c = sd_conversation_new ();
  g_autofree char *state = _sd_column_dup (stmt, 8);

  c->id = sd_stmt_column_int64 (stmt, 0);
  replace_string (&c->channel, _sd_column_dup (stmt, 1));
  replace_string (&c->channel_ref, _sd_column_dup (stmt, 2));
  replace_string (&c->buyer_nick, _sd_column_dup (stmt, 3));
  c->customer_id = sd_stmt_column_int64 (stmt, 4);
  c->department_id = sd_stmt_column_int64 (stmt, 5);
  c->staff_id = sd_stmt_column_int64 (stmt, 6);
  replace_string (&c->staff_name, _sd_column_dup (stmt, 7));
  sd_conversation_state_from_string (state, &c->state);
  c->opened_at = sd_stmt_column_int64 (stmt, 9);
  c->assigned_at = sd_stmt_column_int64 (stmt, 10);
  c->first_response_at = sd_stmt_column_int64 (stmt, 11);
  c->last_buyer_at = sd_stmt_column_int64 (stmt, 12);
  c->last_agent_at = sd_stmt_column_int64 (stmt, 13);
  c->closed_at = sd_stmt_column_int64 (stmt, 14);
  c->buyer_messages = sd_stmt_column_int64 (stmt, 15);
  c->agent_messages = sd_stmt_column_int64 (stmt, 16);
  c->rating = sd_stmt_column_int (stmt, 17);
  c->rated_at = sd_stmt_column_int64 (stmt, 18);
  replace_string (&c->after_sales, _sd_column_dup (stmt, 19));
  replace_string (&c->platform_order_id, _sd_column_dup (stmt, 20));
  return c;
}

static gboolean
not_found (gint64   id,
           GError **error)
{
  g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
               _("There is no conversation with id %lld: list them with conversations list."), (long long) id);
  return FALSE;
}

/* Runs STMT and fails with NOT_FOUND when it changed no row. */
static gboolean
step_one_row (SdDb          *db,
              SdStmt  *stmt,
              gint64         id,
              GError       **error)
{
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (_sd_db_changes (db) == 0)
    return not_found (id, error);
  return TRUE;
}

gint64
_sd_conversation_store_insert (SdDb                 *db,
                               const SdConversation *c,
                               GError              **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO conversations (channel, channel_ref, buyer_nick, customer_id, department_id, staff_id, "
      "  state, opened_at, assigned_at, first_response_at, last_buyer_at, last_agent_at, closed_at, "
      "  buyer_messages, agent_messages, rating, rated_at, after_sales, platform_order_id) "
      "VALUES (?1, ?2, ?3, nullif (?4, 0), nullif (?5, 0), nullif (?6, 0), ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
      "  ?14, ?15, ?16, ?17, ?18, ?19)", error);

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_text (stmt, 1, c->channel);
  sd_stmt_bind_text (stmt, 2, c->channel_ref);
  sd_stmt_bind_text (stmt, 3, c->buyer_nick);
  sd_stmt_bind_int64 (stmt, 4, c->customer_id);
  sd_stmt_bind_int64 (stmt, 5, c->department_id);
  sd_stmt_bind_int64 (stmt, 6, c->staff_id);
  sd_stmt_bind_text (stmt, 7, sd_conversation_state_to_string (c->state));
  sd_stmt_bind_int64 (stmt, 8, c->opened_at);
  sd_stmt_bind_int64 (stmt, 9, c->assigned_at);
  sd_stmt_bind_int64 (stmt, 10, c->first_response_at);
  sd_stmt_bind_int64 (stmt, 11, c->last_buyer_at);
  sd_stmt_bind_int64 (stmt, 12, c->last_agent_at);
  sd_stmt_bind_int64 (stmt, 13, c->closed_at);
  sd_stmt_bind_int64 (stmt, 14, c->buyer_messages);
  sd_stmt_bind_int64 (stmt, 15, c->agent_messages);
  sd_stmt_bind_int (stmt, 16, c->rating);
  sd_stmt_bind_int64 (stmt, 17, c->rated_at);
  sd_stmt_bind_text (stmt, 18, c->after_sales ? c->after_sales : "");
  sd_stmt_bind_text (stmt, 19, c->platform_order_id ? c->platform_order_id : "");
  if (!_sd_db_step_done (db, stmt, error))
    return 0;
  return _sd_db_last_insert_id (db);
}

gint64
_sd_conversation_store_query_int (SdStmt *stmt)
{
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    id = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  return id;
}

gint64
_sd_conversation_store_find_ref (SdDb       *db,
                                 const char *channel,
                                 const char *ref)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id FROM conversations WHERE channel = ? AND channel_ref = ? AND channel_ref <> ''", NULL);

  if (stmt == NULL || ref == NULL || *ref == '\0')
    return 0;
  sd_stmt_bind_text (stmt, 1, channel);
  sd_stmt_bind_text (stmt, 2, ref);
  return _sd_conversation_store_query_int (stmt);
}

gint64
_sd_conversation_store_match_customer (SdDb       *db,
                                       const char *nick)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id FROM customers WHERE nick = ?1 AND nick <> '' AND platform = "
      "  coalesce ((SELECT platform FROM store_connection WHERE id = 1), 'taobao')", NULL);

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_text (stmt, 1, nick);
  return _sd_conversation_store_query_int (stmt);
}

gint64
_sd_conversation_store_find_staff (SdDb       *db,
                                   const char *name,
                                   gint64     *out_department)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id, coalesce (department_id, 0) FROM staff WHERE login = ?1 OR full_name = ?1 "
      "ORDER BY login = ?1 DESC LIMIT 1", NULL);
  gint64 id = 0;

  *out_department = 0;
  if (stmt == NULL || name == NULL || *name == '\0')
    return 0;
  sd_stmt_bind_text (stmt, 1, name);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    {
      id = sd_stmt_column_int64 (stmt, 0);
      *out_department = sd_stmt_column_int64 (stmt, 1);
    }
  sd_stmt_reset (stmt);
  return id;
}

gboolean
_sd_conversation_store_staff_department (SdDb   *db,
                                         gint64  staff_id,
                                         gint64 *out_department)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT coalesce (department_id, 0) FROM staff WHERE id = ?", NULL);
  gboolean found = FALSE;

  *out_department = 0;
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, staff_id);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    {
      found = TRUE;
      *out_department = sd_stmt_column_int64 (stmt, 0);
    }
  sd_stmt_reset (stmt);
  return found;
}

gint64
_sd_conversation_store_add_message (SdDb                *db,
                                    const SdChatMessage *message,
                                    GError             **error)
{
  SdStmt *insert = _sd_db_prepare (db,
      "INSERT INTO conversation_messages (conversation_id, at, direction, staff_id, text, quick_reply_id, "
      "  platform_message_id, client_id, send_state, send_error) "
      "VALUES (?, ?, ?, nullif (?, 0), ?, nullif (?, 0), ?, ?, ?, ?)", error);
  SdStmt *update;
  gint64 id;

  if (insert == NULL)
    return 0;
  sd_stmt_bind_int64 (insert, 1, message->conversation_id);
  sd_stmt_bind_int64 (insert, 2, message->at);
  sd_stmt_bind_text (insert, 3, sd_chat_direction_to_string (message->direction));
  sd_stmt_bind_int64 (insert, 4, message->staff_id);
  sd_stmt_bind_text (insert, 5, message->text ? message->text : "");
  sd_stmt_bind_int64 (insert, 6, message->quick_reply_id);
  sd_stmt_bind_text (insert, 7, message->platform_id ? message->platform_id : "");
  sd_stmt_bind_text (insert, 8, message->client_id ? message->client_id : "");
  sd_stmt_bind_text (insert, 9, sd_chat_send_state_to_string (message->send_state));
  sd_stmt_bind_text (insert, 10, message->send_error ? message->send_error : "");
  if (!_sd_db_step_done (db, insert, error))
    return 0;
  id = _sd_db_last_insert_id (db);

  /* SET expressions all read the row as it was: first_response_at looks at the
   * last_buyer_at before this message, the assignment at the state before it. */
  update = _sd_db_prepare (db,
      "UPDATE conversations SET "
      "  buyer_messages = buyer_messages + CASE WHEN ?2 = 'in' THEN 1 ELSE 0 END,"
      "  agent_messages = agent_messages + CASE WHEN ?2 = 'out' THEN 1 ELSE 0 END,"
      "  last_buyer_at = CASE WHEN ?2 = 'in' THEN ?3 ELSE last_buyer_at END,"
      "  last_agent_at = CASE WHEN ?2 = 'out' THEN ?3 ELSE last_agent_at END,"
      "  first_response_at = CASE WHEN ?2 = 'out' AND first_response_at = 0 AND last_buyer_at > 0"
      "                      THEN ?3 ELSE first_response_at END,"
      "  staff_id = CASE WHEN ?2 = 'out' AND state = 'waiting' THEN nullif (?4, 0) ELSE staff_id END,"
      "  assigned_at = CASE WHEN ?2 = 'out' AND state = 'waiting' THEN ?3 ELSE assigned_at END,"
      "  state = CASE WHEN ?2 = 'out' AND state = 'waiting' THEN 'open' ELSE state END "
      "WHERE id = ?1", error);
  if (update == NULL)
    return 0;
  sd_stmt_bind_int64 (update, 1, message->conversation_id);
  sd_stmt_bind_text (update, 2, sd_chat_direction_to_string (message->direction));
  sd_stmt_bind_int64 (update, 3, message->at);
  sd_stmt_bind_int64 (update, 4, message->staff_id);
  if (!step_one_row (db, update, message->conversation_id, error))
    return 0;
  return id;
}

gboolean
_sd_conversation_store_add_event (SdDb                      *db,
                                  gint64                     conversation_id,
                                  const SdConversationEvent *event,
                                  GError                   **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO conversation_events (conversation_id, at, kind, by_staff_id, from_staff_id, to_staff_id, note) "
      "VALUES (?, ?, ?, nullif (?, 0), nullif (?, 0), nullif (?, 0), ?)", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, conversation_id);
  sd_stmt_bind_int64 (stmt, 2, event->at);
  sd_stmt_bind_text (stmt, 3, event->kind);
  sd_stmt_bind_int64 (stmt, 4, event->by_staff_id);
  sd_stmt_bind_int64 (stmt, 5, event->from_staff_id);
  sd_stmt_bind_int64 (stmt, 6, event->to_staff_id);
  sd_stmt_bind_text (stmt, 7, event->note ? event->note : "");
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_conversation_store_set_staff (SdDb    *db,
                                  gint64   id,
                                  gint64   staff_id,
                                  gint64   department_id,
                                  gint64   at,
                                  GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE conversations SET staff_id = ?2, department_id = coalesce (nullif (?3, 0), department_id),"
      "  state = 'open', assigned_at = CASE WHEN assigned_at = 0 THEN ?4 ELSE assigned_at END "
      "WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  sd_stmt_bind_int64 (stmt, 2, staff_id);
  sd_stmt_bind_int64 (stmt, 3, department_id);
  sd_stmt_bind_int64 (stmt, 4, at);
  return step_one_row (db, stmt, id, error);
}

gboolean
_sd_conversation_store_close (SdDb    *db,
                              gint64   id,
                              gint64   at,
                              GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE conversations SET state = 'closed', closed_at = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  sd_stmt_bind_int64 (stmt, 2, at);
  return step_one_row (db, stmt, id, error);
}

gboolean
_sd_conversation_store_rate (SdDb    *db,
                             gint64   id,
                             int      rating,
                             gint64   at,
                             GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE conversations SET rating = ?2, rated_at = ?3 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  sd_stmt_bind_int (stmt, 2, rating);
  sd_stmt_bind_int64 (stmt, 3, at);
  return step_one_row (db, stmt, id, error);
}

SdConversation *
_sd_conversation_store_load (SdDb    *db,
                             gint64   id,
                             GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT " CONVERSATION_COLUMNS CONVERSATION_FROM "WHERE c.id = ?", error);

  if (stmt != NULL)
    sd_stmt_bind_int64 (stmt, 1, id);
  return _sd_db_read_one (db, stmt, read_conversation, id, not_found, _("read a conversation"), error);
}

SdConversation *
_sd_conversation_store_load_locked (SdDb    *db,
                                    gint64   id,
                                    GError **error)
{
  /* A shop file's writer holds the whole file already (BEGIN IMMEDIATE). NO KEY UPDATE:
   * a message or event being added (their key-share lock on the row) does not block it. */
  SdStmt *stmt = _sd_db_is_team (db)
    ? _sd_db_prepare (db, "SELECT " CONVERSATION_COLUMNS CONVERSATION_FROM "WHERE c.id = ? FOR NO KEY UPDATE OF c",
                      error)
    : _sd_db_prepare (db, "SELECT " CONVERSATION_COLUMNS CONVERSATION_FROM "WHERE c.id = ?", error);

  if (stmt != NULL)
    sd_stmt_bind_int64 (stmt, 1, id);
  return _sd_db_read_one (db, stmt, read_conversation, id, not_found, _("read a conversation"), error);
}

gpointer
_sd_conversation_store_read_message (SdStmt *stmt)
{
  SdChatMessage *m = g_new0 (SdChatMessage, 1);
  g_autofree char *direction = _sd_column_dup (stmt, 3);
  g_autofree char *send_state = NULL;

  m->id = sd_stmt_column_int64 (stmt, 0);
  m->conversation_id = sd_stmt_column_int64 (stmt, 1);
  m->at = sd_stmt_column_int64 (stmt, 2);
  sd_chat_direction_from_string (direction, &m->direction);
  m->staff_id = sd_stmt_column_int64 (stmt, 4);
  m->text = _sd_column_dup (stmt, 5);
  m->quick_reply_id = sd_stmt_column_int64 (stmt, 6);
  m->platform_id = _sd_column_dup (stmt, 7);
  m->client_id = _sd_column_dup (stmt, 8);
  send_state = _sd_column_dup (stmt, 9);
  sd_chat_send_state_from_string (send_state, &m->send_state);
  if (m->send_state == SD_CHAT_SEND_FAILED)
    m->send_error = _sd_column_dup (stmt, 10);
  return m;
}

static gpointer
read_event (SdStmt *stmt)
{
  SdConversationEvent *e = g_new0 (SdConversationEvent, 1);

  e->id = sd_stmt_column_int64 (stmt, 0);
  e->at = sd_stmt_column_int64 (stmt, 1);
  e->kind = _sd_column_dup (stmt, 2);
  e->by_staff_id = sd_stmt_column_int64 (stmt, 3);
  e->from_staff_id = sd_stmt_column_int64 (stmt, 4);
  e->to_staff_id = sd_stmt_column_int64 (stmt, 5);
  e->note = _sd_column_dup (stmt, 6);
  return e;
}

gboolean
_sd_conversation_store_load_thread (SdDb            *db,
                                    SdConversation  *c,
                                    GError         **error)
{
  SdStmt *messages = _sd_db_prepare (db,
      "SELECT " SD_MESSAGE_COLUMNS " FROM conversation_messages WHERE conversation_id = ? ORDER BY at, id", error);
  SdStmt *events;

  if (messages == NULL)
    return FALSE;
  sd_stmt_bind_int64 (messages, 1, c->id);
  c->messages = _sd_db_collect_rows (db, messages, _sd_conversation_store_read_message,
                                     (GDestroyNotify) sd_chat_message_free, _("read a conversation’s messages"), error);
  if (c->messages == NULL)
    return FALSE;
  events = _sd_db_prepare (db,
      "SELECT id, at, kind, coalesce (by_staff_id, 0), coalesce (from_staff_id, 0), coalesce (to_staff_id, 0), "
      "  note FROM conversation_events WHERE conversation_id = ? ORDER BY at, id", error);
  if (events == NULL)
    return FALSE;
  sd_stmt_bind_int64 (events, 1, c->id);
  c->events = _sd_db_collect_rows (db, events, read_event, (GDestroyNotify) sd_conversation_event_free,
                                   _("read a conversation’s history"), error);
  return c->events != NULL;
}

GPtrArray *
_sd_conversation_store_list (SdDb                       *db,
                             const SdConversationFilter *filter,
                             gint64                      own_staff,
                             gint64                      own_department,
                             GError                    **error)
{
  /* One statement for every combination of filters: each is off when its value is 0 (or
   * '' for the state). The key (opened_at, id) is compared as two conditions, which
   * SQLite 3.40 turns into a range on conversations_opened. */
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT " CONVERSATION_COLUMNS CONVERSATION_FROM
      "WHERE (?1 = '' OR c.state = ?1) AND (?2 = 0 OR c.staff_id = ?2) AND (?3 = 0 OR c.department_id = ?3)"
      "  AND (?4 = 0 OR c.customer_id = ?4) AND c.opened_at >= ?5 AND (?6 = 0 OR c.opened_at < ?6)"
      "  AND (?8 = 0 OR c.opened_at < ?7 OR (c.opened_at = ?7 AND c.id < ?8))"
      "  AND (?9 = 0 OR c.staff_id = ?9"
      "       OR (c.staff_id IS NULL AND c.state = 'waiting' AND (c.department_id IS NULL OR c.department_id = ?10)))"
      "ORDER BY c.opened_at DESC, c.id DESC LIMIT ?11", error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_text (stmt, 1, filter->state >= 0 ? sd_conversation_state_to_string (filter->state) : "");
  sd_stmt_bind_int64 (stmt, 2, filter->staff_id);
  sd_stmt_bind_int64 (stmt, 3, filter->department_id);
  sd_stmt_bind_int64 (stmt, 4, filter->customer_id);
  sd_stmt_bind_int64 (stmt, 5, filter->since);
  sd_stmt_bind_int64 (stmt, 6, filter->until);
  sd_stmt_bind_int64 (stmt, 7, filter->after_opened_at);
  sd_stmt_bind_int64 (stmt, 8, filter->after_id);
  sd_stmt_bind_int64 (stmt, 9, own_staff);
  sd_stmt_bind_int64 (stmt, 10, own_department);
  sd_stmt_bind_int (stmt, 11, filter->limit > 0 ? (int) filter->limit : 50);
  return _sd_db_collect_rows (db, stmt, read_conversation, (GDestroyNotify) sd_conversation_free,
                              _("list the conversations"), error);
}
