/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sd-conversation.h"

G_BEGIN_DECLS

#define SD_TYPE_CONVERSATION_ROW (sd_conversation_row_get_type ())
G_DECLARE_FINAL_TYPE (SdConversationRow, sd_conversation_row, SD, CONVERSATION_ROW, GtkListBoxRow)

/* The moment since which the buyer of CONVERSATION waits for an answer: the buyer's last
 * message when no agent answered after it (the opening of a waiting chat before it has
 * one); 0 when nobody waits (answered, or closed). */
gint64     sd_conversation_waiting_since   (const SdConversation *conversation);
/* "0:42", "12:05", "1:02:03": how long someone waited, as a clock reads. */
char      *sd_conversation_format_wait     (gint64                seconds);

/* A line of the queue: the buyer's nick, the customer (CUSTOMER_LABEL, "" when no
 * customer matched or it may not be read), the last message (PREVIEW), the state and how
 * long the buyer has waited. */
GtkWidget *sd_conversation_row_new         (void);
/* Takes CONVERSATION. */
void       sd_conversation_row_set         (SdConversationRow    *self,
                                            SdConversation       *conversation,
                                            const char           *customer_label,
                                            const char           *preview);
const SdConversation *sd_conversation_row_get_conversation (SdConversationRow *self);
gint64     sd_conversation_row_get_id      (SdConversationRow    *self);
/* The waiting time at NOW; "late" (the error colour) once the buyer waited longer than
 * TARGET seconds. */
void       sd_conversation_row_tick        (SdConversationRow    *self,
                                            gint64                now,
                                            gint64                target);
gboolean   sd_conversation_row_get_late    (SdConversationRow    *self);
/* The label showing the waiting time, for tests. */
GtkLabel  *sd_conversation_row_get_wait_label (SdConversationRow *self);

G_END_DECLS
