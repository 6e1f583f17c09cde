/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sd-application.h"
#include "sd-campaign-composer.h"
#include "sd-customers-page.h"
#include "sd-export-dialog.h"
#include "sd-gui-test-util.h"
#include "sd-login-page.h"
#include "sd-password-dialog.h"
#include "sd-preferences-window.h"
#include "sd-shop.h"
#include "sd-staff.h"
#include "sd-test-util.h"

#define CUSTOMERS 40

typedef struct
{
  char      *path;
  SdSession *owner;      /* the owner on a connection of the test's own */
  SdSettings *settings;
  SdWindow  *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->path = sd_gui_test_make_demo (CUSTOMERS);
  f->owner = sd_test_login_owner (f->path);
  f->settings = sd_settings_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GtkWindow *dialog;

  while ((dialog = sd_gui_test_find_toplevel (SD_TYPE_PASSWORD_DIALOG)) != NULL)
    gtk_window_destroy (dialog);
  if (f->window != NULL)
    sd_gui_test_close_window (f->window);
  g_clear_object (&f->owner);
  g_clear_object (&f->settings);
  g_free (f->path);
}

/* A window on the shop, on its login page, nobody logged in; the settings outlive it, as
 * they do between two starts. */
static SdWindow *
open_login (Fixture *f)
{
  return sd_gui_test_open_login (f->path, f->settings);
}

static const char *
main_page (Fixture *f)
{
  GtkStack *stack = GTK_STACK (sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_STACK, "main_stack"));

  return gtk_stack_get_visible_child_name (stack);
}

static GtkWidget *
login_widget (Fixture    *f,
              GType       type,
              const char *id)
{
  GtkWidget *page = sd_gui_test_find (GTK_WIDGET (f->window), SD_TYPE_LOGIN_PAGE, NULL);
  GtkWidget *widget = sd_gui_test_find (page, type, id);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
login_name (Fixture *f)
{
  return gtk_editable_get_text (GTK_EDITABLE (login_widget (f, ADW_TYPE_ENTRY_ROW, "name_row")));
}

static gint64
customers_total (Fixture *f)
{
  return sd_customers_page_get_total (SD_CUSTOMERS_PAGE (sd_window_get_customers_page (f->window)));
}

static gboolean
has_session (gpointer data)
{
  Fixture *f = data;

  return sd_window_get_session (f->window) != NULL;
}

static gboolean
list_loaded (gpointer data)
{
  Fixture *f = data;
  GtkWidget *view = sd_gui_test_find (sd_window_get_customers_page (f->window), GTK_TYPE_COLUMN_VIEW, NULL);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)))) > 0;
}

/* A staff account LOGIN whose role holds exactly PERMISSIONS, password SD_TEST_PASSWORD. */
static void
add_staff (Fixture         *f,
           const char      *login,
           SdPermissionSet  permissions)
{
  g_autoptr(SdSession) staff = sd_test_staff_session (f->owner, login, permissions);
}

static void
test_login_page_first (Fixture       *f,
                       gconstpointer  data)
{
  f->window = open_login (f);

  /* The shop opened, nothing of it shown: no session, no customers read. */
  g_assert_cmpstr (main_page (f), ==, "login");
  g_assert_null (sd_window_get_session (f->window));
  g_assert_cmpint (customers_total (f), ==, -1);
  g_assert_true (gtk_widget_get_mapped (login_widget (f, ADW_TYPE_PASSWORD_ENTRY_ROW, "password_row")));
  /* Never seen here: the shop's own name, read before any login, and no account offered. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (login_widget (f, GTK_TYPE_LABEL, "shop_label"))), ==, "测试小店");
  g_assert_cmpstr (login_name (f), ==, "");
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *error;

  f->window = open_login (f);
  g_assert_false (sd_gui_test_log_in (f->window, SD_TEST_OWNER, "wrong horse 1"));

  error = login_widget (f, GTK_TYPE_LABEL, "login_error");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error)), !=, "");
  /* Typed again from scratch; the name stays. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (login_widget (f, ADW_TYPE_PASSWORD_ENTRY_ROW, "password_row"))),
                   ==, "");
  g_assert_true (gtk_widget_has_css_class (login_widget (f, ADW_TYPE_PASSWORD_ENTRY_ROW, "password_row"), "error"));
  g_assert_cmpstr (login_name (f), ==, SD_TEST_OWNER);
  /* No shop view. */
  g_assert_cmpstr (main_page (f), ==, "login");
  g_assert_null (sd_window_get_session (f->window));
  g_assert_cmpint (customers_total (f), ==, -1);

  /* Typing again clears the complaint. */
  gtk_editable_set_text (GTK_EDITABLE (login_widget (f, ADW_TYPE_PASSWORD_ENTRY_ROW, "password_row")), "x");
  g_assert_false (gtk_widget_get_visible (error));
}

