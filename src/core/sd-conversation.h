/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A conversation: one chat with one buyer on one channel (schema 8, conversations).
 * It waits in its department's queue (no agent) until an agent takes it or is given it;
 * it is open while an agent handles it and closed at the end. */
typedef enum
{
  SD_CONVERSATION_WAITING,
  SD_CONVERSATION_OPEN,
  SD_CONVERSATION_CLOSED,
  SD_CONVERSATION_STATE_N
} SdConversationState;

/* Who wrote a message: the buyer ('in'), an agent ('out') or ShopDesk itself ('system'). */
typedef enum
{
  SD_CHAT_IN,
  SD_CHAT_OUT,
  SD_CHAT_SYSTEM,
  SD_CHAT_DIRECTION_N
} SdChatDirection;

/* Where an agent's message sent through a live channel stands (sd-chat-desk.h); messages
 * of other kinds are SD_CHAT_SENT. */
typedef enum
{
  SD_CHAT_SENT,         /* confirmed by the platform (or nothing to send) */
  SD_CHAT_SENDING,      /* stored, not yet confirmed */
  SD_CHAT_SEND_FAILED,  /* refused or unreachable: send_error says why */
  SD_CHAT_SEND_STATE_N
} SdChatSendState;

typedef struct
{
  gint64           id;
  gint64           conversation_id;
  gint64           at;              /* UTC seconds */
  SdChatDirection  direction;
  gint64           staff_id;        /* the agent of an 'out' message; 0 otherwise */
  char            *text;
  gint64           quick_reply_id;  /* 0: typed */
  char            *platform_id;     /* the channel's id of the message; NULL or "": none */
  char            *client_id;       /* ours, for an agent's message sent through a channel; NULL or "" */
  SdChatSendState  send_state;
  char            *send_error;      /* SD_CHAT_SEND_FAILED: why, for people; NULL otherwise */
} SdChatMessage;

/* What happened to a conversation besides its messages (conversation_events). */
typedef struct
{
  gint64  id;
  gint64  at;
  char   *kind;            /* "assigned", "transferred", "closed", "reopened", "rated" */
  gint64  by_staff_id;     /* 0: nobody (an import, the buyer) */
  gint64  from_staff_id;
  gint64  to_staff_id;
  char   *note;
} SdConversationEvent;

typedef struct
{
  gint64               id;
  char                *channel;            /* "sim", "import", … */
  char                *channel_ref;        /* the channel's own id for it; "" when none */
  char                *buyer_nick;
  gint64               customer_id;        /* 0: no customer with that nick */
  gint64               department_id;      /* 0: none */
  gint64               staff_id;           /* 0: waiting in the queue */
  char                *staff_name;         /* the agent's login, "" when none */
  SdConversationState  state;
  gint64               opened_at;
  gint64               assigned_at;        /* 0: never assigned */
  gint64               first_response_at;  /* the first agent reply after a buyer message; 0: none yet */
  gint64               last_buyer_at;
  gint64               last_agent_at;
  gint64               closed_at;
  gint64               buyer_messages;
  gint64               agent_messages;
  int                  rating;             /* 1–5; 0: not rated */
  gint64               rated_at;
  char                *after_sales;        /* the channel's after-sales state when opened
                                            * ("refund_pending", …); "" or "none": none */
  char                *platform_order_id;  /* the buyer's latest order as the channel said; "" */
  GPtrArray           *messages;           /* SdChatMessage *, oldest first; NULL in lists */
  GPtrArray           *events;             /* SdConversationEvent *, oldest first; NULL in lists */
} SdConversation;

const char     *sd_conversation_state_to_string   (SdConversationState  state);
gboolean        sd_conversation_state_from_string (const char          *text,
                                                   SdConversationState *out_state);
/* Translated, for people. */
const char     *sd_conversation_state_get_label   (SdConversationState  state);
const char     *sd_chat_direction_to_string       (SdChatDirection      direction);
gboolean        sd_chat_direction_from_string     (const char          *text,
                                                   SdChatDirection     *out_direction);
const char     *sd_chat_send_state_to_string      (SdChatSendState      state);   /* "sent", "sending", "failed" */
gboolean        sd_chat_send_state_from_string    (const char          *text,
                                                   SdChatSendState     *out_state);

SdConversation *sd_conversation_new               (void);
void            sd_conversation_free              (SdConversation      *conversation);
void            sd_chat_message_free              (SdChatMessage       *message);
void            sd_conversation_event_free        (SdConversationEvent *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdConversation, sd_conversation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdChatMessage, sd_chat_message_free)

G_END_DECLS
