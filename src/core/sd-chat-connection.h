/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "net/sd-chat-channel.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* The shop's live chat connection (issue 9): the channel's URL in the database
 * (chat_channels), its token in the Secret Service (libsecret), never in the database, a
 * log, an audit entry or an error message. Where no Secret Service answers, the token
 * comes from the environment, SD_CHAT_ENV_TOKEN, which also wins over a kept one when set.
 *
 * Saving and forgetting need settings.connections; reading the URL and opening the
 * channel need conversations.own (or settings.connections). */

#define SD_CHAT_ENV_TOKEN "SHOPDESK_CHAT_TOKEN"
/* The name of the connection's channel in conversations.channel and chat_channels. */
#define SD_CHAT_CONNECTION_CHANNEL "sim"

/* Saves URL (ws:// or wss:// with a host) and keeps TOKEN (not empty) in the keyring,
 * replacing the connection saved before (another URL starts the channel's seq over).
 * Errors: SD_ERROR_PERMISSION_DENIED; SD_ERROR_INVALID_INPUT for a bad URL or an empty
 * token (nothing saved then). When no Secret Service answers, the URL is saved all the
 * same, any token kept before is forgotten, and it returns FALSE with SD_ERROR_IO saying
 * the token could not be kept: the caller then keeps TOKEN itself for the session (or the
 * user sets SD_CHAT_ENV_TOKEN). Audited (credentials.change) with the URL only. */
gboolean       sd_chat_connection_save      (SdSession   *session,
                                             const char  *url,
                                             const char  *token,
                                             GError     **error);
/* The saved URL; NULL without an error when none is saved. */
char          *sd_chat_connection_get_url   (SdSession   *session,
                                             GError     **error);
/* The token: SD_CHAT_ENV_TOKEN when set, else the kept one; NULL when neither (or the
 * session may not read the URL). Wipe it after use. */
char          *sd_chat_connection_get_token (SdSession   *session);
/* Forgets the URL and the kept token (the stored conversations and the seq stay).
 * SD_ERROR_NOT_FOUND when none was saved. Audited. */
gboolean       sd_chat_connection_forget    (SdSession   *session,
                                             GError     **error);
typedef struct
{
  char     *url;          /* "" when none is saved */
  gboolean  has_token;    /* sd_chat_connection_get_token () would give one */
  gint64    last_seq;     /* the channel's last event stored; 0: none */
  gint64    updated_at;   /* when that was stored, or the connection saved; 0: never */
  gint64    waiting;      /* the channel's conversations in each state */
  gint64    open;
  gint64    closed;
} SdChatConnectionStatus;

/* What `chat status` shows. Needs conversations.own (or settings.connections). */
SdChatConnectionStatus *sd_chat_connection_get_status (SdSession               *session,
                                                       GError                 **error);
void                    sd_chat_connection_status_free (SdChatConnectionStatus *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdChatConnectionStatus, sd_chat_connection_status_free)

/* The channel of the saved connection, with TOKEN (NULL: sd_chat_connection_get_token ()),
 * not yet connected; for sd_chat_desk_new () with SD_CHAT_CONNECTION_CHANNEL.
 * SD_ERROR_NOT_FOUND when no URL is saved, SD_ERROR_AUTH_FAILED when there is no token. */
SdChatChannel *sd_chat_connection_open      (SdSession   *session,
                                             const char  *token,
                                             GError     **error);

G_END_DECLS
