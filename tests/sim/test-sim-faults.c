/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sim-test-util.h"

/* Every injected fault, as a client meets it, and counted in /_sim/state. */

#define SHOPIFY_ORDERS "/admin/api/2024-01/orders.json?status=any&limit=20"

static JsonObject *
seller_get (Sim *sim)
{
  return top_call (sim, top_params ("taobao.user.seller.get", "fields", "nick", NULL));
}

static Reply *
trades_reply (Sim *sim)
{
  g_autoptr(GHashTable) p = top_params ("taobao.trades.sold.get", "fields", "tid,payment,orders",
                                        "page_size", "100", NULL);

  top_sign (p, "helloworld");
  return top_send (sim, p, FALSE);
}

static gint64
fault_count (Sim        *sim,
             const char *name)
{
  g_autoptr(JsonNode) state = sim_admin (sim, "GET", "/_sim/state");
  JsonObject *counts = json_object_get_object_member (json_node_get_object (state), "fault_counts");

  return json_object_get_int_member (counts, name);
}

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

static gboolean
holds_type (JsonNode *node,
            GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static JsonNode *
parse_or_null (Reply *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data;

  if (reply->error != NULL || reply->status != 200)
    return NULL;
  data = g_bytes_get_data (reply->body, &size);
  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

typedef gboolean (*RecordCheck) (JsonObject *record);

/* @list: an array of objects that all pass @check. */
static gboolean
records_valid (JsonNode    *list,
               RecordCheck  check)
{
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *t = json_array_get_element (json_node_get_array (list), i);

      if (!JSON_NODE_HOLDS_OBJECT (t) || !check (json_node_get_object (t)))
        return FALSE;
    }
  return TRUE;
}

/* A trade with its tid (a number or a string), tid_str and payment as a decimal string. */
static gboolean
trade_valid (JsonObject *o)
{
  return holds_type (member (o, "tid_str"), G_TYPE_STRING)
         && (holds_type (member (o, "tid"), G_TYPE_STRING)
             || holds_type (member (o, "tid"), G_TYPE_INT64))
         && holds_type (member (o, "payment"), G_TYPE_STRING);
}

/* A Shopify order with a numeric id and total_price. */
static gboolean
order_valid (JsonObject *o)
{
  return holds_type (member (o, "id"), G_TYPE_INT64)
         && holds_type (member (o, "total_price"), G_TYPE_STRING);
}

/* The object member @name of @object (which may be NULL), or NULL. */
static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *m = member (object, name);

  return m != NULL && JSON_NODE_HOLDS_OBJECT (m) ? json_node_get_object (m) : NULL;
}

static JsonObject *
root_object (JsonNode *root)
{
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

/* What a client needs from a sold.get page: total_results and valid trades. */
static gboolean
taobao_page_valid (Reply *reply)
{
  g_autoptr(JsonNode) root = parse_or_null (reply);
  JsonObject *r = object_member (root_object (root), "trades_sold_get_response");
  JsonObject *trades = object_member (r, "trades");

  return holds_type (member (r, "total_results"), G_TYPE_INT64) && trades != NULL
         && records_valid (member (trades, "trade"), trade_valid);
}

/* What a client needs from an orders page: valid orders. */
static gboolean
shopify_page_valid (Reply *reply)
{
  g_autoptr(JsonNode) root = parse_or_null (reply);

  return records_valid (member (root_object (root), "orders"), order_valid);
}

/* fail_rate=1: every answer a retryable failure, TOP's code 15 or the gateway's 502/503. */
static void
test_fail_taobao (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, "--fail-rate", "1", NULL);
  guint gateway = 0, remote = 0;

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(Reply) reply = trades_reply (sim);
      g_autoptr(JsonNode) node = NULL;
      JsonObject *e;
      const char *sub_code;

      g_assert_no_error (reply->error);
      if (reply->status != 200)
        {
          g_assert_true (reply->status == 502 || reply->status == 503);
          gateway++;
          continue;
        }
      node = reply_json (reply);
      assert_top_error (json_node_get_object (node), 15, NULL);
      e = json_object_get_object_member (json_node_get_object (node), "error_response");
      sub_code = json_object_get_string_member (e, "sub_code");
      g_assert_true (strcmp (sub_code, "isp.top-remote-service-unavailable") == 0
                     || strcmp (sub_code, "isp.top-remote-connection-timeout") == 0);
      remote++;
    }
  g_assert_cmpuint (gateway, >, 0);
  g_assert_cmpuint (remote, >, 0);
  g_assert_cmpint (fault_count (sim, "fail"), ==, 20);

  sim_set_faults (sim, "fail_rate=0");
  {
    g_autoptr(Reply) reply = trades_reply (sim);

    g_assert_true (taobao_page_valid (reply));
  }
}

