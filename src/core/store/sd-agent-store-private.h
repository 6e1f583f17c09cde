/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-agents.h"
#include "sd-db-private.h"
#include "sd-router.h"

G_BEGIN_DECLS

/* The SQL of agents' status, the routing rules and the router's reads (sd-agent-store.c). */

/* A waiting, unassigned conversation as the router reads it. */
typedef struct
{
  gint64  id;
  gint64  customer_id;     /* 0: none */
  gint64  department_id;   /* 0: no queue yet */
  char   *buyer_nick;
} SdWaitingConversation;

void         _sd_waiting_conversation_free (SdWaitingConversation *w);

/* The agents (STAFF_ID > 0: only that account, agent or not; DEPARTMENT_ID > 0: only that
 * department's), by department position then login. */
GPtrArray   *_sd_agent_store_list          (SdDb          *db,
                                            gint64         staff_id,
                                            gint64         department_id,
                                            GError       **error);   /* SdAgent * */
gboolean     _sd_agent_store_set_status    (SdDb          *db,
                                            gint64         staff_id,
                                            SdAgentStatus  status,
                                            gint64         at,
                                            GError       **error);
/* 0 keeps a value. */
gboolean     _sd_agent_store_configure     (SdDb          *db,
                                            gint64         staff_id,
                                            int            max_concurrent,
                                            int            weight,
                                            GError       **error);

GPtrArray   *_sd_agent_store_list_rules    (SdDb          *db,
                                            GError       **error);   /* SdRoutingRule * */
gboolean     _sd_agent_store_replace_rules (SdDb          *db,
                                            GPtrArray     *rules,
                                            GError       **error);
gboolean     _sd_agent_store_department_exists (SdDb      *db,
                                            gint64         department_id);

/* Oldest first. */
GPtrArray   *_sd_agent_store_waiting       (SdDb          *db,
                                            GError       **error);   /* SdWaitingConversation * */
/* Whether conversation ID still waits for an agent (another desktop may have routed it). */
gboolean     _sd_agent_store_still_waiting (SdDb          *db,
                                            gint64         id);
/* The text of the buyer's first message, NULL when the buyer has not written. */
char        *_sd_agent_store_first_buyer_text (SdDb       *db,
                                            gint64         conversation_id);
/* Whether conversation CONVERSATION_ID opened with an after-sales state from its channel,
 * or customer CUSTOMER_ID (0: none) has an order being refunded or an open case. */
gboolean     _sd_agent_store_has_after_sales (SdDb        *db,
                                            gint64         conversation_id,
                                            gint64         customer_id);
/* Inside a write transaction: holds agent STAFF_ID's routing state until it ends (a team
 * database's row lock), so that a router counting their open chats waits for a chat being
 * handed to them by hand. Nothing to hold for an account that was never an agent. */
gboolean     _sd_agent_store_lock          (SdDb          *db,
                                            gint64         staff_id,
                                            GError       **error);
/* The online agents of DEPARTMENT_ID who may chat, by staff id, with their routing state. */
GArray      *_sd_agent_store_candidates    (SdDb          *db,
                                            gint64         department_id,
                                            GError       **error);   /* SdRouterCandidate */
/* Writes back each candidate's current and routed. */
gboolean     _sd_agent_store_save_candidates (SdDb        *db,
                                            GArray        *candidates,
                                            GError       **error);
/* Puts a waiting conversation in DEPARTMENT_ID's queue. */
gboolean     _sd_agent_store_queue         (SdDb          *db,
                                            gint64         conversation_id,
                                            gint64         department_id,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdWaitingConversation, _sd_waiting_conversation_free)

G_END_DECLS
