/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-chat-connection"

#include <string.h>

#include "sd-i18n.h"

#include "net/sd-sim-chat-channel.h"
#include "sd-audit.h"
#include "sd-chat-connection.h"
#include "sd-chat-desk-store-private.h"
#include "sd-error.h"
#include "sd-secrets-private.h"

#define TOKEN_KIND "chat_token"

static gboolean
may_read (SdSession  *session,
          GError    **error)
{
  if (sd_session_can (session, SD_PERMISSION_CONFIGURE_SHOP))
    return TRUE;
  return sd_session_require (session, SD_PERMISSION_CONVERSATIONS_OWN, error);
}

static gboolean
check_url (const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url != NULL)
    uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || (g_ascii_strcasecmp (scheme, "ws") != 0 && g_ascii_strcasecmp (scheme, "wss") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("“%s” is not a chat address: give a ws:// or wss:// address with a host, "
                     "e.g. wss://chat.example.com/chat."), url ? url : "");
      return FALSE;
    }
  return TRUE;
}

/* Writes the connection row and its audit entry in one transaction. */
static gboolean
save_row (SdSession   *session,
          const char  *url,
          const char  *secret_ref,
          const char  *detail,
          GError     **error)
{
  SdDb *db = sd_session_get_db (session);

  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_chat_desk_store_save_connection (db, SD_CHAT_CONNECTION_CHANNEL, url, secret_ref, sd_db_now (db), error) ||
      !sd_audit_append (session, SD_AUDIT_CREDENTIALS, "chat_connection", SD_CHAT_CONNECTION_CHANNEL, detail, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_chat_connection_save (SdSession   *session,
                         const char  *url,
                         const char  *token,
                         GError     **error)
{
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *old_url = NULL, *old_ref = NULL, *ref = NULL, *label = NULL, *detail = NULL;
  gboolean kept;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_CONFIGURE_SHOP, error) || !check_url (url, error))
    return FALSE;
  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("The chat token is missing: give the token the chat platform issued for this shop."));
      return FALSE;
    }
  _sd_chat_desk_store_load_connection (sd_session_get_db (session), SD_CHAT_CONNECTION_CHANNEL, &old_url, &old_ref);
  ref = _sd_secrets_new_ref ();
  label = g_strdup_printf (_("ShopDesk: chat token for %s"), url);
  kept = _sd_secrets_store (ref, TOKEN_KIND, label, token, &keyring_error);
  if (!kept)
    g_clear_pointer (&ref, g_free);
  detail = g_strdup_printf ("chat %s, token %s", url, kept ? "kept in the keyring" : "not kept");
  if (!save_row (session, url, ref ? ref : "", detail, error))
    {
      if (ref != NULL)
        _sd_secrets_clear (ref);
      return FALSE;
    }
  if (old_ref != NULL && *old_ref != '\0')
    _sd_secrets_clear (old_ref);
  if (!kept)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO,
                   _("The chat address is saved, but the keyring (Secret Service) could not keep the token: "
                     "it is used for this session only; set %s or unlock the keyring and save it again."),
                   SD_CHAT_ENV_TOKEN);
      return FALSE;
    }
  return TRUE;
}

char *
sd_chat_connection_get_url (SdSession  *session,
                            GError    **error)
{
  g_autofree char *url = NULL, *ref = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!may_read (session, error))
    return NULL;
  _sd_chat_desk_store_load_connection (sd_session_get_db (session), SD_CHAT_CONNECTION_CHANNEL, &url, &ref);
  if (url == NULL || *url == '\0')
    return NULL;
  return g_steal_pointer (&url);
}

char *
sd_chat_connection_get_token (SdSession *session)
{
  g_autofree char *url = NULL, *ref = NULL;
  const char *env = g_getenv (SD_CHAT_ENV_TOKEN);

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!may_read (session, NULL))
    return NULL;
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  _sd_chat_desk_store_load_connection (sd_session_get_db (session), SD_CHAT_CONNECTION_CHANNEL, &url, &ref);
  if (ref == NULL || *ref == '\0')
    return NULL;
  return _sd_secrets_lookup (ref, TOKEN_KIND);
}

gboolean
sd_chat_connection_forget (SdSession  *session,
                           GError    **error)
{
  g_autofree char *url = NULL, *ref = NULL, *detail = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_CONFIGURE_SHOP, error))
    return FALSE;
  _sd_chat_desk_store_load_connection (sd_session_get_db (session), SD_CHAT_CONNECTION_CHANNEL, &url, &ref);
  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                           _("No chat connection is saved: there is nothing to forget."));
      return FALSE;
    }
  detail = g_strdup_printf ("chat %s forgotten", url);
  if (!save_row (session, "", "", detail, error))
    return FALSE;
  if (*ref != '\0')
    _sd_secrets_clear (ref);
  return TRUE;
}

SdChatChannel *
sd_chat_connection_open (SdSession   *session,
                         const char  *token,
                         GError     **error)
{
  g_autofree char *url = NULL;
  g_autoptr(SdSecret) kept = NULL;
  GError *local = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  url = sd_chat_connection_get_url (session, &local);
  if (url == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, local);
      else
        g_set_error_literal (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                             _("No chat connection is saved: connect the shop’s chat first (chat connect URL)."));
      return NULL;
    }
  if (token == NULL)
    token = kept = sd_chat_connection_get_token (session);
  if (token == NULL || *token == '\0')
    {
      g_set_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED,
                   _("The chat token is not in the keyring: save the connection again with its token, or set %s."),
                   SD_CHAT_ENV_TOKEN);
      return NULL;
    }
  return sd_sim_chat_channel_new (url, token);
}

void
sd_chat_connection_status_free (SdChatConnectionStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->url);
  g_free (status);
}

SdChatConnectionStatus *
sd_chat_connection_get_status (SdSession  *session,
                               GError    **error)
{
  g_autoptr(SdChatConnectionStatus) status = g_new0 (SdChatConnectionStatus, 1);
  g_autofree char *ref = NULL;
  g_autoptr(SdSecret) token = NULL;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!may_read (session, error))
    return NULL;
  db = sd_session_get_db (session);
  _sd_chat_desk_store_load_connection (db, SD_CHAT_CONNECTION_CHANNEL, &status->url, &ref);
  if (status->url == NULL)
    status->url = g_strdup ("");
  token = sd_chat_connection_get_token (session);
  status->has_token = token != NULL;
  _sd_chat_desk_store_channel_seq (db, SD_CHAT_CONNECTION_CHANNEL, &status->last_seq, &status->updated_at);
  status->waiting = _sd_chat_desk_store_count (db, SD_CHAT_CONNECTION_CHANNEL, SD_CONVERSATION_WAITING);
  status->open = _sd_chat_desk_store_count (db, SD_CHAT_CONNECTION_CHANNEL, SD_CONVERSATION_OPEN);
  status->closed = _sd_chat_desk_store_count (db, SD_CHAT_CONNECTION_CHANNEL, SD_CONVERSATION_CLOSED);
  return g_steal_pointer (&status);
}
