/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-customer-list.h"
#include "sd-customer-row.h"
#include "sd-customers-page.h"
#include "sd-customers.h"
#include "sd-gui-test-util.h"
#include "sd-test-util.h"
#include "sd-tiers.h"

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

static gint64
spent_key (const SdCustomer *c)
{
  return c->total_spent_cents;
}

static gint64
tier_key (const SdCustomer *c)
{
  return c->tier;
}

/* Sorts the list by the column TITLE in ORDER; every one of its N rows must then be in
 * KEY's order. */
static void
sort_and_check (Fixture            *f,
                const char         *title,
                GtkSortType         order,
                gint64            (*key) (const SdCustomer *c),
                guint               n)
{
  gtk_column_view_sort_by_column (f->view, column_titled (f, title), order);
  wait_reload (f);
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, n);
  for (guint i = 1; i < n; i++)
    {
      gint64 before = key (sd_gui_test_row_customer (f->model, i - 1));
      gint64 after = key (sd_gui_test_row_customer (f->model, i));

      if (order == GTK_SORT_DESCENDING)
        g_assert_cmpint (before, >=, after);
      else
        g_assert_cmpint (before, <=, after);
    }
}

static void
test_sort_by_spend (Fixture       *f,
                    gconstpointer  data)
{
  guint n = g_list_model_get_n_items (f->model);
  gint64 max = 0;

  for (guint i = 0; i < n; i++)
    max = MAX (max, sd_gui_test_row_customer (f->model, i)->total_spent_cents);

  sort_and_check (f, "Spent", GTK_SORT_DESCENDING, spent_key, n);
  g_assert_cmpint (sd_gui_test_row_customer (f->model, 0)->total_spent_cents, ==, max);
  sort_and_check (f, "Spent", GTK_SORT_ASCENDING, spent_key, n);

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

/* The tags are read when the filter opens, not at the login: then the list narrows to one. */
static void
test_filter_by_tag (Fixture       *f,
                    gconstpointer  data)
{
  SdSession *session = sd_window_get_session (f->window);
  GtkMenuButton *button = GTK_MENU_BUTTON (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_MENU_BUTTON,
                                                             "filter_button"));
  GtkDropDown *tag = GTK_DROP_DOWN (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_DROP_DOWN, "tag_filter"));
  GListModel *names = gtk_drop_down_get_model (tag);
  g_autoptr(GPtrArray) tags = sd_customers_list_tags (session, NULL);
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  guint n;

  g_assert_nonnull (tags);
  g_assert_cmpuint (tags->len, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 1);
  gtk_menu_button_popup (button);
  sd_gui_test_spin (50);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, tags->len + 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==, g_ptr_array_index (tags, 0));

  gtk_drop_down_set_selected (tag, 1);
  wait_reload (f);
  query->tag = g_strdup (g_ptr_array_index (tags, 0));
  n = g_list_model_get_n_items (f->model);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, 2000);
  g_assert_cmpint (n, ==, sd_customers_count (session, query, NULL));
  gtk_menu_button_popdown (button);
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

static const char *
subtitle (Fixture *f)
{
  AdwWindowTitle *title = ADW_WINDOW_TITLE (sd_gui_test_find (GTK_WIDGET (f->page), ADW_TYPE_WINDOW_TITLE, "title"));

  return adw_window_title_get_subtitle (title);
}

static gboolean
chip_shows (Fixture    *f,
            const char *label)
{
  GtkRevealer *revealer = GTK_REVEALER (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_REVEALER, "subset_revealer"));
  GtkLabel *chip = GTK_LABEL (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_LABEL, "subset_label"));

  return gtk_revealer_get_reveal_child (revealer) && g_strcmp0 (gtk_label_get_label (chip), label) == 0;
}

