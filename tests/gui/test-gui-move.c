/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sd-customers-page.h"
#include "sd-gui-test-util.h"
#include "sd-move-dialog.h"
#include "sd-staff.h"
#include "sd-test-util.h"
#include "sd-values.h"

/*
 * Move Shop to a Team Database, driven through the window's real widgets against the run's
 * PostgreSQL server.
 *
 * With SHOPDESK_MOVE_SHOTS=DIR (and an X server of at least 1280×800), the dialog before
 * and after the move is saved there as PNG.
 */

#define N_CUSTOMERS 40
#define MENU_LABEL  "Move Shop to a Team Database…"

static const char *shots_dir;

typedef struct
{
  char     *path;   /* the shop file */
  char     *dir;
  SdWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->path = sd_gui_test_make_demo (N_CUSTOMERS);
  f->dir = g_path_get_dirname (f->path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sd_gui_test_destroy_other_windows (f->window != NULL ? GTK_WINDOW (f->window) : NULL);
  if (f->window != NULL)
    sd_gui_test_close_window (f->window);
  sd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The items of the window's menus labelled LABEL (GtkPopoverMenu's buttons; the label
 * without its mnemonic's underscore). */
static void
collect_menu_items (GtkWidget  *root,
                    const char *label,
                    GPtrArray  *found)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (root), "GtkModelButton"))
    {
      g_autofree char *text = NULL;
      g_object_get (root, "text", &text, NULL);
      if (g_strcmp0 (text, label) == 0)
        g_ptr_array_add (found, root);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_menu_items (child, label, found);
}

/* Whether the main menu offers the move: an item hidden while its action is disabled is
 * left out of the menu. */
static gboolean
menu_offers_move (SdWindow *window)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  collect_menu_items (GTK_WIDGET (window), MENU_LABEL, items);
  for (guint i = 0; i < items->len; i++)
    g_assert_true (gtk_widget_get_visible (items->pdata[i]));
  return items->len > 0;
}

static gboolean
stack_shows (GtkStack   *stack,
             const char *page)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), page) == 0;
}

static gboolean
move_ended (gpointer data)
{
  GtkStack *stack = data;

  return !stack_shows (stack, "moving");
}

typedef struct
{
  SdWindow   *window;
  const char *url;
} LoginShown;

static gboolean
team_login_shown (gpointer data)
{
  LoginShown *l = data;
  GtkStack *main_stack = GTK_STACK (sd_gui_test_get (l->window, GTK_TYPE_STACK, "main_stack"));

  return stack_shows (main_stack, "login") &&
         g_strcmp0 (sd_settings_get_last_database (sd_window_get_settings (l->window)), l->url) == 0;
}

/* The rows of the tables checked, each named by its table (the expander's own header is
 * an AdwActionRow too, named by its type). */
static void
collect_table_rows (GtkWidget *root,
                    GPtrArray *found)
{
  if (ADW_IS_ACTION_ROW (root) && !g_str_equal (gtk_widget_get_name (root), G_OBJECT_TYPE_NAME (root)))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_table_rows (child, found);
}

/* The suffix of a table's row: its count. */
static GtkWidget *
find_count (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "numeric"))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_count (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
row_count (GtkWidget *row)
{
  GtkWidget *label = find_count (row);

  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

static GtkWidget *
table_row (GPtrArray  *rows,
           const char *table)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (rows->pdata[i]), table) == 0)
      return rows->pdata[i];
  g_assert_not_reached ();
}

/* The owner of a shop file moves it: a server that is not there is said so with its
 * address, the file and what was typed untouched; stopped, it leaves the database empty;
 * then into that database, where every table is checked, and Open Team Shop brings the team shop's login page, the owner's name
 * filled in. There the move is not offered again. */
