/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

/* How a new password and its confirmation stand, as the forms that set one show it live
 * under their rows (a new shop, a demo shop, an old shop's owner, a change of password). */
typedef enum
{
  SD_NEW_PASSWORD_EMPTY,
  SD_NEW_PASSWORD_TOO_SHORT,     /* fewer than SD_PASSWORD_MIN_LENGTH characters */
  SD_NEW_PASSWORD_UNCONFIRMED,   /* the confirmation is empty, or still being typed */
  SD_NEW_PASSWORD_MISMATCH,      /* the confirmation differs */
  SD_NEW_PASSWORD_OK,
} SdNewPasswordState;

SdNewPasswordState sd_new_password_get_state (const char *password,
                                              const char *confirm);
/* The hint for STATE, translated: "3 more characters", "The passwords differ", … */
char              *sd_new_password_get_hint  (SdNewPasswordState state,
                                              const char        *password);
/* Shows the hint in HINT (dim, an error or a success) and marks CONFIRM_ROW when the
 * two differ; whether the pair may be used. */
gboolean           sd_new_password_update    (GtkLabel          *hint,
                                              GtkWidget         *confirm_row,
                                              const char        *password,
                                              const char        *confirm);
/* Why NAME (trimmed) cannot be an owner's account name, in the core's words; NULL when it
 * can, or is still empty. For the forms that set up an owner's account. */
char              *sd_new_owner_name_problem (const char        *name);
/* Overwrites a password copy before freeing it. */
void               sd_password_free          (char              *password);

#define SD_TYPE_PASSWORD_DIALOG (sd_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdPasswordDialog, sd_password_dialog, SD, PASSWORD_DIALOG, AdwWindow)

/* Changes SESSION's password: the current one, the new one twice. FORCED: after a reset
 * by the owner; the dialog cannot be closed, only done or left by logging out.
 * Emits "password-changed" once the new password is set (then closes), and, when forced,
 * "log-out" when the person chooses to log out instead. */
SdPasswordDialog *sd_password_dialog_new (GtkWindow *parent,
                                          SdSession *session,
                                          gboolean   forced);

G_END_DECLS