static void
test_show_subset_of_ids (Fixture       *f,
                         gconstpointer  data)
{
  static const gint64 picked[] = { 5, 70, 700, 1999 };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkStack *content = GTK_STACK (sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_STACK, "content_stack"));
  GtkDropDown *province = GTK_DROP_DOWN (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_DROP_DOWN, "province_filter"));
  gboolean seen[G_N_ELEMENTS (picked)] = { FALSE, };

  /* A filter set before goes: the subset is shown whole. */
  gtk_drop_down_set_selected (province, 3);
  wait_reload (f);
  g_array_append_vals (ids, picked, G_N_ELEMENTS (picked));
  gtk_stack_set_visible_child_name (content, "nothing");
  sd_window_show_customers (f->window, NULL, ids, "Moved up: 4");
  wait_reload (f);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (content), ==, "customers");
  g_assert_cmpuint (gtk_drop_down_get_selected (province), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, G_N_ELEMENTS (picked));
  for (guint i = 0; i < G_N_ELEMENTS (picked); i++)
    for (guint j = 0; j < G_N_ELEMENTS (picked); j++)
      seen[j] |= sd_gui_test_row_customer (f->model, i)->id == picked[j];
  for (guint j = 0; j < G_N_ELEMENTS (picked); j++)
    g_assert_true (seen[j]);
  g_assert_cmpstr (subtitle (f), ==, "4 of 2,000 customers");
  g_assert_true (chip_shows (f, "Moved up: 4"));
  g_assert_true (sd_customers_page_get_subset_shown (f->page));

  /* Sorting works inside it. */
  sort_and_check (f, "Spent", GTK_SORT_DESCENDING, spent_key, G_N_ELEMENTS (picked));

  /* The chip's close button shows everyone again. */
  g_signal_emit_by_name (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, "subset_remove_button"), "clicked");
  wait_reload (f);
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, 2000);
  g_assert_false (sd_customers_page_get_subset_shown (f->page));
  g_assert_cmpstr (subtitle (f), ==, "2,000 customers");
}

static void
test_show_subset_condition_and_search (Fixture       *f,
                                       gconstpointer  data)
{
  SdSession *session = sd_window_get_session (f->window);
  g_autoptr(SdCondition) condition = sd_condition_new_number (SD_CONDITION_FIELD_RFM_R, SD_CONDITION_OP_EQ, 5);
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 expected;
  guint n;

  sd_window_show_customers (f->window, condition, NULL, "RFM R5");
  wait_reload (f);
  query->condition = sd_condition_ref (condition);
  expected = sd_customers_count (session, query, NULL);
  g_assert_cmpint (expected, >, 0);
  g_assert_cmpint (expected, <, 2000);
  g_assert_cmpint (g_list_model_get_n_items (f->model), ==, expected);
  for (guint i = 0; i < g_list_model_get_n_items (f->model); i++)
    {
      g_autoptr(SdCustomerTier) tier = sd_tiers_get_customer (session, sd_gui_test_row_customer (f->model, i)->id, NULL);
      g_assert_cmpint (tier->rfm_r, ==, 5);
    }

  /* A search narrows it further (AND). */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL);
  gtk_editable_set_text (search_entry (f), "1");
  wait_reload (f);
  query->text = g_strdup ("1");
  n = g_list_model_get_n_items (f->model);
  g_assert_cmpint (n, ==, sd_customers_count (session, query, NULL));
  g_assert_cmpint (n, <, expected);
  g_assert_true (chip_shows (f, "RFM R5"));

  /* A new subset replaces it, search included; ids and a condition together are ANDed. */
  for (gint64 id = 1; id <= 200; id++)
    g_array_append_val (ids, id);
  sd_window_show_customers (f->window, condition, ids, "RFM R5 of the first 200");
  wait_reload (f);
  g_assert_cmpstr (gtk_editable_get_text (search_entry (f)), ==, "");
  g_clear_pointer (&query->text, g_free);
  query->ids = g_array_ref (ids);
  n = g_list_model_get_n_items (f->model);
  g_assert_cmpint (n, ==, sd_customers_count (session, query, NULL));
  g_assert_cmpint (n, <, 200);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (sd_gui_test_row_customer (f->model, i)->id, <=, 200);

  /* Clear Filters also shows everyone. */
  g_signal_emit_by_name (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, "clear_filters_button"), "clicked");
  wait_reload (f);
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, 2000);
  g_assert_false (chip_shows (f, "RFM R5 of the first 200"));
}

