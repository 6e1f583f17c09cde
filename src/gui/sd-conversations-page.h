/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-chat-desk.h"
#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_CONVERSATIONS_PAGE (sd_conversations_page_get_type ())
G_DECLARE_FINAL_TYPE (SdConversationsPage, sd_conversations_page, SD, CONVERSATIONS_PAGE, AdwBin)

/* Where an agent spends the day: their status (Online / Paused / Offline) and load in the
 * header; the queue on the left (their own chats, everyone's with conversations.all;
 * waiting ones first, with the buyer's live waiting time, highlighted past the
 * first-response target); the chat in the middle with the composer and its quick replies;
 * the customer beside it (folds away on a narrow window). Without a chat channel it offers
 * to connect one or to start the demo chat.
 *
 * While the page has a session it keeps the shop's chat channel connected (an SdChatDesk),
 * and announces a new chat with a desktop notification when the window is not active;
 * clicking it (app.show-conversation) brings the window and that chat.
 *
 * Signal "open-case" (gint64 case_id): one of the customer's cases was clicked. */
GtkWidget  *sd_conversations_page_new             (void);
/* The account the page acts as; NULL disconnects and clears it. */
void        sd_conversations_page_set_session     (SdConversationsPage *self,
                                                   SdSession           *session);
void        sd_conversations_page_set_folded      (SdConversationsPage *self,
                                                   gboolean             folded);
/* Shows conversation ID in the thread (selecting it in the queue when it is there). */
void        sd_conversations_page_show_conversation (SdConversationsPage *self,
                                                   gint64               id);
/* The first-response target in seconds (30 by default) past which a waiting buyer is
 * highlighted. */
void        sd_conversations_page_set_response_target (SdConversationsPage *self,
                                                   gint64               seconds);
/* The live link, NULL while none is connected. */
SdChatDesk *sd_conversations_page_get_desk        (SdConversationsPage *self);

/* After another desktop changed the shop: the queue's rows are placed as their chats
 * stand now (the row chosen stays), those gone removed, and the chat shown read again,
 * keeping the reply being written. */
void                 sd_conversations_page_refresh (SdConversationsPage *self);

G_END_DECLS
