/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-sim"

#include "sd-sim-taobao.h"

#include <string.h>

#include "sd-sim-data.h"
#include "sd-sim-format.h"
#include "sd-sim-sign.h"

#define DAY (G_GINT64_CONSTANT (86400))
#define TID_BASE G_GUINT64_CONSTANT (3000000000000000000)
#define OID_BASE G_GUINT64_CONSTANT (3100000000000000000)
#define NUM_IID_BASE G_GUINT64_CONSTANT (680000000000)
#define SELLER_ID G_GUINT64_CONSTANT (2200000000001)
#define SELLER_NICK "shopdesk模拟店"
#define MAX_PAST_DAYS 90          /* TOP serves the last three months */
#define MAX_SKEW_SECONDS 600      /* timestamp vs the server's clock */
#define DEFAULT_PAGE_SIZE 40

/* The trade fields TOP returns when `fields` names them (orders.* asks for the lines). */
typedef enum
{
  F_TID, F_STATUS, F_TYPE, F_SELLER_NICK, F_BUYER_NICK, F_BUYER_OPEN_UID, F_PAYMENT,
  F_TOTAL_FEE, F_POST_FEE, F_DISCOUNT_FEE, F_NUM, F_CREATED, F_MODIFIED, F_PAY_TIME,
  F_CONSIGN_TIME, F_END_TIME, F_RECEIVER_NAME, F_RECEIVER_STATE, F_RECEIVER_CITY,
  F_RECEIVER_DISTRICT, F_RECEIVER_TOWN, F_RECEIVER_ADDRESS, F_RECEIVER_ZIP, F_RECEIVER_MOBILE,
  F_RECEIVER_PHONE, F_OAID, F_ORDERS, N_TRADE_FIELDS,
} TradeField;

static const char * const trade_field_names[N_TRADE_FIELDS] = {
  "tid", "status", "type", "seller_nick", "buyer_nick", "buyer_open_uid", "payment",
  "total_fee", "post_fee", "discount_fee", "num", "created", "modified", "pay_time",
  "consign_time", "end_time", "receiver_name", "receiver_state", "receiver_city",
  "receiver_district", "receiver_town", "receiver_address", "receiver_zip", "receiver_mobile",
  "receiver_phone", "oaid", "orders",
};

#define HAS(fields, f) ((((fields) >> (f)) & 1) != 0)

typedef struct
{
  gint64 start;
  gint64 end;
  guint64 page_no;
  guint64 page_size;
  gboolean use_has_next;
  guint64 fields;
} TradesQuery;

typedef SdSimAnswer *(*MethodFunc) (const SdSimRequest *request);

typedef struct
{
  const char *name;
  MethodFunc answer;
} Method;

static SdSimAnswer *
top_error (const SdSimRequest *request,
           guint               code,
           const char         *msg,
           const char         *sub_code,
           const char         *sub_msg)
{
  SdSimAnswer *answer = sd_sim_answer_new_json (SOUP_STATUS_OK);   /* TOP errors are 200 */
  GString *b = answer->body;

  g_string_append (b, "{\"error_response\":{\"code\":");
  sd_sim_append_int (b, code);
  g_string_append (b, ",\"msg\":");
  sd_sim_append_string (b, msg);
  g_string_append (b, ",\"sub_code\":");
  sd_sim_append_string (b, sub_code);
  g_string_append (b, ",\"sub_msg\":");
  sd_sim_append_string (b, sub_msg);
  g_string_append (b, ",\"request_id\":");
  sd_sim_append_string (b, request->request_id);
  g_string_append (b, "}}");
  return answer;
}

static SdSimAnswer *
missing_argument (const SdSimRequest *request,
                  const char         *name)
{
  g_autofree char *msg = g_strdup_printf ("Missing required arguments:%s", name);
  g_autofree char *sub_code = g_strdup_printf ("isv.missing-parameter:%s", name);
  g_autofree char *sub_msg = g_strdup_printf ("%s is required", name);

  return top_error (request, 40, msg, sub_code, sub_msg);
}

/* @why names the argument: the caller's log is the only place a person reads it. */
static SdSimAnswer *
invalid_argument (const SdSimRequest *request,
                  const char         *name,
                  const char         *why)
{
  g_autofree char *msg = g_strdup_printf ("Invalid arguments:%s", name);
  g_autofree char *sub_code = g_strdup_printf ("isv.invalid-parameter:%s", name);

  return top_error (request, 41, msg, sub_code, why);
}

