/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-chat-admin"

#include <glib/gi18n.h>

#include "sd-chat-admin.h"
#include "sd-staff.h"

gboolean
sd_chat_admin_is_manager (SdSession *session)
{
  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  return sd_session_can (session, SD_PERMISSION_CONVERSATIONS_ALL) ||
         sd_session_can (session, SD_PERMISSION_MANAGE_STAFF);
}

GPtrArray *
sd_chat_admin_departments (SdSession *session)
{
  GPtrArray *departments;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  /* Listing departments needs customers.view, which a custom chat-only role may lack:
   * the dialogs still work, with numbers for names. */
  departments = sd_departments_list (session, NULL);
  if (departments == NULL)
    departments = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_department_free);
  return departments;
}

int
sd_chat_admin_department_index (GPtrArray *departments,
                                gint64     id)
{
  g_return_val_if_fail (departments != NULL, -1);

  for (guint i = 0; i < departments->len; i++)
    if (((SdDepartment *) g_ptr_array_index (departments, i))->id == id)
      return (int) i;
  return -1;
}

char *
sd_chat_admin_department_name (GPtrArray *departments,
                               gint64     id)
{
  int i;

  g_return_val_if_fail (departments != NULL, NULL);

  if (id == 0)
    return g_strdup (_("No department"));
  i = sd_chat_admin_department_index (departments, id);
  if (i >= 0)
    return g_strdup (((SdDepartment *) g_ptr_array_index (departments, i))->name);
  /* TRANSLATORS: a department the account may not read the name of; %lld is its number */
  return g_strdup_printf (_("Department %lld"), (long long) id);
}

GtkStringList *
sd_chat_admin_department_model (GPtrArray *departments)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  g_return_val_if_fail (departments != NULL, names);

  for (guint i = 0; i < departments->len; i++)
    gtk_string_list_append (names, ((SdDepartment *) g_ptr_array_index (departments, i))->name);
  return names;
}

GtkWidget *
sd_chat_admin_row_button (const char *icon,
                          const char *tooltip,
                          const char *name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  return button;
}
