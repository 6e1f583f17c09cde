/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-chat-desk.h"
#include "sd-conversation.h"
#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_CHAT_THREAD (sd_chat_thread_get_type ())
G_DECLARE_FINAL_TYPE (SdChatThread, sd_chat_thread, SD, CHAT_THREAD, GtkBox)

/* One conversation as the agent works it: the messages (the buyer's on the left, the
 * agents' on the right, ShopDesk's own centred, each with its time; a reply not yet
 * confirmed says so, one that failed is marked, with Retry), what happened to it
 * (assigned, transferred, closed, rated), and the composer: Enter sends, Shift+Enter
 * starts a new line, "/" and a shortcut offers the quick replies that fit (Enter, Tab or a
 * click picks one; Escape closes), the quick-reply button browses and searches them all.
 * A picked reply has its placeholders filled from the customer and order before it goes
 * in the composer, and is counted as used when sent.
 *
 * Actions: thread.transfer (to another agent, with a note), thread.close (ends the chat;
 * the buyer is asked to rate), thread.send.
 *
 * Signal "changed" (gint64 conversation_id) after a transfer made here: the desk tells of
 * its own changes ("conversation-changed"), not of this one. */
GtkWidget *sd_chat_thread_new              (void);
/* The account and desk the thread acts with; NULL: it shows but cannot send. */
void       sd_chat_thread_set_desk         (SdChatThread   *self,
                                            SdSession      *session,
                                            SdChatDesk     *desk);
/* Shows CONVERSATION (taken; with its messages and events), whose placeholders are
 * filled with ORDER_ID (0: none). The composer's text stays when it is the same one. */
void       sd_chat_thread_set_conversation (SdChatThread   *self,
                                            SdConversation *conversation,
                                            gint64          order_id);
const SdConversation *sd_chat_thread_get_conversation (SdChatThread *self);
/* The composer, for focus and tests. */
GtkTextView *sd_chat_thread_get_composer   (SdChatThread   *self);
/* Sends what the composer holds (as Enter does). */
void       sd_chat_thread_send             (SdChatThread   *self);

G_END_DECLS
