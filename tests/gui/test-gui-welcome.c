/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sd-customers-page.h"
#include "sd-gui-test-util.h"
#include "sd-shop.h"
#include "sd-test-util.h"

typedef struct
{
  SdSettings *settings;
  SdWindow   *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *home = sd_test_make_dir ();

  /* A first run: no shop remembered, an empty data folder. */
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  f->settings = sd_settings_new ();
  sd_settings_set_last_database (f->settings, "");
  f->window = sd_window_new (NULL, f->settings);
  sd_window_open_last_shop (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  sd_gui_test_spin (200);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    sd_gui_test_close_window (f->window);
  g_clear_object (&f->settings);
}

static const char *
visible_page (Fixture *f)
{
  GtkStack *stack = GTK_STACK (sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_STACK, "main_stack"));

  return gtk_stack_get_visible_child_name (stack);
}

static gboolean
shop_open (gpointer data)
{
  Fixture *f = data;

  return sd_window_get_session (f->window) != NULL &&
         sd_customers_page_get_total (SD_CUSTOMERS_PAGE (sd_window_get_customers_page (f->window))) >= 0;
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
test_create_my_shop (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *welcome = sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_WIDGET, "welcome_page");
  GtkEditable *shop = GTK_EDITABLE (sd_gui_test_find (welcome, ADW_TYPE_ENTRY_ROW, "shop_name_row"));
  GtkEditable *owner = GTK_EDITABLE (sd_gui_test_find (welcome, ADW_TYPE_ENTRY_ROW, "owner_name_row"));
  GtkEditable *password = GTK_EDITABLE (sd_gui_test_find (welcome, ADW_TYPE_PASSWORD_ENTRY_ROW, "password_row"));
  GtkEditable *confirm = GTK_EDITABLE (sd_gui_test_find (welcome, ADW_TYPE_PASSWORD_ENTRY_ROW, "confirm_row"));
  GtkWidget *hint = sd_gui_test_find (welcome, GTK_TYPE_LABEL, "password_hint");
  GtkWidget *create = sd_gui_test_find (welcome, GTK_TYPE_BUTTON, "create_button");
  GtkStack *empty_stack;
  g_autofree char *name = NULL;

  g_assert_cmpstr (visible_page (f), ==, "welcome");
  click (sd_gui_test_find (welcome, GTK_TYPE_BUTTON, "create_choice"));

  /* Both names and the owner's password, twice, are needed before the button wakes. */
  gtk_editable_set_text (shop, "小王的店");
  g_assert_false (gtk_widget_get_sensitive (create));
  /* An account name the core would refuse is marked as it is typed. */
  gtk_editable_set_text (owner, "王 小明");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (owner), "error"));
  g_assert_true (gtk_widget_get_visible (sd_gui_test_find (welcome, GTK_TYPE_LABEL, "create_error")));
  gtk_editable_set_text (owner, "王小明");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (owner), "error"));
  g_assert_false (gtk_widget_get_sensitive (create));
  /* The rule is shown as it is typed. */
  gtk_editable_set_text (password, "short");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (hint)), "3 more"));
  g_assert_false (gtk_widget_get_sensitive (create));
  gtk_editable_set_text (password, SD_TEST_PASSWORD);
  gtk_editable_set_text (confirm, "correct horse 2");
  g_assert_true (gtk_widget_has_css_class (hint, "error"));
  g_assert_false (gtk_widget_get_sensitive (create));
  gtk_editable_set_text (confirm, SD_TEST_PASSWORD);
  g_assert_false (gtk_widget_has_css_class (hint, "error"));
  click (create);

  /* Made off the main thread (Argon2), then the owner is logged in. */
  g_assert_true (sd_gui_test_wait_for (shop_open, f, 10000));
  g_assert_cmpstr (visible_page (f), ==, "shop");
  name = sd_shop_get_name (sd_window_get_session (f->window));
  g_assert_cmpstr (name, ==, "小王的店");
  g_assert_cmpstr (sd_session_get_staff_name (sd_window_get_session (f->window)), ==, "王小明");
  g_assert_true (sd_session_is_owner (sd_window_get_session (f->window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "小王的店");
  /* Remembered for the next start, with who logged in. */
  g_assert_cmpstr (sd_settings_get_last_database (f->settings), ==,
                   sd_db_get_path (sd_session_get_db (sd_window_get_session (f->window))));
  {
    g_autofree char *last_user = sd_settings_dup_last_user (f->settings, sd_settings_get_last_database (f->settings));
    g_assert_cmpstr (last_user, ==, "王小明");
  }

  /* A new shop says what to do next. */
  empty_stack = GTK_STACK (sd_gui_test_find (sd_window_get_customers_page (f->window), GTK_TYPE_STACK, "list_stack"));
  sd_gui_test_spin (300);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (empty_stack), ==, "empty");
}

