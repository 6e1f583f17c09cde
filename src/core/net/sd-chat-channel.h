/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A live chat channel as the agent console sees it: buyers' chats arrive as events (opened,
 * a message, rated, closed), each with the channel's seq, and agents answer and close
 * chats. The only implementation is shopdesk-sim's (sd-sim-chat-channel.h); a Qianniu
 * channel would implement the same.
 *
 * A channel keeps nothing: whoever uses it stores the events and the last seq it stored,
 * and hands that seq to connect_async () the next time, so that the channel asks the
 * platform for what came after it. Within one connect … close, the channel reconnects by
 * itself when the connection drops, asks again for what came after the last event it
 * handed out, never hands out an event twice, and resends what was sent but not confirmed
 * (the platform recognises a resend by its client_id).
 *
 * Everything happens on the thread-default main context of the caller of connect_async (). */

#define SD_TYPE_CHAT_CHANNEL (sd_chat_channel_get_type ())
G_DECLARE_INTERFACE (SdChatChannel, sd_chat_channel, SD, CHAT_CHANNEL, GObject)

typedef enum
{
  SD_CHAT_EVENT_OPENED,    /* a buyer opened a chat: buyer_nick, buyer_uid, order_id, after_sales */
  SD_CHAT_EVENT_MESSAGE,   /* the buyer wrote: message_id, text */
  SD_CHAT_EVENT_RATED,     /* the buyer rated the service: rating */
  SD_CHAT_EVENT_CLOSED,    /* the chat ended: closed_by */
} SdChatEventKind;

typedef struct
{
  SdChatEventKind kind;
  gint64          seq;          /* grows by event, per channel */
  char           *chat_id;      /* the platform's */
  gint64          at;           /* UTC seconds */
  char           *buyer_nick;   /* OPENED */
  char           *buyer_uid;    /* OPENED; NULL when the buyer is no known customer */
  char           *order_id;     /* OPENED; the buyer's latest order, NULL for none */
  char           *after_sales;  /* OPENED: "none", "refund_pending", "refund_refused",
                                 * "refunded" (the platform's words, kept as they come) */
  char           *message_id;   /* MESSAGE */
  char           *text;         /* MESSAGE */
  int             rating;       /* RATED: 1 … 5 */
  char           *closed_by;    /* CLOSED: "buyer" or "agent" */
} SdChatEvent;

typedef enum
{
  SD_CHAT_CHANNEL_DISCONNECTED,
  SD_CHAT_CHANNEL_CONNECTING,   /* connecting, or waiting to reconnect */
  SD_CHAT_CHANNEL_CONNECTED,
} SdChatChannelState;

struct _SdChatChannelInterface
{
  GTypeInterface parent_iface;

  void                (*connect_async)      (SdChatChannel        *self,
                                             gint64                after_seq,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
  gboolean            (*connect_finish)     (SdChatChannel        *self,
                                             GAsyncResult         *result,
                                             GError              **error);
  void                (*close)              (SdChatChannel        *self);
  void                (*send_message_async) (SdChatChannel        *self,
                                             const char           *chat_id,
                                             const char           *client_id,
                                             const char           *text,
                                             const char           *agent,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
  char               *(*send_message_finish) (SdChatChannel       *self,
                                             GAsyncResult         *result,
                                             gint64               *out_at,
                                             GError              **error);
  void                (*close_chat_async)   (SdChatChannel        *self,
                                             const char           *chat_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
  gboolean            (*close_chat_finish)  (SdChatChannel        *self,
                                             GAsyncResult         *result,
                                             GError              **error);
  SdChatChannelState  (*get_state)          (SdChatChannel        *self);
  const GError       *(*get_error)          (SdChatChannel        *self);
};

/* Connects and asks for the events after AFTER_SEQ (0: all the platform still has). Done
 * once connected; an error when the first attempt fails (SD_ERROR_AUTH_FAILED: the token is
 * refused; SD_ERROR_NETWORK: unreachable) — then the channel is DISCONNECTED and does not
 * retry. Once connected, it reconnects by itself after a drop, with back-off. */
void                sd_chat_channel_connect_async       (SdChatChannel        *self,
                                                         gint64                after_seq,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean            sd_chat_channel_connect_finish      (SdChatChannel        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
/* Disconnects for good; what is still unconfirmed fails with G_IO_ERROR_CANCELLED. */
void                sd_chat_channel_close               (SdChatChannel        *self);

/* Sends the agent's TEXT to CHAT_ID, signed AGENT (the agent's name, as the buyer sees
 * it). CLIENT_ID is the caller's id of this message, unique and kept with it: sent again
 * after a reconnect, the platform recognises it and the buyer sees it once. Works while
 * reconnecting (sent once connected). Finishes with the platform's message id (and its
 * time in OUT_AT); errors: SD_ERROR_NOT_FOUND (no such chat), SD_ERROR_CONFLICT (the chat
 * is closed), SD_ERROR_INVALID_INPUT (empty text), G_IO_ERROR_CANCELLED (close ()). */
void                sd_chat_channel_send_message_async  (SdChatChannel        *self,
                                                         const char           *chat_id,
                                                         const char           *client_id,
                                                         const char           *text,
                                                         const char           *agent,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
char               *sd_chat_channel_send_message_finish (SdChatChannel        *self,
                                                         GAsyncResult         *result,
                                                         gint64               *out_at,
                                                         GError              **error);
/* Ends CHAT_ID from the agent's side (the buyer is then asked to rate: a CLOSED and later a
 * RATED event follow). Closing a closed chat is no error. */
void                sd_chat_channel_close_chat_async    (SdChatChannel        *self,
                                                         const char           *chat_id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean            sd_chat_channel_close_chat_finish   (SdChatChannel        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

SdChatChannelState  sd_chat_channel_get_state           (SdChatChannel        *self);
/* Why the channel is not connected (for people); NULL when it is, or was closed. */
const GError       *sd_chat_channel_get_error           (SdChatChannel        *self);

/* For implementations: hand EVENT to the "event" handlers; say the state changed. */
void                sd_chat_channel_emit_event          (SdChatChannel        *self,
                                                         const SdChatEvent    *event);
void                sd_chat_channel_emit_state_changed  (SdChatChannel        *self);

GType               sd_chat_event_get_type              (void) G_GNUC_CONST;
#define SD_TYPE_CHAT_EVENT (sd_chat_event_get_type ())
SdChatEvent        *sd_chat_event_new                   (SdChatEventKind       kind);
SdChatEvent        *sd_chat_event_copy                  (const SdChatEvent    *event);
void                sd_chat_event_free                  (SdChatEvent          *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdChatEvent, sd_chat_event_free)

G_END_DECLS
