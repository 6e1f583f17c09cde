/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>
#include <math.h>

#include "sd-chatlog.h"
#include "sd-conversations.h"
#include "sd-db-private.h"
#include "sd-gui-test-util.h"
#include "sd-kpi-chart.h"
#include "sd-kpi-format.h"
#include "sd-kpi.h"
#include "sd-reports-page.h"
#include "sd-staff.h"
#include "sd-test-util.h"

#define BIT(p) SD_PERMISSION_BIT (SD_PERMISSION_##p)

/* 2026-03-02 00:00:00 in the shop's time zone (+08:00), a Monday; the chat log of
 * tests/data/chatlog/kpi-small.csv and its figures are worked out in tests/core/test-kpi.c. */
#define T 1772380800
#define DAY 86400

typedef struct
{
  SdGuiTestShop  shop;
  SdReportsPage *page;
  SdSession     *wang;       /* reports.own and conversations.own */
  guint          loaded;
} Fixture;

static void
loaded_cb (Fixture *f)
{
  f->loaded++;
}

/* The customers, orders, ratings and cases of test-kpi.c, then the chat log through the core. */
static void
fill_shop (Fixture *f)
{
  g_autoptr(SdSession) li = sd_test_staff_session (f->shop.owner, "小李", BIT (REPORTS_OWN) | BIT (CONVERSATIONS_OWN));
  g_autofree char *path = g_build_filename (g_getenv ("SHOPDESK_TEST_DATA"), "chatlog", "kpi-small.csv", NULL);
  g_autoptr(SdChatlogResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cases = NULL;
  gint64 li_id = sd_session_get_staff_id (li), wang_id;

  f->wang = sd_test_staff_session (f->shop.owner, "小王", BIT (REPORTS_OWN) | BIT (CONVERSATIONS_OWN));
  wang_id = sd_session_get_staff_id (f->wang);
  g_assert_true (sd_staff_set_department (f->shop.owner, li_id, 3, &error));
  g_assert_no_error (error);
  sd_test_add_customer (f->shop.owner, "张三", NULL, NULL);
  sd_test_add_customer (f->shop.owner, "李四", NULL, NULL);
  sd_test_add_customer (f->shop.owner, "钱七", NULL, NULL);
  sd_test_add_customer (f->shop.owner, "赵六", NULL, NULL);
  sd_test_add_customer (f->shop.owner, "孙八", NULL, NULL);
  g_assert_true (sd_chatlog_import (f->shop.owner, path, NULL, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->conversations, ==, 9);

  sd_test_exec (f->shop.owner,
                "INSERT INTO orders (platform_order_id, customer_id, amount_cents, created_at, paid_at) "
                "SELECT 'a', id, 10000, 1772424000, 1772424060 FROM customers WHERE nick = '张三' UNION ALL "
                "SELECT 'b', id, 5000, 1772539200, 1772539260 FROM customers WHERE nick = '李四' UNION ALL "
                "SELECT 'c', id, 8800, 1772433600, 1772433660 FROM customers WHERE nick = '钱七' UNION ALL "
                "SELECT 'c2', id, 2000, 1772434800, 0 FROM customers WHERE nick = '钱七' UNION ALL "
                "SELECT 'd', id, 3000, 1772366400, 1772366460 FROM customers WHERE nick = '赵六' UNION ALL "
                "SELECT 'e', id, 6000, 1772586000, 1772586060 FROM customers WHERE nick = '孙八'");
  /* C1 (张三 10:00) 5, C2 (李四 10:10) 2, C3 (王五 11:00) 4, C5 (钱七 14:00) 5, C8 (张三 03-03) 3. */
  sd_test_exec (f->shop.owner,
                "UPDATE conversations SET rating = CASE buyer_nick || opened_at "
                "  WHEN '张三1772416800' THEN 5 WHEN '李四1772417400' THEN 2 WHEN '王五1772420400' THEN 4 "
                "  WHEN '钱七1772431200' THEN 5 WHEN '张三1772494200' THEN 3 ELSE 0 END, rated_at = opened_at");
  /* Cases: 小李's resolved in time and an hour late, 小王's in time and one open. */
  cases = g_strdup_printf ("INSERT INTO cases (type, state, staff_id, created_at, updated_at, deadline_at, resolved_at) "
                           "VALUES ('other', 'resolved', %lld, %d, %d, %d, %d), "
                           "('other', 'resolved', %lld, %d, %d, %d, %d), "
                           "('other', 'resolved', %lld, %d, %d, %d, %d), "
                           "('other', 'in_progress', %lld, %d, %d, %d, 0)",
                           (long long) li_id, T + 39900, T + 39900, T + 39900 + DAY, T + 64800,
                           (long long) li_id, T + 41400, T + 41400, T + 43200, T + 46800,
                           (long long) wang_id, T + 30000, T + 30000, T + 2 * DAY, T + DAY + 36000,
                           (long long) wang_id, T + 30000, T + 30000, T + 100000);
  sd_test_exec (f->shop.owner, cases);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->page = SD_REPORTS_PAGE (sd_reports_page_new ());
  sd_gui_test_shop_set_up (&f->shop, GTK_WIDGET (f->page));
  fill_shop (f);
  g_signal_connect_swapped (f->page, "loaded", G_CALLBACK (loaded_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sd_gui_test_shop_tear_down (&f->shop);
  g_clear_object (&f->wang);
}

typedef struct
{
  Fixture *f;
  guint    loaded;
} LoadWait;

static gboolean
loaded_since (gpointer data)
{
  LoadWait *wait = data;

  return wait->f->loaded > wait->loaded && !sd_reports_page_get_busy (wait->f->page);
}

/* Runs ACT, then spins until the page has loaded what it started. */
#define AFTER_LOAD(f, act) \
  G_STMT_START { \
    LoadWait wait_ = { (f), (f)->loaded }; \
    act; \
    g_assert_true (sd_gui_test_wait_for (loaded_since, &wait_, 20000)); \
  } G_STMT_END

static const char *
shown_value (Fixture    *f,
             SdKpiFigure figure)
{
  g_autofree char *name = g_strdup_printf ("value-%s", sd_kpi_figure_to_string (figure));

  return gtk_label_get_label (GTK_LABEL (sd_gui_test_get (f->page, GTK_TYPE_LABEL, name)));
}

static const char *
visible_page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (sd_gui_test_get (f->page, GTK_TYPE_STACK, "stack")));
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;
  return n;
}

/* Whether a visible label under ROOT reads TEXT. */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_is_drawable (root) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static void
activate_figure (Fixture     *f,
                 SdKpiFigure  figure)
{
  GtkFlowBox *box = GTK_FLOW_BOX (sd_gui_test_get (f->page, GTK_TYPE_FLOW_BOX, "figures_box"));

  g_signal_emit_by_name (box, "child-activated", gtk_flow_box_get_child_at_index (box, figure));
}

static void
choose_custom_range (Fixture    *f,
                     const char *first,
                     const char *last)
{
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (f->page, GTK_TYPE_ENTRY, "from_entry")), first);
  gtk_editable_set_text (GTK_EDITABLE (sd_gui_test_get (f->page, GTK_TYPE_ENTRY, "to_entry")), last);
  g_signal_emit_by_name (sd_gui_test_get (f->page, GTK_TYPE_BUTTON, "apply_button"), "clicked");
}

