/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-window"

#include <glib/gi18n.h>

#include "sd-customers-page.h"
#include "sd-export-dialog.h"
#include "sd-format.h"
#include "sd-import-wizard.h"
#include "sd-shop.h"
#include "sd-values.h"
#include "sd-welcome-page.h"
#include "sd-window.h"

struct _SdWindow
{
  AdwApplicationWindow  parent_instance;

  SdSettings           *settings;
  SdSession            *session;
  GPtrArray            *jobs;          /* GCancellable *, work that is running */
  gboolean              close_when_idle;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  SdWelcomePage        *welcome_page;
  AdwLeaflet           *leaflet;
  AdwWindowTitle       *shop_title;
  GtkListBox           *sidebar_list;
  GtkListBoxRow        *customers_row;
  GtkLabel             *customers_count;
  GtkStack             *content_stack;
  SdCustomersPage      *customers_page;
};

G_DEFINE_FINAL_TYPE (SdWindow, sd_window, ADW_TYPE_APPLICATION_WINDOW)

/* The remembered size, but never larger than the screen: a 1024×600 laptop gets a
 * window that fits. */
static void
set_default_size (SdWindow *self)
{
  int width = sd_settings_get_window_width (self->settings);
  int height = sd_settings_get_window_height (self->settings);
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  g_autoptr(GdkMonitor) monitor = g_list_model_get_n_items (monitors) > 0
                                  ? g_list_model_get_item (monitors, 0) : NULL;

  if (monitor != NULL)
    {
      GdkRectangle area;
      gdk_monitor_get_geometry (monitor, &area);
      width = MIN (width, area.width);
      height = MIN (height, area.height);
    }
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
}

static void
update_actions (SdWindow *self)
{
  gboolean open = self->session != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-sidebar", open);
}

static void
show_welcome (SdWindow *self)
{
  sd_welcome_page_reset (self->welcome_page);
  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  gtk_window_set_title (GTK_WINDOW (self), _("ShopDesk"));
}

static void
set_session (SdWindow  *self,
             SdSession *session)
{
  g_autofree char *name = NULL;

  g_set_object (&self->session, session);
  sd_customers_page_set_session (self->customers_page, session, self->settings);
  update_actions (self);
  if (session == NULL)
    return;

  name = sd_shop_get_name (session);
  if (*name == '\0')
    {
      g_autofree char *base = g_path_get_basename (sd_db_get_path (sd_session_get_db (session)));
      g_free (name);
      name = g_steal_pointer (&base);
    }
  adw_window_title_set_title (self->shop_title, name);
  /* A shop the CLI made under another locale keeps the default owner name in English. */
  adw_window_title_set_subtitle (self->shop_title,
                                 g_strcmp0 (sd_session_get_staff_name (session), "Shop owner") == 0
                                 ? _("Shop owner") : sd_session_get_staff_name (session));
  gtk_window_set_title (GTK_WINDOW (self), name);
  gtk_stack_set_visible_child_name (self->main_stack, "shop");
  gtk_list_box_select_row (self->sidebar_list, self->customers_row);
  gtk_stack_set_visible_child_name (self->content_stack, "customers");
  /* Folded on a narrow window, the customers come first, not the sidebar. */
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
}

static void
toast (SdWindow   *self,
       const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
welcome_shop_ready_cb (SdWindow   *self,
                       const char *path)
{
  sd_window_open_shop (self, path);
}

static void
leaflet_folded_cb (SdWindow *self)
{
  sd_customers_page_set_folded (self->customers_page, adw_leaflet_get_folded (self->leaflet));
}

static void
sidebar_row_activated_cb (SdWindow      *self,
                          GtkListBoxRow *row)
{
  gtk_stack_set_visible_child_name (self->content_stack, gtk_widget_get_name (GTK_WIDGET (row)));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
customers_count_changed_cb (SdWindow *self)
{
  gint64 total = sd_customers_page_get_total (self->customers_page);
  g_autofree char *text = total >= 0 ? sd_format_count (total) : g_strdup ("");

  gtk_label_set_label (self->customers_count, text);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  if (self->session != NULL)
    sd_import_wizard_present (self, NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  if (self->session != NULL)
    sd_export_dialog_present (self, sd_customers_page_get_query (self->customers_page), NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  gtk_list_box_select_row (self->sidebar_list, self->customers_row);
  gtk_stack_set_visible_child_name (self->content_stack, "customers");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  sd_customers_page_focus_search (self->customers_page);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
new_shop_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  if (self->jobs->len > 0)
    {
      toast (self, _("Wait for the work in progress to finish first."));
      return;
    }
  set_session (self, NULL);
  sd_settings_set_last_database (self->settings, "");
  show_welcome (self);
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  SdWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      if (path != NULL)
        sd_window_open_shop (self, path);
    }
  g_object_unref (dialog);
}

static void
open_shop_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) shops = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "shopdesk", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);

  if (self->jobs->len > 0)
    {
      toast (self, _("Wait for the work in progress to finish first."));
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Open Shop"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (shops, _("Shop databases"));
  gtk_file_filter_add_pattern (shops, "*.db");
  gtk_file_filter_add_pattern (shops, "*.sqlite");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), shops);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   SdWindow         *self)
{
  if (g_strcmp0 (response, "stop") != 0)
    return;

  /* The import stops at the end of its current batch and rolls back the rest of it;
   * the window goes once it has. */
  self->close_when_idle = TRUE;
  for (guint i = 0; i < self->jobs->len; i++)
    g_cancellable_cancel (g_ptr_array_index (self->jobs, i));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static gboolean
sd_window_close_request (GtkWindow *window)
{
  SdWindow *self = SD_WINDOW (window);
  AdwMessageDialog *dialog;

  if (self->jobs->len > 0 && !self->close_when_idle)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Stop and Close?"),
          _("ShopDesk is still working (an import, an export or a demo shop). If you close "
            "now, it stops: an import keeps the rows done so far, and importing the same file "
            "again later completes it without doubles; an export leaves no half-written file.")));
      adw_message_dialog_add_responses (dialog, "cancel", _("_Keep Working"),
                                        "stop", _("_Stop and Close"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "stop", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, "cancel");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (close_response_cb), self);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }
  if (self->jobs->len > 0)
    return TRUE;

  sd_settings_set_window_state (self->settings,
                                gtk_widget_get_width (GTK_WIDGET (self)),
                                gtk_widget_get_height (GTK_WIDGET (self)),
                                gtk_window_is_maximized (window));
  return GTK_WINDOW_CLASS (sd_window_parent_class)->close_request (window);
}

