/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-conversation.h"
#include "sd-db-private.h"

G_BEGIN_DECLS

/* What the KPIs read (sd-kpi-store.c); sd-kpi.c computes the figures. */

typedef struct
{
  gint64           at;
  SdChatDirection  direction;
} SdKpiMessage;

typedef struct
{
  gint64   id;
  char    *buyer_nick;
  gint64   customer_id;
  gint64   opened_at;
  gint64   first_response_at;
  gint64   buyer_messages;
  gint64   agent_messages;
  int      rating;
  GArray  *messages;          /* SdKpiMessage, in order */
} SdKpiConversation;

void       _sd_kpi_conversation_free (SdKpiConversation *c);

/* The conversations opened in [FROM, TO) of the agent STAFF_ID (0: any) and department
 * DEPARTMENT_ID (0: any), with their messages, by id. */
GPtrArray *_sd_kpi_store_conversations (SdDb    *db,
                                        gint64   staff_id,
                                        gint64   department_id,
                                        gint64   from,
                                        gint64   to,
                                        GError **error);   /* SdKpiConversation * */

typedef struct
{
  gint64 created_at;
  gint64 paid_at;            /* 0: not paid */
  gint64 amount_cents;
} SdKpiOrder;

/* Orders of CUSTOMER_ID created in [SINCE, UNTIL), by creation. */
GPtrArray *_sd_kpi_store_orders        (SdDb    *db,
                                        gint64   customer_id,
                                        gint64   since,
                                        gint64   until,
                                        GError **error);   /* SdKpiOrder * */

typedef struct
{
  gint64 resolved_at;
  gint64 deadline_at;
  gint64 conversation_id;    /* 0: none */
} SdKpiCase;

/* Cases resolved in [FROM, TO) whose agent is STAFF_ID (0: any) or in DEPARTMENT_ID (0: any). */
GPtrArray *_sd_kpi_store_cases         (SdDb    *db,
                                        gint64   staff_id,
                                        gint64   department_id,
                                        gint64   from,
                                        gint64   to,
                                        GError **error);   /* SdKpiCase * */

G_END_DECLS