static guint64
parse_fields (const char *text)
{
  g_auto(GStrv) names = g_strsplit (text, ",", -1);
  guint64 fields = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);

      if (strcmp (name, "orders") == 0 || g_str_has_prefix (name, "orders."))
        fields |= G_GUINT64_CONSTANT (1) << F_ORDERS;
      else
        for (guint f = 0; f < N_TRADE_FIELDS; f++)
          if (strcmp (name, trade_field_names[f]) == 0)
            fields |= G_GUINT64_CONSTANT (1) << f;
    }
  return fields;
}

static void
append_id (GString *out,
           guint64  id,
           gboolean as_string)
{
  if (as_string)
    g_string_append_c (out, '"');
  sd_sim_append_int (out, (gint64) id);
  if (as_string)
    g_string_append_c (out, '"');
}

static void
append_line (GString          *out,
             SdSimShop        *shop,
             const SdSimOrder *o,
             guint             k)
{
  guint index = o->first_item + k;
  const SdSimItem *item = sd_sim_shop_get_item (shop, index);
  const SdSimProduct *product = sd_sim_product (item->product);
  gint64 total = (gint64) product->price_cents * item->num;
  char outer_iid[16];

  g_string_append (out, "{\"oid\":");
  append_id (out, OID_BASE + index + 1, o->oid_as_string);
  g_string_append (out, ",\"oid_str\":");
  append_id (out, OID_BASE + index + 1, TRUE);
  g_string_append (out, ",\"title\":");
  sd_sim_append_string (out, product->title);
  g_string_append (out, ",\"num\":");
  sd_sim_append_int (out, item->num);
  g_string_append (out, ",\"price\":");
  sd_sim_append_money (out, product->price_cents);
  g_string_append (out, ",\"num_iid\":");
  sd_sim_append_int (out, (gint64) (NUM_IID_BASE + item->product));
  g_string_append (out, ",\"sku_id\":");
  append_id (out, 5000000000 + item->product, TRUE);
  g_snprintf (outer_iid, sizeof outer_iid, "SD-%03u", item->product);
  g_string_append (out, ",\"outer_iid\":");
  sd_sim_append_string (out, outer_iid);
  g_string_append (out, ",\"total_fee\":");
  sd_sim_append_money (out, total);
  g_string_append (out, ",\"discount_fee\":");
  sd_sim_append_money (out, total - item->payment_cents);
  g_string_append (out, ",\"payment\":");
  sd_sim_append_money (out, item->payment_cents);
  g_string_append (out, ",\"refund_status\":");
  sd_sim_append_string (out, sd_sim_refund_name (item->refund));
  g_string_append (out, ",\"status\":");
  sd_sim_append_string (out, item->refund == SD_SIM_REFUND_SUCCESS
                               ? "TRADE_CLOSED" : sd_sim_status_name (o->status));
  g_string_append_c (out, '}');
}

static void
append_time_member (GString    *out,
                    gsize       open,
                    const char *name,
                    gint64      unix_time)
{
  if (unix_time == 0)
    return;     /* TOP leaves out what has not happened */
  sd_sim_append_next_member (out, open, name);
  sd_sim_append_top_time (out, unix_time);
}

static void
append_string_member (GString    *out,
                      gsize       open,
                      const char *name,
                      const char *value)
{
  sd_sim_append_next_member (out, open, name);
  sd_sim_append_string (out, value);
}

static void
append_money_member (GString    *out,
                     gsize       open,
                     const char *name,
                     gint64      cents,
                     gboolean    mistyped)
{
  sd_sim_append_next_member (out, open, name);
  if (mistyped)
    g_string_append (out, "{\"amount\":");
  sd_sim_append_money (out, cents);
  if (mistyped)
    g_string_append_c (out, '}');
}

