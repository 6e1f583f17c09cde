/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

#include <string.h>

#include "sd-condition.h"
#include "sd-condition-private.h"
#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-store-private.h"

#define DAY G_GINT64_CONSTANT (86400)
/* 2024-06-01 00:00:00 UTC: the shop's clock in the matching tests. */
#define NOW G_GINT64_CONSTANT (1717200000)

/* Parsing and printing. */

static SdCondition *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  SdCondition *condition = sd_condition_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (condition);
  return condition;
}

static void
test_round_trip (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "total_spent >= 500", "total_spent >= 500" },
    { "TOTAL_SPENT>=500 AND Days_Since_Last_Order<=90 And tag=\"老客\"",
      "total_spent >= 500 and days_since_last_order <= 90 and tag = \"老客\"" },
    { "total_spent >= 500.50", "total_spent >= 500.5" },
    { "total_spent >= 500.05", "total_spent >= 500.05" },
    { "total_spent >= 0.5", "total_spent >= 0.5" },
    { "total_spent > -1.5", "total_spent > -1.5" },
    { "total_spent >= 007", "total_spent >= 7" },
    { "avg_order < 99.9", "avg_order < 99.9" },
    { "refund_rate > 12.5", "refund_rate > 12.5" },
    { "order_count = 3 or order_count != 4", "order_count = 3 or order_count != 4" },
    { "refund_count<1", "refund_count < 1" },
    { "days_since_first_order>365", "days_since_first_order > 365" },
    { "tier = 4", "tier = 4" },
    { "rfm_group != \"lost\"", "rfm_group != \"lost\"" },
    { "province = \"浙江\" and city = \"杭州市\"", "province = \"浙江\" and city = \"杭州市\"" },
    { "tag = \"say \\\"hi\\\" \\\\ back\"", "tag = \"say \\\"hi\\\" \\\\ back\"" },
    { "tag = \"\"", "tag = \"\"" },
    /* and binds tighter than or; parentheses only where they change the meaning */
    { "order_count = 1 or order_count = 2 and tier = 1", "order_count = 1 or order_count = 2 and tier = 1" },
    { "(order_count = 1 or order_count = 2) and tier = 1", "(order_count = 1 or order_count = 2) and tier = 1" },
    { "(order_count = 1) or (order_count = 2 and tier = 1)", "order_count = 1 or order_count = 2 and tier = 1" },
    { "order_count = 1 and (order_count = 2 and tier = 1)", "order_count = 1 and order_count = 2 and tier = 1" },
    { "((((tier = 1))))", "tier = 1" },
    { "not (tier = 1 or tier = 2)", "not (tier = 1 or tier = 2)" },
    { "NOT tier = 1 and tier = 2", "not tier = 1 and tier = 2" },
    { "not (tier = 1 and tier = 2)", "not (tier = 1 and tier = 2)" },
    { "not not tier = 1", "not not tier = 1" },
    { "\u3000tier\t=\n1 ", "tier = 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SdCondition) first = parse_ok (cases[i].in);
      g_autofree char *text = sd_condition_to_string (first);
      g_autoptr(SdCondition) again = NULL;
      g_autofree char *text_again = NULL;

      g_test_message ("%s", cases[i].in);
      g_assert_cmpstr (text, ==, cases[i].out);
      again = parse_ok (text);
      g_assert_true (sd_condition_equal (first, again));
      text_again = sd_condition_to_string (again);
      g_assert_cmpstr (text_again, ==, text);
    }
}

