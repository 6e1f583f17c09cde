/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "net/sd-shopify-mapping-private.h"
#include "net/sd-store-values-private.h"
#include "net/sd-top-mapping-private.h"
#include "sd-error.h"

#define INCREMENT_GET "taobao.trades.sold.increment.get"

static char *
read_data (const char *name,
           gsize      *length)
{
  g_autofree char *path = g_build_filename (g_getenv ("SHOPDESK_TEST_DATA"), "net", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

/* ---- values ---------------------------------------------------------------------- */

static void
test_money (void)
{
  static const struct { const char *text; gint64 cents; } good[] = {
    { "148.00", 14800 }, { "0.5", 50 }, { "12", 1200 }, { "0", 0 }, { "0.05", 5 },
    { "007.10", 710 }, { "2999.99", 299999 }, { "999999999999999.99", 99999999999999999 },
  };
  static const char * const bad[] = {
    "abc", "-1", "-0.50", "1.234", "", "1.", ".5", " 1", "1 ", "+1", "1e3", "1,000",
    "１２", "1.2.3", "0x10", "1000000000000000", "12元", "¥12",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 cents = -1;

      g_test_message ("money “%s”", good[i].text);
      g_assert_true (sd_store_parse_money (good[i].text, &cents));
      g_assert_cmpint (cents, ==, good[i].cents);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 cents = 42;

      g_test_message ("not money “%s”", bad[i]);
      g_assert_false (sd_store_parse_money (bad[i], &cents));
      g_assert_cmpint (cents, ==, 42);
    }
  g_assert_false (sd_store_parse_money (NULL, &(gint64) { 0 }));
}

static void
test_times (void)
{
  static const struct { const char *text; gint64 utc; } top[] = {
    { "2024-05-01 12:00:00", 1714536000 }, { "1970-01-01 08:00:00", 0 },
    { "2024-02-29 08:00:00", 1709164800 }, { "2024-03-01 07:59:59", 1709251199 },
    { "2000-01-01 00:00:00", 946656000 }, { "2099-12-31 23:59:59", 4102415999 },
  };
  static const char * const bad_top[] = {
    "2023-02-29 00:00:00", "2024-13-01 00:00:00", "2024-00-10 00:00:00", "2024-04-31 00:00:00",
    "2024-05-01T12:00:00", "2024-5-1 12:00:00", "2024-05-01 12:00:00 ", "2024-05-01 24:00:00",
    "2024-05-01 12:60:00", "2024-05-01 12:00", "2024-05-01", "", "yesterday", "2024/05/01 12:00:00",
    "1970-01-01 07:59:59", "0012-05-01 12:00:00",
  };
  static const struct { const char *text; gint64 utc; } iso[] = {
    { "2024-05-01T12:00:00+08:00", 1714536000 }, { "2024-05-01T04:00:00Z", 1714536000 },
    { "2024-05-01T04:00:00.123Z", 1714536000 }, { "2024-04-30T23:00:00-05:00", 1714536000 },
    { "2024-05-01T12:00:00+0800", 1714536000 }, { "2024-05-01T05:30:00+01:30", 1714536000 },
  };
  static const char * const bad_iso[] = {
    "2024-05-01 12:00:00", "2024-05-01T12:00:00", "2024-05-01T12:00:00+8:00", "2024-05-01T12:00:00+08",
    "2024-05-01T12:00:00.Z", "2024-05-01T12:00:00+08:00x", "2024-02-30T00:00:00Z", "",
    "1970-01-01T00:00:00+01:00", "1969-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
  };
  gint64 utc;

  for (guint i = 0; i < G_N_ELEMENTS (top); i++)
    {
      g_autofree char *again = NULL;

      g_test_message ("TOP time “%s”", top[i].text);
      g_assert_true (sd_store_parse_top_time (top[i].text, &utc));
      g_assert_cmpint (utc, ==, top[i].utc);
      again = sd_store_format_top_time (utc);
      g_assert_cmpstr (again, ==, top[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_top); i++)
    {
      g_test_message ("not a TOP time “%s”", bad_top[i]);
      g_assert_false (sd_store_parse_top_time (bad_top[i], &utc));
    }
  for (guint i = 0; i < G_N_ELEMENTS (iso); i++)
    {
      g_test_message ("ISO time “%s”", iso[i].text);
      g_assert_true (sd_store_parse_iso_time (iso[i].text, &utc));
      g_assert_cmpint (utc, ==, iso[i].utc);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_iso); i++)
    {
      g_test_message ("not an ISO time “%s”", bad_iso[i]);
      g_assert_false (sd_store_parse_iso_time (bad_iso[i], &utc));
    }

  /* What we send reads back to the same second, whatever the desktop's zone. */
  for (gint64 t = 0; t < 4102444800; t += 86399 * 37 + 7)
    {
      g_autofree char *top_text = sd_store_format_top_time (t);
      g_autofree char *iso_text = sd_store_format_iso_time (t);
      gint64 a, b;

      g_assert_true (sd_store_parse_top_time (top_text, &a));
      g_assert_true (sd_store_parse_iso_time (iso_text, &b));
      g_assert_cmpint (a, ==, t);
      g_assert_cmpint (b, ==, t);
    }
  {
    g_autofree char *iso_text = sd_store_format_iso_time (1714536000);

    g_assert_cmpstr (iso_text, ==, "2024-05-01T12:00:00+08:00");
  }
}

static void
test_masked (void)
{
  static const char * const masked[] = {
    "张**", "*******1234", "138****1234", "****", "~AgAAAAPQ3fsBHc0X~1~",
    "$138$8SPcn5YcviStk1oP01BhNg==$1$$", "#AgAAAAPQ#", "李＊＊",
  };
  static const char * const plain[] = {
    "张三", "13812345678", "+8613812345678", "文三路 1 号", "", "~", "~~", "a~b~", "$5", "3#楼",
  };

  for (guint i = 0; i < G_N_ELEMENTS (masked); i++)
    g_assert_true (sd_store_value_is_masked (masked[i]));
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    g_assert_false (sd_store_value_is_masked (plain[i]));
  g_assert_false (sd_store_value_is_masked (NULL));
}

static void
test_redact (void)
{
  g_autoptr(GError) error = g_error_new_literal (SD_ERROR, SD_ERROR_NETWORK,
                                                 "bad session 6100e23657fb0b2d0c78a and helloworld, "
                                                 "helloworld again");
  const char * const secrets[] = { "helloworld", "", "6100e23657fb0b2d0c78a", NULL };

  sd_store_redact_error (error, secrets);
  g_assert_cmpstr (error->message, ==, "bad session … and …, … again");
  sd_store_redact_error (NULL, secrets);
}

/* ---- Taobao TOP -------------------------------------------------------------------- */

static SdStoreTrade *
trade_at (SdTopTradesPage *page,
          guint            i)
{
  g_assert_cmpuint (i, <, page->trades->len);
  return g_ptr_array_index (page->trades, i);
}

static void
assert_item (SdOrder    *order,
             guint       i,
             const char *title,
             gint64      quantity,
             gint64      price)
{
  SdOrderItem *item;

  g_assert_cmpuint (i, <, order->items->len);
  item = g_ptr_array_index (order->items, i);
  g_assert_cmpstr (item->title, ==, title);
  g_assert_cmpint (item->quantity, ==, quantity);
  g_assert_cmpint (item->unit_price_cents, ==, price);
}

static void
test_top_trades (void)
{
  gsize length;
  g_autofree char *body = read_data ("top-trades.json", &length);
  SdTopTradesPage page = { -1 };
  SdTopErrorResponse response = { 0 };
  g_autoptr(GError) error = NULL;
  SdStoreTrade *t;

  g_assert_cmpint (sd_top_map_trades (body, length, INCREMENT_GET, &page, &response, &error),
                   ==, SD_TOP_ANSWER_OK);
  g_assert_no_error (error);
  g_assert_cmpint (page.total_results, ==, 5);
  g_assert_false (page.has_next);
  g_assert_cmpuint (page.trades->len, ==, 5);

  /* A number tid with tid_str; a refunded line of two: partial. */
  t = trade_at (&page, 0);
  g_assert_cmpstr (t->order->platform, ==, "taobao");
  g_assert_cmpstr (t->order->platform_order_id, ==, "3000000000000000001");
  g_assert_cmpint (t->order->customer_id, ==, 0);
  g_assert_cmpint (t->order->amount_cents, ==, 14800);
  g_assert_cmpstr (t->order->status, ==, "TRADE_FINISHED");
  g_assert_cmpint (t->order->created_at, ==, 1714536000);
  g_assert_cmpint (t->order->modified_at, ==, 1714609815);
  g_assert_cmpint (t->order->paid_at, ==, 1714536300);
  g_assert_cmpstr (t->order->refund_state, ==, "partial");
  g_assert_cmpint (t->order->refund_cents, ==, 4900);
  g_assert_cmpuint (t->order->items->len, ==, 2);
  assert_item (t->order, 0, "真丝连衣裙", 1, 9900);
  assert_item (t->order, 1, "棉袜", 2, 2450);
  g_assert_cmpstr (t->buyer->platform, ==, "taobao");
  g_assert_cmpstr (t->buyer->uid, ==, "AAHm5GcKAAbW1ZbOQ6YbDs5b");
  g_assert_cmpstr (t->buyer->nick, ==, "t**1");
  g_assert_cmpstr (t->buyer->name, ==, "张**");
  g_assert_cmpstr (t->buyer->mobile, ==, "*******1234");
  g_assert_cmpstr (t->buyer->address, ==, "****");
  g_assert_cmpstr (t->buyer->province, ==, "浙江省");
  g_assert_cmpstr (t->buyer->city, ==, "杭州市");
  g_assert_cmpstr (t->buyer->district, ==, "西湖区");
  g_assert_cmpstr (t->buyer->email, ==, "");
  g_assert_true (t->buyer->masked);

  /* A string tid; "0.5" is 50 fen; unpaid; a refund asked: pending; encrypted receiver. */
  t = trade_at (&page, 1);
  g_assert_cmpstr (t->order->platform_order_id, ==, "3000000000000000002");
  g_assert_cmpint (t->order->amount_cents, ==, 50);
  g_assert_cmpint (t->order->paid_at, ==, 0);
  g_assert_cmpint (t->order->created_at, ==, 1714579199);
  g_assert_cmpint (t->order->modified_at, ==, 1714579200);
  g_assert_cmpstr (t->order->refund_state, ==, "pending");
  g_assert_cmpint (t->order->refund_cents, ==, 0);
  assert_item (t->order, 0, "保温杯", 3, 50);
  g_assert_cmpstr (t->buyer->mobile, ==, "$138$8SPcn5YcviStk1oP01BhNg==$1$$");
  g_assert_true (t->buyer->masked);

  /* A number tid alone; "12" is 1200 fen; every line refunded: full, from total_fee; a
   * plain receiver with only a landline. */
  t = trade_at (&page, 2);
  g_assert_cmpstr (t->order->platform_order_id, ==, "3000000000000000003");
  g_assert_cmpint (t->order->amount_cents, ==, 1200);
  g_assert_cmpint (t->order->paid_at, ==, 0);
  g_assert_cmpint (t->order->created_at, ==, 1709164800);
  g_assert_cmpstr (t->order->refund_state, ==, "full");
  g_assert_cmpint (t->order->refund_cents, ==, 1200);
  g_assert_cmpstr (t->buyer->uid, ==, "");
  g_assert_cmpstr (t->buyer->name, ==, "李四");
  g_assert_cmpstr (t->buyer->mobile, ==, "0571-88886666");
  g_assert_cmpstr (t->buyer->address, ==, "文三路 1 号");
  g_assert_false (t->buyer->masked);

  /* tid_str wins over a tid the JSON reader rounded; a refused refund. */
  t = trade_at (&page, 3);
  g_assert_cmpstr (t->order->platform_order_id, ==, "3000000000000000004");
  g_assert_cmpstr (t->order->refund_state, ==, "refused");
  g_assert_cmpint (t->order->refund_cents, ==, 0);
  g_assert_cmpint (t->order->amount_cents, ==, 299900);

  /* No lines at all, no buyer fields. */
  t = trade_at (&page, 4);
  g_assert_cmpint (t->order->amount_cents, ==, 5);
  g_assert_cmpuint (t->order->items->len, ==, 0);
  g_assert_cmpstr (t->order->refund_state, ==, "none");
  g_assert_cmpstr (t->buyer->nick, ==, "");
  g_assert_false (t->buyer->masked);

  sd_top_trades_page_clear (&page);
}

static void
test_top_empty_and_seller (void)
{
  gsize length;
  g_autofree char *empty = read_data ("top-trades-empty.json", &length);
  g_autofree char *seller_body = NULL;
  SdTopTradesPage page = { -1 };
  SdTopErrorResponse response = { 0 };
  g_autoptr(SdStoreSeller) seller = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sd_top_map_trades (empty, length, "taobao.trades.sold.get", &page, &response, &error),
                   ==, SD_TOP_ANSWER_OK);
  g_assert_no_error (error);
  g_assert_cmpint (page.total_results, ==, 0);
  g_assert_nonnull (page.trades);
  g_assert_cmpuint (page.trades->len, ==, 0);
  sd_top_trades_page_clear (&page);

  /* The wrong method's answer is not this one's. */
  g_assert_cmpint (sd_top_map_trades (empty, length, INCREMENT_GET, &page, &response, &error),
                   ==, SD_TOP_ANSWER_CORRUPT);
  g_assert_error (error, SD_ERROR, SD_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "trades_sold_increment_get_response"));
  g_assert_null (page.trades);
  g_clear_error (&error);

  seller_body = read_data ("top-seller.json", &length);
  g_assert_cmpint (sd_top_map_seller (seller_body, length, &seller, &response, &error),
                   ==, SD_TOP_ANSWER_OK);
  g_assert_no_error (error);
  g_assert_cmpstr (seller->platform, ==, "taobao");
  g_assert_cmpstr (seller->seller_id, ==, "2206684711");
  g_assert_cmpstr (seller->nick, ==, "测试小店旗舰店");
}

