/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_SMS_SETTINGS_DIALOG (sd_sms_settings_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdSmsSettingsDialog, sd_sms_settings_dialog, SD, SMS_SETTINGS_DIALOG, AdwWindow)

/* The shop's SMS settings, as the owner edits them: sending hours (shop time), the
 * frequency cap, the opt-out wording, the words the gateway rejects, the price of a billed
 * part and the number test messages go to; and the opted-out numbers, with the import of a
 * list of them. Read and saved on worker threads, each with a session of its own.
 *
 * Changing the settings needs settings.connections (without it they are shown read only);
 * importing opt-outs needs customers.edit. Signal "saved" after a save, then the dialog
 * closes. */
SdSmsSettingsDialog *sd_sms_settings_dialog_new            (GtkWindow           *parent,
                                                            SdSession           *session);
/* Imports the opt-outs of FILE (what the file chooser's answer does), then shows the
 * counts, or the error with its row and column. */
void                 sd_sms_settings_dialog_import_optouts (SdSmsSettingsDialog *self,
                                                            GFile               *file);
/* Whether the settings are being read or saved, or a list imported. */
gboolean             sd_sms_settings_dialog_get_busy       (SdSmsSettingsDialog *self);

G_END_DECLS
