/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-sim"

#include "sd-sim-shopify.h"

#include <stdio.h>
#include <string.h>

#include "sd-sim-data.h"
#include "sd-sim-format.h"

#define API_PREFIX "/admin/api/"
#define ORDER_ID_BASE G_GUINT64_CONSTANT (5000000000000)
#define CUSTOMER_ID_BASE G_GUINT64_CONSTANT (7000000000000)
#define ADDRESS_ID_BASE G_GUINT64_CONSTANT (8000000000000)
#define PRODUCT_ID_BASE G_GUINT64_CONSTANT (8100000000000)
#define LINE_ID_BASE G_GUINT64_CONSTANT (14000000000000)
#define REFUND_ID_BASE G_GUINT64_CONSTANT (900000000000)
#define TRANSACTION_ID_BASE G_GUINT64_CONSTANT (11000000000000)
#define SHOP_ID G_GUINT64_CONSTANT (60000000001)
#define DEFAULT_LIMIT 50

/* Shopify's order status filter, as bits. */
enum
{
  STATE_OPEN = 1 << 0,
  STATE_CLOSED = 1 << 1,
  STATE_CANCELLED = 1 << 2,
  STATE_ANY = STATE_OPEN | STATE_CLOSED | STATE_CANCELLED,
};

typedef struct
{
  gint64 created_min;
  gint64 created_max;
  gint64 updated_min;
  gint64 updated_max;
  guint64 since_id;
  guint states;
} Filter;

/* What a page_info carries: the filters of the first page, and where to go from. */
typedef struct
{
  Filter filter;
  char direction;     /* 0: the first page; 'n': after @anchor; 'p': before @anchor */
  guint64 anchor;     /* an index */
  guint64 limit;
} Listing;

typedef struct
{
  const char *name;   /* "orders", the member and the file name */
  guint64 id_base;
  guint (*count) (SdSimShop *shop);
  void (*created_range) (SdSimShop *shop,
                         gint64     start,
                         gint64     end,
                         guint     *out_lo,
                         guint     *out_hi);
  gboolean (*matches) (SdSimShop    *shop,
                       guint         index,
                       const Filter *filter);
  void (*append) (GString      *out,
                  SdSimShop    *shop,
                  guint         index,
                  SdSimMalform  malform);
} Resource;

static SdSimAnswer *
shopify_error (guint       status,
               const char *errors_json)
{
  SdSimAnswer *answer = sd_sim_answer_new_json (status);

  g_string_printf (answer->body, "{\"errors\":%s}", errors_json);
  return answer;
}

/* 400 {"errors":{"name":"why"}}, as Shopify names a bad parameter. */
static SdSimAnswer *
bad_parameter (const char *name,
               const char *why)
{
  SdSimAnswer *answer = sd_sim_answer_new_json (SOUP_STATUS_BAD_REQUEST);

  g_string_append (answer->body, "{\"errors\":{");
  sd_sim_append_member (answer->body, name);
  sd_sim_append_string (answer->body, why);
  g_string_append (answer->body, "}}");
  return answer;
}

static guint
order_state (const SdSimOrder *o)
{
  switch ((SdSimStatus) o->status)
    {
    case SD_SIM_STATUS_TRADE_FINISHED:
    case SD_SIM_STATUS_TRADE_CLOSED:
      return STATE_CLOSED;
    case SD_SIM_STATUS_TRADE_CLOSED_BY_TAOBAO:
      return STATE_CANCELLED;
    case SD_SIM_STATUS_WAIT_BUYER_PAY:
    case SD_SIM_STATUS_WAIT_SELLER_SEND_GOODS:
    case SD_SIM_STATUS_WAIT_BUYER_CONFIRM_GOODS:
    default:
      return STATE_OPEN;
    }
}

static void
append_null_or_time (GString *out,
                     gint64   unix_time)
{
  if (unix_time == 0)
    g_string_append (out, "null");
  else
    sd_sim_append_iso_time (out, unix_time);
}