/* The receiver as Taobao sends it now: name, phone and street masked, the region plain. */
static void
append_receiver (GString             *out,
                 gsize                open,
                 guint64              fields,
                 const SdSimCustomer *c)
{
  const SdSimRegion *region = sd_sim_region (c->region);
  char masked[32];

  if (HAS (fields, F_RECEIVER_NAME))
    {
      g_snprintf (masked, sizeof masked, "%s**", sd_sim_surname (c->surname)->han);
      append_string_member (out, open, "receiver_name", masked);
    }
  if (HAS (fields, F_RECEIVER_STATE))
    append_string_member (out, open, "receiver_state", region->state);
  if (HAS (fields, F_RECEIVER_CITY))
    append_string_member (out, open, "receiver_city", region->city);
  if (HAS (fields, F_RECEIVER_DISTRICT))
    append_string_member (out, open, "receiver_district", region->district);
  if (HAS (fields, F_RECEIVER_TOWN))
    append_string_member (out, open, "receiver_town", region->town);
  if (HAS (fields, F_RECEIVER_ADDRESS))
    append_string_member (out, open, "receiver_address", "****");
  if (HAS (fields, F_RECEIVER_ZIP))
    append_string_member (out, open, "receiver_zip", region->zip);
  if (HAS (fields, F_RECEIVER_MOBILE))
    {
      g_snprintf (masked, sizeof masked, "*******%s", c->mobile + 7);
      append_string_member (out, open, "receiver_mobile", masked);
    }
  if (HAS (fields, F_RECEIVER_PHONE))
    append_string_member (out, open, "receiver_phone", "");
  if (HAS (fields, F_OAID))
    append_string_member (out, open, "oaid", c->oaid);
}

/* One trade in TOP's standard (not simplified) shape. @malform spoils it: no tid at all, or a
 * payment that is an object. */
static void
append_trade (GString      *out,
              SdSimShop    *shop,
              guint         index,
              guint64       fields,
              SdSimMalform  malform)
{
  const SdSimOrder *o = sd_sim_shop_get_order (shop, index);
  const SdSimCustomer *c = sd_sim_shop_get_customer (shop, o->customer);
  guint64 tid = sd_sim_taobao_tid (index);
  gsize open;
  guint num = 0;

  g_string_append_c (out, '{');
  open = out->len;
  if (malform != SD_SIM_MALFORM_MISSING_FIELD)
    {
      if (HAS (fields, F_TID))
        {
          sd_sim_append_member (out, "tid");
          append_id (out, tid, o->tid_as_string);
        }
      sd_sim_append_next_member (out, open, "tid_str");
      append_id (out, tid, TRUE);
    }
  if (HAS (fields, F_STATUS))
    append_string_member (out, open, "status", sd_sim_status_name (o->status));
  if (HAS (fields, F_TYPE))
    append_string_member (out, open, "type", "fixed");
  if (HAS (fields, F_SELLER_NICK))
    append_string_member (out, open, "seller_nick", SELLER_NICK);
  if (HAS (fields, F_BUYER_NICK))
    append_string_member (out, open, "buyer_nick", c->nick);
  if (HAS (fields, F_BUYER_OPEN_UID))
    append_string_member (out, open, "buyer_open_uid", c->uid);
  if (HAS (fields, F_PAYMENT))
    append_money_member (out, open, "payment", sd_sim_shop_order_payment (shop, o),
                         malform == SD_SIM_MALFORM_MISTYPED_FIELD);
  if (HAS (fields, F_TOTAL_FEE))
    append_money_member (out, open, "total_fee", sd_sim_shop_order_total_fee (shop, o), FALSE);
  if (HAS (fields, F_POST_FEE))
    append_money_member (out, open, "post_fee", o->post_fee_cents, FALSE);
  if (HAS (fields, F_DISCOUNT_FEE))
    append_money_member (out, open, "discount_fee", o->discount_cents, FALSE);
  if (HAS (fields, F_NUM))
    {
      for (guint k = 0; k < o->n_items; k++)
        num += sd_sim_shop_get_item (shop, o->first_item + k)->num;
      sd_sim_append_next_member (out, open, "num");
      sd_sim_append_int (out, num);
    }
  if (HAS (fields, F_CREATED))
    append_time_member (out, open, "created", o->created);
  if (HAS (fields, F_MODIFIED))
    append_time_member (out, open, "modified", o->modified);
  if (HAS (fields, F_PAY_TIME))
    append_time_member (out, open, "pay_time", o->pay_time);
  if (HAS (fields, F_CONSIGN_TIME))
    append_time_member (out, open, "consign_time", o->consign_time);
  if (HAS (fields, F_END_TIME))
    append_time_member (out, open, "end_time", o->end_time);
  append_receiver (out, open, fields, c);
  if (HAS (fields, F_ORDERS))
    {
      sd_sim_append_next_member (out, open, "orders");
      g_string_append (out, "{\"order\":[");
      for (guint k = 0; k < o->n_items; k++)
        {
          if (k > 0)
            g_string_append_c (out, ',');
          append_line (out, shop, o, k);
        }
      g_string_append (out, "]}");
    }
  g_string_append_c (out, '}');
}

/* A page of trades, newest first: positions [lo, hi) of the created order (indices) or of
 * the modified index. An empty page has no "trades" member, as TOP sends it. */
