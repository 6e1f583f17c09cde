/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>

#include "sd-csv.h"
#include "sd-customers.h"
#include "sd-export-dialog.h"
#include "sd-gui-test-util.h"
#include "sd-import-issue-list.h"
#include "sd-import-wizard.h"
#include "sd-test-util.h"

typedef struct
{
  char     *dir;
  char     *shop;
  SdWindow *window;
} Fixture;

/* A shop of its own for each test: imports change it. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = sd_test_make_dir ();
  f->shop = sd_gui_test_make_demo (200);
  f->window = sd_gui_test_open_window (f->shop);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sd_gui_test_close_window (f->window);
  g_free (f->shop);
  g_free (f->dir);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static GtkWidget *
child (gpointer    root,
       GType       type,
       const char *name)
{
  GtkWidget *found = sd_gui_test_find (GTK_WIDGET (root), type, name);

  g_assert_nonnull (found);
  return found;
}

typedef struct
{
  GtkWindow  *wizard;
  const char *page;
} PageWait;

static gboolean
page_ready (gpointer data)
{
  PageWait *wait = data;
  GtkStack *stack =
    GTK_STACK (sd_gui_test_find (GTK_WIDGET (wait->wizard), GTK_TYPE_STACK, "stack"));
  GtkWidget *import =
    sd_gui_test_find (GTK_WIDGET (wait->wizard), GTK_TYPE_BUTTON, "import_button");

  if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), wait->page) != 0)
    return FALSE;
  /* The preview is ready once a request is no longer pending. */
  return !g_str_equal (wait->page, "preview") || gtk_widget_get_sensitive (import) ||
         gtk_widget_get_visible (
           sd_gui_test_find (GTK_WIDGET (wait->wizard), GTK_TYPE_LABEL, "problem_label"));
}

static void
wait_page (GtkWindow  *wizard,
           const char *page)
{
  PageWait wait = { wizard, page };

  g_assert_true (sd_gui_test_wait_for (page_ready, &wait, 20000));
}

static GtkWindow *
open_wizard (Fixture    *f,
             const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWindow *wizard;

  sd_import_wizard_present (f->window, file);
  wizard = sd_gui_test_find_toplevel (SD_TYPE_IMPORT_WIZARD);
  g_assert_nonnull (wizard);
  g_assert_true (gtk_window_get_transient_for (wizard) == GTK_WINDOW (f->window));
  g_assert_true (gtk_window_get_modal (wizard));
  wait_page (wizard, "preview");
  return wizard;
}

/* Chooses the item of DROPDOWN's string list that reads LABEL. */
static void
choose (GtkWidget  *dropdown,
        const char *label)
{
  GListModel *model = ADW_IS_COMBO_ROW (dropdown)
                        ? adw_combo_row_get_model (ADW_COMBO_ROW (dropdown))
                        : gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      {
        if (ADW_IS_COMBO_ROW (dropdown))
          adw_combo_row_set_selected (ADW_COMBO_ROW (dropdown), i);
        else
          gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
        return;
      }
  g_error ("no choice “%s”", label);
}

static const char *
chosen (GtkWidget *dropdown)
{
  GListModel *model = ADW_IS_COMBO_ROW (dropdown)
                        ? adw_combo_row_get_model (ADW_COMBO_ROW (dropdown))
                        : gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  guint selected = ADW_IS_COMBO_ROW (dropdown) ? adw_combo_row_get_selected (ADW_COMBO_ROW (dropdown))
                                               : gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));

  return gtk_string_list_get_string (GTK_STRING_LIST (model), selected);
}

/* Whether a label that is drawn under ROOT reads TEXT. */
static gboolean
shows (GtkWidget  *root,
       const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (shows (c, text))
      return TRUE;
  return FALSE;
}

static void
click (GtkWindow  *window,
       const char *button)
{
  GtkWidget *widget = child (window, GTK_TYPE_BUTTON, button);

  g_assert_true (gtk_widget_get_visible (widget));
  g_assert_true (gtk_widget_is_sensitive (widget));
  gtk_widget_activate (widget);
}

static gint64
count_customers (Fixture    *f,
                 const char *text)
{
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();

  query->text = g_strdup (text);
  return sd_customers_count (sd_window_get_session (f->window), query, NULL);
}

