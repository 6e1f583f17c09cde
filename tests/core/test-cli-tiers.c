/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-rfm.h"
#include "sd-tiers.h"
#include "sd-test-util.h"
#include "sd-test-cli.h"

/* shopdesk-cli tiers, customers set-tier/unpin and rfm grid: the ladder shown and changed,
 * validation refusals that change nothing, the simulator changing nothing, pins through
 * recomputes with their history, custom tier rules with --dry-run, the R × F grid, and
 * refusals for an account without tiers.manage. */

typedef CliFixture Fixture;

#define CLERK "clerk"
#define CLERK_PASSWORD "clerk pass 22"

static const char customers_csv[] =
  "nick,name,phone,province,city\n"
  "tb_wang,王小明,13812341234,浙江省,杭州市\n"
  "tb_li,李四,13900001111,江苏省,南京市\n"
  "tb_zhao,赵敏,13700002222,广东省,广州市\n"
  "tb_qian,钱多多,,浙江省,宁波市\n";

/* tb_wang (#1) pays 600.00 in two trades, tb_li (#2) 88.00, tb_zhao (#3) 520.00; tb_qian (#4)
 * never orders. With the default ladder: three 普通会员 (grade 1, one trade or more) and one
 * 店铺客户 (grade 0). */
static const char orders_csv[] =
  "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,订单付款时间,宝贝标题,购买数量,单价,退款金额\n"
  "O1,tb_wang,300.00,交易成功,2024-03-01 10:00:00,2024-03-01 10:01:00,羊毛围巾,3,100.00,\n"
  "O2,tb_wang,300.00,交易成功,2024-04-01 10:00:00,2024-04-01 10:01:00,手套,3,100.00,\n"
  "O3,tb_li,88.00,交易成功,2024-02-01 09:00:00,2024-02-01 09:05:00,袜子,4,22.00,\n"
  "O4,tb_zhao,520.00,交易成功,2024-05-01 09:00:00,2024-05-01 09:05:00,大衣,1,520.00,\n";

static void
small_shop (Fixture *f)
{
  g_autofree char *customers = cli_write_file (f, "customers.csv", customers_csv);
  g_autofree char *orders = cli_write_file (f, "orders.csv", orders_csv);
  g_auto(Result) r = { 0 };

  RUN (&r, f->db, "import", "customers", customers);
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "import", "orders", orders);
  g_assert_cmpint (r.status, ==, 0);
}

/* `tiers show --json`: customers per grade, comma-separated ("1,3,0,0,0"). */
static char *
grade_counts (Fixture *f)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  JsonArray *grades;

  RUN (&r, f->db, "tiers", "show", "--json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  grades = json_object_get_array_member (json_node_get_object (root), "grades");
  g_assert_cmpuint (json_array_get_length (grades), ==, SD_TIER_N_GRADES);
  for (guint i = 0; i < SD_TIER_N_GRADES; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            json_object_get_int_member (json_array_get_object_element (grades, i), "customers"));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The grade object GRADE of `tiers show --json`. */
static JsonObject *
grade_object (JsonNode *root,
              guint     grade)
{
  JsonArray *grades = json_object_get_array_member (json_node_get_object (root), "grades");

  return json_array_get_object_element (grades, grade);
}

/* A JSON array of integers, comma-separated. */
static char *
ints_of (JsonArray *array)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "," : "", json_array_get_int_element (array, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_counts(f, expected) \
  G_STMT_START { \
    g_autofree char *_counts = grade_counts (f); \
    g_assert_cmpstr (_counts, ==, (expected)); \
  } G_STMT_END

static void
test_show (Fixture       *f,
           gconstpointer  data)
{
  g_auto(Result) r = { 0 };

  small_shop (f);
  assert_counts (f, "1,3,0,0,0");
  RUN (&r, f->db, "tiers", "show", "--json");
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonObject *member = grade_object (root, 1), *vip = grade_object (root, 3);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "not_computed"), ==, 0);
    g_assert_cmpstr (json_object_get_string_member (member, "basis"), ==, "count");
    g_assert_cmpint (json_object_get_int_member (member, "threshold"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (member, "discount_permille"), ==, 980);
    g_assert_true (json_object_get_boolean_member (member, "enabled"));
    g_assert_cmpstr (json_object_get_string_member (vip, "basis"), ==, "amount");
    g_assert_cmpint (json_object_get_int_member (vip, "threshold"), ==, 500000);
    g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "rules")),
                     ==, 0);
  }
  RUN (&r, f->db, "tiers", "show");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "9.8折 (2% off)");
  assert_contains (r.out, "at least 1 trade");
  assert_contains (r.out, "at least ¥1,000.00 paid");
  assert_contains (r.out, "8.5折 (15% off)");
  assert_not_contains (r.out, "no tier yet");
}

