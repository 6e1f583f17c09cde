/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-customers-page.h"
#include "sd-customers.h"
#include "sd-gui-test-util.h"
#include "sd-rfm-chart.h"
#include "sd-rfm-page.h"
#include "sd-test-util.h"
#include "sd-tiers.h"
#include "sd-values.h"

typedef struct
{
  SdWindow        *window;
  SdSession       *session;
  SdRfmPage       *page;
  SdCustomersPage *customers;
  GListModel      *model;
  guint            loads;       /* the RFM page's reads finished */
  guint            list_loads;  /* the customer list's */
} Fixture;

static char *demo_path;

static void
rfm_loaded_cb (SdRfmPage *page,
               Fixture   *f)
{
  f->loads++;
}

static void
list_loaded_cb (SdCustomersPage *page,
                Fixture         *f)
{
  f->list_loads++;
}

static void
open_window (Fixture    *f,
             const char *path)
{
  GtkWidget *view;

  f->window = sd_gui_test_open_window (path);
  f->session = sd_window_get_session (f->window);
  f->page = SD_RFM_PAGE (sd_gui_test_find (GTK_WIDGET (f->window), SD_TYPE_RFM_PAGE, NULL));
  f->customers = SD_CUSTOMERS_PAGE (sd_window_get_customers_page (f->window));
  view = sd_gui_test_find (GTK_WIDGET (f->customers), GTK_TYPE_COLUMN_VIEW, NULL);
  f->model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  g_signal_connect (f->page, "loaded", G_CALLBACK (rfm_loaded_cb), f);
  g_signal_connect (f->customers, "count-changed", G_CALLBACK (list_loaded_cb), f);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  open_window (f, demo_path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    sd_gui_test_close_window (f->window);
}

static gboolean
page_read (gpointer data)
{
  Fixture *f = data;

  return f->loads > 0 && !sd_rfm_page_get_busy (f->page);
}

/* Shows the RFM page from the sidebar's way in and waits for its read. */
static void
show_rfm (Fixture *f)
{
  f->loads = 0;
  sd_window_show_page (f->window, "rfm");
  g_assert_true (sd_gui_test_wait_for (page_read, f, 10000));
  sd_gui_test_spin (50);
}

static const char *
content_page (Fixture *f)
{
  GtkStack *content = GTK_STACK (sd_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_STACK, "content_stack"));

  return gtk_stack_get_visible_child_name (content);
}

static const char *
page_state (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_STACK, "stack")));
}

static SdRfmGrid
core_grid (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SdRfmGrid grid;

  g_assert_true (sd_rfm_grid (f->session, &grid, &error));
  g_assert_no_error (error);
  return grid;
}

static GtkWidget *
cell (Fixture *f,
      int      r,
      int      f_score)
{
  g_autofree char *name = g_strdup_printf ("cell-r%d-f%d", r, f_score);
  GtkWidget *button = sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, name);

  g_assert_nonnull (button);
  return button;
}

/* The count a cell shows: its first label. */
static const char *
cell_count (Fixture *f,
            int      r,
            int      f_score)
{
  GtkWidget *label = sd_gui_test_find (cell (f, r, f_score), GTK_TYPE_LABEL, NULL);

  return gtk_label_get_label (GTK_LABEL (label));
}

