/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-conversations.h"
#include "sd-db-private.h"

G_BEGIN_DECLS

/* The SQL of conversations, their messages and events (sd-conversation-store.c). */

/* The columns of conversation_messages that _sd_conversation_store_read_message () reads,
 * in its order. */
#define SD_MESSAGE_COLUMNS \
  "id, conversation_id, at, direction, coalesce (staff_id, 0), text, coalesce (quick_reply_id, 0), " \
  "platform_message_id, client_id, send_state, send_error"

/* A new SdChatMessage from STMT's row of SD_MESSAGE_COLUMNS (an SdRowReader); its send
 * error only when it failed. */
gpointer        _sd_conversation_store_read_message (SdStmt     *stmt);
/* Inserts C as it is (every column but id); its new id, 0 on error. */
gint64          _sd_conversation_store_insert    (SdDb                 *db,
                                                  const SdConversation *c,
                                                  GError              **error);
/* The first column of the one row STMT (prepared and bound; NULL: none) gives, 0 when
 * there is no row; STMT is reset. */
gint64          _sd_conversation_store_query_int (SdStmt        *stmt);
/* The conversation CHANNEL knows as REF, 0 when none. */
gint64          _sd_conversation_store_find_ref  (SdDb                 *db,
                                                  const char           *channel,
                                                  const char           *ref);
/* The customer with NICK on the shop's platform (the connected store's, else taobao); 0: none. */
gint64          _sd_conversation_store_match_customer (SdDb            *db,
                                                  const char           *nick);
/* The account with that login or full name, its department in *OUT_DEPARTMENT; 0: none. */
gint64          _sd_conversation_store_find_staff (SdDb                *db,
                                                  const char           *name,
                                                  gint64               *out_department);
/* Whether account STAFF_ID exists; its department (0: none) in *OUT_DEPARTMENT. */
gboolean        _sd_conversation_store_staff_department (SdDb          *db,
                                                  gint64                staff_id,
                                                  gint64               *out_department);
/* Stores MESSAGE and keeps the conversation's timings and counters (see sd-conversations.h):
 * an 'out' message on a waiting conversation also assigns it to its writer. Its id, 0 on
 * error. */
gint64          _sd_conversation_store_add_message (SdDb               *db,
                                                  const SdChatMessage  *message,
                                                  GError              **error);
gboolean        _sd_conversation_store_add_event (SdDb                 *db,
                                                  gint64                conversation_id,
                                                  const SdConversationEvent *event,
                                                  GError              **error);
/* Staff, department (0: keep), state 'open' and, when never assigned, assigned_at = AT. */
gboolean        _sd_conversation_store_set_staff (SdDb                 *db,
                                                  gint64                id,
                                                  gint64                staff_id,
                                                  gint64                department_id,
                                                  gint64                at,
                                                  GError              **error);
gboolean        _sd_conversation_store_close     (SdDb                 *db,
                                                  gint64                id,
                                                  gint64                at,
                                                  GError              **error);
gboolean        _sd_conversation_store_rate      (SdDb                 *db,
                                                  gint64                id,
                                                  int                   rating,
                                                  gint64                at,
                                                  GError              **error);
/* Without messages; SD_ERROR_NOT_FOUND when there is none. */
SdConversation *_sd_conversation_store_load      (SdDb                 *db,
                                                  gint64                id,
                                                  GError              **error);
/* The same inside a write transaction, its row held until the transaction ends: another
 * desktop's change of the conversation waits, then reads what this one left. */
SdConversation *_sd_conversation_store_load_locked (SdDb               *db,
                                                  gint64                id,
                                                  GError              **error);
/* Fills C's messages and events. */
gboolean        _sd_conversation_store_load_thread (SdDb               *db,
                                                  SdConversation       *c,
                                                  GError              **error);
/* A page of FILTER; OWN_STAFF > 0 keeps only what that account sees with
 * conversations.own (OWN_DEPARTMENT its department, 0: none). */
GPtrArray      *_sd_conversation_store_list      (SdDb                 *db,
                                                  const SdConversationFilter *filter,
                                                  gint64                own_staff,
                                                  gint64                own_department,
                                                  GError              **error);

G_END_DECLS