typedef struct
{
  const char *file;
  SdError     code;
  gboolean    retry;
  double      wait;      /* when retry: -1 backoff */
  const char *words;     /* in the message */
} ErrorCase;

static void
test_top_errors (void)
{
  static const ErrorCase cases[] = {
    { "top-error-7.json", SD_ERROR_RATE_LIMITED, TRUE, 6, "App Call Limited" },
    { "top-error-7-long.json", SD_ERROR_RATE_LIMITED, FALSE, 0, "3600" },
    { "top-error-10.json", SD_ERROR_NETWORK, TRUE, -1, "code 10" },
    { "top-error-15.json", SD_ERROR_NETWORK, TRUE, -1, "isp.top-remote-service-unavailable" },
    { "top-error-15-timeout.json", SD_ERROR_NETWORK, TRUE, -1, "isp.top-remote-connection-timeout" },
    { "top-error-15-business.json", SD_ERROR_NETWORK, FALSE, 0, "isv.BUSINESS_LIMIT_CONTROL" },
    { "top-error-25.json", SD_ERROR_AUTH_FAILED, FALSE, 0, "app secret" },
    { "top-error-26.json", SD_ERROR_AUTH_EXPIRED, FALSE, 0, "authorise ShopDesk again" },
    { "top-error-27.json", SD_ERROR_AUTH_EXPIRED, FALSE, 0, "The Taobao session has expired or is invalid" },
    { "top-error-28.json", SD_ERROR_AUTH_FAILED, FALSE, 0, "app key" },
    { "top-error-29.json", SD_ERROR_AUTH_FAILED, FALSE, 0, "code 29" },
    { "top-error-31.json", SD_ERROR_INVALID_INPUT, FALSE, 0, "clock" },
    { "top-error-40.json", SD_ERROR_INVALID_INPUT, FALSE, 0, "缺少参数 start_modified" },
    { "top-error-41.json", SD_ERROR_INVALID_INPUT, FALSE, 0, "时间跨度不能超过一天: end_modified" },
    { "top-error-9.json", SD_ERROR_NETWORK, FALSE, 0, "code 9" },
    { "top-error-22.json", SD_ERROR_NETWORK, FALSE, 0, "Invalid method" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length;
      g_autofree char *body = read_data (cases[i].file, &length);
      SdTopTradesPage page = { -1 };
      SdTopErrorResponse response = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) final = NULL;
      double wait = 99;
      gboolean retry;

      g_test_message ("%s", cases[i].file);
      g_assert_cmpint (sd_top_map_trades (body, length, INCREMENT_GET, &page, &response, &error),
                       ==, SD_TOP_ANSWER_ERROR);
      g_assert_no_error (error);
      g_assert_null (page.trades);
      g_assert_cmpint (response.code, >, 0);

      retry = sd_top_error_classify (&response, INCREMENT_GET, &wait, &final);
      g_assert_error (final, SD_ERROR, (int) cases[i].code);
      g_assert_cmpint (retry, ==, cases[i].retry);
      if (retry)
        g_assert_cmpfloat (wait, ==, cases[i].wait);
      g_assert_nonnull (strstr (final->message, cases[i].words));
      sd_top_error_response_clear (&response);
    }
}