static void
append_email (GString             *out,
              const SdSimCustomer *c,
              guint                index)
{
  g_string_append_printf (out, "\"%s.%s%u@example.com\"", sd_sim_given_name (c->given_name)->pinyin,
                          sd_sim_surname (c->surname)->pinyin, index + 1);
}

static void
append_phone (GString             *out,
              const SdSimCustomer *c)
{
  if (c->has_phone)
    g_string_append_printf (out, "\"+86%s\"", c->mobile);
  else
    g_string_append (out, "null");
}

/* `{"id":N` — or, to spoil the record (--malformed-rate), no id or an id that is an object.
 * Returns where the object's members start. */
static gsize
append_record_start (GString      *out,
                     guint64       id,
                     SdSimMalform  malform)
{
  gsize open;

  g_string_append_c (out, '{');
  open = out->len;
  if (malform == SD_SIM_MALFORM_MISTYPED_FIELD)
    g_string_append_printf (out, "\"id\":{\"value\":%" G_GUINT64_FORMAT "}", id);
  else if (malform != SD_SIM_MALFORM_MISSING_FIELD)
    g_string_append_printf (out, "\"id\":%" G_GUINT64_FORMAT, id);
  return open;
}

/* The members every customer record starts with (an order's "customer" has just these). */
static void
append_customer_core (GString             *out,
                      const SdSimCustomer *c,
                      guint                index,
                      SdSimMalform         malform)
{
  guint64 id = sd_sim_shopify_customer_id (index);
  gsize open;

  open = append_record_start (out, id, malform);
  sd_sim_append_next_member (out, open, "email");
  append_email (out, c, index);
  g_string_append (out, ",\"first_name\":");
  sd_sim_append_string (out, sd_sim_given_name (c->given_name)->han);
  g_string_append (out, ",\"last_name\":");
  sd_sim_append_string (out, sd_sim_surname (c->surname)->han);
  g_string_append (out, ",\"phone\":");
  append_phone (out, c);
}

static void
append_address (GString             *out,
                const SdSimCustomer *c,
                guint                index)
{
  const SdSimRegion *region = sd_sim_region (c->region);
  const char *surname = sd_sim_surname (c->surname)->han;
  const char *given = sd_sim_given_name (c->given_name)->han;

  g_string_append_printf (out, "{\"id\":%" G_GUINT64_FORMAT ",\"customer_id\":%" G_GUINT64_FORMAT,
                          ADDRESS_ID_BASE + index + 1, CUSTOMER_ID_BASE + index + 1);
  g_string_append (out, ",\"first_name\":");
  sd_sim_append_string (out, given);
  g_string_append (out, ",\"last_name\":");
  sd_sim_append_string (out, surname);
  g_string_append_printf (out, ",\"name\":\"%s%s\"", surname, given);
  g_string_append_printf (out, ",\"address1\":\"%s%d号\"", region->town, atoi (c->mobile + 9) + 1);
  g_string_append (out, ",\"address2\":null,\"city\":");
  sd_sim_append_string (out, region->city);
  g_string_append (out, ",\"province\":");
  sd_sim_append_string (out, region->state);
  g_string_append_printf (out, ",\"province_code\":\"%s\",\"country\":\"China\","
                               "\"country_code\":\"CN\",\"zip\":\"%s\",\"phone\":",
                          region->province_code, region->zip);
  append_phone (out, c);
  g_string_append (out, ",\"default\":true}");
}

static void
append_customer (GString      *out,
                 SdSimShop    *shop,
                 guint         index,
                 SdSimMalform  malform)
{
  const SdSimCustomer *c = sd_sim_shop_get_customer (shop, index);

  append_customer_core (out, c, index, malform);
  g_string_append (out, ",\"created_at\":");
  sd_sim_append_iso_time (out, c->created);
  g_string_append (out, ",\"updated_at\":");
  sd_sim_append_iso_time (out, c->updated);
  g_string_append (out, ",\"state\":\"enabled\",\"verified_email\":true,\"currency\":\"CNY\","
                        "\"tags\":\"\",\"default_address\":");
  append_address (out, c, index);
  g_string_append_c (out, '}');
}

