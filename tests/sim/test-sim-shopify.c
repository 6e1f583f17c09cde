/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <string.h>

#include "sim-test-util.h"

/* shopdesk-sim as Shopify's Admin REST API: the access token, Link-header cursor paging,
 * filters, the call-limit header and 429. */

#define SHOPIFY_SHOP "--platform", "shopify", SIM_SMALL_SHOP
#define TOKEN "shpat_test"

static Reply *
shopify_get (Sim        *sim,
             const char *path)
{
  return sim_request (sim, "GET", path, TOKEN);
}

/* X-Shopify-Shop-Api-Call-Limit: "n/40", n from 1 to 40. */
static guint
call_limit (Reply *reply)
{
  const char *header = reply_header (reply, "X-Shopify-Shop-Api-Call-Limit");
  guint used;

  g_assert_nonnull (header);
  g_assert_true (g_str_has_suffix (header, "/40"));
  used = (guint) g_ascii_strtoull (header, NULL, 10);
  g_assert_cmpuint (used, >=, 1);
  g_assert_cmpuint (used, <=, 40);
  return used;
}

/* The URL of the Link header's @rel, made relative to the simulator; NULL if none. */
static char *
link_path (Sim        *sim,
           Reply      *reply,
           const char *rel)
{
  const char *header = reply_header (reply, "Link");
  g_autofree char *wanted = g_strdup_printf ("; rel=\"%s\"", rel);
  g_auto(GStrv) parts = NULL;

  if (header == NULL)
    return NULL;
  parts = g_strsplit (header, ", ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *end = strstr (parts[i], wanted);

      if (end == NULL)
        continue;
      g_assert_true (parts[i][0] == '<' && end[-1] == '>');
      g_assert_true (g_str_has_prefix (parts[i] + 1, sim->base));
      return g_strndup (parts[i] + 1 + strlen (sim->base), end - 1 - (parts[i] + 1 + strlen (sim->base)));
    }
  return NULL;
}

/* The ids of a page of @member, as strings, appended to @ids. */
static guint
page_ids (Reply      *reply,
          const char *member,
          GPtrArray  *ids)
{
  g_autoptr(JsonNode) node = reply_json (reply);
  JsonArray *items = json_object_get_array_member (json_node_get_object (node), member);

  for (guint i = 0; i < json_array_get_length (items); i++)
    g_ptr_array_add (ids, g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (
                                             json_array_get_object_element (items, i), "id")));
  return json_array_get_length (items);
}

static void
test_auth (void)
{
  g_autoptr(Sim) sim = sim_start (SHOPIFY_SHOP, NULL);
  g_autoptr(Reply) none = sim_request (sim, "GET", "/admin/api/2024-01/orders.json", NULL);
  g_autoptr(Reply) wrong = sim_request (sim, "GET", "/admin/api/2024-01/orders.json", "shpat_no");
  g_autoptr(Reply) right = shopify_get (sim, "/admin/api/2024-01/orders.json");
  g_autoptr(Reply) shop = shopify_get (sim, "/admin/api/2023-10/shop.json");
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(JsonNode) info = NULL;

  g_assert_cmpuint (none->status, ==, 401);
  g_assert_cmpuint (wrong->status, ==, 401);
  error = reply_json (wrong);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (error), "errors"), ==,
                   "[API] Invalid API key or access token (unrecognized login or wrong password)");
  g_assert_cmpuint (right->status, ==, 200);
  g_assert_cmpuint (shop->status, ==, 200);
  info = reply_json (shop);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_node_get_object (info), "shop"),
                     "currency"), ==, "CNY");
  call_limit (none);
  call_limit (wrong);
  call_limit (right);
}

/* Forward through the Link header to the last page (which has no next), then back. */
static void
walk (Sim        *sim,
      const char *first,
      const char *member,
      GPtrArray  *all)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_strdup (first);
  g_autofree char *back = NULL;
  guint n_pages = 0;

  while (path != NULL)
    {
      g_autoptr(Reply) reply = shopify_get (sim, path);
      g_autofree char *previous = NULL;
      guint before = all->len;

      g_assert_cmpuint (reply->status, ==, 200);
      call_limit (reply);
      page_ids (reply, member, all);
      previous = link_path (sim, reply, "previous");
      g_assert_cmpint (previous != NULL, ==, n_pages > 0);   /* the first page has none */
      g_ptr_array_add (pages, g_strdup_printf ("%u-%u", before, all->len));
      g_free (path);
      path = link_path (sim, reply, "next");
      if (path == NULL)
        back = g_steal_pointer (&previous);
      n_pages++;
    }

  /* Back from the last page: the same pages, in reverse. */
  for (guint i = n_pages - 1; back != NULL; i--)
    {
      g_autoptr(Reply) reply = shopify_get (sim, back);
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      guint lo, hi;

      g_assert_cmpuint (i, >, 0);
      page_ids (reply, member, ids);
      g_assert_cmpint (sscanf (g_ptr_array_index (pages, i - 1), "%u-%u", &lo, &hi), ==, 2);
      g_assert_cmpuint (ids->len, ==, hi - lo);
      for (guint k = 0; k < ids->len; k++)
        g_assert_cmpstr (g_ptr_array_index (ids, k), ==, g_ptr_array_index (all, lo + k));
      g_free (back);
      back = link_path (sim, reply, "previous");
      g_assert_cmpint (back != NULL, ==, i > 1);
    }
}

