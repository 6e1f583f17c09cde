/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sim-test-util.h"

/* shopdesk-sim as a Taobao TOP router: the checks and their order, signatures, paging,
 * windows and the increment API while the shop changes. */

#define TRADE_FIELDS "tid,status,payment,created,modified,pay_time,buyer_nick,buyer_open_uid," \
                     "receiver_name,receiver_state,receiver_city,receiver_address,"           \
                     "receiver_mobile,receiver_phone,oaid,orders"

static char *
top_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static gint64
parse_top_time (const char *text)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autofree char *iso = g_strdup (text);
  g_autoptr(GDateTime) t = NULL;

  iso[10] = 'T';
  t = g_date_time_new_from_iso8601 (iso, tz);
  g_assert_nonnull (t);
  return g_date_time_to_unix (t);
}

/* A trade's tid, a JSON number or a string, always equal to its tid_str. */
static guint64
trade_tid (JsonObject *trade)
{
  JsonNode *node = json_object_get_member (trade, "tid");
  const char *tid_str = json_object_get_string_member (trade, "tid_str");
  guint64 tid;

  g_assert_nonnull (node);
  g_assert_nonnull (tid_str);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    tid = g_ascii_strtoull (json_node_get_string (node), NULL, 10);
  else
    tid = (guint64) json_node_get_int (node);
  g_assert_cmpuint (tid, ==, g_ascii_strtoull (tid_str, NULL, 10));
  return tid;
}

static JsonArray *
page_trades (JsonObject *response)
{
  if (!json_object_has_member (response, "trades"))
    return NULL;
  return json_object_get_array_member (json_object_get_object_member (response, "trades"),
                                       "trade");
}

static JsonObject *
trades_call (Sim        *sim,
             const char *method,
             const char *start_name,
             gint64      start,
             const char *end_name,
             gint64      end,
             guint       page_no,
             guint       page_size,
             gboolean    use_has_next)
{
  g_autofree char *start_text = top_time (start);
  g_autofree char *end_text = top_time (end);
  g_autofree char *page_no_text = g_strdup_printf ("%u", page_no);
  g_autofree char *page_size_text = g_strdup_printf ("%u", page_size);

  return top_call (sim, top_params (method, "fields", TRADE_FIELDS, start_name, start_text,
                                    end_name, end_text, "page_no", page_no_text, "page_size",
                                    page_size_text, "use_has_next",
                                    use_has_next ? "true" : "false", NULL));
}

static JsonObject *
sold_get (Sim     *sim,
          gint64   start,
          gint64   end,
          guint    page_no,
          guint    page_size,
          gboolean use_has_next)
{
  return trades_call (sim, "taobao.trades.sold.get", "start_created", start, "end_created", end,
                      page_no, page_size, use_has_next);
}

static JsonObject *
increment_get (Sim   *sim,
               gint64 start,
               gint64 end,
               guint  page_no,
               guint  page_size)
{
  return trades_call (sim, "taobao.trades.sold.increment.get", "start_modified", start,
                      "end_modified", end, page_no, page_size, FALSE);
}

/* The ids /_sim/orders lists, as a set of tids. */
static GHashTable *
truth_ids (Sim *sim)
{
  g_autoptr(JsonNode) node = sim_admin (sim, "GET", "/_sim/orders");
  JsonArray *orders = json_node_get_array (node);
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (orders); i++)
    g_hash_table_add (ids, g_strdup (json_object_get_string_member (
                             json_array_get_object_element (orders, i), "id")));
  return ids;
}