static void
test_set_grade (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Result) r = { 0 };

  small_shop (f);
  /* ¥500: tb_wang (600) and tb_zhao (520) climb; tb_li (88) stays. */
  RUN (&r, f->db, "tiers", "set-grade", "2", "--threshold-amount", "50000", "--discount", "960", "--name", "银卡");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "2 customers changed grade");
  assert_counts (f, "1,1,2,0,0");
  RUN (&r, f->db, "tiers", "show", "--json");
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonObject *silver = grade_object (root, 2);
    g_assert_cmpint (json_object_get_int_member (silver, "threshold"), ==, 50000);
    g_assert_cmpint (json_object_get_int_member (silver, "discount_permille"), ==, 960);
    g_assert_cmpstr (json_object_get_string_member (silver, "name"), ==, "银卡");
  }
  /* Exactly at the threshold counts; one fen above does not. */
  RUN (&r, f->db, "tiers", "set-grade", "2", "--threshold-amount", "52001");
  g_assert_cmpint (r.status, ==, 0);
  assert_counts (f, "1,2,1,0,0");
  RUN (&r, f->db, "tiers", "set-grade", "2", "--threshold-amount", "52000");
  assert_counts (f, "1,1,2,0,0");
  /* By trade count: two trades or more. */
  RUN (&r, f->db, "tiers", "set-grade", "2", "--threshold-count", "2");
  g_assert_cmpint (r.status, ==, 0);
  assert_counts (f, "1,2,1,0,0");

  /* Refused by the core, naming the rule broken; nothing changes. */
  RUN (&r, f->db, "tiers", "set-grade", "2", "--discount", "650");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "650‰");
  assert_contains (r.err, "700‰");
  RUN (&r, f->db, "tiers", "set-grade", "3", "--threshold-count", "2");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "grade 3");
  RUN (&r, f->db, "tiers", "set-grade", "0", "--disable");
  g_assert_cmpint (r.status, ==, 1);
  assert_counts (f, "1,2,1,0,0");
  RUN (&r, f->db, "tiers", "show", "--json");
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    g_assert_cmpint (json_object_get_int_member (grade_object (root, 2), "discount_permille"), ==, 960);
    g_assert_cmpint (json_object_get_int_member (grade_object (root, 3), "threshold"), ==, 500000);
  }

  /* Switched off: nobody lands there. */
  RUN (&r, f->db, "tiers", "set-grade", "2", "--disable");
  g_assert_cmpint (r.status, ==, 0);
  assert_counts (f, "1,3,0,0,0");

  /* Usage errors, before any password is asked for. */
  RUN (&r, f->db, "tiers", "set-grade", "7", "--discount", "900");
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "0 to 4");
  RUN (&r, f->db, "tiers", "set-grade", "2", "--threshold-amount", "1", "--threshold-count", "1");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "tiers", "set-grade", "2");
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "nothing to change");
  RUN (&r, f->db, "tiers", "set-grade", "2", "--enable", "--disable");
  g_assert_cmpint (r.status, ==, 2);

  RUN (&r, f->db, "audit", "list", "--action", "tier.ladder");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "tier.ladder");
}

