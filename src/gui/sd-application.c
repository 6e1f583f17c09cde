/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-application"

#include <glib/gi18n.h>

#include "sd-application.h"
#include "sd-preferences-window.h"
#include "sd-window.h"

struct _SdApplication
{
  AdwApplication  parent_instance;
  SdSettings     *settings;
};

G_DEFINE_FINAL_TYPE (SdApplication, sd_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the shop database at PATH (default: the last one)"), N_("PATH") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { NULL }
};

static SdWindow *
main_window (SdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (sd_window_new (self, self->settings));
  return SD_WINDOW (window);
}

static void
apply_color_scheme (SdApplication *self)
{
  static const AdwColorScheme schemes[] = {
    [SD_COLOR_SCHEME_DEFAULT] = ADW_COLOR_SCHEME_DEFAULT,
    [SD_COLOR_SCHEME_LIGHT] = ADW_COLOR_SCHEME_FORCE_LIGHT,
    [SD_COLOR_SCHEME_DARK] = ADW_COLOR_SCHEME_FORCE_DARK,
  };
  SdColorScheme scheme = sd_settings_get_color_scheme (self->settings);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), schemes[scheme]);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SdApplication *self = SD_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Through close-request, so that a window with an import running asks first. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  SdApplication *self = SD_APPLICATION (user_data);
  SdWindow *window = main_window (self);
  GtkWindow *prefs = sd_preferences_window_new (self->settings, sd_window_get_session (window));

  gtk_window_set_transient_for (prefs, GTK_WINDOW (window));
  gtk_window_present (prefs);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  SdApplication *self = SD_APPLICATION (user_data);
  const char *developers[] = { _("The ShopDesk developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", main_window (self),
                        "application-name", _("ShopDesk"),
                        "application-icon", SD_APPLICATION_ID,
                        "developer-name", _("The ShopDesk developers"),
                        "version", SHOPDESK_VERSION,
                        "comments", _("Customers, orders and customer service for online shops"),
                        "website", "https://github.com/shopdesk/shopdesk",
                        "issue-url", "https://github.com/shopdesk/shopdesk/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* TRANSLATORS: your name, shown in the About window */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "about", about_activated },
};

static void
sd_application_startup (GApplication *app)
{
  SdApplication *self = SD_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.import", { "<Control>i", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.open-shop", { "<Control>o", NULL } },
    { "win.new-shop", { "<Shift><Control>n", NULL } },
    { "win.new-item", { "<Control>n", NULL } },
    { "win.show-sidebar", { "F9", NULL } },
    { "customer.back", { "<Alt>Left", NULL } },
    { "customer.reload", { "<Control>r", "F5", NULL } },
  };

  G_APPLICATION_CLASS (sd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  self->settings = sd_settings_new ();
  g_signal_connect_object (self->settings, "notify::color-scheme",
                           G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static void
sd_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (main_window (SD_APPLICATION (app))));
}

static int
sd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("shopdesk %s\n", SHOPDESK_VERSION);
      return 0;
    }
  return -1;
}

static int
sd_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  SdApplication *self = SD_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *db = NULL;
  SdWindow *window = main_window (self);

  if (g_variant_dict_lookup (options, "db", "^ay", &db))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, db);
      g_autofree char *path = g_file_get_path (file);
      sd_window_open_shop (window, path);
    }
  else
    sd_window_open_last_shop (window);

  gtk_window_present (GTK_WINDOW (window));
  return 0;
}

static void
sd_application_dispose (GObject *object)
{
  SdApplication *self = SD_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sd_application_parent_class)->dispose (object);
}

static void
sd_application_class_init (SdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sd_application_dispose;
  app_class->startup = sd_application_startup;
  app_class->activate = sd_application_activate;
  app_class->handle_local_options = sd_application_handle_local_options;
  app_class->command_line = sd_application_command_line;
}

static void
sd_application_init (SdApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("ShopDesk: customers, orders and customer service for online shops."));
}

SdApplication *
sd_application_new (void)
{
  return g_object_new (SD_TYPE_APPLICATION,
                       "application-id", SD_APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/shopdesk/ShopDesk",
                       NULL);
}

SdSettings *
sd_application_get_settings (SdApplication *self)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);
  return self->settings;
}