static void
test_locked_account (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *error;

  add_staff (f, "小李", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  f->window = open_login (f);
  for (int i = 0; i < SD_LOGIN_MAX_FAILURES; i++)
    g_assert_false (sd_gui_test_log_in (f->window, "小李", "not the password"));
  /* Locked now: even the right password is refused, and the page says until when. */
  g_assert_false (sd_gui_test_log_in (f->window, "小李", SD_TEST_PASSWORD));
  error = login_widget (f, GTK_TYPE_LABEL, "login_error");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error)), ":"));
  g_assert_true (gtk_widget_has_css_class (login_widget (f, ADW_TYPE_ENTRY_ROW, "name_row"), "error"));
  g_assert_null (sd_window_get_session (f->window));
}

static void
test_right_password (Fixture       *f,
                     gconstpointer  data)
{
  GtkStack *content;

  f->window = open_login (f);
  g_assert_true (sd_gui_test_log_in (f->window, SD_TEST_OWNER, SD_TEST_PASSWORD));

  g_assert_cmpstr (main_page (f), ==, "shop");
  content = GTK_STACK (sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_STACK, "content_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content), ==, "customers");
  g_assert_true (sd_gui_test_wait_for (list_loaded, f, 10000));
  g_assert_cmpint (customers_total (f), ==, CUSTOMERS);
  g_assert_cmpstr (sd_session_get_staff_name (sd_window_get_session (f->window)), ==, SD_TEST_OWNER);
  /* The account is in the header bar; the shop's name in the title. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "account_label"))),
                   ==, SD_TEST_OWNER);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "测试小店");
}

static void
test_last_user_remembered (Fixture       *f,
                           gconstpointer  data)
{
  add_staff (f, "小王", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  f->window = open_login (f);
  /* The sub-account's part after the colon is enough. */
  g_assert_true (sd_gui_test_log_in (f->window, "小王", SD_TEST_PASSWORD));
  sd_gui_test_close_window (f->window);

  /* The next start: the same person, the shop by its name; only the password to type. */
  f->window = open_login (f);
  g_assert_cmpstr (main_page (f), ==, "login");
  g_assert_cmpstr (login_name (f), ==, "小王");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (login_widget (f, GTK_TYPE_LABEL, "shop_label"))), ==, "测试小店");
  g_assert_nonnull (gtk_window_get_focus (GTK_WINDOW (f->window)));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (f->window)),
                                         login_widget (f, ADW_TYPE_PASSWORD_ENTRY_ROW, "password_row")));
  g_assert_true (sd_gui_test_log_in (f->window, "小王", SD_TEST_PASSWORD));
}