static void
sd_window_dispose (GObject *object)
{
  SdWindow *self = SD_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sd_window_parent_class)->dispose (object);
}

static void
sd_window_finalize (GObject *object)
{
  SdWindow *self = SD_WINDOW (object);

  g_ptr_array_unref (self->jobs);
  G_OBJECT_CLASS (sd_window_parent_class)->finalize (object);
}

static void
sd_window_class_init (SdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sd_window_dispose;
  object_class->finalize = sd_window_finalize;
  window_class->close_request = sd_window_close_request;

  g_type_ensure (SD_TYPE_CUSTOMERS_PAGE);
  g_type_ensure (SD_TYPE_WELCOME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SdWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, customers_count);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, customers_page);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, customers_row);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, shop_title);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, welcome_page);
  gtk_widget_class_bind_template_callback (widget_class, customers_count_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, welcome_shop_ready_cb);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.new-shop", NULL, new_shop_action);
  gtk_widget_class_install_action (widget_class, "win.open-shop", NULL, open_shop_action);
}

static void
sd_window_init (SdWindow *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  sd_import_wizard_install_drop_target (self);
  update_actions (self);
}

SdWindow *
sd_window_new (SdApplication *app,
               SdSettings    *settings)
{
  SdWindow *self;

  g_return_val_if_fail (SD_IS_SETTINGS (settings), NULL);

  self = g_object_new (SD_TYPE_WINDOW, "application", app, NULL);
  self->settings = g_object_ref (settings);
  sd_welcome_page_set_window (self->welcome_page, self);
  set_default_size (self);
  if (sd_settings_get_window_maximized (settings))
    gtk_window_maximize (GTK_WINDOW (self));
  show_welcome (self);
  return self;
}

gboolean
sd_window_open_shop (SdWindow   *self,
                     const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = NULL;
  g_autoptr(SdSession) session = NULL;

  g_return_val_if_fail (SD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  db = sd_db_open (path, &error);
  if (db != NULL)
    {
      sd_db_set_cache_size (db, 2);
      session = sd_session_new_owner (db, &error);
    }
  if (session == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the shop: %s"), error->message);
      toast (self, message);
      if (self->session == NULL)
        show_welcome (self);
      return FALSE;
    }

  set_session (self, session);
  sd_settings_set_last_database (self->settings, sd_db_get_path (db));
  return TRUE;
}

void
sd_window_open_last_shop (SdWindow *self)
{
  const char *last;

  g_return_if_fail (SD_IS_WINDOW (self));

  last = sd_settings_get_last_database (self->settings);
  if (self->session != NULL)
    return;
  if (last != NULL && *last != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    sd_window_open_shop (self, last);
  else
    show_welcome (self);
}

SdSession *
sd_window_get_session (SdWindow *self)
{
  g_return_val_if_fail (SD_IS_WINDOW (self), NULL);
  return self->session;
}

SdSettings *
sd_window_get_settings (SdWindow *self)
{
  g_return_val_if_fail (SD_IS_WINDOW (self), NULL);
  return self->settings;
}

void
sd_window_add_toast (SdWindow *self,
                     AdwToast *toast_)
{
  g_return_if_fail (SD_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast_);
}

void
sd_window_begin_job (SdWindow     *self,
                     GCancellable *cancellable)
{
  g_return_if_fail (SD_IS_WINDOW (self));
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  g_ptr_array_add (self->jobs, g_object_ref (cancellable));
}

void
sd_window_end_job (SdWindow     *self,
                   GCancellable *cancellable)
{
  g_return_if_fail (SD_IS_WINDOW (self));

  g_ptr_array_remove (self->jobs, cancellable);
  if (self->jobs->len == 0 && self->close_when_idle)
    gtk_window_destroy (GTK_WINDOW (self));
}

GtkWidget *
sd_window_get_customers_page (SdWindow *self)
{
  g_return_val_if_fail (SD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->customers_page);
}

void
sd_window_shop_changed (SdWindow *self)
{
  g_return_if_fail (SD_IS_WINDOW (self));
  sd_customers_page_reload (self->customers_page);
}