static void
close_wizard (GtkWindow *wizard)
{
  gpointer weak = wizard;

  g_object_add_weak_pointer (G_OBJECT (wizard), &weak);
  click (wizard, "done_button");
  g_assert_true (sd_gui_test_wait_for (is_gone, &weak, 5000));
}

static gboolean
clipboard_filled (gpointer data)
{
  return gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (data))) != NULL;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

static void
test_import_skips_bad_row (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = write_file (f, "客户.csv",
                                      "买家会员名,手机,邮箱,性别\r\n"
                                      "gui_alpha,13800000001,a@example.com,女\r\n"
                                      "gui_beta,13800000002,not-an-email,男\r\n"
                                      "gui_gamma,13800000003,,\r\n"
                                      "gui_delta,13800000004,d@example.com,男\r\n");
  g_autofree char *rejected = g_build_filename (f->dir, "rejected.csv", NULL);
  gint64 before = count_customers (f, NULL);
  GtkWindow *wizard = open_wizard (f, path);
  GtkColumnView *view;
  GListModel *model;
  const SdImportIssue *issue;
  g_autoptr(SdImportIssueItem) item = NULL;

  /* The preview: what the file is and how each column is read. */
  g_assert_cmpstr (chosen (child (wizard, ADW_TYPE_COMBO_ROW, "kind_row")), ==, "Customers");
  g_assert_cmpstr (adw_action_row_get_subtitle (
                     ADW_ACTION_ROW (child (wizard, ADW_TYPE_COMBO_ROW, "encoding_row"))),
                   ==, "Detected: UTF-8");
  g_assert_cmpstr (chosen (child (wizard, GTK_TYPE_DROP_DOWN, "column-1")), ==, "Buyer nick");
  g_assert_cmpstr (chosen (child (wizard, GTK_TYPE_DROP_DOWN, "column-2")), ==, "Mobile number");
  g_assert_cmpstr (chosen (child (wizard, GTK_TYPE_DROP_DOWN, "column-3")), ==, "Email");
  g_assert_true (shows (GTK_WIDGET (wizard), "gui_gamma"));
  /* The bad row is pointed out before anything is imported. */
  g_assert_true (gtk_widget_get_visible (child (wizard, GTK_TYPE_LABEL, "sample_issues_label")));

  choose (child (wizard, ADW_TYPE_COMBO_ROW, "policy_row"), "Skip them");
  click (wizard, "import_button");
  wait_page (wizard, "result");

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (wizard, GTK_TYPE_LABEL, "result_title"))),
                   ==, "Import Complete");
  g_assert_cmpstr (
    gtk_label_get_label (GTK_LABEL (child (wizard, GTK_TYPE_LABEL, "inserted_label"))), ==, "3");
  g_assert_cmpstr (
    gtk_label_get_label (GTK_LABEL (child (wizard, GTK_TYPE_LABEL, "skipped_label"))), ==, "1");

  /* Every rejected row, where Excel shows it (the header is row 1), with its column and why. */
  view = GTK_COLUMN_VIEW (child (wizard, GTK_TYPE_COLUMN_VIEW, "issues_view"));
  model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  item = g_list_model_get_item (model, 0);
  issue = sd_import_issue_item_get_issue (item);
  g_assert_cmpuint (issue->row, ==, 3);
  g_assert_cmpstr (issue->column, ==, "邮箱");
  g_assert_nonnull (strstr (issue->message, "not-an-email"));
  sd_gui_test_spin (100);
  g_assert_true (shows (GTK_WIDGET (view), "3"));
  g_assert_true (shows (GTK_WIDGET (view), "邮箱"));
  g_assert_true (shows (GTK_WIDGET (view), issue->message));

  /* Every rejected row goes to the clipboard as tab-separated text, and into a CSV file. */
  click (wizard, "copy_button");
  g_assert_true (sd_gui_test_wait_for (clipboard_filled, wizard, 10000));
  {
    GdkContentProvider *content =
      gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (wizard)));
    g_auto(GValue) text = G_VALUE_INIT;

    g_value_init (&text, G_TYPE_STRING);
    g_assert_true (gdk_content_provider_get_value (content, &text, NULL));
    g_assert_cmpstr (g_value_get_string (&text), ==,
                     "Row\tColumn\tReason\n3\t邮箱\t"
                     "“not-an-email” is not an email address\n");
  }
  click (wizard, "save_button");
  sd_gui_test_save_in_chooser (rejected);
  g_assert_true (sd_gui_test_wait_for (file_exists, rejected, 10000));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SdCsvReader) reader = sd_csv_reader_new_for_path (rejected, SD_ENCODING_AUTO, &error);

    g_assert_no_error (error);
    g_assert_true (sd_csv_reader_next (reader, &error));
    g_assert_cmpstr (sd_csv_reader_get_field (reader, 0), ==, "Row");
    g_assert_true (sd_csv_reader_next (reader, &error));
    g_assert_cmpstr (sd_csv_reader_get_field (reader, 0), ==, "3");
    g_assert_cmpstr (sd_csv_reader_get_field (reader, 1), ==, "邮箱");
    g_assert_cmpstr (sd_csv_reader_get_field (reader, 2), ==, issue->message);
    g_assert_false (sd_csv_reader_next (reader, &error));
    g_assert_no_error (error);
  }

  /* The good rows are in the shop, the bad one is not. */
  g_assert_cmpint (count_customers (f, NULL), ==, before + 3);
  g_assert_cmpint (count_customers (f, "gui_alpha"), ==, 1);
  g_assert_cmpint (count_customers (f, "gui_delta"), ==, 1);
  g_assert_cmpint (count_customers (f, "gui_beta"), ==, 0);

  close_wizard (wizard);
}

