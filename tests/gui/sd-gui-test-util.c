/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>
#include <locale.h>

#include "sd-customer-row.h"
#include "sd-customers-page.h"
#include "sd-demo-shop.h"
#include "sd-gui-test-util.h"
#include "sd-login-page.h"
#include "sd-password-dialog.h"
#include "sd-shop.h"
#include "sd-test-util.h"

void
sd_gui_test_init (int    *argc,
                  char ***argv)
{
  const char *po = g_getenv ("SHOPDESK_PO_DIR");

  setlocale (LC_ALL, "");
  if (po != NULL)
    bindtextdomain (GETTEXT_PACKAGE, po);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* As main.c does: templates translate through the default domain, so a run with
   * LANGUAGE=zh_CN (screenshots) shows the window as a Chinese user sees it. */
  textdomain (GETTEXT_PACKAGE);
  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      exit (77);
    }
  adw_init ();
}

char *
sd_gui_test_make_demo (guint n_customers)
{
  g_autofree char *dir = NULL;
  char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = sd_test_new_temp_shop (&dir, &path);

  /* A fixed "now" so that every run draws the same shop. */
  sd_demo_shop_fill (session, n_customers, n_customers * 5, 7, 1763740800, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return path;
}

static gboolean
window_drawn (gpointer data)
{
  GtkWidget *window = data;

  return gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0;
}

gboolean
sd_gui_test_list_ready (gpointer data)
{
  SdWindow *window = data;
  GtkWidget *page = sd_window_get_customers_page (window);
  GtkWidget *view = sd_gui_test_find (page, GTK_TYPE_COLUMN_VIEW, NULL);
  GtkSelectionModel *model = gtk_column_view_get_model (GTK_COLUMN_VIEW (view));
  GtkWidget *spinner = sd_gui_test_find (page, GTK_TYPE_SPINNER, NULL);

  return !gtk_widget_get_visible (spinner) &&
         (g_list_model_get_n_items (G_LIST_MODEL (model)) > 0 ||
          sd_customers_page_get_total (SD_CUSTOMERS_PAGE (page)) == 0);
}

typedef struct
{
  SdWindow  *window;
  GtkWidget *error;
} LoginWait;

static gboolean
login_answered (gpointer data)
{
  LoginWait *wait = data;

  return sd_window_get_session (wait->window) != NULL ||
         sd_gui_test_find_toplevel (SD_TYPE_PASSWORD_DIALOG) != NULL ||
         gtk_widget_get_visible (wait->error);
}

gboolean
sd_gui_test_log_in (SdWindow   *window,
                    const char *name,
                    const char *password)
{
  GtkWidget *page = sd_gui_test_find (GTK_WIDGET (window), SD_TYPE_LOGIN_PAGE, NULL);
  LoginWait wait = { window, NULL };

  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page) || !gtk_widget_get_mapped (GTK_WIDGET (window)));
  wait.error = sd_gui_test_find (page, GTK_TYPE_LABEL, "login_error");
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_find (page, ADW_TYPE_ENTRY_ROW, "name_row")), name);
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_find (page, ADW_TYPE_PASSWORD_ENTRY_ROW, "password_row")),
                         password);
  g_signal_emit_by_name (sd_gui_test_find (page, GTK_TYPE_BUTTON, "login_button"), "clicked");
  /* Argon2 takes a moment, on a worker thread. */
  g_assert_true (sd_gui_test_wait_for (login_answered, &wait, 20000));
  return sd_window_get_session (window) != NULL;
}

void
sd_gui_test_present (GtkWindow *window)
{
  gtk_window_present (window);
  /* The first frame waits for the renderer to start: seconds under Xvfb's software GL. */
  g_assert_true (sd_gui_test_wait_for (window_drawn, window, 20000));
}

SdWindow *
sd_gui_test_open_login (const char *path,
                        SdSettings *settings)
{
  SdWindow *window = sd_window_new (NULL, settings);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_assert_true (sd_window_open_shop (window, path));
  sd_gui_test_present (GTK_WINDOW (window));
  return window;
}

SdWindow *
sd_gui_test_open_window_as (const char *path,
                            const char *name,
                            const char *password)
{
  g_autoptr(SdSettings) settings = sd_settings_new ();
  SdWindow *window = sd_gui_test_open_login (path, settings);

  /* Nothing of the shop before a login. */
  g_assert_null (sd_window_get_session (window));
  g_assert_true (sd_gui_test_log_in (window, name, password));
  g_assert_true (sd_gui_test_wait_for (sd_gui_test_list_ready, window, 10000));
  sd_gui_test_spin (100);
  return window;
}

SdWindow *
sd_gui_test_open_window (const char *path)
{
  return sd_gui_test_open_window_as (path, SD_TEST_OWNER, SD_TEST_PASSWORD);
}

typedef struct
{
  gboolean (*check) (gpointer data);
  gpointer data;
  gboolean timed_out;
} Wait;