static void
append_lines (GString          *out,
              SdSimShop        *shop,
              const SdSimOrder *o)
{
  g_string_append (out, ",\"line_items\":[");
  for (guint k = 0; k < o->n_items; k++)
    {
      guint index = o->first_item + k;
      const SdSimItem *item = sd_sim_shop_get_item (shop, index);
      const SdSimProduct *product = sd_sim_product (item->product);

      g_string_append_printf (out, "%s{\"id\":%" G_GUINT64_FORMAT ",\"title\":", k > 0 ? "," : "",
                              LINE_ID_BASE + index + 1);
      sd_sim_append_string (out, product->title);
      g_string_append_printf (out, ",\"quantity\":%u,\"price\":", item->num);
      sd_sim_append_money (out, product->price_cents);
      g_string_append_printf (out, ",\"sku\":\"SD-%03u\",\"product_id\":%" G_GUINT64_FORMAT "}",
                              item->product, PRODUCT_ID_BASE + item->product);
    }
  g_string_append (out, "],\"refunds\":[");
  for (guint k = 0, n = 0; k < o->n_items; k++)
    {
      guint index = o->first_item + k;
      const SdSimItem *item = sd_sim_shop_get_item (shop, index);

      if (item->refund != SD_SIM_REFUND_SUCCESS)
        continue;    /* Shopify has no refund waiting for the seller */
      g_string_append_printf (out, "%s{\"id\":%" G_GUINT64_FORMAT ",\"created_at\":", n++ > 0 ? "," : "",
                              REFUND_ID_BASE + index + 1);
      sd_sim_append_iso_time (out, item->refund_time);
      g_string_append_printf (out, ",\"transactions\":[{\"id\":%" G_GUINT64_FORMAT ",\"amount\":",
                              TRANSACTION_ID_BASE + index + 1);
      sd_sim_append_money (out, item->payment_cents);
      g_string_append (out, ",\"kind\":\"refund\",\"status\":\"success\"}]}");
    }
  g_string_append_c (out, ']');
}

static void
append_order (GString      *out,
              SdSimShop    *shop,
              guint         index,
              SdSimMalform  malform)
{
  const SdSimOrder *o = sd_sim_shop_get_order (shop, index);
  const SdSimCustomer *c = sd_sim_shop_get_customer (shop, o->customer);
  guint64 id = sd_sim_shopify_order_id (index);
  gint64 payment = sd_sim_shop_order_payment (shop, o);
  guint state = order_state (o);
  gsize open;

  open = append_record_start (out, id, malform);
  sd_sim_append_next_member (out, open, "admin_graphql_api_id");
  g_string_append_printf (out, "\"gid://shopify/Order/%" G_GUINT64_FORMAT "\",\"name\":\"#%u\","
                               "\"order_number\":%u,\"email\":",
                          id, 1001 + index, 1001 + index);
  append_email (out, c, o->customer);
  g_string_append (out, ",\"phone\":null,\"currency\":\"CNY\",\"created_at\":");
  sd_sim_append_iso_time (out, o->created);
  g_string_append (out, ",\"updated_at\":");
  sd_sim_append_iso_time (out, o->modified);
  g_string_append (out, ",\"processed_at\":");
  sd_sim_append_iso_time (out, o->created);
  g_string_append (out, ",\"closed_at\":");
  append_null_or_time (out, state == STATE_CLOSED ? o->end_time : 0);
  g_string_append (out, ",\"cancelled_at\":");
  append_null_or_time (out, state == STATE_CANCELLED ? o->end_time : 0);
  g_string_append_printf (out, ",\"cancel_reason\":%s,\"financial_status\":\"%s\","
                               "\"fulfillment_status\":%s,\"total_price\":",
                          state == STATE_CANCELLED ? "\"customer\"" : "null",
                          sd_sim_shopify_financial_status (shop, o),
                          o->consign_time != 0 ? "\"fulfilled\"" : "null");
  sd_sim_append_money (out, payment);
  g_string_append (out, ",\"subtotal_price\":");
  sd_sim_append_money (out, payment - o->post_fee_cents);
  g_string_append (out, ",\"total_line_items_price\":");
  sd_sim_append_money (out, sd_sim_shop_order_total_fee (shop, o));
  g_string_append (out, ",\"total_discounts\":");
  sd_sim_append_money (out, o->discount_cents);
  g_string_append (out, ",\"total_tax\":\"0.00\",\"customer\":");
  append_customer_core (out, c, o->customer, SD_SIM_MALFORM_NONE);
  g_string_append_c (out, '}');
  append_lines (out, shop, o);
  g_string_append_c (out, '}');
}