static void
test_move_to_team (Fixture       *f,
                   gconstpointer  data)
{
  const char *why = NULL;
  g_autofree char *key = NULL;
  g_autofree char *url = NULL;
  g_autofree char *with_password = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *rows_text = NULL;
  g_autofree char *expected = NULL;
  GtkWindow *dialog;
  GtkStack *stack;
  GtkWidget *error_label, *address, *password, *tables;
  GtkWidget *login_page;
  SdSession *session;
  gint64 total = 0;
  LoginShown login;

  if (sd_test_pg_url (&why) == NULL)
    {
      g_test_skip (why);
      return;
    }
  key = g_build_filename (f->dir, "team", NULL);
  url = sd_test_team_database (key);

  f->window = sd_gui_test_open_window (f->path);
  session = sd_window_get_session (f->window);
  g_assert_true (menu_offers_move (f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.move-to-team", NULL));
  dialog = sd_gui_test_wait_toplevel (SD_TYPE_MOVE_DIALOG);
  stack = GTK_STACK (sd_gui_test_get (dialog, GTK_TYPE_STACK, "stack"));
  address = sd_gui_test_get (dialog, ADW_TYPE_ENTRY_ROW, "team_address_row");
  password = sd_gui_test_get (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "team_password_row");
  error_label = sd_gui_test_get (dialog, GTK_TYPE_LABEL, "move_error");
  g_assert_true (stack_shows (stack, "ask"));
  g_assert_false (gtk_widget_get_sensitive (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "move_button")));
  g_assert_false (gtk_widget_get_visible (error_label));

  /* Not an address of PostgreSQL's: said at once. */
  gtk_editable_set_text (GTK_EDITABLE (address), "shop.db");
  click (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "move_button"));
  g_assert_true (stack_shows (stack, "ask"));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "starting with postgresql://"));

  /* A server that refuses: the reason and where, after the move's own try. */
  gtk_editable_set_text (GTK_EDITABLE (address), "postgresql://shopdesk@127.0.0.1:1/nowhere");
  click (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "move_button"));
  g_assert_true (sd_gui_test_wait_for (move_ended, stack, 20000));
  g_assert_true (stack_shows (stack, "ask"));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "Could not connect to the team database"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "127.0.0.1"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (address)), ==, "postgresql://shopdesk@127.0.0.1:1/nowhere");
  /* Nothing lost: the window works on the file as before. */
  g_assert_true (sd_window_get_session (f->window) == session);
  g_assert_cmpint (sd_customers_page_get_total (SD_CUSTOMERS_PAGE (sd_window_get_customers_page (f->window))), ==,
                   N_CUSTOMERS);
  sd_gui_test_shot (GTK_WINDOW (f->window), shots_dir, "move-dialog-ask");

  /* The empty database, its password typed into the address (the test server trusts
   * loopback: any password does): moved to the password's row. Stopped before its first
   * table is copied, the move leaves the database empty. */
  {
    g_auto(GStrv) parts = g_strsplit (url, "@", 2);
    with_password = g_strconcat (parts[0], ":s3cret@", parts[1], NULL);
  }
  gtk_editable_set_text (GTK_EDITABLE (address), with_password);
  click (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "move_button"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (address)), ==, url);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password)), ==, "s3cret");
  g_assert_true (stack_shows (stack, "moving"));
  click (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "stop_button"));
  g_assert_true (sd_gui_test_wait_for (move_ended, stack, 60000));
  g_assert_true (stack_shows (stack, "ask"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   "The move was stopped. Nothing was kept in the team database, and the shop file is as it was.");
  g_assert_false (sd_db_shop_exists (url));

  /* Again, to the end. */
  click (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "move_button"));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (sd_gui_test_wait_for (move_ended, stack, 60000));
  g_assert_true (stack_shows (stack, "moved"));

  /* Every table, with its rows: the demo's customers and orders among them, and the
   * summary adds them up. */
  tables = sd_gui_test_get (dialog, ADW_TYPE_EXPANDER_ROW, "move_tables");
  collect_table_rows (tables, rows);
  g_assert_cmpuint (rows->len, >, 10);
  g_assert_cmpstr (row_count (table_row (rows, "customers")), ==, "40");
  g_assert_cmpstr (row_count (table_row (rows, "orders")), ==, "200");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (table_row (rows, "customers"))),
                            "SHA-256 "));
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *digits = g_strdup (row_count (rows->pdata[i]));
      char *out = digits;
      for (const char *in = digits; *in != '\0'; in++)
        if (g_ascii_isdigit (*in))
          *out++ = *in;
      *out = '\0';
      total += g_ascii_strtoll (digits, NULL, 10);
    }
  rows_text = sd_format_count (total);
  expected = g_strdup_printf ("%u tables, %s rows: every count and checksum matches", rows->len, rows_text);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (tables)), ==, expected);
  /* The file is still the window's shop until the team shop is opened. */
  g_assert_true (sd_window_get_session (f->window) == session);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (tables), TRUE);
  sd_gui_test_shot (GTK_WINDOW (f->window), shots_dir, "move-dialog-moved");

  /* Open Team Shop: the team shop's login page, the owner's name filled in. */
  click (sd_gui_test_get (dialog, GTK_TYPE_BUTTON, "open_button"));
  g_assert_true (sd_gui_test_wait_no_toplevel (SD_TYPE_MOVE_DIALOG));
  login.window = f->window;
  login.url = url;
  g_assert_true (sd_gui_test_wait_for (team_login_shown, &login, 20000));
  g_assert_null (sd_window_get_session (f->window));
  login_page = sd_gui_test_get (f->window, GTK_TYPE_WIDGET, "login_page");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (sd_gui_test_get (login_page, GTK_TYPE_STACK,
                                                                                  "mode_stack"))), ==, "login");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sd_gui_test_get (login_page, ADW_TYPE_ENTRY_ROW, "name_row"))),
                   ==, SD_TEST_OWNER);

  /* The owner's own password, moved along; the shop is the file's. */
  g_assert_true (sd_gui_test_log_in (f->window, SD_TEST_OWNER, SD_TEST_PASSWORD));
  g_assert_true (sd_gui_test_wait_for (sd_gui_test_list_ready, f->window, 20000));
  g_assert_cmpstr (sd_db_get_path (sd_session_get_db (sd_window_get_session (f->window))), ==, url);
  g_assert_cmpint (sd_customers_page_get_total (SD_CUSTOMERS_PAGE (sd_window_get_customers_page (f->window))), ==,
                   N_CUSTOMERS);
  /* A team shop moves no further. */
  g_assert_false (menu_offers_move (f->window));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.move-to-team", NULL);
  sd_gui_test_spin (200);
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_MOVE_DIALOG));
}