typedef struct
{
  int         trade;     /* -1: the response object itself */
  int         line;      /* -1: the trade itself */
  const char *member;
  const char *json;      /* the new value; NULL: the member goes */
  const char *words;     /* in the message */
} Mutation;

/* top-trades.json with one value changed. */
static char *
mutate (const char     *file,
        const char     *root_member,
        const char     *list_member,
        const Mutation *m)
{
  g_autofree char *body = read_data (file, NULL);
  g_autoptr(JsonNode) root = json_from_string (body, NULL);
  JsonObject *target = json_node_get_object (root);

  if (root_member != NULL)
    target = json_object_get_object_member (target, root_member);
  if (m->trade >= 0)
    {
      JsonArray *list = list_member != NULL
                        ? json_object_get_array_member (json_object_get_object_member (target, "trades"),
                                                        list_member)
                        : json_object_get_array_member (target, "orders");

      target = json_array_get_object_element (list, m->trade);
    }
  if (m->line >= 0)
    target = json_array_get_object_element (
      list_member != NULL
      ? json_object_get_array_member (json_object_get_object_member (target, "orders"), "order")
      : json_object_get_array_member (target, "line_items"),
      m->line);
  if (m->json == NULL)
    json_object_remove_member (target, m->member);
  else
    json_object_set_member (target, m->member, json_from_string (m->json, NULL));
  return json_to_string (root, FALSE);
}

