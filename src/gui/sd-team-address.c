/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-team-address"

#include "sd-i18n.h"

#include <string.h>

#include "sd-db.h"
#include "sd-team.h"
#include "sd-team-address.h"

GtkWidget *
sd_team_address_row_new (const char *url)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, "team_address_row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Address (postgresql://user@server/database)"));
  gtk_editable_set_text (GTK_EDITABLE (row), url != NULL ? url : "");
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  return row;
}

GtkWidget *
sd_team_password_row_new (void)
{
  GtkWidget *row = adw_password_entry_row_new ();

  gtk_widget_set_name (row, "team_password_row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Password (if the server asks for one)"));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  return row;
}

void
sd_team_password_free (char *password)
{
  if (password == NULL)
    return;
  memset (password, 0, strlen (password));
  g_free (password);
}

/* A password typed into *URL goes where the password field's would, unless that one has
 * its own: the address, which is remembered and shown (tooltips, settings), keeps none. */
static void
take_password_out (char **url,
                   char **password)
{
  g_autofree char *shown = sd_team_url_for_display (*url);
  const char *user_start, *colon, *at;
  g_autofree char *escaped = NULL;

  if (g_strcmp0 (shown, *url) == 0)
    return;
  user_start = strstr (*url, "://") + 3;
  at = strchr (user_start, '@');
  colon = strchr (user_start, ':');
  escaped = g_strndup (colon + 1, (gsize) (at - colon - 1));
  if (**password == '\0')
    {
      g_free (*password);
      *password = g_uri_unescape_string (escaped, NULL);
      if (*password == NULL)
        *password = g_strdup ("");
    }
  memset (escaped, 0, strlen (escaped));
  sd_team_password_free (*url);
  *url = g_steal_pointer (&shown);
}

gboolean
sd_team_address_read (GtkEditable  *address,
                      GtkEditable  *password,
                      char        **out_url,
                      char        **out_password,
                      char        **out_problem)
{
  g_return_val_if_fail (GTK_IS_EDITABLE (address) && GTK_IS_EDITABLE (password), FALSE);
  g_return_val_if_fail (out_url != NULL && out_password != NULL && out_problem != NULL, FALSE);

  *out_url = g_strstrip (g_strdup (gtk_editable_get_text (address)));
  *out_password = g_strdup (gtk_editable_get_text (password));
  *out_problem = NULL;
  take_password_out (out_url, out_password);
  if (sd_db_is_team_url (*out_url))
    return TRUE;
  *out_problem = g_strdup (_("Give the database's address, starting with postgresql://, like "
                             "postgresql://shop@server/shop."));
  return FALSE;
}