static gboolean
in_range (gint64 t,
          gint64 lo,
          gint64 hi)
{
  return t >= lo && t <= hi;
}

static gboolean
order_matches (SdSimShop    *shop,
               guint         index,
               const Filter *filter)
{
  const SdSimOrder *o = sd_sim_shop_get_order (shop, index);

  return (order_state (o) & filter->states) != 0
         && in_range (o->modified, filter->updated_min, filter->updated_max);
}

static gboolean
customer_matches (SdSimShop    *shop,
                  guint         index,
                  const Filter *filter)
{
  const SdSimCustomer *c = sd_sim_shop_get_customer (shop, index);

  return in_range (c->updated, filter->updated_min, filter->updated_max);
}

static const Resource resources[] = {
  { "orders", ORDER_ID_BASE, sd_sim_shop_get_n_orders, sd_sim_shop_created_range, order_matches,
    append_order },
  { "customers", CUSTOMER_ID_BASE, sd_sim_shop_get_n_customers,
    sd_sim_shop_customer_created_range, customer_matches, append_customer },
};

/* The page_info: the listing as text, in URL-safe base64 without padding. */
static char *
encode_cursor (const Resource *resource,
               const Filter   *f,
               char            direction,
               guint           anchor)
{
  g_autofree char *text = g_strdup_printf (
    "%s|%c|%u|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT
    "|%" G_GUINT64_FORMAT "|%u",
    resource->name, direction, anchor, f->created_min, f->created_max, f->updated_min,
    f->updated_max, f->since_id, f->states);
  char *code = g_base64_encode ((const guchar *) text, strlen (text));

  g_strdelimit (code, "+", '-');
  g_strdelimit (code, "/", '_');
  g_strdelimit (code, "=", '\0');
  return code;
}

