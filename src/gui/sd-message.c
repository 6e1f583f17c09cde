/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-message"

#include <glib/gi18n.h>

#include "sd-message.h"

void
sd_message_set_label (GtkLabel   *label,
                      const char *text,
                      gboolean    error)
{
  GtkWidget *widget = GTK_WIDGET (label);

  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_label (label, text);
  gtk_widget_add_css_class (widget, error ? "error" : "dim-label");
  gtk_widget_remove_css_class (widget, error ? "dim-label" : "error");
}

void
sd_message_add_toast (AdwToastOverlay *overlay,
                      const char      *text,
                      gboolean         error)
{
  AdwToast *toast;

  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, error ? 0 : 4);
  adw_toast_set_priority (toast, error ? ADW_TOAST_PRIORITY_HIGH : ADW_TOAST_PRIORITY_NORMAL);
  adw_toast_overlay_add_toast (overlay, toast);
}

void
sd_message_show_in_group (AdwPreferencesGroup *group,
                          GtkLabel            *label,
                          const char          *text,
                          gboolean             error)
{
  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));

  sd_message_set_label (label, text != NULL ? text : "", error);
  gtk_widget_set_visible (GTK_WIDGET (group), text != NULL);
}

AdwMessageDialog *
sd_message_confirm (GtkWindow  *parent,
                    const char *heading,
                    const char *body,
                    const char *response,
                    const char *label,
                    GCallback   callback,
                    gpointer    owner)
{
  AdwMessageDialog *dialog;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_OBJECT (owner), NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", callback, owner, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
