/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_QUICK_REPLIES_DIALOG (sd_quick_replies_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdQuickRepliesDialog, sd_quick_replies_dialog, SD, QUICK_REPLIES_DIALOG, AdwWindow)

/* The quick replies (快捷短语) SESSION's account can use, by group, with a search; adds,
 * edits and removes them. Anyone with conversations.own manages their personal replies;
 * shared ones (a department's, the shop's) only a manager (conversations.all or
 * staff.manage), as the core decides: the controls for them are hidden otherwise. */
GtkWidget *sd_quick_replies_dialog_new (GtkWindow *parent,
                                        SdSession *session);

G_END_DECLS
