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

/* PREFIX_to_string () and PREFIX_from_string () of an enum TYPE through its table IDS of N
 * stored names: three enums, one pair of functions written once. */
#define DEFINE_ID_STRINGS(Type, prefix, ids, n)                         \
  const char *                                                          \
  prefix##_to_string (Type value)                                       \
  {                                                                     \
    g_return_val_if_fail (value < (n), NULL);                           \
    return ids[value];                                                  \
  }                                                                     \
                                                                        \
  gboolean                                                              \
  prefix##_from_string (const char *text,                               \
                        Type       *out_value)                          \
  {                                                                     \
    int i = find_id (ids, (n), text);                                   \
                                                                        \
    if (i < 0)                                                          \
      return FALSE;                                                     \
    *out_value = (Type) i;                                              \
    return TRUE;                                                        \
  }

DEFINE_ID_STRINGS (SdConversationState, sd_conversation_state, state_ids, SD_CONVERSATION_STATE_N)
DEFINE_ID_STRINGS (SdChatDirection, sd_chat_direction, direction_ids, SD_CHAT_DIRECTION_N)
DEFINE_ID_STRINGS (SdChatSendState, sd_chat_send_state, send_state_ids, SD_CHAT_SEND_STATE_N)

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
