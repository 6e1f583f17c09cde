/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-chat-channel.h"

G_DEFINE_INTERFACE (SdChatChannel, sd_chat_channel, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (SdChatEvent, sd_chat_event, sd_chat_event_copy, sd_chat_event_free)

enum
{
  SIGNAL_EVENT,
  SIGNAL_STATE_CHANGED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void
sd_chat_channel_default_init (SdChatChannelInterface *iface)
{
  /* SdChatChannel::event (const SdChatEvent *event): each event once, in seq order. */
  signals[SIGNAL_EVENT] = g_signal_new ("event", G_TYPE_FROM_INTERFACE (iface),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1,
                                        SD_TYPE_CHAT_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* SdChatChannel::state-changed: read sd_chat_channel_get_state () and get_error (). */
  signals[SIGNAL_STATE_CHANGED] = g_signal_new ("state-changed", G_TYPE_FROM_INTERFACE (iface),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 0);
}

void
sd_chat_channel_connect_async (SdChatChannel       *self,
                               gint64               after_seq,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (SD_IS_CHAT_CHANNEL (self));
  g_return_if_fail (after_seq >= 0);

  SD_CHAT_CHANNEL_GET_IFACE (self)->connect_async (self, after_seq, cancellable, callback,
                                                   user_data);
}

gboolean
sd_chat_channel_connect_finish (SdChatChannel  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (SD_IS_CHAT_CHANNEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return SD_CHAT_CHANNEL_GET_IFACE (self)->connect_finish (self, result, error);
}

void
sd_chat_channel_close (SdChatChannel *self)
{
  g_return_if_fail (SD_IS_CHAT_CHANNEL (self));

  SD_CHAT_CHANNEL_GET_IFACE (self)->close (self);
}

void
sd_chat_channel_send_message_async (SdChatChannel       *self,
                                    const char          *chat_id,
                                    const char          *client_id,
                                    const char          *text,
                                    const char          *agent,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (SD_IS_CHAT_CHANNEL (self));
  g_return_if_fail (chat_id != NULL && client_id != NULL && *client_id != '\0');
  g_return_if_fail (text != NULL && agent != NULL);

  SD_CHAT_CHANNEL_GET_IFACE (self)->send_message_async (self, chat_id, client_id, text, agent,
                                                        cancellable, callback, user_data);
}

char *
sd_chat_channel_send_message_finish (SdChatChannel  *self,
                                     GAsyncResult   *result,
                                     gint64         *out_at,
                                     GError        **error)
{
  g_return_val_if_fail (SD_IS_CHAT_CHANNEL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return SD_CHAT_CHANNEL_GET_IFACE (self)->send_message_finish (self, result, out_at, error);
}

void
sd_chat_channel_close_chat_async (SdChatChannel       *self,
                                  const char          *chat_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (SD_IS_CHAT_CHANNEL (self));
  g_return_if_fail (chat_id != NULL);

  SD_CHAT_CHANNEL_GET_IFACE (self)->close_chat_async (self, chat_id, cancellable, callback,
                                                      user_data);
}

gboolean
sd_chat_channel_close_chat_finish (SdChatChannel  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (SD_IS_CHAT_CHANNEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return SD_CHAT_CHANNEL_GET_IFACE (self)->close_chat_finish (self, result, error);
}

SdChatChannelState
sd_chat_channel_get_state (SdChatChannel *self)
{
  g_return_val_if_fail (SD_IS_CHAT_CHANNEL (self), SD_CHAT_CHANNEL_DISCONNECTED);

  return SD_CHAT_CHANNEL_GET_IFACE (self)->get_state (self);
}

const GError *
sd_chat_channel_get_error (SdChatChannel *self)
{
  g_return_val_if_fail (SD_IS_CHAT_CHANNEL (self), NULL);

  return SD_CHAT_CHANNEL_GET_IFACE (self)->get_error (self);
}

void
sd_chat_channel_emit_event (SdChatChannel     *self,
                            const SdChatEvent *event)
{
  g_return_if_fail (SD_IS_CHAT_CHANNEL (self));
  g_return_if_fail (event != NULL);

  g_signal_emit (self, signals[SIGNAL_EVENT], 0, event);
}

void
sd_chat_channel_emit_state_changed (SdChatChannel *self)
{
  g_return_if_fail (SD_IS_CHAT_CHANNEL (self));

  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0);
}

SdChatEvent *
sd_chat_event_new (SdChatEventKind kind)
{
  SdChatEvent *event = g_new0 (SdChatEvent, 1);

  event->kind = kind;
  return event;
}

SdChatEvent *
sd_chat_event_copy (const SdChatEvent *event)
{
  SdChatEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_memdup2 (event, sizeof *event);
  copy->chat_id = g_strdup (event->chat_id);
  copy->buyer_nick = g_strdup (event->buyer_nick);
  copy->buyer_uid = g_strdup (event->buyer_uid);
  copy->order_id = g_strdup (event->order_id);
  copy->after_sales = g_strdup (event->after_sales);
  copy->message_id = g_strdup (event->message_id);
  copy->text = g_strdup (event->text);
  copy->closed_by = g_strdup (event->closed_by);
  return copy;
}

void
sd_chat_event_free (SdChatEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->chat_id);
  g_free (event->buyer_nick);
  g_free (event->buyer_uid);
  g_free (event->order_id);
  g_free (event->after_sales);
  g_free (event->message_id);
  g_free (event->text);
  g_free (event->closed_by);
  g_free (event);
}
