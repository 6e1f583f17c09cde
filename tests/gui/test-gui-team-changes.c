/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-cases-page.h"
#include "sd-cases.h"
#include "sd-customer-detail.h"
#include "sd-customers.h"
#include "sd-gui-test-util.h"
#include "sd-test-util.h"

/* A team shop in the real window while another desktop (a session on a connection of its
 * own) changes it: the customer list shows the change within about a second, keeping the
 * row selected; a customer shown follows unless it is being edited, and then what was
 * typed stays; a case opened elsewhere appears in the Cases list. Needs a PostgreSQL
 * server (sd_test_pg_url ()); skipped without one. */

#define WAIT_MS   10000
/* "Within a second": the watch tells at once, the list reads on a worker; some slack for
 * a loaded test machine. */
#define SEEN_MS   2000

typedef struct
{
  char      *dir;
  char      *url;
  SdWindow  *window;
  SdSession *other;          /* the other desktop */
  gint64     zhang;
  gint64     li;
} Fixture;

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Shown;

static gint64
add_customer (SdSession  *session,
              const char *nick,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) customer = sd_customer_new ();

  g_free (customer->nick);
  customer->nick = g_strdup (nick);
  g_free (customer->name);
  customer->name = g_strdup (name);
  g_assert_true (sd_customers_save (session, customer, NULL, &error));
  g_assert_no_error (error);
  return customer->id;
}

static void
rename_customer (SdSession  *session,
                 gint64      id,
                 const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) customer = sd_customers_get (session, id, &error);

  g_assert_no_error (error);
  g_free (customer->name);
  customer->name = g_strdup (name);
  g_assert_true (sd_customers_save (session, customer, NULL, &error));
  g_assert_no_error (error);
}

/* Whether a label drawn under ROOT reads TEXT. */
static gboolean
label_drawn (GtkWidget  *root,
             const char *text)
{
  if (!gtk_widget_get_mapped (root))
    return FALSE;
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (label_drawn (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
shown_cb (gpointer data)
{
  Shown *shown = data;

  return label_drawn (shown->root, shown->text);
}

/* Spins until a label under ROOT reads TEXT; how long that took (ms), or -1 past WAIT. */
static gint64
wait_shown (GtkWidget  *root,
            const char *text,
            guint       wait_ms)
{
  Shown shown = { root, text };
  gint64 start = g_get_monotonic_time ();

  if (!sd_gui_test_wait_for (shown_cb, &shown, wait_ms))
    return -1;
  return (g_get_monotonic_time () - start) / G_TIME_SPAN_MILLISECOND;
}

static gboolean
listening_cb (gpointer data)
{
  SdChangeWatch *watch = sd_window_get_change_watch (data);

  return watch != NULL && sd_change_watch_get_listening (watch);
}

static guint
position_of (GListModel *model,
             gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      const SdCustomer *c = sd_gui_test_row_customer (model, i);
      if (c != NULL && c->id == id)
        return i;
    }
  g_assert_not_reached ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *why = NULL;
  g_autofree char *key = NULL;
  g_autoptr(SdSession) owner = NULL;

  if (sd_test_pg_url (&why) == NULL)
    {
      g_test_skip (why);
      return;
    }
  f->dir = sd_test_make_dir ();
  key = g_build_filename (f->dir, "team", NULL);
  f->url = sd_test_team_database (key);
  owner = sd_test_new_shop (f->url);
  f->zhang = add_customer (owner, "tb_zhang", "张三");
  f->li = add_customer (owner, "tb_li", "李四");
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *nick = g_strdup_printf ("tb_more_%u", i);
      g_autofree char *name = g_strdup_printf ("顾客%u", i);
      add_customer (owner, nick, name);
    }

  f->window = sd_gui_test_open_window (f->url);
  g_assert_true (sd_gui_test_wait_for (listening_cb, f->window, WAIT_MS));
  f->other = sd_test_login_owner (f->url);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    sd_gui_test_close_window (f->window);
  g_clear_object (&f->other);
  if (f->dir != NULL)
    sd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->url);
}