static gboolean
import_enabled (gpointer data)
{
  return gtk_widget_get_sensitive (
    sd_gui_test_find (GTK_WIDGET (data), GTK_TYPE_BUTTON, "import_button"));
}

static void
test_import_mapping_and_abort (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = write_file (f, "odd.csv",
                                      "客户ID,联络号码,邮箱\n"
                                      "gui_wx01,13800000009,\n"
                                      "gui_wx02,13800000008,bad@\n");
  gint64 before = count_customers (f, NULL);
  GtkWindow *wizard = open_wizard (f, path);
  GtkWidget *problem = child (wizard, GTK_TYPE_LABEL, "problem_label");
  GtkColumnView *view;
  g_autoptr(SdImportIssueItem) item = NULL;

  /* Nothing says who the buyer is yet: the import waits until a column is named. */
  g_assert_true (gtk_widget_get_visible (problem));
  g_assert_false (gtk_widget_get_sensitive (child (wizard, GTK_TYPE_BUTTON, "import_button")));
  g_assert_cmpstr (chosen (child (wizard, GTK_TYPE_DROP_DOWN, "column-1")), ==, "Ignore");

  choose (child (wizard, GTK_TYPE_DROP_DOWN, "column-1"), "Buyer nick");
  choose (child (wizard, GTK_TYPE_DROP_DOWN, "column-2"), "Mobile number");
  g_assert_true (sd_gui_test_wait_for (import_enabled, wizard, 10000));
  g_assert_false (gtk_widget_get_visible (problem));
  g_assert_cmpstr (chosen (child (wizard, GTK_TYPE_DROP_DOWN, "column-1")), ==, "Buyer nick");

  choose (child (wizard, ADW_TYPE_COMBO_ROW, "policy_row"), "Import nothing");
  click (wizard, "import_button");
  wait_page (wizard, "result");

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (wizard, GTK_TYPE_LABEL, "result_title"))),
                   ==, "Nothing Was Imported");
  g_assert_false (
    gtk_widget_get_visible (child (wizard, ADW_TYPE_PREFERENCES_GROUP, "counts_group")));
  view = GTK_COLUMN_VIEW (child (wizard, GTK_TYPE_COLUMN_VIEW, "issues_view"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==,
                    1);
  item = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)), 0);
  g_assert_cmpuint (sd_import_issue_item_get_issue (item)->row, ==, 3);
  g_assert_cmpstr (sd_import_issue_item_get_issue (item)->column, ==, "邮箱");
  g_assert_cmpint (count_customers (f, NULL), ==, before);

  /* Back to the columns, skipping the bad row this time: the mapping is kept. */
  click (wizard, "back_button");
  wait_page (wizard, "preview");
  g_assert_cmpstr (chosen (child (wizard, GTK_TYPE_DROP_DOWN, "column-1")), ==, "Buyer nick");
  choose (child (wizard, ADW_TYPE_COMBO_ROW, "policy_row"), "Skip them");
  click (wizard, "import_button");
  wait_page (wizard, "result");
  g_assert_cmpint (count_customers (f, NULL), ==, before + 1);
  g_assert_cmpint (count_customers (f, "gui_wx01"), ==, 1);

  close_wizard (wizard);
}