static SdSimAnswer *
trades_page (const SdSimRequest *request,
             const char         *root,
             const TradesQuery  *q,
             gboolean            by_modified,
             guint               lo,
             guint               hi)
{
  SdSimAnswer *answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  GString *b = answer->body;
  guint64 total = hi - lo, offset = (q->page_no - 1) * q->page_size;
  guint64 count = offset < total ? MIN (q->page_size, total - offset) : 0;
  gboolean spoil_count = count == 0 && request->malform == SD_SIM_MALFORM_MISSING_FIELD;
  gsize open;

  g_string_append_printf (b, "{\"%s\":{", root);
  open = b->len;
  if (spoil_count)
    answer->malformed = TRUE;
  else if (count == 0 && request->malform == SD_SIM_MALFORM_MISTYPED_FIELD)
    {
      g_string_append (b, q->use_has_next ? "\"has_next\":\"no\"" : "\"total_results\":\"none\"");
      answer->malformed = TRUE;
    }
  else if (q->use_has_next)
    g_string_append (b, offset + count < total ? "\"has_next\":true" : "\"has_next\":false");
  else
    {
      g_string_append (b, "\"total_results\":");
      sd_sim_append_int (b, (gint64) total);
    }
  if (count > 0)
    {
      sd_sim_append_next_member (b, open, "trades");
      g_string_append (b, "{\"trade\":[");
      for (guint64 k = 0; k < count; k++)
        {
          guint pos = (guint) (hi - 1 - offset - k);
          guint index = by_modified ? sd_sim_shop_by_modified (request->shop, pos) : pos;
          SdSimMalform malform = k == 0 ? request->malform : SD_SIM_MALFORM_NONE;

          if (k > 0)
            g_string_append_c (b, ',');
          append_trade (b, request->shop, index, q->fields, malform);
        }
      g_string_append (b, "]}");
      answer->malformed = request->malform == SD_SIM_MALFORM_MISSING_FIELD
                          || request->malform == SD_SIM_MALFORM_MISTYPED_FIELD;
    }
  sd_sim_append_next_member (b, open, "request_id");
  sd_sim_append_string (b, request->request_id);
  g_string_append (b, "}}");
  answer->served_page = TRUE;
  return answer;
}

/* A time argument: absent gives @fallback, or error 40 if @required; unreadable gives 41. */
static SdSimAnswer *
time_argument (const SdSimRequest *request,
               const char         *name,
               gboolean            required,
               gint64              fallback,
               gint64             *out)
{
  const char *text = sd_sim_request_param (request, name);
  g_autofree char *why = NULL;

  if (text == NULL)
    {
      *out = fallback;
      return required ? missing_argument (request, name) : NULL;
    }
  if (sd_sim_parse_top_time (text, out))
    return NULL;
  why = g_strdup_printf ("%s must be a time “yyyy-MM-dd HH:mm:ss” (GMT+8), not “%s”", name, text);
  return invalid_argument (request, name, why);
}

static SdSimAnswer *
paging_arguments (const SdSimRequest *request,
                  TradesQuery        *q)
{
  guint page_max = request->config->page_max;
  const char *page_no = sd_sim_request_param (request, "page_no");
  const char *page_size = sd_sim_request_param (request, "page_size");
  const char *use_has_next = sd_sim_request_param (request, "use_has_next");
  const char *fields = sd_sim_request_param (request, "fields");

  q->page_no = 1;
  q->page_size = MIN (DEFAULT_PAGE_SIZE, page_max);
  if (fields == NULL)
    return missing_argument (request, "fields");
  q->fields = parse_fields (fields);
  if (page_no != NULL && (!sd_sim_parse_uint (page_no, G_MAXUINT32, &q->page_no) || q->page_no < 1))
    return invalid_argument (request, "page_no", "page_no must be a whole number from 1");
  if (page_size != NULL
      && (!sd_sim_parse_uint (page_size, page_max, &q->page_size) || q->page_size < 1))
    {
      g_autofree char *why = g_strdup_printf ("page_size must be from 1 to %u", page_max);

      return invalid_argument (request, "page_size", why);
    }
  if (use_has_next != NULL && strcmp (use_has_next, "true") != 0
      && strcmp (use_has_next, "false") != 0)
    return invalid_argument (request, "use_has_next", "use_has_next must be true or false");
  q->use_has_next = g_strcmp0 (use_has_next, "true") == 0;
  return NULL;
}