static void
test_link_paging (void)
{
  g_autoptr(Sim) sim = sim_start (SHOPIFY_SHOP, NULL);
  g_autoptr(JsonNode) truth = sim_admin (sim, "GET", "/_sim/orders");
  JsonArray *orders = json_node_get_array (truth);
  g_autoptr(GPtrArray) by_7 = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) by_50 = g_ptr_array_new_with_free_func (g_free);

  walk (sim, "/admin/api/2024-01/orders.json?status=any&limit=7", "orders", by_7);
  walk (sim, "/admin/api/2024-01/orders.json?status=any&limit=50", "orders", by_50);
  g_assert_cmpuint (by_7->len, ==, json_array_get_length (orders));
  g_assert_cmpuint (by_50->len, ==, json_array_get_length (orders));
  for (guint i = 0; i < by_7->len; i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (orders, i),
                                                      "id");

      g_assert_cmpstr (g_ptr_array_index (by_7, i), ==, id);   /* ascending, all of them */
      g_assert_cmpstr (g_ptr_array_index (by_50, i), ==, id);
    }
}

static void
test_customers (void)
{
  g_autoptr(Sim) sim = sim_start (SHOPIFY_SHOP, NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Reply) since = NULL;
  g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *since_path = NULL;

  walk (sim, "/admin/api/2024-01/customers.json?limit=9", "customers", ids);
  g_assert_cmpuint (ids->len, ==, 50);
  for (guint i = 1; i < ids->len; i++)
    g_assert_cmpuint (g_ascii_strtoull (g_ptr_array_index (ids, i - 1), NULL, 10), <,
                      g_ascii_strtoull (g_ptr_array_index (ids, i), NULL, 10));

  since_path = g_strdup_printf ("/admin/api/2024-01/customers.json?limit=250&since_id=%s",
                                (const char *) g_ptr_array_index (ids, 39));
  since = shopify_get (sim, since_path);
  g_assert_cmpuint (page_ids (since, "customers", after), ==, 10);
  g_assert_cmpstr (g_ptr_array_index (after, 0), ==, g_ptr_array_index (ids, 40));
}

static void
assert_bad_parameter (Sim        *sim,
                      const char *path,
                      const char *name)
{
  g_autoptr(Reply) reply = shopify_get (sim, path);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *errors;

  g_assert_cmpuint (reply->status, ==, 400);
  node = reply_json (reply);
  errors = json_object_get_object_member (json_node_get_object (node), "errors");
  g_assert_true (json_object_has_member (errors, name));
}

static void
test_filters (void)
{
  g_autoptr(Sim) sim = sim_start (SHOPIFY_SHOP, NULL);
  g_autoptr(Reply) first = shopify_get (sim, "/admin/api/2024-01/orders.json?status=any&limit=5");
  g_autofree char *next = link_path (sim, first, "next");
  g_autofree char *with_filter = g_strconcat (next, "&status=any", NULL);
  g_autofree char *other_limit = NULL;
  g_autoptr(Reply) relimited = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  assert_bad_parameter (sim, with_filter, "page_info");
  assert_bad_parameter (sim, "/admin/api/2024-01/orders.json?page_info=garbage", "page_info");
  assert_bad_parameter (sim, "/admin/api/2024-01/orders.json?limit=251", "limit");
  assert_bad_parameter (sim, "/admin/api/2024-01/orders.json?limit=0", "limit");
  assert_bad_parameter (sim, "/admin/api/2024-01/orders.json?created_at_min=yesterday",
                        "created_at_min");
  assert_bad_parameter (sim, "/admin/api/2024-01/orders.json?status=lost", "status");

  /* limit may change along the way. */
  other_limit = g_strdup (next);
  memcpy (strstr (other_limit, "limit=5"), "limit=3", 7);
  relimited = shopify_get (sim, other_limit);
  g_assert_cmpuint (relimited->status, ==, 200);
  g_assert_cmpuint (page_ids (relimited, "orders", ids), ==, 3);
}