static SdTierLadder *
ladder_of (SdSession *session)
{
  g_autoptr(GError) error = NULL;
  SdTierLadder *ladder = sd_tiers_get_ladder (session, &error);

  g_assert_no_error (error);
  return ladder;
}

static void
test_tier_column_sorts (Fixture       *f,
                        gconstpointer  data)
{
  SdSession *session = sd_window_get_session (f->window);
  g_autoptr(SdTierLadder) ladder = ladder_of (session);
  guint n = g_list_model_get_n_items (f->model);
  int top;

  sort_and_check (f, "Tier", GTK_SORT_DESCENDING, tier_key, n);
  top = sd_gui_test_row_customer (f->model, 0)->tier;
  g_assert_cmpint (sd_gui_test_row_customer (f->model, n - 1)->tier, <, top);
  /* The first rows drawn all hold the top grade: its name is in the view, a low one's is not. */
  g_assert_true (view_shows (GTK_WIDGET (f->view), sd_tier_ladder_get_name (ladder, top)));
  g_assert_false (view_shows (GTK_WIDGET (f->view), sd_tier_ladder_get_name (ladder, 0)));

  sort_and_check (f, "Tier", GTK_SORT_ASCENDING, tier_key, n);
  g_assert_true (view_shows (GTK_WIDGET (f->view), sd_tier_ladder_get_name (ladder, sd_gui_test_row_customer (f->model, 0)->tier)));
  g_assert_false (view_shows (GTK_WIDGET (f->view), sd_tier_ladder_get_name (ladder, top)));
}

static void
test_tier_filter_and_names (Fixture       *f,
                            gconstpointer  data)
{
  SdSession *session = sd_window_get_session (f->window);
  GtkDropDown *tier = GTK_DROP_DOWN (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_DROP_DOWN, "tier_filter"));
  GListModel *names = gtk_drop_down_get_model (tier);
  g_autoptr(SdCondition) r5 = sd_condition_new_number (SD_CONDITION_FIELD_RFM_R, SD_CONDITION_OP_EQ, 5);
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SdTierLadder) ladder = NULL;
  gint64 counts[SD_TIER_N_GRADES], none;
  SdTierGrade grade;
  int tested = 0;

  g_assert_true (sd_tiers_count (session, counts, &none, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, SD_TIER_N_GRADES + 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 4), ==, "VIP member");
  for (int g = 0; g < SD_TIER_N_GRADES; g++)
    {
      g_autofree char *expected = NULL;

      if (counts[g] == 0)
        continue;
      gtk_drop_down_set_selected (tier, g + 1);
      wait_reload (f);
      g_assert_cmpint (g_list_model_get_n_items (f->model), ==, counts[g]);
      for (guint i = 0; i < g_list_model_get_n_items (f->model); i++)
        g_assert_cmpint (sd_gui_test_row_customer (f->model, i)->tier, ==, g);
      expected = g_strdup_printf ("%lld of 2,000 customers", (long long) counts[g]);
      if (counts[g] < 1000)
        g_assert_cmpstr (subtitle (f), ==, expected);
      tested++;
    }
  g_assert_cmpint (tested, >=, 2);

  /* With a subset: both (AND). */
  sd_window_show_customers (f->window, r5, NULL, "RFM R5");
  wait_reload (f);
  gtk_drop_down_set_selected (tier, 2);
  wait_reload (f);
  g_assert_true (chip_shows (f, "RFM R5"));
  query->condition = sd_condition_parse ("rfm_r = 5 and tier = 1", NULL);
  g_assert_cmpint (g_list_model_get_n_items (f->model), ==, sd_customers_count (session, query, NULL));
  g_assert_cmpint (g_list_model_get_n_items (f->model), <, counts[1]);

  /* A grade renamed on the Tiers page: the filter and the column say the new name. */
  ladder = ladder_of (session);
  grade = ladder->grades[1];
  grade.name = (char *) "银卡会员";
  g_assert_true (sd_tiers_set_grade (session, 1, &grade, NULL, &error));
  g_assert_no_error (error);
  sd_customers_page_reload_tiers (f->page);
  wait_reload (f);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 2), ==, "银卡会员");
  g_assert_cmpuint (gtk_drop_down_get_selected (tier), ==, 2);
  g_assert_true (view_shows (GTK_WIDGET (f->view), "银卡会员"));
}