static SdSimAnswer *
window_order (const SdSimRequest *request,
              const TradesQuery  *q,
              const char         *start_name,
              const char         *end_name)
{
  g_autofree char *why = NULL;

  if (q->end >= q->start)
    return NULL;
  why = g_strdup_printf ("%s must not be before %s", end_name, start_name);
  return invalid_argument (request, end_name, why);
}

static SdSimAnswer *
trades_sold_get (const SdSimRequest *request)
{
  gint64 now = sd_sim_shop_get_now (request->shop);
  TradesQuery q = { 0 };
  SdSimAnswer *refusal;
  guint lo, hi;

  if ((refusal = paging_arguments (request, &q)) != NULL
      || (refusal = time_argument (request, "start_created", FALSE, now - MAX_PAST_DAYS * DAY,
                                   &q.start)) != NULL
      || (refusal = time_argument (request, "end_created", FALSE, now, &q.end)) != NULL
      || (refusal = window_order (request, &q, "start_created", "end_created")) != NULL)
    return refusal;
  if (q.start < now - MAX_PAST_DAYS * DAY)
    return invalid_argument (request, "start_created",
                             "start_created must be within the last 3 months (90 days)");
  sd_sim_shop_created_range (request->shop, q.start, q.end, &lo, &hi);
  return trades_page (request, "trades_sold_get_response", &q, FALSE, lo, hi);
}

static SdSimAnswer *
trades_sold_increment_get (const SdSimRequest *request)
{
  TradesQuery q = { 0 };
  SdSimAnswer *refusal;
  guint lo, hi;

  if ((refusal = paging_arguments (request, &q)) != NULL
      || (refusal = time_argument (request, "start_modified", TRUE, 0, &q.start)) != NULL
      || (refusal = time_argument (request, "end_modified", TRUE, 0, &q.end)) != NULL
      || (refusal = window_order (request, &q, "start_modified", "end_modified")) != NULL)
    return refusal;
  if (q.end - q.start > DAY)
    return invalid_argument (request, "end_modified",
                             "start_modified and end_modified must be at most 1 day apart");
  sd_sim_shop_modified_range (request->shop, q.start, q.end, &lo, &hi);
  return trades_page (request, "trades_sold_increment_get_response", &q, TRUE, lo, hi);
}

static SdSimAnswer *
user_seller_get (const SdSimRequest *request)
{
  const char *text = sd_sim_request_param (request, "fields");
  g_auto(GStrv) fields = NULL;
  SdSimAnswer *answer;
  GString *b;
  gsize open;

  if (text == NULL)
    return missing_argument (request, "fields");
  fields = g_strsplit (text, ",", -1);
  answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  b = answer->body;
  g_string_append (b, "{\"user_seller_get_response\":{\"user\":{");
  open = b->len;
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *name = g_strstrip (fields[i]);

      if (strcmp (name, "user_id") == 0)
        {
          sd_sim_append_next_member (b, open, "user_id");
          sd_sim_append_int (b, (gint64) SELLER_ID);
        }
      else if (strcmp (name, "nick") == 0)
        append_string_member (b, open, "nick", SELLER_NICK);
      else if (strcmp (name, "type") == 0)
        append_string_member (b, open, "type", "C");
      else if (strcmp (name, "avatar") == 0)
        append_string_member (b, open, "avatar", "");
      else if (strcmp (name, "has_shop") == 0)
        {
          sd_sim_append_next_member (b, open, "has_shop");
          g_string_append (b, "true");
        }
    }
  g_string_append (b, "},\"request_id\":");
  sd_sim_append_string (b, request->request_id);
  g_string_append (b, "}}");
  return answer;
}

static const Method methods[] = {
  { "taobao.user.seller.get", user_seller_get },
  { "taobao.trades.sold.get", trades_sold_get },
  { "taobao.trades.sold.increment.get", trades_sold_increment_get },
};

static SdSimAnswer *
check_app_key (const SdSimRequest *request)
{
  const char *app_key = sd_sim_request_param (request, "app_key");

  if (app_key == NULL)
    return top_error (request, 28, "Missing App Key", "isv.missing-parameter:app_key",
                      "app_key is required");
  if (strcmp (app_key, request->config->app_key) != 0)
    return top_error (request, 29, "Invalid App Key", "isv.appkey-not-exists",
                      "app_key is not known");
  return NULL;
}