static void
test_import_unreadable_file (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = write_file (f, "empty.csv", "");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWindow *wizard;
  gpointer weak;

  sd_import_wizard_present (f->window, file);
  wizard = sd_gui_test_find_toplevel (SD_TYPE_IMPORT_WIZARD);
  g_assert_nonnull (wizard);
  wait_page (wizard, "file-error");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (
                              child (wizard, ADW_TYPE_STATUS_PAGE, "file_error_page"))),
                            "empty"));
  g_assert_false (gtk_widget_get_visible (child (wizard, GTK_TYPE_BUTTON, "import_button")));

  /* One wizard a window. */
  sd_import_wizard_present (f->window, file);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    guint wizards = 0;
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
        wizards += SD_IS_IMPORT_WIZARD (window);
      }
    g_assert_cmpuint (wizards, ==, 1);
  }

  weak = wizard;
  g_object_add_weak_pointer (G_OBJECT (wizard), &weak);
  gtk_widget_activate_action (GTK_WIDGET (wizard), "window.close", NULL);
  g_assert_true (sd_gui_test_wait_for (is_gone, &weak, 5000));
}

/* A file dropped on the window opens the wizard on it. */
static void
test_import_drop (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = write_file (f, "dropped.csv", "nick,phone\ngui_drop,13800000077\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListModel) controllers = NULL;
  g_autoptr(GSList) files = g_slist_prepend (NULL, file);
  g_auto(GValue) value = G_VALUE_INIT;
  GtkDropTarget *target = NULL;
  GtkWindow *wizard;
  gboolean accepted = FALSE;
  gpointer weak;

  /* The window installs it when it is made; a window made before that wiring gets it here. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  for (guint i = 0; target == NULL && i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  if (target == NULL)
    {
      sd_import_wizard_install_drop_target (f->window);
      g_clear_object (&controllers);
      controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
      for (guint i = 0; target == NULL && i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
          if (GTK_IS_DROP_TARGET (controller))
            target = GTK_DROP_TARGET (controller);
        }
    }
  g_assert_nonnull (target);
  g_assert_true (
    gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (target), GDK_TYPE_FILE_LIST));

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);

  wizard = sd_gui_test_find_toplevel (SD_TYPE_IMPORT_WIZARD);
  g_assert_nonnull (wizard);
  wait_page (wizard, "preview");
  g_assert_cmpstr (adw_window_title_get_subtitle (
                     ADW_WINDOW_TITLE (child (wizard, ADW_TYPE_WINDOW_TITLE, "title"))),
                   ==, "dropped.csv");
  g_assert_true (gtk_widget_get_sensitive (child (wizard, GTK_TYPE_BUTTON, "import_button")));

  weak = wizard;
  g_object_add_weak_pointer (G_OBJECT (wizard), &weak);
  gtk_widget_activate_action (GTK_WIDGET (wizard), "window.close", NULL);
  g_assert_true (sd_gui_test_wait_for (is_gone, &weak, 5000));
}

static gboolean
counted (gpointer data)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (data));

  return subtitle != NULL && g_str_has_suffix (subtitle, "customers");
}

static void
test_export_selection (Fixture       *f,
                       gconstpointer  data)
{
  static const gint64 wanted[] = { 42, 5, 17 };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(SdCustomerQuery) plain = sd_customer_query_new ();
  g_autofree char *out = g_build_filename (f->dir, "chosen.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCsvReader) reader = NULL;
  g_autoptr(GArray) exported = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *suggested = NULL;
  GtkWindow *dialog;
  GtkWindow *chooser;
  gpointer weak;

  g_array_append_vals (ids, wanted, G_N_ELEMENTS (wanted));
  sd_export_dialog_present (f->window, plain, ids);
  dialog = sd_gui_test_find_toplevel (SD_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (dialog));

  /* A list that is not narrowed offers no "current search"; the selection is offered and
   * chosen, and the dialog says what the file will hold. */
  g_assert_false (gtk_widget_get_visible (child (dialog, ADW_TYPE_ACTION_ROW, "query_row")));
  g_assert_true (gtk_widget_get_visible (child (dialog, ADW_TYPE_ACTION_ROW, "selected_row")));
  g_assert_true (gtk_check_button_get_active (
    GTK_CHECK_BUTTON (child (dialog, GTK_TYPE_CHECK_BUTTON, "selected_check"))));
  g_assert_true (
    sd_gui_test_wait_for (counted, child (dialog, ADW_TYPE_ACTION_ROW, "selected_row"), 10000));
  g_assert_cmpstr (adw_action_row_get_subtitle (
                     ADW_ACTION_ROW (child (dialog, ADW_TYPE_ACTION_ROW, "selected_row"))),
                   ==, "3 customers");
  g_assert_nonnull (
    strstr (gtk_label_get_label (GTK_LABEL (child (dialog, GTK_TYPE_LABEL, "summary_label"))),
            "full phone numbers"));

  click (dialog, "export_button");
  chooser = sd_gui_test_wait_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  suggested = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_true (g_str_has_prefix (suggested, "customers-"));
  g_assert_true (g_str_has_suffix (suggested, ".csv"));
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  sd_gui_test_save_in_chooser (out);
  g_assert_true (sd_gui_test_wait_for (is_gone, &weak, 20000));

  /* Exactly the selected customers, by id. */
  reader = sd_csv_reader_new_for_path (out, SD_ENCODING_AUTO, &error);
  g_assert_no_error (error);
  g_assert_true (sd_csv_reader_next (reader, &error));
  g_assert_cmpstr (sd_csv_reader_get_field (reader, 0), ==, "id");
  while (sd_csv_reader_next (reader, &error))
    {
      gint64 id = g_ascii_strtoll (sd_csv_reader_get_field (reader, 0), NULL, 10);
      g_array_append_val (exported, id);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (exported->len, ==, 3);
  g_assert_cmpint (g_array_index (exported, gint64, 0), ==, 5);
  g_assert_cmpint (g_array_index (exported, gint64, 1), ==, 17);
  g_assert_cmpint (g_array_index (exported, gint64, 2), ==, 42);
}

static void
test_export_offers_search (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  GtkWindow *dialog;
  gpointer weak;

  query->min_spent_cents = 100000;
  sd_export_dialog_present (f->window, query, NULL);
  dialog = sd_gui_test_find_toplevel (SD_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (child (dialog, ADW_TYPE_ACTION_ROW, "query_row")));
  g_assert_false (gtk_widget_get_visible (child (dialog, ADW_TYPE_ACTION_ROW, "selected_row")));
  g_assert_true (gtk_check_button_get_active (
    GTK_CHECK_BUTTON (child (dialog, GTK_TYPE_CHECK_BUTTON, "query_check"))));
  g_assert_true (
    sd_gui_test_wait_for (counted, child (dialog, ADW_TYPE_ACTION_ROW, "all_row"), 10000));
  g_assert_cmpstr (
    adw_action_row_get_subtitle (ADW_ACTION_ROW (child (dialog, ADW_TYPE_ACTION_ROW, "all_row"))),
    ==, "200 customers");

  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  g_assert_true (sd_gui_test_wait_for (is_gone, &weak, 5000));
}

int
main (int argc, char **argv)
{
  sd_gui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/import/skips-bad-row", test_import_skips_bad_row);
  ADD ("/gui/import/mapping-and-abort", test_import_mapping_and_abort);
  ADD ("/gui/import/unreadable-file", test_import_unreadable_file);
  ADD ("/gui/import/drop", test_import_drop);
  ADD ("/gui/export/selection", test_export_selection);
  ADD ("/gui/export/offers-search", test_export_offers_search);
#undef ADD

  return g_test_run ();
}