static gboolean
demo_listed (gpointer data)
{
  Fixture *f = data;

  return shop_open (f) &&
         sd_customers_page_get_total (SD_CUSTOMERS_PAGE (sd_window_get_customers_page (f->window))) == 1000;
}

/* The demo's owner: the name offered, and a password of the person's own. */
static void
fill_demo_owner (GtkWidget *welcome)
{
  GtkWidget *button = sd_gui_test_find (welcome, GTK_TYPE_BUTTON, "demo_button");

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sd_gui_test_find (welcome, ADW_TYPE_ENTRY_ROW, "demo_owner_row"))),
                   !=, "");
  /* No password is made up for the person. */
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_find (welcome, ADW_TYPE_PASSWORD_ENTRY_ROW, "demo_password_row")),
                         SD_TEST_PASSWORD);
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_find (welcome, ADW_TYPE_PASSWORD_ENTRY_ROW, "demo_confirm_row")),
                         SD_TEST_PASSWORD);
  g_assert_true (gtk_widget_get_sensitive (button));
}

static void
test_explore_demo_shop (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *welcome = sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_WIDGET, "welcome_page");
  GtkStack *stack = GTK_STACK (sd_gui_test_find (welcome, GTK_TYPE_STACK, "stack"));

  click (sd_gui_test_find (welcome, GTK_TYPE_BUTTON, "demo_choice"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "demo");
  fill_demo_owner (welcome);
  click (sd_gui_test_find (welcome, GTK_TYPE_BUTTON, "demo_button"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "progress");

  g_assert_true (sd_gui_test_wait_for (demo_listed, f, 60000));
  g_assert_cmpstr (visible_page (f), ==, "shop");
  g_assert_true (sd_session_is_owner (sd_window_get_session (f->window)));
}

static void
test_cancel_demo_leaves_nothing (Fixture       *f,
                                 gconstpointer  data)
{
  GtkWidget *welcome = sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_WIDGET, "welcome_page");
  GtkStack *stack = GTK_STACK (sd_gui_test_find (welcome, GTK_TYPE_STACK, "stack"));
  g_autofree char *path = sd_shop_suggest_path ("Demo Shop");

  click (sd_gui_test_find (welcome, GTK_TYPE_BUTTON, "demo_choice"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sd_gui_test_find (welcome, GTK_TYPE_CHECK_BUTTON, "size_medium")), TRUE);
  fill_demo_owner (welcome);
  click (sd_gui_test_find (welcome, GTK_TYPE_BUTTON, "demo_button"));
  sd_gui_test_spin (300);
  click (sd_gui_test_find (welcome, GTK_TYPE_BUTTON, "cancel_button"));

  while (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "progress") == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "demo");
  g_assert_null (sd_window_get_session (f->window));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* The dialog's button whose label is LABEL, clicked as a person would. */
static void
click_response (GtkWindow  *dialog,
                const char *label)
{
  g_autoptr(GQueue) pending = g_queue_new ();

  g_queue_push_tail (pending, dialog);
  while (!g_queue_is_empty (pending))
    {
      GtkWidget *widget = g_queue_pop_head (pending);
      if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
        {
          click (widget);
          return;
        }
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (pending, c);
    }
  g_assert_not_reached ();
}

typedef struct
{
  Fixture *f;
  const char *page;
} PageShown;

static gboolean
page_shown (gpointer data)
{
  PageShown *p = data;

  return g_strcmp0 (visible_page (p->f), p->page) == 0;
}