static void
test_full_name_login (Fixture       *f,
                      gconstpointer  data)
{
  add_staff (f, "小张", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  f->window = open_login (f);
  g_assert_true (sd_gui_test_log_in (f->window, "测试小店:小张", SD_TEST_PASSWORD));
  g_assert_cmpstr (sd_session_get_full_name (sd_window_get_session (f->window)), ==, "测试小店:小张");
}

static GtkWidget *
dialog_widget (GtkWindow  *dialog,
               GType       type,
               const char *id)
{
  GtkWidget *widget = sd_gui_test_find (GTK_WIDGET (dialog), type, id);

  g_assert_nonnull (widget);
  return widget;
}

/* 小王's password reset by the owner, and 小王 logging in with it. */
static GtkWindow *
log_in_after_reset (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) staff = sd_test_staff_session (f->owner, "小王", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  GtkWindow *dialog;

  g_assert_true (sd_staff_reset_password (f->owner, sd_session_get_staff_id (staff), "temporary 123", &error));
  g_assert_no_error (error);

  f->window = open_login (f);
  g_assert_false (sd_gui_test_log_in (f->window, "小王", "temporary 123"));
  dialog = sd_gui_test_find_toplevel (SD_TYPE_PASSWORD_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (dialog));
  /* Nothing of the shop until the password is the person's own. */
  g_assert_null (sd_window_get_session (f->window));
  g_assert_cmpstr (main_page (f), !=, "shop");
  g_assert_cmpint (customers_total (f), ==, -1);
  return dialog;
}

static void
test_forced_password_change (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) again = NULL;
  GtkWindow *dialog = log_in_after_reset (f);
  GtkWidget *change = dialog_widget (dialog, GTK_TYPE_BUTTON, "change_button");

  /* It cannot be closed: only done, or left by logging out. */
  gtk_window_close (dialog);
  sd_gui_test_spin (100);
  g_assert_true (sd_gui_test_find_toplevel (SD_TYPE_PASSWORD_DIALOG) == dialog);

  gtk_editable_set_text (GTK_EDITABLE (dialog_widget (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "current_row")), "temporary 123");
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "new_row")), "my own pass 9");
  g_assert_false (gtk_widget_get_sensitive (change));
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "confirm_row")), "my own pass 9");
  g_assert_true (gtk_widget_get_sensitive (change));
  g_signal_emit_by_name (change, "clicked");

  g_assert_true (sd_gui_test_wait_for (has_session, f, 20000));
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_PASSWORD_DIALOG));
  g_assert_cmpstr (main_page (f), ==, "shop");
  g_assert_false (sd_session_must_change_password (sd_window_get_session (f->window)));
  again = sd_session_login (sd_session_get_db (f->owner), "小王", "my own pass 9", &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

static void
test_forced_change_log_out (Fixture       *f,
                            gconstpointer  data)
{
  GtkWindow *dialog = log_in_after_reset (f);

  g_signal_emit_by_name (dialog_widget (dialog, GTK_TYPE_BUTTON, "cancel_button"), "clicked");
  sd_gui_test_spin (100);
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_PASSWORD_DIALOG));
  g_assert_null (sd_window_get_session (f->window));
  g_assert_cmpstr (main_page (f), ==, "login");
  g_assert_true (gtk_widget_get_sensitive (login_widget (f, GTK_TYPE_BUTTON, "login_button")));
  g_assert_cmpstr (login_name (f), ==, "小王");
}