static void
test_manager (Fixture       *f,
              gconstpointer  data)
{
  GtkDropDown *range = GTK_DROP_DOWN (sd_gui_test_get (f->page, GTK_TYPE_DROP_DOWN, "range_dropdown"));
  GtkDropDown *period = GTK_DROP_DOWN (sd_gui_test_get (f->page, GTK_TYPE_DROP_DOWN, "period_dropdown"));
  GtkDropDown *scope = GTK_DROP_DOWN (sd_gui_test_get (f->page, GTK_TYPE_DROP_DOWN, "scope_dropdown"));
  GtkListBox *drill = GTK_LIST_BOX (sd_gui_test_get (f->page, GTK_TYPE_LIST_BOX, "drill_list"));
  GtkWidget *from_entry = sd_gui_test_get (f->page, GTK_TYPE_ENTRY, "from_entry");
  g_autofree char *csv_path = g_build_filename (f->shop.dir, "kpi.csv", NULL);
  g_autofree char *written = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *chart = NULL;
  const SdKpiReport *report;
  guint i;

  /* The last 7 days of today: the chat log is from March, nothing to show. */
  AFTER_LOAD (f, sd_reports_page_set_session (f->page, f->shop.owner); sd_gui_test_present (f->shop.window));
  g_assert_cmpstr (visible_page (f), ==, "empty");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (scope)));
  /* The shop, its four departments, its agents (the owner, 小王, 小李). */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (scope)), ==, 1 + 4 + 3);

  /* Custom dates: a wrong one is marked at its field and computes nothing. */
  gtk_drop_down_set_selected (range, 4);
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BOX, "custom_box")));
  choose_custom_range (f, "2026-13-01", "2026-03-03");
  g_assert_true (gtk_widget_has_css_class (from_entry, "error"));
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_LABEL, "range_message")));
  choose_custom_range (f, "2026-03-04", "2026-03-02");
  g_assert_true (gtk_widget_has_css_class (sd_gui_test_get (f->page, GTK_TYPE_ENTRY, "to_entry"), "error"));

  AFTER_LOAD (f, choose_custom_range (f, "2026-03-02", "2026-03-03"));
  g_assert_false (gtk_widget_has_css_class (from_entry, "error"));
  g_assert_cmpstr (visible_page (f), ==, "report");
  report = sd_reports_page_get_report (f->page);
  g_assert_cmpint (report->query.from, ==, T);
  g_assert_cmpint (report->query.to, ==, T + 2 * DAY);
  g_assert_cmpuint (report->rows->len, ==, 2);
  /* test-kpi.c's /core/kpi/shop, as people read it: 495 / 8 s, 300 s, 5 / 9, 9 / 13,
   * 925 / 11 s, 13 / 14, 7, 3 / 6, ¥238.00, ¥238.00 / 3, 3 / 5, 5 / 9, 3, 2 / 3. */
  g_assert_cmpstr (shown_value (f, SD_KPI_FIRST_RESPONSE_MEAN), ==, "1:02");
  g_assert_cmpstr (shown_value (f, SD_KPI_FIRST_RESPONSE_P90), ==, "5:00");
  g_assert_cmpstr (shown_value (f, SD_KPI_FIRST_RESPONSE_30S), ==, "55.6%");
  g_assert_cmpstr (shown_value (f, SD_KPI_ROUNDS_3MIN), ==, "69.2%");
  g_assert_cmpstr (shown_value (f, SD_KPI_RESPONSE_MEAN), ==, "1:24");
  g_assert_cmpstr (shown_value (f, SD_KPI_ANSWER_RATIO), ==, "0.93");
  g_assert_cmpstr (shown_value (f, SD_KPI_BUYERS), ==, "7");
  g_assert_cmpstr (shown_value (f, SD_KPI_CONVERSION), ==, "50.0%");
  g_assert_cmpstr (shown_value (f, SD_KPI_SALES), ==, "¥238.00");
  g_assert_cmpstr (shown_value (f, SD_KPI_AVERAGE_ORDER), ==, "¥79.33");
  g_assert_cmpstr (shown_value (f, SD_KPI_GOOD_RATINGS), ==, "60.0%");
  g_assert_cmpstr (shown_value (f, SD_KPI_RATING_RATE), ==, "55.6%");
  g_assert_cmpstr (shown_value (f, SD_KPI_CASES_RESOLVED), ==, "3");
  g_assert_cmpstr (shown_value (f, SD_KPI_CASES_IN_TIME), ==, "66.7%");
  /* The formula is there in words, not only in a tooltip. */
  g_assert_true (shows_text (GTK_WIDGET (f->page), sd_kpi_figure_get_formula (SD_KPI_ANSWER_RATIO)));
  chart = sd_kpi_chart_describe (SD_KPI_CHART (sd_gui_test_get (f->page, SD_TYPE_KPI_CHART, "chart")));
  /* Day 1: 195 / 7 s; day 2: C8's 300 s. */
  g_assert_cmpstr (chart, ==, "03-02: 28 s\n03-03: 5:00");
  g_clear_pointer (&chart, g_free);

  /* By week: the one week of Monday 03-02. */
  AFTER_LOAD (f, gtk_drop_down_set_selected (period, 1));
  g_assert_cmpuint (sd_reports_page_get_report (f->page)->rows->len, ==, 1);
  chart = sd_kpi_chart_describe (SD_KPI_CHART (sd_gui_test_get (f->page, SD_TYPE_KPI_CHART, "chart")));
  g_assert_cmpstr (chart, ==, "03-02: 1:02");
  g_clear_pointer (&chart, g_free);
  /* A choice made while the one before is still computing: the later one is shown. */
  AFTER_LOAD (f, {
    gtk_drop_down_set_selected (period, 2);
    gtk_drop_down_set_selected (period, 1);
  });
  g_assert_cmpint (sd_reports_page_get_report (f->page)->query.bucket, ==, SD_KPI_BY_WEEK);

  /* Drill-downs: the 3 inquiries that led to sales, the 8 conversations answered. */
  AFTER_LOAD (f, activate_figure (f, SD_KPI_SALES));
  g_assert_cmpuint (count_rows (drill), ==, 3);
  chart = sd_kpi_chart_describe (SD_KPI_CHART (sd_gui_test_get (f->page, SD_TYPE_KPI_CHART, "chart")));
  g_assert_cmpstr (chart, ==, "03-02: ¥238.00");
  AFTER_LOAD (f, activate_figure (f, SD_KPI_FIRST_RESPONSE_MEAN));
  g_assert_cmpuint (count_rows (drill), ==, 8);
  g_assert_true (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_BOX, "drill_section")));

  /* The CSV: what the core writes for the report shown. */
  AFTER_LOAD (f, {
    gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.export", NULL);
    sd_gui_test_save_in_chooser (csv_path);
  });
  g_assert_true (g_file_get_contents (csv_path, &written, NULL, NULL));
  expected = sd_kpi_report_to_csv (sd_reports_page_get_report (f->page));
  g_assert_cmpstr (written, ==, expected);
  g_assert_nonnull (strstr (written, "\r\nweek,2026-03-02T00:00:00+08:00,2026-03-04T00:00:00+08:00,9,61.875,300,"));
  g_assert_true (g_str_has_suffix (written, "\r\ntotal,2026-03-02T00:00:00+08:00,2026-03-04T00:00:00+08:00,9,61.875,"
                                             "300,0.5556,0.6923,84.0909,0.9286,7,0.5,23800,7933.3333,0.6,0.5556,3,"
                                             "0.6667,0,1,1,1,2\r\n"));

  /* One agent's figures: 小王's. */
  for (i = 0; i < g_list_model_get_n_items (gtk_drop_down_get_model (scope)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (scope)), i),
                   "Agent: 小王") == 0)
      break;
  g_assert_cmpuint (i, <, g_list_model_get_n_items (gtk_drop_down_get_model (scope)));
  AFTER_LOAD (f, gtk_drop_down_set_selected (scope, i));
  report = sd_reports_page_get_report (f->page);
  g_assert_cmpint (report->query.staff_id, ==, sd_session_get_staff_id (f->wang));
  g_assert_cmpstr (shown_value (f, SD_KPI_FIRST_RESPONSE_MEAN), ==, "25 s");
  g_assert_cmpstr (shown_value (f, SD_KPI_BUYERS), ==, "4");
}