static void
test_fail_shopify (void)
{
  g_autoptr(Sim) sim = sim_start ("--platform", "shopify", SIM_SMALL_SHOP, NULL);

  sim_set_faults (sim, "fail_rate=1");
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(Reply) reply = sim_request (sim, "GET", SHOPIFY_ORDERS, "shpat_test");

      g_assert_no_error (reply->error);
      g_assert_true (reply->status == 500 || reply->status == 502 || reply->status == 503);
    }
  g_assert_cmpint (fault_count (sim, "fail"), ==, 20);
}

/* Code 7 with the ban's seconds once the rate is passed; refused during the ban; then it
 * lifts. */
static void
test_rate_limit (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  g_autoptr(JsonObject) after = NULL;
  guint i;

  sim_set_faults (sim, "rate_limit=2/s&ban_seconds=2");
  for (i = 0; i < 10; i++)
    {
      g_autoptr(JsonObject) root = seller_get (sim);

      if (!json_object_has_member (root, "error_response"))
        continue;
      assert_top_error (root, 7, "accesscontrol.limited-by-app-access-count");
      g_assert_cmpstr (top_sub_msg (root), ==, "This ban will last for 2 more seconds");
      break;
    }
  g_assert_cmpuint (i, ==, 2);     /* a bucket of 2 */
  {
    g_autoptr(JsonObject) again = seller_get (sim);

    assert_top_error (again, 7, "accesscontrol.limited-by-app-access-count");
    g_assert_true (g_str_has_prefix (top_sub_msg (again), "This ban will last for "));
  }
  g_usleep (2200 * 1000);
  after = seller_get (sim);
  top_response (after, "user_seller_get_response");
  g_assert_cmpint (fault_count (sim, "rate_limited"), ==, 2);
}

static void
test_drop (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, "--drop-rate", "1", NULL);
  g_autoptr(Reply) dropped = trades_reply (sim);
  g_autoptr(Reply) fine = NULL;

  g_assert_nonnull (dropped->error);
  sim_set_faults (sim, "drop_rate=0");
  fine = trades_reply (sim);
  g_assert_true (taobao_page_valid (fine));
  g_assert_cmpint (fault_count (sim, "drop"), >=, 1);
}

/* The answer announces its whole length and sends half. */
static void
test_truncate (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  g_autoptr(Sim) shopify = sim_start ("--platform", "shopify", SIM_SMALL_SHOP, NULL);
  g_autoptr(Reply) cut = NULL;
  g_autoptr(Reply) cut_orders = NULL;
  g_autoptr(Reply) fine = NULL;

  sim_set_faults (sim, "truncate_rate=1");
  cut = trades_reply (sim);
  g_assert_nonnull (cut->error);
  sim_set_faults (shopify, "truncate_rate=1");
  cut_orders = sim_request (shopify, "GET", SHOPIFY_ORDERS, "shpat_test");
  g_assert_nonnull (cut_orders->error);
  sim_set_faults (sim, "truncate_rate=0");
  fine = trades_reply (sim);
  g_assert_true (taobao_page_valid (fine));
  g_assert_cmpint (fault_count (sim, "truncate"), ==, 1);
}

/* malformed_rate=1: not one answer is usable (not JSON, cut JSON, a missing or mistyped
 * field); at 0 every one is. */
static void
test_malformed (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, "--malformed-rate", "1", NULL);
  g_autoptr(Sim) shopify = sim_start ("--platform", "shopify", "--malformed-rate", "1",
                                      SIM_SMALL_SHOP, NULL);

  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(Reply) reply = trades_reply (sim);
      g_autoptr(Reply) orders = sim_request (shopify, "GET", SHOPIFY_ORDERS, "shpat_test");

      g_assert_no_error (reply->error);
      g_assert_false (taobao_page_valid (reply));
      g_assert_no_error (orders->error);
      g_assert_false (shopify_page_valid (orders));
    }
  g_assert_cmpint (fault_count (sim, "malformed"), ==, 30);
  sim_set_faults (sim, "malformed_rate=0");
  sim_set_faults (shopify, "malformed_rate=0");
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(Reply) reply = trades_reply (sim);
      g_autoptr(Reply) orders = sim_request (shopify, "GET", SHOPIFY_ORDERS, "shpat_test");

      g_assert_true (taobao_page_valid (reply));
      g_assert_true (shopify_page_valid (orders));
    }
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  guint *pending = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  g_bytes_unref (body);
  (*pending)--;
}