static void
test_grid_counts (Fixture       *f,
                  gconstpointer  data)
{
  SdRfmGrid grid = core_grid (f);
  const SdRfmGrid *shown;
  AdwWindowTitle *title;
  g_autofree char *scored = sd_format_count (grid.scored);
  g_autofree char *unscored = sd_format_count (grid.unscored);
  g_autofree char *subtitle = g_strdup_printf ("%s scored · %s not scored", scored, unscored);
  gint64 sum = 0;

  show_rfm (f);
  g_assert_cmpstr (content_page (f), ==, "rfm");
  g_assert_cmpstr (page_state (f), ==, "grid");
  g_assert_cmpint (grid.scored, >, 0);
  shown = sd_rfm_page_get_grid (f->page);
  g_assert_nonnull (shown);
  g_assert_cmpmem (shown, sizeof *shown, &grid, sizeof grid);

  /* Every cell shows the core's count, with separators. */
  for (int r = 1; r <= SD_RFM_SCORES; r++)
    for (int fs = 1; fs <= SD_RFM_SCORES; fs++)
      {
        g_autofree char *expected = sd_format_count (grid.cells[r - 1][fs - 1]);
        g_assert_cmpstr (cell_count (f, r, fs), ==, expected);
        g_assert_true (gtk_widget_get_mapped (cell (f, r, fs)));
        sum += grid.cells[r - 1][fs - 1];
      }
  g_assert_cmpint (sum, ==, grid.scored);
  title = ADW_WINDOW_TITLE (sd_gui_test_find (GTK_WIDGET (f->page), ADW_TYPE_WINDOW_TITLE, "title"));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, subtitle);

  /* And every group its count and share. */
  for (SdRfmGroup group = SD_RFM_GROUP_NONE + 1; group < SD_RFM_GROUP_N; group++)
    {
      GtkWidget *row = sd_gui_test_find (GTK_WIDGET (f->page), ADW_TYPE_ACTION_ROW, sd_rfm_group_to_string (group));
      g_autofree char *name = g_strdup_printf ("count-%s", sd_rfm_group_to_string (group));
      g_autofree char *count = sd_format_count (grid.groups[group]);
      g_autofree char *expected = g_strdup_printf ("%s · %.1f%%", count, 100.0 * (double) grid.groups[group] / (double) grid.scored);

      g_assert_nonnull (row);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, sd_rfm_group_get_label (group));
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (sd_gui_test_find (row, GTK_TYPE_LABEL, name))), ==, expected);
    }
}

static gboolean
list_read (gpointer data)
{
  Fixture *f = data;
  GtkWidget *spinner = sd_gui_test_find (GTK_WIDGET (f->customers), GTK_TYPE_SPINNER, NULL);

  return f->list_loads > 0 && !gtk_widget_get_visible (spinner);
}

static void
wait_list (Fixture *f)
{
  g_assert_true (sd_gui_test_wait_for (list_read, f, 10000));
  sd_gui_test_spin (50);
}

static const char *
chip_label (Fixture *f)
{
  GtkRevealer *revealer = GTK_REVEALER (sd_gui_test_find (GTK_WIDGET (f->customers), GTK_TYPE_REVEALER, "subset_revealer"));

  if (!gtk_revealer_get_reveal_child (revealer))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (sd_gui_test_find (GTK_WIDGET (f->customers), GTK_TYPE_LABEL, "subset_label")));
}

static void
test_click_cell_lists_it (Fixture       *f,
                          gconstpointer  data)
{
  SdRfmGrid grid = core_grid (f);
  int best_r = 0, best_f = 0;
  g_autofree char *label = NULL;
  guint n;

  show_rfm (f);
  /* The fullest cell below the top corner, so that it is neither all nor none. */
  for (int r = 1; r <= SD_RFM_SCORES; r++)
    for (int fs = 1; fs <= SD_RFM_SCORES; fs++)
      if (best_r == 0 || grid.cells[r - 1][fs - 1] > grid.cells[best_r - 1][best_f - 1])
        best_r = r, best_f = fs;
  g_assert_cmpint (grid.cells[best_r - 1][best_f - 1], >, 0);

  f->list_loads = 0;
  g_signal_emit_by_name (cell (f, best_r, best_f), "clicked");
  wait_list (f);
  g_assert_cmpstr (content_page (f), ==, "customers");
  n = g_list_model_get_n_items (f->model);
  g_assert_cmpint (n, ==, grid.cells[best_r - 1][best_f - 1]);
  label = g_strdup_printf ("RFM R%d · F%d", best_r, best_f);
  g_assert_cmpstr (chip_label (f), ==, label);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SdCustomerTier) tier = sd_tiers_get_customer (f->session, sd_gui_test_row_customer (f->model, i)->id, NULL);
      g_assert_cmpint (tier->rfm_r, ==, best_r);
      g_assert_cmpint (tier->rfm_f, ==, best_f);
    }

  /* An empty cell cannot be clicked. */
  for (int r = 1; r <= SD_RFM_SCORES; r++)
    for (int fs = 1; fs <= SD_RFM_SCORES; fs++)
      g_assert_cmpint (gtk_widget_get_sensitive (cell (f, r, fs)), ==, grid.cells[r - 1][fs - 1] > 0);
}

