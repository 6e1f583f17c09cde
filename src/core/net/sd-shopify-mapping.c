/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-shopify-mapping"

#include <string.h>

#include "sd-i18n.h"

#include "sd-shopify-mapping-private.h"
#include "sd-store-values-private.h"

static void
set_text (char       **field,
          const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* "A" + " " + "B", leaving out what is empty. */
static char *
join_words (const char *a,
            const char *b)
{
  if (*a == '\0' || *b == '\0')
    return g_strconcat (a, b, NULL);
  return g_strconcat (a, " ", b, NULL);
}

static gboolean
map_address (JsonObject         *address,
             const SdStoreWhere *where,
             SdStoreBuyer       *buyer,
             GError            **error)
{
  const char *province, *city, *line1, *line2;

  if (!sd_store_json_string (address, "province", FALSE, where, &province, error) ||
      !sd_store_json_string (address, "city", FALSE, where, &city, error) ||
      !sd_store_json_string (address, "address1", FALSE, where, &line1, error) ||
      !sd_store_json_string (address, "address2", FALSE, where, &line2, error))
    return FALSE;
  set_text (&buyer->province, province);
  set_text (&buyer->city, city);
  g_free (buyer->address);
  buyer->address = join_words (line1, line2);
  return TRUE;
}

/* A customer object (customers.json, or an order's "customer") into BUYER; its address
 * from default_address, else from FALLBACK_ADDRESS (the order's shipping address). */
static gboolean
map_customer (JsonObject         *customer,
              JsonObject         *fallback_address,
              const SdStoreWhere *where,
              SdStoreBuyer       *buyer,
              GError            **error)
{
  g_autofree char *id = NULL;
  const char *email, *first, *last, *phone;
  JsonObject *address;

  if (!sd_store_json_id (customer, "id", TRUE, where, &id, error) ||
      !sd_store_json_string (customer, "email", FALSE, where, &email, error) ||
      !sd_store_json_string (customer, "first_name", FALSE, where, &first, error) ||
      !sd_store_json_string (customer, "last_name", FALSE, where, &last, error) ||
      !sd_store_json_string (customer, "phone", FALSE, where, &phone, error) ||
      !sd_store_json_iso_time (customer, "created_at", FALSE, where, &buyer->created_at, error) ||
      !sd_store_json_iso_time (customer, "updated_at", FALSE, where, &buyer->updated_at, error) ||
      !sd_store_json_object (customer, "default_address", FALSE, where, &address, error))
    return FALSE;

  set_text (&buyer->uid, id);
  g_free (buyer->nick);
  buyer->nick = *email != '\0' ? g_strdup (email) : g_strconcat ("shopify:", id, NULL);
  set_text (&buyer->email, email);
  g_free (buyer->name);
  buyer->name = join_words (first, last);
  set_text (&buyer->mobile, phone);
  buyer->masked = FALSE;
  address = address != NULL ? address : fallback_address;
  return address == NULL || map_address (address, where, buyer, error);
}

/* Money that went back: the refunds' successful refund transactions. */
static gboolean
sum_refunds (JsonObject         *order,
             const SdStoreWhere *where,
             gint64             *out_cents,
             GError            **error)
{
  JsonArray *refunds;
  guint n;

  *out_cents = 0;
  if (!sd_store_json_array (order, "refunds", FALSE, where, &refunds, error))
    return FALSE;
  n = refunds != NULL ? json_array_get_length (refunds) : 0;
  for (guint i = 0; i < n; i++)
    {
      SdStoreWhere refund_where = { where->call, N_("refund"), i + 1, NULL, where };
      JsonObject *refund;
      JsonArray *transactions;
      guint m;

      if (!sd_store_json_element (refunds, i, &refund_where, &refund, error) ||
          !sd_store_json_array (refund, "transactions", FALSE, &refund_where, &transactions, error))
        return FALSE;
      m = transactions != NULL ? json_array_get_length (transactions) : 0;
      for (guint j = 0; j < m; j++)
        {
          SdStoreWhere tx_where = { where->call, N_("transaction"), j + 1, NULL, &refund_where };
          JsonObject *tx;
          const char *kind, *status;
          gint64 amount;

          if (!sd_store_json_element (transactions, j, &tx_where, &tx, error) ||
              !sd_store_json_money (tx, "amount", TRUE, &tx_where, &amount, error) ||
              !sd_store_json_string (tx, "kind", FALSE, &tx_where, &kind, error) ||
              !sd_store_json_string (tx, "status", FALSE, &tx_where, &status, error))
            return FALSE;
          if ((*kind == '\0' || strcmp (kind, "refund") == 0) &&
              (*status == '\0' || strcmp (status, "success") == 0))
            *out_cents += amount;
        }
    }
  return TRUE;
}

static void
set_refund (SdOrder *order,
            gint64   refunded)
{
  const char *state = "none";

  if (refunded > 0)
    state = refunded >= order->amount_cents ? "full" : "partial";
  else if (strcmp (order->status, "refunded") == 0)
    {
      /* Refunded with no transaction listed: all of it went back. */
      state = "full";
      refunded = order->amount_cents;
    }
  else if (strcmp (order->status, "partially_refunded") == 0)
    state = "partial";
  set_text (&order->refund_state, state);
  order->refund_cents = MIN (refunded, order->amount_cents);
}

static gboolean
map_line_items (JsonObject         *object,
                const SdStoreWhere *where,
                SdOrder            *order,
                GError            **error)
{
  JsonArray *items;
  guint n;

  if (!sd_store_json_array (object, "line_items", FALSE, where, &items, error))
    return FALSE;
  n = items != NULL ? json_array_get_length (items) : 0;
  for (guint i = 0; i < n; i++)
    {
      SdStoreWhere item_where = { where->call, N_("line item"), i + 1, NULL, where };
      JsonObject *item;
      const char *title;
      gint64 quantity, price;

      if (!sd_store_json_element (items, i, &item_where, &item, error) ||
          !sd_store_json_string (item, "title", FALSE, &item_where, &title, error) ||
          !sd_store_json_count (item, "quantity", TRUE, &item_where, &quantity, error) ||
          !sd_store_json_money (item, "price", TRUE, &item_where, &price, error))
        return FALSE;
      sd_order_add_item (order, title, quantity, price);
    }
  return TRUE;
}

static gboolean
is_paid_status (const char *status)
{
  static const char * const paid[] = { "paid", "partially_paid", "partially_refunded", "refunded" };

  for (guint i = 0; i < G_N_ELEMENTS (paid); i++)
    if (strcmp (status, paid[i]) == 0)
      return TRUE;
  return FALSE;
}

static SdStoreTrade *
map_order (JsonObject   *object,
           SdStoreWhere *where,
           GError      **error)
{
  g_autoptr(SdStoreTrade) trade = sd_store_trade_new ("shopify");
  SdOrder *order = trade->order;
  g_autofree char *id = NULL;
  const char *financial, *cancelled, *email, *phone;
  JsonObject *customer, *shipping;
  gint64 processed, refunded;

  if (!sd_store_json_id (object, "id", TRUE, where, &id, error))
    return NULL;
  where->id = id;
  if (!sd_store_json_money (object, "total_price", TRUE, where, &order->amount_cents, error) ||
      !sd_store_json_string (object, "financial_status", FALSE, where, &financial, error) ||
      !sd_store_json_string (object, "cancelled_at", FALSE, where, &cancelled, error) ||
      !sd_store_json_iso_time (object, "created_at", TRUE, where, &order->created_at, error) ||
      !sd_store_json_iso_time (object, "updated_at", FALSE, where, &order->modified_at, error) ||
      !sd_store_json_iso_time (object, "processed_at", FALSE, where, &processed, error) ||
      !sd_store_json_string (object, "email", FALSE, where, &email, error) ||
      !sd_store_json_string (object, "phone", FALSE, where, &phone, error) ||
      !sd_store_json_object (object, "customer", FALSE, where, &customer, error) ||
      !sd_store_json_object (object, "shipping_address", FALSE, where, &shipping, error) ||
      !map_line_items (object, where, order, error) ||
      !sum_refunds (object, where, &refunded, error))
    return NULL;

  set_text (&order->platform_order_id, id);
  set_text (&order->status, *cancelled != '\0' ? "cancelled" : financial);
  order->paid_at = is_paid_status (financial) ? (processed != 0 ? processed : order->created_at) : 0;
  set_refund (order, refunded);

  if (customer != NULL)
    {
      SdStoreWhere customer_where = { where->call, N_("customer"), 1, NULL, where };

      if (!map_customer (customer, shipping, &customer_where, trade->buyer, error))
        return NULL;
    }
  else
    {
      /* A guest checkout: only the order's own contact. */
      set_text (&trade->buyer->nick, email);
      set_text (&trade->buyer->email, email);
      if (shipping != NULL && !map_address (shipping, where, trade->buyer, error))
        return NULL;
    }
  if (*trade->buyer->mobile == '\0')
    set_text (&trade->buyer->mobile, phone);
  return g_steal_pointer (&trade);
}

/* The array MEMBER of the answer's root object. */
static JsonArray *
root_array (JsonParser         *parser,
            const char         *member,
            const SdStoreWhere *where,
            GError            **error)
{
  JsonNode *root = json_parser_get_root (parser);
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      sd_store_set_corrupt (error, where, _("it is not an object"));
      return NULL;
    }
  if (!sd_store_json_array (json_node_get_object (root), member, TRUE, where, &array, error))
    return NULL;
  return array;
}