static void
log_items_changed (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   GString    *log)
{
  g_string_append_printf (log, "%u-%u+%u ", position, removed, added);
}

static gboolean
list_loaded (gpointer list)
{
  return !sd_customer_list_get_loading (list);
}

/* The whole shop's first rows are there at once, before the worker has listed everyone;
 * the rest is added after them, the rows shown left as they are. A search waits for its
 * whole answer. */
static void
test_first_rows_ahead (void)
{
  g_autoptr(SdSession) session = sd_test_login_owner (demo_path);
  g_autoptr(SdCustomerList) list = sd_customer_list_new ();
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  g_autoptr(GString) log = g_string_new ("");
  g_autoptr(SdCustomerRow) first = NULL;
  g_autoptr(SdCustomerRow) again = NULL;
  g_autofree char *expected = NULL;
  gint64 first_id;

  g_signal_connect (list, "items-changed", G_CALLBACK (log_items_changed), log);
  query->sort = SD_CUSTOMER_SORT_TOTAL_SPENT;
  query->descending = TRUE;
  sd_customer_list_set_query (list, query);
  sd_customer_list_set_session (list, session);
  g_assert_true (sd_customer_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 100);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  first_id = sd_customer_list_get_id (list, 0);
  g_assert_cmpint (sd_customer_row_get_customer (first)->id, ==, first_id);

  g_assert_true (sd_gui_test_wait_for (list_loaded, list, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2000);
  g_assert_cmpstr (log->str, ==, "0-0+100 100-0+1900 ");
  again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (again == first);

  /* A search: nothing until its whole answer, which replaces the rows. */
  g_string_truncate (log, 0);
  g_free (query->text);
  query->text = g_strdup ("王");
  sd_customer_list_set_query (list, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2000);
  g_assert_true (sd_gui_test_wait_for (list_loaded, list, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, sd_customers_count (session, query, NULL));
  expected = g_strdup_printf ("0-2000+0 0-0+%u ", g_list_model_get_n_items (G_LIST_MODEL (list)));
  g_assert_cmpstr (log->str, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  sd_gui_test_init (&argc, &argv);
  demo_path = sd_gui_test_make_demo (2000);

  g_test_add_func ("/gui/customers/first-rows-ahead", test_first_rows_ahead);
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
  g_test_add ("/gui/customers/filter-by-tag", Fixture, NULL, fixture_set_up, test_filter_by_tag, fixture_tear_down);
  g_test_add ("/gui/customers/tag-selection-and-undo", Fixture, NULL, fixture_set_up,
              test_tag_selection_and_undo, fixture_tear_down);
  g_test_add ("/gui/customers/show-subset-of-ids", Fixture, NULL, fixture_set_up,
              test_show_subset_of_ids, fixture_tear_down);
  g_test_add ("/gui/customers/show-subset-condition-and-search", Fixture, NULL, fixture_set_up,
              test_show_subset_condition_and_search, fixture_tear_down);
  g_test_add ("/gui/customers/tier-column-sorts", Fixture, NULL, fixture_set_up,
              test_tier_column_sorts, fixture_tear_down);
  g_test_add ("/gui/customers/tier-filter-and-names", Fixture, NULL, fixture_set_up,
              test_tier_filter_and_names, fixture_tear_down);
  status = g_test_run ();
  g_free (demo_path);
  return status;
}
