/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>

#include "sd-conversations.h"
#include "sd-db-private.h"
#include "sd-test-cli.h"
#include "sd-test-util.h"

/* The figures of tests/data/chatlog/kpi-small.csv are worked out by hand in test-kpi.c;
 * here the real binary imports the file and `kpi --json` must print the same numbers. */

static char *
kpi_csv (void)
{
  return g_build_filename (g_getenv ("SHOPDESK_TEST_DATA"), "chatlog", "kpi-small.csv", NULL);
}

static void
setup_staff (CliFixture *f)
{
  g_auto(Result) r = { 0 };

  cli_add_staff (f->db, "客服", "conversations.own,reports.own", "小王", "wang pass 1");
  cli_add_staff (f->db, "售后客服", "conversations.own,reports.own", "小李", "li pass 11");
  RUN (&r, f->db, "staff", "set-department", "小李", "aftersales");
  g_assert_cmpint (r.status, ==, 0);
}

/* The customers of test-kpi.c, before the import that matches them by nick. */
static void
add_customers (CliFixture *f)
{
  g_autoptr(SdSession) owner = sd_test_login_owner (f->db);

  sd_test_add_customer (owner, "张三", NULL, NULL);
  sd_test_add_customer (owner, "李四", NULL, NULL);
  sd_test_add_customer (owner, "钱七", NULL, NULL);
  sd_test_add_customer (owner, "赵六", NULL, NULL);
}

/* Their orders and the ratings of test-kpi.c, written through the core. */
static void
add_orders_and_ratings (CliFixture *f)
{
  g_autoptr(SdSession) owner = sd_test_login_owner (f->db);

  sd_test_exec (owner, "INSERT INTO orders (platform_order_id, customer_id, amount_cents, created_at, paid_at) "
                       "SELECT 'a', id, 10000, 1772424000, 1772424060 FROM customers WHERE nick = '张三' UNION ALL "
                       "SELECT 'b', id, 5000, 1772539200, 1772539260 FROM customers WHERE nick = '李四' UNION ALL "
                       "SELECT 'c', id, 8800, 1772433600, 1772433660 FROM customers WHERE nick = '钱七' UNION ALL "
                       "SELECT 'd', id, 3000, 1772366400, 1772366460 FROM customers WHERE nick = '赵六'");
  /* C1 (张三 10:00) 5, C2 (李四 10:10) 2, C3 (王五 11:00) 4, C5 (钱七 14:00) 5, C8 (张三 03-03) 3. */
  sd_test_exec (owner, "UPDATE conversations SET rating = CASE buyer_nick || opened_at "
                       "  WHEN '张三1772416800' THEN 5 WHEN '李四1772417400' THEN 2 WHEN '王五1772420400' THEN 4 "
                       "  WHEN '钱七1772431200' THEN 5 WHEN '张三1772494200' THEN 3 ELSE 0 END, rated_at = opened_at");
}

static double
member_double (JsonObject *o,
               const char *name)
{
  return json_node_get_double (json_object_get_member (o, name));
}

static void
test_import_and_kpi (CliFixture    *f,
                     gconstpointer  data)
{
  g_autofree char *csv = kpi_csv ();
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *total;

  setup_staff (f);
  add_customers (f);
  RUN (&r, f->db, "import", "chatlog", csv);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "9 new conversations with 27 messages");
  RUN (&r, f->db, "import", "chatlog", csv, "--json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "conversations"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "known"), ==, 9);
  g_clear_pointer (&root, json_node_unref);

  add_orders_and_ratings (f);
  RUN (&r, f->db, "kpi", "--from", "2026-03-02", "--to", "2026-03-04", "--json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  total = json_object_get_object_member (json_node_get_object (root), "total");
  g_assert_cmpint (json_object_get_int_member (total, "conversations"), ==, 9);
  g_assert_cmpfloat (member_double (total, "first_response_mean"), ==, 495.0 / 8);
  g_assert_cmpfloat (member_double (total, "first_response_p90"), ==, 300.0);
  g_assert_cmpfloat (member_double (total, "first_response_30s"), ==, 5.0 / 9);
  g_assert_cmpfloat (member_double (total, "rounds_3min"), ==, 9.0 / 13);
  g_assert_cmpfloat (member_double (total, "response_mean"), ==, 925.0 / 11);
  g_assert_cmpfloat (member_double (total, "answer_ratio"), ==, 13.0 / 14);
  g_assert_cmpfloat (member_double (total, "buyers"), ==, 7.0);
  /* 孙八 is no customer here: the 6 who asked before ordering, 3 paid. */
  g_assert_cmpfloat (member_double (total, "conversion"), ==, 3.0 / 6);
  g_assert_cmpfloat (member_double (total, "sales"), ==, 23800.0);
  g_assert_cmpfloat (member_double (total, "average_order"), ==, 23800.0 / 3);
  g_assert_cmpfloat (member_double (total, "good_ratings"), ==, 3.0 / 5);
  g_assert_cmpfloat (member_double (total, "rating_rate"), ==, 5.0 / 9);
  g_assert_cmpfloat (member_double (total, "cases_resolved"), ==, 0.0);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (total, "cases_in_time")));
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (json_node_get_object (root),
                                                                                  "formulas"), "answer_ratio"));
  g_clear_pointer (&root, json_node_unref);

  /* One agent, by day: 小王 answered C1 C2 C5 C6 on 03-02 and C7 (opened 23:59:50) too. */
  RUN (&r, f->db, "kpi", "--agent", "小王", "--from", "2026-03-02", "--to", "2026-03-04", "--by", "day", "--json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  total = json_object_get_object_member (json_node_get_object (root), "total");
  g_assert_cmpfloat (member_double (total, "first_response_mean"), ==, 25.0);
  g_assert_cmpfloat (member_double (total, "response_mean"), ==, 75.0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "buckets")),
                    ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (root), "buckets"), 0), "conversations"),
                   ==, 5);

  /* The CSV of sd_kpi_report_to_csv (): the whole range is one "total" line, in plain
   * units; no case was resolved, so the share in time is empty. */
  RUN (&r, f->db, "kpi", "--from", "2026-03-02", "--to", "2026-03-04", "--csv");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==,
                   "bucket,start,end,conversations,first_response_mean,first_response_p90,first_response_30s,"
                   "rounds_3min,response_mean,answer_ratio,buyers,conversion,sales,average_order,good_ratings,"
                   "rating_rate,cases_resolved,cases_in_time,rating_1,rating_2,rating_3,rating_4,rating_5\r\n"
                   "total,2026-03-02T00:00:00+08:00,2026-03-04T00:00:00+08:00,9,61.875,300,0.5556,0.6923,84.0909,"
                   "0.9286,7,0.5,23800,7933.3333,0.6,0.5556,0,,0,1,1,1,2\r\n");
  RUN (&r, f->db, "kpi", "--agent", "小王", "--from", "2026-03-02", "--to", "2026-03-04", "--by", "day", "--csv");
  g_assert_cmpint (r.status, ==, 0);
  /* 03-02 holds C1 C2 C5 C6 C7; 03-03 none of 小王's (C7 was answered then, but opened before). */
  assert_contains (r.out, "\r\nday,2026-03-02T00:00:00+08:00,2026-03-03T00:00:00+08:00,5,25,45,0.8,0.75,75,");
  assert_contains (r.out, "\r\nday,2026-03-03T00:00:00+08:00,2026-03-04T00:00:00+08:00,0,,,,,,,0,,0,,,,0,,0,0,0,0,0\r\n");
  RUN (&r, f->db, "kpi", "--json", "--csv");
  g_assert_cmpint (r.status, ==, 2);

  /* The human table names every figure and its formula. */
  RUN (&r, f->db, "kpi", "--from", "2026-03-02", "--to", "2026-03-04");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "¥238.00");
  assert_contains (r.out, "agent messages ÷ buyer messages");
  assert_contains (r.out, "61.9 s");
}