static void
test_own (Fixture       *f,
          gconstpointer  data)
{
  GtkListBox *drill = GTK_LIST_BOX (sd_gui_test_get (f->page, GTK_TYPE_LIST_BOX, "drill_list"));
  const SdKpiReport *report;
  gint64 now = T + 2 * DAY + 3600;

  /* The shop's clock on 03-04 01:00: the last 7 days hold the chat log. */
  sd_test_set_clock (sd_session_get_db (f->wang), &now);
  AFTER_LOAD (f, sd_reports_page_set_session (f->page, f->wang); sd_gui_test_present (f->shop.window));
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_DROP_DOWN, "scope_dropdown")));
  g_assert_cmpstr (visible_page (f), ==, "report");
  report = sd_reports_page_get_report (f->page);
  g_assert_cmpint (report->query.staff_id, ==, sd_session_get_staff_id (f->wang));
  g_assert_cmpint (report->query.from, ==, T + 2 * DAY - 6 * DAY);
  g_assert_cmpint (report->query.to, ==, T + 3 * DAY);
  g_assert_cmpuint (report->rows->len, ==, 7);
  /* test-kpi.c's /core/kpi/agents for 小王. */
  g_assert_cmpint (report->total->conversations, ==, 5);
  g_assert_cmpstr (shown_value (f, SD_KPI_FIRST_RESPONSE_MEAN), ==, "25 s");
  g_assert_cmpstr (shown_value (f, SD_KPI_FIRST_RESPONSE_P90), ==, "45 s");
  g_assert_cmpstr (shown_value (f, SD_KPI_ROUNDS_3MIN), ==, "75.0%");
  g_assert_cmpstr (shown_value (f, SD_KPI_RESPONSE_MEAN), ==, "1:15");
  g_assert_cmpstr (shown_value (f, SD_KPI_ANSWER_RATIO), ==, "0.89");
  g_assert_cmpstr (shown_value (f, SD_KPI_CONVERSION), ==, "75.0%");
  g_assert_cmpstr (shown_value (f, SD_KPI_GOOD_RATINGS), ==, "66.7%");
  g_assert_cmpstr (shown_value (f, SD_KPI_CASES_RESOLVED), ==, "1");

  /* His own conversations he may read: all five behind the first response. */
  AFTER_LOAD (f, activate_figure (f, SD_KPI_FIRST_RESPONSE_MEAN));
  g_assert_cmpuint (count_rows (drill), ==, 5);
  g_assert_false (gtk_widget_get_visible (sd_gui_test_get (f->page, GTK_TYPE_LABEL, "drill_status")));
}