/* Every answer waits; two at once wait side by side, not one after the other. */
static void
test_latency (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, "--latency", "400", NULL);
  g_autoptr(Reply) slow = sim_request (sim, "GET", "/admin/api/x/orders.json", NULL);
  g_autoptr(SoupMessage) a = NULL;
  g_autoptr(SoupMessage) b = NULL;
  g_autofree char *url = g_strconcat (sim->base, "/router/rest", NULL);
  g_autoptr(JsonObject) root = NULL;
  guint pending = 2;
  gint64 start;

  /* Not a Taobao path: a 404 at once, no delay. */
  g_assert_cmpuint (slow->status, ==, 404);
  g_assert_cmpint (slow->elapsed_us, <, 400 * 1000);

  start = g_get_monotonic_time ();
  root = seller_get (sim);
  top_response (root, "user_seller_get_response");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 400 * 1000);

  a = soup_message_new ("GET", url);
  b = soup_message_new ("GET", url);
  start = g_get_monotonic_time ();
  soup_session_send_and_read_async (sim->session, a, G_PRIORITY_DEFAULT, NULL, sent_cb, &pending);
  soup_session_send_and_read_async (sim->session, b, G_PRIORITY_DEFAULT, NULL, sent_cb, &pending);
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 400 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 750 * 1000);
  g_assert_cmpint (fault_count (sim, "latency"), ==, 3);
}

static void
test_invalid_session (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  g_autoptr(Sim) shopify = sim_start ("--platform", "shopify", SIM_SMALL_SHOP, NULL);
  g_autoptr(JsonObject) revoked = NULL;
  g_autoptr(JsonObject) restored = NULL;
  g_autoptr(Reply) unauthorised = NULL;

  sim_set_faults (sim, "invalid_session=1");
  revoked = seller_get (sim);
  assert_top_error (revoked, 27, "invalid-sessionkey");
  sim_set_faults (sim, "invalid_session=0");
  restored = seller_get (sim);
  top_response (restored, "user_seller_get_response");

  sim_set_faults (shopify, "invalid_session=1");
  unauthorised = sim_request (shopify, "GET", SHOPIFY_ORDERS, "shpat_test");
  g_assert_cmpuint (unauthorised->status, ==, 401);
}

static void
test_settings (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  g_autoptr(Reply) bad_rate = sim_request (sim, "POST", "/_sim/faults?fail_rate=2", NULL);
  g_autoptr(Reply) unknown = sim_request (sim, "POST", "/_sim/faults?fail_rat=0.5", NULL);
  g_autoptr(Reply) half = sim_request (sim, "POST",
                                       "/_sim/faults?fail_rate=0.5&rate_limit=5/s&latency=10",
                                       NULL);
  g_autoptr(JsonNode) settings = sim_admin (sim, "GET", "/_sim/faults");
  JsonObject *s = json_node_get_object (settings);

  g_assert_cmpuint (bad_rate->status, ==, 400);
  g_assert_cmpuint (unknown->status, ==, 400);
  g_assert_cmpuint (half->status, ==, 200);
  g_assert_cmpfloat (json_object_get_double_member (s, "fail_rate"), ==, 0.5);
  g_assert_cmpfloat (json_object_get_double_member (s, "rate_limit"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (s, "latency"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (s, "ban_seconds"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (s, "invalid_session"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (s, "modify_during_paging"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/faults/fail-taobao", test_fail_taobao);
  g_test_add_func ("/sim/faults/fail-shopify", test_fail_shopify);
  g_test_add_func ("/sim/faults/rate-limit", test_rate_limit);
  g_test_add_func ("/sim/faults/drop", test_drop);
  g_test_add_func ("/sim/faults/truncate", test_truncate);
  g_test_add_func ("/sim/faults/malformed", test_malformed);
  g_test_add_func ("/sim/faults/latency", test_latency);
  g_test_add_func ("/sim/faults/invalid-session", test_invalid_session);
  g_test_add_func ("/sim/faults/settings", test_settings);
  return g_test_run ();
}
