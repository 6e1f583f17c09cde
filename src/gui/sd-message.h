/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* How a page or dialog tells how something went: an error stands out and stays, news is
 * quiet and goes. One look for both everywhere, so that people learn it once. */

/* LABEL, a message beside a form, says TEXT: in the error style when ERROR, else dimmed. */
void sd_message_set_label (GtkLabel        *label,
                           const char      *text,
                           gboolean         error);
/* A toast on OVERLAY saying TEXT. An ERROR (a refusal or a failure) stays until dismissed
 * and is shown at once, ahead of any news queued; news goes after a few seconds. */
void sd_message_add_toast (AdwToastOverlay *overlay,
                           const char      *text,
                           gboolean         error);
/* The message group at the top of a form: GROUP shown with its LABEL saying TEXT (as
 * sd_message_set_label () has it), or hidden when TEXT is NULL. */
void sd_message_show_in_group (AdwPreferencesGroup *group,
                               GtkLabel            *label,
                               const char          *text,
                               gboolean             error);

/* The question before a step that is not simply undone (disabling, deleting): on PARENT,
 * HEADING and BODY, "Cancel" (also Escape) and RESPONSE in the destructive style, labelled
 * LABEL. Shown, its "response" connected to CALLBACK for as long as OWNER lives; the dialog,
 * for data the callback reads. */
AdwMessageDialog *sd_message_confirm (GtkWindow  *parent,
                                      const char *heading,
                                      const char *body,
                                      const char *response,
                                      const char *label,
                                      GCallback   callback,
                                      gpointer    owner);

G_END_DECLS
