/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-customer-row.h"
#include "sd-customers-page.h"
#include "sd-customers.h"
#include "sd-gui-test-util.h"

typedef struct
{
  char            *path;
  SdWindow        *window;
  SdCustomersPage *page;
  GtkColumnView   *view;
  GListModel      *model;
  guint            loads;
} Fixture;

static char *demo_path;

static void
count_loads_cb (SdCustomersPage *page,
                Fixture         *f)
{
  f->loads++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = sd_gui_test_open_window (demo_path);
  f->page = SD_CUSTOMERS_PAGE (sd_window_get_customers_page (f->window));
  f->view = GTK_COLUMN_VIEW (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW, NULL));
  f->model = G_LIST_MODEL (gtk_column_view_get_model (f->view));
  g_signal_connect (f->page, "count-changed", G_CALLBACK (count_loads_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sd_gui_test_close_window (f->window);
}

static gboolean
loaded_again (gpointer data)
{
  Fixture *f = data;
  GtkWidget *spinner = sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_SPINNER, NULL);

  return f->loads > 0 && !gtk_widget_get_visible (spinner);
}

static void
wait_reload (Fixture *f)
{
  g_assert_true (sd_gui_test_wait_for (loaded_again, f, 10000));
  f->loads = 0;
  sd_gui_test_spin (50);
}

/* The list's own search entry (a drop-down of the filters has one too). */
static GtkEditable *
search_entry (Fixture *f)
{
  GtkWidget *bar = sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_SEARCH_BAR, NULL);

  return GTK_EDITABLE (sd_gui_test_find (bar, GTK_TYPE_SEARCH_ENTRY, NULL));
}

/* Whether a label that the view draws shows TEXT. */
static gboolean
view_shows (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0 &&
      gtk_widget_get_mapped (root))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (view_shows (child, text))
      return TRUE;
  return FALSE;
}

static void
test_opens_with_every_customer (Fixture       *f,
                                gconstpointer  data)
{
  AdwWindowTitle *title = ADW_WINDOW_TITLE (sd_gui_test_find (GTK_WIDGET (f->page), ADW_TYPE_WINDOW_TITLE, "title"));

  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, 2000);
  g_assert_cmpint (sd_customers_page_get_total (f->page), ==, 2000);
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "2,000 customers");
  /* The first rows are drawn. */
  g_assert_true (view_shows (GTK_WIDGET (f->view), sd_gui_test_row_customer (f->model, 0)->nick));
}

static void
test_search_shows_matching_rows (Fixture       *f,
                                 gconstpointer  data)
{
  SdSession *session = sd_window_get_session (f->window);
  g_autoptr(SdCustomer) target = sd_customers_get (session, 1234, NULL);
  GtkEditable *entry = search_entry (f);
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  guint n;
  gboolean found = FALSE;

  g_assert_nonnull (target);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL);
  gtk_editable_set_text (entry, target->nick);
  wait_reload (f);

  query->text = g_strdup (target->nick);
  n = g_list_model_get_n_items (f->model);
  g_assert_cmpint (n, ==, sd_customers_count (session, query, NULL));
  g_assert_cmpuint (n, >=, 1);
  for (guint i = 0; i < n; i++)
    {
      const SdCustomer *c = sd_gui_test_row_customer (f->model, i);
      g_assert_nonnull (strstr (c->nick, target->nick));
      found |= c->id == target->id;
    }
  g_assert_true (found);
  g_assert_true (view_shows (GTK_WIDGET (f->view), target->nick));

  /* The last four digits of the phone find the customer too. */
  gtk_editable_set_text (entry, target->phone + strlen (target->phone) - 4);
  wait_reload (f);
  n = g_list_model_get_n_items (f->model);
  g_free (query->text);
  query->text = g_strdup (target->phone + strlen (target->phone) - 4);
  g_assert_cmpint (n, ==, sd_customers_count (session, query, NULL));
  found = FALSE;
  for (guint i = 0; i < n; i++)
    found |= sd_gui_test_row_customer (f->model, i)->id == target->id;
  g_assert_true (found);
}

static void
test_newer_search_wins (Fixture       *f,
                        gconstpointer  data)
{
  SdSession *session = sd_window_get_session (f->window);
  g_autoptr(SdCustomer) target = sd_customers_get (session, 77, NULL);
  GtkEditable *entry = search_entry (f);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL);
  /* Typed fast: every step but the last is overtaken. */
  gtk_editable_set_text (entry, "1");
  sd_gui_test_spin (200);
  gtk_editable_set_text (entry, "13");
  sd_gui_test_spin (5);
  gtk_editable_set_text (entry, target->nick);
  wait_reload (f);
  sd_gui_test_spin (300);

  for (guint i = 0; i < g_list_model_get_n_items (f->model); i++)
    g_assert_nonnull (strstr (sd_gui_test_row_customer (f->model, i)->nick, target->nick));
}