static void
test_log_out (Fixture       *f,
              gconstpointer  data)
{
  f->window = open_login (f);
  g_assert_true (sd_gui_test_log_in (f->window, SD_TEST_OWNER, SD_TEST_PASSWORD));
  g_assert_true (sd_gui_test_wait_for (list_loaded, f, 10000));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.log-out", NULL));
  g_assert_null (sd_window_get_session (f->window));
  g_assert_cmpstr (main_page (f), ==, "login");
  /* Back to the same shop's login, the name kept, the customers gone from the window. */
  g_assert_cmpstr (login_name (f), ==, SD_TEST_OWNER);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (login_widget (f, GTK_TYPE_LABEL, "shop_label"))), ==, "测试小店");
  g_assert_cmpint (customers_total (f), ==, -1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (
                      GTK_COLUMN_VIEW (sd_gui_test_find (sd_window_get_customers_page (f->window), GTK_TYPE_COLUMN_VIEW, NULL))))),
                    ==, 0);

  /* Switching user empties the name for the next person. */
  g_assert_true (sd_gui_test_log_in (f->window, SD_TEST_OWNER, SD_TEST_PASSWORD));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.switch-user", NULL));
  g_assert_null (sd_window_get_session (f->window));
  g_assert_cmpstr (main_page (f), ==, "login");
  g_assert_cmpstr (login_name (f), ==, "");
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Two customers selected: the selection bar comes up with its buttons. */
static void
select_two (Fixture *f)
{
  GtkWidget *page = sd_window_get_customers_page (f->window);
  GtkWidget *view = sd_gui_test_find (page, GTK_TYPE_COLUMN_VIEW, NULL);
  GtkSelectionModel *model = gtk_column_view_get_model (GTK_COLUMN_VIEW (view));

  gtk_selection_model_select_range (model, 0, 2, TRUE);
  g_assert_true (sd_gui_test_wait_for (widget_mapped,
                                       sd_gui_test_find (page, GTK_TYPE_BUTTON, "export_selection_button"),
                                       3000));
}

static void
test_export_needs_permission (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *needs = g_strdup_printf ("“%s”", sd_permission_get_label (SD_PERMISSION_EXPORT_CUSTOMERS));
  GtkWidget *export;

  add_staff (f, "小王", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS) |
                        SD_PERMISSION_BIT (SD_PERMISSION_EDIT_CUSTOMERS));
  f->window = sd_gui_test_open_window_as (f->path, "小王", SD_TEST_PASSWORD);
  select_two (f);

  export = sd_gui_test_find (sd_window_get_customers_page (f->window), GTK_TYPE_BUTTON, "export_selection_button");
  g_assert_false (gtk_widget_get_sensitive (export));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (export), needs));
  /* Tagging is the role's: that button works. */
  g_assert_true (gtk_widget_get_sensitive (sd_gui_test_find (sd_window_get_customers_page (f->window), GTK_TYPE_BUTTON,
                                                             "tag_selection_button")));
  /* The menu's and the shortcut's way in does nothing either. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL);
  sd_gui_test_spin (300);
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_EXPORT_DIALOG));
  sd_gui_test_close_window (f->window);

  /* The owner may: the same button works, with its own tooltip. */
  f->window = sd_gui_test_open_window (f->path);
  select_two (f);
  export = sd_gui_test_find (sd_window_get_customers_page (f->window), GTK_TYPE_BUTTON, "export_selection_button");
  g_assert_true (gtk_widget_get_sensitive (export));
  g_assert_null (strstr (gtk_widget_get_tooltip_text (export), needs));
}

static void
test_masked_phone (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *page, *view, *detail;
  GListModel *model;
  gboolean seen_phone = FALSE;
  guint position = 0;

  add_staff (f, "小王", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  f->window = sd_gui_test_open_window_as (f->path, "小王", SD_TEST_PASSWORD);
  page = sd_window_get_customers_page (f->window);
  view = sd_gui_test_find (page, GTK_TYPE_COLUMN_VIEW, NULL);
  model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      const SdCustomer *c = sd_gui_test_row_customer (model, i);

      g_assert_true (c->contact_masked);
      if (*c->phone != '\0' && !seen_phone)
        {
          g_assert_nonnull (strstr (c->phone, "****"));
          seen_phone = TRUE;
          position = i;
        }
    }
  g_assert_true (seen_phone);

  /* The detail shows it as given, locked, and read only (the role may not edit either). */
  g_signal_emit_by_name (view, "activate", position);
  sd_gui_test_spin (200);
  detail = sd_gui_test_find (page, GTK_TYPE_WIDGET, "detail");
  g_assert_nonnull (strstr (gtk_editable_get_text (GTK_EDITABLE (sd_gui_test_find (detail, ADW_TYPE_ENTRY_ROW, "phone_row"))),
                            "****"));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (sd_gui_test_find (detail, ADW_TYPE_ENTRY_ROW, "phone_row"))));
  g_assert_true (gtk_widget_get_visible (sd_gui_test_find (detail, GTK_TYPE_IMAGE, "phone_lock")));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (sd_gui_test_find (detail, GTK_TYPE_IMAGE, "phone_lock")),
                            sd_permission_get_label (SD_PERMISSION_SEE_CONTACT)));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_find (detail, GTK_TYPE_BUTTON, "save_button")));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_find (detail, GTK_TYPE_BOX, "tag_add_box")));
  sd_gui_test_close_window (f->window);

  /* The owner sees the whole number, and may edit it. */
  f->window = sd_gui_test_open_window (f->path);
  model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (
            sd_gui_test_find (sd_window_get_customers_page (f->window), GTK_TYPE_COLUMN_VIEW, NULL))));
  g_assert_false (sd_gui_test_row_customer (model, position)->contact_masked);
  g_assert_null (strstr (sd_gui_test_row_customer (model, position)->phone, "*"));
}