/* Connect to a Team Database: a server that is not there is said so and the dialog comes
 * back with the address; an empty database on the real one becomes a new shop whose owner
 * is set on the login page, and the window then works on it. */
static void
test_connect_team_database (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *welcome = sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_WIDGET, "welcome_page");
  const char *why = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *key = NULL;
  g_autofree char *url = NULL;
  GtkWindow *dialog;
  GtkWidget *button, *login_page;
  PageShown login = { f, "login" };

  if (sd_test_pg_url (&why) == NULL)
    {
      g_test_skip (why);
      return;
    }
  dir = sd_test_make_dir ();
  key = g_build_filename (dir, "team", NULL);
  url = sd_test_team_database (key);

  click (sd_gui_test_find (welcome, GTK_TYPE_BUTTON, "team_choice"));
  dialog = sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "team_address_row")),
                         "postgresql://shopdesk@127.0.0.1:1/nowhere");
  click_response (dialog, "C_onnect");
  g_assert_true (sd_gui_test_wait_no_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  /* Back, with what was typed and why it failed. */
  dialog = sd_gui_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "team_address_row"))),
                   ==, "postgresql://shopdesk@127.0.0.1:1/nowhere");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (sd_gui_test_get (dialog, GTK_TYPE_LABEL, "team_error"))),
                            "Could not connect to the team database"));
  g_assert_cmpstr (visible_page (f), ==, "welcome");

  /* A password typed into the address is used, and kept out of what is remembered (the
   * test server trusts loopback: any password does). */
  {
    g_auto(GStrv) parts = g_strsplit (url, "@", 2);
    g_autofree char *with_password = g_strconcat (parts[0], ":s3cret@", parts[1], NULL);
    gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "team_address_row")),
                           with_password);
  }
  click_response (dialog, "C_onnect");
  g_assert_true (sd_gui_test_wait_for (page_shown, &login, 20000));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (sd_gui_test_get (f->window, GTK_TYPE_STACK, "mode_stack"))),
                   ==, "claim");
  /* By its name: the header bar's title has a subtitle_label of its own. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (sd_gui_test_get (f->window, GTK_TYPE_LABEL, "login_subtitle"))), ==,
                   "A new shop in the team database. Choose the owner's (主账号) account name and password; staff "
                   "accounts, who log in from their own desktops, come later.");
  g_assert_cmpstr (sd_settings_get_last_database (f->settings), ==, url);

  /* In the login page: the welcome page has rows of the same names. */
  login_page = sd_gui_test_get (f->window, GTK_TYPE_WIDGET, "login_page");
  button = sd_gui_test_get (login_page, GTK_TYPE_BUTTON, "claim_button");
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (login_page, ADW_TYPE_ENTRY_ROW, "owner_row")), "老板");
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (login_page, ADW_TYPE_PASSWORD_ENTRY_ROW, "new_password_row")),
                         SD_TEST_PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (login_page, ADW_TYPE_PASSWORD_ENTRY_ROW, "confirm_row")),
                         SD_TEST_PASSWORD);
  click (button);
  g_assert_true (sd_gui_test_wait_for (shop_open, f, 20000));
  g_assert_true (sd_session_is_owner (sd_window_get_session (f->window)));
  g_assert_cmpstr (sd_db_get_path (sd_session_get_db (sd_window_get_session (f->window))), ==, url);
  /* The shop is there for the CLI and other desktops now. */
  g_assert_true (sd_db_shop_exists (url));

  sd_gui_test_close_window (f->window);
  f->window = NULL;
  sd_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  sd_gui_test_init (&argc, &argv);

  g_test_add ("/gui/welcome/create-my-shop", Fixture, NULL, fixture_set_up, test_create_my_shop, fixture_tear_down);
  g_test_add ("/gui/welcome/explore-demo-shop", Fixture, NULL, fixture_set_up, test_explore_demo_shop, fixture_tear_down);
  g_test_add ("/gui/welcome/connect-team-database", Fixture, NULL, fixture_set_up, test_connect_team_database,
              fixture_tear_down);
  g_test_add ("/gui/welcome/cancel-demo-leaves-nothing", Fixture, NULL, fixture_set_up,
              test_cancel_demo_leaves_nothing, fixture_tear_down);
  return g_test_run ();
}
