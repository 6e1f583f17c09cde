/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-preferences-window"

#include <glib/gi18n.h>

#include "sd-permission-ui.h"
#include "sd-preferences-window.h"
#include "sd-shop.h"
#include "sd-window.h"

struct _SdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;
  SdSettings           *settings;
  SdSession            *session;
  AdwEntryRow          *shop_name_row;
  GtkLabel             *shop_name_error;
};

G_DEFINE_FINAL_TYPE (SdPreferencesWindow, sd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static GtkWidget *
switch_row (SdSettings *settings,
            const char *property,
            const char *title,
            const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_object_bind_property (settings, property, toggle, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  return row;
}

/* A whole number of seconds from MIN to MAX, kept in PROPERTY. */
static GtkWidget *
seconds_row (SdSettings *settings,
             const char *property,
             guint       min,
             guint       max,
             const char *title,
             const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, 5);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (spin, property);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_object_bind_property (settings, property, spin, "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  return row;
}

static GtkWidget *
style_row (SdSettings *settings)
{
  const char *choices[] = { _("Follow the system"), _("Light"), _("Dark"), NULL };
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Style"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (gtk_string_list_new (choices)));
  g_object_bind_property (settings, "color-scheme", row, "selected",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  return row;
}

static GtkWidget *
group (const char *title,
       GtkWidget  *first,
       ...)
{
  GtkWidget *result = adw_preferences_group_new ();
  va_list args;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (result), title);
  va_start (args, first);
  for (GtkWidget *row = first; row != NULL; row = va_arg (args, GtkWidget *))
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (result), row);
  va_end (args);
  return result;
}

static void
shop_name_changed_cb (SdPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->shop_name_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->shop_name_error), FALSE);
}

static void
shop_name_apply_cb (SdPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (!sd_shop_set_name (self->session, gtk_editable_get_text (GTK_EDITABLE (self->shop_name_row)),
                         &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->shop_name_row), "error");
      gtk_label_set_label (self->shop_name_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->shop_name_error), TRUE);
      return;
    }
  if (SD_IS_WINDOW (parent))
    sd_window_shop_changed (SD_WINDOW (parent));
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Shop renamed")));
}

/* The shop's name: for everyone to read, for those with settings.connections to change. */
static GtkWidget *
shop_group (SdPreferencesWindow *self)
{
  GtkWidget *result = adw_preferences_group_new ();
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *error = gtk_label_new (NULL);
  g_autofree char *name = sd_shop_get_name (self->session);
  gboolean may = sd_permission_ui_explain (row, self->session, SD_PERMISSION_CONFIGURE_SHOP, NULL);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (result), _("Shop"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Shop name"));
  gtk_editable_set_text (GTK_EDITABLE (row), name ? name : "");
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  sd_permission_ui_set_row_editable (ADW_ENTRY_ROW (row), may);
  if (!may)
    {
      g_autofree char *missing = sd_permission_ui_tooltip (SD_PERMISSION_CONFIGURE_SHOP);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (result), missing);
    }
  g_signal_connect_object (row, "changed", G_CALLBACK (shop_name_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "apply", G_CALLBACK (shop_name_apply_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (result), row);

  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_widget_set_margin_top (error, 6);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (result), error);

  self->shop_name_row = ADW_ENTRY_ROW (row);
  self->shop_name_error = GTK_LABEL (error);
  return result;
}

static void
sd_preferences_window_dispose (GObject *object)
{
  SdPreferencesWindow *self = SD_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (sd_preferences_window_parent_class)->dispose (object);
}

static void
sd_preferences_window_class_init (SdPreferencesWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sd_preferences_window_dispose;
}

static void
sd_preferences_window_init (SdPreferencesWindow *self)
{
}

GtkWindow *
sd_preferences_window_new (SdSettings *settings,
                           SdSession  *session)
{
  SdPreferencesWindow *self;
  GtkWidget *page = adw_preferences_page_new ();

  g_return_val_if_fail (SD_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (session == NULL || SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_PREFERENCES_WINDOW, "modal", TRUE, "search-enabled", FALSE, NULL);
  self->settings = g_object_ref (settings);
  if (session != NULL)
    self->session = g_object_ref (session);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");
  if (self->session != NULL)
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (shop_group (self)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (
      group (_("Appearance"), style_row (settings), NULL)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (
      group (_("Customer List"),
             switch_row (settings, "relative-dates", _("Relative dates"),
                         _("Show recent dates as “3 days ago”, with the exact time on hover")),
             NULL)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (
      group (_("Conversations"),
             seconds_row (settings, "first-response-target", SD_SETTINGS_MIN_RESPONSE_TARGET,
                          SD_SETTINGS_MAX_RESPONSE_TARGET, _("First-response target"),
                          _("Seconds a buyer may wait for a first answer before the queue marks the chat in red")),
             NULL)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (
      group (_("Import"),
             switch_row (settings, "import-skips-bad-rows", _("Skip bad rows"),
                         _("Import the good rows of a file and list the bad ones; off: a file with a bad row imports nothing")),
             NULL)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
  return GTK_WINDOW (self);
}