gboolean
sd_shopify_map_orders (const char  *body,
                       gsize        length,
                       GPtrArray   *trades,
                       GError     **error)
{
  SdStoreWhere where = { "orders.json" };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) mapped = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_store_trade_free);
  JsonArray *orders;
  guint n;

  g_return_val_if_fail (trades != NULL, FALSE);

  if ((parser = sd_store_json_parse (body, length, &where, error)) == NULL ||
      (orders = root_array (parser, "orders", &where, error)) == NULL)
    return FALSE;
  n = json_array_get_length (orders);
  where.what = N_("order");
  for (guint i = 0; i < n; i++)
    {
      JsonObject *object;
      SdStoreTrade *trade;

      where.index = i + 1;
      where.id = NULL;
      if (!sd_store_json_element (orders, i, &where, &object, error) ||
          (trade = map_order (object, &where, error)) == NULL)
        return FALSE;
      g_ptr_array_add (mapped, trade);
    }
  g_ptr_array_extend_and_steal (trades, g_steal_pointer (&mapped));
  return TRUE;
}

gboolean
sd_shopify_map_customers (const char  *body,
                          gsize        length,
                          GPtrArray   *buyers,
                          GError     **error)
{
  SdStoreWhere where = { "customers.json" };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) mapped = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_store_buyer_free);
  JsonArray *customers;
  guint n;

  g_return_val_if_fail (buyers != NULL, FALSE);

  if ((parser = sd_store_json_parse (body, length, &where, error)) == NULL ||
      (customers = root_array (parser, "customers", &where, error)) == NULL)
    return FALSE;
  n = json_array_get_length (customers);
  where.what = N_("customer");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SdStoreBuyer) buyer = sd_store_buyer_new ("shopify");
      JsonObject *object;

      where.index = i + 1;
      if (!sd_store_json_element (customers, i, &where, &object, error) ||
          !map_customer (object, NULL, &where, buyer, error))
        return FALSE;
      g_ptr_array_add (mapped, g_steal_pointer (&buyer));
    }
  g_ptr_array_extend_and_steal (buyers, g_steal_pointer (&mapped));
  return TRUE;
}

