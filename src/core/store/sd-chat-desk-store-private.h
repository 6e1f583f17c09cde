/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-conversation.h"
#include "sd-db-private.h"

G_BEGIN_DECLS

/* The SQL of the live chat desk (sd-chat-desk.c) and the shop's chat connection
 * (sd-chat-connection.c): chat_channels, and the columns of conversations and
 * conversation_messages that only a live channel fills (sd-chat-desk-store.c). */

/* The last seq of CHANNEL stored; 0 when none. */
gint64          _sd_chat_desk_store_last_seq        (SdDb          *db,
                                                     const char    *channel);
/* CHANNEL's last seq and when its row changed; both 0 when it has none. */
void            _sd_chat_desk_store_channel_seq     (SdDb          *db,
                                                     const char    *channel,
                                                     gint64        *out_seq,
                                                     gint64        *out_at);
gboolean        _sd_chat_desk_store_set_last_seq    (SdDb          *db,
                                                     const char    *channel,
                                                     gint64         seq,
                                                     gint64         at,
                                                     GError       **error);
/* The customer whose platform_uid on the shop's platform is UID; 0: none. */
gint64          _sd_chat_desk_store_match_uid       (SdDb          *db,
                                                     const char    *uid);
/* Whether conversation CONVERSATION_ID already has the message PLATFORM_ID. */
gboolean        _sd_chat_desk_store_has_message     (SdDb          *db,
                                                     gint64         conversation_id,
                                                     const char    *platform_id);
/* Message ID's send state, with the platform's id (SENT) or why (FAILED). */
gboolean        _sd_chat_desk_store_set_send_state  (SdDb          *db,
                                                     gint64         id,
                                                     SdChatSendState state,
                                                     const char    *platform_id,
                                                     const char    *send_error,
                                                     GError       **error);
/* Message ID; SD_ERROR_NOT_FOUND when there is none. */
SdChatMessage  *_sd_chat_desk_store_load_message    (SdDb          *db,
                                                     gint64         id,
                                                     GError       **error);
/* The ids of CHANNEL's agent messages still 'sending' (a desk stopped before the platform
 * confirmed them), oldest first. */
GPtrArray      *_sd_chat_desk_store_unconfirmed     (SdDb          *db,
                                                     const char    *channel,
                                                     GError       **error);   /* gint64 * */
/* The name an agent signs with (full name, else login); "" for no such account. */
char           *_sd_chat_desk_store_staff_name      (SdDb          *db,
                                                     gint64         staff_id);
/* How many conversations of CHANNEL are in STATE. */
gint64          _sd_chat_desk_store_count           (SdDb          *db,
                                                     const char    *channel,
                                                     SdConversationState state);

/* CHANNEL's connection: *OUT_URL and *OUT_SECRET_REF ("" when none), FALSE when no row. */
gboolean        _sd_chat_desk_store_load_connection (SdDb          *db,
                                                     const char    *channel,
                                                     char         **out_url,
                                                     char         **out_secret_ref);
/* Keeps URL and SECRET_REF for CHANNEL; another URL than the one kept starts its seq over
 * (another platform counts its own: better stored again, which changes nothing, than
 * skipped); URL "" (forgotten) keeps it. */
gboolean        _sd_chat_desk_store_save_connection (SdDb          *db,
                                                     const char    *channel,
                                                     const char    *url,
                                                     const char    *secret_ref,
                                                     gint64         at,
                                                     GError       **error);

G_END_DECLS
