/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-conversation"

#include "sd-i18n.h"

#include "sd-conversation.h"

static const char * const state_ids[SD_CONVERSATION_STATE_N] = { "waiting", "open", "closed" };
static const char * const direction_ids[SD_CHAT_DIRECTION_N] = { "in", "out", "system" };
static const char * const send_state_ids[SD_CHAT_SEND_STATE_N] = { "sent", "sending", "failed" };

/* The index of TEXT in IDS, or -1. */
static int
find_id (const char * const *ids,
         int                 n,
         const char         *text)
{
  for (int i = 0; i < n; i++)
    if (g_strcmp0 (ids[i], text) == 0)
      return i;
  return -1;
}

const char *
sd_conversation_state_to_string (SdConversationState state)
{
  g_return_val_if_fail (state < SD_CONVERSATION_STATE_N, NULL);
  return state_ids[state];
}

gboolean
sd_conversation_state_from_string (const char          *text,
                                   SdConversationState *out_state)
{
  int i = find_id (state_ids, SD_CONVERSATION_STATE_N, text);

  if (i < 0)
    return FALSE;
  *out_state = (SdConversationState) i;
  return TRUE;
}

const char *
sd_conversation_state_get_label (SdConversationState state)
{
  switch (state)
    {
    case SD_CONVERSATION_WAITING:
      return _("Waiting");
    case SD_CONVERSATION_OPEN:
      return _("Open");
    case SD_CONVERSATION_CLOSED:
      return _("Closed");
    case SD_CONVERSATION_STATE_N:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sd_chat_direction_to_string (SdChatDirection direction)
{
  g_return_val_if_fail (direction < SD_CHAT_DIRECTION_N, NULL);
  return direction_ids[direction];
}

gboolean
sd_chat_direction_from_string (const char      *text,
                               SdChatDirection *out_direction)
{
  int i = find_id (direction_ids, SD_CHAT_DIRECTION_N, text);

  if (i < 0)
    return FALSE;
  *out_direction = (SdChatDirection) i;
  return TRUE;
}

const char *
sd_chat_send_state_to_string (SdChatSendState state)
{
  g_return_val_if_fail (state < SD_CHAT_SEND_STATE_N, NULL);
  return send_state_ids[state];
}

gboolean
sd_chat_send_state_from_string (const char      *text,
                                SdChatSendState *out_state)
{
  int i = find_id (send_state_ids, SD_CHAT_SEND_STATE_N, text);

  if (i < 0)
    return FALSE;
  *out_state = (SdChatSendState) i;
  return TRUE;
}

SdConversation *
sd_conversation_new (void)
{
  SdConversation *c = g_new0 (SdConversation, 1);

  c->channel = g_strdup ("");
  c->channel_ref = g_strdup ("");
  c->buyer_nick = g_strdup ("");
  c->staff_name = g_strdup ("");
  c->after_sales = g_strdup ("");
  c->platform_order_id = g_strdup ("");
  return c;
}

void
sd_conversation_free (SdConversation *conversation)
{
  if (conversation == NULL)
    return;
  g_free (conversation->channel);
  g_free (conversation->channel_ref);
  g_free (conversation->buyer_nick);
  g_free (conversation->staff_name);
  g_free (conversation->after_sales);
  g_free (conversation->platform_order_id);
  g_clear_pointer (&conversation->messages, g_ptr_array_unref);
  g_clear_pointer (&conversation->events, g_ptr_array_unref);
  g_free (conversation);
}

void
sd_chat_message_free (SdChatMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->text);
  g_free (message->platform_id);
  g_free (message->client_id);
  g_free (message->send_error);
  g_free (message);
}

void
sd_conversation_event_free (SdConversationEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->kind);
  g_free (event->note);
  g_free (event);
}
