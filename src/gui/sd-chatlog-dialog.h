/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-window.h"

G_BEGIN_DECLS

#define SD_TYPE_CHATLOG_DIALOG (sd_chatlog_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdChatlogDialog, sd_chatlog_dialog, SD, CHATLOG_DIALOG, AdwWindow)

/* Import a Chat Log: a CSV of messages kept in Qianniu or another console (sd-chatlog.h)
 * becomes closed conversations that the KPIs count. Choose the file and its encoding, run
 * it on a worker thread with a progress bar and Stop, then the counts and every rejected
 * row. The import is one of WINDOW's jobs: closing the window asks first. FILE: chosen
 * already (NULL: none yet). */
void sd_chatlog_dialog_present (SdWindow *window,
                                GFile    *file);

G_END_DECLS
