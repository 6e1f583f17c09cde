/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-message"

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