static void
test_simulate (Fixture       *f,
               gconstpointer  data)
{
  g_auto(Result) r = { 0 };

  small_shop (f);
  RUN (&r, f->db, "tiers", "simulate", "2", "--threshold-amount", "50000", "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonObject *sim = json_node_get_object (root);
    JsonArray *grades = json_object_get_array_member (sim, "grades");
    g_autofree char *up = ints_of (json_object_get_array_member (sim, "moved_up"));
    g_autofree char *down = ints_of (json_object_get_array_member (sim, "moved_down"));
    static const gint64 now[] = { 1, 3, 0, 0, 0 }, after[] = { 1, 1, 2, 0, 0 };

    for (guint g = 0; g < SD_TIER_N_GRADES; g++)
      {
        JsonObject *grade = json_array_get_object_element (grades, g);
        g_assert_cmpint (json_object_get_int_member (grade, "now"), ==, now[g]);
        g_assert_cmpint (json_object_get_int_member (grade, "after"), ==, after[g]);
      }
    g_assert_cmpstr (up, ==, "1,3");
    g_assert_cmpstr (down, ==, "");
    g_assert_cmpint (json_object_get_int_member (sim, "pinned"), ==, 0);
    /* The orders are from 2024: none in the last 12 months. */
    g_assert_cmpint (json_object_get_int_member (sim, "discount_now_cents"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (sim, "discount_after_cents"), ==, 0);
  }
  /* Nothing changed. */
  assert_counts (f, "1,3,0,0,0");

  RUN (&r, f->db, "tiers", "simulate", "2", "--threshold-amount", "50000");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "2 customers move up, 0 move down");
  assert_contains (r.out, "Nothing was changed");
  RUN (&r, f->db, "tiers", "simulate", "2", "--threshold-amount", "50000", "--list", "up");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "tb_wang");
  assert_contains (r.out, "tb_zhao");
  assert_not_contains (r.out, "tb_li");
  RUN (&r, f->db, "tiers", "simulate", "2", "--threshold-amount", "50000", "--list", "up", "--limit", "1");
  assert_contains (r.out, "tb_wang");
  assert_not_contains (r.out, "tb_zhao");
  assert_contains (r.err, "1 more");
  RUN (&r, f->db, "tiers", "simulate", "2", "--threshold-amount", "50000", "--list", "down");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  RUN (&r, f->db, "tiers", "simulate", "2", "--threshold-amount", "50000", "--list", "sideways");
  g_assert_cmpint (r.status, ==, 2);
  /* An invalid proposal is refused as set-grade refuses it. */
  RUN (&r, f->db, "tiers", "simulate", "4", "--discount", "999");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "999‰");
}

/* The first entry (the newest) of `tiers history ID --json`. */
static JsonNode *
newest_change (Fixture    *f,
               const char *id)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *changes;

  RUN (&r, f->db, "tiers", "history", id, "--json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  changes = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (changes), >, 0);
  return json_node_copy (json_array_get_element (changes, 0));
}

static void
test_pin (Fixture       *f,
          gconstpointer  data)
{
  g_auto(Result) r = { 0 };

  small_shop (f);
  RUN (&r, f->db, "customers", "set-tier", "2", "4", "--reason", "老板的朋友");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "#2");
  assert_counts (f, "1,2,0,0,1");
  RUN (&r, f->db, "customers", "show", "2");
  assert_contains (r.out, "pinned by hand: 老板的朋友");
  RUN (&r, f->db, "customers", "show", "2", "--json");
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "tier"), ==, 4);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "tier_pinned"));
  }
  {
    g_autoptr(JsonNode) change = newest_change (f, "2");
    JsonObject *o = json_node_get_object (change);
    g_assert_cmpstr (json_object_get_string_member (o, "cause"), ==, "manual");
    g_assert_cmpstr (json_object_get_string_member (o, "detail"), ==, "老板的朋友");
    g_assert_cmpint (json_object_get_int_member (o, "from_tier"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (o, "to_tier"), ==, 4);
  }

  /* A recompute leaves the pin. */
  RUN (&r, f->db, "tiers", "recompute");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "0 customers changed tier");
  assert_counts (f, "1,2,0,0,1");
  RUN (&r, f->db, "tiers", "recompute", "--json");
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "changed"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "scored"), ==, 3);
  }

  RUN (&r, f->db, "customers", "unpin", "2");
  g_assert_cmpint (r.status, ==, 0);
  assert_counts (f, "1,3,0,0,0");
  {
    g_autoptr(JsonNode) change = newest_change (f, "2");
    JsonObject *o = json_node_get_object (change);
    g_assert_cmpstr (json_object_get_string_member (o, "cause"), ==, "unpin");
    g_assert_cmpint (json_object_get_int_member (o, "to_tier"), ==, 1);
  }
  RUN (&r, f->db, "tiers", "history", "2");
  assert_contains (r.out, "老板的朋友");

  RUN (&r, f->db, "customers", "unpin", "2");
  g_assert_cmpint (r.status, ==, 1);
  RUN (&r, f->db, "customers", "set-tier", "99", "1", "--reason", "x");
  g_assert_cmpint (r.status, ==, 1);
  RUN (&r, f->db, "customers", "set-tier", "2", "4");
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "--reason");
  RUN (&r, f->db, "customers", "set-tier", "2", "4", "--reason", "  ");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "customers", "set-tier", "2", "5", "--reason", "x");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "tiers", "history", "abc");
  g_assert_cmpint (r.status, ==, 2);
}

