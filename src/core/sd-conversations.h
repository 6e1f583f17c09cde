/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-conversation.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* Conversations with buyers: opening one, its messages, who handles it, closing and the
 * buyer's rating. The GUI and the CLI call these; a channel (the simulator's live chat,
 * a chat-log import) feeds them.
 *
 * Who sees what: conversations.all sees and acts on every conversation. conversations.own
 * sees those assigned to the acting account and those waiting, unassigned, in the queue of
 * the account's department (or of no department). Anything else is refused with
 * SD_ERROR_PERMISSION_DENIED (and an audit entry), as if by sd_session_require().
 *
 * Timings kept on the conversation as messages arrive: last_buyer_at / last_agent_at, the
 * counters, and first_response_at: the time of the first 'out' message that follows a
 * buyer's message (an agent's greeting before the buyer wrote does not count). An 'out'
 * message on a waiting conversation assigns it to the agent who wrote it. */

typedef struct
{
  int     state;            /* SdConversationState, or -1: any */
  gint64  staff_id;         /* 0: any */
  gint64  department_id;    /* 0: any */
  gint64  customer_id;      /* 0: any */
  gint64  since;            /* opened_at >= since; 0: from the start */
  gint64  until;            /* opened_at < until; 0: no end */
  /* Keyset paging, newest first: rows strictly after (opened_at, id) = (after_opened_at,
   * after_id) in that order; after_id 0 starts at the top. */
  gint64  after_opened_at;
  gint64  after_id;
  guint   limit;            /* 0: 50 */
} SdConversationFilter;

#define SD_CONVERSATION_FILTER_INIT { .state = -1 }

/* A new waiting conversation with BUYER_NICK on CHANNEL; its customer is the one with that
 * nick on the shop's platform, if any. DEPARTMENT_ID 0: no department's queue.
 * SD_ERROR_CONFLICT when CHANNEL already has CHANNEL_REF; SD_ERROR_INVALID_INPUT for an
 * empty channel or nick. Needs conversations.own. Returns the id, 0 on error. */
gint64          sd_conversations_open      (SdSession           *session,
                                            const char          *channel,
                                            const char          *channel_ref,
                                            const char          *buyer_nick,
                                            gint64               department_id,
                                            GError             **error);
/* A message now. 'out' messages are the acting account's. SD_ERROR_CONFLICT on a closed
 * conversation. Returns the message's id, 0 on error. */
gint64          sd_conversations_add_message (SdSession         *session,
                                            gint64               conversation_id,
                                            SdChatDirection      direction,
                                            const char          *text,
                                            gint64               quick_reply_id,
                                            GError             **error);
/* Gives the conversation to STAFF_ID (an 'assigned' event). Taking a waiting one of one's
 * own queue needs conversations.own; giving one to someone else conversations.all. */
gboolean        sd_conversations_assign    (SdSession           *session,
                                            gint64               conversation_id,
                                            gint64               staff_id,
                                            GError             **error);
/* Hands an open conversation to another agent with NOTE (a 'transferred' event; audited).
 * Its handler or conversations.all may. */
gboolean        sd_conversations_transfer  (SdSession           *session,
                                            gint64               conversation_id,
                                            gint64               to_staff_id,
                                            const char          *note,
                                            GError             **error);
gboolean        sd_conversations_close     (SdSession           *session,
                                            gint64               conversation_id,
                                            GError             **error);
/* The buyer's rating, 1 (worst) to 5 (best); a later rating replaces an earlier one. */
gboolean        sd_conversations_rate      (SdSession           *session,
                                            gint64               conversation_id,
                                            int                  rating,
                                            GError             **error);
/* With its messages and events. SD_ERROR_NOT_FOUND, SD_ERROR_PERMISSION_DENIED. */
SdConversation *sd_conversations_get       (SdSession           *session,
                                            gint64               conversation_id,
                                            GError             **error);
/* A page of the conversations FILTER selects that the session may see, newest first
 * (opened_at, id descending), without messages. */
GPtrArray      *sd_conversations_list      (SdSession           *session,
                                            const SdConversationFilter *filter,
                                            GError             **error);   /* SdConversation * */

/* The staff account NAME (login or full name) names, for choosing an agent: needs
 * conversations.own or reports.own, not staff.manage. SD_ERROR_NOT_FOUND; 0 on error. */
gint64          sd_conversations_find_agent (SdSession          *session,
                                            const char          *name,
                                            GError             **error);

G_END_DECLS