SdStoreSeller *
sd_shopify_map_shop (const char  *body,
                     gsize        length,
                     GError     **error)
{
  SdStoreWhere where = { "shop.json" };
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *id = NULL;
  JsonObject *shop;
  JsonNode *root;
  const char *name, *domain;
  SdStoreSeller *seller;

  if ((parser = sd_store_json_parse (body, length, &where, error)) == NULL)
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      sd_store_set_corrupt (error, &where, _("it is not an object"));
      return NULL;
    }
  if (!sd_store_json_object (json_node_get_object (root), "shop", TRUE, &where, &shop, error) ||
      !sd_store_json_id (shop, "id", TRUE, &where, &id, error) ||
      !sd_store_json_string (shop, "name", FALSE, &where, &name, error) ||
      !sd_store_json_string (shop, "myshopify_domain", FALSE, &where, &domain, error))
    return NULL;

  seller = g_new0 (SdStoreSeller, 1);
  seller->platform = g_strdup ("shopify");
  seller->seller_id = g_steal_pointer (&id);
  seller->nick = g_strdup (*name != '\0' ? name : domain);
  return seller;
}

/* Whether the parameters after a link ("; rel=\"next\"; title=…") say rel next. */
static gboolean
params_say_next (const char *params,
                 gsize       length)
{
  g_autofree char *copy = g_strndup (params, length);
  g_auto(GStrv) parts = g_strsplit (copy, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      g_auto(GStrv) values = NULL;

      if (g_ascii_strncasecmp (part, "rel", 3) != 0)
        continue;
      part = g_strchug (part + 3);
      if (*part != '=')
        continue;
      part = g_strstrip (part + 1);
      if (*part == '"')
        {
          part++;
          if (*part != '\0' && part[strlen (part) - 1] == '"')
            part[strlen (part) - 1] = '\0';
        }
      /* rel may list several relations: rel="next last". */
      values = g_strsplit (part, " ", -1);
      for (guint j = 0; values[j] != NULL; j++)
        if (g_ascii_strcasecmp (values[j], "next") == 0)
          return TRUE;
    }
  return FALSE;
}

char *
sd_shopify_link_next (const char *link)
{
  const char *p = link;

  while (p != NULL && (p = strchr (p, '<')) != NULL)
    {
      const char *end = strchr (p + 1, '>');
      const char *params_end;

      if (end == NULL)
        return NULL;
      params_end = strchr (end + 1, '<');
      if (params_end == NULL)
        params_end = end + 1 + strlen (end + 1);
      /* Leave out the comma before the next link. */
      while (params_end > end + 1 && (g_ascii_isspace (params_end[-1]) || params_end[-1] == ','))
        params_end--;
      if (end > p + 1 && params_say_next (end + 1, params_end - (end + 1)))
        return g_strndup (p + 1, end - (p + 1));
      p = end + 1;
    }
  return NULL;
}