/* Without status=any only open orders come: neither closed nor cancelled. */
static void
test_default_status (void)
{
  g_autoptr(Sim) sim = sim_start (SHOPIFY_SHOP, NULL);
  g_autoptr(Reply) open = shopify_get (sim, "/admin/api/2024-01/orders.json?limit=250");
  g_autoptr(Reply) any = shopify_get (sim, "/admin/api/2024-01/orders.json?limit=250&status=any");
  g_autoptr(JsonNode) node = reply_json (open);
  JsonArray *orders = json_object_get_array_member (json_node_get_object (node), "orders");
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpuint (json_array_get_length (orders), >, 0);
  g_assert_cmpuint (json_array_get_length (orders), <, page_ids (any, "orders", all));
  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      JsonObject *o = json_array_get_object_element (orders, i);

      g_assert_true (json_object_get_null_member (o, "closed_at"));
      g_assert_true (json_object_get_null_member (o, "cancelled_at"));
    }
}

/* updated_at_min and _max take both ends; the order's shape is Shopify's. */
static void
test_updated_window (void)
{
  g_autoptr(Sim) sim = sim_start (SHOPIFY_SHOP, NULL);
  g_autoptr(Reply) all = shopify_get (sim, "/admin/api/2024-01/orders.json?limit=250&status=any");
  g_autoptr(JsonNode) node = reply_json (all);
  JsonObject *o = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (node), "orders"), 100);
  const char *updated = json_object_get_string_member (o, "updated_at");
  g_autofree char *escaped = g_uri_escape_string (updated, NULL, FALSE);
  g_autofree char *path = g_strdup_printf (
    "/admin/api/2024-01/orders.json?status=any&updated_at_min=%s&updated_at_max=%s", escaped,
    escaped);
  g_autoptr(Reply) window = shopify_get (sim, path);
  g_autoptr(JsonNode) found = reply_json (window);
  JsonArray *orders = json_object_get_array_member (json_node_get_object (found), "orders");
  JsonObject *customer = json_object_get_object_member (o, "customer");
  gboolean seen = FALSE;

  g_assert_true (g_str_has_suffix (updated, "+08:00"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "name"), "#"));
  g_assert_true (g_regex_match_simple ("^[0-9]+\\.[0-9]{2}$",
                                       json_object_get_string_member (o, "total_price"), 0, 0));
  g_assert_true (json_object_has_member (customer, "id"));
  g_assert_true (json_object_has_member (customer, "phone"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "line_items")), >=, 1);
  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      JsonObject *w = json_array_get_object_element (orders, i);

      g_assert_cmpstr (json_object_get_string_member (w, "updated_at"), ==, updated);
      seen |= json_object_get_int_member (w, "id") == json_object_get_int_member (o, "id");
    }
  g_assert_true (seen);
}

/* A leaky bucket of 40 draining 1/s: a burst overflows it; 429s carry Retry-After, mostly. */
static void
test_rate_limit (void)
{
  g_autoptr(Sim) sim = sim_start (SHOPIFY_SHOP, NULL);
  guint refused = 0, with_retry_after = 0;

  sim_set_faults (sim, "rate_limit=1/s");
  for (guint i = 0; i < 80; i++)
    {
      g_autoptr(Reply) reply = shopify_get (sim, "/admin/api/2024-01/shop.json");
      guint used = call_limit (reply);
      const char *retry_after = reply_header (reply, "Retry-After");

      if (reply->status == 200)
        continue;
      g_assert_cmpuint (reply->status, ==, 429);
      g_assert_cmpuint (used, ==, 40);
      g_assert_cmpuint (i, >=, 40);    /* the first 40 fit in the bucket */
      refused++;
      if (retry_after != NULL)
        {
          g_assert_true (g_regex_match_simple ("^[1-9][0-9]*$", retry_after, 0, 0));
          with_retry_after++;
        }
    }
  g_assert_cmpuint (refused, >=, 30);
  g_assert_cmpuint (with_retry_after, >, 0);
  g_assert_cmpuint (with_retry_after, <, refused);    /* a few come without */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/shopify/auth", test_auth);
  g_test_add_func ("/sim/shopify/link-paging", test_link_paging);
  g_test_add_func ("/sim/shopify/customers", test_customers);
  g_test_add_func ("/sim/shopify/filters", test_filters);
  g_test_add_func ("/sim/shopify/default-status", test_default_status);
  g_test_add_func ("/sim/shopify/updated-window", test_updated_window);
  g_test_add_func ("/sim/shopify/rate-limit", test_rate_limit);
  return g_test_run ();
}