static void
test_top_corrupt (void)
{
  static const Mutation cases[] = {
    { 2, -1, "tid", NULL, "trade 3: “tid” is missing" },
    { 2, -1, "tid", "1.5", "trade 3: “tid” is not an id" },
    { 2, -1, "tid", "\"30x\"", "“tid” is not an id: “30x”" },
    { 2, -1, "tid", "-5", "“tid” is not an id" },
    { 2, -1, "tid", "\"0\"", "“tid” is not an id" },
    { 0, -1, "tid_str", "\"\"", "“tid_str” is not an id" },
    { 0, -1, "payment", NULL, "trade 1 (3000000000000000001): “payment” is missing" },
    { 0, -1, "payment", "\"abc\"", "“payment” is not an amount of money: “abc”" },
    { 0, -1, "payment", "\"-1.00\"", "“payment” is not an amount of money: “-1.00”" },
    { 0, -1, "payment", "\"1.234\"", "“payment” is not an amount of money" },
    { 0, -1, "payment", "148", "“payment” is not text" },
    { 0, -1, "created", "\"2024-13-01 00:00:00\"", "“created” is not a time" },
    { 0, -1, "created", NULL, "“created” is missing" },
    { 0, -1, "modified", "\"2024-05-02T08:30:15\"", "“modified” is not a time" },
    { 1, -1, "pay_time", "\"yesterday\"", "trade 2 (3000000000000000002): “pay_time” is not a time" },
    { 0, -1, "status", NULL, "“status” is missing" },
    { 0, -1, "status", "\"\"", "“status” is empty" },
    { 0, -1, "status", "7", "“status” is not text" },
    { 0, -1, "receiver_name", "123", "“receiver_name” is not text" },
    { 0, -1, "buyer_nick", "{}", "“buyer_nick” is not text" },
    { 0, -1, "orders", "[]", "“orders” is not an object" },
    { 0, -1, "orders", "{\"order\":{}}", "“order” is not a list" },
    { 0, -1, "orders", "{\"order\":[1]}", "order 1: it is not an object" },
    { 0, 0, "num", "\"x\"", "trade 1 (3000000000000000001): order 1: “num” is not a count" },
    { 0, 0, "num", "-1", "“num” is not a count" },
    { 0, 1, "price", NULL, "order 2: “price” is missing" },
    { 0, 1, "price", "\"1.999\"", "“price” is not an amount of money" },
    { 0, 1, "payment", "\"x\"", "“payment” is not an amount of money" },
    { -1, -1, "total_results", "\"x\"", "“total_results” is not a count" },
    { -1, -1, "has_next", "\"yes\"", "“has_next” is not true or false" },
    { -1, -1, "trades", "[]", "“trades” is not an object" },
    { -1, -1, "trades", "{\"trade\":{}}", "“trade” is not a list" },
    { -1, -1, "trades", "{\"trade\":[null]}", "trade 1: it is not an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = mutate ("top-trades.json", "trades_sold_increment_get_response",
                                      "trade", &cases[i]);
      SdTopTradesPage page = { -1 };
      SdTopErrorResponse response = { 0 };
      g_autoptr(GError) error = NULL;

      g_test_message ("%s = %s", cases[i].member, cases[i].json ? cases[i].json : "(gone)");
      g_assert_cmpint (sd_top_map_trades (body, strlen (body), INCREMENT_GET, &page, &response, &error),
                       ==, SD_TOP_ANSWER_CORRUPT);
      g_assert_error (error, SD_ERROR, SD_ERROR_CORRUPT);
      g_test_message ("→ %s", error->message);
      g_assert_nonnull (strstr (error->message, INCREMENT_GET));
      g_assert_nonnull (strstr (error->message, cases[i].words));
      /* Nothing partial: not one trade of the page. */
      g_assert_null (page.trades);
    }
}

