/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sd-quick-replies.h"
#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_QUICK_REPLY_POPOVER (sd_quick_reply_popover_get_type ())
G_DECLARE_FINAL_TYPE (SdQuickReplyPopover, sd_quick_reply_popover, SD, QUICK_REPLY_POPOVER, GtkPopover)

/* The quick replies (快捷短语) the agent sees, grouped by their group, for the composer.
 * Two ways: browsing (a search entry over every reply, the popover takes the focus), or
 * completing a "/shortcut" typed in the composer (no entry, the focus stays in the
 * composer, which moves the selection and picks with sd_quick_reply_popover_move () and
 * _activate ()).
 *
 * Signal "picked" (SdQuickReply *reply): the reply chosen, by click, Enter or Tab. */
GtkWidget *sd_quick_reply_popover_new      (gboolean             completion);
void       sd_quick_reply_popover_set_session (SdQuickReplyPopover *self,
                                            SdSession           *session);
/* Completion: the replies whose shortcut starts with PREFIX ("/" included or not); how
 * many there are. */
guint      sd_quick_reply_popover_complete (SdQuickReplyPopover *self,
                                            const char          *prefix);
/* Moves the selection by DELTA rows (wrapping). */
void       sd_quick_reply_popover_move     (SdQuickReplyPopover *self,
                                            int                  delta);
/* Picks the selected reply; FALSE when none is selected. */
gboolean   sd_quick_reply_popover_activate (SdQuickReplyPopover *self);
/* How many replies are listed. */
guint      sd_quick_reply_popover_get_n_items (SdQuickReplyPopover *self);

G_END_DECLS