static void
test_customers_hidden_without_view (Fixture       *f,
                                    gconstpointer  data)
{
  GtkStack *content;

  add_staff (f, "审计", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_AUDIT));
  f->window = open_login (f);
  g_assert_true (sd_gui_test_log_in (f->window, "审计", SD_TEST_PASSWORD));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_LIST_BOX_ROW, "customers_row")));
  content = GTK_STACK (sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_STACK, "content_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content), !=, "customers");
  /* The customers page reads nothing for this account. */
  g_assert_cmpint (customers_total (f), ==, -1);
}

static void
test_claim_old_shop (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *dir = sd_test_make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = NULL;
  GtkWidget *button;

  /* A shop file from before accounts: a database with no account in it. */
  g_free (f->path);
  f->path = g_build_filename (dir, "old.db", NULL);
  db = sd_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (sd_session_shop_has_accounts (db));
  g_clear_pointer (&db, sd_db_unref);

  f->window = open_login (f);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (login_widget (f, GTK_TYPE_STACK, "mode_stack"))), ==,
                   "claim");
  button = login_widget (f, GTK_TYPE_BUTTON, "claim_button");
  gtk_editable_set_text (GTK_EDITABLE (login_widget (f, ADW_TYPE_ENTRY_ROW, "owner_row")), "老板");
  gtk_editable_set_text (GTK_EDITABLE (login_widget (f, ADW_TYPE_PASSWORD_ENTRY_ROW, "new_password_row")), SD_TEST_PASSWORD);
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_editable_set_text (GTK_EDITABLE (login_widget (f, ADW_TYPE_PASSWORD_ENTRY_ROW, "confirm_row")), SD_TEST_PASSWORD);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");

  g_assert_true (sd_gui_test_wait_for (has_session, f, 20000));
  g_assert_cmpstr (sd_session_get_staff_name (sd_window_get_session (f->window)), ==, "老板");
  g_assert_true (sd_session_is_owner (sd_window_get_session (f->window)));
  g_assert_cmpstr (main_page (f), ==, "shop");
}