static void
test_customer_list (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *page;
  GtkColumnView *view;
  GtkSelectionModel *selection;
  gint64 took;

  if (f->window == NULL)
    return;
  page = sd_window_get_customers_page (f->window);
  view = GTK_COLUMN_VIEW (sd_gui_test_get (page, GTK_TYPE_COLUMN_VIEW, NULL));
  selection = gtk_column_view_get_model (view);
  g_assert_true (label_drawn (GTK_WIDGET (view), "张三"));
  gtk_selection_model_select_item (selection, position_of (G_LIST_MODEL (selection), f->li), TRUE);

  /* Renamed on the other desktop: the row drawn here reads the new name, the selected row
   * stays selected. */
  rename_customer (f->other, f->zhang, "张三丰");
  took = wait_shown (GTK_WIDGET (view), "张三丰", SEEN_MS);
  g_test_message ("renamed customer drawn after %" G_GINT64_FORMAT " ms", took);
  g_assert_cmpint (took, >=, 0);
  g_assert_false (label_drawn (GTK_WIDGET (view), "张三"));
  g_assert_true (gtk_selection_model_is_selected (selection, position_of (G_LIST_MODEL (selection), f->li)));
  g_assert_cmpuint (gtk_bitset_get_size (gtk_selection_model_get_selection (selection)), ==, 1);

  /* A customer added there is listed here, the selection still kept. */
  add_customer (f->other, "tb_wang", "王五");
  g_assert_cmpint (wait_shown (GTK_WIDGET (view), "王五", SEEN_MS), >=, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 33);
  g_assert_true (gtk_selection_model_is_selected (selection, position_of (G_LIST_MODEL (selection), f->li)));
}

static void
test_customer_detail (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *page;
  GtkColumnView *view;
  SdCustomerDetail *detail;
  GtkEditable *name;

  if (f->window == NULL)
    return;
  page = sd_window_get_customers_page (f->window);
  view = GTK_COLUMN_VIEW (sd_gui_test_get (page, GTK_TYPE_COLUMN_VIEW, NULL));
  detail = SD_CUSTOMER_DETAIL (sd_gui_test_get (page, SD_TYPE_CUSTOMER_DETAIL, NULL));
  name = GTK_EDITABLE (sd_gui_test_get (detail, ADW_TYPE_ENTRY_ROW, "name_row"));

  /* Looked at, not edited: the customer shown follows the other desktop. */
  g_signal_emit_by_name (view, "activate", position_of (G_LIST_MODEL (gtk_column_view_get_model (view)), f->li));
  sd_gui_test_spin (200);
  g_assert_cmpint (sd_customer_detail_get_customer_id (detail), ==, f->li);
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "李四");
  rename_customer (f->other, f->li, "李四娘");
  g_assert_cmpint (wait_shown (GTK_WIDGET (detail), "李四娘", SEEN_MS), >=, 0);
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "李四娘");

  /* Being edited: what the user typed stays, whatever the other desktop does. */
  gtk_editable_set_text (name, "李小四");
  sd_gui_test_spin (100);
  rename_customer (f->other, f->li, "李四郎");
  sd_gui_test_spin (SEEN_MS);
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "李小四");
  g_assert_cmpint (sd_customer_detail_get_customer_id (detail), ==, f->li);
}

static void
test_case_list (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SdCaseOpen open = { .type = SD_CASE_REFUND, .customer_id = 0, .title = "杯子碎了" };
  GtkWidget *cases;

  if (f->window == NULL)
    return;
  sd_window_show_page (f->window, "cases");
  cases = sd_gui_test_find (GTK_WIDGET (f->window), SD_TYPE_CASES_PAGE, NULL);
  g_assert_nonnull (cases);
  sd_gui_test_spin (300);
  g_assert_false (label_drawn (cases, "杯子碎了"));

  open.customer_id = f->zhang;
  g_assert_cmpint (sd_cases_open (f->other, &open, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (wait_shown (cases, "杯子碎了", SEEN_MS), >=, 0);
}

int
main (int    argc,
      char **argv)
{
  sd_gui_test_init (&argc, &argv);

  g_test_add ("/gui/team-changes/customer-list", Fixture, NULL, fixture_set_up, test_customer_list,
              fixture_tear_down);
  g_test_add ("/gui/team-changes/customer-detail", Fixture, NULL, fixture_set_up, test_customer_detail,
              fixture_tear_down);
  g_test_add ("/gui/team-changes/case-list", Fixture, NULL, fixture_set_up, test_case_list, fixture_tear_down);
  return g_test_run ();
}
