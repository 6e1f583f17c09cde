/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_CASE_DIALOG (sd_case_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdCaseDialog, sd_case_dialog, SD, CASE_DIALOG, AdwWindow)

/* A modal window on PARENT that opens an after-sales case as SESSION's account: its type,
 * one of the customer's orders (newest first) or none, a title, a first note and who
 * handles it (the acting account unless changed), with the deadline the type gives it.
 * CUSTOMER_ID 0 lets the person find the customer by nick, name or phone; otherwise the
 * case is for that customer. CONVERSATION_ID (0: none) is the chat the case comes from.
 * Mistakes are shown at their field; the core's refusals above the form.
 * Signal "case-opened" (gint64 case_id) once the case is stored; the window then closes. */
GtkWidget *sd_case_dialog_new (GtkWindow *parent,
                               SdSession *session,
                               gint64     customer_id,
                               gint64     conversation_id);
/* Fills ROW with who may handle a case: nobody, the acting account, then the other active
 * agents when SESSION may list them; IDS gets their staff ids in the row's order (0:
 * nobody). The acting account is selected. */
void       sd_case_dialog_fill_handlers (AdwComboRow *row,
                                         SdSession   *session,
                                         GArray      *ids);

G_END_DECLS