static void
test_log_out_with_work_running (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GCancellable) job = g_cancellable_new ();
  GtkWindow *ask;

  f->window = sd_gui_test_open_window (f->path);
  sd_window_begin_job (f->window, job);

  /* Asked first, as closing does; keeping on working keeps the session. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.log-out", NULL);
  ask = sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "cancel");
  sd_gui_test_spin (100);
  g_assert_nonnull (sd_window_get_session (f->window));
  g_assert_false (g_cancellable_is_cancelled (job));

  /* Stopping cancels the work and logs out. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.log-out", NULL);
  ask = sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "stop");
  sd_gui_test_spin (100);
  g_assert_true (g_cancellable_is_cancelled (job));
  g_assert_null (sd_window_get_session (f->window));
  g_assert_cmpstr (main_page (f), ==, "login");
  sd_window_end_job (f->window, job);
}

static void
test_shop_name_needs_permission (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *needs = g_strdup_printf ("“%s”", sd_permission_get_label (SD_PERMISSION_CONFIGURE_SHOP));
  GtkWindow *prefs;
  GtkWidget *row;

  add_staff (f, "小王", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  f->window = sd_gui_test_open_window_as (f->path, "小王", SD_TEST_PASSWORD);
  prefs = sd_preferences_window_new (f->settings, sd_window_get_session (f->window));
  gtk_window_set_transient_for (prefs, GTK_WINDOW (f->window));
  gtk_window_present (prefs);
  sd_gui_test_spin (200);
  row = sd_gui_test_find (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "测试小店");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (row)));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row), needs));
  gtk_window_destroy (prefs);
  sd_gui_test_close_window (f->window);

  /* The owner renames the shop there; the window's title follows. */
  f->window = sd_gui_test_open_window (f->path);
  prefs = sd_preferences_window_new (f->settings, sd_window_get_session (f->window));
  gtk_window_set_transient_for (prefs, GTK_WINDOW (f->window));
  gtk_window_present (prefs);
  sd_gui_test_spin (200);
  row = sd_gui_test_find (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (row)));
  gtk_editable_set_text (GTK_EDITABLE (row), "王家小店");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "王家小店");
  gtk_window_destroy (prefs);
}

static void
test_sidebar_page_permission (Fixture       *f,
                              gconstpointer  data)
{
  GtkWidget *row;

  add_staff (f, "小王", SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS));
  f->window = sd_gui_test_open_window (f->path);
  sd_window_add_page (f->window, "audit-test", "Audit Log", "document-properties-symbolic",
                      gtk_label_new ("audit"), SD_PERMISSION_VIEW_AUDIT);
  row = sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_LIST_BOX_ROW, "audit-test");
  g_assert_nonnull (row);
  /* The owner holds every permission: the row is there, and shows its page. */
  g_assert_true (gtk_widget_get_visible (row));
  sd_window_show_page (f->window, "audit-test");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_STACK,
                                                                                  "content_stack"))), ==, "audit-test");

  /* Another account without audit.view: the row goes, and the page shown is one it may see. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.switch-user", NULL));
  g_assert_true (sd_gui_test_log_in (f->window, "小王", SD_TEST_PASSWORD));
  g_assert_false (gtk_widget_get_visible (row));
  g_assert_true (gtk_widget_get_visible (sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_LIST_BOX_ROW, "customers_row")));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_STACK,
                                                                                  "content_stack"))), ==, "customers");
}

/* The one action an accelerator names in the application's table. */
static void
assert_accel (GtkApplication *app,
              const char     *accel,
              const char     *action)
{
  g_auto(GStrv) actions = gtk_application_get_actions_for_accel (app, accel);

  g_assert_cmpuint (g_strv_length (actions), ==, 1);
  g_assert_cmpstr (actions[0], ==, action);
}