static void
test_precedence (void)
{
  g_autoptr(SdCondition) c = parse_ok ("tier = 1 or tier = 2 and not tier = 3 or tier = 4");
  SdCondition *middle;

  /* or (tier = 1, and (tier = 2, not (tier = 3)), tier = 4) */
  g_assert_cmpint (sd_condition_get_kind (c), ==, SD_CONDITION_OR);
  g_assert_cmpuint (sd_condition_get_n_children (c), ==, 3);
  g_assert_cmpint (sd_condition_get_kind (sd_condition_get_child (c, 0)), ==, SD_CONDITION_COMPARE);
  g_assert_cmpint (sd_condition_get_number (sd_condition_get_child (c, 0)), ==, 1);
  middle = sd_condition_get_child (c, 1);
  g_assert_cmpint (sd_condition_get_kind (middle), ==, SD_CONDITION_AND);
  g_assert_cmpuint (sd_condition_get_n_children (middle), ==, 2);
  g_assert_cmpint (sd_condition_get_kind (sd_condition_get_child (middle, 1)), ==, SD_CONDITION_NOT);
  g_assert_cmpint (sd_condition_get_number (sd_condition_get_child (sd_condition_get_child (middle, 1), 0)), ==, 3);
  g_assert_cmpint (sd_condition_get_number (sd_condition_get_child (c, 2)), ==, 4);
}

static void
test_fields (void)
{
  static const struct
  {
    const char       *text;
    SdConditionField  field;
    SdConditionOp     op;
    gint64            number;
    const char       *value;
  } cases[] = {
    { "total_spent = 500", SD_CONDITION_FIELD_TOTAL_SPENT, SD_CONDITION_OP_EQ, 50000, NULL },
    { "total_spent != 500.5", SD_CONDITION_FIELD_TOTAL_SPENT, SD_CONDITION_OP_NE, 50050, NULL },
    { "total_spent < 0.01", SD_CONDITION_FIELD_TOTAL_SPENT, SD_CONDITION_OP_LT, 1, NULL },
    { "total_spent <= 19999.99", SD_CONDITION_FIELD_TOTAL_SPENT, SD_CONDITION_OP_LE, 1999999, NULL },
    { "order_count > 3", SD_CONDITION_FIELD_ORDER_COUNT, SD_CONDITION_OP_GT, 3, NULL },
    { "avg_order >= 88.8", SD_CONDITION_FIELD_AVG_ORDER, SD_CONDITION_OP_GE, 8880, NULL },
    { "days_since_last_order <= 90", SD_CONDITION_FIELD_DAYS_SINCE_LAST_ORDER, SD_CONDITION_OP_LE, 90, NULL },
    { "days_since_first_order >= 365", SD_CONDITION_FIELD_DAYS_SINCE_FIRST_ORDER, SD_CONDITION_OP_GE, 365, NULL },
    { "refund_count = 0", SD_CONDITION_FIELD_REFUND_COUNT, SD_CONDITION_OP_EQ, 0, NULL },
    { "refund_rate > 10", SD_CONDITION_FIELD_REFUND_RATE, SD_CONDITION_OP_GT, 1000, NULL },
    { "refund_rate < 0.25", SD_CONDITION_FIELD_REFUND_RATE, SD_CONDITION_OP_LT, 25, NULL },
    { "tier >= 0", SD_CONDITION_FIELD_TIER, SD_CONDITION_OP_GE, 0, NULL },
    { "tag = \"老客\"", SD_CONDITION_FIELD_TAG, SD_CONDITION_OP_EQ, 0, "老客" },
    { "tag != \"a\\\"b\\\\c\"", SD_CONDITION_FIELD_TAG, SD_CONDITION_OP_NE, 0, "a\"b\\c" },
    { "province = \"浙江\"", SD_CONDITION_FIELD_PROVINCE, SD_CONDITION_OP_EQ, 0, "浙江" },
    { "city != \"杭州市\"", SD_CONDITION_FIELD_CITY, SD_CONDITION_OP_NE, 0, "杭州市" },
    { "rfm_group = \"champions\"", SD_CONDITION_FIELD_RFM_GROUP, SD_CONDITION_OP_EQ, 0, "champions" },
    { "rfm_r = 5", SD_CONDITION_FIELD_RFM_R, SD_CONDITION_OP_EQ, 5, NULL },
    { "rfm_f >= 4", SD_CONDITION_FIELD_RFM_F, SD_CONDITION_OP_GE, 4, NULL },
    { "RFM_M < 2", SD_CONDITION_FIELD_RFM_M, SD_CONDITION_OP_LT, 2, NULL },
  };
  guint seen = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SdCondition) c = parse_ok (cases[i].text);

      g_assert_cmpint (sd_condition_get_kind (c), ==, SD_CONDITION_COMPARE);
      g_assert_cmpint (sd_condition_get_field (c), ==, cases[i].field);
      g_assert_cmpint (sd_condition_get_op (c), ==, cases[i].op);
      g_assert_cmpint (sd_condition_get_number (c), ==, cases[i].number);
      g_assert_cmpstr (sd_condition_get_text (c), ==, cases[i].value);
      seen |= 1u << cases[i].field;
    }
  g_assert_cmpuint (seen, ==, (1u << SD_CONDITION_FIELD_N) - 1);

  for (guint f = 0; f < SD_CONDITION_FIELD_N; f++)
    {
      SdConditionField back;

      g_assert_true (sd_condition_field_from_string (sd_condition_field_to_string (f), &back));
      g_assert_cmpint (back, ==, f);
      g_assert_nonnull (sd_condition_field_get_label (f));
      for (guint op = 0; op < SD_CONDITION_OP_N; op++)
        g_assert_cmpint (sd_condition_field_allows_op (f, op), ==,
                         sd_condition_field_get_value_kind (f) != SD_CONDITION_VALUE_TEXT ||
                         op == SD_CONDITION_OP_EQ || op == SD_CONDITION_OP_NE);
    }
  g_assert_false (sd_condition_field_from_string ("spent", NULL));
}