/* Only the owner moves the shop: a manager with every permission is not offered it. */
static void
test_staff_not_offered (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = sd_db_open (f->path, &error);
  g_autoptr(SdSession) owner = NULL;
  g_autoptr(SdSession) manager = NULL;

  g_assert_no_error (error);
  owner = sd_session_login (db, SD_TEST_OWNER, SD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  manager = sd_test_staff_session (owner, "店长", SD_PERMISSION_SET_ALL);
  g_assert_true (sd_session_can (manager, SD_PERMISSION_MANAGE_STAFF));

  f->window = sd_gui_test_open_window_as (f->path, "店长", SD_TEST_PASSWORD);
  g_assert_false (menu_offers_move (f->window));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.move-to-team", NULL);
  sd_gui_test_spin (200);
  g_assert_null (sd_gui_test_find_toplevel (SD_TYPE_MOVE_DIALOG));

  /* The owner, on the same file, is. */
  sd_gui_test_close_window (f->window);
  f->window = sd_gui_test_open_window (f->path);
  g_assert_true (menu_offers_move (f->window));
}

int
main (int   argc,
      char *argv[])
{
  sd_gui_test_init (&argc, &argv);
  shots_dir = g_getenv ("SHOPDESK_MOVE_SHOTS");

  g_test_add ("/gui/move/to-team-database", Fixture, NULL, fixture_set_up, test_move_to_team, fixture_tear_down);
  g_test_add ("/gui/move/staff-not-offered", Fixture, NULL, fixture_set_up, test_staff_not_offered,
              fixture_tear_down);
  return g_test_run ();
}