static void
test_top_not_protocol (void)
{
  static const struct { const char *body; const char *words; } cases[] = {
    { "", "empty" },
    { "<html>502 Bad Gateway</html>", "not JSON" },
    { "{\"trades_sold_increment_get_response\":{\"total_results\":1,", "not JSON" },
    { "[]", "not an object" },
    { "null", "not an object" },
    { "{}", "“trades_sold_increment_get_response” is missing" },
    { "{\"trades_sold_increment_get_response\":[]}", "is not an object" },
    { "{\"error_response\":{\"msg\":\"x\"}}", "“code” is missing" },
    { "{\"error_response\":{\"code\":\"x\"}}", "“code” is not a count" },
    { "{\"error_response\":7}", "“error_response” is not an object" },
    { "{\"error_response\":{\"code\":7}}\n{\"x\":1}", "more follows the answer" },
    { "{\"error_response\":{\"msg\":\"x\"}}  \n", "“code” is missing" },
  };
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SdTopTradesPage page = { -1 };
      SdTopErrorResponse response = { 0 };
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].body);
      g_assert_cmpint (sd_top_map_trades (cases[i].body, strlen (cases[i].body), INCREMENT_GET,
                                          &page, &response, &error), ==, SD_TOP_ANSWER_CORRUPT);
      g_assert_error (error, SD_ERROR, SD_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_assert_null (page.trades);
      g_assert_cmpint (response.code, ==, 0);
    }

  /* Nesting a parser would recurse through is refused before parsing. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  {
    SdTopTradesPage page = { -1 };
    SdTopErrorResponse response = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (sd_top_map_trades (deep->str, deep->len, INCREMENT_GET, &page, &response, &error),
                     ==, SD_TOP_ANSWER_CORRUPT);
    g_assert_nonnull (strstr (error->message, "deep"));
  }
}

/* ---- Shopify ----------------------------------------------------------------------- */