/* Yuan are read as fen exactly: no binary fraction on the way. */
static void
test_yuan (void)
{
  static const struct { const char *text; gint64 fen; } cases[] = {
    { "total_spent >= 500", 50000 }, { "total_spent >= 499.99", 49999 }, { "total_spent >= 0.1", 10 },
    { "total_spent >= 0.29", 29 }, { "total_spent >= 1.15", 115 }, { "total_spent >= 4.35", 435 },
    { "total_spent >= 9999999999.99", G_GINT64_CONSTANT (999999999999) },
    { "total_spent >= -0.01", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SdCondition) c = parse_ok (cases[i].text);
      g_autofree char *shown = sd_condition_format_number (SD_CONDITION_FIELD_TOTAL_SPENT, cases[i].fen);

      g_assert_cmpint (sd_condition_get_number (c), ==, cases[i].fen);
      g_assert_cmpstr (strstr (cases[i].text, ">= ") + 3, ==, shown);
    }
}

static void
test_errors (void)
{
  static const struct { const char *text; guint column; const char *says; } cases[] = {
    { "total_spent >= 500 and spent > 3", 24, "unknown field “spent”" },
    { "tag = \"老客\" and 省份 = \"x\"", 16, "unknown field “省份”" },
    { "total_spent => 500", 13, "unknown operator “=>”" },
    { "total_spent == 500", 13, "unknown operator “==”" },
    { "total_spent <> 500", 13, "unknown operator “<>”" },
    { "total_spent ~ 500", 13, "unexpected “~”" },
    { "total_spent like 500", 13, "expected =, !=, <, <=, > or >= after “total_spent”, found “like”" },
    { "total_spent", 12, "expected =, !=, <, <=, > or >= after “total_spent”" },
    { "total_spent 500", 13, "found “500”" },
    { "tag = \"老客", 7, "no closing quote" },
    { "tag = \"a\\x\"", 9, "backslash" },
    { "total_spent >=", 15, "a value is missing after “>=”" },
    { "total_spent >= and tier = 1", 16, "compared with a number" },
    { "total_spent >= 500 abc", 20, "expected “and”, “or” or the end, found “abc”" },
    { "total_spent >= 500 tier = 1", 20, "found “tier”" },
    { "total_spent >= 500)", 19, "“)” has no “(”" },
    { "(total_spent >= 500", 20, "expected “)” to close the “(” at column 1" },
    { "(total_spent >= 500 tier", 21, "expected “and”, “or” or “)”" },
    { "", 1, "a condition is missing" },
    { "   ", 4, "a condition is missing" },
    { "total_spent >= 500 and", 23, "a condition is missing" },
    { "total_spent >= 500 or ()", 24, "found “)”" },
    { "not", 4, "a condition is missing" },
    { "and tier = 1", 1, "expected a field" },
    { "500 = total_spent", 1, "expected a field" },
    { "province > \"浙江\"", 10, "“province” can only be compared with = or !=" },
    { "tag <= \"a\"", 5, "“tag” can only be compared with = or !=" },
    { "total_spent >= \"500\"", 16, "“total_spent” is compared with a number" },
    { "province = 浙江", 12, "in double quotes" },
    { "tag = 5", 7, "in double quotes" },
    { "tag = “老客”", 7, "straight double quotes" },
    { "tag = '老客'", 7, "straight double quotes" },
    { "order_count >= 1.5", 16, "“order_count” takes a whole number" },
    { "days_since_last_order < 1.0", 25, "whole number" },
    { "total_spent >= 500.555", 16, "at most two decimal places" },
    { "total_spent >= 500.", 16, "is not a number" },
    { "total_spent >= 1.2.3", 16, "is not a number" },
    { "total_spent >= 1000000000000000", 16, "too large" },
    { "tier = 5", 8, "from 0 to 4" },
    { "tier > -1", 8, "from 0 to 4" },
    { "rfm_r = 0", 9, "from 1 to 5" },
    { "rfm_m <= 6", 10, "from 1 to 5" },
    { "tag = \"\xff\"", 8, "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdCondition) c = NULL;
      g_autofree char *prefix = g_strdup_printf ("at column %u: ", cases[i].column);
      guint column = 99;

      if (g_utf8_validate (cases[i].text, -1, NULL))
        g_test_message ("%s", cases[i].text);
      c = sd_condition_parse_full (cases[i].text, &column, &error);
      g_assert_null (c);
      g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
      g_assert_cmpuint (column, ==, cases[i].column);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("“%s”: “%s” does not say “%s”", cases[i].text, error->message, cases[i].says);
    }
}

static void
test_depth (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) nots = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCondition) ok = NULL;
  guint column = 0;

  for (guint i = 0; i < SD_CONDITION_MAX_DEPTH - 1; i++)
    g_string_append_c (deep, '(');
  g_string_append (deep, "tier = 1");
  for (guint i = 0; i < SD_CONDITION_MAX_DEPTH - 1; i++)
    g_string_append_c (deep, ')');
  ok = parse_ok (deep->str);

  for (guint i = 0; i < 10000; i++)
    g_string_append (nots, "not ");
  g_string_append (nots, "tier = 1");
  g_assert_null (sd_condition_parse_full (nots->str, &column, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_cmpuint (column, ==, SD_CONDITION_MAX_DEPTH * 4 + 1);
}

static void
test_build (void)
{
  SdCondition *parts[3];
  g_autoptr(SdCondition) built = NULL;
  g_autoptr(SdCondition) parsed = NULL;
  g_autofree char *text = NULL;

  parts[0] = sd_condition_new_number (SD_CONDITION_FIELD_TOTAL_SPENT, SD_CONDITION_OP_GE, 50000);
  parts[1] = sd_condition_new_number (SD_CONDITION_FIELD_DAYS_SINCE_LAST_ORDER, SD_CONDITION_OP_LE, 90);
  {
    SdCondition *either[2] = {
      sd_condition_new_text (SD_CONDITION_FIELD_TAG, SD_CONDITION_OP_EQ, "老客"),
      sd_condition_new_not (sd_condition_new_text (SD_CONDITION_FIELD_PROVINCE, SD_CONDITION_OP_EQ, "浙江")),
    };
    parts[2] = sd_condition_new_all (SD_CONDITION_OR, either, 2);
  }
  built = sd_condition_new_all (SD_CONDITION_AND, parts, 3);
  text = sd_condition_to_string (built);
  g_assert_cmpstr (text, ==, "total_spent >= 500 and days_since_last_order <= 90 and "
                             "(tag = \"老客\" or not province = \"浙江\")");
  parsed = parse_ok (text);
  g_assert_true (sd_condition_equal (built, parsed));

  /* One child is the child itself. */
  {
    SdCondition *one[1] = { sd_condition_new_number (SD_CONDITION_FIELD_TIER, SD_CONDITION_OP_EQ, 2) };
    g_autoptr(SdCondition) single = sd_condition_new_all (SD_CONDITION_AND, one, 1);
    g_assert_cmpint (sd_condition_get_kind (single), ==, SD_CONDITION_COMPARE);
  }
}

/* Matching in the shop. */

typedef struct
{
  char      *dir;
  SdSession *session;
  gint64     now;
  gint64     fen49999, fen50000, refunder, never, hostile, lookalike;
} Shop;

static void
add_order (SdDb       *db,
           const char *number,
           gint64      customer_id,
           gint64      amount,
           gint64      refund,
           gint64      created_at,
           gboolean    counted,
           gboolean    refunded)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdStmt) stmt = _sd_db_prepare_dynamic (db,
      "INSERT INTO orders (platform_order_id, customer_id, amount_cents, refund_cents, created_at, "
      "counted, refunded, refund_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "test", &error);

  g_assert_no_error (error);
  sd_stmt_bind_text (stmt, 1, number);
  sd_stmt_bind_int64 (stmt, 2, customer_id);
  sd_stmt_bind_int64 (stmt, 3, amount);
  sd_stmt_bind_int64 (stmt, 4, refund);
  sd_stmt_bind_int64 (stmt, 5, created_at);
  sd_stmt_bind_int (stmt, 6, counted);
  sd_stmt_bind_int (stmt, 7, refunded);
  sd_stmt_bind_text (stmt, 8, refunded ? (counted ? "partial" : "full") : "none");
  g_assert_cmpint (sd_stmt_step (stmt), ==, SD_STMT_DONE);
}

