/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-permission-ui"

#include <glib/gi18n.h>

#include "sd-permission-ui.h"

static GtkWidget *
find_edit_icon (GtkWidget *widget)
{
  if (GTK_IS_IMAGE (widget) && gtk_widget_has_css_class (widget, "edit-icon"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_edit_icon (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
sd_permission_ui_can (SdSession    *session,
                      SdPermission  permission)
{
  g_return_val_if_fail (session == NULL || SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (permission < SD_PERMISSION_N, FALSE);

  return session != NULL && sd_session_can (session, permission);
}

char *
sd_permission_ui_tooltip (SdPermission permission)
{
  g_return_val_if_fail (permission < SD_PERMISSION_N, NULL);

  /* TRANSLATORS: tooltip of a control the account may not use; %s is a permission's
   * name, like “Export customers” */
  return g_strdup_printf (_("Needs the “%s” permission"), sd_permission_get_label (permission));
}

gboolean
sd_permission_ui_explain (GtkWidget    *widget,
                          SdSession    *session,
                          SdPermission  permission,
                          const char   *tooltip)
{
  g_autofree char *missing = NULL;
  gboolean allowed;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  allowed = sd_permission_ui_can (session, permission);
  if (allowed)
    {
      gtk_widget_set_tooltip_text (widget, tooltip);
      return TRUE;
    }
  missing = sd_permission_ui_tooltip (permission);
  gtk_widget_set_tooltip_text (widget, missing);
  return FALSE;
}

void
sd_permission_ui_set_row_editable (AdwEntryRow *row,
                                   gboolean     editable)
{
  GtkWidget *pencil;

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  pencil = find_edit_icon (GTK_WIDGET (row));
  gtk_editable_set_editable (GTK_EDITABLE (row), editable);
  if (pencil != NULL)
    gtk_widget_set_opacity (pencil, editable ? 1.0 : 0.0);
}