static GtkColumnViewColumn *
column_titled (Fixture    *f,
               const char *title)
{
  GListModel *columns = gtk_column_view_get_columns (f->view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  g_assert_not_reached ();
}

static void
test_sort_by_spend (Fixture       *f,
                    gconstpointer  data)
{
  guint n = g_list_model_get_n_items (f->model);
  gint64 max = 0;

  for (guint i = 0; i < n; i++)
    max = MAX (max, sd_gui_test_row_customer (f->model, i)->total_spent_cents);

  gtk_column_view_sort_by_column (f->view, column_titled (f, "Spent"), GTK_SORT_DESCENDING);
  wait_reload (f);
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, n);
  g_assert_cmpint (sd_gui_test_row_customer (f->model, 0)->total_spent_cents, ==, max);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (sd_gui_test_row_customer (f->model, i - 1)->total_spent_cents, >=, sd_gui_test_row_customer (f->model, i)->total_spent_cents);

  gtk_column_view_sort_by_column (f->view, column_titled (f, "Spent"), GTK_SORT_ASCENDING);
  wait_reload (f);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (sd_gui_test_row_customer (f->model, i - 1)->total_spent_cents, <=, sd_gui_test_row_customer (f->model, i)->total_spent_cents);

  gtk_column_view_sort_by_column (f->view, column_titled (f, "Name"), GTK_SORT_ASCENDING);
  wait_reload (f);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (strcmp (sd_gui_test_row_customer (f->model, i - 1)->name, sd_gui_test_row_customer (f->model, i)->name), <=, 0);
}


static void
test_filter_by_province (Fixture       *f,
                         gconstpointer  data)
{
  SdSession *session = sd_window_get_session (f->window);
  GtkDropDown *province = GTK_DROP_DOWN (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_DROP_DOWN, "province_filter"));
  GListModel *names = gtk_drop_down_get_model (province);
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  AdwWindowTitle *title = ADW_WINDOW_TITLE (sd_gui_test_find (GTK_WIDGET (f->page), ADW_TYPE_WINDOW_TITLE, "title"));
  g_autofree char *expected = NULL;
  guint n, chosen = 0;

  /* Guangdong: the first province with customers in the demo shop. */
  for (guint i = 1; i < g_list_model_get_n_items (names) && chosen == 0; i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "广东"))
      chosen = i;
  g_assert_cmpuint (chosen, >, 0);
  gtk_drop_down_set_selected (province, chosen);
  wait_reload (f);

  query->province = g_strdup ("广东省");
  n = g_list_model_get_n_items (f->model);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpint (n, ==, sd_customers_count (session, query, NULL));
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (sd_gui_test_row_customer (f->model, i)->province, ==, "广东省");
  expected = g_strdup_printf ("%u of 2,000 customers", n);
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, expected);

  /* Clear Filters brings everyone back. */
  g_signal_emit_by_name (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, "clear_filters_button"), "clicked");
  wait_reload (f);
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, 2000);
}

static GtkWidget *
button_labelled (GtkWidget  *root,
                 const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = button_labelled (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
tag_dialog_open (gpointer data)
{
  return sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gint64
tagged (SdSession  *session,
        const char *tag)
{
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();

  query->tag = g_strdup (tag);
  return sd_customers_count (session, query, NULL);
}

static void
test_tag_selection_and_undo (Fixture       *f,
                             gconstpointer  data)
{
  SdSession *session = sd_window_get_session (f->window);
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (f->model);
  AdwMessageDialog *dialog;
  GtkWidget *overlay;
  GtkWidget *undo;

  gtk_selection_model_select_range (selection, 10, 3, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "customer.tag-selection", NULL);
  g_assert_true (sd_gui_test_wait_for (tag_dialog_open, NULL, 5000));
  dialog = ADW_MESSAGE_DIALOG (sd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "双十一");
  adw_message_dialog_response (dialog, "add");
  sd_gui_test_spin (100);

  g_assert_cmpint (tagged (session, "双十一"), ==, 3);
  for (guint i = 10; i < 13; i++)
    {
      g_autoptr(SdCustomer) c = sd_customers_get (session, sd_gui_test_row_customer (f->model, i)->id, NULL);
      g_assert_true (g_ptr_array_find_with_equal_func (c->tags, "双十一", g_str_equal, NULL));
    }

  /* The toast's Undo takes the tag off again. */
  overlay = sd_gui_test_find (GTK_WIDGET (f->window), ADW_TYPE_TOAST_OVERLAY, NULL);
  undo = button_labelled (overlay, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  sd_gui_test_spin (100);
  g_assert_cmpint (tagged (session, "双十一"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  sd_gui_test_init (&argc, &argv);
  demo_path = sd_gui_test_make_demo (2000);

  g_test_add ("/gui/customers/opens-with-every-customer", Fixture, NULL, fixture_set_up,
              test_opens_with_every_customer, fixture_tear_down);
  g_test_add ("/gui/customers/search-shows-matching-rows", Fixture, NULL, fixture_set_up,
              test_search_shows_matching_rows, fixture_tear_down);
  g_test_add ("/gui/customers/newer-search-wins", Fixture, NULL, fixture_set_up,
              test_newer_search_wins, fixture_tear_down);
  g_test_add ("/gui/customers/sort-by-spend", Fixture, NULL, fixture_set_up,
              test_sort_by_spend, fixture_tear_down);
  g_test_add ("/gui/customers/filter-by-province", Fixture, NULL, fixture_set_up,
              test_filter_by_province, fixture_tear_down);
  g_test_add ("/gui/customers/tag-selection-and-undo", Fixture, NULL, fixture_set_up,
              test_tag_selection_and_undo, fixture_tear_down);
  status = g_test_run ();
  g_free (demo_path);
  return status;
}