static gint64
add_customer (Shop       *shop,
              const char *nick,
              const char *province,
              const char *city,
              const char *tag)
{
  g_autoptr(SdCustomer) c = sd_test_new_customer (nick, NULL, NULL);
  g_autoptr(GError) error = NULL;
  gint64 id;

  sd_customer_set_text (&c->province, province);
  sd_customer_set_text (&c->city, city);
  id = sd_test_save_customer (shop->session, c);
  if (tag != NULL)
    {
      g_assert_true (sd_customers_add_tag (shop->session, id, tag, &error));
      g_assert_no_error (error);
    }
  return id;
}

static void
shop_setup (Shop          *shop,
            gconstpointer  data)
{
  SdDb *db;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 ids[6];

  shop->session = sd_test_new_temp_shop (&shop->dir, NULL);
  db = sd_session_get_db (shop->session);
  shop->now = NOW;
  sd_test_set_clock (db, &shop->now);

  ids[0] = shop->fen49999 = add_customer (shop, "fen49999", "江苏省", "南京市", NULL);
  ids[1] = shop->fen50000 = add_customer (shop, "fen50000", "浙江省", "杭州市", "老客");
  ids[2] = shop->refunder = add_customer (shop, "refunder", "浙江省", "宁波市", "退款多");
  ids[3] = shop->never = add_customer (shop, "never", "广东省", "广州市", NULL);
  ids[4] = shop->hostile = add_customer (shop, "hostile", "", "'; DROP TABLE customers; --", "100%_off");
  ids[5] = shop->lookalike = add_customer (shop, "lookalike", "", "x", "100abcXoff");
  g_assert_true (sd_customers_add_tag (shop->session, shop->hostile, "x' OR '1'='1", &error));
  g_assert_no_error (error);
  g_assert_true (sd_customers_add_tag (shop->session, shop->hostile, "say \"hi\" \\", &error));
  g_assert_no_error (error);

  /* 10 days and an hour ago: 10 whole days. */
  add_order (db, "A1", shop->fen49999, 49999, 0, NOW - 10 * DAY - 3600, TRUE, FALSE);
  add_order (db, "B1", shop->fen50000, 50000, 0, NOW - 100 * DAY, TRUE, FALSE);
  /* 2 counted (one partly refunded), 1 fully refunded: 2 refunds in 3 paid orders. */
  add_order (db, "C1", shop->refunder, 10000, 0, NOW - 5 * DAY, TRUE, FALSE);
  add_order (db, "C2", shop->refunder, 5000, 1000, NOW - 30 * DAY, TRUE, TRUE);
  add_order (db, "C3", shop->refunder, 20000, 20000, NOW - 400 * DAY, FALSE, TRUE);
  /* Not paid: neither counts nor was refunded. */
  add_order (db, "C4", shop->refunder, 90000, 0, NOW - 1 * DAY, FALSE, FALSE);
  g_assert_true (_sd_store_refresh_aggregates (db, ids, G_N_ELEMENTS (ids), &error));
  g_assert_no_error (error);

  sql = g_strdup_printf ("UPDATE customer_standing SET tier = 3, rfm_r = 5, rfm_f = 4, rfm_m = 1 "
                         "WHERE customer_id = %" G_GINT64_FORMAT,
                         shop->fen50000);
  g_assert_true (_sd_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

static void
shop_teardown (Shop          *shop,
               gconstpointer  data)
{
  g_assert_finalize_object (shop->session);
  sd_test_remove_tree (shop->dir);
  g_clear_pointer (&shop->dir, g_free);
}

/* The nicks of the customers TEXT selects, in id order, comma-separated; the count and
 * the store's own count must agree with the list. */
static char *
matching (Shop       *shop,
          const char *text)
{
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GString) nicks = g_string_new (NULL);

  query->condition = parse_ok (text);
  ids = sd_customers_list_ids (shop->session, query, NULL, &error);
  g_assert_no_error (error);
  customers = sd_customers_get_many (shop->session, (gint64 *) ids->data, ids->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < customers->len; i++)
    {
      SdCustomer *c = g_ptr_array_index (customers, i);
      g_string_append_printf (nicks, "%s%s", i ? "," : "", c->nick);
    }
  g_assert_cmpint (sd_customers_count (shop->session, query, &error), ==, ids->len);
  g_assert_no_error (error);
  g_assert_cmpint (_sd_condition_count (sd_session_get_db (shop->session), query->condition, NOW, &error), ==,
                   ids->len);
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&nicks), FALSE);
}

