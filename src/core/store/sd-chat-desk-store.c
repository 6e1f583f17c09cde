/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-chat-desk-store"

#include "sd-i18n.h"

#include "sd-chat-desk-store-private.h"
#include "sd-conversation-store-private.h"
#include "sd-error.h"

gint64
_sd_chat_desk_store_last_seq (SdDb       *db,
                              const char *channel)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT last_seq FROM chat_channels WHERE channel = ?", NULL);

  if (stmt != NULL)
    sd_stmt_bind_text (stmt, 1, channel);
  return _sd_conversation_store_query_int (stmt);
}

void
_sd_chat_desk_store_channel_seq (SdDb       *db,
                                 const char *channel,
                                 gint64     *out_seq,
                                 gint64     *out_at)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT last_seq, updated_at FROM chat_channels WHERE channel = ?", NULL);

  *out_seq = 0;
  *out_at = 0;
  if (stmt == NULL)
    return;
  sd_stmt_bind_text (stmt, 1, channel);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    {
      *out_seq = sd_stmt_column_int64 (stmt, 0);
      *out_at = sd_stmt_column_int64 (stmt, 1);
    }
  sd_stmt_reset (stmt);
}

gboolean
_sd_chat_desk_store_set_last_seq (SdDb        *db,
                                  const char  *channel,
                                  gint64       seq,
                                  gint64       at,
                                  GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO chat_channels (channel, last_seq, updated_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (channel) DO UPDATE SET last_seq = excluded.last_seq, updated_at = excluded.updated_at", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, channel);
  sd_stmt_bind_int64 (stmt, 2, seq);
  sd_stmt_bind_int64 (stmt, 3, at);
  return _sd_db_step_done (db, stmt, error);
}

gint64
_sd_chat_desk_store_match_uid (SdDb       *db,
                               const char *uid)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id FROM customers WHERE platform_uid = ?1 AND platform_uid <> '' AND platform = "
      "  coalesce ((SELECT platform FROM store_connection WHERE id = 1), 'taobao')", NULL);

  if (stmt == NULL || uid == NULL || *uid == '\0')
    return 0;
  sd_stmt_bind_text (stmt, 1, uid);
  return _sd_conversation_store_query_int (stmt);
}

gboolean
_sd_chat_desk_store_has_message (SdDb       *db,
                                 gint64      conversation_id,
                                 const char *platform_id)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT 1 FROM conversation_messages WHERE conversation_id = ? AND platform_message_id = ?", NULL);

  if (stmt == NULL || platform_id == NULL || *platform_id == '\0')
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, conversation_id);
  sd_stmt_bind_text (stmt, 2, platform_id);
  return _sd_conversation_store_query_int (stmt) == 1;
}

gboolean
_sd_chat_desk_store_set_send_state (SdDb            *db,
                                    gint64           id,
                                    SdChatSendState  state,
                                    const char      *platform_id,
                                    const char      *send_error,
                                    GError         **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE conversation_messages SET send_state = ?2,"
      "  platform_message_id = CASE WHEN ?3 <> '' THEN ?3 ELSE platform_message_id END, send_error = ?4 "
      "WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  sd_stmt_bind_text (stmt, 2, sd_chat_send_state_to_string (state));
  sd_stmt_bind_text (stmt, 3, platform_id ? platform_id : "");
  sd_stmt_bind_text (stmt, 4, send_error ? send_error : "");
  return _sd_db_step_done (db, stmt, error);
}

static gboolean
message_not_found (gint64   id,
                   GError **error)
{
  g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
               _("There is no message with id %lld: it may have gone with its conversation."), (long long) id);
  return FALSE;
}

SdChatMessage *
_sd_chat_desk_store_load_message (SdDb    *db,
                                  gint64   id,
                                  GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT " SD_MESSAGE_COLUMNS " FROM conversation_messages WHERE id = ?", error);

  if (stmt != NULL)
    sd_stmt_bind_int64 (stmt, 1, id);
  return _sd_db_read_one (db, stmt, _sd_conversation_store_read_message, id, message_not_found,
                          _("read a message"), error);
}

static gpointer
read_id (SdStmt *stmt)
{
  gint64 id = sd_stmt_column_int64 (stmt, 0);

  return g_memdup2 (&id, sizeof id);
}

GPtrArray *
_sd_chat_desk_store_unconfirmed (SdDb        *db,
                                 const char  *channel,
                                 GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT m.id FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id "
      "WHERE m.send_state = 'sending' AND c.channel = ? ORDER BY m.id", error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_text (stmt, 1, channel);
  return _sd_db_collect_rows (db, stmt, read_id, g_free, _("read the messages not yet sent"), error);
}

char *
_sd_chat_desk_store_staff_name (SdDb   *db,
                                gint64  staff_id)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT coalesce (nullif (full_name, ''), login) FROM staff WHERE id = ?", NULL);
  char *name = NULL;

  if (stmt == NULL)
    return g_strdup ("");
  sd_stmt_bind_int64 (stmt, 1, staff_id);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    name = _sd_column_dup (stmt, 0);
  sd_stmt_reset (stmt);
  return name ? name : g_strdup ("");
}

gint64
_sd_chat_desk_store_count (SdDb                *db,
                           const char          *channel,
                           SdConversationState  state)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT count(*) FROM conversations WHERE channel = ? AND state = ?", NULL);

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_text (stmt, 1, channel);
  sd_stmt_bind_text (stmt, 2, sd_conversation_state_to_string (state));
  return _sd_conversation_store_query_int (stmt);
}

gboolean
_sd_chat_desk_store_load_connection (SdDb        *db,
                                     const char  *channel,
                                     char       **out_url,
                                     char       **out_secret_ref)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT url, secret_ref FROM chat_channels WHERE channel = ?", NULL);
  gboolean found = FALSE;

  *out_url = NULL;
  *out_secret_ref = NULL;
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, channel);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    {
      found = TRUE;
      *out_url = _sd_column_dup (stmt, 0);
      *out_secret_ref = _sd_column_dup (stmt, 1);
    }
  sd_stmt_reset (stmt);
  return found;
}

gboolean
_sd_chat_desk_store_save_connection (SdDb        *db,
                                     const char  *channel,
                                     const char  *url,
                                     const char  *secret_ref,
                                     gint64       at,
                                     GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO chat_channels (channel, url, secret_ref, updated_at) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (channel) DO UPDATE SET url = excluded.url, secret_ref = excluded.secret_ref,"
      "  updated_at = excluded.updated_at,"
      "  last_seq = CASE WHEN excluded.url IN ('', chat_channels.url) THEN chat_channels.last_seq ELSE 0 END", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, channel);
  sd_stmt_bind_text (stmt, 2, url ? url : "");
  sd_stmt_bind_text (stmt, 3, secret_ref ? secret_ref : "");
  sd_stmt_bind_int64 (stmt, 4, at);
  return _sd_db_step_done (db, stmt, error);
}