static void
test_click_group_lists_it (Fixture       *f,
                           gconstpointer  data)
{
  SdRfmGrid grid = core_grid (f);
  GtkWidget *list, *row;
  g_autofree char *label = NULL;

  show_rfm (f);
  g_assert_cmpint (grid.groups[SD_RFM_GROUP_CHAMPIONS], >, 0);
  list = sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_LIST_BOX, "groups_list");
  row = sd_gui_test_find (list, ADW_TYPE_ACTION_ROW, "champions");
  f->list_loads = 0;
  g_signal_emit_by_name (list, "row-activated", row);
  wait_list (f);
  g_assert_cmpstr (content_page (f), ==, "customers");
  g_assert_cmpint (g_list_model_get_n_items (f->model), ==, grid.groups[SD_RFM_GROUP_CHAMPIONS]);
  label = g_strdup_printf ("RFM: %s", sd_rfm_group_get_label (SD_RFM_GROUP_CHAMPIONS));
  g_assert_cmpstr (chip_label (f), ==, label);
  for (guint i = 0; i < g_list_model_get_n_items (f->model); i++)
    g_assert_cmpint (sd_gui_test_row_customer (f->model, i)->rfm_group, ==, SD_RFM_GROUP_CHAMPIONS);
}

static void
test_read_again_when_shown (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SdRfmGrid before, after;
  gint64 id;

  show_rfm (f);
  before = *sd_rfm_page_get_grid (f->page);
  /* Meanwhile a new buyer's orders are imported elsewhere: scored at the next recompute. */
  sd_window_show_page (f->window, "customers");
  sd_gui_test_spin (50);
  id = sd_test_add_customer (f->session, "tb_rfm_new", "新买家", NULL);
  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (f->session, id);
    g_assert_cmpint (c->order_count, ==, 0);
  }
  g_assert_true (sd_tiers_recompute (f->session, NULL, 0, NULL, &error));
  g_assert_no_error (error);
  after = core_grid (f);
  g_assert_cmpint (after.unscored, ==, before.unscored + 1);

  show_rfm (f);
  g_assert_cmpint (sd_rfm_page_get_grid (f->page)->unscored, ==, after.unscored);
}

static void
test_empty_shop (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SdSession) owner = sd_test_new_temp_shop (&dir, &path);

  sd_test_add_customer (owner, "tb_only", "唯一", NULL);
  sd_gui_test_close_window (f->window);
  open_window (f, path);
  show_rfm (f);
  g_assert_cmpstr (page_state (f), ==, "empty");
  g_assert_cmpint (sd_rfm_page_get_grid (f->page)->scored, ==, 0);
  /* The way on: the Tiers page, where tiers are recomputed. */
  g_signal_emit_by_name (sd_gui_test_find (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, "tiers_button"), "clicked");
  sd_gui_test_spin (50);
  g_assert_cmpstr (content_page (f), ==, "tiers");
  sd_gui_test_close_window (f->window);
  f->window = NULL;
  sd_test_remove_tree (dir);
}

static void
test_shades (void)
{
  g_assert_cmpint (sd_rfm_chart_shade (0, 100), ==, 0);
  g_assert_cmpint (sd_rfm_chart_shade (0, 0), ==, 0);
  g_assert_cmpint (sd_rfm_chart_shade (1, 100), ==, 1);
  g_assert_cmpint (sd_rfm_chart_shade (20, 100), ==, 1);
  g_assert_cmpint (sd_rfm_chart_shade (21, 100), ==, 2);
  g_assert_cmpint (sd_rfm_chart_shade (80, 100), ==, 4);
  g_assert_cmpint (sd_rfm_chart_shade (81, 100), ==, 5);
  g_assert_cmpint (sd_rfm_chart_shade (100, 100), ==, 5);
  g_assert_cmpint (sd_rfm_chart_shade (G_GINT64_CONSTANT (1000000), G_GINT64_CONSTANT (1000000)), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  sd_gui_test_init (&argc, &argv);
  demo_path = sd_gui_test_make_demo (2000);

  g_test_add_func ("/gui/rfm/shades", test_shades);
  g_test_add ("/gui/rfm/grid-counts", Fixture, NULL, fixture_set_up, test_grid_counts, fixture_tear_down);
  g_test_add ("/gui/rfm/click-cell-lists-it", Fixture, NULL, fixture_set_up, test_click_cell_lists_it,
              fixture_tear_down);
  g_test_add ("/gui/rfm/click-group-lists-it", Fixture, NULL, fixture_set_up, test_click_group_lists_it,
              fixture_tear_down);
  g_test_add ("/gui/rfm/read-again-when-shown", Fixture, NULL, fixture_set_up, test_read_again_when_shown,
              fixture_tear_down);
  g_test_add ("/gui/rfm/empty-shop", Fixture, NULL, fixture_set_up, test_empty_shop, fixture_tear_down);
  status = g_test_run ();
  g_free (demo_path);
  return status;
}