static gboolean
message_dialog_shown (gpointer data)
{
  return sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Ctrl+N makes a new one of what the page shown lists, wherever the focus is (the sidebar
 * too); it never signs out of the shop. Ctrl+Shift+N leaves the shop for a new one, and
 * asks first. */
static void
test_new_item_keys (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SdApplication) app = sd_application_new ();
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *row;
  GtkWindow *dialog;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  assert_accel (GTK_APPLICATION (app), "<Control>n", "win.new-item");
  assert_accel (GTK_APPLICATION (app), "<Shift><Control>n", "win.new-shop");

  f->window = sd_gui_test_open_window (f->path);
  /* On the Customers page there is nothing to make: nothing happens. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-item", NULL));
  sd_gui_test_spin (200);
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_CAMPAIGN_COMPOSER));
  g_assert_nonnull (sd_window_get_session (f->window));

  /* The Campaigns page shown, the focus on its sidebar row: a new campaign. */
  sd_window_show_page (f->window, "campaigns");
  row = GTK_LIST_BOX_ROW (sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_LIST_BOX_ROW, "campaigns"));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-item", NULL));
  dialog = sd_gui_test_wait_toplevel (SD_TYPE_CAMPAIGN_COMPOSER);
  g_assert_nonnull (sd_window_get_session (f->window));
  g_assert_cmpstr (main_page (f), ==, "shop");
  sd_gui_test_destroy_window (dialog);

  /* New shop asks; "Cancel" keeps the shop open. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-shop", NULL));
  g_assert_true (sd_gui_test_wait_for (message_dialog_shown, NULL, 3000));
  dialog = sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* A response from code leaves closing to whoever clicks: done here. */
  sd_gui_test_destroy_window (dialog);
  g_assert_nonnull (sd_window_get_session (f->window));
  g_assert_cmpstr (main_page (f), ==, "shop");

  /* Confirmed: signed out, on the welcome page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-shop", NULL));
  g_assert_true (sd_gui_test_wait_for (message_dialog_shown, NULL, 3000));
  dialog = sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "new-shop");
  /* Leaving the shop closes what was open on it, the question too. */
  g_assert_true (sd_gui_test_wait_no_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_null (sd_window_get_session (f->window));
  g_assert_cmpstr (main_page (f), ==, "welcome");
}

static void
test_new_password_state (void)
{
  g_assert_cmpint (sd_new_password_get_state ("", ""), ==, SD_NEW_PASSWORD_EMPTY);
  g_assert_cmpint (sd_new_password_get_state ("1234567", "1234567"), ==, SD_NEW_PASSWORD_TOO_SHORT);
  /* Characters, not bytes: four Chinese characters are too short. */
  g_assert_cmpint (sd_new_password_get_state ("小王小王", "小王小王"), ==, SD_NEW_PASSWORD_TOO_SHORT);
  g_assert_cmpint (sd_new_password_get_state ("12345678", ""), ==, SD_NEW_PASSWORD_UNCONFIRMED);
  g_assert_cmpint (sd_new_password_get_state ("12345678", "1234"), ==, SD_NEW_PASSWORD_UNCONFIRMED);
  g_assert_cmpint (sd_new_password_get_state ("12345678", "1235"), ==, SD_NEW_PASSWORD_MISMATCH);
  g_assert_cmpint (sd_new_password_get_state ("12345678", "123456789"), ==, SD_NEW_PASSWORD_MISMATCH);
  g_assert_cmpint (sd_new_password_get_state ("12345678", "12345678"), ==, SD_NEW_PASSWORD_OK);
}

int
main (int   argc,
      char *argv[])
{
  sd_gui_test_init (&argc, &argv);

  g_test_add_func ("/gui/login/new-password-state", test_new_password_state);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/login/login-page-first", test_login_page_first);
  ADD ("/gui/login/wrong-password", test_wrong_password);
  ADD ("/gui/login/locked-account", test_locked_account);
  ADD ("/gui/login/right-password", test_right_password);
  ADD ("/gui/login/last-user-remembered", test_last_user_remembered);
  ADD ("/gui/login/full-name", test_full_name_login);
  ADD ("/gui/login/forced-password-change", test_forced_password_change);
  ADD ("/gui/login/forced-change-log-out", test_forced_change_log_out);
  ADD ("/gui/login/log-out", test_log_out);
  ADD ("/gui/login/log-out-with-work-running", test_log_out_with_work_running);
  ADD ("/gui/login/shop-name-needs-permission", test_shop_name_needs_permission);
  ADD ("/gui/login/export-needs-permission", test_export_needs_permission);
  ADD ("/gui/login/masked-phone", test_masked_phone);
  ADD ("/gui/login/customers-hidden-without-view", test_customers_hidden_without_view);
  ADD ("/gui/login/sidebar-page-permission", test_sidebar_page_permission);
  ADD ("/gui/login/claim-old-shop", test_claim_old_shop);
  ADD ("/gui/login/new-item-keys", test_new_item_keys);
#undef ADD
  return g_test_run ();
}