static void
test_format (void)
{
  g_autofree char *seconds = sd_kpi_format_value (SD_KPI_FIRST_RESPONSE_MEAN, 12.4);
  g_autofree char *minutes = sd_kpi_format_value (SD_KPI_RESPONSE_MEAN, 62);
  g_autofree char *hours = sd_kpi_format_value (SD_KPI_RESPONSE_MEAN, 3723);
  g_autofree char *none = sd_kpi_format_value (SD_KPI_GOOD_RATINGS, NAN);
  g_autofree char *money = sd_kpi_format_value (SD_KPI_SALES, 123450);
  g_autofree char *count = sd_kpi_format_value (SD_KPI_BUYERS, 12345);
  g_autofree char *month = sd_kpi_format_bucket (T, SD_KPI_BY_MONTH);

  g_assert_cmpstr (seconds, ==, "12 s");
  g_assert_cmpstr (minutes, ==, "1:02");
  g_assert_cmpstr (hours, ==, "1:02:03");
  g_assert_cmpstr (none, ==, "–");
  g_assert_cmpstr (money, ==, "¥1,234.50");
  g_assert_cmpstr (count, ==, "12,345");
  g_assert_cmpstr (month, ==, "2026-03");
}

int
main (int    argc,
      char **argv)
{
  sd_gui_test_init (&argc, &argv);
  g_test_add_func ("/gui/reports/format", test_format);
  g_test_add ("/gui/reports/manager", Fixture, NULL, fixture_set_up, test_manager, fixture_tear_down);
  g_test_add ("/gui/reports/own", Fixture, NULL, fixture_set_up, test_own, fixture_tear_down);
  return g_test_run ();
}