static void
test_rules (Fixture       *f,
            gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  /* The id the list gives: a team database's ids skip what a dry run drew and took back. */
  g_autofree char *first_id = NULL;

  small_shop (f);
  RUN (&r, f->db, "tiers", "rules", "add", "回头客", "--where", "order_count >= 2", "--dry-run", "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonObject *sim = json_node_get_object (root);
    JsonArray *rules = json_object_get_array_member (sim, "rules");
    JsonObject *rule = json_array_get_object_element (rules, 0);
    g_autofree char *changed = ints_of (json_object_get_array_member (sim, "changed"));

    g_assert_cmpuint (json_array_get_length (rules), ==, 1);
    g_assert_cmpint (json_object_get_int_member (rule, "id"), ==, 0);
    g_assert_cmpstr (json_object_get_string_member (rule, "name"), ==, "回头客");
    g_assert_cmpint (json_object_get_int_member (rule, "now"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (rule, "after"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (sim, "none_now"), ==, 4);
    g_assert_cmpint (json_object_get_int_member (sim, "none_after"), ==, 3);
    g_assert_cmpstr (changed, ==, "1");
  }
  RUN (&r, f->db, "tiers", "rules", "list");
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "No custom tiers yet");

  RUN (&r, f->db, "tiers", "rules", "add", "回头客", "--where", "ORDER_COUNT>=2");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "tiers", "rules", "add", "大单", "--where", "total_spent >= 500", "--priority", "5");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "tiers", "rules", "list", "--json");
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonArray *rules = json_node_get_array (root);
    JsonObject *first = json_array_get_object_element (rules, 0), *second = json_array_get_object_element (rules, 1);

    g_assert_cmpuint (json_array_get_length (rules), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (first, "condition"), ==, "order_count >= 2");
    first_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (first, "id"));
    g_assert_cmpint (json_object_get_int_member (first, "customers"), ==, 1);
    /* tb_wang meets both and holds the first by priority. */
    g_assert_cmpstr (json_object_get_string_member (second, "name"), ==, "大单");
    g_assert_cmpint (json_object_get_int_member (second, "customers"), ==, 1);
  }
  RUN (&r, f->db, "customers", "show", "1");
  assert_contains (r.out, "Custom:    回头客");
  RUN (&r, f->db, "customers", "show", "3");
  assert_contains (r.out, "Custom:    大单");

  /* Priority: 大单 first now takes tb_wang too. */
  RUN (&r, f->db, "tiers", "rules", "set", "大单", "--priority", "-1");
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "customers", "show", "1");
  assert_contains (r.out, "Custom:    大单");
  RUN (&r, f->db, "tiers", "rules", "set", "大单", "--disable", "--dry-run", "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    g_autofree char *changed = ints_of (json_object_get_array_member (json_node_get_object (root), "changed"));
    g_assert_cmpstr (changed, ==, "1,3");
  }
  RUN (&r, f->db, "tiers", "rules", "delete", "回头客", "--dry-run");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "0 customers would change");
  RUN (&r, f->db, "tiers", "rules", "delete", first_id);
  g_assert_cmpint (r.status, ==, 0);
  RUN (&r, f->db, "tiers", "rules", "list");
  g_assert_cmpuint (strlen (r.out), >, 0);
  assert_not_contains (r.out, "回头客");

  RUN (&r, f->db, "tiers", "rules", "set", "没有", "--priority", "1");
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "没有");
  RUN (&r, f->db, "tiers", "rules", "add", "坏", "--where", "total_spent >= ");
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "^ at column");
  RUN (&r, f->db, "tiers", "rules", "add", "无条件");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "tiers", "rules", "add", "大单", "--where", "tier = 1");
  g_assert_cmpint (r.status, ==, 1);
}