static gboolean
decode_cursor (const Resource *resource,
               const char     *page_info,
               Listing        *l)
{
  g_autoptr(GString) code = g_string_new (page_info);
  g_autofree guchar *raw = NULL;
  g_autofree char *text = NULL;
  char name[16], direction;
  int used = 0;
  gsize len;
  Filter *f = &l->filter;

  if (strspn (page_info, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
      != strlen (page_info))
    return FALSE;
  g_strdelimit (code->str, "-", '+');
  g_strdelimit (code->str, "_", '/');
  while (code->len % 4 != 0)
    g_string_append_c (code, '=');
  raw = g_base64_decode (code->str, &len);
  text = g_strndup ((const char *) raw, len);
  if (sscanf (text,
              "%15[a-z]|%c|%" G_GUINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT
              "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GUINT64_FORMAT "|%u%n",
              name, &direction, &l->anchor, &f->created_min, &f->created_max, &f->updated_min,
              &f->updated_max, &f->since_id, &f->states, &used) != 9
      || (gsize) used != strlen (text) || strcmp (name, resource->name) != 0
      || (direction != 'n' && direction != 'p'))
    return FALSE;
  l->direction = direction;
  return TRUE;
}

static SdSimAnswer *
time_filter (const SdSimRequest *request,
             const char         *name,
             gint64             *out)
{
  const char *text = sd_sim_request_param (request, name);

  if (text == NULL || sd_sim_parse_iso_time (text, out))
    return NULL;
  return bad_parameter (name, "must be an ISO 8601 time, such as 2026-11-01T12:00:00+08:00");
}

static SdSimAnswer *
state_filter (const SdSimRequest *request,
              const Resource     *resource,
              guint              *out)
{
  const char *text = sd_sim_request_param (request, "status");

  *out = STATE_ANY;
  if (resource->append != append_order)
    return NULL;
  *out = STATE_OPEN;   /* Shopify's default: open orders only */
  if (text == NULL || strcmp (text, "open") == 0)
    return NULL;
  if (strcmp (text, "any") == 0)
    *out = STATE_ANY;
  else if (strcmp (text, "closed") == 0)
    *out = STATE_CLOSED;
  else if (strcmp (text, "cancelled") == 0)
    *out = STATE_CANCELLED;
  else
    return bad_parameter ("status", "must be open, closed, cancelled or any");
  return NULL;
}

static SdSimAnswer *
filters (const SdSimRequest *request,
         const Resource     *resource,
         Filter             *f)
{
  const char *since_id = sd_sim_request_param (request, "since_id");
  SdSimAnswer *refusal;

  f->created_min = f->updated_min = G_MININT64;
  f->created_max = f->updated_max = G_MAXINT64;
  if ((refusal = time_filter (request, "created_at_min", &f->created_min)) != NULL
      || (refusal = time_filter (request, "created_at_max", &f->created_max)) != NULL
      || (refusal = time_filter (request, "updated_at_min", &f->updated_min)) != NULL
      || (refusal = time_filter (request, "updated_at_max", &f->updated_max)) != NULL
      || (refusal = state_filter (request, resource, &f->states)) != NULL)
    return refusal;
  if (since_id != NULL && !sd_sim_parse_uint (since_id, G_MAXINT64, &f->since_id))
    return bad_parameter ("since_id", "must be an id");
  return NULL;
}

/* Which page the request asks for: filters, or a page_info and nothing else but limit. */
static SdSimAnswer *
listing (const SdSimRequest *request,
         const Resource     *resource,
         Listing            *l)
{
  const char *limit = sd_sim_request_param (request, "limit");
  const char *page_info = sd_sim_request_param (request, "page_info");
  guint page_max = request->config->page_max;
  GHashTableIter iter;
  gpointer name;

  memset (l, 0, sizeof *l);
  l->limit = MIN (DEFAULT_LIMIT, page_max);
  if (limit != NULL && (!sd_sim_parse_uint (limit, page_max, &l->limit) || l->limit < 1))
    {
      g_autofree char *why = g_strdup_printf ("must be from 1 to %u", page_max);

      return bad_parameter ("limit", why);
    }
  if (page_info == NULL)
    return filters (request, resource, &l->filter);

  g_hash_table_iter_init (&iter, request->params);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (strcmp (name, "page_info") != 0 && strcmp (name, "limit") != 0
        && strcmp (name, "fields") != 0)
      return bad_parameter ("page_info", "cannot be combined with other filters than limit");
  if (!decode_cursor (resource, page_info, l))
    return bad_parameter ("page_info", "Invalid value.");
  return NULL;
}

/* The indices on the page, ascending; *out_more: more match beyond it in its direction. */
static GArray *
select_page (SdSimShop      *shop,
             const Resource *resource,
             const Listing  *l,
             gboolean       *out_more)
{
  GArray *page = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = resource->count (shop), lo, hi;
  const Filter *f = &l->filter;

  resource->created_range (shop, f->created_min, f->created_max, &lo, &hi);
  if (f->since_id >= resource->id_base)     /* ids are id_base + index + 1 */
    lo = (guint) MAX (lo, MIN (f->since_id - resource->id_base, n));
  if (l->direction == 'n')
    lo = (guint) MAX (lo, MIN (l->anchor + 1, n));
  if (l->direction == 'p')
    hi = (guint) MIN (hi, l->anchor);
  *out_more = FALSE;
  for (guint k = 0; lo + k < hi; k++)
    {
      guint index = l->direction == 'p' ? hi - 1 - k : lo + k;

      if (!resource->matches (shop, index, f))
        continue;
      if (page->len == l->limit)
        {
          *out_more = TRUE;
          break;
        }
      g_array_append_val (page, index);
    }
  if (l->direction == 'p')
    for (guint i = 0; i < page->len / 2; i++)
      {
        guint *a = &g_array_index (page, guint, i), *b = &g_array_index (page, guint, page->len - 1 - i);
        guint t = *a;

        *a = *b;
        *b = t;
      }
  return page;
}

static void
append_link (GString            *out,
             const SdSimRequest *request,
             const char         *version,
             const Resource     *resource,
             const Listing      *l,
             char                direction,
             guint               anchor)
{
  g_autofree char *cursor = encode_cursor (resource, &l->filter, direction, anchor);

  g_string_append_printf (out, "%s<%s" API_PREFIX "%s/%s.json?limit=%" G_GUINT64_FORMAT
                               "&page_info=%s>; rel=\"%s\"",
                          out->len > 0 ? ", " : "", request->base_url, version, resource->name,
                          l->limit, cursor, direction == 'n' ? "next" : "previous");
}

static SdSimAnswer *
list_page (const SdSimRequest *request,
           const char         *version,
           const Resource     *resource)
{
  g_autoptr(GString) link = g_string_new (NULL);
  g_autoptr(GArray) page = NULL;
  SdSimAnswer *answer;
  gboolean more, has_next, has_previous;
  Listing l;

  if ((answer = listing (request, resource, &l)) != NULL)
    return answer;
  page = select_page (request->shop, resource, &l, &more);
  answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  answer->served_page = resource->append == append_order;
  if (page->len == 0 && request->malform == SD_SIM_MALFORM_MISSING_FIELD)
    g_string_append (answer->body, "{}");
  else if (page->len == 0 && request->malform == SD_SIM_MALFORM_MISTYPED_FIELD)
    g_string_append_printf (answer->body, "{\"%s\":\"none\"}", resource->name);
  else
    {
      g_string_append_printf (answer->body, "{\"%s\":[", resource->name);
      for (guint i = 0; i < page->len; i++)
        {
          if (i > 0)
            g_string_append_c (answer->body, ',');
          resource->append (answer->body, request->shop, g_array_index (page, guint, i),
                            i == 0 ? request->malform : SD_SIM_MALFORM_NONE);
        }
      g_string_append (answer->body, "]}");
    }
  answer->malformed = request->malform == SD_SIM_MALFORM_MISSING_FIELD
                      || request->malform == SD_SIM_MALFORM_MISTYPED_FIELD;
  if (page->len == 0)
    return answer;

  has_next = l.direction == 'p' || more;
  has_previous = l.direction == 'n' || (l.direction == 'p' && more);
  if (has_previous)
    append_link (link, request, version, resource, &l, 'p', g_array_index (page, guint, 0));
  if (has_next)
    append_link (link, request, version, resource, &l, 'n',
                 g_array_index (page, guint, page->len - 1));
  if (link->len > 0)
    sd_sim_answer_add_header (answer, "Link", link->str);
  return answer;
}

static SdSimAnswer *
shop_info (void)
{
  SdSimAnswer *answer = sd_sim_answer_new_json (SOUP_STATUS_OK);

  g_string_append_printf (answer->body,
                          "{\"shop\":{\"id\":%" G_GUINT64_FORMAT ",\"name\":\"ShopDesk Sim\","
                          "\"email\":\"owner@example.com\",\"domain\":\"shopdesk-sim.example.com\","
                          "\"myshopify_domain\":\"shopdesk-sim.myshopify.com\",\"country_code\":\"CN\","
                          "\"currency\":\"CNY\",\"iana_timezone\":\"Asia/Shanghai\","
                          "\"timezone\":\"(GMT+08:00) Asia/Shanghai\"}}",
                          SHOP_ID);
  return answer;
}

static gboolean
authorised (const SdSimRequest *request)
{
  const char *token = soup_message_headers_get_one (request->headers, "X-Shopify-Access-Token");

  if (sd_sim_faults_get_settings (request->faults)->invalid_session)
    {
      sd_sim_faults_count (request->faults, SD_SIM_FAULT_INVALID_SESSION);
      return FALSE;
    }
  return g_strcmp0 (token, request->config->token) == 0;
}

guint64
sd_sim_shopify_order_id (guint index)
{
  return ORDER_ID_BASE + index + 1;
}

guint64
sd_sim_shopify_customer_id (guint index)
{
  return CUSTOMER_ID_BASE + index + 1;
}

/* pending, paid, refunded or partially_refunded: what the order's money did. */
const char *
sd_sim_shopify_financial_status (SdSimShop        *shop,
                                 const SdSimOrder *o)
{
  gint64 refunded = sd_sim_shop_order_refunded (shop, o);

  if (o->pay_time == 0)
    return "pending";
  if (refunded == 0)
    return "paid";
  if (refunded == sd_sim_shop_order_payment (shop, o) - o->post_fee_cents)
    return "refunded";
  return "partially_refunded";
}

SdSimAnswer *
sd_sim_shopify_answer (const SdSimRequest *request)
{
  const char *rest, *slash;
  g_autofree char *version = NULL;

  g_return_val_if_fail (g_str_has_prefix (request->path, API_PREFIX), NULL);

  rest = request->path + strlen (API_PREFIX);
  slash = strchr (rest, '/');
  if (slash == NULL || slash == rest)
    return shopify_error (SOUP_STATUS_NOT_FOUND, "\"Not Found\"");
  if (strcmp (request->method, "GET") != 0)
    return shopify_error (SOUP_STATUS_METHOD_NOT_ALLOWED, "\"Method Not Allowed\"");
  if (!authorised (request))
    return shopify_error (SOUP_STATUS_UNAUTHORIZED, "\"[API] Invalid API key or access token "
                                                    "(unrecognized login or wrong password)\"");
  version = g_strndup (rest, slash - rest);
  if (strcmp (slash + 1, "shop.json") == 0)
    return shop_info ();
  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      g_autofree char *file = g_strconcat (resources[i].name, ".json", NULL);

      if (strcmp (slash + 1, file) == 0)
        return list_page (request, version, &resources[i]);
    }
  return shopify_error (SOUP_STATUS_NOT_FOUND, "\"Not Found\"");
}

/* A retryable failure: 500, or 502/503 from the edge. */
SdSimAnswer *
sd_sim_shopify_failure (const SdSimRequest *request)
{
  switch (sd_sim_faults_pick (request->faults, 3))
    {
    case 0:
      return shopify_error (SOUP_STATUS_INTERNAL_SERVER_ERROR, "\"Internal Server Error\"");
    case 1:
      return sd_sim_answer_new_gateway (SOUP_STATUS_BAD_GATEWAY);
    default:
      return sd_sim_answer_new_gateway (SOUP_STATUS_SERVICE_UNAVAILABLE);
    }
}

/* 429; Retry-After when @retry_after is not 0 (Shopify sometimes leaves it out). */
SdSimAnswer *
sd_sim_shopify_limited (const SdSimRequest *request,
                        guint               retry_after)
{
  SdSimAnswer *answer = shopify_error (SD_SIM_STATUS_TOO_MANY_REQUESTS,
                                       "\"Exceeded call limit for api client. Reduce request "
                                       "rates to resume uninterrupted service.\"");

  if (retry_after > 0)
    {
      char text[16];

      g_snprintf (text, sizeof text, "%u", retry_after);
      sd_sim_answer_add_header (answer, "Retry-After", text);
    }
  return answer;
}