/* The same user.seller.get signed each way, by GET and by POST form. */
static void
test_sign_methods (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  const char *methods[] = { "md5", "hmac", "hmac-sha256" };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    for (int post = 0; post <= 1; post++)
      {
        g_autoptr(GHashTable) p = top_params ("taobao.user.seller.get", "fields", "user_id,nick",
                                              "sign_method", methods[i], NULL);
        g_autoptr(Reply) reply = NULL;
        g_autoptr(JsonNode) node = NULL;
        JsonObject *user;

        top_sign (p, "helloworld");
        reply = top_send (sim, p, post);
        node = reply_json (reply);
        user = json_object_get_object_member (
          top_response (json_node_get_object (node), "user_seller_get_response"), "user");
        g_assert_cmpstr (json_object_get_string_member (user, "nick"), ==, "shopdesk模拟店");
        g_assert_cmpint (json_object_get_int_member (user, "user_id"), >, 0);
      }
}

static void
test_wrong_sign (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  g_autoptr(GHashTable) p = top_params ("taobao.user.seller.get", "fields", "nick", NULL);
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonNode) node = NULL;

  top_sign (p, "not-the-secret");
  reply = top_send (sim, p, FALSE);
  node = reply_json (reply);
  assert_top_error (json_node_get_object (node), 25, NULL);

  g_clear_pointer (&reply, reply_free);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&p, g_hash_table_unref);
  p = top_params ("taobao.user.seller.get", "fields", "nick", "sign_method", "sha1", "sign",
                  "66987CB115214E59E6EC978214934FB8", NULL);
  reply = top_send (sim, p, FALSE);
  node = reply_json (reply);
  assert_top_error (json_node_get_object (node), 25, NULL);
  g_assert_nonnull (strstr (top_sub_msg (json_node_get_object (node)), "sign_method"));
}

static void
test_stale_timestamp (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  g_autofree char *stale = top_timestamp (-11 * 60);
  g_autofree char *early = top_timestamp (11 * 60);
  g_autofree char *skewed = top_timestamp (-9 * 60);
  g_autoptr(JsonObject) a = top_call (sim, top_params ("taobao.user.seller.get", "fields", "nick",
                                                       "timestamp", stale, NULL));
  g_autoptr(JsonObject) b = top_call (sim, top_params ("taobao.user.seller.get", "fields", "nick",
                                                       "timestamp", early, NULL));
  g_autoptr(JsonObject) c = top_call (sim, top_params ("taobao.user.seller.get", "fields", "nick",
                                                       "timestamp", skewed, NULL));
  g_autoptr(JsonObject) d = top_call (sim, top_params ("taobao.user.seller.get", "fields", "nick",
                                                       "timestamp", "2026/01/01 00:00:00", NULL));

  assert_top_error (a, 31, NULL);
  assert_top_error (b, 31, NULL);
  top_response (c, "user_seller_get_response");
  assert_top_error (d, 31, NULL);
}

static void
test_session (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, "--session", "the-session", NULL);
  g_autoptr(JsonObject) wrong = top_call (sim, top_params ("taobao.trades.sold.get", "fields",
                                                           "tid", NULL));
  g_autoptr(JsonObject) missing = top_call (sim, top_params ("taobao.trades.sold.get", "fields",
                                                             "tid", "session", NULL, NULL));
  g_autoptr(JsonObject) right = top_call (sim, top_params ("taobao.trades.sold.get", "fields",
                                                           "tid", "session", "the-session", NULL));

  assert_top_error (wrong, 27, "invalid-sessionkey");
  assert_top_error (missing, 26, NULL);
  top_response (right, "trades_sold_get_response");
}

/* Sends @params (taken) signed with @secret; TOP must refuse them with @code. */
static void
assert_refused (Sim        *sim,
                GHashTable *params,
                const char *secret,
                gint64      code)
{
  g_autoptr(GHashTable) p = params;
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonNode) node = NULL;

  top_sign (p, secret);
  reply = top_send (sim, p, FALSE);
  node = reply_json (reply);
  assert_top_error (json_node_get_object (node), code, NULL);
}

/* Everything wrong at once, then one thing put right at a time: each answer names the first
 * thing wrong in TOP's order (method, app key, timestamp, sign, session). */