static void
test_rfm_grid (Fixture       *f,
               gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  gint64 by_group[SD_RFM_GROUP_N] = { 0 };
  gint64 total = 0;

  small_shop (f);
  RUN (&r, f->db, "rfm", "grid", "--json");
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonObject *grid = json_node_get_object (root);
    JsonArray *cells = json_object_get_array_member (grid, "cells");
    JsonArray *groups = json_object_get_array_member (grid, "groups");

    g_assert_cmpint (json_object_get_int_member (grid, "scored"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (grid, "unscored"), ==, 1);
    g_assert_cmpuint (json_array_get_length (cells), ==, 25);
    for (guint i = 0; i < 25; i++)
      {
        JsonObject *cell = json_array_get_object_element (cells, i);
        SdRfmGroup group;
        int rr = (int) json_object_get_int_member (cell, "r"), ff = (int) json_object_get_int_member (cell, "f");

        g_assert_true (sd_rfm_group_from_string (json_object_get_string_member (cell, "group"), &group));
        g_assert_cmpint (group, ==, sd_rfm_group_for_scores (rr, ff));
        by_group[group] += json_object_get_int_member (cell, "customers");
        total += json_object_get_int_member (cell, "customers");
      }
    g_assert_cmpint (total, ==, 3);
    g_assert_cmpuint (json_array_get_length (groups), ==, SD_RFM_GROUP_N - 1);
    for (guint i = 0; i < json_array_get_length (groups); i++)
      {
        JsonObject *group = json_array_get_object_element (groups, i);
        SdRfmGroup id;
        g_assert_true (sd_rfm_group_from_string (json_object_get_string_member (group, "group"), &id));
        g_assert_cmpint (json_object_get_int_member (group, "customers"), ==, by_group[id]);
      }
  }
  RUN (&r, f->db, "rfm", "grid");
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "Champions");
  assert_contains (r.out, "3 customers scored");
  RUN (&r, f->db, "rfm");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "rfm", "grid", "extra");
  g_assert_cmpint (r.status, ==, 2);
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(Result) r = { 0 };

  small_shop (f);
  cli_add_staff (f->db, "查看", "customers.view", CLERK, CLERK_PASSWORD);
  /* Reading is allowed. */
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "tiers", "show");
  g_assert_cmpint (r.status, ==, 0);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "rfm", "grid");
  g_assert_cmpint (r.status, ==, 0);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "tiers", "simulate", "2", "--threshold-amount", "50000");
  g_assert_cmpint (r.status, ==, 0);
  /* Changing is not. */
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "tiers", "set-grade", "2", "--threshold-amount", "50000");
  g_assert_cmpint (r.status, ==, 3);
  assert_contains (r.err, "tiers.manage");
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "tiers", "recompute");
  g_assert_cmpint (r.status, ==, 3);
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "customers", "set-tier", "1", "4", "--reason", "x");
  g_assert_cmpint (r.status, ==, 3);
  assert_contains (r.err, "tiers.manage");
  RUN_AS (&r, f->db, CLERK, CLERK_PASSWORD, "tiers", "rules", "add", "x", "--where", "tier = 1", "--dry-run");
  g_assert_cmpint (r.status, ==, 3);
  assert_counts (f, "1,3,0,0,0");
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_auto(Result) r = { 0 };

  RUN (&r, f->db, "tiers");
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "show, set-grade, simulate, recompute");
  RUN (&r, f->db, "tiers", "frobnicate");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "tiers", "show", "extra");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "tiers", "rules");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "tiers", "rules", "frobnicate");
  g_assert_cmpint (r.status, ==, 2);
  RUN (&r, f->db, "--help");
  assert_contains (r.out, "tiers set-grade GRADE");
  assert_contains (r.out, "customers set-tier ID GRADE --reason TEXT");
  assert_contains (r.out, "rfm grid");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/cli/tiers/" path, Fixture, NULL, cli_fixture_setup_shop, func, cli_fixture_teardown)
  ADD ("show", test_show);
  ADD ("set-grade", test_set_grade);
  ADD ("simulate", test_simulate);
  ADD ("pin", test_pin);
  ADD ("rules", test_rules);
  ADD ("rfm-grid", test_rfm_grid);
  ADD ("permissions", test_permissions);
  ADD ("usage", test_usage);
#undef ADD
  return g_test_run ();
}