static void
test_shopify_orders (void)
{
  gsize length;
  g_autofree char *body = read_data ("shopify-orders.json", &length);
  g_autoptr(GPtrArray) trades = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_store_trade_free);
  g_autoptr(GError) error = NULL;
  SdStoreTrade *t;

  g_assert_true (sd_shopify_map_orders (body, length, trades, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (trades->len, ==, 4);

  t = g_ptr_array_index (trades, 0);
  g_assert_cmpstr (t->order->platform, ==, "shopify");
  g_assert_cmpstr (t->order->platform_order_id, ==, "450789469");
  g_assert_cmpint (t->order->amount_cents, ==, 40994);
  g_assert_cmpstr (t->order->status, ==, "partially_refunded");
  g_assert_cmpint (t->order->created_at, ==, 1714536000);
  g_assert_cmpint (t->order->modified_at, ==, 1714608000);
  g_assert_cmpint (t->order->paid_at, ==, 1714536060);
  /* The failed transaction is not money back. */
  g_assert_cmpstr (t->order->refund_state, ==, "partial");
  g_assert_cmpint (t->order->refund_cents, ==, 10000);
  assert_item (t->order, 0, "IPod Nano", 2, 19900);
  assert_item (t->order, 1, "Gift wrap", 1, 1194);
  g_assert_cmpstr (t->buyer->platform, ==, "shopify");
  g_assert_cmpstr (t->buyer->uid, ==, "207119551");
  g_assert_cmpstr (t->buyer->nick, ==, "bob@example.com");
  g_assert_cmpstr (t->buyer->email, ==, "bob@example.com");
  g_assert_cmpstr (t->buyer->name, ==, "Bob Norman");
  g_assert_cmpstr (t->buyer->mobile, ==, "+8613812345678");
  /* The customer's default address, not this order's shipping address. */
  g_assert_cmpstr (t->buyer->province, ==, "Zhejiang");
  g_assert_cmpstr (t->buyer->city, ==, "Hangzhou");
  g_assert_cmpstr (t->buyer->address, ==, "1 Wensan Rd Apt 2");
  g_assert_cmpint (t->buyer->created_at, ==, 1704070800);
  g_assert_cmpint (t->buyer->updated_at, ==, 1714608000);
  g_assert_false (t->buyer->masked);

  /* A string id; cancelled wins over the financial status; refunded in full; a customer
   * without email or last name, addressed by the shipping address. */
  t = g_ptr_array_index (trades, 1);
  g_assert_cmpstr (t->order->platform_order_id, ==, "450789470");
  g_assert_cmpstr (t->order->status, ==, "cancelled");
  g_assert_cmpint (t->order->created_at, ==, 1714536000);
  g_assert_cmpstr (t->order->refund_state, ==, "full");
  g_assert_cmpint (t->order->refund_cents, ==, 1234);
  assert_item (t->order, 0, "Tea", 1, 1234);
  g_assert_cmpstr (t->buyer->nick, ==, "shopify:207119552");
  g_assert_cmpstr (t->buyer->name, ==, "Li");
  g_assert_cmpstr (t->buyer->email, ==, "");
  g_assert_cmpstr (t->buyer->province, ==, "Guangdong");
  g_assert_cmpstr (t->buyer->address, ==, "2 Keyuan Rd");

  /* A guest: no customer; pending, so not paid; fractions of a second ignored. */
  t = g_ptr_array_index (trades, 2);
  g_assert_cmpint (t->order->amount_cents, ==, 50);
  g_assert_cmpint (t->order->paid_at, ==, 0);
  g_assert_cmpint (t->order->created_at, ==, 1714536000);
  g_assert_cmpint (t->order->modified_at, ==, 0);
  g_assert_cmpstr (t->order->refund_state, ==, "none");
  g_assert_cmpstr (t->buyer->uid, ==, "");
  g_assert_cmpstr (t->buyer->nick, ==, "guest@example.com");
  g_assert_cmpstr (t->buyer->mobile, ==, "+8613900000000");

  /* Paid without processed_at: paid when created. */
  t = g_ptr_array_index (trades, 3);
  g_assert_cmpint (t->order->paid_at, ==, 1714536000);
  g_assert_cmpstr (t->buyer->name, ==, "Chen");
  g_assert_cmpstr (t->buyer->address, ==, "");
}

static void
test_shopify_customers_and_shop (void)
{
  gsize length;
  g_autofree char *body = read_data ("shopify-customers.json", &length);
  g_autofree char *shop_body = NULL;
  g_autoptr(GPtrArray) buyers = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_store_buyer_free);
  g_autoptr(SdStoreSeller) seller = NULL;
  g_autoptr(GError) error = NULL;
  SdStoreBuyer *b;

  g_assert_true (sd_shopify_map_customers (body, length, buyers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (buyers->len, ==, 2);
  b = g_ptr_array_index (buyers, 0);
  g_assert_cmpstr (b->uid, ==, "207119551");
  g_assert_cmpstr (b->name, ==, "Bob Norman");
  g_assert_cmpstr (b->address, ==, "1 Wensan Rd");
  g_assert_cmpint (b->updated_at, ==, 1714608000);
  b = g_ptr_array_index (buyers, 1);
  g_assert_cmpstr (b->uid, ==, "207119554");
  g_assert_cmpstr (b->nick, ==, "shopify:207119554");
  g_assert_cmpstr (b->name, ==, "");
  g_assert_cmpstr (b->mobile, ==, "");
  g_assert_cmpint (b->created_at, ==, 0);

  shop_body = read_data ("shopify-shop.json", &length);
  seller = sd_shopify_map_shop (shop_body, length, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seller->platform, ==, "shopify");
  g_assert_cmpstr (seller->seller_id, ==, "548380009");
  g_assert_cmpstr (seller->nick, ==, "John Smith Test Store");
}

static void
test_shopify_corrupt (void)
{
  static const Mutation cases[] = {
    { 0, -1, "id", NULL, "order 1: “id” is missing" },
    { 0, -1, "id", "4.5e9", "“id” is not an id" },
    { 0, -1, "total_price", "\"12.345\"", "order 1 (450789469): “total_price” is not an amount of money" },
    { 0, -1, "total_price", "12.34", "“total_price” is not text" },
    { 0, -1, "created_at", "\"2024-05-01 12:00:00\"", "“created_at” is not a time" },
    { 0, -1, "customer", "\"bob\"", "“customer” is not an object" },
    { 0, -1, "customer", "{\"email\":\"x@y\"}", "customer 1: “id” is missing" },
    { 0, -1, "line_items", "{}", "“line_items” is not a list" },
    { 0, 0, "quantity", "\"two\"", "line item 1: “quantity” is not a count" },
    { 0, 1, "price", "\"-1\"", "line item 2: “price” is not an amount of money" },
    { 0, -1, "refunds", "[{\"transactions\":[{\"amount\":\"x\"}]}]", "refund 1: transaction 1: “amount” is not an amount of money" },
    { 0, -1, "refunds", "[{\"transactions\":[{}]}]", "“amount” is missing" },
    { 1, -1, "financial_status", "1", "order 2 (450789470): “financial_status” is not text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = mutate ("shopify-orders.json", NULL, NULL, &cases[i]);
      g_autoptr(GPtrArray) trades = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_store_trade_free);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s = %s", cases[i].member, cases[i].json ? cases[i].json : "(gone)");
      g_assert_false (sd_shopify_map_orders (body, strlen (body), trades, &error));
      g_assert_error (error, SD_ERROR, SD_ERROR_CORRUPT);
      g_test_message ("→ %s", error->message);
      g_assert_nonnull (strstr (error->message, "orders.json"));
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_assert_cmpuint (trades->len, ==, 0);
    }

  {
    g_autoptr(GPtrArray) buyers = g_ptr_array_new ();
    g_autoptr(GError) error = NULL;
    const char *body = "{\"orders\":[]}";

    g_assert_false (sd_shopify_map_customers (body, strlen (body), buyers, &error));
    g_assert_nonnull (strstr (error->message, "“customers” is missing"));
    g_assert_cmpuint (buyers->len, ==, 0);
  }
}

static void
test_link_next (void)
{
  static const struct { const char *link; const char *next; } cases[] = {
    { "<https://s.myshopify.com/admin/api/2024-01/orders.json?page_info=abc&limit=50>; rel=\"next\"",
      "https://s.myshopify.com/admin/api/2024-01/orders.json?page_info=abc&limit=50" },
    { "<https://s/a.json?page_info=p&limit=5>; rel=\"previous\", <https://s/a.json?page_info=n&limit=5>; rel=\"next\"",
      "https://s/a.json?page_info=n&limit=5" },
    { "<https://s/a.json?page_info=n>; rel=\"next\", <https://s/a.json?page_info=p>; rel=\"previous\"",
      "https://s/a.json?page_info=n" },
    { "<https://s/a.json?page_info=p>; rel=\"previous\"", NULL },
    { "<http://127.0.0.1:8080/x?page_info=a,b>;rel=next", "http://127.0.0.1:8080/x?page_info=a,b" },
    { "<u>; REL=\"NEXT\"", "u" },
    { "<u>; rel=\"next last\"", "u" },
    { "<u>; title=\"next\"; rel=\"prev\"", NULL },
    { "<u>; rel=\"nextpage\"", NULL },
    { "<>; rel=\"next\"", NULL },
    { "<unterminated; rel=\"next\"", NULL },
    { "", NULL },
    { "garbage", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *next = sd_shopify_link_next (cases[i].link);

      g_test_message ("Link: %s", cases[i].link ? cases[i].link : "(none)");
      g_assert_cmpstr (next, ==, cases[i].next);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/store-mapping/money", test_money);
  g_test_add_func ("/core/store-mapping/times", test_times);
  g_test_add_func ("/core/store-mapping/masked", test_masked);
  g_test_add_func ("/core/store-mapping/redact", test_redact);
  g_test_add_func ("/core/store-mapping/top-trades", test_top_trades);
  g_test_add_func ("/core/store-mapping/top-empty-and-seller", test_top_empty_and_seller);
  g_test_add_func ("/core/store-mapping/top-errors", test_top_errors);
  g_test_add_func ("/core/store-mapping/top-corrupt", test_top_corrupt);
  g_test_add_func ("/core/store-mapping/top-not-protocol", test_top_not_protocol);
  g_test_add_func ("/core/store-mapping/shopify-orders", test_shopify_orders);
  g_test_add_func ("/core/store-mapping/shopify-customers-and-shop", test_shopify_customers_and_shop);
  g_test_add_func ("/core/store-mapping/shopify-corrupt", test_shopify_corrupt);
  g_test_add_func ("/core/store-mapping/link-next", test_link_next);

  return g_test_run ();
}