static void
test_match (Shop          *shop,
            gconstpointer  data)
{
  static const struct { const char *text; const char *nicks; } cases[] = {
    /* yuan to fen, exactly at the edge */
    { "total_spent >= 500", "fen50000" },
    { "total_spent >= 499.99", "fen49999,fen50000" },
    { "total_spent > 499.99", "fen50000" },
    { "total_spent = 500", "fen50000" },
    { "total_spent < 500", "fen49999,refunder,never,hostile,lookalike" },
    { "total_spent != 500", "fen49999,refunder,never,hostile,lookalike" },
    { "total_spent <= 0", "never,hostile,lookalike" },
    /* refunds come off the total: 100 + 50 - 10 */
    { "total_spent = 140", "refunder" },
    { "order_count = 2", "refunder" },
    { "order_count >= 1", "fen49999,fen50000,refunder" },
    { "order_count < 1", "never,hostile,lookalike" },
    { "refund_count = 2", "refunder" },
    { "refund_count > 0", "refunder" },
    /* 140 / 2 */
    { "avg_order = 70", "refunder" },
    { "avg_order > 69.99", "fen49999,fen50000,refunder" },
    { "avg_order <= 70", "refunder" },
    { "not avg_order <= 70", "fen49999,fen50000,never,hostile,lookalike" },
    /* 2 of 3 paid orders: 66.67 % */
    { "refund_rate > 66.66", "refunder" },
    { "refund_rate > 66.67", "" },
    { "refund_rate >= 50 and refund_rate < 70", "refunder" },
    { "refund_rate = 0", "fen49999,fen50000" },
    { "refund_rate < 10", "fen49999,fen50000" },
    { "refund_rate >= 0", "fen49999,fen50000,refunder" },
    { "days_since_last_order <= 10", "fen49999,refunder" },
    { "days_since_last_order < 10", "refunder" },
    { "days_since_last_order = 10", "fen49999" },
    { "days_since_last_order >= 10", "fen49999,fen50000" },
    { "days_since_last_order > 10", "fen50000" },
    { "days_since_last_order != 10", "fen50000,refunder" },
    { "days_since_last_order > 90", "fen50000" },
    { "days_since_first_order >= 30", "fen50000,refunder" },
    { "days_since_first_order > 30", "fen50000" },
    { "days_since_first_order = 5", "" },
    { "tag = \"老客\"", "fen50000" },
    { "tag != \"老客\"", "fen49999,refunder,never,hostile,lookalike" },
    { "tier = 3", "fen50000" },
    { "tier >= 0", "fen50000" },
    { "not tier = 3", "fen49999,refunder,never,hostile,lookalike" },
    { "rfm_group = \"champions\"", "fen50000" },
    { "rfm_group = \"\"", "fen49999,refunder,never,hostile,lookalike" },
    { "rfm_group != \"champions\"", "fen49999,refunder,never,hostile,lookalike" },
    { "province = \"浙江\"", "fen50000,refunder" },
    { "province = \"浙江省\"", "fen50000,refunder" },
    { "province != \"浙江\"", "fen49999,never,hostile,lookalike" },
    { "province = \"\"", "hostile,lookalike" },
    { "city = \"杭州市\"", "fen50000" },
    { "city = \"杭州\"", "" },
    /* and before or; parentheses */
    { "tag = \"老客\" or order_count = 0 and province = \"广东\"", "fen50000,never" },
    { "(tag = \"老客\" or order_count = 0) and province = \"广东\"", "never" },
    { "total_spent >= 500 and days_since_last_order <= 90 and tag = \"老客\"", "" },
    { "total_spent >= 500 and days_since_last_order <= 100 and tag = \"老客\"", "fen50000" },
    /* hostile values are values: no wildcard, no quote ends the SQL string */
    { "tag = \"100%_off\"", "hostile" },
    { "tag = \"100%\"", "" },
    { "tag = \"%\"", "" },
    { "tag = \"_\"", "" },
    { "tag = \"x' OR '1'='1\"", "hostile" },
    { "tag = \"say \\\"hi\\\" \\\\\"", "hostile" },
    { "city = \"'; DROP TABLE customers; --\"", "hostile" },
    { "city = \"x\" or city = \"'; DROP TABLE customers; --\"", "hostile,lookalike" },
    { "rfm_group = \"') OR 1=1 --\"", "" },
    { "rfm_group != \"') OR 1=1 --\"", "fen49999,fen50000,refunder,never,hostile,lookalike" },
    /* the group is the scores' (R 5, F 4: champions); a name is matched as written */
    { "rfm_group = \"loyal\"", "" },
    { "rfm_group = \"Champions\"", "" },
    { "rfm_group != \"\"", "fen50000" },
    { "not rfm_group = \"champions\"", "fen49999,refunder,never,hostile,lookalike" },
    /* the grade and a customer's own fields together */
    { "tier = 3 and province = \"浙江\"", "fen50000" },
    { "tier = 3 or province = \"广东\"", "fen50000,never" },
    { "rfm_r = 5 and tag = \"老客\"", "fen50000" },
    { "not (tier >= 0 or tag = \"退款多\")", "fen49999,never,hostile,lookalike" },
    /* not scored (0): no score, so false */
    { "rfm_r = 5", "fen50000" },
    { "rfm_f >= 4 and rfm_m <= 1", "fen50000" },
    { "rfm_r < 5", "" },
    { "not rfm_r < 5", "fen49999,fen50000,refunder,never,hostile,lookalike" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *nicks = NULL;

      g_test_message ("%s", cases[i].text);
      nicks = matching (shop, cases[i].text);
      g_assert_cmpstr (nicks, ==, cases[i].nicks);
    }
}

/* No value of the condition reaches the SQL text, and the schema is as it was. */
static void
test_hostile_sql (Shop          *shop,
                  gconstpointer  data)
{
  static const char *hostile[] = {
    "tag = \"'; DROP TABLE customers; --\"",
    "city = \"\\\"; DROP TABLE customers; --\"",
    "province = \"x'); DELETE FROM customers; --\"",
    "rfm_group = \"%' OR '%'='\" or tag != \"_\"",
  };
  SdDb *db = sd_session_get_db (shop->session);
  g_autoptr(GError) error = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *schema_after = NULL;

  schema = sd_test_schema_text (db);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(SdCondition) c = parse_ok (hostile[i]);
      g_autoptr(GString) sql = g_string_new (NULL);
      g_autoptr(SdSqlParams) params = _sd_sql_params_new (1);

      _sd_condition_compile (c, "c", "s", NOW, sql, params);
      g_assert_null (strstr (sql->str, "DROP"));
      g_assert_null (strstr (sql->str, "DELETE"));
      g_assert_null (strchr (sql->str, '"'));
      g_assert_null (strchr (sql->str, '%'));
      g_assert_null (strchr (sql->str, ';'));
      g_assert_cmpint (_sd_condition_count (db, c, NOW, &error), >=, 0);
      g_assert_no_error (error);
    }

  schema_after = sd_test_schema_text (db);
  g_assert_cmpstr (schema_after, ==, schema);
  g_assert_cmpint (sd_test_count_customers (shop->session), ==, 6);
}