static void
test_check_order (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  g_autofree char *stale = top_timestamp (-3600);
  const char *get = "taobao.user.seller.get";

  assert_refused (sim, top_params (get, "method", NULL, "app_key", "bad", "timestamp", stale,
                                   "session", "bad", NULL), "bad", 21);
  assert_refused (sim, top_params ("taobao.no.such.method", "app_key", "bad", "timestamp", stale,
                                   "session", "bad", NULL), "bad", 22);
  assert_refused (sim, top_params (get, "app_key", NULL, "timestamp", stale, "session", "bad",
                                   NULL), "bad", 28);
  assert_refused (sim, top_params (get, "app_key", "87654321", "timestamp", stale, "session",
                                   "bad", NULL), "bad", 29);
  assert_refused (sim, top_params (get, "timestamp", stale, "session", "bad", NULL), "bad", 31);
  assert_refused (sim, top_params (get, "timestamp", NULL, "session", "bad", NULL), "bad", 31);
  assert_refused (sim, top_params (get, "session", "bad", NULL), "bad", 25);
  assert_refused (sim, top_params (get, "session", "bad", NULL), "helloworld", 27);
  assert_refused (sim, top_params (get, NULL, NULL), "helloworld", 40);     /* no fields */
}

static void
test_arguments (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  gint64 now = sim_now (sim);
  g_autofree char *too_old = top_time (now - 91 * 86400);
  g_autoptr(JsonObject) big = top_call (sim, top_params ("taobao.trades.sold.get", "fields", "tid",
                                                         "page_size", "101", NULL));
  g_autoptr(JsonObject) no_fields = top_call (sim, top_params ("taobao.trades.sold.get", NULL, NULL));
  g_autoptr(JsonObject) old = top_call (sim, top_params ("taobao.trades.sold.get", "fields", "tid",
                                                         "start_created", too_old, NULL));
  g_autoptr(JsonObject) garbled = top_call (sim, top_params ("taobao.trades.sold.get", "fields",
                                                             "tid", "end_created", "yesterday",
                                                             NULL));
  g_autoptr(JsonObject) page0 = top_call (sim, top_params ("taobao.trades.sold.get", "fields",
                                                           "tid", "page_no", "0", NULL));

  assert_top_error (big, 41, NULL);
  g_assert_nonnull (strstr (top_sub_msg (big), "page_size"));
  assert_top_error (no_fields, 40, NULL);
  g_assert_nonnull (strstr (top_sub_msg (no_fields), "fields"));
  assert_top_error (old, 41, NULL);
  g_assert_nonnull (strstr (top_sub_msg (old), "start_created"));
  assert_top_error (garbled, 41, NULL);
  g_assert_nonnull (strstr (top_sub_msg (garbled), "end_created"));
  assert_top_error (page0, 41, NULL);
  g_assert_nonnull (strstr (top_sub_msg (page0), "page_no"));
}

/* Every page of a window of @size, collected; checks the order (newest first, ties by tid
 * descending), total_results on each page and that the page after the last is empty. */
static GHashTable *
collect_window (Sim   *sim,
                gint64 start,
                gint64 end,
                guint  size,
                guint  expected_total)
{
  GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint pages = (expected_total + size - 1) / size;
  gint64 last_created = G_MAXINT64;
  guint64 last_tid = G_MAXUINT64;

  for (guint page = 1; page <= pages + 1; page++)
    {
      g_autoptr(JsonObject) root = sold_get (sim, start, end, page, size, FALSE);
      JsonObject *r = top_response (root, "trades_sold_get_response");
      JsonArray *trades = page_trades (r);
      guint n = trades != NULL ? json_array_get_length (trades) : 0;

      g_assert_cmpint (json_object_get_int_member (r, "total_results"), ==, expected_total);
      g_assert_false (json_object_has_member (r, "has_next"));
      g_assert_cmpuint (n, ==, page <= pages ? MIN (size, expected_total - (page - 1) * size) : 0);
      for (guint i = 0; i < n; i++)
        {
          JsonObject *t = json_array_get_object_element (trades, i);
          gint64 created = parse_top_time (json_object_get_string_member (t, "created"));
          guint64 tid = trade_tid (t);

          g_assert_true (created < last_created || (created == last_created && tid < last_tid));
          g_assert_true (created >= start && created <= end);
          last_created = created;
          last_tid = tid;
          g_assert_true (g_hash_table_add (seen, g_strdup_printf ("%" G_GUINT64_FORMAT, tid)));
        }
    }
  return seen;
}

