/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "net/sd-chat-channel.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* The live agent console's link between a chat channel and the shop (issue 9): it stores
 * every event the channel hands out — a chat opened becomes a waiting conversation (customer
 * matched by nick), a buyer's message, a rating, a close — routes waiting conversations to
 * online agents (sd_router_route_waiting) after each new chat, each agent status change and
 * each close, sends the agents' replies through the channel and stores them, and keeps the
 * channel's last stored seq in the shop (chat_channels), so that the next start asks for
 * what came after it: a restart neither loses nor repeats an event.
 *
 * Each event is stored in one transaction with the seq, so a kill at any moment leaves the
 * event stored with its seq or neither. Runs on the thread-default main context of whoever
 * calls sd_chat_desk_start_async (); the writes are single small transactions there.
 *
 * Times stored are the shop's (sd_db_now ()) when the desk stored the event, as for every
 * other conversation, so that the KPIs compare times of one clock.
 *
 * An agent's reply is stored 'sending' (SdChatMessage.send_state) with a client_id of its
 * own before it is sent, then 'sent' with the platform's message id, or 'failed' with
 * send_error; a stop before the platform confirmed it leaves it 'sending', and the next
 * start sends it again under the same client_id (the platform shows it once).
 *
 * Signals:
 *   "conversation-changed" (gint64 conversation_id, const char *what): after a stored change;
 *       WHAT is "opened", "message", "assigned", "transferred", "closed" or "rated".
 *       "message" also when a reply's send state changed (sent, failed, sending again).
 *   notify::state, when the channel's state changes (sd_chat_desk_get_state ()); the
 *       property "state" is an int holding an SdChatChannelState. */

#define SD_TYPE_CHAT_DESK (sd_chat_desk_get_type ())
G_DECLARE_FINAL_TYPE (SdChatDesk, sd_chat_desk, SD, CHAT_DESK, GObject)

/* CHANNEL_NAME names the channel in conversations.channel and chat_channels ("sim"). The
 * desk keeps SESSION (the signed-in account: replies are sent as that agent) and CHANNEL. */
SdChatDesk         *sd_chat_desk_new            (SdSession            *session,
                                                 SdChatChannel        *channel,
                                                 const char           *channel_name);
/* Connects the channel after the last stored seq and starts storing events. Errors as
 * sd_chat_channel_connect_finish (). */
void                sd_chat_desk_start_async    (SdChatDesk           *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean            sd_chat_desk_start_finish   (SdChatDesk           *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* Closes the channel; stored conversations stay as they are. Also when an event could not
 * be stored (sd_chat_desk_get_error () says which), so that the next start asks for it
 * again. */
void                sd_chat_desk_stop           (SdChatDesk           *self);
SdChatChannelState  sd_chat_desk_get_state      (SdChatDesk           *self);
/* Why the channel is not connected (for people); NULL when it is. */
const GError       *sd_chat_desk_get_error      (SdChatDesk           *self);

/* The acting agent answers CONVERSATION_ID with TEXT (QUICK_REPLY_ID: the quick reply it
 * came from, whose use is counted; 0: typed). The message is stored at once (the first
 * agent reply sets first_response_at), then sent; finishes when the platform confirmed it.
 * Errors: SD_ERROR_PERMISSION_DENIED (not the agent's conversation and no
 * conversations.all), SD_ERROR_CONFLICT (closed), SD_ERROR_INVALID_INPUT (empty text), the
 * channel's errors. A conversation that was waiting is assigned to the acting agent. */
void                sd_chat_desk_reply_async    (SdChatDesk           *self,
                                                 gint64                conversation_id,
                                                 const char           *text,
                                                 gint64                quick_reply_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean            sd_chat_desk_reply_finish   (SdChatDesk           *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* Sends the reply MESSAGE_ID again that is 'failed' (or still 'sending'), under its
 * client_id, and finishes as sd_chat_desk_reply_async () does. SD_ERROR_CONFLICT when it is
 * no such reply (already sent, not an agent's) or the conversation is closed. */
void                sd_chat_desk_retry_async    (SdChatDesk           *self,
                                                 gint64                message_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean            sd_chat_desk_retry_finish   (SdChatDesk           *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* Ends CONVERSATION_ID on the channel and in the shop (the buyer is then asked to rate;
 * the rating arrives later as an event). */
void                sd_chat_desk_close_async    (SdChatDesk           *self,
                                                 gint64                conversation_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean            sd_chat_desk_close_finish   (SdChatDesk           *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* Routes the waiting conversations now (after an agent went online, say); emits
 * "conversation-changed" "assigned" for each one assigned. */
gboolean            sd_chat_desk_route          (SdChatDesk           *self,
                                                 GError              **error);

G_END_DECLS