static void
test_permissions (CliFixture    *f,
                  gconstpointer  data)
{
  g_autofree char *csv = kpi_csv ();
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *list;
  gint64 theirs = 0;

  setup_staff (f);
  RUN (&r, f->db, "import", "chatlog", csv);
  g_assert_cmpint (r.status, ==, 0);

  /* 小王 sees only his own: five conversations. */
  RUN_AS (&r, f->db, "小王", "wang pass 1", "conversations", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 5);
  g_clear_pointer (&root, json_node_unref);

  RUN (&r, f->db, "conversations", "list", "--agent", "小李", "--json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  list = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (list), ==, 4);
  theirs = json_object_get_int_member (json_array_get_object_element (list, 0), "id");
  {
    g_autofree char *id = g_strdup_printf ("%lld", (long long) theirs);
    RUN_AS (&r, f->db, "小王", "wang pass 1", "conversations", "show", id);
    g_assert_cmpint (r.status, ==, 3);
    assert_contains (r.err, "conversations.all");
    RUN (&r, f->db, "conversations", "show", id);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "小李");
  }

  /* reports.own: one's own KPIs, not a colleague's; import is for managers. */
  RUN_AS (&r, f->db, "小王", "wang pass 1", "kpi", "--from", "2026-03-02", "--to", "2026-03-04", "--json");
  g_assert_cmpint (r.status, ==, 0);
  RUN_AS (&r, f->db, "小王", "wang pass 1", "kpi", "--agent", "小李");
  g_assert_cmpint (r.status, ==, 3);
  RUN_AS (&r, f->db, "小王", "wang pass 1", "import", "chatlog", csv);
  g_assert_cmpint (r.status, ==, 3);
}

static void
test_bad_rows (CliFixture    *f,
               gconstpointer  data)
{
  g_autofree char *path = cli_write_file (f, "bad.csv",
                                          "时间,买家,客服,方向,内容\n"
                                          "2026-03-02 10:00:00,甲,小王,买家,你好\n"
                                          "明天,甲,小王,买家,坏时间\n"
                                          "2026-03-02 10:00:09,甲,小周,客服,在的\n");
  g_autofree char *nodir = cli_write_file (f, "nodir.csv", "时间,买家,客服,内容\n");
  g_auto(Result) r = { 0 };

  setup_staff (f);
  RUN (&r, f->db, "import", "chatlog", path);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "1 new conversations with 1 messages");
  assert_contains (r.err, "row 3, column “时间”");
  assert_contains (r.err, "row 4, column “客服”: the shop has no staff account “小周”");
  RUN (&r, f->db, "import", "chatlog", nodir);
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "direction");
  RUN (&r, f->db, "kpi", "--by", "year");
  g_assert_cmpint (r.status, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/cli/kpi/" path, CliFixture, NULL, cli_fixture_setup_shop, fn, cli_fixture_teardown)
  ADD ("import-and-kpi", test_import_and_kpi);
  ADD ("permissions", test_permissions);
  ADD ("bad-rows", test_bad_rows);
  return g_test_run ();
}