static void
assert_same_ids (GHashTable *a,
                 GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_contains (b, key));
}

static void
test_paging (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  gint64 now = sim_now (sim);
  g_autoptr(GHashTable) truth = truth_ids (sim);
  g_autoptr(GHashTable) by_100 = collect_window (sim, now - 10 * 86400, now, 100, 300);
  g_autoptr(GHashTable) by_7 = collect_window (sim, now - 10 * 86400, now, 7, 300);
  g_autoptr(GHashTable) by_50 = collect_window (sim, now - 10 * 86400, now, 50, 300);

  assert_same_ids (by_100, truth);     /* 300 in pages of 100: an exact multiple */
  assert_same_ids (by_7, truth);       /* 42 full pages and one of 6 */
  assert_same_ids (by_50, truth);
}

static void
test_has_next (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  gint64 now = sim_now (sim);

  for (guint page = 1; page <= 4; page++)
    {
      g_autoptr(JsonObject) root = sold_get (sim, now - 10 * 86400, now, page, 100, TRUE);
      JsonObject *r = top_response (root, "trades_sold_get_response");

      g_assert_false (json_object_has_member (r, "total_results"));
      g_assert_cmpint (json_object_get_boolean_member (r, "has_next"), ==, page < 3);
      g_assert_cmpint (page_trades (r) != NULL, ==, page <= 3);
    }
}

static void
test_empty_window (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  gint64 now = sim_now (sim);
  g_autoptr(JsonObject) root = sold_get (sim, now - 30 * 86400, now - 20 * 86400, 1, 40, FALSE);
  g_autoptr(JsonObject) inc = increment_get (sim, now - 30 * 86400, now - 29 * 86400, 1, 40);
  JsonObject *r = top_response (root, "trades_sold_get_response");

  g_assert_cmpint (json_object_get_int_member (r, "total_results"), ==, 0);
  g_assert_null (page_trades (r));
  r = top_response (inc, "trades_sold_increment_get_response");
  g_assert_cmpint (json_object_get_int_member (r, "total_results"), ==, 0);
  g_assert_null (page_trades (r));
}

