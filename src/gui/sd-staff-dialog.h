/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_STAFF_DIALOG (sd_staff_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdStaffDialog, sd_staff_dialog, SD, STAFF_DIALOG, AdwWindow)

/* Adds a staff account (ACCOUNT_ID 0: login, display name, department, role, initial
 * password) or edits one (display name, department, role; disable or enable; reset the
 * password). The login is never changed. Every change goes through the core with
 * SESSION's account, whose refusals are shown in the dialog; nothing typed is lost.
 * Signal "changed" (a message for a toast, or NULL) after each change that landed. */
SdStaffDialog *sd_staff_dialog_new            (GtkWindow *parent,
                                               SdSession *session,
                                               gint64     account_id);
/* The account edited, or the one just added; 0 before an add. */
gint64         sd_staff_dialog_get_account_id (SdStaffDialog *self);

G_END_DECLS