/* Parameters after the caller's own: numbered from FIRST on. */
static void
test_params (void)
{
  g_autoptr(SdCondition) c = parse_ok ("tag = \"a\" and total_spent > 1 and days_since_last_order = 3");
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(SdSqlParams) params = _sd_sql_params_new (10);

  _sd_condition_compile (c, "t", "t_s", NOW, sql, params);
  g_assert_cmpuint (_sd_sql_params_get_first (params), ==, 10);
  g_assert_cmpuint (_sd_sql_params_get_len (params), ==, 4);
  g_assert_nonnull (strstr (sql->str, "?10"));
  g_assert_nonnull (strstr (sql->str, "?13"));
  g_assert_null (strstr (sql->str, "?14"));
  g_assert_null (strstr (sql->str, "?9"));
  g_assert_cmpstr (_sd_sql_params_get_text (params, 0), ==, "a");
  g_assert_cmpint (_sd_sql_params_get_int (params, 1), ==, 100);
  g_assert_null (_sd_sql_params_get_text (params, 1));
  g_assert_nonnull (strstr (sql->str, "t.total_spent_cents > ?11"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/condition/parse/round-trip", test_round_trip);
  g_test_add_func ("/core/condition/parse/precedence", test_precedence);
  g_test_add_func ("/core/condition/parse/fields", test_fields);
  g_test_add_func ("/core/condition/parse/yuan", test_yuan);
  g_test_add_func ("/core/condition/parse/errors", test_errors);
  g_test_add_func ("/core/condition/parse/depth", test_depth);
  g_test_add_func ("/core/condition/build", test_build);
  g_test_add_func ("/core/condition/sql/params", test_params);
  g_test_add ("/core/condition/sql/match", Shop, NULL, shop_setup, test_match, shop_teardown);
  g_test_add ("/core/condition/sql/hostile", Shop, NULL, shop_setup, test_hostile_sql, shop_teardown);

  return g_test_run ();
}