/* Both ends of a window are in it. */
static void
test_window_bounds (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  g_autoptr(JsonNode) truth = sim_admin (sim, "GET", "/_sim/orders");
  JsonObject *order = json_array_get_object_element (json_node_get_array (truth), 150);
  gint64 created = json_object_get_int_member (order, "created_unix");
  gint64 modified = json_object_get_int_member (order, "modified_unix");
  const char *id = json_object_get_string_member (order, "id");
  struct
  {
    gint64 start, end;
    gboolean in;
  } windows[] = {
    { created, created, TRUE },
    { created - 60, created, TRUE },
    { created, created + 60, TRUE },
    { created + 1, created + 60, FALSE },
    { created - 60, created - 1, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    {
      g_autoptr(JsonObject) root = sold_get (sim, windows[i].start, windows[i].end, 1, 100, FALSE);
      g_autoptr(JsonObject) inc = increment_get (sim, windows[i].start - created + modified,
                                                 windows[i].end - created + modified, 1, 100);
      JsonObject *responses[] = { top_response (root, "trades_sold_get_response"),
                                  top_response (inc, "trades_sold_increment_get_response") };

      for (guint k = 0; k < G_N_ELEMENTS (responses); k++)
        {
          JsonArray *trades = page_trades (responses[k]);
          gboolean found = FALSE;

          for (guint j = 0; trades != NULL && j < json_array_get_length (trades); j++)
            found |= g_strcmp0 (json_object_get_string_member (
                                  json_array_get_object_element (trades, j), "tid_str"), id) == 0;
          g_assert_cmpint (found, ==, windows[i].in);
        }
    }
}

static void
test_increment_arguments (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  gint64 now = sim_now (sim);
  g_autoptr(JsonObject) too_wide = increment_get (sim, now - 86401, now, 1, 40);
  g_autoptr(JsonObject) one_day = increment_get (sim, now - 86400, now, 1, 40);
  g_autoptr(JsonObject) backwards = increment_get (sim, now, now - 60, 1, 40);
  g_autofree char *start = top_time (now - 60);
  g_autoptr(JsonObject) no_end = top_call (sim, top_params ("taobao.trades.sold.increment.get",
                                                            "fields", "tid", "start_modified",
                                                            start, NULL));

  assert_top_error (too_wide, 41, NULL);
  g_assert_nonnull (strstr (top_sub_msg (too_wide), "1 day"));
  top_response (one_day, "trades_sold_increment_get_response");
  assert_top_error (backwards, 41, NULL);
  assert_top_error (no_end, 40, NULL);
  g_assert_nonnull (strstr (top_sub_msg (no_end), "end_modified"));
}

static GHashTable *
json_id_set (JsonArray *ids)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (ids); i++)
    g_hash_table_add (set, g_strdup (json_array_get_string_element (ids, i)));
  return set;
}

/* /_sim/advance: the new and changed orders are what increment.get finds at the new clock. */
static void
test_advance_increment (void)
{
  /* An hour behind: the clock moves freely, and nothing was modified at the new time. */
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, "--behind", "3600", NULL);
  gint64 before = sim_now (sim);
  g_autoptr(JsonNode) node = sim_admin (sim, "POST", "/_sim/advance?seconds=60&create=3&modify=4");
  JsonObject *advanced = json_node_get_object (node);
  gint64 now = json_object_get_int_member (advanced, "now_unix");
  g_autoptr(GHashTable) changed = json_id_set (json_object_get_array_member (advanced, "created"));
  g_autoptr(GHashTable) modified = json_id_set (json_object_get_array_member (advanced, "modified"));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonObject) inc = increment_get (sim, now, now, 1, 100);
  g_autoptr(JsonObject) sold = sold_get (sim, now, now, 1, 100, FALSE);
  JsonObject *r = top_response (inc, "trades_sold_increment_get_response");
  JsonArray *trades = page_trades (r);
  GHashTableIter iter;
  gpointer key;

  g_assert_cmpint (now, ==, before + 60);
  g_assert_cmpuint (g_hash_table_size (changed), ==, 3);
  g_assert_cmpuint (g_hash_table_size (modified), ==, 4);
  g_hash_table_iter_init (&iter, modified);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_add (changed, g_strdup (key)));   /* old orders, not the new */
  g_assert_nonnull (trades);
  for (guint i = 0; i < json_array_get_length (trades); i++)
    {
      JsonObject *t = json_array_get_object_element (trades, i);

      g_hash_table_add (seen, g_strdup (json_object_get_string_member (t, "tid_str")));
      g_assert_cmpint (parse_top_time (json_object_get_string_member (t, "modified")), ==, now);
    }
  assert_same_ids (seen, changed);
  r = top_response (sold, "trades_sold_get_response");
  g_assert_cmpint (json_object_get_int_member (r, "total_results"), ==, 3);
}