static gboolean
timeout_cb (gpointer data)
{
  ((Wait *) data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
sd_gui_test_wait_for (gboolean (*check) (gpointer data),
                      gpointer   data,
                      guint      timeout_ms)
{
  Wait wait = { check, data, FALSE };
  guint id = g_timeout_add (timeout_ms, timeout_cb, &wait);

  while (!check (data) && !wait.timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!wait.timed_out)
    g_source_remove (id);
  return check (data);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
sd_gui_test_spin (guint ms)
{
  sd_gui_test_wait_for (never, NULL, ms);
}

GtkWidget *
sd_gui_test_find (GtkWidget  *root,
                  GType       type,
                  const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      const char *id = GTK_IS_BUILDABLE (root) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)) : NULL;
      if (name == NULL || g_strcmp0 (gtk_widget_get_name (root), name) == 0 || g_strcmp0 (id, name) == 0)
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sd_gui_test_find (child, type, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
sd_gui_test_get (gpointer    root,
                 GType       type,
                 const char *name)
{
  GtkWidget *widget = sd_gui_test_find (GTK_WIDGET (root), type, name);

  g_assert_nonnull (widget);
  return widget;
}

void
sd_gui_test_shot (GtkWindow  *window,
                  const char *dir,
                  const char *name)
{
  static const int sizes[][2] = { { 1280, 800 }, { 1024, 600 } };

  if (dir == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s-%dx%d.png", dir, name, sizes[i][0], sizes[i][1]);
      g_autofree char *size = g_strdup_printf ("%dx%d+0+0", sizes[i][0], sizes[i][1]);
      const char *argv[] = { "import", "-window", "root", "-crop", size, path, NULL };
      g_autoptr(GError) error = NULL;

      gtk_window_set_default_size (window, sizes[i][0], sizes[i][1]);
      sd_gui_test_spin (800);
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

void
sd_gui_test_destroy_window (GtkWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (window);
  sd_gui_test_wait_for (window_gone, &weak, 5000);
  if (weak != NULL)
    g_object_remove_weak_pointer (G_OBJECT (window), &weak);
}

void
sd_gui_test_close_window (SdWindow *window)
{
  sd_gui_test_destroy_window (GTK_WINDOW (window));
}

void
sd_gui_test_shop_set_up (SdGuiTestShop *shop,
                         GtkWidget     *page)
{
  shop->owner = sd_test_new_temp_shop (&shop->dir, &shop->path);
  shop->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (shop->window, 1024, 768);
  gtk_window_set_child (shop->window, page);
}

void
sd_gui_test_destroy_other_windows (GtkWindow *keep)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      GtkWindow *other = g_list_model_get_item (toplevels, i - 1);

      /* The list of toplevels keeps it until it is destroyed. */
      g_object_unref (other);
      if (other != keep)
        sd_gui_test_destroy_window (other);
    }
}

void
sd_gui_test_shop_tear_down (SdGuiTestShop *shop)
{
  sd_gui_test_destroy_other_windows (shop->window);
  sd_gui_test_destroy_window (shop->window);
  g_clear_object (&shop->owner);
  g_clear_pointer (&shop->path, g_free);
  g_clear_pointer (&shop->dir, g_free);
}

GtkWindow *
sd_gui_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

const SdCustomer *
sd_gui_test_row_customer (GListModel *model,
                          guint       position)
{
  g_autoptr(SdCustomerRow) row = g_list_model_get_item (model, position);

  /* The model keeps the row (its page is cached), so the customer outlives this ref. */
  g_assert_nonnull (row);
  return sd_customer_row_get_customer (row);
}

static gboolean
has_toplevel (gpointer data)
{
  return sd_gui_test_find_toplevel ((GType) GPOINTER_TO_SIZE (data)) != NULL;
}

static gboolean
no_toplevel (gpointer data)
{
  return !has_toplevel (data);
}

/* Long enough for a file chooser's first showing under Xvfb. */
#define TOPLEVEL_TIMEOUT_MS 10000

GtkWindow *
sd_gui_test_wait_toplevel (GType type)
{
  g_assert_true (sd_gui_test_wait_for (has_toplevel, GSIZE_TO_POINTER (type), TOPLEVEL_TIMEOUT_MS));
  return sd_gui_test_find_toplevel (type);
}

gboolean
sd_gui_test_wait_no_toplevel (GType type)
{
  return sd_gui_test_wait_for (no_toplevel, GSIZE_TO_POINTER (type), TOPLEVEL_TIMEOUT_MS);
}

typedef struct
{
  GtkWindow  *chooser;
  const char *path;
} ChooserWait;

static gboolean
chooser_has_file (gpointer data)
{
  ChooserWait *wait = data;
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (wait->chooser));
  g_autofree char *path = file ? g_file_get_path (file) : NULL;

  return g_strcmp0 (path, wait->path) == 0;
}

void
sd_gui_test_save_in_chooser (const char *path)
{
  ChooserWait wait = { NULL, path };

  wait.chooser = sd_gui_test_wait_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (wait.chooser), path);
  g_assert_true (sd_gui_test_wait_for (chooser_has_file, &wait, 10000));
  gtk_widget_activate (gtk_dialog_get_widget_for_response (GTK_DIALOG (wait.chooser), GTK_RESPONSE_ACCEPT));
}