static SdSimAnswer *
check_timestamp (const SdSimRequest *request)
{
  const char *text = sd_sim_request_param (request, "timestamp");
  gint64 t;

  if (text == NULL)
    return top_error (request, 31, "Invalid Timestamp", "isv.missing-parameter:timestamp",
                      "timestamp is required");
  if (!sd_sim_parse_top_time (text, &t) || ABS (t - request->real_now) > MAX_SKEW_SECONDS)
    return top_error (request, 31, "Invalid Timestamp", "isv.invalid-timestamp",
                      "timestamp must be “yyyy-MM-dd HH:mm:ss” in GMT+8, within 10 minutes "
                      "of the server's time");
  return NULL;
}

static SdSimAnswer *
check_sign (const SdSimRequest *request)
{
  const char *sign = sd_sim_request_param (request, "sign");
  g_autofree char *expected = NULL;

  if (sign == NULL)
    return top_error (request, 25, "Invalid Signature", "isv.missing-parameter:sign",
                      "sign is required");
  expected = sd_sim_top_sign (request->params, request->config->app_secret,
                              sd_sim_request_param (request, "sign_method"));
  if (expected == NULL)
    return top_error (request, 25, "Invalid Signature", "isv.invalid-parameter:sign_method",
                      "sign_method must be md5, hmac or hmac-sha256");
  if (g_ascii_strcasecmp (sign, expected) != 0)
    return top_error (request, 25, "Invalid Signature", "isv.invalid-signature",
                      "sign does not match the parameters");
  return NULL;
}

static SdSimAnswer *
check_session (const SdSimRequest *request)
{
  const char *session = sd_sim_request_param (request, "session");
  gboolean revoked = sd_sim_faults_get_settings (request->faults)->invalid_session;

  if (session == NULL)
    return top_error (request, 26, "Missing Session", "isv.missing-parameter:session",
                      "session is required");
  if (revoked)
    sd_sim_faults_count (request->faults, SD_SIM_FAULT_INVALID_SESSION);
  if (revoked || strcmp (session, request->config->session) != 0)
    return top_error (request, 27, "Invalid session", "invalid-sessionkey",
                      "the session key is invalid or has expired: authorise the app again");
  return NULL;
}

/* The tid of the order at @index: 19 digits, growing with the index. */
guint64
sd_sim_taobao_tid (guint index)
{
  return TID_BASE + index + 1;
}

SdSimAnswer *
sd_sim_taobao_answer (const SdSimRequest *request)
{
  const char *name = sd_sim_request_param (request, "method");
  const Method *method = NULL;
  SdSimAnswer *refusal;

  g_return_val_if_fail (request != NULL, NULL);

  if (strcmp (request->method, "GET") != 0 && strcmp (request->method, "POST") != 0)
    return top_error (request, 9, "Http Action Not Allowed", "isv.http-action-not-allowed",
                      "the router takes GET and POST");
  if (name == NULL)
    return top_error (request, 21, "Missing Method", "isv.missing-parameter:method",
                      "method is required");
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (strcmp (methods[i].name, name) == 0)
      method = &methods[i];
  if (method == NULL)
    return top_error (request, 22, "Invalid Method", "isv.invalid-method",
                      "this simulator knows taobao.user.seller.get, taobao.trades.sold.get "
                      "and taobao.trades.sold.increment.get");
  if ((refusal = check_app_key (request)) != NULL || (refusal = check_timestamp (request)) != NULL
      || (refusal = check_sign (request)) != NULL || (refusal = check_session (request)) != NULL)
    return refusal;
  return method->answer (request);
}

/* A retryable failure: TOP's remote-service error, or the gateway's own 502/503. */
SdSimAnswer *
sd_sim_taobao_failure (const SdSimRequest *request)
{
  switch (sd_sim_faults_pick (request->faults, 4))
    {
    case 0:
      return top_error (request, 15, "Remote service error", "isp.top-remote-service-unavailable",
                        "调用后端服务失败");
    case 1:
      return top_error (request, 15, "Remote service error", "isp.top-remote-connection-timeout",
                        "调用后端服务超时");
    case 2:
      return sd_sim_answer_new_gateway (SOUP_STATUS_BAD_GATEWAY);
    default:
      return sd_sim_answer_new_gateway (SOUP_STATUS_SERVICE_UNAVAILABLE);
    }
}

SdSimAnswer *
sd_sim_taobao_limited (const SdSimRequest *request,
                       guint               ban_seconds)
{
  g_autofree char *sub_msg = g_strdup_printf ("This ban will last for %u more seconds", ban_seconds);

  return top_error (request, 7, "App Call Limited", "accesscontrol.limited-by-app-access-count",
                    sub_msg);
}
