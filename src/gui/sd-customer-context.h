/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-customer.h"
#include "sd-session.h"
#include "sd-tiers.h"

G_BEGIN_DECLS

#define SD_TYPE_CUSTOMER_CONTEXT (sd_customer_context_get_type ())
G_DECLARE_FINAL_TYPE (SdCustomerContext, sd_customer_context, SD, CUSTOMER_CONTEXT, AdwBin)

/* Beside a chat, who the buyer is: the customer's profile (name, nick, phone — masked
 * unless the account may see it —, grade), latest orders with their state and refund,
 * notes with "Add a note", earlier conversations and cases, and "Open a Case…".
 *
 * Signals: "open-conversation" (gint64 id) and "open-case" (gint64 id) when one of the
 * earlier ones is clicked; "case-opened" (gint64 id) after a case was opened from here. */
GtkWidget *sd_customer_context_new          (void);
void       sd_customer_context_set_session  (SdCustomerContext *self,
                                             SdSession         *session);
/* Shows CUSTOMER_ID (0: a buyer no customer matched, named BUYER_NICK) beside
 * CONVERSATION_ID. */
void       sd_customer_context_show         (SdCustomerContext *self,
                                             gint64             customer_id,
                                             gint64             conversation_id,
                                             const char        *buyer_nick);
/* The customer's latest order (for the quick replies' placeholders); 0: none. */
gint64     sd_customer_context_get_order_id (SdCustomerContext *self);
/* "Wang Fang · 黄金会员": CUSTOMER's name (its nick when it has none) and grade in LADDER
 * (NULL: no grade), as the queue and the profile name them. */
char      *sd_customer_context_format_customer (const SdCustomer   *customer,
                                                const SdTierLadder *ladder);

G_END_DECLS