/* With modify_during_paging, every page served moves orders to the newest modified time. */
static void
test_modify_during_paging (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, "--behind", "3600", NULL);
  gint64 now = sim_now (sim);
  gint64 first, second;

  sim_set_faults (sim, "modify_during_paging=5");
  {
    g_autoptr(JsonObject) a = increment_get (sim, now, now, 1, 10);
    g_autoptr(JsonObject) b = increment_get (sim, now, now, 1, 10);

    first = json_object_get_int_member (top_response (a, "trades_sold_increment_get_response"),
                                        "total_results");
    second = json_object_get_int_member (top_response (b, "trades_sold_increment_get_response"),
                                         "total_results");
  }
  g_assert_cmpint (second, >, first);
  g_assert_cmpint (second, <=, first + 5);
}

/* What Taobao sends now: masked receivers, fuzzed nicks, ids as numbers and as strings. */
static void
test_trade_shape (void)
{
  g_autoptr(Sim) sim = sim_start (SIM_SMALL_SHOP, NULL);
  gint64 now = sim_now (sim);
  g_autoptr(JsonObject) root = sold_get (sim, now - 10 * 86400, now, 1, 100, FALSE);
  JsonArray *trades = page_trades (top_response (root, "trades_sold_get_response"));
  guint as_string = 0, as_number = 0;

  g_assert_cmpuint (json_array_get_length (trades), ==, 100);
  for (guint i = 0; i < 100; i++)
    {
      JsonObject *t = json_array_get_object_element (trades, i);
      JsonArray *lines = json_object_get_array_member (json_object_get_object_member (t, "orders"),
                                                       "order");
      const char *uid = json_object_get_string_member (t, "buyer_open_uid");
      const char *nick = json_object_get_string_member (t, "buyer_nick");
      const char *mobile = json_object_get_string_member (t, "receiver_mobile");

      trade_tid (t);
      if (json_node_get_value_type (json_object_get_member (t, "tid")) == G_TYPE_STRING)
        as_string++;
      else
        as_number++;
      g_assert_true (g_str_has_prefix (uid, "AAH") && strlen (uid) == 27);
      g_assert_nonnull (strstr (nick, "**"));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (t, "receiver_name"), "**"));
      g_assert_true (g_str_has_prefix (mobile, "*******") && strlen (mobile) == 11);
      g_assert_cmpstr (json_object_get_string_member (t, "receiver_address"), ==, "****");
      g_assert_cmpstr (json_object_get_string_member (t, "receiver_phone"), ==, "");
      g_assert_true (g_regex_match_simple ("^[0-9]+\\.[0-9]{2}$",
                                           json_object_get_string_member (t, "payment"), 0, 0));
      g_assert_cmpuint (json_array_get_length (lines), >=, 1);
      g_assert_cmpuint (json_array_get_length (lines), <=, 3);
      g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (lines, 0),
                                                       "oid_str"));
    }
  g_assert_cmpuint (as_string, >, 0);
  g_assert_cmpuint (as_number, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/taobao/sign-methods", test_sign_methods);
  g_test_add_func ("/sim/taobao/wrong-sign", test_wrong_sign);
  g_test_add_func ("/sim/taobao/stale-timestamp", test_stale_timestamp);
  g_test_add_func ("/sim/taobao/session", test_session);
  g_test_add_func ("/sim/taobao/check-order", test_check_order);
  g_test_add_func ("/sim/taobao/arguments", test_arguments);
  g_test_add_func ("/sim/taobao/paging", test_paging);
  g_test_add_func ("/sim/taobao/has-next", test_has_next);
  g_test_add_func ("/sim/taobao/empty-window", test_empty_window);
  g_test_add_func ("/sim/taobao/window-bounds", test_window_bounds);
  g_test_add_func ("/sim/taobao/increment-arguments", test_increment_arguments);
  g_test_add_func ("/sim/taobao/advance-increment", test_advance_increment);
  g_test_add_func ("/sim/taobao/modify-during-paging", test_modify_during_paging);
  g_test_add_func ("/sim/taobao/trade-shape", test_trade_shape);
  return g_test_run ();
}
